package apiskriv_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func link(rel, path string) apiskriv.Ressurs {
	return apiskriv.Ressurs{Rel: rel, Src: "https://nvdbapiskriv.atlas.vegvesen.no" + path}
}

func intp(i int) *int { return &i }

// The seed's XML examples decode field for field.
func TestSeedXMLDecodes(t *testing.T) {
	docOppdrag := apiskriv.Oppdrag{
		ID: 3466724, TypeID: 24598, Navn: "Fylkes- og kommunale veger",
		Beskrivelse: "Øvrige veger: bare for kommunale veger", Sluttidspunkt: "2016-09-20T07:13:31Z",
		Bruker:        apiskriv.Bruker{ID: 42, Brukernavn: "olanor", FulltNavn: "Ola Nordmann"},
		Tjenesteregel: "VEGNETTSOPPDRAG",
		Ressurser:     apiskriv.Ressurser{link("self", "/rest/v1/oppdrag/3466724"), link("transaksjoner", "/rest/v1/transaksjon?oppdragId=3466724")},
	}
	docTrans := apiskriv.Transaksjon{
		OppdragID: 3466724, Tidspunkt: "2016-09-20T09:12:46", Brukernavn: "olanor",
		Objekttyper: []apiskriv.TransaksjonObjekttype{{TypeID: 83, Objekttype: "VEGOBJEKT", Objekter: []apiskriv.TransaksjonObjekt{{
			ObjektID: 737948714, Transaksjonstype: "NY", Objektversjon: 1, Startdato: "2016-09-20",
			Ressurser: apiskriv.Ressurser{link("objekt", "/rest/v3/les/vegobjekt/83/737948714/1")},
		}}}},
		Ressurser: apiskriv.Ressurser{link("oppdrag", "/rest/v1/oppdrag/3466723")},
	}
	statusUtfort := apiskriv.Status{
		Mottatt: "2020-05-29T12:27:15.108", Fremdrift: apiskriv.FremdriftUtfort, FremdriftOppdatert: "2020-05-29T12:27:17.514",
		Resultat: &apiskriv.Resultat{Vegobjekter: []apiskriv.VegobjektResultat{{TempID: "tunnel#1", NvdbID: 4587234667, Versjon: 1}}},
		Eier:     "exttxa", Klient: "MinKlientApplikasjon", Apiversjon: "3",
		Transaksjon: &apiskriv.StatusTransaksjon{OppdragID: 14534547, Tidspunkt: "2020-05-29T10:27:17"},
		Ressurser: apiskriv.Ressurser{
			link("self", "/rest/v3/endringssett/8ff65469-2424-4ed2-8b58-a5a2a3c7a408/status"),
			link("endringssett", "/rest/v3/endringssett/8ff65469-2424-4ed2-8b58-a5a2a3c7a408"),
			link("oppdrag", "/rest/v1/oppdrag/14534547"),
		},
	}
	registrer := &apiskriv.Vegobjekter{Vegobjekter: []*apiskriv.Vegobjekt{{
		TypeID: 581, TempID: "tunnel#1", Gyldighetsperiode: &apiskriv.Gyldighetsperiode{Startdato: "2020-01-01"},
		Egenskaper:  []apiskriv.Egenskap{{TypeID: 5225, Verdi: []string{"Grevlingtunnelen"}}},
		Stedfesting: &apiskriv.Stedfesting{Punkt: []apiskriv.Punkt{{VeglenkesekvensNvdbID: 1125766, Posisjon: 0.3}}},
	}}}
	const es = "/rest/v3/endringssett/63de0209-18b3-43d7-9944-69a3bc6d4037"

	tests := []struct {
		file string
		into any
		want any
	}{
		{"doc-v1-oppdrag-get.xml", &apiskriv.Oppdrag{}, &docOppdrag},
		{"doc-v3-endringssett-status-utfort.xml", &apiskriv.Status{}, &statusUtfort},
		{"doc-v3-endringssett-registrer-response-201-ressurser.xml", &apiskriv.Ressurser{}, &apiskriv.Ressurser{
			link("self", es), link("start", es+"/start"), link("kanseller", es+"/kanseller"), link("status", es+"/status"), link("fremdrift", es+"/fremdrift")}},
		{"doc-v3-endringssett-validator-response-status-avvist.xml", &apiskriv.Status{}, &apiskriv.Status{
			Mottatt: "2020-05-29T09:54:45.886", Fremdrift: apiskriv.FremdriftAvvist, FremdriftOppdatert: "2020-05-29T09:54:45.885",
			Avvistaarsak: apiskriv.AvvistaarsakValideringsfeil, Etterbehandling: &apiskriv.Etterbehandling{TilgjengeligILes: false},
			Resultat: &apiskriv.Resultat{Vegobjekter: []apiskriv.VegobjektResultat{{TempID: "tunnel#1", Feil: []apiskriv.Melding{{
				Kode: "UKJENT_EGENSKAPSTYPE", Melding: "Egenskapstypen 0 finnes ikke i datakatalogen",
				Referanse: "https://datakatalogen.vegdata.no/581", EgenskapTypeID: intp(0)}}}}},
			Eier: "exttxa", Klient: "MinKlientApplikasjon", Apiversjon: "3", Transaksjon: &apiskriv.StatusTransaksjon{},
		}},
		{"doc-v3-endringssett-get-med-status.xml", &apiskriv.Endringssett{}, &apiskriv.Endringssett{
			Datakatalogversjon: "2.20", Registrer: registrer, Status: &statusUtfort}},
		{"doc-v3-endringssett-registrer-request.xml", &apiskriv.Endringssett{}, &apiskriv.Endringssett{Datakatalogversjon: "2.20", Registrer: registrer}},
		{"doc-v3-endringssett-fremdrift-response.xml", new(apiskriv.Fremdrift), ptr(apiskriv.FremdriftBehandles)},
		{"doc-v3-endringssett-fragment-egenskap-geometri.xml", &apiskriv.Egenskap{}, &apiskriv.Egenskap{TypeID: 1234, Geometri: []apiskriv.Geometri{{
			Srid: 32633, Wkt: "POLYGON Z ((278220 7034016 123.45, 279220 7035016 246.78, 270220 7036016 226.78, 278220 7034016 123.45))",
			Lengde: ptr(4000.0), Datafangstdato: "2016-09-09", Temakode: intp(9001), Medium: intp(1), Kommune: intp(1601), Hoydereferanse: intp(2),
			Sosinavn: "FLATE", Referansegeometri: ptr(true), Verifiseringsdato: "2016-09-10", Oppdateringsdato: "2016-09-11", Prosesshistorikk: "gurba",
			Kvalitet: &apiskriv.Kvalitet{Maalemetode: intp(96), MaalemetodeHoyde: intp(96), Noyaktighet: intp(1), NoyaktighetHoyde: intp(1), Synbarhet: intp(0), Toleranse: intp(1)},
		}}}},
		{"doc-v3-endringssett-fragment-egenskap-struktur.xml", &apiskriv.Egenskap{}, &apiskriv.Egenskap{TypeID: 1234, Struktur: &apiskriv.Struktur{Medlem: []apiskriv.Medlem{
			{TypeID: 6085, Verdi: []string{"0.1"}}, {TypeID: 6086, Verdi: []string{"JA"}}, {TypeID: 6087, Verdi: []string{"Navn"}}}}}},
		{"doc-v3-endringssett-fragment-stedfesting-sving.xml", &apiskriv.Stedfesting{}, &apiskriv.Stedfesting{Sving: []apiskriv.Sving{{
			NodeNvdbID: 4656776, Fra: apiskriv.SvingPunkt{VeglenkesekvensNvdbID: 8976873, Posisjon: 0.798}, Til: apiskriv.SvingPunkt{VeglenkesekvensNvdbID: 5776873, Posisjon: 0.348}}}}},
		{"doc-v3-endringssett-fragment-stedfesting-detaljer.xml", &apiskriv.Stedfesting{}, &apiskriv.Stedfesting{Punkt: []apiskriv.Punkt{{
			VeglenkesekvensNvdbID: 1125766, Posisjon: 0.3, Retning: apiskriv.RetningMed, Kjorefelt: []string{"1", "2"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			require.NoError(t, xml.Unmarshal(readTestdata(t, tt.file), tt.into))
			assert.Equal(t, tt.want, tt.into)
		})
	}

	// The lists are read through the client, from a server answering the
	// seed's document.
	listed := apiskriv.Endringssett{
		ID: "2b0f19a0-f8ac-480d-9e4e-0e6346b17fdb", Datakatalogversjon: "2.20", Status: &apiskriv.Status{
			Mottatt: "2020-05-28T10:14:01.628", Fremdrift: apiskriv.FremdriftUtfort, FremdriftOppdatert: "2020-05-28T10:14:07.753",
			Eier: "exttxa", Klient: "MinKlientApplikasjon", Apiversjon: "3",
			Transaksjon: &apiskriv.StatusTransaksjon{OppdragID: 14534547, Tidspunkt: "2020-05-29T10:27:17"},
			Ressurser: apiskriv.Ressurser{link("self", "/rest/v3/endringssett/2b0f19a0-f8ac-480d-9e4e-0e6346b17fdb/status"),
				link("endringssett", "/rest/v3/endringssett/2b0f19a0-f8ac-480d-9e4e-0e6346b17fdb")},
		}}
	ctx := context.Background()
	c := seedClient(t, "doc-v1-oppdragliste.xml")
	op, err := c.Oppdrag.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, &apiskriv.Page[apiskriv.Oppdrag]{Items: []*apiskriv.Oppdrag{&docOppdrag}, AntallTotalt: 4951115, Start: 1, Next: 2}, op)
	c = seedClient(t, "doc-v1-transaksjoner-liste.xml")
	tp, err := c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724})
	require.NoError(t, err)
	assert.Equal(t, &apiskriv.Page[apiskriv.Transaksjon]{Items: []*apiskriv.Transaksjon{&docTrans}, AntallTotalt: 1, Start: 1}, tp)
	c = seedClient(t, "doc-v3-endringssett-sok-liste.xml")
	ep, err := c.Endringssett.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, &apiskriv.Page[apiskriv.Endringssett]{Items: []*apiskriv.Endringssett{&listed}, AntallTotalt: 4, Start: 1, Next: 2}, ep)
}

// seedClient is a client of a server that answers every request with the
// seed document file.
func seedClient(t *testing.T, file string) *apiskriv.Client {
	b := readTestdata(t, file)
	return junkClient(t, apiskriv.XML, hostile.Handler(200, "application/xml", "rid", func() io.Reader { return bytes.NewReader(b) }))
}

func ptr[T any](v T) *T { return &v }

// The real JSON GET of an endringssett (VENTER, SYSTEMFEIL) decodes.
func TestRealJSONEndringssettDecodes(t *testing.T) {
	var e apiskriv.Endringssett
	require.NoError(t, json.Unmarshal(readTestdata(t, "real-v3-endringssett-get-json-venter-systemfeil-trimmed.json"), &e))
	assert.Equal(t, "d9f51a54-aab4-489a-903d-38b8cca7ba70", e.ID)
	assert.Equal(t, "2.37", e.Datakatalogversjon)
	assert.Equal(t, "olanor", e.Ansvarlig)
	require.NotNil(t, e.Registrer)
	require.Len(t, e.Registrer.Vegobjekter, 2)
	r0 := e.Registrer.Vegobjekter[0]
	assert.Equal(t, 79, r0.TypeID)
	assert.Equal(t, "04065c8e-a64a-49eb-aa36-1920510fdc48", r0.TempID)
	assert.Equal(t, apiskriv.Punkt{VeglenkesekvensNvdbID: 72817, Posisjon: 0.66431938, Sideposisjon: "H"}, r0.Stedfesting.Punkt[0])
	assert.Equal(t, apiskriv.Ja, r0.Validering.ReduserPunkttetthet)
	assert.Equal(t, []apiskriv.AssosiertTempID{{Verdi: "00185f77-bc75-4876-b4c4-251f8192de99"}, {Verdi: "4768d7f7-276c-463d-b77a-da604e84b4b6"}}, r0.Assosiasjoner[0].TempID)
	last := r0.Egenskaper[len(r0.Egenskaper)-1]
	require.Len(t, last.Geometri, 1)
	assert.Equal(t, 25833, last.Geometri[0].Srid)
	assert.Equal(t, ptr(false), last.Geometri[0].Referansegeometri)
	assert.Equal(t, intp(96), last.Geometri[0].Kvalitet.Maalemetode)

	require.Len(t, e.Lukk.Vegobjekter, 3)
	assert.Equal(t, apiskriv.Vegobjekt{TypeID: 83, NvdbID: 85726571, Versjon: 3, Lukkedato: "2024-09-27", Kaskadelukking: apiskriv.Ja}, *e.Lukk.Vegobjekter[0])

	require.Len(t, e.DelvisOppdater.Vegobjekter, 5)
	d1 := e.DelvisOppdater.Vegobjekter[1]
	assert.Equal(t, apiskriv.Ja, d1.Overskriv)
	assert.Equal(t, apiskriv.Tidspunkt("2024-06-06T12:45:41"), d1.Validering.LestFraNvdb)
	assert.Equal(t, apiskriv.OperasjonOppdater, d1.Egenskaper[0].Operasjon)
	d2 := e.DelvisOppdater.Vegobjekter[2]
	assert.Equal(t, []apiskriv.AssosiertNvdbID{{Verdi: 1013515270, Operasjon: apiskriv.OperasjonNy}}, d2.Assosiasjoner[0].NvdbID)
	d4 := e.DelvisOppdater.Vegobjekter[4]
	assert.Equal(t, apiskriv.OperasjonOppdater, d4.Stedfesting.Operasjon)
	assert.Equal(t, apiskriv.RetningMed, d4.Stedfesting.Punkt[0].Retning)

	st := e.Status
	require.NotNil(t, st)
	assert.Equal(t, apiskriv.FremdriftVenter, st.Fremdrift)
	assert.Equal(t, apiskriv.VenteaarsakSystemfeil, st.Venteaarsak)
	assert.Equal(t, &apiskriv.Behandlingsparametere{Dryrun: false}, st.Behandlingsparametere)
	assert.Equal(t, ptr(false), st.KanselleringBestilt)
	assert.Equal(t, &apiskriv.StatusTransaksjon{}, st.Transaksjon)
	src, ok := st.Ressurser.Src("restart")
	assert.True(t, ok)
	assert.Equal(t, "https://nvdbapiskriv.atlas.vegvesen.no/rest/v3/endringssett/d9f51a54-aab4-489a-903d-38b8cca7ba70/restart", src)
	assert.False(t, st.Fremdrift.Terminal())
}

// The builder produces the documentation's registrer request.
func TestBuilderMatchesDocumentation(t *testing.T) {
	doc := apiskriv.NewEndringssett("2.20").AddRegistrer(
		apiskriv.NyttVegobjekt(581, "tunnel#1").
			WithGyldighetsperiode("2020-01-01", "").
			WithEgenskap(5225, "Grevlingtunnelen").
			WithPunkt(1125766, 0.3))
	require.NoError(t, doc.Check())
	var want apiskriv.Endringssett
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v3-endringssett-registrer-request.xml"), &want))
	assert.Equal(t, &want, doc)

	// And the JSON form public clients send.
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.JSONEq(t, `{"datakatalogversjon":"2.20","registrer":{"vegobjekter":[{"typeId":581,"tempId":"tunnel#1",
		"gyldighetsperiode":{"startdato":"2020-01-01"},"egenskaper":[{"typeId":5225,"verdi":["Grevlingtunnelen"]}],
		"stedfesting":{"punkt":[{"veglenkesekvensNvdbId":1125766,"posisjon":0.3}]}}]}}`, string(b))
}

func TestTidspunkt(t *testing.T) {
	tests := []struct {
		in   apiskriv.Tidspunkt
		ok   bool
		year int
	}{
		{"2016-09-20T07:13:31Z", true, 2016},
		{"2016-09-20T09:12:46", true, 2016},
		{"2020-05-29T12:27:15.108", true, 2020},
		{"2020-05-29", true, 2020},
		{"i går", false, 0},
	}
	for _, tt := range tests {
		tm, err := tt.in.Time()
		if !tt.ok {
			assert.Error(t, err)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.year, tm.Year())
	}
	d, err := apiskriv.Dato("2016-09-20").Time()
	require.NoError(t, err)
	assert.Equal(t, 20, d.Day())
	_, err = apiskriv.Dato("20.09.2016").Time()
	assert.Error(t, err)
}

// Advarsler and notabener decode per vegobjekt in both formats.
func TestResultatMessagesBothFormats(t *testing.T) {
	x := `<resultat><feil/><advarsler><advarsel kode="IKKE_GJELDENDE_DATAKATALOGVERSJON"><melding>ulik</melding></advarsel></advarsler><notabener/>
<vegobjekter><vegobjekt nvdbId="45874667" versjon="1"><feil/><advarsler><advarsel kode="MANGLER_BETINGET_PÅKREVDE_EGENSKAPER"><melding>mangler</melding><referanse>https://datakatalogen.vegdata.no/581</referanse></advarsel></advarsler>
<notabener><notabene kode="GEOMETRI_FORENKLET"><melding>forenklet</melding><geometrideler><wkt>POINT (1 2)</wkt></geometrideler><veglenkenummer>3</veglenkenummer><portnummer>2</portnummer></notabene></notabener></vegobjekt></vegobjekter></resultat>`
	j := `{"feil":[],"advarsler":[{"kode":"IKKE_GJELDENDE_DATAKATALOGVERSJON","melding":"ulik"}],"notabener":[],
"vegobjekter":[{"nvdbId":45874667,"versjon":1,"feil":[],"advarsler":[{"kode":"MANGLER_BETINGET_PÅKREVDE_EGENSKAPER","melding":"mangler","referanse":"https://datakatalogen.vegdata.no/581"}],
"notabener":[{"kode":"GEOMETRI_FORENKLET","melding":"forenklet","geometrideler":["POINT (1 2)"],"veglenkenummer":3,"portnummer":2}]}]}`
	var fromXML, fromJSON apiskriv.Resultat
	require.NoError(t, xml.Unmarshal([]byte(x), &fromXML))
	require.NoError(t, json.Unmarshal([]byte(j), &fromJSON))
	for _, r := range []apiskriv.Resultat{fromXML, fromJSON} {
		require.Len(t, r.Advarsler, 1)
		assert.Equal(t, "IKKE_GJELDENDE_DATAKATALOGVERSJON", r.Advarsler[0].Kode)
		v := r.Vegobjekter[0]
		assert.Equal(t, int64(45874667), v.NvdbID)
		assert.Equal(t, "https://datakatalogen.vegdata.no/581", v.Advarsler[0].Referanse)
		assert.Equal(t, apiskriv.Melding{Kode: "GEOMETRI_FORENKLET", Melding: "forenklet", Geometrideler: []string{"POINT (1 2)"},
			Veglenkenummer: intp(3), Portnummer: intp(2)}, v.Notabener[0])
		assert.Empty(t, r.AlleFeil())
	}
}
