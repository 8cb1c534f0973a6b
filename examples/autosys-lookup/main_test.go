package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

func noEnv(string) string { return "" }

func TestRun(t *testing.T) {
	srv := autosystest.NewServer(autosystest.WithKeys("secret-key-123"))
	defer srv.Close()
	env := func(k string) string {
		if k == "AUTOSYS_API_KEY" {
			return "secret-key-123"
		}
		return ""
	}
	tests := []struct {
		name     string
		args     []string
		env      func(string) string
		code     int
		stdout   []string
		stderr   []string
		requests int
	}{
		{name: "offline summary", args: []string{"ek 39085"}, env: noEnv, code: 0,
			stdout: []string{"EK 39085", "VOLKSWAGEN GOLF", "Personbil (M1)", "Elektrisk", "1540 kg", "innen 2023-05-31"},
			stderr: []string{"built-in fake"}},
		{name: "key from env against server", args: []string{"-base-url", srv.URL, "ZT40123", "TA40316268"}, env: env, code: 0,
			stdout: []string{"VOLVO FH", "34000 kg", "SP 23005", "VRAKET", "ingen periodisk kontroll"}, requests: 2},
		{name: "wrong key", args: []string{"-base-url", srv.URL, "-key", "other-key", "EK39085"}, env: env, code: 1,
			stderr: []string{"refused"}, requests: 1},
		{name: "not found", args: []string{"zz99999"}, env: noEnv, code: 1, stderr: []string{"ZZ99999: no vehicle data available"}},
		{name: "short vin", args: []string{"-vin", "ta40316268"}, env: noEnv, code: 0, stdout: []string{"TOYOTA CARINA"}},
		{name: "bad input", args: []string{"-base-url", srv.URL, "ABCDEFGHIJKLMNOPQRSTU"}, env: env, code: 2, stderr: []string{"invalid argument"}},
		{name: "no arguments", args: nil, env: noEnv, code: 2, stderr: []string{"usage"}},
		{name: "bad flag", args: []string{"-nope"}, env: noEnv, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.Requests())
			var out, errOut bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			code := run(ctx, tt.args, &out, &errOut, tt.env)
			assert.Equal(t, tt.code, code, errOut.String())
			for _, s := range tt.stdout {
				assert.Contains(t, out.String(), s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, errOut.String(), s)
			}
			assert.Equal(t, tt.requests, len(srv.Requests())-before)
			assert.NotContains(t, out.String()+errOut.String(), "secret-key-123")
		})
	}
}

func TestRunJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-json", "HEIA", "EC45678"}, &out, &errOut, noEnv)
	require.Equal(t, 0, code, errOut.String())
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
	require.NoError(t, json.Unmarshal(out.Bytes(), &body))
	require.Len(t, body.KjoretoydataListe, 2)
	assert.Equal(t, "HEIA", body.KjoretoydataListe[0].KjoretoyID.Kjennemerke)
	assert.Equal(t, "PERSONLIG", body.KjoretoydataListe[0].Kjennemerke[1].Kjennemerkekategori)
	assert.Equal(t, "EC 45678", body.KjoretoydataListe[1].KjoretoyID.Kjennemerke)
}
