package apiskriv_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// The documentation's SOSI-GeoJSON example.
const docGeoJSON = `{
  "type": "FeatureCollection",
  "features": [
    {
      "type": "Feature",
      "id": 1,
      "properties": {
        "objekttypenavn": "Skiltpunkt_95",
        "PTEMA": "0999",
        "datafangstdato": "2013-11-26T23:00:00.000Z",
        "kvalitet": {"målemetode": 96, "nøyaktighet": 5, "synbarhet": 0, "målemetodeHøyde": 96, "nøyaktighetHøyde": 5},
        "AvstandFraDekkekant_1884": "0,30",
        "Oppsettingsutstyr_1876": "2868",
        "AntallOppsettingsutstyr_1877": "1",
        "Fundamentering_1671": "2435"
      },
      "geometry": {"type": "Point", "coordinates": [10.391780132804493, 63.430602994329256]}
    }
  ],
  "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}
}`

// The documentation's SOSI-NVDB example.
const docSOSI = `.HODE
..TEGNSETT UTF-8
..SOSI-VERSJON 8.1
..DATAKATALOGVERSJON 2.01
..SOSI-NIVÅ 1
..TRANSPAR
...KOORDSYS 23
...ORIGO-NØ 7034310 569351
...ENHET 0.010
...VERT-DATUM NN2000
..OMRÅDE
...MIN-NØ 7034310 569351
...MAX-NØ 7034406 569492
..EIER "Entreprenøren AS"
..PRODUSENT "Ola Nordmann"
.PUNKT 1:
..OBJTYPE Skiltplate_96
..PTEMA 0999
..DATAFANGSTDATO 20131127
..KVALITET 96 5 0 96 5
..SkiltnummerHB-050_5530 7691
..Ansiktsside_1894 2714
..Størrelse_1970 4132
..Skiltform_1892 2855
..Belysning_1879 3476
..Folieklasse_1921 2849
..Klappskilt_8828 11739
..NØH
2980 11668 995
.SLUTT
`

func kvalitet() *apiskriv.Kvalitet {
	return &apiskriv.Kvalitet{Maalemetode: intp(96), MaalemetodeHoyde: intp(96), Noyaktighet: intp(5), NoyaktighetHoyde: intp(5), Synbarhet: intp(0)}
}

func TestKonvertering(t *testing.T) {
	today := apiskriv.Dato(time.Now().Format("2006-01-02"))
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			doc, err := e.c.Konvertering.SosiGeoJSON(ctx, []byte(docGeoJSON))
			require.NoError(t, err)
			assert.Equal(t, apiskrivtest.DatakatalogVersjon, doc.Datakatalogversjon)
			require.NotNil(t, doc.Registrer)
			require.Len(t, doc.Registrer.Vegobjekter, 1)
			v := doc.Registrer.Vegobjekter[0]
			assert.Equal(t, 95, v.TypeID)
			assert.Equal(t, "1", v.TempID)
			assert.Equal(t, today, v.Gyldighetsperiode.Startdato)
			assert.Equal(t, []apiskriv.Egenskap{
				{TypeID: 1884, Verdi: []string{"0.30"}}, {TypeID: 1876, Enum: []int{2868}}, {TypeID: 1877, Verdi: []string{"1"}},
				{TypeID: 1671, Enum: []int{2435}},
				{TypeID: 4794, Geometri: []apiskriv.Geometri{{Srid: 4326, Wkt: "POINT(10.391780132804493 63.430602994329256)",
					Datafangstdato: "2013-11-26", Temakode: intp(999), Kvalitet: kvalitet()}}},
			}, v.Egenskaper)
			reqs := e.srv.Requests()
			assert.Equal(t, "/rest/v3/konverter/sosiGeoJson", reqs[len(reqs)-1].Path)
			assert.Contains(t, reqs[len(reqs)-1].Header.Get("Content-Type"), "application/json")

			doc, err = e.c.Konvertering.Sosi(ctx, []byte(docSOSI))
			require.NoError(t, err)
			require.Len(t, doc.Registrer.Vegobjekter, 1)
			v = doc.Registrer.Vegobjekter[0]
			assert.Equal(t, 96, v.TypeID)
			assert.Equal(t, "PUNKT_1_16", v.TempID)
			require.Len(t, v.Egenskaper, 8)
			assert.Equal(t, apiskriv.Egenskap{TypeID: 5530, Enum: []int{7691}}, v.Egenskaper[0])
			assert.Equal(t, apiskriv.Egenskap{TypeID: 4795, Geometri: []apiskriv.Geometri{{Srid: 5973, Wkt: "POINT(7034339.8 569467.68 9.95)",
				Datafangstdato: "2013-11-27", Temakode: intp(999), Kvalitet: kvalitet()}}}, v.Egenskaper[7])
			reqs = e.srv.Requests()
			assert.Contains(t, reqs[len(reqs)-1].Header.Get("Content-Type"), "text/plain")

			// The converted set lacks stedfesting but is otherwise a document.
			require.NoError(t, doc.Check())

			// UTM32/UTM33 and NN2000 are required: 422 with the API's fault.
			_, err = e.c.Konvertering.Sosi(ctx, []byte(strings.Replace(docSOSI, "VERT-DATUM NN2000", "VERT-DATUM NN1954", 1)))
			require.ErrorIs(t, err, apiskriv.ErrBadRequest)
			assert.Contains(t, apiskriv.FaultMessages(err)[0], "NN2000")
		})
	}
}

func TestKonverteringRefusedBeforeRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	before := len(e.srv.Requests())
	_, err := e.c.Konvertering.SosiGeoJSON(ctx, []byte(`{"type":`))
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = e.c.Konvertering.SosiGeoJSON(ctx, []byte(`{"type":"Feature"}`))
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = e.c.Konvertering.Sosi(ctx, []byte("PUNKT"))
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	assert.Len(t, e.srv.Requests(), before)
}

func TestAutorisasjon(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			t.Cleanup(srv.Close)
			ola := newEnvOn(t, srv, "olanor", f)
			svc := newEnvOn(t, srv, "svc-vegdata", f)
			ctx := context.Background()
			a, err := ola.c.Autorisasjon.Get(ctx, "olanor")
			require.NoError(t, err)
			assert.Equal(t, []int{95, 96, 538}, a.Hva.Vegobjekttyper)
			assert.Equal(t, apiskriv.Nei, a.Hva.Vegnett)
			assert.Equal(t, []string{"E", "R", "F"}, a.Hvor.Vegkategorier)
			assert.Contains(t, a.Hvor.TyperVeg, "RUNDKJØRING")
			assert.Equal(t, []int{18, 34, 50, 3, 38, 54, 42, 11, 30, 46, 15}, a.Hvor.Fylker)
			assert.True(t, a.KanEndre(96))
			assert.False(t, a.KanEndre(581))
			assert.False(t, a.KanEndreVegnett())

			_, err = ola.c.Autorisasjon.Get(ctx, "karnor")
			assert.ErrorIs(t, err, apiskriv.ErrForbidden, "a fagdata user reads only their own")
			k, err := svc.c.Autorisasjon.Get(ctx, "karnor")
			require.NoError(t, err)
			assert.True(t, k.KanEndre(581))
			_, err = svc.c.Autorisasjon.Get(ctx, "ingen")
			assert.ErrorIs(t, err, apiskriv.ErrNotFound)

			var nilA *apiskriv.Autorisasjon
			assert.False(t, nilA.KanEndre(95))
			assert.False(t, nilA.KanEndreVegnett())
		})
	}
	e := newEnv(t, apiskriv.JSON, nil)
	before := len(e.srv.Requests())
	for _, bad := range []string{"", " ", "a/b", "x?y"} {
		_, err := e.c.Autorisasjon.Get(context.Background(), bad)
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument, bad)
	}
	assert.Len(t, e.srv.Requests(), before)
}
