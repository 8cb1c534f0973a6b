package synsbasen_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// Distinct against the fake matches the distinct values computed locally
// from every vehicle.
func TestDistinctAgainstFake(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()
	var all []synsbasen.Vehicle
	for v, err := range c.Vehicles.SearchAll(ctx, &synsbasen.Search{PerPage: 100, Expand: []synsbasen.Expand{synsbasen.ExpandEngine}}) {
		require.NoError(t, err)
		all = append(all, *v)
	}

	distinctOf := func(keep func(synsbasen.Vehicle) bool, key func(synsbasen.Vehicle) string) []string {
		var out []string
		for _, v := range all {
			if keep(v) && !slices.Contains(out, key(v)) {
				out = append(out, key(v))
			}
		}
		slices.Sort(out)
		return out
	}
	every := func(synsbasen.Vehicle) bool { return true }
	tests := []struct {
		name   string
		search synsbasen.Search
		want   []string
	}{
		{"brands", synsbasen.Search{GroupBy: []string{"brand"}}, distinctOf(every, func(v synsbasen.Vehicle) string { return str(v.Brand) })},
		{"extended fuel types of petrol cars", synsbasen.Search{Method: synsbasen.MethodDistinct,
			Query: synsbasen.Query{synsbasen.Eq("fuel_type", "Benzin")}, GroupBy: []string{"fuel_type_extended"}},
			distinctOf(func(v synsbasen.Vehicle) bool { return v.Fuel() == "Benzin" }, func(v synsbasen.Vehicle) string { return v.FuelExtended() })},
		{"brand and model, several columns", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("brand", "AUDI")}, GroupBy: []string{"brand", "model"}},
			distinctOf(func(v synsbasen.Vehicle) bool { return str(v.Brand) == "AUDI" }, func(v synsbasen.Vehicle) string {
				b, _ := json.Marshal([]string{str(v.Brand), str(v.Model)})
				return string(b)
			})},
		{"no match", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("brand", "TRABANT")}, GroupBy: []string{"brand"}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Spent()
			d, err := c.Vehicles.Distinct(ctx, &tt.search)
			require.NoError(t, err)
			got := d.Keys()
			slices.Sort(got)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.search.GroupBy, d.Columns)
			assert.Equal(t, 1.0, d.Cost)
			assert.Equal(t, int64(1), srv.Spent()-before)
			for _, v := range d.Values {
				assert.Len(t, v.Keys, len(tt.search.GroupBy))
			}
			reqs := srv.Requests()
			var body map[string]any
			require.NoError(t, json.Unmarshal(reqs[len(reqs)-1].Body, &body))
			assert.Equal(t, "DISTINCT", body["method"])
		})
	}
	assert.NotEmpty(t, tests[0].want)
	assert.Greater(t, len(tests[1].want), 1, "the fake's data should have several extended fuel types of petrol")

	years, err := c.Vehicles.Distinct(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id", synsbasentest.VehicleID)},
		GroupBy: []string{synsbasen.Year("first_registration_date")}})
	require.NoError(t, err)
	assert.Equal(t, []string{"2000"}, years.Keys())

	// The other searchable resources take DISTINCT too.
	cats, err := c.ErrorCodes.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"category"}})
	require.NoError(t, err)
	assert.Contains(t, cats.Keys(), "El-anlæg, lygter, reflekser mv.")
	results, err := c.Inspections.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"result"}})
	require.NoError(t, err)
	assert.Contains(t, results.Keys(), "Godkendt")
	names, err := c.Brands.Distinct(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id", "1")}, GroupBy: []string{"name"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"AUDI"}, names.Keys())
	for _, f := range []func() (*synsbasen.Distinct, error){
		func() (*synsbasen.Distinct, error) {
			return c.Models.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"brand_id"}})
		},
		func() (*synsbasen.Distinct, error) {
			return c.Variants.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"model_id"}})
		},
		func() (*synsbasen.Distinct, error) {
			return c.Versions.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"variant_id"}})
		},
		func() (*synsbasen.Distinct, error) {
			return c.LeasingPeriods.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"vehicle_id"}})
		},
		func() (*synsbasen.Distinct, error) {
			return c.InspectionTestCenters.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"city"}})
		},
	} {
		d, err := f()
		require.NoError(t, err)
		assert.NotEmpty(t, d.Values)
	}
}

// The answer is decoded whatever JSON types the values come in; a broken
// or missing "data" is ErrInvalidResponse.
func TestDistinctDecoding(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []synsbasen.DistinctValue
		cost    float64
		invalid bool
	}{
		{"text, number, boolean and null", `{"data":["Benzin",2018,1.5,true,null],"cost":1}`, []synsbasen.DistinctValue{
			{Key: "Benzin", Keys: []string{"Benzin"}}, {Key: "2018", Keys: []string{"2018"}}, {Key: "1.5", Keys: []string{"1.5"}},
			{Key: "true", Keys: []string{"true"}}, {Key: "", Keys: []string{""}, Null: true}}, 1, false},
		{"rows of several columns", `{"cost":2,"data":[["AUDI","A1"],["AUDI",null]]}`, []synsbasen.DistinctValue{
			{Key: `["AUDI","A1"]`, Keys: []string{"AUDI", "A1"}}, {Key: `["AUDI",null]`, Keys: []string{"AUDI", ""}}}, 2, false},
		{"empty", `{"data":[],"cost":1}`, []synsbasen.DistinctValue{}, 1, false},
		{"no data", `{"cost":1}`, nil, 0, true},
		{"null data", `{"data":null}`, nil, 0, true},
		{"an object", `{"data":{"Benzin":3}}`, nil, 0, true},
		{"a nested object", `{"data":[{"a":1}]}`, nil, 0, true},
		{"not JSON", `{"data":[`, nil, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", strconv.Itoa(len(tt.body)))
				_, _ = w.Write([]byte(tt.body))
			}))
			defer hs.Close()
			c, err := synsbasen.NewClient(testKey, synsbasen.WithBaseURL(hs.URL), synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: synsbasen.NoRetries}))
			require.NoError(t, err)
			d, err := c.Vehicles.Distinct(context.Background(), &synsbasen.Search{GroupBy: []string{"x"}})
			if tt.invalid {
				require.Error(t, err)
				assert.ErrorIs(t, err, synsbasen.ErrInvalidResponse)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Values)
			assert.Equal(t, tt.cost, d.Cost)
		})
	}
	var nilD *synsbasen.Distinct
	assert.Nil(t, nilD.Keys())
}
