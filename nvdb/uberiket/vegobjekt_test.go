package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVegobjektRequired: an object without a member the specification
// requires is an error to the caller, not a zero value.
func TestVegobjektRequired(t *testing.T) {
	const full = `{"id":323113504,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46.998137Z"}`
	var o Vegobjekt
	require.NoError(t, json.Unmarshal([]byte(full), &o))
	require.NoError(t, o.check(), "inkluder=minimum: only the required members")
	out, err := json.Marshal(o)
	require.NoError(t, err)
	assert.JSONEq(t, full, string(out), "nothing absent is written")

	for _, tc := range []struct{ json, want string }{
		{`{"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"}`, `missing required member "id"`},
		{`{"id":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"}`, `"versjon"`},
		{`{"id":1,"versjon":1,"sistEndret":"2025-05-01T18:46:46Z"}`, `"typeId"`},
		{`{"id":1,"versjon":1,"typeId":105}`, `"sistEndret"`},
		{`{}`, `missing required member`},
		{`{"id":"1","versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"}`, `vegobjekt`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"igår"}`, `invalid timestamp`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z","gyldighetsperiode":{}}`, `missing required member "startdato"`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z","gyldighetsperiode":{"startdato":"2025-13-01"}}`, `invalid date`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z","egenskaper":{"1":{"verdi":2}}}`, `"type"`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z","stedfesting":{"type":"StedfestingLinjer"}}`, `"linjer"`},
		{`{"id":1,"versjon":1,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z","barn":{"9":[1,"2"]}}`, `vegobjekt`},
		{`[1]`, `vegobjekt`},
	} {
		t.Run(tc.json, func(t *testing.T) {
			var o Vegobjekt
			assert.ErrorContains(t, json.Unmarshal([]byte(tc.json), &o), tc.want)
		})
	}
}

// TestVegobjektCheck: objects that cannot be NVDB's (a null line, zero
// ids, a broken part) fail check, which the endpoints run on every
// decoded object.
func TestVegobjektCheck(t *testing.T) {
	at := time.Date(2025, 5, 1, 18, 46, 46, 0, time.UTC)
	ok := func() *Vegobjekt { return &Vegobjekt{ID: 1, Versjon: 1, TypeID: 105, SistEndret: at} }
	require.NoError(t, ok().check())
	for name, mutate := range map[string]func(o *Vegobjekt){
		"id":                func(o *Vegobjekt) { o.ID = 0 },
		"typeId":            func(o *Vegobjekt) { o.TypeID = 0 },
		"versjon":           func(o *Vegobjekt) { o.Versjon = 0 },
		"sistEndret":        func(o *Vegobjekt) { o.SistEndret = time.Time{} },
		"gyldighetsperiode": func(o *Vegobjekt) { o.Gyldighetsperiode = &Gyldighetsperiode{Startdato: "1.1.2020"} },
		"sluttdato":         func(o *Vegobjekt) { o.Gyldighetsperiode = &Gyldighetsperiode{Startdato: "2020-01-01", Sluttdato: "x"} },
		"egenskap":          func(o *Vegobjekt) { o.Egenskaper = Egenskaper{1: {}} },
		"stedfesting":       func(o *Vegobjekt) { o.Stedfesting = &Stedfesting{} },
	} {
		o := ok()
		mutate(o)
		assert.Error(t, o.check(), name)
	}
	assert.Error(t, (*Vegobjekt)(nil).check())
	var null Vegobjekt
	require.NoError(t, json.Unmarshal([]byte("null"), &null), "null is encoding/json's no-op")
	assert.Error(t, null.check(), "and check refuses the empty object")
}

// TestGyldighetsperiode: valid from startdato up to, not including,
// sluttdato, on the Norwegian date.
func TestGyldighetsperiode(t *testing.T) {
	g := &Gyldighetsperiode{Startdato: "2012-02-01", Sluttdato: "2025-06-01"}
	for d, want := range map[Dato]bool{"2012-01-31": false, "2012-02-01": true, "2025-05-31": true, "2025-06-01": false} {
		assert.Equal(t, want, g.AktivPaa(d), d)
	}
	assert.True(t, g.Lukket())
	open := &Gyldighetsperiode{Startdato: "2012-02-01"}
	assert.True(t, open.AktivPaa("2999-01-01"))
	assert.False(t, open.Lukket())
	// 23:30 UTC on the 31st is already the 1st in Oslo.
	assert.False(t, g.Aktiv(time.Date(2025, 5, 31, 23, 30, 0, 0, time.UTC)))
	assert.True(t, g.Aktiv(time.Date(2025, 5, 31, 21, 30, 0, 0, time.UTC)))
	assert.Equal(t, Dato("2025-06-01"), Today(time.Date(2025, 5, 31, 22, 30, 0, 0, time.UTC)))

	out, err := json.Marshal(open)
	require.NoError(t, err)
	assert.JSONEq(t, `{"startdato":"2012-02-01"}`, string(out))
	var d Dato
	assert.Error(t, json.Unmarshal([]byte(`"2012-2-1"`), &d))
	assert.Error(t, json.Unmarshal([]byte(`20120201`), &d))
	assert.False(t, Dato("2012-02-30").Valid())
	tm, err := Dato("2012-02-01").Time()
	require.NoError(t, err)
	assert.Equal(t, Dato("2012-02-01"), DatoOf(tm))
}

// TestVegobjektVersjon converts between an object and the version a
// hendelse carries.
func TestVegobjektVersjon(t *testing.T) {
	at := time.Date(2025, 5, 1, 18, 46, 46, 998137000, time.UTC)
	o := &Vegobjekt{ID: 323113504, Versjon: 1, TypeID: 105, Gyldighetsperiode: &Gyldighetsperiode{Startdato: "2012-02-01"},
		Egenskaper: Egenskaper{2021: NewEnum(2730)}, Barn: map[int][]int64{},
		Stedfesting: &Stedfesting{Type: StedfestingLinjer, Linjer: []StedfestingLinje{{VeglenkesekvensID: 2098186, Sluttposisjon: 1, Retning: RetningMed}}},
		SistEndret:  at}
	v := o.AsVersjon()
	assert.Equal(t, 1, v.VersjonID)
	assert.Equal(t, o, v.Vegobjekt(o.ID, o.TypeID, at))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"versjonId":1,"gyldighetsperiode":{"startdato":"2012-02-01"},"egenskaper":{"2021":{"type":"EnumEgenskap","verdi":2730}},"barn":{},
		"stedfesting":{"type":"StedfestingLinjer","linjer":[{"id":2098186,"startposisjon":0,"sluttposisjon":1,"retning":"MED"}]}}`, string(out))
	var back VegobjektVersjon
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, v, &back)
	require.NoError(t, back.check("x"))

	assert.ErrorContains(t, json.Unmarshal([]byte(`{"versjonId":1,"gyldighetsperiode":{"startdato":"2012-02-01"},"egenskaper":{}}`), &back),
		`missing required member "versjonId", "gyldighetsperiode", "egenskaper", "barn"`)
	assert.Error(t, (&VegobjektVersjon{VersjonID: 1}).check("x"), "no gyldighetsperiode")
	assert.Error(t, (*VegobjektVersjon)(nil).check("x"))
	// Written from code without maps, the required members are still sent.
	out, err = json.Marshal(&VegobjektVersjon{VersjonID: 2, Gyldighetsperiode: &Gyldighetsperiode{Startdato: "2020-01-01"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"versjonId":2,"gyldighetsperiode":{"startdato":"2020-01-01"},"egenskaper":{},"barn":{}}`, string(out))
}

// TestDecodeLine decodes the lines of a stream: each a checked object, a
// broken or empty one an error.
func TestDecodeLine(t *testing.T) {
	o, err := decodeLine[Vegobjekt]([]byte(`{"id":1,"versjon":2,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"}`))
	require.NoError(t, err)
	assert.Equal(t, 2, o.Versjon)
	_, err = decodeLine[Vegobjekt]([]byte(`null`))
	assert.Error(t, err)
	_, err = decodeLine[Vegobjekt]([]byte(`{"id":1,"versjon":2,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"`))
	assert.Error(t, err, "a line cut off")
	_, err = decodeLine[Vegobjekt]([]byte(`{"id":0,"versjon":2,"typeId":105,"sistEndret":"2025-05-01T18:46:46Z"}`))
	assert.Error(t, err)
	h, err := decodeLine[VegobjektHendelse]([]byte(`{"hendelseId":5,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0,"tidspunkt":"2025-05-02T00:00:00Z"}`))
	require.NoError(t, err)
	assert.Zero(t, h.VegobjektVersjon)
	_, err = decodeLine[VeglenkeMedID]([]byte(`{"veglenkesekvensId":1}`))
	assert.ErrorContains(t, err, "missing required member")
}
