package nvdb_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

// One egenskap of every kind, in the v4 shape.
const allKinds = `[
 {"id":1,"navn":"Binær","egenskapstype":"Binær","blob_id":213,"blob_format":"pdf","href":"https://example.invalid/blob/213"},
 {"id":2,"navn":"Boolsk","egenskapstype":"Boolsk","verdi":false},
 {"id":3,"navn":"Dato","egenskapstype":"Dato","verdi":"2019-10-12"},
 {"id":4,"navn":"KortDato","egenskapstype":"Kortdato","verdi":"10-12"},
 {"id":5,"navn":"Tidspunkt","egenskapstype":"Tid","verdi":"12:34"},
 {"id":6,"navn":"PunktGeometri","egenskapstype":"Geometri","verdi":"POINT Z(88206.769 6783844.948 259.863)","srid":5973,
  "kvalitet":{"datafangstmetode":"lan","nøyaktighet":5,"synbarhet":2},"datafangstdato":"2012-12-12","medium":"T","temakode":2012,"referansegeometri":false,"lengde":0.0},
 {"verdi":1,"id":7,"navn":"Heltall","egenskapstype":"Heltall","enhet":{"id":1,"navn":"Meter","kortnavn":"m"}},
 {"id":8,"navn":"Fartsgrense","egenskapstype":"Heltallenum","verdi":80,"enum_id":2738,"enhet":{"id":7,"navn":"Kilometer/time","kortnavn":"km/h"}},
 {"id":9,"navn":"Flyttall","egenskapstype":"Flyttall","verdi":1.213},
 {"id":10,"navn":"Strukt","egenskapstype":"Struktur","innhold":[
   {"id":10001,"navn":"Tallenum","egenskapstype":"Flyttallenum","verdi":2.5,"enum_id":1},
   {"id":10002,"navn":"Flyttall","egenskapstype":"Flyttall","verdi":1.213}]},
 {"id":11,"navn":"Tekst","egenskapstype":"Tekst","verdi":"\u00f8l \"sterk\""},
 {"id":12,"navn":"Tekstenum","egenskapstype":"Tekstenum","verdi":"Ja","enum_id":4922},
 {"id":13,"navn":"Liste","egenskapstype":"Liste","innhold":[{"id":130,"navn":"Tekst","egenskapstype":"Tekst","verdi":"a"}]},
 {"id":14,"navn":"Ukjent","egenskapstype":"Stedfesting","verdi":{"veglenkesekvensid":384011,"relativPosisjon":0.07}},
 {"id":15,"navn":"Tom","egenskapstype":"Tekst","verdi":null}
]`

func TestEgenskapUnion(t *testing.T) {
	var es nvdb.Egenskaper
	require.NoError(t, json.Unmarshal([]byte(allKinds), &es))
	require.Len(t, es, 15)

	b, ok := es.ByID(2).Boolsk()
	assert.True(t, ok)
	assert.False(t, b)

	d, ok := es.ByID(3).Dato()
	assert.True(t, ok)
	assert.Equal(t, time.Date(2019, 10, 12, 0, 0, 0, 0, time.UTC), d)

	m, day, ok := es.ByID(4).Kortdato()
	assert.True(t, ok)
	assert.Equal(t, time.October, m)
	assert.Equal(t, 12, day)

	h, mi, ok := es.ByID(5).Tid()
	assert.True(t, ok)
	assert.Equal(t, []int{12, 34}, []int{h, mi})

	wkt, srid, ok := es.ByID(6).Geometri()
	assert.True(t, ok)
	assert.Equal(t, "POINT Z(88206.769 6783844.948 259.863)", wkt)
	assert.Equal(t, 5973, srid)
	assert.Equal(t, 5, *es.ByID(6).Kvalitet.Noyaktighet)

	n, ok := es.ByID(7).Heltall()
	assert.True(t, ok)
	assert.EqualValues(t, 1, n)
	assert.Equal(t, "m", es.ByID(7).Enhet.Kortnavn)
	assert.Equal(t, "1 m", es.ByID(7).String())

	fart := es.ByNavn("fartsgrense")
	require.NotNil(t, fart)
	n, _ = fart.Heltall()
	assert.EqualValues(t, 80, n)
	enum, ok := fart.Enum()
	assert.True(t, ok)
	assert.Equal(t, 2738, enum)
	assert.Equal(t, "80 km/h", fart.String())

	f, ok := es.ByID(9).Flyttall()
	assert.True(t, ok)
	assert.InDelta(t, 1.213, f, 1e-12)
	_, ok = es.ByID(9).Heltall()
	assert.False(t, ok, "a Flyttall is not a Heltall")

	s := es.ByID(10)
	require.Len(t, s.Innhold, 2)
	f, ok = es.ByID(10001).Flyttall() // members are found by id
	assert.True(t, ok)
	assert.InDelta(t, 2.5, f, 1e-12)

	txt, ok := es.ByID(11).Tekst()
	assert.True(t, ok)
	assert.Equal(t, `øl "sterk"`, txt)
	_, ok = es.ByID(11).Heltall()
	assert.False(t, ok)

	txt, ok = es.ByID(12).Tekst()
	assert.True(t, ok)
	assert.Equal(t, "Ja", txt)

	assert.Equal(t, "a", es.ByID(13).Innhold[0].Verdi.Any())

	// A v3-style Stedfesting egenskap on an object: a catalogue type, whose
	// value on an object this package keeps raw.
	unknown := es.ByID(14)
	assert.Equal(t, nvdb.EgenskapstypeStedfesting, unknown.Egenskapstype)
	assert.True(t, unknown.Egenskapstype.Known())
	assert.False(t, nvdb.Egenskapstype("Framtidig").Known())
	assert.True(t, nvdb.EgenskapstypeAssosiasjon.Known())
	assert.Equal(t, nvdb.VerdiRaw, unknown.Verdi.Kind())
	assert.JSONEq(t, `{"veglenkesekvensid":384011,"relativPosisjon":0.07}`, string(unknown.Verdi.Raw()))

	assert.True(t, es.ByID(15).IsNull())
	assert.Equal(t, 213, es.ByID(1).BlobID)
	assert.Nil(t, es.ByID(99))
	assert.Nil(t, es.ByNavn("finnes ikke"))

	// Round trip keeps the wire form.
	out, err := json.Marshal(es)
	require.NoError(t, err)
	var back nvdb.Egenskaper
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, es, back)
}

func TestEgenskapAccessorsCheckKind(t *testing.T) {
	var e nvdb.Egenskap
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"navn":"x","egenskapstype":"Tekst","verdi":"12:30"}`), &e))
	_, _, ok := e.Tid()
	assert.False(t, ok)
	_, ok = e.Dato()
	assert.False(t, ok)
	_, ok = e.Boolsk()
	assert.False(t, ok)
	_, _, ok = e.Geometri()
	assert.False(t, ok)
	_, ok = e.Enum()
	assert.False(t, ok)
	_, _, ok = e.Kortdato()
	assert.False(t, ok)
}
