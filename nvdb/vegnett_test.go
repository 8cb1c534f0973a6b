package nvdb_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestVeglenkesekvenser(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(50)})

	first, err := c.Veglenkesekvenser.List(ctx, &nvdb.VeglenkesekvensQuery{Antall: 7, InkluderAntall: true})
	require.NoError(t, err)
	require.Len(t, first.Items, 7)
	require.NotNil(t, first.Metadata.Antall)
	total := *first.Metadata.Antall
	require.NotEmpty(t, first.Next)

	second, err := c.Veglenkesekvenser.List(ctx, &nvdb.VeglenkesekvensQuery{Antall: 7, Start: first.Next})
	require.NoError(t, err)
	assert.NotEqual(t, first.Items[0].Veglenkesekvensid, second.Items[0].Veglenkesekvensid)

	seen := map[int64]bool{}
	for s, err := range c.Veglenkesekvenser.All(ctx, &nvdb.VeglenkesekvensQuery{Antall: 9}) {
		require.NoError(t, err)
		assert.False(t, seen[s.Veglenkesekvensid], "no duplicates across pages")
		seen[s.Veglenkesekvensid] = true
	}
	assert.Len(t, seen, total)

	oslo := 0
	for s, err := range c.Veglenkesekvenser.All(ctx, &nvdb.VeglenkesekvensQuery{Kommune: []int{301}}) {
		require.NoError(t, err)
		require.Len(t, s.Veglenker, 1)
		assert.Equal(t, 301, s.Veglenker[0].Geometri.Kommune)
		oslo++
	}
	assert.Positive(t, oslo)

	s, err := c.Veglenkesekvenser.Get(ctx, 383266, nvdb.Srid4326)
	require.NoError(t, err)
	assert.Equal(t, int64(383266), s.Veglenkesekvensid)
	require.Len(t, s.Porter, 2)
	assert.Equal(t, 4326, s.Veglenker[0].Geometri.Srid)
	assert.True(t, strings.HasPrefix(s.Veglenker[0].Geometri.WKT, "LINESTRING Z (61."), s.Veglenker[0].Geometri.WKT)

	_, err = c.Veglenkesekvenser.Get(ctx, 1, "")
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
}

func TestSegmentert(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(400)})

	q := &nvdb.SegmentertQuery{Kommune: []int{5001}, TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegEnkelBilveg}, Veglenketype: []nvdb.Veglenketype{nvdb.VeglenketypeHoved},
		Arm: nvdb.Bool(false), Antall: 10}
	n := 0
	for sg, err := range c.Veglenkesekvenser.SegmentertAll(ctx, q) {
		require.NoError(t, err)
		assert.Equal(t, 5001, sg.Kommune)
		assert.Equal(t, "enkelBilveg", sg.TypeVegSosi)
		assert.Equal(t, "HOVED", sg.Type)
		assert.NotEmpty(t, sg.Vegsystemreferanse.Kortform)
		n++
	}
	assert.Positive(t, n)
	assert.Contains(t, srv.LastQuery("/vegnett/api/v4/veglenkesekvenser/segmentert"), "veglenketype=Hoved")
	assert.Contains(t, srv.LastQuery("/vegnett/api/v4/veglenkesekvenser/segmentert"), "arm=false")

	// Resume from a saved cursor gives the rest, without overlap.
	var pages []*nvdb.Page[nvdb.Veglenkesegment]
	for p, err := range c.Veglenkesekvenser.SegmentertPages(ctx, &nvdb.SegmentertQuery{Fylke: []int{3}, Antall: 20}) {
		require.NoError(t, err)
		pages = append(pages, p)
	}
	require.Greater(t, len(pages), 2)
	rest, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Fylke: []int{3}, Antall: 20, Start: pages[0].Next})
	require.NoError(t, err)
	assert.Equal(t, pages[1].Items[0].Referanse, rest.Items[0].Referanse)

	none, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Arm: nvdb.Bool(true)})
	require.NoError(t, err)
	assert.Empty(t, none.Items)
	assert.Empty(t, none.Next)

	segs, err := c.Veglenkesekvenser.GetSegmentert(ctx, 383266, &nvdb.SegmentertOptions{Srid: nvdb.Srid5972, Historisk: nvdb.Bool(true)})
	require.NoError(t, err)
	require.Len(t, segs, 1)
	assert.Equal(t, 5972, segs[0].Geometri.Srid)
	assert.Equal(t, 4647, segs[0].Kommune)
	old, err := c.Veglenkesekvenser.GetSegmentert(ctx, 383266, &nvdb.SegmentertOptions{Tidspunkt: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Empty(t, old, "the link did not exist in 1990")
}

func TestNoder(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(40)})
	s, err := c.Veglenkesekvenser.Get(ctx, 2000008, "")
	require.NoError(t, err)
	// 2000008 starts where 2000000 ends: its start node joins both.
	node, err := c.Noder.Get(ctx, s.Porter[0].Tilkobling.Nodeid, "")
	require.NoError(t, err)
	var ids []int64
	for _, p := range node.Porter {
		ids = append(ids, p.Tilkobling.Veglenkesekvensid)
	}
	assert.ElementsMatch(t, []int64{2000000, 2000008}, ids)
	assert.Equal(t, []int{301}, node.Kommuner)

	n := 0
	for nd, err := range c.Noder.All(ctx, &nvdb.NodeQuery{Kommune: []int{4601}, Antall: 3}) {
		require.NoError(t, err)
		assert.Contains(t, nd.Kommuner, 4601)
		n++
	}
	assert.Positive(t, n)
	page, err := c.Noder.List(ctx, &nvdb.NodeQuery{Ider: []int64{node.ID}})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, node.ID, page.Items[0].ID)

	_, err = c.Noder.Get(ctx, 5, "")
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
}

func TestVegAndPosisjon(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(40)})
	vn := c.Vegnett

	byVls, err := vn.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@383266"})
	require.NoError(t, err)
	assert.Equal(t, 4647, byVls.Kommune)
	assert.True(t, strings.HasPrefix(byVls.Geometri.WKT, "POINT Z ("), byVls.Geometri.WKT)
	require.NotEmpty(t, byVls.Vegsystemreferanse.Kortform)

	// The road reference of that point leads back to it.
	byVsr, err := vn.Veg(ctx, &nvdb.VegQuery{Vegsystemreferanse: byVls.Vegsystemreferanse.Kortform, Kommune: []int{4647}})
	require.NoError(t, err)
	assert.Equal(t, int64(383266), byVsr.Veglenkesekvens.Veglenkesekvensid)
	assert.InDelta(t, 0.5, byVsr.Veglenkesekvens.RelativPosisjon, 0.05)

	_, err = vn.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@1"})
	assert.ErrorIs(t, err, nvdb.ErrNotFound)

	batch, err := vn.VegBatch(ctx, &nvdb.VegBatchQuery{Veglenkesekvenser: []string{"0.5@383266", "0.5@1"}, Vegsystemreferanser: []string{byVls.Vegsystemreferanse.Kortform}})
	require.NoError(t, err)
	assert.Len(t, batch, 2, "the unknown position is left out")
	assert.Equal(t, byVls.Geometri.WKT, batch["0.5@383266"].Geometri.WKT)

	// Nearest road to the point found above is that road, at ~0 m.
	xyz := strings.Fields(strings.Trim(strings.TrimPrefix(byVls.Geometri.WKT, "POINT Z "), "()"))
	nord, ost := parseF(t, xyz[1]), parseF(t, xyz[0])
	hits, err := vn.Posisjon(ctx, &nvdb.PosisjonQuery{Nord: &nord, Ost: &ost, MaksAntall: 2})
	require.NoError(t, err)
	require.NotEmpty(t, hits)
	assert.Equal(t, int64(383266), hits[0].Veglenkesekvens.Veglenkesekvensid)
	require.NotNil(t, hits[0].Avstand)
	assert.InDelta(t, 0, *hits[0].Avstand, 0.01)

	_, err = vn.Posisjon(ctx, &nvdb.PosisjonQuery{Lat: nvdb.Float(59.9), Lon: nvdb.Float(4.0), MaksAvstand: 10})
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return f
}

func TestRute(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(80)})
	vn := c.Vegnett
	r, err := vn.Rute(ctx, &nvdb.RuteQuery{Start: "0.2@2000000", Slutt: "0.7@2000024"})
	require.NoError(t, err)
	assert.Equal(t, "Rute", r.Type)
	require.Len(t, r.Segmenter, 4)
	assert.Equal(t, 4, r.Metadata.Antall)
	assert.InDelta(t, 0.2, r.Segmenter[0].Startposisjon, 1e-9)
	assert.InDelta(t, 0.7, r.Segmenter[3].Sluttposisjon, 1e-9)
	assert.InDelta(t, 0.8*50+2*50+0.7*50, r.Metadata.Lengde, 1)

	k, err := vn.Rute(ctx, &nvdb.RuteQuery{Start: "0.2@2000000", Slutt: "0.7@2000024", Kortform: true, TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegEnkelBilveg, nvdb.TypeVegKanalisertVeg, nvdb.TypeVegRampe, nvdb.TypeVegRundkjoring}})
	require.NoError(t, err)
	assert.Equal(t, "RuteKortform", k.Type)
	require.Len(t, k.Kortform, 4)
	assert.Equal(t, "0.2-1@2000000", k.Kortform[0].Kortform)

	// A long geometry goes in a POST body.
	a, err := vn.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@2000000"})
	require.NoError(t, err)
	b, err := vn.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@2000016"})
	require.NoError(t, err)
	pa := strings.Trim(strings.TrimPrefix(a.Geometri.WKT, "POINT Z "), "()")
	pb := strings.Trim(strings.TrimPrefix(b.Geometri.WKT, "POINT Z "), "()")
	long := "LINESTRING Z (" + pa + strings.Repeat(", "+pa, 200) + ", " + pb + ")"
	require.Greater(t, len(long), 4000)
	g, err := vn.Rute(ctx, &nvdb.RuteQuery{Geometri: long, Kortform: true})
	require.NoError(t, err)
	assert.Len(t, g.Kortform, 3)
	// The route only reads, so its POST is repeated after a 503.
	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	before := len(srv.Requests())
	g, err = vn.Rute(ctx, &nvdb.RuteQuery{Geometri: long, Kortform: true})
	require.NoError(t, err)
	assert.Len(t, g.Kortform, 3)
	reqs := srv.Requests()[before:]
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, http.MethodPost, r.Method)
	}

	_, err = vn.Rute(ctx, &nvdb.RuteQuery{Start: "0.1@383266", Slutt: "0.5@2000000"})
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
}

func TestVegnettEndringer(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	vn := c.Vegnett
	all, err := vn.Endringer(ctx, nil)
	require.NoError(t, err)
	require.Positive(t, all.Len())
	assert.Len(t, idsOf(all.Items, nvdb.EndringFjernet), 2)
	var items int
	for e, err := range vn.EndringerAll(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: 1}) {
		require.NoError(t, err)
		assert.Contains(t, []nvdb.Endringstype{nvdb.EndringFjernet, nvdb.EndringSegmentert}, e.Endring)
		items++
	}
	assert.Equal(t, all.Len(), items)

	var got int
	var last string
	for p, err := range vn.EndringerPages(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: 2}) {
		require.NoError(t, err)
		assert.LessOrEqual(t, p.Len(), 2)
		got += p.Len()
		last = p.Next
	}
	assert.Equal(t, all.Len(), got)
	require.NotEmpty(t, last)
	// Polling from the saved cursor finds nothing new.
	after, err := vn.Endringer(ctx, &nvdb.VeglenkesekvensEndringerQuery{Start: last})
	require.NoError(t, err)
	assert.Zero(t, after.Len())

	oslo, err := vn.Endringer(ctx, &nvdb.VeglenkesekvensEndringerQuery{Kommune: []int{301}})
	require.NoError(t, err)
	assert.Less(t, oslo.Len(), all.Len())
	assert.Equal(t, []int64{299001}, idsOf(oslo.Items, nvdb.EndringFjernet))
}

func idsOf(es []*nvdb.VeglenkesekvensEndring, kind nvdb.Endringstype) []int64 {
	var out []int64
	for _, e := range es {
		if e.Endring == kind {
			out = append(out, e.ID)
		}
	}
	return out
}

func TestVegnettRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil)
	vn := c.Vegnett
	before := len(srv.Requests())
	checks := []struct {
		name string
		call func() error
		msg  string
	}{
		{"seq id", func() error { _, err := c.Veglenkesekvenser.Get(ctx, 0, ""); return err }, "veglenkesekvens id"},
		{"seq srid", func() error { _, err := c.Veglenkesekvenser.Get(ctx, 1, "1"); return err }, "srid"},
		{"topologiniva", func() error {
			_, err := c.Veglenkesekvenser.List(ctx, &nvdb.VeglenkesekvensQuery{Topologiniva: "x"})
			return err
		}, "topologiniva"},
		{"veglenketype ukjent", func() error {
			_, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Veglenketype: []nvdb.Veglenketype{nvdb.VeglenketypeUkjent}})
			return err
		}, "veglenketype"},
		{"kartutsnitt", func() error {
			_, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Kartutsnitt: "1,2,3"})
			return err
		}, "kartutsnitt"},
		{"geometritoleranse", func() error {
			_, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Geometritoleranse: -1})
			return err
		}, "geometritoleranse"},
		{"node id", func() error { _, err := c.Noder.Get(ctx, -1, ""); return err }, "node id"},
		{"noder superid", func() error { _, err := c.Noder.List(ctx, &nvdb.NodeQuery{Superid: -2}); return err }, "superid"},
		{"veg both", func() error {
			_, err := vn.Veg(ctx, &nvdb.VegQuery{Vegsystemreferanse: "EV6 S1D1 m1", Veglenkesekvens: "0.1@1"})
			return err
		}, "exactly one"},
		{"veg vls", func() error { _, err := vn.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "1.5@1"}); return err }, "posisjon@veglenkesekvensid"},
		{"veg vsr", func() error { _, err := vn.Veg(ctx, &nvdb.VegQuery{Vegsystemreferanse: "EV6"}); return err }, "single metre value"},
		{"batch empty", func() error { _, err := vn.VegBatch(ctx, &nvdb.VegBatchQuery{}); return err }, "at least one"},
		{"posisjon none", func() error { _, err := vn.Posisjon(ctx, &nvdb.PosisjonQuery{}); return err }, "Nord and Ost"},
		{"posisjon both", func() error {
			_, err := vn.Posisjon(ctx, &nvdb.PosisjonQuery{Nord: nvdb.Float(1), Ost: nvdb.Float(1), Lat: nvdb.Float(1), Lon: nvdb.Float(1)})
			return err
		}, "not both"},
		{"posisjon half", func() error { _, err := vn.Posisjon(ctx, &nvdb.PosisjonQuery{Nord: nvdb.Float(1)}); return err }, "both Nord and Ost"},
		{"posisjon lat", func() error {
			_, err := vn.Posisjon(ctx, &nvdb.PosisjonQuery{Lat: nvdb.Float(91), Lon: nvdb.Float(1)})
			return err
		}, "Lat"},
		{"rute none", func() error { _, err := vn.Rute(ctx, &nvdb.RuteQuery{Start: "0.1@1"}); return err }, "Start and Slutt"},
		{"rute point", func() error { _, err := vn.Rute(ctx, &nvdb.RuteQuery{Start: "x", Slutt: "0.1@1"}); return err }, "invalid start"},
		{"rute omkrets", func() error {
			_, err := vn.Rute(ctx, &nvdb.RuteQuery{Start: "1, 2", Slutt: "0.1@1", Omkrets: 20000})
			return err
		}, "Omkrets"},
		{"rute geometri", func() error { _, err := vn.Rute(ctx, &nvdb.RuteQuery{Geometri: "POINT (1 2)"}); return err }, "LINESTRING"},
		{"rute both", func() error {
			_, err := vn.Rute(ctx, &nvdb.RuteQuery{Geometri: "LINESTRING (1 2, 3 4)", LinjeGeometri: "LINESTRING (1 2, 3 4)"})
			return err
		}, "LinjeGeometri"},
		{"endringer start", func() error {
			_, err := vn.Endringer(ctx, &nvdb.VeglenkesekvensEndringerQuery{Start: "yesterday"})
			return err
		}, "start"},
		{"endringer antall", func() error {
			_, err := vn.Endringer(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: 5000})
			return err
		}, "antall"},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	for _, e := range vn.EndringerPages(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: -1}) {
		assert.ErrorContains(t, e, "antall")
	}
	for _, e := range c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Srid: "x"}) {
		assert.ErrorContains(t, e, "srid")
	}
	assert.Equal(t, before, len(srv.Requests()), "bad input must not reach the server")
}

func TestVegnettStatistikk(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(80)})
	st, err := c.Veglenkesekvenser.SegmentertStatistikk(ctx)
	require.NoError(t, err)
	total := 0
	for _, err := range c.Veglenkesekvenser.SegmentertAll(ctx, nil) {
		require.NoError(t, err)
		total++
	}
	assert.Equal(t, total, st.Antall)
	assert.Positive(t, st.TotalLengde)

	groups, err := c.Veglenkesekvenser.SegmentertStatistikkGruppert(ctx, &nvdb.SegmentertStatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke, nvdb.GrupperingVegkategori}})
	require.NoError(t, err)
	sum := 0
	for _, g := range groups {
		assert.Positive(t, g.Fylke)
		assert.NotEmpty(t, g.Vegkategori)
		sum += g.Antall
	}
	assert.Equal(t, total, sum)

	oslo, err := c.Veglenkesekvenser.SegmentertStatistikkGruppert(ctx, &nvdb.SegmentertStatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke},
		Kartutsnitt: nvdb.Kartutsnitt(250000, 6600000, 300000, 6700000)})
	require.NoError(t, err)
	require.Len(t, oslo, 1)
	assert.Equal(t, 3, oslo[0].Fylke)

	_, err = c.Veglenkesekvenser.SegmentertStatistikkGruppert(ctx, &nvdb.SegmentertStatistikkQuery{})
	assert.ErrorContains(t, err, "Gruppering")
	_, err = c.Veglenkesekvenser.SegmentertStatistikkGruppert(ctx, &nvdb.SegmentertStatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingKommune}})
	assert.ErrorContains(t, err, "gruppering")
}

// TestVegnettIteratorsStopCleanly breaks off each road-network iterator
// early, and checks that a server error is yielded once and ends it.
func TestVegnettIteratorsStopCleanly(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(500)}, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
	n := 0
	for _, err := range c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Antall: 10}) {
		require.NoError(t, err)
		if n++; n == 15 {
			break
		}
	}
	for _, err := range c.Veglenkesekvenser.All(ctx, &nvdb.VeglenkesekvensQuery{Antall: 10}) {
		require.NoError(t, err)
		break
	}
	for _, err := range c.Noder.All(ctx, &nvdb.NodeQuery{Antall: 10}) {
		require.NoError(t, err)
		break
	}
	assert.Eventually(t, func() bool { return len(leaked()) == 0 }, 5*time.Second, 5*time.Millisecond, "%v", leaked())

	srv.Script(nvdbtest.Fault{}, nvdbtest.Fault{Status: http.StatusInternalServerError})
	var errs []error
	got := 0
	for s, err := range c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Antall: 100}) {
		if err != nil {
			errs = append(errs, err)
			assert.Nil(t, s)
			continue
		}
		got++
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], nvdb.ErrServer)
	assert.Equal(t, 100, got, "the first page arrived, the second failed")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range c.Noder.All(cctx, nil) {
		assert.ErrorIs(t, err, context.Canceled)
	}
}
