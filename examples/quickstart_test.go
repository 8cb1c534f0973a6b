package examples_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestQuickstartOfflineRunsEverySection(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "quickstart", nil)
	assert.Equal(t, 0, r.code, r.stderr)
	s := r.stdout
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

// An oppdrag may hold thousands of objects; the report shows five of
// them. The newest oppdrag here writes seven.
func TestQuickstartTransaksjonerAreCapped(t *testing.T) {
	t.Parallel()
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	oppdrag := writeTunnels(t, srv, 7)

	r := runProgram(t, "quickstart", map[string]string{"APISKRIV_USERNAME": apiskrivtest.Username,
		"APISKRIV_PASSWORD": apiskrivtest.Password, "APISKRIV_BASE_URL": srv.URL})
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Equal(t, 1, strings.Count(r.stdout, "(live API)"), r.stdout)
	_, after, ok := strings.Cut(r.stdout, fmt.Sprintf("   oppdrag %d ", oppdrag))
	require.True(t, ok, "the newest oppdrag comes first: %s", r.stdout)
	lines := strings.Split(after, "\n")
	require.Greater(t, len(lines), 7, r.stdout)
	for _, l := range lines[1:6] {
		assert.Contains(t, l, " NY type 581 object ")
	}
	assert.Equal(t, "     …", lines[6])
	assert.True(t, strings.HasPrefix(lines[7], "   oppdrag "), "the next oppdrag follows: %q", lines[7])
}

// writeTunnels has olanor write n new tunnels in one endringssett and
// returns the oppdrag it became.
func writeTunnels(t *testing.T, srv *apiskrivtest.Server, n int) int64 {
	t.Helper()
	ctx := context.Background()
	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
	require.NoError(t, err)
	c, err := apiskriv.NewClient("examples-test", ts, apiskriv.WithBaseURL(srv.URL),
		apiskriv.WithPollIntervals(apiskriv.PollIntervals{Behandles: 1, Venter: 1, VenterEtterBehandles: 1, Utfort: 1}))
	require.NoError(t, err)
	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon)
	for i := range n {
		doc.AddRegistrer(apiskriv.NyttVegobjekt(581, fmt.Sprintf("tunnel#%d", i+1)).
			WithGyldighetsperiode("2020-01-01", "").
			WithEgenskap(5225, fmt.Sprintf("Tunnel %d", i+1)).
			WithPunkt(1125766, 0.3))
	}
	reg, err := c.Endringssett.Register(ctx, doc, nil)
	require.NoError(t, err)
	_, err = c.Endringssett.Start(ctx, reg.ID)
	require.NoError(t, err)
	st, err := c.Endringssett.Wait(ctx, reg.ID, apiskriv.VentPaaLes())
	require.NoError(t, err)
	require.NotNil(t, st.Transaksjon, "a finished set becomes an oppdrag")
	return st.Transaksjon.OppdragID
}

// A section with bad credentials fails alone; the others still run, live
// where their settings say so, and no secret reaches the report.
func TestQuickstartLiveSectionsAreIndependent(t *testing.T) {
	t.Parallel()
	autosysSrv := autosystest.NewServer(autosystest.WithKeys("the-right-key"))
	defer autosysSrv.Close()
	nvdbSrv := nvdbtest.NewServer()
	defer nvdbSrv.Close()
	skrivSrv := apiskrivtest.NewServer()
	defer skrivSrv.Close()

	const badKey, badPassword = "wrong-key-5e3cr3t", "wrong-pa55w0rd"
	r := runProgram(t, "quickstart", map[string]string{
		"AUTOSYS_API_KEY": badKey, "AUTOSYS_BASE_URL": autosysSrv.URL,
		"NVDB_CLIENT_NAME": "quickstart-test", "NVDB_BASE_URL": nvdbSrv.URL,
		"APISKRIV_USERNAME": apiskrivtest.Username, "APISKRIV_PASSWORD": badPassword, "APISKRIV_BASE_URL": skrivSrv.URL,
	})
	s := r.stdout
	assert.Equal(t, 1, r.code, s)
	assert.Equal(t, 3, strings.Count(s, "(live API)"), s)
	assert.Equal(t, 1, strings.Count(s, "(offline, bundled fake server: "), "Synsbasen has no key and runs offline")
	assert.Equal(t, 2, strings.Count(s, "   failed: "), s)
	assert.Contains(t, s, "Sandviken", "NVDB ran live against its base URL")
	assert.NotEmpty(t, nvdbSrv.Requests(), "NVDB ran live against its base URL")
	assert.Contains(t, s, "AS87640: CITROËN XANTIA")
	for _, secret := range []string{badKey, badPassword} {
		assert.NotContains(t, s+r.stderr, secret)
	}
}

func TestQuickstartOfflineFlagWinsOverKeys(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "quickstart", map[string]string{"AUTOSYS_API_KEY": "k", "NVDB_CLIENT_NAME": "n",
		"SYNSBASEN_API_KEY": "k", "APISKRIV_USERNAME": "u", "APISKRIV_PASSWORD": "p"}, "-offline")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Equal(t, 4, strings.Count(r.stdout, "(offline, bundled fake server: -offline)"))
}
