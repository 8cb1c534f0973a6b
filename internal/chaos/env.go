package chaos

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

// SkipUnlessEnabled skips the test unless VEGDATA_CHAOS=1. The TCP chaos
// runs take minutes on a small machine, so the README's test command only
// compiles them; .ci/run's chaos step sets the variable and runs them once.
func SkipUnlessEnabled(t testing.TB) {
	t.Helper()
	if os.Getenv("VEGDATA_CHAOS") != "1" {
		t.Skip("TCP chaos tests run with VEGDATA_CHAOS=1 (as .ci/run does); they take minutes")
	}
}

// Env is one client's view of a fake through the chaos proxy: the proxy,
// the Recorder on its transport and the *http.Client to give the package's
// WithHTTPClient.
type Env struct {
	Proxy *Proxy
	Rec   *Recorder
	HTTP  *http.Client
	tr    *http.Transport
}

// NewEnv starts a proxy in front of upstream with the given mix.
func NewEnv(t testing.TB, upstream string, mix Mix) *Env {
	t.Helper()
	p := Start(t, upstream, mix)
	tr := p.Transport()
	rec := &Recorder{Next: tr, Churn: mix.Churn, Seed: mix.Seed}
	t.Cleanup(tr.CloseIdleConnections)
	return &Env{Proxy: p, Rec: rec, HTTP: rec.Client(), tr: tr}
}

// Direct returns a Recorder-wrapped client that talks to the fake without
// a proxy, for the fault-free run.
func Direct(t testing.TB) (*Recorder, *http.Client) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	rec := &Recorder{Next: tr}
	return rec, rec.Client()
}

// Idler is a client or transport whose idle connections can be closed.
type Idler interface{ CloseIdleConnections() }

// Finish closes the client's idle connections (and those of others that
// talk to the same fake, such as the fault-free run's client) and checks
// what every chaos run must leave behind: no call made more than budget
// attempts, no connection that broke was used again, and the fake's count
// of open connections returns to zero.
func (e *Env) Finish(t testing.TB, budget int, openConns func() int, others ...Idler) Stats {
	t.Helper()
	s := e.Rec.Stats()
	assert.LessOrEqual(t, s.MaxAttempts, budget, "a call exceeded the retry budget: %s", s)
	assert.Zero(t, s.ReuseBroken, "a connection that broke was used again: %s", s)
	closeAll := func() {
		e.tr.CloseIdleConnections()
		for _, o := range others {
			o.CloseIdleConnections()
		}
	}
	closeAll()
	assert.Eventually(t, func() bool {
		closeAll()
		return openConns() == 0
	}, 20*time.Second, 10*time.Millisecond, "the fake still holds %d connections", openConns())
	return s
}

// NoLeaks checks, after everything the test registered has been cleaned up
// (servers closed, proxies stopped), that no goroutine started during the
// test is left. Call it first in a test; tests using it must not run in
// parallel.
func NoLeaks(t *testing.T) {
	t.Helper()
	opts := []goleak.Option{goleak.IgnoreCurrent(),
		// toxiproxy's own link goroutines: a stub or reader in front of
		// a toxic that has closed its link (limit_data, timeout) can stay
		// blocked on a channel send after the proxy stops. That is the
		// harness, not the code under test; every other goroutine is
		// checked.
		goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2/toxics.(*ToxicStub).Run"),
		goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2.(*ToxicLink).read"),
		goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2.(*ToxicLink).write")}
	t.Cleanup(func() { goleak.VerifyNone(t, opts...) })
}
