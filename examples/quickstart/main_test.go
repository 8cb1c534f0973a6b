package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func defaults(env map[string]string) settings {
	return settings{env: func(k string) string { return env[k] }, kjennemerke: "EK 39085", kommune: 4601, registrering: "AS87640"}
}

func TestOfflineRunsEverySection(t *testing.T) {
	var out bytes.Buffer
	status := run(context.Background(), &out, defaults(nil))
	assert.Equal(t, 0, status, out.String())
	s := out.String()
	assert.Equal(t, 4, strings.Count(s, "(offline, bundled fake server: "))
	for _, want := range []string{
		"EK 39085: VOLKSWAGEN GOLF, Elektrisk, Grå",
		"next periodic control (EU-kontroll) due 2023-05-31",
		"Sandviken                small car 29 Kr, large 118 Kr  (id 82443541)",
		"listed 1; statistikk counts 1 toll station(s) in kommune 4601",
		"olanor owns 13 oppdrag; the newest 3:",
		"NY type 105 object 800002001 version 1",
		"AS87640: CITROËN XANTIA, first registered 2000-08-14, Skrottet",
		"emission: Euro V, CO2 100 g/km",
		"weight: 1340 kg total (light)",
		"VOLKSWAGEN     166000 km",
	} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, "failed")
	assert.Contains(t, s, "(offline, bundled fake server: APISKRIV_USERNAME and APISKRIV_PASSWORD not set)")
}

// An oppdrag may hold thousands of objects; the report shows a few.
func TestTransaksjonerAreCapped(t *testing.T) {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
	require.NoError(t, err)
	c, err := apiskriv.NewClient("test", ts, apiskriv.WithBaseURL(srv.URL))
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, printTransaksjoner(context.Background(), &out, c, 3489065, 2))
	assert.Equal(t, 3, strings.Count(out.String(), "\n"), out.String())
	assert.True(t, strings.HasSuffix(out.String(), "     …\n"), out.String())
}

// A section with bad credentials fails alone; the others still run, live
// where their settings say so, and no secret reaches the report.
func TestLiveSectionsAreIndependent(t *testing.T) {
	autosysSrv := autosystest.NewServer(autosystest.WithKeys("the-right-key"))
	defer autosysSrv.Close()
	nvdbSrv := nvdbtest.NewServer()
	defer nvdbSrv.Close()
	skrivSrv := apiskrivtest.NewServer()
	defer skrivSrv.Close()

	const badKey, badPassword = "wrong-key-5e3cr3t", "wrong-pa55w0rd"
	env := map[string]string{
		"AUTOSYS_API_KEY": badKey, "AUTOSYS_BASE_URL": autosysSrv.URL,
		"NVDB_CLIENT_NAME": "quickstart-test", "NVDB_BASE_URL": nvdbSrv.URL,
		"APISKRIV_USERNAME": apiskrivtest.Username, "APISKRIV_PASSWORD": badPassword, "APISKRIV_BASE_URL": skrivSrv.URL,
	}
	var out bytes.Buffer
	status := run(context.Background(), &out, defaults(env))
	s := out.String()
	assert.Equal(t, 1, status, s)
	assert.Equal(t, 3, strings.Count(s, "(live API)"), s)
	assert.Equal(t, 1, strings.Count(s, "(offline, bundled fake server: "), "Synsbasen has no key and runs offline")
	assert.Equal(t, 2, strings.Count(s, "   failed: "), s)
	assert.Contains(t, s, "Sandviken", "NVDB ran live against its base URL")
	assert.Contains(t, s, "AS87640: CITROËN XANTIA")
	assert.NotContains(t, s, badKey)
	assert.NotContains(t, s, badPassword)
}

func TestOfflineFlagWinsOverKeys(t *testing.T) {
	env := map[string]string{"AUTOSYS_API_KEY": "k", "NVDB_CLIENT_NAME": "n", "SYNSBASEN_API_KEY": "k",
		"APISKRIV_USERNAME": "u", "APISKRIV_PASSWORD": "p"}
	s := defaults(env)
	s.offline = true
	var out bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), &out, s), out.String())
	assert.Equal(t, 4, strings.Count(out.String(), "(offline, bundled fake server: -offline)"))
}
