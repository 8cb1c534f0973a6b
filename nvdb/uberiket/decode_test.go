package uberiket

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// line is a stream line of a speed limit with three stretches.
const line = `{"id":85283803,"versjon":2,"typeId":105,"gyldighetsperiode":{"startdato":"2009-01-01"},` +
	`"egenskaper":{"2021":{"type":"EnumEgenskap","verdi":2730},"5127":{"type":"DatoEgenskap","verdi":"1980-01-01"}},"barn":{},` +
	`"stedfesting":{"type":"StedfestingLinjer","linjer":[{"id":41423,"startposisjon":0,"sluttposisjon":0.4010989,"retning":"MED","kjorefelt":[]},` +
	`{"id":41423,"startposisjon":0.59010989,"sluttposisjon":0.95944735,"retning":"MED","kjorefelt":[]},` +
	`{"id":41424,"startposisjon":0,"sluttposisjon":1,"retning":"MOT","kjorefelt":["1","2"]}]},"sistEndret":"2025-04-30T19:09:15.976470Z"}`

// TestDecodeSyntax: the decoder accepts only JSON, as encoding/json does.
func TestDecodeSyntax(t *testing.T) {
	for _, bad := range []string{
		``, ` `, `{`, `{"id":1,}`, `{"id":1 "versjon":1}`, `{id:1}`, `{"id":01,"versjon":1,"typeId":1,"sistEndret":"2025-05-01T00:00:00Z"}`,
		line + `x`, line + `{}`, strings.Replace(line, `2730`, `2730.`, 1), strings.Replace(line, `2730`, `-`, 1),
		strings.Replace(line, `"MED"`, `"M`+"\x01"+`D"`, 1), strings.Replace(line, `"MED"`, `"MED`, 1),
		strings.Replace(line, `"barn":{}`, `"barn":nul`, 1), strings.Replace(line, `"barn":{}`, `"barn":{"1":[1,]}`, 1),
		strings.Replace(line, `"barn":{}`, `"x":[1 2]`, 1), strings.Replace(line, `"barn":{}`, `"x":tru`, 1),
		strings.Replace(line, `"barn":{}`, `"x":1e`, 1), strings.Replace(line, `"barn":{}`, `"x":"\x"`, 1),
		strings.Replace(line, `"barn":{}`, `"x":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000), 1),
	} {
		var o Vegobjekt
		err := o.UnmarshalJSON([]byte(bad))
		assert.Error(t, err, "%.80q", bad)
	}
}

// TestDecodeForms: what JSON allows and NVDB may send in another form than
// the samples: members in any order, unknown members, escapes, space,
// timestamps with zones, null for absent parts.
func TestDecodeForms(t *testing.T) {
	var want Vegobjekt
	require.NoError(t, want.UnmarshalJSON([]byte(line)))
	for name, in := range map[string]string{
		"reordered": `{"sistEndret":"2025-04-30T19:09:15.976470Z","stedfesting":{"linjer":[` +
			`{"kjorefelt":[],"retning":"MED","sluttposisjon":0.4010989,"startposisjon":0,"id":41423},` +
			`{"retning":"MED","id":41423,"startposisjon":0.59010989,"sluttposisjon":0.95944735,"kjorefelt":[]},` +
			`{"id":41424,"startposisjon":0,"sluttposisjon":1,"retning":"MOT","kjorefelt":["1","2"]}],"type":"StedfestingLinjer"},` +
			`"barn":{},"egenskaper":{"5127":{"verdi":"1980-01-01","type":"DatoEgenskap"},"2021":{"verdi":2730,"type":"EnumEgenskap"}},` +
			`"gyldighetsperiode":{"startdato":"2009-01-01"},"typeId":105,"versjon":2,"id":85283803}`,
		"unknown members": strings.Replace(strings.Replace(strings.Replace(line, `"barn":{}`, `"barn":{},"ny":{"a":[1,{"b":null}],"c":true}`, 1),
			`"retning":"MOT"`, `"retning":"MOT","x":1.5e-3`, 1), `"verdi":2730`, `"verdi":2730,"enhet":{"id":7}`, 1),
		"space":          strings.NewReplacer(`,"`, " ,\n\t\"", `":`, "\" : ", `{`, "{ ", `}`, " }").Replace(line),
		"zone":           strings.Replace(line, `2025-04-30T19:09:15.976470Z`, `2025-04-30T21:09:15.97647+02:00`, 1),
		"null sluttdato": strings.Replace(line, `{"startdato":"2009-01-01"}`, `{"startdato":"2009-01-01","sluttdato":null}`, 1),
		"escaped":        strings.Replace(line, `"MOT"`, `"\u004dOT"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			var o Vegobjekt
			require.NoError(t, o.UnmarshalJSON([]byte(in)))
			assert.True(t, o.SistEndret.Equal(want.SistEndret))
			o.SistEndret = want.SistEndret
			assert.Equal(t, want, o)
		})
	}
	var o Vegobjekt
	require.NoError(t, o.UnmarshalJSON([]byte(strings.Replace(line, `,"sistEndret"`, `,"barn":null,"gyldighetsperiode":null,"egenskaper":null,"stedfesting":null,"sistEndret"`, 1))))
	assert.Nil(t, o.Barn)
	assert.Nil(t, o.Gyldighetsperiode, "the last of a repeated member wins")
	assert.Nil(t, o.Egenskaper)
	assert.Nil(t, o.Stedfesting)

	var e Egenskap
	require.NoError(t, e.UnmarshalJSON([]byte(`{"type":"TekstEgenskap","verdi":"\"Åsvegen\" \u00e5 \\ \ud83d\ude00"}`)))
	s, _ := e.Tekst()
	assert.Equal(t, `"Åsvegen" å \ 😀`, s)
	require.NoError(t, e.UnmarshalJSON([]byte(`{"type":"TekstEgenskap","verdi":"ugyldig `+"\xff"+`"}`)))
	s, _ = e.Tekst()
	assert.Equal(t, "ugyldig \ufffd", s, "broken UTF-8 as encoding/json reads it")

	for _, ts := range []struct{ in, want string }{
		{`2025-04-30T19:09:15Z`, "2025-04-30T19:09:15Z"},
		{`2025-04-30T19:09:15.1Z`, "2025-04-30T19:09:15.100Z"},
		{`2025-04-30T19:09:15.123456789Z`, "2025-04-30T19:09:15.123456789Z"},
		{`2025-04-30t19:09:15z`, ""},
		{`2025-02-29T19:09:15Z`, ""},
		{`2025-04-30T24:00:00Z`, ""},
		{`2025-04-30T19:09:15.Z`, ""},
	} {
		d := dec{b: []byte(`"` + ts.in + `"`)}
		got, err := d.instant()
		if ts.want == "" {
			assert.Error(t, err, ts.in)
			continue
		}
		require.NoError(t, err, ts.in)
		assert.Equal(t, ts.want, FormatTidspunkt(got))
	}
	for _, n := range []string{`9223372036854775807`, `-9223372036854775807`} {
		d := dec{b: []byte(n)}
		v, err := d.int64()
		require.NoError(t, err)
		assert.Equal(t, n, strconv.FormatInt(v, 10))
	}
	d := dec{b: []byte(`9223372036854775808`)}
	_, err := d.int64()
	assert.ErrorContains(t, err, "overflows")
	d = dec{b: []byte(`2147483648`)}
	_, err = d.int()
	assert.ErrorContains(t, err, "int32")
}

// FuzzVegobjekt: whatever the decoder accepts is JSON, and the object it
// gives writes back to JSON that reads as the same object.
func FuzzVegobjekt(f *testing.F) {
	f.Add([]byte(line))
	f.Add([]byte(`{"id":1,"versjon":1,"typeId":1,"sistEndret":"2025-05-01T00:00:00Z","egenskaper":{"1":{"type":"ListeEgenskap","verdier":[{"type":"BoolskEgenskap","verdi":true},null]},"2":{"type":"Ny","x":[{}]},"3":{"type":"BinaerEgenskap","format":"PDF","ressursId":5}}}`))
	f.Add([]byte(`{"id":1,"versjon":1,"typeId":1,"sistEndret":"2025-05-01T00:00:00Z","stedfesting":{"type":"StedfestingSving","id":3,"startpunkt":{"id":1,"posisjon":0},"sluttpunkt":{"id":2,"posisjon":1,"sideposisjon":"H"}}}`))
	f.Add([]byte(`{"id":1,"versjon":1,"typeId":1,"sistEndret":"2025-05-01T00:00:00Z","egenskaper":{"4":{"type":"GeometriEgenskap","verdi":{"wkt":"POINT(1 2)","srid":5973}}},"barn":{"7":[1,2]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var o Vegobjekt
		if err := o.UnmarshalJSON(b); err != nil {
			return
		}
		if !json.Valid(b) {
			t.Fatalf("accepted invalid JSON %q", b)
		}
		out, err := o.AppendJSON(nil)
		if err != nil {
			return // a value JSON cannot hold (NaN from a huge exponent is not reachable; a geometry may fail)
		}
		var back Vegobjekt
		if err := back.UnmarshalJSON(out); err != nil {
			t.Fatalf("%q written as %q does not read back: %v", b, out, err)
		}
		again, err := back.AppendJSON(nil)
		require.NoError(t, err)
		if string(again) != string(out) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
	})
}

// BenchmarkDecodeVegobjekt decodes a stream line of a speed limit.
func BenchmarkDecodeVegobjekt(b *testing.B) {
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		var o Vegobjekt
		if err := o.UnmarshalJSON([]byte(line)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}

// BenchmarkEncodeVegobjekt writes it back.
func BenchmarkEncodeVegobjekt(b *testing.B) {
	var o Vegobjekt
	require.NoError(b, o.UnmarshalJSON([]byte(line)))
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf, _ = o.AppendJSON(buf[:0])
	}
}
