package nvdbtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestSpreadKommuner(t *testing.T) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 20000), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
	require.NoError(t, err)
	ctx := context.Background()
	g, err := c.Vegobjekter.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke, nvdb.GrupperingKommune}})
	require.NoError(t, err)
	fylker := map[int]bool{}
	sum := 0
	for _, r := range g {
		assert.Equal(t, r.Kommune/100, r.Fylke, "kommune %d lies in its real fylke", r.Kommune)
		fylker[r.Fylke] = true
		sum += r.Antall
	}
	assert.GreaterOrEqual(t, len(g), 100)
	assert.Len(t, fylker, 15)
	assert.Equal(t, 20000, sum)

	// An object that crosses a border is found from both kommuner. (Its
	// kommuner are what is read: the lokasjon without its geometry.)
	crossing := 0
	q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}, InkluderGeometri: nvdb.InkluderGeometriIngen}
	for o, err := range c.Vegobjekter.All(ctx, 105, q) {
		require.NoError(t, err)
		if len(o.Lokasjon.Kommuner) < 2 {
			continue
		}
		crossing++
		if crossing > 3 {
			continue
		}
		for _, k := range o.Lokasjon.Kommuner {
			found := false
			for x, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{k}}) {
				require.NoError(t, err)
				found = found || x.ID == o.ID
			}
			assert.True(t, found, "object %d from kommune %d", o.ID, k)
		}
	}
	assert.InDelta(t, 200, crossing, 60)
}

// The count a page carries (inkluderAntall) is the number of objects the
// search returns, objects across a border included, whether the filter is
// on areas only (counted from the aggregates) or on more (counted by
// building every candidate).
func TestSpreadCountMatchesSearch(t *testing.T) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 20000), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
	require.NoError(t, err)
	ctx := context.Background()
	for _, q := range []*nvdb.VegobjektQuery{
		{Kommune: []int{301, 3201, 3203, 4601}},
		{Fylke: []int{3, 46}},
		{Kommune: []int{301, 3201, 3203, 4601}, Egenskap: nvdb.EgenskapID(2021).Eq(2738)},
	} {
		q.InkluderAntall = true
		first, err := c.Vegobjekter.List(ctx, 105, q)
		require.NoError(t, err)
		require.NotNil(t, first.Metadata.Antall)
		q.InkluderAntall = false
		n := 0
		for _, err := range c.Vegobjekter.All(ctx, 105, q) {
			require.NoError(t, err)
			n++
		}
		assert.Positive(t, n)
		assert.Equal(t, n, *first.Metadata.Antall, "%+v", q)
	}
}

// WithPageTime makes a page take its share of d for the objects it
// carries, on top of WithLatency.
func TestPageTime(t *testing.T) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 500), nvdbtest.WithPageTime(400*time.Millisecond))
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL))
	require.NoError(t, err)
	t0 := time.Now()
	p, err := c.Vegobjekter.List(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1000})
	require.NoError(t, err)
	require.Len(t, p.Items, 500)
	assert.GreaterOrEqual(t, time.Since(t0), 200*time.Millisecond)
}
