package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEgenskapUnion decodes every egenskap type, reads it through its own
// accessor, checks that the other accessors say "not there", writes it
// back unchanged and validates it against the specification.
func TestEgenskapUnion(t *testing.T) {
	spec := loadSpec(t)
	tests := []struct {
		name string
		json string
		typ  EgenskapType
		want func(t *testing.T, e *Egenskap)
		// answers lists the accessors that answer for this type.
		answers []string
		built   *Egenskap // the same value from its constructor
	}{
		{"tekst", `{"type":"TekstEgenskap","verdi":"Åsvegen \"nord\""}`, EgenskapTekst, func(t *testing.T, e *Egenskap) {
			s, _ := e.Tekst()
			assert.Equal(t, `Åsvegen "nord"`, s)
		}, []string{"Tekst"}, NewTekst(`Åsvegen "nord"`)},
		{"heltall", `{"type":"HeltallEgenskap","verdi":9007199254740993}`, EgenskapHeltall, func(t *testing.T, e *Egenskap) {
			n, _ := e.Heltall()
			assert.EqualValues(t, 9007199254740993, n, "beyond float64's integers")
		}, []string{"Heltall", "Flyttall"}, NewHeltall(9007199254740993)},
		{"flyttall", `{"type":"FlyttallEgenskap","verdi":4.84}`, EgenskapFlyttall, func(t *testing.T, e *Egenskap) {
			f, _ := e.Flyttall()
			assert.Equal(t, 4.84, f)
		}, []string{"Flyttall"}, NewFlyttall(4.84)},
		{"dato", `{"type":"DatoEgenskap","verdi":"2017-08-30"}`, EgenskapDato, func(t *testing.T, e *Egenskap) {
			d, _ := e.Dato()
			assert.Equal(t, time.Date(2017, 8, 30, 0, 0, 0, 0, time.UTC), d)
		}, []string{"Dato"}, NewDato("2017-08-30")},
		{"kortdato", `{"type":"KortDatoEgenskap","verdi":"--03-22"}`, EgenskapKortDato, func(t *testing.T, e *Egenskap) {
			m, d, _ := e.KortDato()
			assert.Equal(t, time.March, m)
			assert.Equal(t, 22, d)
		}, []string{"KortDato"}, NewKortDato(time.March, 22)},
		{"tid", `{"type":"TidEgenskap","verdi":"14:30:05"}`, EgenskapTid, func(t *testing.T, e *Egenskap) {
			h, m, s, _ := e.Tid()
			assert.Equal(t, []int{14, 30, 5}, []int{h, m, s})
		}, []string{"Tid"}, NewTid(14, 30, 5)},
		{"enum", `{"type":"EnumEgenskap","verdi":2730}`, EgenskapEnum, func(t *testing.T, e *Egenskap) {
			id, _ := e.EnumID()
			assert.Equal(t, 2730, id)
		}, []string{"EnumID"}, NewEnum(2730)},
		{"boolsk", `{"type":"BoolskEgenskap","verdi":false}`, EgenskapBoolsk, func(t *testing.T, e *Egenskap) {
			b, ok := e.Boolsk()
			assert.True(t, ok)
			assert.False(t, b)
		}, []string{"Boolsk"}, NewBoolsk(false)},
		{"binaer", `{"type":"BinaerEgenskap","format":"JPEG","ressursId":1234567}`, EgenskapBinaer, func(t *testing.T, e *Egenskap) {
			f, id, _ := e.Binaer()
			assert.Equal(t, "JPEG", f)
			assert.Equal(t, 1234567, id)
		}, []string{"Binaer"}, NewBinaer("JPEG", 1234567)},
		{"binaer without ressursId", `{"type":"BinaerEgenskap","format":"PDF"}`, EgenskapBinaer, func(t *testing.T, e *Egenskap) {
			f, id, ok := e.Binaer()
			assert.True(t, ok)
			assert.Equal(t, "PDF", f)
			assert.Zero(t, id)
		}, []string{"Binaer"}, NewBinaer("PDF", 0)},
		{"geometri", `{"type":"GeometriEgenskap","verdi":{"wkt":"POINT Z(273292 7041529 54.335)","srid":5973,"temakode":0,"kvalitet":{"noyaktighet":-1}}}`,
			EgenskapGeometri, func(t *testing.T, e *Egenskap) {
				g, _ := e.Geometri()
				assert.Equal(t, "POINT Z(273292 7041529 54.335)", g.WKT)
				assert.Equal(t, 5973, g.Srid)
				assert.Equal(t, 0, *g.Temakode)
			}, []string{"Geometri"}, nil},
		{"liste", `{"type":"ListeEgenskap","verdier":[{"type":"EnumEgenskap","verdi":1},{"type":"TekstEgenskap","verdi":"x"}]}`,
			EgenskapListe, func(t *testing.T, e *Egenskap) {
				vs := e.Verdier()
				require.Len(t, vs, 2)
				id, _ := vs[0].EnumID()
				assert.Equal(t, 1, id)
				assert.Equal(t, "[1, x]", e.String())
			}, []string{"Verdier"}, NewListe(NewEnum(1), NewTekst("x"))},
		{"struktur keeps its members", `{"type":"StrukturEgenskap","verdier":{"1":{"type":"TekstEgenskap","verdi":"a"}},"annet":[1,2]}`,
			EgenskapStruktur, func(t *testing.T, e *Egenskap) {
				assert.JSONEq(t, `{"type":"StrukturEgenskap","verdier":{"1":{"type":"TekstEgenskap","verdi":"a"}},"annet":[1,2]}`, string(e.Raw()))
			}, []string{"Raw"}, nil},
	}
	accessors := map[string]func(e *Egenskap) bool{
		"Tekst":    func(e *Egenskap) bool { _, ok := e.Tekst(); return ok },
		"Heltall":  func(e *Egenskap) bool { _, ok := e.Heltall(); return ok },
		"Flyttall": func(e *Egenskap) bool { _, ok := e.Flyttall(); return ok },
		"EnumID":   func(e *Egenskap) bool { _, ok := e.EnumID(); return ok },
		"Dato":     func(e *Egenskap) bool { _, ok := e.Dato(); return ok },
		"KortDato": func(e *Egenskap) bool { _, _, ok := e.KortDato(); return ok },
		"Tid":      func(e *Egenskap) bool { _, _, _, ok := e.Tid(); return ok },
		"Boolsk":   func(e *Egenskap) bool { _, ok := e.Boolsk(); return ok },
		"Binaer":   func(e *Egenskap) bool { _, _, ok := e.Binaer(); return ok },
		"Geometri": func(e *Egenskap) bool { _, ok := e.Geometri(); return ok },
		"Verdier":  func(e *Egenskap) bool { return e.Verdier() != nil },
		"Raw":      func(e *Egenskap) bool { return e.Raw() != nil },
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e Egenskap
			require.NoError(t, json.Unmarshal([]byte(tc.json), &e))
			require.NoError(t, e.check("test"))
			assert.Equal(t, tc.typ, e.Type())
			tc.want(t, &e)
			for name, answers := range accessors {
				assert.Equal(t, contains(tc.answers, name), answers(&e), "accessor %s", name)
			}
			out, err := json.Marshal(&e)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(out))
			out, err = json.Marshal(e)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(out), "a value, not a pointer, is written the same")
			assert.NoError(t, spec.ValidateSchema("EgenskapVerdi", out))
			appended, err := Egenskaper{7: &e, 3: nil}.AppendJSON([]byte("prefix"))
			require.NoError(t, err)
			assert.Equal(t, `prefix{"3":null,"7":`+string(out)+`}`, string(appended), "AppendJSON appends MarshalJSON's bytes")
			if tc.built != nil {
				assert.Equal(t, &e, tc.built, "the constructor builds the same value")
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestEgenskapUnknownType keeps a type the package does not know whole,
// so that a store writing it back loses nothing.
func TestEgenskapUnknownType(t *testing.T) {
	const raw = `{"type":"FargeEgenskap","verdi":{"r":255,"g":0,"b":0},"enhet":"RGB"}`
	var o Vegobjekt
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"versjon":1,"typeId":9999,"sistEndret":"2025-01-01T00:00:00Z","egenskaper":{"1":`+raw+`}}`), &o))
	require.NoError(t, o.check())
	e := o.Egenskap(1)
	assert.Equal(t, EgenskapType("FargeEgenskap"), e.Type())
	assert.False(t, e.Type().Known())
	assert.JSONEq(t, raw, string(e.Raw()))
	assert.JSONEq(t, raw, e.String())
	out, err := json.Marshal(o.Egenskaper)
	require.NoError(t, err)
	assert.JSONEq(t, `{"1":`+raw+`}`, string(out))
	appended, err := o.Egenskaper.AppendJSON([]byte("prefix"))
	require.NoError(t, err)
	assert.Equal(t, "prefix"+string(out), string(appended))

	built, err := RawEgenskap(json.RawMessage(raw))
	require.NoError(t, err)
	assert.Equal(t, e, built)
	_, err = RawEgenskap(json.RawMessage(`{"verdi":1}`))
	assert.ErrorContains(t, err, `missing required member "type"`)
}

// TestEgenskapRefused: a value without what its type requires, or of the
// wrong JSON kind, is an error, not a zero.
func TestEgenskapRefused(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"verdi":1}`, `missing required member "type"`},
		{`{"type":"EnumEgenskap"}`, `EnumEgenskap: missing required member "verdi"`},
		{`{"type":"EnumEgenskap","verdi":null}`, `missing required member "verdi"`},
		{`{"type":"EnumEgenskap","verdi":"2730"}`, "expected a number, got a string"},
		{`{"type":"HeltallEgenskap","verdi":1.5}`, "not an integer"},
		{`{"type":"TekstEgenskap","verdi":7}`, "verdi"},
		{`{"type":"DatoEgenskap","verdi":"30.08.2017"}`, "invalid date"},
		{`{"type":"FlyttallEgenskap","verdi":"4.84"}`, "verdi"},
		{`{"type":"BoolskEgenskap","verdi":"true"}`, "verdi"},
		{`{"type":"BinaerEgenskap","ressursId":1}`, `missing required member "format"`},
		{`{"type":"ListeEgenskap"}`, `missing required member "verdier"`},
		{`{"type":"GeometriEgenskap","verdi":{"srid":5973}}`, `missing required member "wkt", "srid"`},
		{`{"type":7}`, "type: expected a string, got a number"},
		{`[]`, "expected an object, got an array"},
	} {
		t.Run(tc.json, func(t *testing.T) {
			var e Egenskap
			assert.ErrorContains(t, json.Unmarshal([]byte(tc.json), &e), tc.want)
		})
	}
	// A null value in a map is kept as nil: the accessors read it as absent.
	var es Egenskaper
	require.NoError(t, json.Unmarshal([]byte(`{"2021":null,"5127":{"type":"DatoEgenskap","verdi":"1980-01-01"}}`), &es))
	assert.Contains(t, es, 2021)
	assert.Nil(t, es[2021])
	_, ok := es[2021].EnumID()
	assert.False(t, ok)
	out, err := json.Marshal(es)
	require.NoError(t, err)
	assert.JSONEq(t, `{"2021":null,"5127":{"type":"DatoEgenskap","verdi":"1980-01-01"}}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"fart":{"type":"EnumEgenskap","verdi":1}}`), &es), "keys are egenskapstype ids")
}

// TestEgenskapCheck: values built in code that cannot be NVDB's.
func TestEgenskapCheck(t *testing.T) {
	assert.NoError(t, (*Egenskap)(nil).check("x"), "a null value")
	assert.Error(t, (&Egenskap{}).check("x"))
	assert.Error(t, NewDato("2017-13-01").check("x"))
	assert.Error(t, NewGeometri(nil).check("x"))
	assert.Error(t, NewGeometri(&Geometristruktur{WKT: "POINT(1 2)"}).check("x"), "no srid")
	assert.Error(t, NewListe(NewEnum(1), nil).check("x"))
	assert.Error(t, NewListe(NewDato("x")).check("x"))
	assert.Error(t, (&Egenskap{typ: EgenskapStruktur}).check("x"), "a struktur without its JSON")
	assert.NoError(t, NewGeometri(&Geometristruktur{WKT: "POINT(1 2)", Srid: 5973}).check("x"))
}

// TestNilSafety calls every accessor on nil receivers and on parts an
// answer left out: each reports "not there", none panics.
func TestNilSafety(t *testing.T) {
	var e *Egenskap
	var o *Vegobjekt
	var g *Gyldighetsperiode
	var s *Stedfesting
	var v *VegobjektVersjon
	empty := &Vegobjekt{ID: 1} // inkluder=minimum: no egenskaper, no stedfesting
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Egenskap.Type", e.Type(), EgenskapType("")},
		{"Egenskap.Tekst", first(e.Tekst()), ""},
		{"Egenskap.Heltall", first(e.Heltall()), int64(0)},
		{"Egenskap.Flyttall", first(e.Flyttall()), 0.0},
		{"Egenskap.EnumID", first(e.EnumID()), 0},
		{"Egenskap.Dato", first(e.Dato()), time.Time{}},
		{"Egenskap.Boolsk", first(e.Boolsk()), false},
		{"Egenskap.Geometri", first(e.Geometri()), (*Geometristruktur)(nil)},
		{"Egenskap.Verdier", e.Verdier(), []*Egenskap(nil)},
		{"Egenskap.Raw", e.Raw(), json.RawMessage(nil)},
		{"Egenskap.String", e.String(), ""},
		{"Vegobjekt.Egenskap", o.Egenskap(2021), (*Egenskap)(nil)},
		{"Vegobjekt.Egenskap.EnumID", first(o.Egenskap(2021).EnumID()), 0},
		{"Vegobjekt.Aktiv", o.Aktiv(time.Now()), false},
		{"Vegobjekt.Startdato", o.Startdato(), Dato("")},
		{"Vegobjekt.Sluttdato", o.Sluttdato(), Dato("")},
		{"Vegobjekt.Veglenkesekvenser", o.Veglenkesekvenser(), []int64(nil)},
		{"Vegobjekt.AsVersjon", o.AsVersjon(), (*VegobjektVersjon)(nil)},
		{"minimum Egenskap", empty.Egenskap(2021), (*Egenskap)(nil)},
		{"minimum Aktiv", empty.Aktiv(time.Now()), false},
		{"minimum Startdato", empty.Startdato(), Dato("")},
		{"minimum Veglenkesekvenser", empty.Veglenkesekvenser(), []int64(nil)},
		{"Gyldighetsperiode.Aktiv", g.Aktiv(time.Now()), false},
		{"Gyldighetsperiode.AktivPaa", g.AktivPaa("2025-01-01"), false},
		{"Gyldighetsperiode.Lukket", g.Lukket(), false},
		{"Stedfesting.Veglenkesekvenser", s.Veglenkesekvenser(), []int64(nil)},
		{"VegobjektVersjon.Vegobjekt", v.Vegobjekt(1, 105, time.Now()), (*Vegobjekt)(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.got) })
	}
	_, _, ok := e.KortDato()
	assert.False(t, ok)
	_, _, _, ok = e.Tid()
	assert.False(t, ok)
	_, _, ok = e.Binaer()
	assert.False(t, ok)
}

func first[A any, B any](a A, _ B) A { return a }
