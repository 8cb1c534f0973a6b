package nvdb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestGetSeedObjects(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	v := c.Vegobjekter

	tl, err := v.Get(ctx, 67, 89204552, nil)
	require.NoError(t, err)
	assert.Equal(t, "Tunnelløp", tl.Metadata.Type.Navn)
	assert.Equal(t, 3, tl.Versjon())
	n, _ := tl.Egenskap(1317).Heltall()
	assert.EqualValues(t, 33, n)
	require.NotNil(t, tl.Relasjoner)
	require.Len(t, tl.Relasjoner.Foreldre, 1)
	assert.Equal(t, []int64{89204551}, tl.Relasjoner.Foreldre[0].VegobjektIder)
	assert.Nil(t, tl.Vegsegmenter, "vegsegmenter are not included by default")
	assert.Contains(t, tl.Href, "/vegobjekter/67/89204552/3")

	bom, err := v.GetByID(ctx, 79632559, nil)
	require.NoError(t, err)
	assert.Equal(t, 45, bom.TypeID())
	e, _ := bom.Egenskap(9409).Enum()
	assert.Equal(t, 13256, e)

	tunnel, err := v.Get(ctx, 581, 79608124, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}})
	require.NoError(t, err)
	name, _ := tunnel.Egenskaper.ByNavn("Navn").Tekst()
	assert.Equal(t, "Vikatunnelen", name)
	assert.Nil(t, tunnel.Metadata)
	assert.Nil(t, tunnel.Lokasjon)

	old, err := v.GetVersjon(ctx, 67, 89204552, 1, nil)
	require.NoError(t, err)
	assert.Equal(t, nvdb.Dato("2015-06-26"), old.Metadata.Sluttdato)

	at, err := v.Get(ctx, 67, 89204552, &nvdb.VegobjektOptions{Tidspunkt: time.Date(2017, 5, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, 2, at.Versjon())

	all, err := v.Versjoner(ctx, 67, 89204552, nil)
	require.NoError(t, err)
	require.Len(t, all, 3)
	for i, o := range all {
		assert.Equal(t, i+1, o.Versjon())
	}

	fart, err := v.Get(ctx, 105, 78697179, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}})
	require.NoError(t, err)
	require.Len(t, fart.Vegsegmenter, 1)
	assert.Equal(t, "enkelBilveg", fart.Vegsegmenter[0].TypeVegSosi)

	deep, err := v.Get(ctx, 581, 78728489, &nvdb.VegobjektOptions{Dybde: "2"})
	require.NoError(t, err)
	require.Len(t, deep.Relasjoner.Barn, 1)
	b := deep.Relasjoner.Barn[0]
	assert.Equal(t, nvdb.RelasjonstypeVegobjekter, b.Relasjonstype)
	require.Len(t, b.Vegobjekter, 1)
	assert.EqualValues(t, 78728490, b.Vegobjekter[0].ID)

	_, err = v.GetVersjon(ctx, 67, 89204552, 9, nil)
	assert.True(t, errors.Is(err, nvdb.ErrNotFound))
	_, err = v.Get(ctx, 4242, 1, nil)
	assert.True(t, errors.Is(err, nvdb.ErrNotFound))
}

func TestGeometryOptions(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	v := c.Vegobjekter

	o, err := v.Get(ctx, 45, 1013526183, &nvdb.VegobjektOptions{Srid: nvdb.Srid4326, Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri}})
	require.NoError(t, err)
	assert.Equal(t, 4326, o.Geometri.Srid)
	// Oslo, latitude first.
	assert.True(t, strings.HasPrefix(o.Geometri.WKT, "POINT Z (59.9"), o.Geometri.WKT)
	assert.Contains(t, o.Geometri.WKT, " 10.7")

	utm32, err := v.Get(ctx, 45, 1013526183, &nvdb.VegobjektOptions{Srid: nvdb.SridUTM32, Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri}})
	require.NoError(t, err)
	assert.Equal(t, 5972, utm32.Geometri.Srid)
	assert.True(t, strings.HasPrefix(utm32.Geometri.WKT, "POINT Z (59"), utm32.Geometri.WKT)

	simple, err := v.Get(ctx, 67, 78728490, &nvdb.VegobjektOptions{Geometritoleranse: 20, Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri}})
	require.NoError(t, err)
	full, err := v.Get(ctx, 67, 78728490, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri}})
	require.NoError(t, err)
	assert.True(t, simple.Geometri.Forenklet)
	assert.False(t, full.Geometri.Forenklet)
	assert.Less(t, strings.Count(simple.Geometri.WKT, ","), strings.Count(full.Geometri.WKT, ","))

	geo, err := v.Get(ctx, 45, 1013526183, &nvdb.VegobjektOptions{Srid: nvdb.Srid4326, InkluderEgenskaper: nvdb.InkluderEgenskaperGeometri, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}})
	require.NoError(t, err)
	require.Len(t, geo.Egenskaper, 1)
	wkt, srid, ok := geo.Egenskaper[0].Geometri()
	assert.True(t, ok)
	assert.Equal(t, 4326, srid)
	assert.True(t, strings.HasPrefix(wkt, "POINT Z (59.9"), wkt)
	basis, err := v.Get(ctx, 45, 1013526183, &nvdb.VegobjektOptions{InkluderEgenskaper: nvdb.InkluderEgenskaperBasis, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}})
	require.NoError(t, err)
	assert.Nil(t, basis.Egenskap(12413))
	assert.NotNil(t, basis.Egenskap(12412))

	none, err := v.Get(ctx, 67, 78728490, &nvdb.VegobjektOptions{InkluderGeometri: nvdb.InkluderGeometriIngen, Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}})
	require.NoError(t, err)
	assert.Nil(t, none.Geometri)
	assert.Nil(t, none.Lokasjon.Geometri)
	assert.NotEmpty(t, none.Lokasjon.Kommuner)
}

func TestPaginationCoversEverything(t *testing.T) {
	ctx := context.Background()
	for _, prefetch := range []bool{true, false} {
		c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 469)}, nvdb.WithPrefetch(prefetch))
		seq := c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 100})
		assert.Equal(t, 0, len(srv.Requests()), "no I/O until ranged")
		seen := map[int64]bool{}
		for o, err := range seq {
			require.NoError(t, err)
			require.False(t, seen[o.ID], "duplicate %d", o.ID)
			seen[o.ID] = true
		}
		assert.Len(t, seen, 469)
		assert.Equal(t, 6, len(srv.Requests()), "5 pages and the empty page that ends the result")
		st, err := c.Vegobjekter.Statistikk(ctx, 105, nil)
		require.NoError(t, err)
		assert.Equal(t, 469, st.Antall)
	}
}

func TestPageSizeIsCapped(t *testing.T) {
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 50), nvdbtest.WithMaxPageSize(20)})
	p, err := c.Vegobjekter.List(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1000, InkluderAntall: true})
	require.NoError(t, err)
	assert.Len(t, p.Items, 20)
	assert.Equal(t, 20, p.Metadata.Sidestorrelse)
	require.NotNil(t, p.Metadata.Antall)
	assert.Equal(t, 50, *p.Metadata.Antall)
	assert.NotEmpty(t, p.Next)
}

// TestResumeFromCursor saves the cursor after some pages, as a job would,
// and resumes with a new client: exactly the remaining objects come back.
func TestResumeFromCursor(t *testing.T) {
	ctx := context.Background()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 1250))
	defer srv.Close()
	newC := func() *nvdb.Client {
		c, err := nvdb.NewClient("resume", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
		require.NoError(t, err)
		return c
	}
	q := &nvdb.VegobjektQuery{Antall: 150, Fylke: []int{3, 46, 50, 11}, Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}}
	var all []int64
	for o, err := range newC().Vegobjekter.All(ctx, 105, q) {
		require.NoError(t, err)
		all = append(all, o.ID)
	}
	require.Len(t, all, 626) // fylker 3, 46, 50 and 11 hold half the generated set

	// First run: two pages, then the job stops and saves the cursor.
	first := newC()
	var got []int64
	var saved string
	pages := 0
	for p, err := range first.Vegobjekter.Pages(ctx, 105, q) {
		require.NoError(t, err)
		for _, o := range p.Items {
			got = append(got, o.ID)
		}
		saved = p.Next
		if pages++; pages == 2 {
			break
		}
	}
	require.Len(t, got, 300)
	require.NotEmpty(t, saved)

	// Second run, later, from the saved cursor.
	resumed := *q
	resumed.Start = saved
	for o, err := range newC().Vegobjekter.All(ctx, 105, &resumed) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, all, got, "exactly the remaining objects, in order, without duplicates")

	// A page-by-page checkpoint with List ends with an empty Neste.
	cursor := ""
	count := 0
	for {
		qq := *q
		qq.Start = cursor
		p, err := newC().Vegobjekter.List(ctx, 105, &qq)
		require.NoError(t, err)
		count += len(p.Items)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	assert.Equal(t, 626, count)
}

func TestCursorExpiresAndBelongsToItsQuery(t *testing.T) {
	ctx := context.Background()
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0) }
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithClock(clock), nvdbtest.WithCursorTTL(10 * time.Minute)})
	p, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 5})
	require.NoError(t, err)

	_, err = c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 5, Kommune: []int{301}, Start: p.Next})
	require.True(t, errors.Is(err, nvdb.ErrBadRequest))
	assert.Contains(t, err.Error(), "annen spørring")

	// Page size and inkluder may change between pages.
	_, err = c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 7, Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Start: p.Next})
	require.NoError(t, err)

	now.Add(int64(11 * time.Minute / time.Second))
	_, err = c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 5, Start: p.Next})
	require.True(t, errors.Is(err, nvdb.ErrBadRequest))
	assert.Contains(t, err.Error(), "utløpt")
}

// A server that repeats its start token must not make the iterator loop.
func TestIteratorStopsOnRepeatedCursor(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"objekter":[{"id":1,"href":"x"},{"id":2,"href":"y"}],"metadata":{"returnert":2,"sidestørrelse":2,"neste":{"start":"same","href":"z"}}}`))
	}))
	defer ts.Close()
	c, err := nvdb.NewClient("t", nvdb.WithBaseURL(ts.URL))
	require.NoError(t, err)
	n := 0
	for _, err := range c.Vegobjekter.All(context.Background(), 105, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 4, n)
	assert.EqualValues(t, 2, calls.Load())
}

func TestIteratorEarlyStopAndErrors(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 100)})
	n := 0
	for _, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 10}) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.LessOrEqual(t, len(srv.Requests()), 2, "at most the prefetched page after an early stop")

	// An error is yielded once and ends the sequence.
	c2, srv2 := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 100)}, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
	srv2.Script(nvdbtest.Fault{}, nvdbtest.Fault{Status: http.StatusInternalServerError})
	var errs []error
	objs := 0
	for o, err := range c2.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 10}) {
		if err != nil {
			errs = append(errs, err)
			assert.Nil(t, o)
			continue
		}
		objs++
	}
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], nvdb.ErrServer))
	assert.Equal(t, 10, objs)

	// A cancelled context ends iteration with its error.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range c.Vegobjekter.All(cctx, 105, nil) {
		assert.ErrorIs(t, err, context.Canceled)
	}
}

// TestSurvivesRandomFaults iterates through a fake that fails a third of
// its answers (429, 503, dropped connections, truncated bodies).
func TestSurvivesRandomFaults(t *testing.T) {
	policy := fastRetry
	policy.MaxRetries = 10
	c, srv := newClient(t, []nvdbtest.Option{
		nvdbtest.WithGenerated(105, 1500),
		nvdbtest.WithGzip(false),
		nvdbtest.WithFaults(nvdbtest.Faults{Seed: 7, RateLimited: 0.15, Unavailable: 0.1, Drop: 0.05, Truncate: 0.05}),
	}, nvdb.WithRetry(policy))
	seen := map[int64]bool{}
	// 30 pages (and the empty one), each request under the seeded faults.
	for o, err := range c.Vegobjekter.All(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 50, Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}}) {
		require.NoError(t, err)
		require.False(t, seen[o.ID])
		seen[o.ID] = true
	}
	assert.Len(t, seen, 1500)
	assert.Greater(t, len(srv.Requests()), 31, "faults were injected and retried")
}
