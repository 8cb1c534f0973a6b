package synsbasen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// The documentation's vehicle search, sent as documented, answers as
// documented: 18 vehicles starting with AS876, 10 per page.
func TestSearchBodyMatchesDocExample(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	q := &synsbasen.Search{
		Query:   synsbasen.Query{synsbasen.Start("registration", "AS876")},
		Method:  synsbasen.MethodSelect,
		Page:    1,
		PerPage: 10,
		Sorts:   []string{synsbasen.Asc("registration")},
	}
	p, err := c.Vehicles.Search(context.Background(), q)
	require.NoError(t, err)

	sent := srv.Requests()[0].Body
	assert.JSONEq(t, string(fixture(t, "doc-vehicles-search-request.json")), string(sent))
	assert.Equal(t, `{"query":{"registration_start":"AS876"},"method":"SELECT","page":1,"per_page":10,"sorts":"registration ASC"}`, string(sent))

	assert.True(t, p.HasMore)
	assert.Equal(t, 1, p.Page)
	assert.Equal(t, 2, p.TotalPages)
	assert.Equal(t, 18, p.TotalCount)
	assert.Equal(t, 10, p.PerPage)
	require.Len(t, p.Items, 10)
	assert.Equal(t, "AS87640", *p.Items[0].Registration)
	assert.Equal(t, synsbasentest.VehicleID, p.Items[0].ID)
	assert.Equal(t, "VF7X1REVF72378327", *p.Items[0].VIN)
	assert.Equal(t, 10.0, p.Cost)
	for i := 1; i < len(p.Items); i++ {
		assert.Less(t, *p.Items[i-1].Registration, *p.Items[i].Registration)
	}

	// The pagination example: the second page ends the result.
	q.Page = 2
	p2, err := c.Vehicles.Search(context.Background(), q)
	require.NoError(t, err)
	assert.False(t, p2.HasMore)
	assert.Len(t, p2.Items, 8)
	assert.Equal(t, "AS87657", *p2.Items[7].Registration)
}

func TestSearchWireForm(t *testing.T) {
	tests := []struct {
		name   string
		search synsbasen.Search
		want   string
	}{
		{"zero value", synsbasen.Search{}, `{"method":"SELECT"}`},
		{"pagination example", synsbasen.Search{Page: 1, PerPage: 10}, `{"method":"SELECT","page":1,"per_page":10}`},
		{"gem example", synsbasen.Search{
			Query:   synsbasen.Query{synsbasen.In("inspection_test_center_id", 1522, 284), synsbasen.Gteq("date", "2023-01-01"), synsbasen.Lteq("date", "2023-12-31")},
			PerPage: 20, Page: 1, Sorts: []string{"date ASC"},
		}, `{"query":{"inspection_test_center_id_in":[1522,284],"date_gteq":"2023-01-01","date_lteq":"2023-12-31"},"method":"SELECT","page":1,"per_page":20,"sorts":"date ASC"}`},
		{"every predicate", synsbasen.Search{Query: synsbasen.Query{
			synsbasen.Eq("fuel_type", "El"), synsbasen.NotEq("status", "Skrottet"), synsbasen.Start("registration", "AS"),
			synsbasen.End("vin", "27"), synsbasen.Cont("brand", "CITRO"), synsbasen.ICont("model", "xan"),
			synsbasen.ContAny("brand", "AUDI", "SKODA"), synsbasen.IContAny("model", "golf", "polo"),
			synsbasen.In("model_year", 2018, 2019), synsbasen.NotIn("kind", "Varebil"), synsbasen.Gt("mileage", 1000),
			synsbasen.Gteq("first_registration_date", "2015-01-01"), synsbasen.Lt("co2", 100.5), synsbasen.Lteq("doors", 5),
			synsbasen.Eq("ncap_five", true),
		}}, `{"query":{"fuel_type_eq":"El","status_not_eq":"Skrottet","registration_start":"AS","vin_end":"27","brand_cont":"CITRO","model_i_cont":"xan","brand_cont_any":["AUDI","SKODA"],"model_i_cont_any":["golf","polo"],"model_year_in":[2018,2019],"kind_not_in":["Varebil"],"mileage_gt":1000,"first_registration_date_gteq":"2015-01-01","co2_lt":100.5,"doors_lteq":5,"ncap_five_eq":true},"method":"SELECT"}`},
		{"count grouped by year", synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{synsbasen.Year("first_registration_date")}},
			`{"method":"COUNT","group_by":"YEAR(first_registration_date)"}`},
		{"percentage total, two groups", synsbasen.Search{Method: synsbasen.MethodPercentage, PercentageType: synsbasen.PercentageTotal,
			GroupBy: []string{"brand", "fuel_type"}}, `{"method":"PERCENTAGE","group_by":["brand","fuel_type"],"percentage_type":"TOTAL"}`},
		{"average", synsbasen.Search{Select: synsbasen.Avg("mileage"), GroupBy: []string{"brand"}, Sorts: []string{"brand ASC", "model DESC"}},
			`{"method":"SELECT","select":"AVG(mileage)","group_by":"brand","sorts":["brand ASC","model DESC"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(&tt.search)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
		})
	}
}

func TestGroupByHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{synsbasen.Year("date"), "YEAR(date)"},
		{synsbasen.Quarter("date"), "QUARTER(date)"},
		{synsbasen.Month("date"), "MONTH(date)"},
		{synsbasen.Week("date"), "WEEK(date)"},
		{synsbasen.Day("date"), "DAY(date)"},
		{synsbasen.Round("co2"), "ROUND(co2)"},
		{synsbasen.RoundTo("co2", 1), "ROUND(co2, 1)"},
		{synsbasen.Nearest("mileage", 10000), "NEAREST(mileage, 10000)"},
		{synsbasen.Nearest("fuel_efficiency", 2.5), "NEAREST(fuel_efficiency, 2.5)"},
		{synsbasen.Substring("registration", 1, 2), "SUBSTRING(registration, 1, 2)"},
		{synsbasen.Concat("brand", "model"), "CONCAT(brand, model)"},
		{synsbasen.Avg("mileage"), "AVG(mileage)"},
		{synsbasen.Asc("registration"), "registration ASC"},
		{synsbasen.Desc("first_registration_date"), "first_registration_date DESC"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
	}
}

// allVehicles reads the whole register through SearchAll, to compute
// expected answers locally.
func allVehicles(t *testing.T, c *synsbasen.Client) []synsbasen.Vehicle {
	t.Helper()
	var all []synsbasen.Vehicle
	for v, err := range c.Vehicles.SearchAll(context.Background(), &synsbasen.Search{PerPage: 25}) {
		require.NoError(t, err)
		all = append(all, *v)
	}
	return all
}

func ids(vs []synsbasen.Vehicle) []int64 {
	out := make([]int64, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	slices.Sort(out)
	return out
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Each predicate finds exactly the vehicles it should, checked against the
// whole register read through SearchAll.
func TestSearchPredicatesAgainstFake(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	all := allVehicles(t, c)
	require.Len(t, all, 80)

	tests := []struct {
		name string
		cond synsbasen.Condition
		keep func(v synsbasen.Vehicle) bool
	}{
		{"eq", synsbasen.Eq("brand", "TOYOTA"), func(v synsbasen.Vehicle) bool { return str(v.Brand) == "TOYOTA" }},
		{"eq id", synsbasen.Eq("id", synsbasentest.WatchVehicleID), func(v synsbasen.Vehicle) bool { return v.ID == synsbasentest.WatchVehicleID }},
		{"not_eq", synsbasen.NotEq("fuel_type", "Benzin"), func(v synsbasen.Vehicle) bool { return str(v.FuelType) != "Benzin" }},
		{"start", synsbasen.Start("registration", "AS876"), func(v synsbasen.Vehicle) bool { return strings.HasPrefix(str(v.Registration), "AS876") }},
		{"end", synsbasen.End("registration", "7"), func(v synsbasen.Vehicle) bool { return strings.HasSuffix(str(v.Registration), "7") }},
		{"cont", synsbasen.Cont("brand_and_model", "OCTAVIA"), func(v synsbasen.Vehicle) bool { return strings.Contains(str(v.BrandAndModel), "OCTAVIA") }},
		{"cont is case sensitive", synsbasen.Cont("brand_and_model", "octavia"), func(v synsbasen.Vehicle) bool { return false }},
		{"i_cont", synsbasen.ICont("brand_and_model", "octavia"), func(v synsbasen.Vehicle) bool { return strings.Contains(str(v.BrandAndModel), "OCTAVIA") }},
		{"cont_any", synsbasen.ContAny("model", "GOLF", "YARIS"), func(v synsbasen.Vehicle) bool { return slices.Contains([]string{"GOLF", "YARIS"}, str(v.Model)) }},
		{"i_cont_any", synsbasen.IContAny("model", "golf", "model"), func(v synsbasen.Vehicle) bool {
			return str(v.Model) == "GOLF" || strings.HasPrefix(str(v.Model), "MODEL")
		}},
		{"in", synsbasen.In("model_year", 2016, 2020), func(v synsbasen.Vehicle) bool {
			return v.ModelYear.Valid && (v.ModelYear.Int64 == 2016 || v.ModelYear.Int64 == 2020)
		}},
		{"not_in", synsbasen.NotIn("brand", "TESLA", "AUDI"), func(v synsbasen.Vehicle) bool { return str(v.Brand) != "TESLA" && str(v.Brand) != "AUDI" }},
		{"gt", synsbasen.Gt("mileage", 150000), func(v synsbasen.Vehicle) bool { return v.Mileage != nil && *v.Mileage > 150000 }},
		{"gteq date", synsbasen.Gteq("first_registration_date", "2020-01-01"), func(v synsbasen.Vehicle) bool { return str(v.FirstRegistrationDate) >= "2020-01-01" }},
		{"lt", synsbasen.Lt("mileage_annual_average", 12000), func(v synsbasen.Vehicle) bool {
			return v.MileageAnnualAverage != nil && *v.MileageAnnualAverage < 12000
		}},
		{"lteq", synsbasen.Lteq("model_year", 2014), func(v synsbasen.Vehicle) bool { return v.ModelYear.Valid && v.ModelYear.Int64 <= 2014 }},
		{"boolean", synsbasen.Eq("ncap_five", false), func(v synsbasen.Vehicle) bool { return v.NCAPFive != nil && !*v.NCAPFive }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []synsbasen.Vehicle
			for _, v := range all {
				if tt.keep(v) {
					want = append(want, v)
				}
			}
			var got []synsbasen.Vehicle
			for v, err := range c.Vehicles.SearchAll(context.Background(), &synsbasen.Search{Query: synsbasen.Query{tt.cond}, PerPage: 50}) {
				require.NoError(t, err)
				got = append(got, *v)
			}
			assert.Equal(t, ids(want), ids(got))
			if tt.name != "cont is case sensitive" {
				assert.NotEmpty(t, got, "the fake's data should exercise the predicate")
			}
		})
	}
}

// Expanded attributes can be searched too, plain or prefixed.
func TestSearchOnExpandedAttributes(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("fuel_type", "El"), synsbasen.Gteq("emission.co2", 0)},
		Expand: []synsbasen.Expand{synsbasen.ExpandEngine}}
	p, err := c.Vehicles.Search(context.Background(), q)
	require.NoError(t, err)
	assert.Zero(t, p.TotalCount, "electric cars have no co2 value, and NULL matches nothing")

	p, err = c.Vehicles.Search(context.Background(), &synsbasen.Search{
		Query:  synsbasen.Query{synsbasen.Gt("engine_power", 300)},
		Expand: []synsbasen.Expand{synsbasen.ExpandEngine},
	})
	require.NoError(t, err)
	require.NotEmpty(t, p.Items)
	for _, v := range p.Items {
		require.NotNil(t, v.Engine)
		assert.Greater(t, *v.Engine.EnginePower, 300.0)
		assert.Equal(t, "TESLA", *v.Brand)
	}
}

func TestAggregates(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()
	all := allVehicles(t, c)
	spentBefore := srv.Spent()

	t.Run("count", func(t *testing.T) {
		a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, Query: synsbasen.Query{synsbasen.Start("registration", "AS876")}})
		require.NoError(t, err)
		assert.False(t, a.Grouped)
		assert.Equal(t, 18.0, a.Value)
		assert.Equal(t, 1.0, a.Cost)
	})
	t.Run("count by brand", func(t *testing.T) {
		a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"brand"}})
		require.NoError(t, err)
		require.True(t, a.Grouped)
		want := map[string]float64{}
		for _, v := range all {
			want[*v.Brand]++
		}
		got := map[string]float64{}
		for _, g := range a.Groups {
			got[g.Key] = g.Value
		}
		assert.Equal(t, want, got)
		n, ok := a.Get("CITROËN")
		assert.True(t, ok)
		assert.Equal(t, want["CITROËN"], n)
	})
	t.Run("average mileage by brand for a model year", func(t *testing.T) {
		a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{
			Query:   synsbasen.Query{synsbasen.Eq("model_year", 2018)},
			Select:  synsbasen.Avg("mileage"),
			GroupBy: []string{"brand"},
		})
		require.NoError(t, err)
		sums, counts := map[string]float64{}, map[string]float64{}
		for _, v := range all {
			if v.ModelYear.Valid && v.ModelYear.Int64 == 2018 && v.Mileage != nil {
				sums[*v.Brand] += float64(*v.Mileage)
				counts[*v.Brand]++
			}
		}
		require.Len(t, a.Groups, len(sums))
		for _, g := range a.Groups {
			assert.InDelta(t, sums[g.Key]/counts[g.Key], g.Value, 0.01, g.Key)
		}
		assert.True(t, slices.IsSortedFunc(a.Groups, func(x, y synsbasen.Group) int { return strings.Compare(x.Key, y.Key) }))
	})
	t.Run("average without group", func(t *testing.T) {
		a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Select: synsbasen.Avg("mileage"), Query: synsbasen.Query{synsbasen.Eq("id", synsbasentest.VehicleID)}})
		require.NoError(t, err)
		assert.Equal(t, 407000.0, a.Value)
		a, err = c.Vehicles.Aggregate(ctx, &synsbasen.Search{Select: synsbasen.Avg("co2"), Query: synsbasen.Query{synsbasen.Eq("fuel_type", "El")}})
		require.NoError(t, err)
		assert.True(t, a.Null, "the average of nothing is null")
	})
	t.Run("percentage", func(t *testing.T) {
		a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodPercentage, GroupBy: []string{"fuel_type"}})
		require.NoError(t, err)
		sum := 0.0
		for _, g := range a.Groups {
			sum += g.Value
		}
		assert.InDelta(t, 100, sum, 0.05)
	})
	t.Run("percentage relative and total with two columns", func(t *testing.T) {
		rel, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodPercentage, PercentageType: synsbasen.PercentageRelative,
			GroupBy: []string{"brand", "fuel_type"}})
		require.NoError(t, err)
		tot, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodPercentage, PercentageType: synsbasen.PercentageTotal,
			GroupBy: []string{"brand", "fuel_type"}})
		require.NoError(t, err)
		perBrand := map[string]float64{}
		total := 0.0
		for _, g := range rel.Groups {
			require.Len(t, g.Keys, 2, g.Key)
			perBrand[g.Keys[0]] += g.Value
		}
		for _, g := range tot.Groups {
			total += g.Value
		}
		for brand, sum := range perBrand {
			assert.InDelta(t, 100, sum, 0.05, "RELATIVE sums to 100 within %s", brand)
		}
		assert.InDelta(t, 100, total, 0.05, "TOTAL sums to 100 over all groups")
		v, ok := rel.Get(`["TESLA","El"]`)
		assert.True(t, ok)
		assert.Equal(t, 100.0, v)
	})
	tests := []struct {
		name    string
		groupBy string
		check   func(t *testing.T, key string)
	}{
		{"year", synsbasen.Year("first_registration_date"), func(t *testing.T, k string) {
			y, err := strconv.Atoi(k)
			require.NoError(t, err)
			assert.True(t, y >= 2000 && y <= 2025, k)
		}},
		{"quarter", synsbasen.Quarter("first_registration_date"), func(t *testing.T, k string) { assert.Contains(t, []string{"1", "2", "3", "4"}, k) }},
		{"month", synsbasen.Month("first_registration_date"), func(t *testing.T, k string) { inRange(t, k, 1, 12) }},
		{"week", synsbasen.Week("first_registration_date"), func(t *testing.T, k string) { inRange(t, k, 1, 53) }},
		{"day", synsbasen.Day("first_registration_date"), func(t *testing.T, k string) { inRange(t, k, 1, 31) }},
		{"round", synsbasen.Round("mileage_annual_average"), func(t *testing.T, k string) { inRange(t, k, 5000, 30000) }},
		{"round to", synsbasen.RoundTo("fuel_efficiency", 0), func(t *testing.T, k string) {
			if k != "" {
				inRange(t, k, 10, 60)
			}
		}},
		{"nearest", synsbasen.Nearest("mileage", 50000), func(t *testing.T, k string) {
			f, err := strconv.ParseFloat(k, 64)
			require.NoError(t, err)
			assert.Zero(t, math.Mod(f, 50000), k)
		}},
		{"substring", synsbasen.Substring("registration", 1, 2), func(t *testing.T, k string) { assert.Len(t, []rune(k), 2) }},
		{"concat", synsbasen.Concat("brand", "model"), func(t *testing.T, k string) {
			ok := slices.ContainsFunc(all, func(v synsbasen.Vehicle) bool { return *v.Brand+*v.Model == k })
			assert.True(t, ok, k)
		}},
	}
	for _, tt := range tests {
		t.Run("group by "+tt.name, func(t *testing.T) {
			a, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{tt.groupBy}})
			require.NoError(t, err)
			require.NotEmpty(t, a.Groups)
			n := 0.0
			for _, g := range a.Groups {
				tt.check(t, g.Key)
				n += g.Value
			}
			assert.Equal(t, float64(len(all)), n, "every vehicle is in one group")
		})
	}
	assert.Greater(t, srv.Spent(), spentBefore)
}

func inRange(t *testing.T, k string, lo, hi float64) {
	t.Helper()
	f, err := strconv.ParseFloat(k, 64)
	require.NoError(t, err, k)
	assert.True(t, f >= lo && f <= hi, "%s not in [%v, %v]", k, lo, hi)
}

func TestAggregateDecoding(t *testing.T) {
	tests := []struct {
		name string
		body string
		want synsbasen.Aggregate
	}{
		{"number", `{"data": 18, "cost": 1}`, synsbasen.Aggregate{Value: 18, Cost: 1}},
		{"null", `{"data": null}`, synsbasen.Aggregate{Null: true}},
		{"decimal as string", `{"data": "25432.5", "cost": 2}`, synsbasen.Aggregate{Value: 25432.5, Cost: 2}},
		{"grouped in order", `{"cost":1,"data":{"TOYOTA":3,"AUDI":"1.5","":null}}`, synsbasen.Aggregate{Grouped: true, Cost: 1, Groups: []synsbasen.Group{
			{Key: "TOYOTA", Keys: []string{"TOYOTA"}, Value: 3}, {Key: "AUDI", Keys: []string{"AUDI"}, Value: 1.5}, {Key: "", Keys: []string{""}, Null: true}}}},
		{"array keys", `{"data":{"[\"AUDI\", 2019]":2}}`, synsbasen.Aggregate{Grouped: true, Groups: []synsbasen.Group{
			{Key: `["AUDI", 2019]`, Keys: []string{"AUDI", "2019"}, Value: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a synsbasen.Aggregate
			require.NoError(t, json.Unmarshal([]byte(tt.body), &a))
			assert.Equal(t, tt.want, synsbasen.Aggregate{Grouped: a.Grouped, Groups: a.Groups, Value: a.Value, Null: a.Null, Cost: a.Cost})
		})
	}
	var a synsbasen.Aggregate
	assert.Error(t, json.Unmarshal([]byte(`{"data": {"A": "many"}}`), &a))
	assert.Error(t, json.Unmarshal([]byte(`{"data": [1,2]}`), &a))
}

// A malformed search fails before anything is sent.
func TestSearchValidation(t *testing.T) {
	tests := []struct {
		name   string
		search synsbasen.Search
		call   string // "search", "aggregate" or "distinct"
	}{
		{"empty attribute", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("", 1)}}, "search"},
		{"attribute with operator", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id; DROP", 1)}}, "search"},
		{"unknown predicate", synsbasen.Search{Query: synsbasen.Query{synsbasen.Where("id", "matches", 1)}}, "search"},
		{"matcher twice", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id", 1), synsbasen.Eq("id", 2)}}, "search"},
		{"nil value", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id", nil)}}, "search"},
		{"struct value", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("id", struct{}{})}}, "search"},
		{"NaN", synsbasen.Search{Query: synsbasen.Query{synsbasen.Gt("co2", math.NaN())}}, "search"},
		{"empty in", synsbasen.Search{Query: synsbasen.Query{synsbasen.In[int]("id")}}, "search"},
		{"empty cont", synsbasen.Search{Query: synsbasen.Query{synsbasen.Cont("brand", "")}}, "search"},
		{"number for start", synsbasen.Search{Query: synsbasen.Query{synsbasen.Where("zip", synsbasen.PredStart, 23)}}, "search"},
		{"bool with gt", synsbasen.Search{Query: synsbasen.Query{synsbasen.Gt("ncap_five", true)}}, "search"},
		{"unknown method", synsbasen.Search{Method: "DELETE"}, "search"},
		{"percentage type without percentage", synsbasen.Search{Method: synsbasen.MethodCount, PercentageType: synsbasen.PercentageTotal}, "aggregate"},
		{"unknown percentage type", synsbasen.Search{Method: synsbasen.MethodPercentage, PercentageType: "HALF", GroupBy: []string{"brand"}}, "aggregate"},
		{"percentage without group", synsbasen.Search{Method: synsbasen.MethodPercentage}, "aggregate"},
		{"select that is not a function", synsbasen.Search{Select: "mileage"}, "aggregate"},
		{"bad group_by", synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"brand; x"}}, "aggregate"},
		{"bad sort", synsbasen.Search{Sorts: []string{"registration UP"}}, "search"},
		{"negative page", synsbasen.Search{Page: -1}, "search"},
		{"negative per_page", synsbasen.Search{PerPage: -1}, "search"},
		{"count through Search", synsbasen.Search{Method: synsbasen.MethodCount}, "search"},
		{"group_by through Search", synsbasen.Search{GroupBy: []string{"brand"}}, "search"},
		{"select through Aggregate", synsbasen.Search{}, "aggregate"},
		{"bad expand", synsbasen.Search{Expand: []synsbasen.Expand{"Emission"}}, "search"},
		{"distinct through Search", synsbasen.Search{Method: synsbasen.MethodDistinct, GroupBy: []string{"brand"}}, "search"},
		{"distinct through Aggregate", synsbasen.Search{Method: synsbasen.MethodDistinct, GroupBy: []string{"brand"}}, "aggregate"},
		{"distinct without group_by", synsbasen.Search{}, "distinct"},
		{"distinct with select", synsbasen.Search{Select: synsbasen.Avg("mileage"), GroupBy: []string{"brand"}}, "distinct"},
		{"count through Distinct", synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"brand"}}, "distinct"},
		{"distinct with a bad group_by", synsbasen.Search{GroupBy: []string{"brand)"}}, "distinct"},
		{"distinct with a bad matcher", synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("", 1)}, GroupBy: []string{"brand"}}, "distinct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := synsbasentest.NewServer()
			defer srv.Close()
			c := newClient(t, srv)
			var err error
			switch tt.call {
			case "aggregate":
				_, err = c.Vehicles.Aggregate(context.Background(), &tt.search)
			case "distinct":
				_, err = c.Vehicles.Distinct(context.Background(), &tt.search)
			default:
				_, err = c.Vehicles.Search(context.Background(), &tt.search)
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
			assert.Zero(t, len(srv.Requests()))
		})
	}
}

// The fake refuses what the client cannot check: unknown attributes.
func TestFakeRefusesUnknownAttributes(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	_, err := c.Vehicles.Search(context.Background(), &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("colour_of_seats", "red")}})
	var ae *synsbasen.APIError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, synsbasen.ErrBadRequest)
	assert.Contains(t, ae.Message, "colour_of_seats_eq")
	assert.Zero(t, srv.Spent())
}

func TestSearchAll(t *testing.T) {
	ctx := context.Background()
	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Start("registration", "AS876")}, PerPage: 5, Sorts: []string{"registration ASC"}}
	t.Run("every page, in order, nothing before ranging", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		c := newClient(t, srv)
		seq := c.Vehicles.SearchAll(ctx, q)
		q.PerPage = 1000 // the iterator copied q
		assert.Zero(t, len(srv.Requests()))
		var regs []string
		for v, err := range seq {
			require.NoError(t, err)
			regs = append(regs, *v.Registration)
		}
		q.PerPage = 5
		require.Len(t, regs, 18)
		assert.True(t, slices.IsSorted(regs))
		assert.Equal(t, 4, len(srv.Requests()))
		for i, r := range srv.Requests() {
			if i == 0 {
				assert.NotContains(t, string(r.Body), `"page"`, "page 0 lets the API start at 1")
				continue
			}
			assert.Contains(t, string(r.Body), fmt.Sprintf(`"page":%d,"per_page":5`, i+1))
		}
	})
	t.Run("stopping early sends nothing more", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		c := newClient(t, srv)
		n := 0
		for _, err := range c.Vehicles.SearchAll(ctx, q) {
			require.NoError(t, err)
			n++
			if n == 6 {
				break
			}
		}
		assert.Equal(t, 2, len(srv.Requests()))
		assert.Equal(t, int64(10), srv.Spent())
	})
	t.Run("an error is yielded once and ends the sequence", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		c := newClient(t, srv, synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: synsbasen.NoRetries}))
		srv.Script(synsbasentest.Fault{}, synsbasentest.Fault{Status: 500})
		var items, errs int
		for _, err := range c.Vehicles.SearchAll(ctx, q) {
			if err != nil {
				errs++
				assert.ErrorIs(t, err, synsbasen.ErrServer)
				continue
			}
			items++
		}
		assert.Equal(t, 5, items)
		assert.Equal(t, 1, errs)
	})
	t.Run("validation error when ranged", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		c := newClient(t, srv)
		var errs []error
		for _, err := range c.Vehicles.SearchAll(ctx, &synsbasen.Search{Method: synsbasen.MethodCount}) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], synsbasen.ErrInvalidArgument)
		assert.Zero(t, len(srv.Requests()))
	})
	t.Run("canceled context", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		c := newClient(t, srv)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		n := 0
		var last error
		for _, err := range c.Vehicles.SearchAll(cctx, q) {
			if err != nil {
				last = err
				break
			}
			n++
			if n == 5 {
				cancel()
			}
		}
		assert.ErrorIs(t, last, context.Canceled)
		assert.Equal(t, 1, len(srv.Requests()))
	})
}

// Every searchable resource answers typed pages and aggregates.
func TestSearchEveryResource(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()

	ins, err := c.Inspections.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{
		synsbasen.In("inspection_test_center_id", 1337), synsbasen.Gteq("date", "2021-01-01"), synsbasen.Lteq("date", "2021-01-31"),
	}, Sorts: []string{"date ASC"}})
	require.NoError(t, err)
	require.NotEmpty(t, ins.Items)
	assert.Equal(t, synsbasentest.InspectionID, ins.Items[0].ID)
	assert.Equal(t, "Dekra Bilsyn", ins.Items[0].TestCenterName)
	assert.Len(t, ins.Items[0].ErrorCodes, 1)

	n := 0
	for in, err := range c.Inspections.SearchAll(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("result", "Ikke godkendt")}, PerPage: 20}) {
		require.NoError(t, err)
		assert.NotEmpty(t, in.ErrorCodes)
		assert.NotNil(t, in.ReinspectionDeadline)
		n++
	}
	assert.Positive(t, n)

	byCategory, err := c.ErrorCodes.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodPercentage, GroupBy: []string{"category"}})
	require.NoError(t, err)
	_, ok := byCategory.Get("El-anlæg, lygter, reflekser mv.")
	assert.True(t, ok)
	codes, err := c.ErrorCodes.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("inspection_id", synsbasentest.InspectionID)}})
	require.NoError(t, err)
	require.Len(t, codes.Items, 1)
	assert.Equal(t, &synsbasen.ErrorCode{Code: "6", Category: "El-anlæg, lygter, reflekser mv.",
		Description: "nummerpladelygte, virker ikke, højre", InspectionID: synsbasentest.InspectionID}, codes.Items[0])
	nCodes := 0
	for _, err := range c.ErrorCodes.SearchAll(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("inspection_kind", "Periodisk syn")}}) {
		require.NoError(t, err)
		nCodes++
	}
	assert.Positive(t, nCodes)

	brands, err := c.Brands.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.ICont("name", "citro")}})
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.Brand{{ID: "10045", Name: "CITROËN"}}, vals(brands.Items))
	nb, err := c.Brands.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount})
	require.NoError(t, err)
	assert.Equal(t, 15.0, nb.Value)

	models, err := c.Models.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("brand_id", "1")}, Sorts: []string{"name ASC"}})
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.Model{{ID: "1", Name: "A1"}, {ID: "2", Name: "A3"}, {ID: "3", Name: "A4"}, {ID: "4", Name: "Q2"}}, vals(models.Items))
	nm, err := c.Models.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"brand_id"}})
	require.NoError(t, err)
	v, _ := nm.Get("1")
	assert.Equal(t, 4.0, v)

	variants, err := c.Variants.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("name", "2,0 I 16 V")}})
	require.NoError(t, err)
	assert.Len(t, variants.Items, 2)
	_, err = c.Variants.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"model_id"}})
	require.NoError(t, err)

	versions := 0
	for ver, err := range c.Versions.SearchAll(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("variant_id", "1")}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, ver.Name)
		versions++
	}
	assert.Equal(t, 3, versions)
	_, err = c.Versions.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount})
	require.NoError(t, err)
	for _, err := range c.Models.SearchAll(ctx, &synsbasen.Search{PerPage: 100}) {
		require.NoError(t, err)
	}
	for _, err := range c.Variants.SearchAll(ctx, nil) {
		require.NoError(t, err)
	}
	for _, err := range c.Brands.SearchAll(ctx, nil) {
		require.NoError(t, err)
	}

	lp, err := c.LeasingPeriods.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("vehicle_id", synsbasentest.VehicleID)}})
	require.NoError(t, err)
	require.Len(t, lp.Items, 2)
	assert.Equal(t, "2022-05-16", *lp.Items[0].LeasingPeriodStart)
	for _, err := range c.LeasingPeriods.SearchAll(ctx, nil) {
		require.NoError(t, err)
	}
	nl, err := c.LeasingPeriods.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount})
	require.NoError(t, err)
	assert.Equal(t, 2.0, nl.Value)

	centers, err := c.InspectionTestCenters.Search(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.In("zip", 2300, 9200)}, Sorts: []string{"id ASC"}})
	require.NoError(t, err)
	require.Len(t, centers.Items, 2)
	assert.Equal(t, int64(1337), centers.Items[0].ID)
	perCity, err := c.InspectionTestCenters.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{synsbasen.Substring("city", 1, 3)}})
	require.NoError(t, err)
	v, _ = perCity.Get("Aal")
	assert.Equal(t, 2.0, v)
	for _, err := range c.InspectionTestCenters.SearchAll(ctx, nil) {
		require.NoError(t, err)
	}
	insp, err := c.Inspections.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{synsbasen.Year("date")}})
	require.NoError(t, err)
	assert.True(t, insp.Grouped)
}

// SearchAll copies the search, list values included, when it is created.
func TestSearchAllCopiesListValues(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	brands := []string{"TESLA"}
	seq := c.Vehicles.SearchAll(context.Background(), &synsbasen.Search{Query: synsbasen.Query{synsbasen.Where("brand", synsbasen.PredIn, brands)}})
	brands[0] = "AUDI"
	n := 0
	for v, err := range seq {
		require.NoError(t, err)
		assert.Equal(t, "TESLA", *v.Brand)
		n++
	}
	assert.Positive(t, n)
}
