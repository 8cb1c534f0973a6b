package vegdata_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/internal/hostile"
	"github.com/vegdata/go-vegdata/internal/transport"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// Distinctive secrets: none of them can turn up by chance.
const (
	autosysKey      = "AKEY-autosys-5c1e0b7d9f2a"
	synsbasenKey    = "sb_sk_live_SECRET93ac71e2"
	webhookSecret   = "whsec_SECRET4d2f8a61b0"
	apiskrivPass    = "PW-hemmelig-8e3b1c5a"
	apiskrivWrongPW = "PW-feil-77d0a4c3e9"
	apiskrivStatic  = "TOKEN-static-2b7d4e6f1a"
)

// audit runs operations with a debug logger and collects everything they
// printed: log lines, errors (in every format, along the whole chain) and
// panics.
type audit struct {
	t      *testing.T
	logs   hostile.Log
	logger *slog.Logger
	texts  []string // error renderings
	errs   int
	panics []string
}

func newAudit(t *testing.T) *audit {
	a := &audit{t: t}
	a.logger = slog.New(slog.NewJSONHandler(&a.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return a
}

// run calls op, recording its error and any panic.
func (a *audit) run(name string, op func() error) {
	a.t.Helper()
	func() {
		defer func() {
			if p := recover(); p != nil {
				a.panics = append(a.panics, fmt.Sprintf("%s: %v", name, p))
			}
		}()
		if err := op(); err != nil {
			a.errs++
			a.record(name, err)
		}
	}()
}

// record renders err and every error it wraps.
func (a *audit) record(name string, err error) {
	seen := map[error]bool{}
	var walk func(e error)
	walk = func(e error) {
		if e == nil || seen[e] {
			return
		}
		seen[e] = true
		a.texts = append(a.texts, name+": "+e.Error(), fmt.Sprintf("%s: %v %+v %#v", name, e, e, e))
		var ae *transport.APIError
		if errors.As(e, &ae) {
			a.texts = append(a.texts, name+": "+string(ae.Body)+" "+ae.Message+" "+ae.URL+" "+ae.Code)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
}

// check fails if any secret appears anywhere the audit saw.
func (a *audit) check(secrets ...string) {
	a.t.Helper()
	require.Empty(a.t, a.panics, "panics")
	logs := a.logs.String()
	require.NotEmpty(a.t, logs, "debug logging was on")
	for _, s := range secrets {
		require.NotEmpty(a.t, s)
		assert.NotContains(a.t, logs, s, "secret in the logs")
		for _, txt := range a.texts {
			assert.NotContains(a.t, txt, s, "secret in an error")
		}
	}
	a.t.Logf("%d operations failed, %d error renderings and %d bytes of debug log checked for %d secrets",
		a.errs, len(a.texts), len(logs), len(secrets))
}

var quickRetry = transport.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetryAfter: time.Second}

// quickAuthRetry is API Skriv's token source's default budget (2 retries)
// with quickRetry's waits: its backoff from 250 ms made every failed login
// or refresh below wait half a second.
var quickAuthRetry = transport.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetryAfter: time.Second}

// timeout is a context that ends long before a delayed answer.
func timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 50*time.Millisecond)
}

func TestSecretsAutosys(t *testing.T) {
	a := newAudit(t)
	ctx := context.Background()
	srv := autosystest.NewServer()
	defer srv.Close()
	c, err := autosys.NewClient(autosysKey, autosys.WithBaseURL(srv.URL), autosys.WithLogger(a.logger), autosys.WithRetry(quickRetry))
	require.NoError(t, err)
	lookup := func() error { _, err := c.LookupKjennemerke(ctx, "EK 39085"); return err }
	echo := "Ugyldig nøkkel: Apikey " + autosysKey

	a.run("ok", lookup)
	a.run("not found", func() error { _, err := c.LookupKjennemerke(ctx, "ZZ99999"); return err })
	a.run("bad input", func() error { _, err := c.LookupKjennemerke(ctx, "!!"); return err })
	a.run("bad VIN", func() error { _, err := c.LookupUnderstellsnummer(ctx, strings.Repeat("X", 40)); return err })
	for _, f := range []autosystest.Fault{
		{Status: 401, Body: echo}, {Status: 403, Body: echo}, {Status: 400, Body: `{"status":400,"error":"` + echo + `"}`},
		{Status: 429, RetryAfter: "3600", Body: echo}, {Status: 422, Body: echo},
	} {
		srv.Script(f)
		a.run(fmt.Sprint(f.Status), lookup)
	}
	srv.Script(autosystest.Fault{Status: 503, Body: echo}, autosystest.Fault{Status: 500, Body: echo})
	a.run("5xx", lookup)
	srv.Script(autosystest.Fault{Drop: true}, autosystest.Fault{Drop: true})
	a.run("dropped", lookup)
	srv.Script(autosystest.Fault{Truncate: true}, autosystest.Fault{Truncate: true})
	a.run("truncated", lookup)
	srv.Script(autosystest.Fault{Delay: time.Second})
	a.run("timeout", func() error {
		ctx, cancel := timeout()
		defer cancel()
		_, err := c.LookupKjennemerke(ctx, "EK 39085")
		return err
	})
	a.run("batch", func() error {
		srv.Script(autosystest.Fault{Status: 401, Body: echo})
		for _, err := range c.LookupMany(ctx, []autosys.Oppslag{{Kjennemerke: "EK 39085"}, {Kjennemerke: "!!"}}, nil) {
			if err != nil {
				a.record("batch", err)
			}
		}
		return nil
	})
	// A key refused by the server (403) and one that must not travel over
	// plain http to a remote host.
	strict := autosystest.NewServer(autosystest.WithKeys("another-key"))
	defer strict.Close()
	c2, err := autosys.NewClient(autosysKey, autosys.WithBaseURL(strict.URL), autosys.WithLogger(a.logger))
	require.NoError(t, err)
	a.run("403", func() error { _, err := c2.LookupKjennemerke(ctx, "EK 39085"); return err })
	a.run("insecure", func() error {
		_, err := autosys.NewClient(autosysKey, autosys.WithBaseURL("http://akfell-datautlevering.atlas.vegvesen.no"))
		return err
	})
	a.run("white space", func() error { _, err := autosys.NewClient(autosysKey + " x"); return err })
	a.check(autosysKey)
}

// tokenSpy reads the tokens API Skriv's login hands out, so the test can
// look for them.
type tokenSpy struct {
	mu     sync.Mutex
	tokens []string
	next   http.RoundTripper
}

func (s *tokenSpy) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil || !strings.Contains(req.URL.Path, "/oidc/") {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var tr struct{ IDToken, AccessToken, RefreshToken string }
	if json.Unmarshal(body, &tr) == nil {
		s.mu.Lock()
		for _, tok := range []string{tr.IDToken, tr.AccessToken, tr.RefreshToken} {
			if tok != "" {
				s.tokens = append(s.tokens, tok)
			}
		}
		s.mu.Unlock()
	}
	return resp, nil
}

func TestSecretsAPISkriv(t *testing.T) {
	a := newAudit(t)
	ctx := context.Background()
	user := apiskrivtest.User{ID: 4242, Brukernavn: "relbruker", FulltNavn: "Rel Bruker", Password: apiskrivPass, Realm: apiskriv.RealmEmployee}
	users := apiskrivtest.WithUsers(append(apiskrivtest.DefaultUsers(), user)...)
	// srv's tokens live 2 s, so its clients refresh on every call; steady's
	// live the default 15 minutes, so faults scripted there answer the API
	// call itself, not a refresh in front of it.
	srv := apiskrivtest.NewServer(users, apiskrivtest.WithTokenLifetime(2*time.Second))
	defer srv.Close()
	steady := apiskrivtest.NewServer(users)
	defer steady.Close()
	spy := &tokenSpy{next: http.DefaultTransport}
	newClientAt := func(srv *apiskrivtest.Server, opts ...apiskriv.AuthOption) *apiskriv.Client {
		ts, err := apiskriv.PasswordTokenSource(srv.URL, user.Brukernavn, apiskrivPass,
			append([]apiskriv.AuthOption{apiskriv.WithAuthLogger(a.logger), apiskriv.WithAuthHTTPClient(&http.Client{Transport: spy}), apiskriv.WithAuthRetry(quickAuthRetry)}, opts...)...)
		require.NoError(t, err)
		c, err := apiskriv.NewClient("secrets-test", ts, apiskriv.WithBaseURL(srv.URL),
			apiskriv.WithLogger(a.logger), apiskriv.WithRetry(quickRetry), apiskriv.WithPollIntervals(apiskriv.PollIntervals{Behandles: time.Millisecond, Venter: time.Millisecond}))
		require.NoError(t, err)
		return c
	}
	fault := func(msg string) string {
		return `<fault xmlns="http://nvdb.vegvesen.no/apiskriv/fault/v1"><messages><message>` + msg + `</message></messages></fault>`
	}

	// Tokens are refreshed on every call (the fake's tokens live 2 s, the
	// margin is 3 s: no token is fresh enough to reuse, so no call waits
	// for one to age), until the source no longer remembers the first
	// ones; a server that echoes the first token must not print it.
	churn := newClientAt(srv, apiskriv.WithRefreshMargin(3*time.Second))
	churnGet := func() error { _, err := churn.Oppdrag.Get(ctx, 3466724); return err }
	for i := range 8 {
		a.run(fmt.Sprint("refresh ", i), churnGet)
	}
	spy.mu.Lock()
	require.Greater(t, len(spy.tokens), 12, "logins and refreshes seen")
	first := spy.tokens[0]
	echoRefresh := "Bearer " + spy.tokens[len(spy.tokens)-3] // the id token just issued
	spy.mu.Unlock()
	// Each call refreshes first, so the scripted faults answer the refresh.
	srv.Script(apiskrivtest.Fault{Status: 400, Body: fault("Ugyldig refresh: Bearer " + first)})
	a.run("old token echoed", churnGet)
	for _, f := range []apiskrivtest.Fault{
		{Status: 401, Body: fault("Ugyldig token " + echoRefresh)}, {Status: 403, Body: fault(echoRefresh)},
		{Status: 429, RetryAfter: "3600", Body: fault(echoRefresh)}, {Status: 400, Body: fault(echoRefresh)},
		{Status: 200, Body: `{"idToken":"` + echoRefresh}, {Truncate: true},
	} {
		srv.Script(f)
		a.run(fmt.Sprint("refresh ", f.Status, f.Truncate), churnGet)
	}

	c := newClientAt(steady)
	get := func() error { _, err := c.Oppdrag.Get(ctx, 3466724); return err }
	a.run("login and get", get)
	spy.mu.Lock()
	echoTok := "Bearer " + spy.tokens[len(spy.tokens)-3] // the id token just issued
	spy.mu.Unlock()
	a.run("not found", func() error { _, err := c.Oppdrag.Get(ctx, 1); return err })
	a.run("bad input", func() error {
		for _, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 5000}) {
			return err
		}
		return nil
	})
	for _, f := range []apiskrivtest.Fault{
		{Status: 401, Body: fault("Ugyldig token " + echoTok)}, {Status: 403, Body: fault(echoTok)},
		{Status: 429, RetryAfter: "3600", Body: fault(echoTok)}, {Status: 400, Body: fault(echoTok)},
	} {
		steady.Script(f)
		a.run(fmt.Sprint(f.Status), get)
	}
	steady.Script(apiskrivtest.Fault{Status: 503, Body: fault(echoTok)}, apiskrivtest.Fault{Status: 502})
	a.run("5xx", get)
	steady.Script(apiskrivtest.Fault{Drop: true}, apiskrivtest.Fault{Drop: true})
	a.run("dropped", get)
	steady.Script(apiskrivtest.Fault{Truncate: true}, apiskrivtest.Fault{Truncate: true})
	a.run("truncated", get)
	steady.Script(apiskrivtest.Fault{Delay: time.Second})
	a.run("timeout", func() error {
		ctx, cancel := timeout()
		defer cancel()
		_, err := c.Oppdrag.Get(ctx, 3466724)
		return err
	})
	a.run("register 503", func() error {
		steady.Script(apiskrivtest.Fault{Status: 503, Body: fault(echoTok)})
		_, err := c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(83, 737948714, 1, "2024-01-01", false), nil)
		return err
	})

	// The login itself fails: a server that echoes the request body (with
	// the password), then every attempt refused, then a wrong password.
	loginFail := func(pw string, f ...apiskrivtest.Fault) error {
		ts, err := apiskriv.PasswordTokenSource(srv.URL, user.Brukernavn, pw, apiskriv.WithAuthLogger(a.logger), apiskriv.WithAuthRetry(quickAuthRetry))
		if err != nil {
			return err
		}
		c, err := apiskriv.NewClient("secrets-test", ts, apiskriv.WithBaseURL(srv.URL), apiskriv.WithLogger(a.logger), apiskriv.WithRetry(quickRetry))
		if err != nil {
			return err
		}
		srv.Script(f...)
		_, err = c.Oppdrag.Get(ctx, 3466724)
		return err
	}
	echoBody := fault(`Ugyldig JSON: {"username":"relbruker","password":"` + apiskrivPass + `"}`)
	a.run("login 400 echo", func() error { return loginFail(apiskrivPass, apiskrivtest.Fault{Status: 400, Body: echoBody}) })
	a.run("login 500", func() error {
		return loginFail(apiskrivPass, apiskrivtest.Fault{Status: 500, Body: echoBody}, apiskrivtest.Fault{Status: 500, Body: echoBody}, apiskrivtest.Fault{Status: 500, Body: echoBody})
	})
	a.run("login dropped", func() error {
		return loginFail(apiskrivPass, apiskrivtest.Fault{Drop: true}, apiskrivtest.Fault{Drop: true}, apiskrivtest.Fault{Drop: true})
	})
	a.run("wrong password", func() error { return loginFail(apiskrivWrongPW) })

	// A static token the server does not accept.
	strict := apiskrivtest.NewServer(apiskrivtest.WithKeys("another-token"))
	defer strict.Close()
	c3, err := apiskriv.NewClient("secrets-test", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: apiskrivStatic}),
		apiskriv.WithBaseURL(strict.URL), apiskriv.WithLogger(a.logger))
	require.NoError(t, err)
	a.run("static 401", func() error { _, err := c3.Oppdrag.Get(ctx, 3466724); return err })
	strict.Script(apiskrivtest.Fault{Status: 400, Body: fault("Bearer " + apiskrivStatic)})
	a.run("static echo", func() error { _, err := c3.Oppdrag.Get(ctx, 3466724); return err })
	a.run("password source bad input", func() error {
		_, err := apiskriv.PasswordTokenSource("ftp://x", user.Brukernavn, apiskrivPass)
		return err
	})

	spy.mu.Lock()
	secrets := append([]string{apiskrivPass, apiskrivWrongPW, apiskrivStatic}, spy.tokens...)
	spy.mu.Unlock()
	a.check(secrets...)
}

func TestSecretsSynsbasen(t *testing.T) {
	a := newAudit(t)
	ctx := context.Background()
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, err := synsbasen.NewClient(synsbasenKey, synsbasen.WithBaseURL(srv.URL), synsbasen.WithLogger(a.logger), synsbasen.WithRetry(quickRetry))
	require.NoError(t, err)
	get := func() error { _, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID); return err }
	echo := `{"error":"invalid key Bearer ` + synsbasenKey + `"}`

	a.run("ok", get)
	a.run("not found", func() error { _, err := c.Vehicles.Get(ctx, 1); return err })
	a.run("bad input", func() error { _, err := c.Vehicles.GetByRegistration(ctx, ""); return err })
	a.run("search", func() error {
		for _, err := range c.Vehicles.SearchAll(ctx, &synsbasen.Search{PerPage: 5}) {
			if err != nil {
				return err
			}
		}
		return nil
	})
	for _, f := range []synsbasentest.Fault{
		{Status: 401, Body: echo}, {Status: 403, Body: echo}, {Status: 429, RetryAfter: "3600", Body: echo}, {Status: 422, Body: echo},
	} {
		srv.Script(f)
		a.run(fmt.Sprint(f.Status), get)
	}
	srv.Script(synsbasentest.Fault{Status: 503, Body: echo}, synsbasentest.Fault{Status: 500, Body: echo})
	a.run("5xx", get)
	srv.Script(synsbasentest.Fault{Drop: true}, synsbasentest.Fault{Drop: true})
	a.run("dropped", get)
	srv.Script(synsbasentest.Fault{Truncate: true}, synsbasentest.Fault{Truncate: true})
	a.run("truncated", get)
	srv.Script(synsbasentest.Fault{Delay: time.Second})
	a.run("timeout", func() error {
		ctx, cancel := timeout()
		defer cancel()
		_, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID)
		return err
	})
	strict := synsbasentest.NewServer(synsbasentest.WithKeys("another-key"))
	defer strict.Close()
	c2, err := synsbasen.NewClient(synsbasenKey, synsbasen.WithBaseURL(strict.URL), synsbasen.WithLogger(a.logger))
	require.NoError(t, err)
	a.run("refused key", func() error { _, err := c2.Vehicles.Get(ctx, synsbasentest.VehicleID); return err })
	a.run("insecure", func() error {
		_, err := synsbasen.NewClient(synsbasenKey, synsbasen.WithBaseURL("http://api.synsbasen.dk"))
		return err
	})

	// Webhooks: every refusal and failure, logged at debug level.
	calls := 0
	h, err := synsbasen.NewWebhookHandler(webhookSecret, func(ctx context.Context, ev *synsbasen.Event) error {
		calls++
		if calls == 1 {
			return errors.New("store down")
		}
		panic("handler bug")
	}, synsbasen.WithWebhookLogger(a.logger), synsbasen.WithMaxWebhookBody(4096))
	require.NoError(t, err)
	body := []byte(`{"event":"vehicle.updated","data":{"id":1004501200018020}}`)
	sig := synsbasen.Sign(webhookSecret, body)
	deliver := func(method string, body []byte, sig string) string {
		req := httptest.NewRequest(method, "/webhook", bytes.NewReader(body))
		if sig != "" {
			req.Header.Set(synsbasentest.SignatureHeader, sig)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return fmt.Sprintf("%d %s %v", w.Code, w.Body.String(), w.Header())
	}
	var answers []string
	answers = append(answers,
		deliver(http.MethodGet, body, sig),
		deliver(http.MethodPost, body, ""),
		deliver(http.MethodPost, body, "sha256=00"),
		deliver(http.MethodPost, body, synsbasen.Sign("whsec_other", body)),
		deliver(http.MethodPost, bytes.Repeat([]byte("x"), 5000), sig),
		deliver(http.MethodPost, []byte("not json"), synsbasen.Sign(webhookSecret, []byte("not json"))),
		deliver(http.MethodPost, body, sig), // the function fails
		deliver(http.MethodPost, body, sig), // the function panics
	)
	assert.Equal(t, 2, calls)
	for _, ans := range answers {
		assert.NotContains(t, ans, webhookSecret)
	}
	assert.NotContains(t, a.logs.String(), strings.TrimPrefix(sig, "sha256="), "signature in the logs")
	a.run("webhook without secret", func() error {
		_, err := synsbasen.NewWebhookHandler("", func(context.Context, *synsbasen.Event) error { return nil })
		return err
	})
	a.check(synsbasenKey, webhookSecret)
}
