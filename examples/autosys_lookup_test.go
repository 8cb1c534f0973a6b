package examples_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

func TestAutosysLookup(t *testing.T) {
	t.Parallel()
	const key = "secret-key-123"
	keyEnv := map[string]string{"AUTOSYS_API_KEY": key}
	tests := []struct {
		name     string
		args     []string // "BASE" is replaced by the fake's URL
		env      map[string]string
		code     int
		stdout   []string
		stderr   []string
		requests int // to the fake of the test; offline runs use their own
	}{
		{name: "offline summary", args: []string{"ek 39085"}, code: 0,
			stdout: []string{"EK 39085", "VOLKSWAGEN GOLF", "Personbil (M1)", "Elektrisk", "1540 kg", "innen 2023-05-31"},
			stderr: []string{"built-in fake"}},
		{name: "key from env against server", args: []string{"-base-url", "BASE", "ZT40123", "TA40316268"}, env: keyEnv, code: 0,
			stdout: []string{"VOLVO FH", "34000 kg", "SP 23005", "VRAKET", "ingen periodisk kontroll"}, requests: 2},
		{name: "wrong key", args: []string{"-base-url", "BASE", "-key", "other-key", "EK39085"}, env: keyEnv, code: 1,
			stderr: []string{"refused"}, requests: 1},
		{name: "not found", args: []string{"zz99999"}, code: 1, stderr: []string{"ZZ99999: no vehicle data available"}},
		{name: "short vin", args: []string{"-vin", "ta40316268"}, code: 0, stdout: []string{"TOYOTA CARINA"}},
		{name: "bad input", args: []string{"-base-url", "BASE", "ABCDEFGHIJKLMNOPQRSTU"}, env: keyEnv, code: 2, stderr: []string{"invalid argument"}},
		{name: "no arguments", code: 2, stderr: []string{"usage"}},
		{name: "bad flag", args: []string{"-nope"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := autosystest.NewServer(autosystest.WithKeys(key))
			defer srv.Close()
			args := append([]string(nil), tt.args...)
			for i, a := range args {
				if a == "BASE" {
					args[i] = srv.URL
				}
			}
			r := runProgram(t, "autosys-lookup", tt.env, args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			for _, s := range tt.stdout {
				assert.Contains(t, r.stdout, s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
			assert.Len(t, srv.Requests(), tt.requests)
			assert.NotContains(t, r.stdout+r.stderr, key)
		})
	}
}

func TestAutosysLookupJSON(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "autosys-lookup", nil, "-json", "HEIA", "EC45678")
	require.Equal(t, 0, r.code, r.stderr)
	var body struct {
		KjoretoydataListe []struct {
			KjoretoyID struct {
				Kjennemerke string `json:"kjennemerke"`
			} `json:"kjoretoyId"`
			Kjennemerke []struct {
				Kjennemerkekategori string `json:"kjennemerkekategori"`
			} `json:"kjennemerke"`
		} `json:"kjoretoydataListe"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &body))
	require.Len(t, body.KjoretoydataListe, 2)
	assert.Equal(t, "HEIA", body.KjoretoydataListe[0].KjoretoyID.Kjennemerke)
	assert.Equal(t, "PERSONLIG", body.KjoretoydataListe[0].Kjennemerke[1].Kjennemerkekategori)
	assert.Equal(t, "EC 45678", body.KjoretoydataListe[1].KjoretoyID.Kjennemerke)
}
