package nvdb

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A page with every kind of egenskap, relations in both forms, nulls,
// escapes, unknown fields and the optional parts of lokasjon.
const decodeSample = `{"objekter":[
{"id":78697179,"href":"https://nvdbapiles.atlas.vegvesen.no/vegobjekter/105/78697179/1","ukjent":{"a":[1,2,{"b":"}"}]},
 "metadata":{"type":{"id":105,"navn":"Fartsgrense"},"versjon":1,"startdato":"2019-01-01","sluttdato":null,"sist_modifisert":"2023-01-01T12:34:56Z"},
 "egenskaper":[
  {"id":2021,"navn":"Fartsgrense","egenskapstype":"Heltallenum","verdi":80,"enum_id":2738,"enhet":{"id":7,"navn":"Kilometer/time","kortnavn":"km/h"}},
  {"id":1,"navn":"Binær","egenskapstype":"Binær","blob_id":213,"blob_format":"pdf","href":"https://x/213"},
  {"id":2,"navn":"Boolsk","egenskapstype":"Boolsk","verdi":true},
  {"id":3,"navn":"Dato","egenskapstype":"Dato","verdi":"2019-10-12"},
  {"id":4,"navn":"Kortdato","egenskapstype":"Kortdato","verdi":"10-12"},
  {"id":5,"navn":"Tid","egenskapstype":"Tid","verdi":"12:12"},
  {"id":6,"navn":"Geo","egenskapstype":"Geometri","verdi":"POINT Z(1 2 3)","srid":5973,"kvalitet":{"datafangstmetode":"lan","nøyaktighet":5},
   "datafangstdato":"2012-12-12","verifiseringsdato":null,"prosesshistorikk":"p","kommune":1847,"medium":"T","medium_nvdb":3,"sosinavn":"S","temakode":2012,"referansegeometri":false,"lengde":0.0,"høydereferanse":123},
  {"id":9,"navn":"Flyttall","egenskapstype":"Flyttall","verdi":-1.25e2,"enhet":null},
  {"id":10,"navn":"Struktur","egenskapstype":"Struktur","innhold":[{"id":100,"navn":"Fl","egenskapstype":"Flyttallenum","verdi":2.0,"enum_id":1}]},
  {"id":11,"navn":"Tekst \"sitat\" \u00e6","egenskapstype":"Tekst","verdi":"linje\nto \u00f8"},
  {"id":12,"navn":"Null","egenskapstype":"Tekst","verdi":null},
  {"id":13,"navn":"Ny","egenskapstype":"Framtidig","verdi":{"x":[1,"]"]}}
 ],
 "geometri":{"wkt":"LINESTRING Z (1 2 3, 4 5 6)","srid":5973,"egengeometri":false,"lengde":4.24,"forenklet":true},
 "lokasjon":{"kommuner":[5001,301],"fylker":[50],"kontraktsområder":[{"id":11111260,"nummer":1260,"navn":"1260 Hordaland"}],
  "riksvegruter":[{"enumid":20290,"riksvegrute":"RUTE4A"}],"vegforvaltere":[{"enumid":21771,"vegforvalter":"Statens vegvesen"}],
  "adresser":[{"navn":"Holkestadvegen","adressekode":3410}],
  "vegsystemreferanser":[{"vegsystem":{"vegkategori":"E","fase":"V","nummer":6},
    "strekning":{"strekning":1,"delstrekning":1,"arm":false,"adskilte_løp":"Nei","trafikantgruppe":"K","retning":"MED","fra_meter":0,"til_meter":46.5,"adskilte_løp_nummer":null},
    "kryssystem":{"kryssystem":1,"kryssdel":2,"retning":"MOT","trafikantgruppe":"K","meter":3},"sideanlegg":null,"metrertLokasjon":{"retning":"MED","kjørefelt":["1","2"]},"kortform":"EV6 S1D1 m0-46"}],
  "stedfestinger":[{"type":"Linje","veglenkesekvensid":41640,"startposisjon":0.83,"sluttposisjon":0.97,"retning":"MED","kjørefelt":[],"kortform":"0.83-0.97@41640"},
   {"type":"Sving","nodeid":384011,"startpunkt":{"type":"Punkt","veglenkesekvensid":942450,"relativPosisjon":0.2358},"sluttpunkt":{"type":"Punkt","veglenkesekvensid":942694,"relativPosisjon":0.6455,"sideposisjon":"M"}}],
  "geometri":{"wkt":"LINESTRING Z (1 2 3, 4 5 6)","srid":5973},"lengde":46.5},
 "relasjoner":{"foreldre":[{"id":220710,"type":{"id":581,"navn":"Tunnel"},"relasjonstype":"vegobjektIder","vegobjekter":[89204551]}],
  "barn":[{"id":200710,"type":{"id":67,"navn":"Tunnelløp"},"relasjonstype":"vegobjekter","vegobjekter":[{"id":1,"href":"h"}]}]},
 "vegsegmenter":[{"veglenkesekvensid":41640,"startposisjon":0.83,"sluttposisjon":0.97,"lengde":46.5,"retning":"MED","kjørefelt":["1"],"sideposisjon":"H","feltoversikt":["1","2"],
  "veglenkeType":"HOVED","detaljnivå":"Vegtrase og kjørebane","typeVeg":"Enkel bilveg","typeVeg_sosi":"enkelBilveg","startdato":"2019-01-01","sluttdato":"2020-01-01",
  "geometri":{"wkt":"LINESTRING Z (1 2 3, 4 5 6)","srid":5973},"kommune":5001,"fylke":50,
  "vegsystemreferanse":{"vegsystem":{"vegkategori":"E","fase":"V","nummer":6},"kortform":"EV6"},"kontraktsområder":[11111260],"riksvegruter":[20290],"vegforvaltere":[21771],"adresser":[3410]}]},
{"id":2,"href":"h2","metadata":null,"egenskaper":null,"lokasjon":{"kommuner":[],"fylker":[]}},
{"href":"h3","id":3}
],"metadata":{"antall":3,"returnert":3,"sidestørrelse":1000,"neste":{"start":"abc","href":"https://x?start=abc"}}}`

func TestFastDecoderMatchesEncodingJSON(t *testing.T) {
	spaced := strings.NewReplacer(`,"`, ` ,`+"\n\t"+`"`, `":`, `" : `).Replace(decodeSample)
	want, err := decodePageStd(strings.NewReader(decodeSample))
	require.NoError(t, err)
	wantSpaced, err := decodePageStd(strings.NewReader(spaced))
	require.NoError(t, err)
	readers := map[string]func() io.Reader{
		"whole":    func() io.Reader { return strings.NewReader(decodeSample) },
		"one byte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(decodeSample)) },
		"half":     func() io.Reader { return iotest.HalfReader(strings.NewReader(decodeSample)) },
		"data+eof": func() io.Reader { return iotest.DataErrReader(strings.NewReader(decodeSample)) },
	}
	for name, r := range readers {
		t.Run(name, func(t *testing.T) {
			got, err := decodePage(r())
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	got, err := decodePage(iotest.OneByteReader(strings.NewReader(spaced)))
	require.NoError(t, err)
	assert.Equal(t, wantSpaced, got)
	require.Len(t, want.Items, 3)
	assert.Equal(t, "linje\nto ø", want.Items[0].Egenskaper.ByID(11).Verdi.s)
}

func TestFastDecoderErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		eof  bool
	}{
		{"truncated", decodeSample[:len(decodeSample)/2], true},
		{"truncated in string", `{"objekter":[{"id":1,"href":"abc`, true},
		{"truncated in number", `{"objekter":[{"id":12`, true},
		{"empty", ``, true},
		{"not an object", `[1,2]`, false},
		{"bad value", `{"objekter":[{"id":"x"}],"metadata":{"returnert":0,"sidestørrelse":1}}`, false},
		{"no metadata", `{"objekter":[]}`, false},
		{"garbage", `{"objekter":[{"id":1 "href":"x"}]}`, false},
		{"bad literal", `{"objekter":[{"id":1,"geometri":{"egengeometri":fals}}]}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodePage(strings.NewReader(tc.body))
			require.Error(t, err)
			assert.Equal(t, tc.eof, errors.Is(err, io.ErrUnexpectedEOF), err.Error())
		})
	}
	// A read error is passed on.
	_, err := decodePage(io.MultiReader(strings.NewReader(`{"objekter":[`), iotest.ErrReader(errors.New("connection reset"))))
	assert.ErrorContains(t, err, "connection reset")
	// Large tokens grow the window.
	big := `{"objekter":[{"id":1,"href":"` + strings.Repeat("x", 300000) + `"}],"metadata":{"returnert":1,"sidestørrelse":1}}`
	side, err := decodePage(bytes.NewReader([]byte(big)))
	require.NoError(t, err)
	assert.Len(t, side.Items[0].Href, 300000)
}

// Objects share blocks of egenskaper; appending to one must not change
// the next.
func TestEgenskaperAreIndependent(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"objekter":[`)
	for i := 0; i < 300; i++ { // more than one block
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + strconv.Itoa(i+1) + `,"href":"h","egenskaper":[{"id":1,"navn":"a","egenskapstype":"Heltall","verdi":` + strconv.Itoa(i) + `}]}`)
	}
	b.WriteString(`],"metadata":{"returnert":300,"sidestørrelse":1000}}`)
	side, err := decodePage(strings.NewReader(b.String()))
	require.NoError(t, err)
	side.Items[0].Egenskaper = append(side.Items[0].Egenskaper, Egenskap{ID: 99})
	for i, o := range side.Items {
		require.Len(t, o.Egenskaper, map[bool]int{true: 2, false: 1}[i == 0])
		v, _ := o.Egenskaper[0].Heltall()
		require.EqualValues(t, i, v)
	}
}
