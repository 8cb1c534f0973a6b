package nvdb_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestStatistikkMatchesData checks that every kind of statistikk agrees
// with the objects a search returns.
func TestStatistikkMatchesData(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(999, 400)})
	v := c.Vegobjekter

	for _, tc := range []struct {
		typ int
		q   *nvdb.VegobjektQuery
	}{
		{105, nil},
		{105, &nvdb.VegobjektQuery{Kommune: []int{301}}},
		{105, &nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(2021).In(2730, 2726)}},
		{999, &nvdb.VegobjektQuery{Fylke: []int{3, 50}}},
		{67, nil},
	} {
		st, err := v.Statistikk(ctx, tc.typ, tc.q)
		require.NoError(t, err)
		q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}}
		if tc.q != nil {
			cp := *tc.q
			cp.Inkluder = q.Inkluder
			q = &cp
		}
		n, length := 0, 0.0
		for o, err := range v.All(ctx, tc.typ, q) {
			require.NoError(t, err)
			n++
			length += o.Lokasjon.Lengde
		}
		assert.Equal(t, n, st.Antall)
		assert.InDelta(t, length, st.Lengde, 0.01)
	}

	total, err := v.Statistikk(ctx, 105, nil)
	require.NoError(t, err)
	onlyLength, err := v.Statistikk(ctx, 105, nil, nvdb.StatistikkLengde)
	require.NoError(t, err)
	assert.Zero(t, onlyLength.Antall)
	assert.InDelta(t, total.Lengde, onlyLength.Lengde, 0.001)
	groups, err := v.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke, nvdb.GrupperingVegkategori}})
	require.NoError(t, err)
	sum := 0
	for _, g := range groups {
		assert.NotZero(t, g.Fylke)
		assert.NotEmpty(t, g.Vegkategori)
		assert.Zero(t, g.Kommune)
		sum += g.Antall
	}
	assert.Equal(t, total.Antall, sum)

	kommuner, err := v.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingKommune}, Inkluder: []nvdb.StatistikkInkluder{nvdb.StatistikkAntall}})
	require.NoError(t, err)
	for _, g := range kommuner {
		if g.Kommune == 301 {
			oslo, err := v.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{301}})
			require.NoError(t, err)
			assert.Equal(t, oslo.Antall, g.Antall)
			assert.Zero(t, g.Lengde, "lengde left out with inkluder=antall")
		}
	}

	perSpeed, err := v.StatistikkPerEgenskap(ctx, 105, 2021, nil)
	require.NoError(t, err)
	sum = 0
	for _, g := range perSpeed {
		require.NotNil(t, g.EgenskapsVerdi)
		if *g.EgenskapsVerdi == 2730 {
			fifty, err := v.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(2021).Eq(2730)})
			require.NoError(t, err)
			assert.Equal(t, fifty.Antall, g.Antall)
		}
		sum += g.Antall
	}
	assert.Equal(t, total.Antall, sum)

	types, err := v.StatistikkAlleTyper(ctx, nil)
	require.NoError(t, err)
	byID := map[int]*nvdb.TypeStatistikk{}
	for _, ts := range types {
		byID[ts.ID] = ts
	}
	assert.Equal(t, total.Antall, byID[105].Statistikk.Antall)
	assert.Equal(t, "Tunnelløp", byID[67].Navn)
	assert.Equal(t, 400, byID[999].Statistikk.Antall)
}
