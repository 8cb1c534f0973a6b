package examples_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func TestSynsbasenSearchOffline(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "synsbasen-search", nil, "-year", "2018")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "(no SYNSBASEN_API_KEY: using the offline fake)")
	assert.Contains(t, r.stdout, "Model year 2018")
	assert.Contains(t, r.stdout, "VOLKSWAGEN")
	assert.Contains(t, r.stdout, "tokens spent: 3\n", "three aggregates, one token each")
}

func TestSynsbasenSearchRefusesBadYear(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "synsbasen-search", nil, "-year", "18")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "model year 18 is out of range")
}

// The report's table, brand by brand, against the vehicles themselves (the
// program's offline fake holds the same data as the one here).
func TestSynsbasenSearchMatchesTheVehicles(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "synsbasen-search", nil, "-year", "2018", "-kind", "Personbil")
	require.Equal(t, 0, r.code, r.stderr)

	// brand → vehicles, avg km, then one "n%" per fuel type, as printed.
	var fuels []string
	got := map[string][]string{}
	inTable := false
	for l := range strings.Lines(r.stdout) {
		f := strings.Fields(l)
		switch {
		case len(f) >= 4 && f[0] == "brand":
			require.Equal(t, []string{"brand", "vehicles", "avg", "km"}, f[:4], l)
			fuels, inTable = f[4:], true
		case strings.HasPrefix(l, "tokens spent: "):
			inTable = false
		case inTable:
			require.Greater(t, len(f), 2+len(fuels), l)
			cells := f[len(f)-2-len(fuels):]
			got[strings.Join(f[:len(f)-len(cells)], " ")] = cells
		}
	}
	require.NotEmpty(t, got, r.stdout)

	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, err := synsbasen.NewClient("k", synsbasen.WithBaseURL(srv.URL))
	require.NoError(t, err)
	type tally struct {
		n, km  int
		byFuel map[string]int
	}
	brands, allFuels := map[string]*tally{}, map[string]bool{}
	for v, err := range c.Vehicles.SearchAll(context.Background(), &synsbasen.Search{Query: synsbasen.Query{
		synsbasen.Eq("model_year", 2018), synsbasen.Eq("kind", "Personbil")}, PerPage: 100}) {
		require.NoError(t, err)
		b := brands[*v.Brand]
		if b == nil {
			b = &tally{byFuel: map[string]int{}}
			brands[*v.Brand] = b
		}
		b.n++
		b.km += *v.Mileage
		b.byFuel[*v.FuelType]++
		allFuels[*v.FuelType] = true
	}
	assert.ElementsMatch(t, slices.Collect(maps.Keys(allFuels)), fuels, "a column per fuel type")
	want := map[string][]string{}
	for brand, b := range brands {
		cells := []string{fmt.Sprint(b.n), fmt.Sprintf("%.0f", float64(b.km)/float64(b.n))}
		for _, f := range fuels {
			cells = append(cells, fmt.Sprintf("%.0f%%", 100*float64(b.byFuel[f])/float64(b.n)))
		}
		want[brand] = cells
	}
	assert.Equal(t, want, got)
}
