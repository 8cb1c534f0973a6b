package uberiket

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStedfestingUnion decodes each kind of stedfesting, writes it back
// unchanged and validates it against the specification.
func TestStedfestingUnion(t *testing.T) {
	spec := loadSpec(t)
	tests := []struct {
		name string
		json string
		want Stedfesting
		ids  []int64
	}{
		{"linjer", `{"type":"StedfestingLinjer","linjer":[
			{"id":41383,"startposisjon":0.85513699,"sluttposisjon":0.86366968,"retning":"MED","kjorefelt":["2"]},
			{"id":41423,"startposisjon":0,"sluttposisjon":1,"retning":"MOT","sideposisjon":"H","kjorefelt":[]}]}`,
			Stedfesting{Type: StedfestingLinjer, Linjer: []StedfestingLinje{
				{VeglenkesekvensID: 41383, Startposisjon: 0.85513699, Sluttposisjon: 0.86366968, Retning: RetningMed, Kjorefelt: []string{"2"}},
				{VeglenkesekvensID: 41423, Startposisjon: 0, Sluttposisjon: 1, Retning: RetningMot, Sideposisjon: SideposisjonH, Kjorefelt: []string{}},
			}}, []int64{41383, 41423}},
		{"punkter", `{"type":"StedfestingPunkter","punkter":[{"id":1951809,"posisjon":0.5,"retning":"MED","sideposisjon":"V","kjorefelt":["1"]}]}`,
			Stedfesting{Type: StedfestingPunkter, Punkter: []StedfestingPunkt{
				{VeglenkesekvensID: 1951809, Posisjon: 0.5, Retning: RetningMed, Sideposisjon: SideposisjonV, Kjorefelt: []string{"1"}},
			}}, []int64{1951809}},
		{"sving", `{"type":"StedfestingSving","id":95522,
			"startpunkt":{"id":41423,"posisjon":0,"kjorefelt":[]},
			"sluttpunkt":{"id":41428,"posisjon":1,"kjorefelt":[]}}`,
			Stedfesting{Type: StedfestingSving, Sving: &Sving{ID: 95522,
				Startpunkt: StedfestingPunkt{VeglenkesekvensID: 41423, Posisjon: 0, Kjorefelt: []string{}},
				Sluttpunkt: StedfestingPunkt{VeglenkesekvensID: 41428, Posisjon: 1, Kjorefelt: []string{}},
			}}, []int64{41423, 41428}},
		{"mangler", `{"type":"StedfestingMangler"}`, Stedfesting{Type: StedfestingMangler}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Stedfesting
			require.NoError(t, json.Unmarshal([]byte(tc.json), &s))
			require.NoError(t, s.check("test"))
			assert.Equal(t, tc.want, s)
			assert.Equal(t, tc.ids, s.Veglenkesekvenser())
			out, err := json.Marshal(s)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(out))
			assert.NoError(t, spec.ValidateSchema("Stedfesting", out))
			built, err := json.Marshal(&tc.want)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(built))
			appended, err := s.AppendJSON([]byte("prefix"))
			require.NoError(t, err)
			assert.Equal(t, "prefix"+string(out), string(appended))
		})
	}
	t.Run("unknown kind kept", func(t *testing.T) {
		const raw = `{"type":"StedfestingFlate","polygon":"POLYGON((1 1,2 2,3 1,1 1))"}`
		var s Stedfesting
		require.NoError(t, json.Unmarshal([]byte(raw), &s))
		require.NoError(t, s.check("test"))
		assert.False(t, s.Type.Known())
		assert.JSONEq(t, raw, string(s.Raw))
		out, err := json.Marshal(s)
		require.NoError(t, err)
		assert.JSONEq(t, raw, string(out))
		appended, err := s.AppendJSON([]byte("prefix"))
		require.NoError(t, err)
		assert.Equal(t, "prefix"+string(out), string(appended))
		assert.Nil(t, s.Veglenkesekvenser())
	})
}

// TestStedfestingRefused: members the specification requires are required,
// except kjorefelt, which NVDB leaves out when there are no lanes.
func TestStedfestingRefused(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"linjer":[]}`, `missing required member "type"`},
		{`{"type":"StedfestingLinjer"}`, `missing required member "linjer"`},
		{`{"type":"StedfestingPunkter","linjer":[]}`, `missing required member "punkter"`},
		{`{"type":"StedfestingSving","id":1,"startpunkt":{"id":1,"posisjon":0}}`, `"sluttpunkt"`},
		{`{"type":"StedfestingLinjer","linjer":[{"id":1,"startposisjon":0}]}`, `"sluttposisjon"`},
		{`{"type":"StedfestingLinjer","linjer":[{"startposisjon":0,"sluttposisjon":1}]}`, `"id"`},
		{`{"type":"StedfestingLinjer","linjer":[null]}`, `null`},
		{`{"type":"StedfestingPunkter","punkter":[{"id":1}]}`, `"posisjon"`},
		{`{"type":"StedfestingLinjer","linjer":[{"id":"1","startposisjon":0,"sluttposisjon":1}]}`, `stedfesting`},
	} {
		t.Run(tc.json, func(t *testing.T) {
			var s Stedfesting
			assert.ErrorContains(t, json.Unmarshal([]byte(tc.json), &s), tc.want)
		})
	}
	var s Stedfesting
	require.NoError(t, json.Unmarshal([]byte(`{"type":"StedfestingLinjer","linjer":[{"id":1,"startposisjon":0,"sluttposisjon":1}]}`), &s))
	assert.Nil(t, s.Linjer[0].Kjorefelt)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "kjorefelt", "not sent, not written")
}

// TestStedfestingCheck: stedfestinger built in code that cannot be NVDB's.
func TestStedfestingCheck(t *testing.T) {
	for name, s := range map[string]Stedfesting{
		"no type":            {},
		"linjer without":     {Type: StedfestingLinjer},
		"no veglenkesekvens": {Type: StedfestingLinjer, Linjer: []StedfestingLinje{{Sluttposisjon: 1}}},
		"outside 0..1":       {Type: StedfestingLinjer, Linjer: []StedfestingLinje{{VeglenkesekvensID: 1, Sluttposisjon: 1.5}}},
		"punkter without":    {Type: StedfestingPunkter},
		"punkt outside":      {Type: StedfestingPunkter, Punkter: []StedfestingPunkt{{VeglenkesekvensID: 1, Posisjon: -0.1}}},
		"sving without":      {Type: StedfestingSving},
		"sving bad point":    {Type: StedfestingSving, Sving: &Sving{Startpunkt: StedfestingPunkt{VeglenkesekvensID: 1}}},
		"unknown without":    {Type: "StedfestingFlate"},
	} {
		assert.Error(t, s.check("x"), name)
	}
	assert.NoError(t, (&Stedfesting{Type: StedfestingLinjer, Linjer: []StedfestingLinje{}}).check("x"))
}
