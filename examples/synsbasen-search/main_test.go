package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func TestRunOffline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-year", "2018"}, &out, ""))
	assert.Contains(t, out.String(), "Model year 2018")
	assert.Contains(t, out.String(), "VOLKSWAGEN")
	assert.Contains(t, out.String(), "tokens spent: 3")
}

func TestRunRefusesBadYear(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), []string{"-year", "18"}, &out, ""))
}

func TestBrandReport(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, err := synsbasen.NewClient("k", synsbasen.WithBaseURL(srv.URL))
	require.NoError(t, err)
	ctx := context.Background()
	rep, err := BrandReport(ctx, c, 2018, "Personbil")
	require.NoError(t, err)
	require.NotEmpty(t, rep.Rows)

	// Cross-check against the vehicles themselves.
	want := map[string][2]float64{}
	for v, err := range c.Vehicles.SearchAll(ctx, &synsbasen.Search{Query: synsbasen.Query{
		synsbasen.Eq("model_year", 2018), synsbasen.Eq("kind", "Personbil")}, PerPage: 100}) {
		require.NoError(t, err)
		w := want[*v.Brand]
		want[*v.Brand] = [2]float64{w[0] + 1, w[1] + float64(*v.Mileage)}
	}
	require.Len(t, rep.Rows, len(want))
	for _, row := range rep.Rows {
		w := want[row.Brand]
		assert.Equal(t, w[0], row.Count, row.Brand)
		assert.InDelta(t, w[1]/w[0], row.AvgMileage, 0.01, row.Brand)
		sum := 0.0
		for _, pc := range row.FuelSharePc {
			sum += pc
		}
		assert.InDelta(t, 100, sum, 0.05, row.Brand)
	}
	assert.Equal(t, 3.0, rep.Cost)
}
