package nvdb_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// recorder is an http.RoundTripper that remembers each request's path,
// If-None-Match and the status of its answer.
type recorder struct {
	mu   sync.Mutex
	next http.RoundTripper
	log  []recorded
}

type recorded struct {
	path, ifNoneMatch string
	status            int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	rec := recorded{path: req.URL.Path, ifNoneMatch: req.Header.Get("If-None-Match")}
	if resp != nil {
		rec.status = resp.StatusCode
	}
	r.mu.Lock()
	r.log = append(r.log, rec)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.log...)
}

func recordingClient(t *testing.T, srvOpts []nvdbtest.Option, opts ...nvdb.Option) (*nvdb.Client, *nvdbtest.Server, *recorder) {
	t.Helper()
	rec := &recorder{next: http.DefaultTransport}
	c, srv := newClient(t, srvOpts, append([]nvdb.Option{nvdb.WithHTTPClient(&http.Client{Transport: rec})}, opts...)...)
	return c, srv, rec
}

func TestDatakatalogEndpoints(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	dk := c.Datakatalog

	typer, err := dk.Vegobjekttyper(ctx, &nvdb.VegobjekttyperQuery{Inkluder: []nvdb.VegobjekttypeInkluder{nvdb.VegobjekttypeMinimum}})
	require.NoError(t, err)
	var ids []int
	for _, ty := range typer {
		ids = append(ids, ty.ID)
		assert.Empty(t, ty.Egenskapstyper, "minimum leaves egenskapstyper out")
	}
	assert.Equal(t, []int{45, 67, 105, 581}, ids)

	tunnel, err := dk.Vegobjekttyper(ctx, &nvdb.VegobjekttyperQuery{Kategori: 3})
	require.NoError(t, err)
	require.Len(t, tunnel, 2)
	assert.Equal(t, "Tunnelløp", tunnel[0].Navn)
	assert.Equal(t, "Tunnel", tunnel[1].Navn)

	fg, err := dk.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, "Fartsgrense", fg.Navn)
	et := fg.EgenskapstypeByNavn("fartsgrense")
	require.NotNil(t, et)
	assert.Equal(t, 2021, et.ID)
	assert.Equal(t, nvdb.EgenskapstypeHeltallenum, et.Egenskapstype)
	require.NotNil(t, et.Enhet)
	assert.Equal(t, "km/h", et.Enhet.Kortnavn)
	tv := et.TillattVerdiByID(2738)
	require.NotNil(t, tv)
	n, _ := tv.Verdi.Int()
	assert.EqualValues(t, 80, n)
	assert.True(t, tv.Standardverdi)
	require.NotNil(t, fg.Stedfesting)
	assert.Equal(t, "Linje", fg.Stedfesting.Stedfestingstype)
	assert.Equal(t, nvdb.EgenskapstypeStedfesting, fg.Stedfesting.Egenskapstype)

	bom, err := dk.Vegobjekttype(ctx, 45, nvdb.VegobjekttypeStedfesting)
	require.NoError(t, err)
	assert.Equal(t, "Punkt", bom.Stedfesting.Stedfestingstype)
	assert.Empty(t, bom.Egenskapstyper)

	t581, err := dk.Vegobjekttype(ctx, 581, nvdb.VegobjekttypeRelasjonstyper)
	require.NoError(t, err)
	require.NotNil(t, t581.Relasjonstyper)
	require.NotEmpty(t, t581.Relasjonstyper.Barn)
	assert.Equal(t, 67, t581.Relasjonstyper.Barn[0].Innhold.Type.ID)
	assert.Equal(t, nvdb.EgenskapstypeListe, t581.Relasjonstyper.Barn[0].Egenskapstype)
	assert.Equal(t, nvdb.EgenskapstypeAssosiasjon, t581.Relasjonstyper.Barn[0].Innhold.Egenskapstype)

	e2021, err := dk.Egenskapstype(ctx, 105, 2021)
	require.NoError(t, err)
	assert.Len(t, e2021.TillatteVerdier, 12)
	e5225, err := dk.EgenskapstypeByID(ctx, 5225)
	require.NoError(t, err)
	assert.Equal(t, "Navn", e5225.Navn)

	ps, err := dk.Produktspesifikasjon(ctx, 105)
	require.NoError(t, err)
	assert.NotEmpty(t, ps.URL)
	assert.NotEmpty(t, ps.Examples)

	v, err := dk.Versjon(ctx)
	require.NoError(t, err)
	hist, err := dk.HistoriskeVegobjekttyper(ctx, v.Versjon, &nvdb.VegobjekttyperQuery{Kategori: 19})
	require.NoError(t, err)
	assert.Len(t, hist, 2)

	kat, err := dk.Kategorier(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, kat)
	enh, err := dk.Enheter(ctx)
	require.NoError(t, err)
	assert.Contains(t, enh, &nvdb.Enhet{ID: 7, Navn: "Kilometer/time", Kortnavn: "km/h"})
	ekat, err := dk.Egenskapstypekategorier(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, ekat)
}

func TestDatakatalogErrors(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil)
	dk := c.Datakatalog
	before := len(srv.Requests())
	_, err := dk.Vegobjekttype(ctx, 0)
	assert.ErrorContains(t, err, "vegobjekttype id")
	_, err = dk.Vegobjekttype(ctx, 105, "alt")
	assert.ErrorContains(t, err, "inkluder")
	_, err = dk.Vegobjekttyper(ctx, &nvdb.VegobjekttyperQuery{Kategori: -1})
	assert.ErrorContains(t, err, "kategori")
	_, err = dk.Egenskapstype(ctx, 105, 0)
	assert.ErrorContains(t, err, "egenskapstype id")
	_, err = dk.HistoriskeVegobjekttyper(ctx, " ", nil)
	assert.ErrorContains(t, err, "versjon")
	_, err = dk.HistoriskeVegobjekttyper(ctx, "..", nil)
	assert.Error(t, err)
	assert.Equal(t, before, len(srv.Requests()), "bad input must not reach the server")

	_, err = dk.Vegobjekttype(ctx, 4242)
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
	var ae *nvdb.APIError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, ae.Message, "4242")
	_, err = dk.Egenskapstype(ctx, 105, 1)
	assert.ErrorIs(t, err, nvdb.ErrNotFound)
}

func TestDatakatalogETagCache(t *testing.T) {
	ctx := context.Background()
	c, srv, rec := recordingClient(t, nil)
	first, err := c.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	second, err := c.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, first, second, "a 304 reuses the held answer without decoding")
	assert.NotSame(t, first, second, "each caller gets its own copy of the struct")
	assert.Same(t, &first.Egenskapstyper[0], &second.Egenskapstyper[0], "nested values are the held ones, not decoded again")

	log := rec.all()
	require.Len(t, log, 2)
	assert.Empty(t, log[0].ifNoneMatch)
	assert.Equal(t, http.StatusOK, log[0].status)
	assert.NotEmpty(t, log[1].ifNoneMatch, "the second request sends If-None-Match")
	assert.Equal(t, http.StatusNotModified, log[1].status)
	assert.Equal(t, 1, srv.NotModified())
	assert.Equal(t, nvdb.CacheStats{Entries: 1, Bytes: c.CacheStats().Bytes, Revalidated: 1, Fetched: 1}, c.CacheStats())

	// Another inkluder is another entry.
	_, err = c.Datakatalog.Vegobjekttype(ctx, 105, nvdb.VegobjekttypeMinimum)
	require.NoError(t, err)
	assert.Equal(t, 2, c.CacheStats().Entries)
}

func TestDatakatalogCacheBoundedAndConcurrent(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil, nvdb.WithCacheSize(2))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			typ := []int{45, 67, 105, 581}[i%4]
			ty, err := c.Datakatalog.Vegobjekttype(ctx, typ)
			assert.NoError(t, err)
			if err == nil {
				assert.Equal(t, typ, ty.ID)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 2, c.CacheStats().Entries)

	off, _ := newClient(t, nil, nvdb.WithCacheSize(0))
	a, err := off.Datakatalog.Versjon(ctx)
	require.NoError(t, err)
	b, err := off.Datakatalog.Versjon(ctx)
	require.NoError(t, err)
	assert.NotSame(t, a, b)
	assert.Equal(t, nvdb.CacheStats{Fetched: 2}, off.CacheStats())

	_, err = nvdb.NewClient("x", nvdb.WithCacheSize(-1))
	assert.Error(t, err)
}

func TestFilterByName(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil)
	tests := []struct {
		typ  int
		expr string
		want string
	}{
		{105, "Fartsgrense = 80", "egenskap(2021)=2738"},
		{105, "fartsgrense=80", "egenskap(2021)=2738"},
		{105, `"Fartsgrense" in [70, 80]`, "egenskap(2021) in [2735,2738]"},
		{105, "Fartsgrense notin [30,40]", "egenskap(2021) notin [2726,2728]"},
		{105, "2021 != 50", "egenskap(2021)!=2730"},
		{105, "Fartsgrense = null", "egenskap(2021)=null"},
		{105, "Fartsgrense = 80 AND Gyldig fra dato >= 2010-01-01", `egenskap(2021)=2738 AND egenskap(5127)>='2010-01-01'`},
		{105, "(Fartsgrense = 30 OR Fartsgrense = 40) AND Gyldig fra dato < 2000-01-01", `(egenskap(2021)=2726 OR egenskap(2021)=2728) AND egenskap(5127)<'2000-01-01'`},
		{67, "Type tunnelløp = Berg AND Lengde > 2000", "egenskap(1130)=3386 AND egenskap(1317)>2000"},
		{581, `Navn = "Bogstunnelen"`, `egenskap(5225)='Bogstunnelen'`},
		{581, "Lengde, offisiell >= 1000", "egenskap(8945)>=1000"},
		{45, "Bomstasjonstype = 'AutoPASS + automatisk'", "egenskap(9390)=13133"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			f, err := c.Datakatalog.Filter(ctx, tc.typ, tc.expr)
			require.NoError(t, err)
			assert.Equal(t, tc.want, f.String())
		})
	}

	bad := []struct{ expr, msg string }{
		{"Fartsgrense = 85", `"85" is not an allowed value (allowed: 5, 20, 30`},
		{"Fartsgrense > 80", "takes only =, !=, in and notin"},
		{"Farten = 80", `has no egenskap "Farten"`},
		{"Gyldig fra dato = i går", "not a date"},
		{"Fartsgrense in [80, null]", "null compares only with = and !="},
		{"Fartsgrense = 80 AND", "missing egenskap name"},
		{"(Fartsgrense = 80", "missing )"},
		{"Fartsgrense 80", `has no egenskap "Fartsgrense 80"`},
		{"Fartsgrense", "missing operator"},
		{"", "empty expression"},
	}
	before := len(srv.Requests())
	ty, err := c.Datakatalog.Vegobjekttype(ctx, 105, nvdb.VegobjekttypeEgenskapstyper)
	require.NoError(t, err)
	for _, tc := range bad {
		t.Run("bad "+tc.expr, func(t *testing.T) {
			_, err := ty.Filter(tc.expr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	assert.Equal(t, before+1, len(srv.Requests()))
	_, err = (&nvdb.Vegobjekttype{ID: 105}).Filter("Fartsgrense = 80")
	assert.ErrorContains(t, err, "without egenskapstyper")
}

// TestFilterByNameSelectsObjects sends a translated filter and checks that
// every object returned has the value asked for.
func TestFilterByNameSelectsObjects(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	f, err := c.Datakatalog.Filter(ctx, 105, "Fartsgrense = 80")
	require.NoError(t, err)
	q := &nvdb.VegobjektQuery{Egenskap: f, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}}
	n := 0
	for o, err := range c.Vegobjekter.All(ctx, 105, q) {
		require.NoError(t, err)
		v, _ := o.Egenskap(2021).Heltall()
		assert.EqualValues(t, 80, v, "object %d", o.ID)
		n++
	}
	assert.Positive(t, n)
	st, err := c.Vegobjekter.Statistikk(ctx, 105, q)
	require.NoError(t, err)
	assert.Equal(t, n, st.Antall)
}

func TestFillIn(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	ty, err := c.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	es := nvdb.Egenskaper{{ID: 2021, EnumID: 2738}, {ID: 5127, Verdi: nvdb.StringVerdi("2001-02-03")}, {ID: 1}}
	ty.FillIn(es)
	assert.Equal(t, "Fartsgrense", es[0].Navn)
	assert.Equal(t, nvdb.EgenskapstypeHeltallenum, es[0].Egenskapstype)
	n, ok := es[0].Heltall()
	assert.True(t, ok)
	assert.EqualValues(t, 80, n)
	require.NotNil(t, es[0].Enhet)
	assert.Equal(t, "km/h", es[0].Enhet.Kortnavn)
	assert.Equal(t, "Gyldig fra dato", es[1].Navn)
	assert.Equal(t, nvdb.EgenskapstypeDato, es[1].Egenskapstype)
	assert.Empty(t, es[2].Navn, "an unknown id is left alone")

	o, err := c.Vegobjekter.Get(ctx, 105, 78697179, nil)
	require.NoError(t, err)
	o.Egenskaper[0].Enhet = nil
	require.NoError(t, c.Datakatalog.FillIn(ctx, o))
	assert.NotNil(t, o.Egenskap(2021).Enhet)
	assert.Error(t, c.Datakatalog.FillIn(ctx, &nvdb.Vegobjekt{ID: 1}))
}

// tilleggskrav (extra requirements on an egenskapstype, a list of
// strings in the datakatalog's Egenskapstype schema) decodes and survives
// a round trip; an egenskapstype without it has none.
func TestTilleggskrav(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"with", `{"id":2021,"egenskapstype":"Heltallenum","navn":"Fartsgrense","tilleggskrav":["Verdien skal samsvare med skiltet fartsgrense","Gjelder begge kjøreretninger"]}`,
			[]string{"Verdien skal samsvare med skiltet fartsgrense", "Gjelder begge kjøreretninger"}},
		{"without", `{"id":2021,"egenskapstype":"Heltallenum","navn":"Fartsgrense"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var et nvdb.EgenskapstypeInfo
			require.NoError(t, json.Unmarshal([]byte(tc.body), &et))
			assert.Equal(t, tc.want, et.Tilleggskrav)
			b, err := json.Marshal(&et)
			require.NoError(t, err)
			var back nvdb.EgenskapstypeInfo
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tc.want, back.Tilleggskrav)
		})
	}
}
