package nvdb_test

import (
	"context"
	"net/url"
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
