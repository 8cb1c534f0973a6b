package nvdbtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestSpreadKommuner(t *testing.T) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 20000), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	c, err := nvdb.NewClient(nvdb.WithClientName("test"), nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
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

	// An object that crosses a border is found from both kommuner.
	crossing := 0
	for o, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}}) {
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
