package apiskriv_test

import (
	"context"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// docStedfest is the documentation's stedfest request.
func docStedfest() *apiskriv.Stedfest {
	return &apiskriv.Stedfest{
		Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 100,
			Veger:      []apiskriv.Veg{{Kategori: "F", Fase: "V", Nummer: 6690}},
			TypeVeger:  []string{"ENKEL_BILVEG", "KANALISERT_VEG", "RAMPE", "RUNDKJØRING"},
			Forankring: &apiskriv.Forankring{Srid: 5973, StartWkt: "POINT (270195 7041859)"}},
		Vegobjekter: []*apiskriv.Vegobjekt{apiskriv.NyttVegobjekt(95, "skiltpunkt#1").WithGyldighetsperiode("2020-01-01", "").
			WithGeometri(4794, apiskriv.Geometri{Srid: 5973, Wkt: "POINT Z(270196.99 7041858.13 15.72)"})},
	}
}

func TestSeedStedfestDecodes(t *testing.T) {
	var req apiskriv.Stedfest
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v3-stedfest-request.xml"), &req))
	want := docStedfest()
	want.Vegobjekter[0].Assosiasjoner = nil
	assert.Equal(t, want.Parametere, req.Parametere)
	require.Len(t, req.Vegobjekter, 1)
	assert.Equal(t, "skiltpunkt#1", req.Vegobjekter[0].TempID)

	var ok apiskriv.StedfestingResultat
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v3-stedfest-response-ok.xml"), &ok))
	assert.Equal(t, docStedfestOK(), ok)

	var feil apiskriv.StedfestingResultat
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v3-stedfest-response-feil.xml"), &feil))
	require.Len(t, feil.Vegobjekter, 1)
	require.Len(t, feil.Vegobjekter[0].Feil, 1)
	assert.Equal(t, "UGYLDIG_EGENSKAPSTYPE", feil.Vegobjekter[0].Feil[0].Kode)
	et, found := feil.Vegobjekter[0].Feil[0].EgenskapType()
	assert.True(t, found)
	assert.Equal(t, 4795, et)
	assert.Nil(t, feil.Vegobjekter[0].AsStedfesting())
}

func docStedfestOK() apiskriv.StedfestingResultat {
	return apiskriv.StedfestingResultat{Vegobjekter: []apiskriv.StedfestetVegobjekt{{TempID: "skiltpunkt#1",
		Stedfesting: &apiskriv.BeregnetStedfesting{
			Oversikt: []apiskriv.Oversikt{{Veg: apiskriv.Veg{Kategori: "F", Fase: "V", Nummer: 6690}, Lengde: 0}},
			Punkt: []apiskriv.StedfestetPunkt{{Punkt: apiskriv.Punkt{VeglenkesekvensNvdbID: 2510771, Posisjon: 0.1429407},
				Geometri: &apiskriv.Geometri{Srid: 5973, Wkt: "POINT (270192.0336852201 7041858.010694844)"}}}}}}}
}

func TestStedfest(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			res, err := e.c.Stedfesting.Stedfest(ctx, docStedfest())
			require.NoError(t, err)
			// The documentation's example gives the documented answer.
			want := docStedfestOK()
			got := res.Vegobjekt("skiltpunkt#1")
			require.NotNil(t, got)
			require.NotNil(t, got.Stedfesting)
			assert.Equal(t, want.Vegobjekter[0].Stedfesting.Oversikt, got.Stedfesting.Oversikt)
			require.Len(t, got.Stedfesting.Punkt, 1)
			assert.Equal(t, int64(2510771), got.Stedfesting.Punkt[0].VeglenkesekvensNvdbID)
			assert.InDelta(t, 0.1429407, got.Stedfesting.Punkt[0].Posisjon, 1e-7)
			assert.Regexp(t, `^POINT \(270192\.03368\d* 7041858\.01069\d*\)$`, got.Stedfesting.Punkt[0].Geometri.Wkt)

			// The answer goes straight into an endringssett.
			v := docStedfest().Vegobjekter[0]
			v.Stedfesting = got.AsStedfesting()
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(v)
			require.NoError(t, doc.Check())

			// A line along the road, a wrong geometry egenskap, and an object
			// too far from any road: 200 with per-object errors.
			line := apiskriv.NyttVegobjekt(96, "plate#1").WithGeometri(4795, apiskriv.Geometri{Srid: 5973,
				Wkt: "LINESTRING (270400 7041800, 270400 7041950)"})
			wrong := apiskriv.NyttVegobjekt(95, "skiltpunkt#2").WithGeometri(4795, apiskriv.Geometri{Srid: 5973, Wkt: "POINT (270196 7041858)"})
			far := apiskriv.NyttVegobjekt(95, "skiltpunkt#3").WithGeometri(4794, apiskriv.Geometri{Srid: 5973, Wkt: "POINT (100 100)"})
			res, err = e.c.Stedfesting.Stedfest(ctx, &apiskriv.Stedfest{Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 50, BeregnSideposisjon: true},
				Vegobjekter: []*apiskriv.Vegobjekt{line, wrong, far}})
			require.NoError(t, err)
			require.Len(t, res.Vegobjekter, 3)
			l := res.Vegobjekt("plate#1")
			require.NotNil(t, l.Stedfesting)
			require.Len(t, l.Stedfesting.Linje, 1)
			assert.Equal(t, int64(1125766), l.Stedfesting.Linje[0].VeglenkesekvensNvdbID)
			assert.InDelta(t, 0.1666667, l.Stedfesting.Linje[0].Fra, 1e-6)
			assert.InDelta(t, 0.4166667, l.Stedfesting.Linje[0].Til, 1e-6)
			assert.InDelta(t, 150, l.Stedfesting.Oversikt[0].Lengde, 0.01)
			assert.Equal(t, "E", l.Stedfesting.Oversikt[0].Veg.Kategori)
			require.Len(t, res.Vegobjekt("skiltpunkt#2").Feil, 1)
			assert.Equal(t, "UGYLDIG_EGENSKAPSTYPE", res.Vegobjekt("skiltpunkt#2").Feil[0].Kode)
			require.Len(t, res.Vegobjekt("skiltpunkt#3").Feil, 1)
			assert.Nil(t, res.Vegobjekt("skiltpunkt#3").Stedfesting)
			assert.Nil(t, res.Vegobjekt("none"))
		})
	}
}

func TestStedfestRefusedBeforeRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	before := len(e.srv.Requests())
	v := apiskriv.NyttVegobjekt(95, "a")
	tests := []struct {
		name string
		req  *apiskriv.Stedfest
	}{
		{"nil", nil},
		{"no distance", &apiskriv.Stedfest{Vegobjekter: []*apiskriv.Vegobjekt{v}}},
		{"no objects", &apiskriv.Stedfest{Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 10}}},
		{"veg without kategori", &apiskriv.Stedfest{Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 10, Veger: []apiskriv.Veg{{Nummer: 6}}},
			Vegobjekter: []*apiskriv.Vegobjekt{v}}},
		{"forankring without wkt", &apiskriv.Stedfest{Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 10, Forankring: &apiskriv.Forankring{Srid: 5973}},
			Vegobjekter: []*apiskriv.Vegobjekt{v}}},
		{"object without tempId", &apiskriv.Stedfest{Parametere: apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 10},
			Vegobjekter: []*apiskriv.Vegobjekt{{TypeID: 95}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Stedfesting.Stedfest(context.Background(), tt.req)
			assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		})
	}
	assert.Len(t, e.srv.Requests(), before)
}
