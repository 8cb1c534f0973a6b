package apiskriv_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// fullDocument uses every operation and every kind of value.
func fullDocument() *apiskriv.Endringssett {
	lengde, ref := 12.5, true
	return apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
		WithAnsvarlig("olanor").WithEksternRef("REF-1").WithKontekst("<HEI></HEI>").
		AddRegistrer(
			apiskriv.NyttVegobjekt(581, "tunnel#1").
				WithGyldighetsperiode("2024-01-01", "2030-12-31").
				WithEgenskap(5225, "Grevlingtunnelen").
				WithEnum(9134, 12172).
				WithGeometri(4784, apiskriv.Geometri{Srid: 25833, Wkt: "POINT (218124.0 7023329.4 350.3)", Lengde: &lengde,
					Datafangstdato: "2024-06-19", Referansegeometri: &ref,
					Kvalitet: &apiskriv.Kvalitet{Maalemetode: ptr(0), Noyaktighet: ptr(7)}}).
				WithStruktur(1234, apiskriv.Medlem{TypeID: 6085, Verdi: []string{"0.1"}}, apiskriv.Medlem{TypeID: 6086, Verdi: []string{"JA"}}).
				WithAssosiasjon(220116, 1013515270).
				WithLinje(72817, 0.1, 0.6).
				WithSving(4656776, apiskriv.SvingPunkt{VeglenkesekvensNvdbID: 8976873, Posisjon: 0.798}, apiskriv.SvingPunkt{VeglenkesekvensNvdbID: 5776873, Posisjon: 0.348}),
			apiskriv.NyttVegobjekt(79, "kum#1").WithPunkt(3325547, 0)).
		AddOppdater(apiskriv.EksisterendeVegobjekt(83, 737948714, 1).WithLestFraNvdb("2024-06-06T12:45:41").WithOverskriv().WithEgenskap(1269, "Drenering")).
		AddDelvisOppdater(apiskriv.EksisterendeVegobjekt(95, 800000000, 1).WithEgenskap(11070, "06/2024").WithPunkt(72817, 0.17)).
		AddKorriger(apiskriv.EksisterendeVegobjekt(96, 800000001, 2).WithLestFraNvdb("2024-06-07T09:41:57").WithEgenskap(1, "x")).
		AddDelvisKorriger(apiskriv.EksisterendeVegobjekt(96, 800000002, 1).WithLestFraNvdb("2020-05-30T15:34:22").WithoutEgenskap(2)).
		AddLukk(83, 85726571, 3, "2024-09-27", true).
		AddFjern(234, 91610862, 1, true).
		AddGjenopprett(105, 800000101, 2, false)
}

// Every operation travels through the fake and back unchanged, in both
// formats, and is written as one transaksjon.
func TestAllOperationsRoundTrip(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			doc := fullDocument()
			require.NoError(t, doc.Check())
			reg, err := e.c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			got, err := e.c.Endringssett.Get(ctx, reg.ID, nil)
			require.NoError(t, err)
			got.ID, got.Status = "", nil
			assert.Equal(t, doc, got)

			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			st, err := e.c.Endringssett.Wait(ctx, reg.ID)
			require.NoError(t, err)
			require.Equal(t, apiskriv.FremdriftUtfort, st.Fremdrift, "%+v", st.Resultat)
			p, err := e.c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{EndringssettID: reg.ID})
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			kinds := map[int64]apiskriv.Transaksjonstype{}
			for _, ot := range p.Items[0].Objekttyper {
				for _, o := range ot.Objekter {
					kinds[o.ObjektID] = o.Transaksjonstype
				}
			}
			assert.Len(t, kinds, 9)
			assert.Equal(t, apiskriv.TransaksjonstypeNy, kinds[st.Resultat.Vegobjekter[0].NvdbID])
			assert.Equal(t, apiskriv.Transaksjonstype("ENDRET"), kinds[737948714])
			assert.Equal(t, apiskriv.Transaksjonstype("LUKKET"), kinds[85726571])
			assert.Equal(t, apiskriv.Transaksjonstype("FJERNET"), kinds[91610862])
			assert.Equal(t, apiskriv.Transaksjonstype("GJENOPPRETTET"), kinds[800000101])
		})
	}
}

func TestPartialOperationsMarkItems(t *testing.T) {
	doc := apiskriv.NewEndringssett("2.37").AddDelvisOppdater(
		apiskriv.EksisterendeVegobjekt(95, 1, 1).WithEgenskap(1, "a").WithoutEgenskap(2).WithAssosiasjon(3, 4).WithPunkt(5, 0.5))
	v := doc.DelvisOppdater.Vegobjekter[0]
	assert.Equal(t, apiskriv.OperasjonOppdater, v.Egenskaper[0].Operasjon)
	assert.Equal(t, apiskriv.OperasjonSlett, v.Egenskaper[1].Operasjon)
	assert.Equal(t, apiskriv.OperasjonOppdater, v.Assosiasjoner[0].Operasjon)
	assert.Equal(t, apiskriv.OperasjonOppdater, v.Stedfesting.Operasjon)
	// Full operations leave items unmarked.
	full := apiskriv.NewEndringssett("2.37").AddOppdater(apiskriv.EksisterendeVegobjekt(95, 1, 1).WithEgenskap(1, "a"))
	assert.Empty(t, full.Oppdater.Vegobjekter[0].Egenskaper[0].Operasjon)
}
