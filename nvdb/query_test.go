package nvdb_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

func TestInvalidInputSendsNothing(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil)
	v := c.Vegobjekter
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"type id", func() error { _, err := v.List(ctx, 0, nil); return err }, "vegobjekttype id"},
		{"srid", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Srid: "1234"}); return err }, "srid"},
		{"inkluder", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{"alt"}})
			return err
		}, "inkluder"},
		{"antall", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Antall: -1}); return err }, "antall"},
		{"fylke", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Fylke: []int{0}}); return err }, "fylke"},
		{"ider", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Ider: []int64{-4}}); return err }, "ider"},
		{"kartutsnitt", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Kartutsnitt: "1,2,3"}); return err }, "kartutsnitt"},
		{"kartutsnitt order", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Kartutsnitt: nvdb.Kartutsnitt(10, 10, 0, 0)})
			return err
		}, "min must not exceed max"},
		{"typeveg", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{TypeVeg: []nvdb.TypeVeg{"motorveg"}})
			return err
		}, "typeveg"},
		{"trafikantgruppe", func() error { _, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Trafikantgruppe: "X"}); return err }, "trafikantgruppe"},
		{"kontraktsomrade comma", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Kontraktsomrade: []string{"a,b"}})
			return err
		}, "kontraktsomrade"},
		{"filter", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(2021).In()})
			return err
		}, "empty list"},
		{"overlapp", func() error {
			_, err := v.List(ctx, 105, &nvdb.VegobjektQuery{Overlapp: []nvdb.Filter{nvdb.Overlapp(0)}})
			return err
		}, "overlapp"},
		{"geometritoleranse", func() error { _, err := v.Get(ctx, 105, 1, &nvdb.VegobjektOptions{Geometritoleranse: -1}); return err }, "geometritoleranse"},
		{"dybde", func() error { _, err := v.Get(ctx, 105, 1, &nvdb.VegobjektOptions{Dybde: "deep"}); return err }, "dybde"},
		{"id", func() error { _, err := v.Get(ctx, 105, 0, nil); return err }, "vegobjekt id"},
		{"versjon", func() error { _, err := v.GetVersjon(ctx, 105, 1, 0, nil); return err }, "versjon"},
		{"versjoner id", func() error { _, err := v.Versjoner(ctx, 105, -1, nil); return err }, "vegobjekt id"},
		{"by id", func() error { _, err := v.GetByID(ctx, 0, nil); return err }, "vegobjekt id"},
		{"statistikk ider", func() error { _, err := v.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Ider: []int64{1}}); return err }, "ider"},
		{"statistikk start", func() error { _, err := v.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Start: "x"}); return err }, "start"},
		{"gruppert without gruppering", func() error { _, err := v.StatistikkGruppert(ctx, 105, nil); return err }, "gruppering"},
		{"gruppert bad", func() error {
			_, err := v.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{"land"}})
			return err
		}, "gruppering"},
		{"per egenskap id", func() error { _, err := v.StatistikkPerEgenskap(ctx, 105, 0, nil); return err }, "egenskapstype id"},
		{"per egenskap gruppering", func() error {
			_, err := v.StatistikkPerEgenskap(ctx, 105, 2021, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke}})
			return err
		}, "gruppering"},
		{"endringer antall", func() error {
			_, err := v.Endringer(ctx, []int{105}, &nvdb.EndringerQuery{Antall: 1001})
			return err
		}, "antall"},
		{"endringer start", func() error {
			_, err := v.Endringer(ctx, []int{105}, &nvdb.EndringerQuery{Start: "yesterday"})
			return err
		}, "start"},
		{"endringer both", func() error {
			_, err := v.Endringer(ctx, []int{105}, &nvdb.EndringerQuery{Start: "2025-06-01", Fra: time.Now()})
			return err
		}, "either"},
		{"endringer no types", func() error { _, err := v.Endringer(ctx, nil, nil); return err }, "at least one"},
		{"all iterator", func() error {
			for _, err := range v.All(ctx, 105, &nvdb.VegobjektQuery{Srid: "x"}) {
				return err
			}
			return nil
		}, "srid"},
		{"scan segmentering in an area", func() error {
			for _, err := range v.Scan(ctx, 105, &nvdb.VegobjektQuery{Segmentering: nvdb.Bool(true), Fylke: []int{3}}, nil) {
				return err
			}
			return nil
		}, "segmentering"},
		{"scan both", func() error {
			for _, err := range v.Scan(ctx, 105, nil, &nvdb.ScanOptions{Fylker: []int{3}, Kommuner: []int{301}}) {
				return err
			}
			return nil
		}, "not both"},
		{"endringer iterator", func() error {
			for _, err := range v.EndringerPages(ctx, []int{105}, &nvdb.EndringerQuery{Slutt: "soon"}) {
				return err
			}
			return nil
		}, "slutt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Equal(t, 0, len(srv.Requests()), "invalid input must fail before any request")
}

func TestQueryEncoding(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil)
	q := &nvdb.VegobjektQuery{
		Ider:               []int64{78697179, 85101001, 78697179},
		Inkluder:           []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper},
		Srid:               nvdb.Srid4326,
		InkluderGeometri:   nvdb.InkluderGeometriUtledet,
		InkluderEgenskaper: nvdb.InkluderEgenskaperBasis,
		Segmentering:       nvdb.Bool(false),
		Fylke:              []int{3, 46},
		Kommune:            []int{301},
		Vegsystemreferanse: []string{"KV1060"},
		TypeVeg:            []nvdb.TypeVeg{nvdb.TypeVegEnkelBilveg, nvdb.TypeVegRundkjoring},
		Kryssystem:         nvdb.Bool(false),
		Trafikantgruppe:    nvdb.TrafikantgruppeKjorende,
		Egenskap:           nvdb.Or(nvdb.EgenskapID(2021).Eq(2730), nvdb.EgenskapID(2021).Eq(2726)),
		EndretEtter:        time.Date(2024, 12, 2, 9, 15, 30, 0, time.UTC),
		Tidspunkt:          time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		InkluderAntall:     true,
		Geometritoleranse:  10,
		Antall:             50,
	}
	_, err := c.Vegobjekter.List(ctx, 105, q)
	require.NoError(t, err)
	got, err := url.ParseQuery(srv.LastQuery("/vegobjekter/api/v4/vegobjekter/105"))
	require.NoError(t, err)
	want := url.Values{
		"ider": {"78697179,85101001,78697179"}, "inkluder": {"metadata,egenskaper"}, "srid": {"4326"},
		"inkludergeometri": {"utledet"}, "inkluder_egenskaper": {"basis"}, "segmentering": {"false"},
		"fylke": {"3,46"}, "kommune": {"301"}, "vegsystemreferanse": {"KV1060"}, "typeveg": {"enkelBilveg,rundkjøring"},
		"kryssystem": {"false"}, "trafikantgruppe": {"K"}, "egenskap": {"egenskap(2021)=2730 OR egenskap(2021)=2726"},
		"endret_etter": {"2024-12-02T09:15:30Z"}, "tidspunkt": {"2025-01-01"}, "inkluderAntall": {"true"},
		"geometritoleranse": {"10"}, "antall": {"50"},
	}
	assert.Equal(t, want, got)
	assert.Len(t, q.Ider, 3, "the caller's query is not modified")

	_, err = c.Vegobjekter.Endringer(ctx, []int{105}, &nvdb.EndringerQuery{Fra: time.Date(2026, 10, 30, 14, 0, 0, 0, time.FixedZone("CET", 3600)), Antall: 10, Ider: []int64{78697179}})
	require.NoError(t, err)
	got, _ = url.ParseQuery(srv.LastQuery("/vegobjekter/api/v4/vegobjekter/105/endringer"))
	assert.Equal(t, url.Values{"start": {"2026-10-30T13:00:00Z"}, "antall": {"10"}, "ider": {"78697179"}}, got)
}

// TestQueryEncodingEveryQuery: the url tags of every query struct send
// NVDB's parameter names and spellings: lists comma-separated as given,
// dates as dates, instants in UTC, coordinates as decimals, the road
// network's own spelling of veglenketype and the route's display names of
// typeveg.
func TestQueryEncodingEveryQuery(t *testing.T) {
	var mu sync.Mutex
	var last url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		last = r.URL.Query()
		mu.Unlock()
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"title":"recorded"}`)
	}))
	defer srv.Close()
	c, err := nvdb.NewClient("encoding", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 100), nvdb.WithRetry(fastRetry)) // unpaced: the limiter would only add waits
	require.NoError(t, err)
	ctx := context.Background()
	day := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	cet := time.Date(2025, 3, 4, 13, 30, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		call func() error
		want url.Values
	}{
		{"VeglenkesekvensQuery", func() error {
			_, err := c.Veglenkesekvenser.List(ctx, &nvdb.VeglenkesekvensQuery{Ider: []int64{5, 3}, Fylke: []int{3}, Kommune: []int{301, 3201},
				Kontraktsomrade: []string{"9302 Oslo"}, Riksvegrute: []string{"RUTE4A"}, Vegsystemreferanse: []string{"EV6"},
				Topologiniva: nvdb.TopologinivaKjorebane, Superid: 41423, Srid: nvdb.Srid5973, Polygon: "1 2, 3 4, 1 2",
				Antall: 10, Start: "abc", InkluderAntall: true})
			return err
		}, url.Values{"ider": {"5,3"}, "fylke": {"3"}, "kommune": {"301,3201"}, "kontraktsomrade": {"9302 Oslo"}, "riksvegrute": {"RUTE4A"},
			"vegsystemreferanse": {"EV6"}, "topologiniva": {"kjørebane"}, "superid": {"41423"}, "srid": {"5973"},
			"polygon": {"1 2, 3 4, 1 2"}, "antall": {"10"}, "start": {"abc"}, "inkluderAntall": {"true"}}},
		{"NodeQuery, iterated", func() error {
			for _, err := range c.Noder.All(ctx, &nvdb.NodeQuery{Kartutsnitt: nvdb.Kartutsnitt(1, 2, 3.5, 4), Superid: 7}) {
				return err
			}
			return nil
		}, url.Values{"kartutsnitt": {"1,2,3.5,4"}, "superid": {"7"}, "antall": {"1000"}}},
		{"SegmentertQuery", func() error {
			_, err := c.Veglenkesekvenser.Segmentert(ctx, &nvdb.SegmentertQuery{Veglenketype: []nvdb.Veglenketype{nvdb.VeglenketypeHoved,
				nvdb.VeglenketypeDetaljertKonnektering}, Detaljniva: []nvdb.Detaljniva{nvdb.DetaljnivaKjorebane}, TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegRampe},
				AdskilteLop: []nvdb.AdskilteLop{nvdb.AdskilteLopMed}, Arm: nvdb.Bool(false), Historisk: nvdb.Bool(true), Tidspunkt: cet,
				Geometritoleranse: 5, Veglenkesekvens: []string{"0.1-0.5@41423"}})
			return err
		}, url.Values{"veglenketype": {"Hoved,detaljert_konnektering"}, "detaljniva": {"KB"}, "typeveg": {"rampe"}, "adskiltelop": {"Med"},
			"arm": {"false"}, "historisk": {"true"}, "tidspunkt": {"2025-03-04"}, "geometritoleranse": {"5"}, "veglenkesekvens": {"0.1-0.5@41423"}}},
		{"SegmentertOptions", func() error {
			_, err := c.Veglenkesekvenser.GetSegmentert(ctx, 41423, &nvdb.SegmentertOptions{Srid: nvdb.SridWGS84, Historisk: nvdb.Bool(false), Tidspunkt: day})
			return err
		}, url.Values{"srid": {"WGS84"}, "historisk": {"false"}, "tidspunkt": {"2025-03-04"}}},
		{"EndringerQuery with Til, several types", func() error {
			_, err := c.Vegobjekter.Endringer(ctx, []int{105, 67}, &nvdb.EndringerQuery{Start: "2025-03-01", Til: cet, Antall: 5, Ider: []int64{9}})
			return err
		}, url.Values{"typeIder": {"105,67"}, "start": {"2025-03-01"}, "slutt": {"2025-03-04T12:30:00Z"}, "antall": {"5"}, "ider": {"9"}}},
		{"VeglenkesekvensEndringerQuery", func() error {
			_, err := c.Vegnett.Endringer(ctx, &nvdb.VeglenkesekvensEndringerQuery{Fra: cet, Slutt: "2025-04-01", Fylke: []int{3}, Kommune: []int{301}})
			return err
		}, url.Values{"start": {"2025-03-04T12:30:00Z"}, "slutt": {"2025-04-01"}, "fylke": {"3"}, "kommune": {"301"}}},
		{"VegobjektOptions", func() error {
			_, err := c.Vegobjekter.GetByID(ctx, 85101001, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Dybde: nvdb.DybdeFull,
				InkluderGeometri: nvdb.InkluderGeometriEgenskap, InkluderEgenskaper: nvdb.InkluderEgenskaperAlle, Geometritoleranse: 2, Tidspunkt: day})
			return err
		}, url.Values{"id": {"85101001"}, "inkluder": {"alle"}, "dybde": {"full"}, "inkludergeometri": {"egenskap"},
			"inkluder_egenskaper": {"alle"}, "geometritoleranse": {"2"}, "tidspunkt": {"2025-03-04"}}},
		{"VegobjektQuery for statistikk", func() error {
			_, err := c.Vegobjekter.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{301}, Antall: 10, InkluderAntall: true,
				Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Overlapp: []nvdb.Filter{nvdb.Overlapp(67), nvdb.Overlapp(581)}}, nvdb.StatistikkAntall)
			return err
		}, url.Values{"kommune": {"301"}, "overlapp": {"67", "581"}, "inkluder": {"antall"}}},
		{"StatistikkQuery", func() error {
			_, err := c.Vegobjekter.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke,
				nvdb.GrupperingVegkategori}, Inkluder: []nvdb.StatistikkInkluder{nvdb.StatistikkLengde}, Tidspunkt: day})
			return err
		}, url.Values{"gruppering": {"fylke,vegkategori"}, "inkluder": {"lengde"}, "tidspunkt": {"2025-03-04"}}},
		{"StatistikkAlleTyperQuery", func() error {
			_, err := c.Vegobjekter.StatistikkAlleTyper(ctx, &nvdb.StatistikkAlleTyperQuery{Kontraktsomrade: []string{"a", "b"}, Tidspunkt: day})
			return err
		}, url.Values{"kontraktsomrade": {"a,b"}, "tidspunkt": {"2025-03-04"}}},
		{"SegmentertStatistikkQuery", func() error {
			_, err := c.Veglenkesekvenser.SegmentertStatistikkGruppert(ctx, &nvdb.SegmentertStatistikkQuery{
				Gruppering: []nvdb.Gruppering{nvdb.GrupperingVegkategori}, Srid: nvdb.Srid5973})
			return err
		}, url.Values{"gruppering": {"vegkategori"}, "srid": {"5973"}}},
		{"VegQuery", func() error {
			_, err := c.Vegnett.Veg(ctx, &nvdb.VegQuery{Vegsystemreferanse: "EV6 S1D1 m12", Kommune: []int{301}, Tidspunkt: day})
			return err
		}, url.Values{"vegsystemreferanse": {"EV6 S1D1 m12"}, "kommune": {"301"}, "tidspunkt": {"2025-03-04"}}},
		{"VegBatchQuery", func() error {
			_, err := c.Vegnett.VegBatch(ctx, &nvdb.VegBatchQuery{Vegsystemreferanser: []string{"EV6 m1", "EV6 m2"}, Veglenkesekvenser: []string{"0.5@1"}})
			return err
		}, url.Values{"vegsystemreferanser": {"EV6 m1,EV6 m2"}, "veglenkesekvenser": {"0.5@1"}}},
		{"PosisjonQuery", func() error {
			_, err := c.Vegnett.Posisjon(ctx, &nvdb.PosisjonQuery{Nord: nvdb.Float(6649173.25), Ost: nvdb.Float(262074), MaksAvstand: 20,
				MaksAntall: 2, Konnekteringslenker: nvdb.Bool(false), DetaljerteLenker: nvdb.Bool(true), Trafikantgruppe: nvdb.TrafikantgruppeGaende})
			return err
		}, url.Values{"nord": {"6649173.25"}, "ost": {"262074"}, "maks_avstand": {"20"}, "maks_antall": {"2"},
			"konnekteringslenker": {"false"}, "detaljerte_lenker": {"true"}, "trafikantgruppe": {"G"}}},
		{"RuteQuery", func() error {
			_, err := c.Vegnett.Rute(ctx, &nvdb.RuteQuery{Start: "0.2@1", Slutt: "0.7@2", MaksAvstand: 15, Omkrets: 300, Kortform: true,
				TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegEnkelBilveg, nvdb.TypeVegGangOgSykkelveg}, BeholdTrafikantgruppe: nvdb.Bool(true)})
			return err
		}, url.Values{"start": {"0.2@1"}, "slutt": {"0.7@2"}, "maks_avstand": {"15"}, "omkrets": {"300"}, "kortform": {"true"},
			"typeveg": {"Enkel bilveg,Gang- og sykkelveg"}, "behold_trafikantgruppe": {"true"}}},
		{"OmradeQuery", func() error {
			_, err := c.Omrader.Fylker(ctx, &nvdb.OmradeQuery{Inkluder: []nvdb.OmradeInkluder{nvdb.OmradeInkluderKartutsnitt, nvdb.OmradeInkluderSenterpunkt}, Srid: nvdb.Srid4326})
			return err
		}, url.Values{"inkluder": {"kartutsnitt,senterpunkt"}, "srid": {"4326"}}},
		{"VegobjekttyperQuery", func() error {
			_, err := c.Datakatalog.Vegobjekttyper(ctx, &nvdb.VegobjekttyperQuery{Inkluder: []nvdb.VegobjekttypeInkluder{nvdb.VegobjekttypeMinimum}, Kategori: 3})
			return err
		}, url.Values{"inkluder": {"minimum"}, "kategori": {"3"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			last = nil
			mu.Unlock()
			err := tc.call()
			require.ErrorIs(t, err, nvdb.ErrBadRequest, "the request was sent")
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, tc.want, last)
		})
	}
}
