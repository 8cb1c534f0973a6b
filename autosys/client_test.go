package autosys_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

const testKey = "test-key-5f1c2a9e"

// fastRetry keeps retried tests quick; the waits are hang guards only.
var fastRetry = autosys.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}

func newClient(t *testing.T, srv *autosystest.Server, opts ...autosys.Option) *autosys.Client {
	t.Helper()
	base := []autosys.Option{autosys.WithBaseURL(srv.URL), autosys.WithRetry(fastRetry), autosys.WithRateLimit(math.Inf(1), 1)}
	c, err := autosys.NewClient(testKey, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard
	t.Cleanup(cancel)
	return ctx
}

func TestNewClientValidates(t *testing.T) {
	tests := []struct {
		name string
		key  string
		opts []autosys.Option
		want string
	}{
		{name: "empty key", key: " ", want: "empty API key"},
		{name: "key with space", key: "a b", want: "white space"},
		{name: "bad scheme", key: "k", opts: []autosys.Option{autosys.WithBaseURL("ftp://x")}, want: "scheme"},
		{name: "plain http elsewhere", key: "k", opts: []autosys.Option{autosys.WithBaseURL("http://example.com")}, want: "plain http"},
		{name: "bad rate", key: "k", opts: []autosys.Option{autosys.WithRateLimit(0, 1)}, want: "rate limit"},
		{name: "bad quota", key: "k", opts: []autosys.Option{autosys.WithDailyQuota(0)}, want: "daily quota"},
		{name: "nil quota", key: "k", opts: []autosys.Option{autosys.WithQuota(nil)}, want: "nil quota counter"},
		{name: "nil *Quota", key: "k", opts: []autosys.Option{autosys.WithQuota((*autosys.Quota)(nil))}, want: "nil *Quota"},
		{name: "nil http client", key: "k", opts: []autosys.Option{autosys.WithHTTPClient(nil)}, want: "nil *http.Client"},
		{name: "negative retry", key: "k", opts: []autosys.Option{autosys.WithRetry(autosys.RetryPolicy{MaxRetries: -2})}, want: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := autosys.NewClient(tt.key, tt.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	c, err := autosys.NewClient("k")
	require.NoError(t, err)
	assert.Equal(t, autosys.DefaultBaseURL, c.BaseURL())
	assert.Equal(t, autosys.DailyQuota, c.Quota().Limit())
	c, err = autosys.NewClient("k", autosys.WithBaseURL(autosys.AlternativeBaseURL), autosys.WithoutQuota(),
		autosys.WithUserAgent("fleet/1.0"), autosys.WithLimiter(nil), autosys.WithLogger(nil))
	require.NoError(t, err)
	assert.Equal(t, autosys.AlternativeBaseURL, c.BaseURL())
	assert.Nil(t, c.Quota())
}

func TestAlternativePathPrefix(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv, autosys.WithBaseURL(srv.URL+"/ws/no/vegvesen/kjoretoy/felles/datautlevering"))
	v, err := c.LookupKjennemerke(testCtx(t), "EK 39085")
	require.NoError(t, err)
	assert.Equal(t, "GOLF", v.Modell())
}

func TestInputRefusedBeforeRequest(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	tests := []struct {
		name string
		call func() error
	}{
		{"empty plate", func() error { _, err := c.LookupKjennemerke(ctx, ""); return err }},
		{"one character", func() error { _, err := c.LookupKjennemerke(ctx, "A"); return err }},
		{"eight characters", func() error { _, err := c.LookupKjennemerke(ctx, "AB 123456"); return err }},
		{"punctuation", func() error { _, err := c.LookupKjennemerke(ctx, "AB!1234"); return err }},
		{"query injection", func() error { _, err := c.LookupKjennemerke(ctx, "AB&x=1"); return err }},
		{"german umlaut", func() error { _, err := c.LookupKjennemerke(ctx, "ÄB1234"); return err }},
		{"empty vin", func() error { _, err := c.LookupUnderstellsnummer(ctx, "  "); return err }},
		{"twenty character vin", func() error { _, err := c.LookupUnderstellsnummer(ctx, strings.Repeat("W", 20)); return err }},
		{"vin with space", func() error { _, err := c.LookupUnderstellsnummer(ctx, "WVW ZZZ"); return err }},
		{"both fields", func() error {
			_, err := c.Lookup(ctx, autosys.Oppslag{Kjennemerke: "EK39085", Understellsnummer: "WVWZZZAUZH8950429"})
			return err
		}},
		{"neither field", func() error { _, err := c.Lookup(ctx, autosys.Oppslag{}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.ErrorIs(t, err, autosys.ErrInvalidArgument)
		})
	}
	assert.Zero(t, len(srv.Requests()), "no request may reach the server")
	assert.Zero(t, c.Quota().Used())
}

func TestNormalizeKjennemerke(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ek 39085", "EK39085"},
		{" EK-39085 ", "EK39085"},
		{"ek\t39 085", "EK39085"},
		{"heia", "HEIA"},
		{"æøå 12", "ÆØÅ12"},
		{"AB", "AB"},
		{"1234567", "1234567"},
	}
	for _, tt := range tests {
		got, err := autosys.NormalizeKjennemerke(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got)
	}
	o, err := autosys.ParseOppslag("ek 39085")
	require.NoError(t, err)
	assert.Equal(t, autosys.Oppslag{Kjennemerke: "EK39085"}, o)
	o, err = autosys.ParseOppslag("wvwzzzauzh8950429")
	require.NoError(t, err)
	assert.Equal(t, autosys.Oppslag{Understellsnummer: "WVWZZZAUZH8950429"}, o)
	_, err = autosys.ParseOppslag(strings.Repeat("X", 20))
	require.ErrorIs(t, err, autosys.ErrInvalidArgument)
}

func TestLookupNormalisesInput(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	for _, in := range []string{"EK39085", "ek 39085", "Ek-39085", "  EK 39085  "} {
		v, err := c.LookupKjennemerke(testCtx(t), in)
		require.NoError(t, err, in)
		assert.Equal(t, "EK 39085", v.RegistrertKjennemerke())
	}
	v, err := c.LookupUnderstellsnummer(testCtx(t), " ta40316268 ")
	require.NoError(t, err)
	assert.Equal(t, "SP 23005", v.RegistrertKjennemerke())
	r, err := c.Lookup(testCtx(t), autosys.Oppslag{Understellsnummer: "WVWZZZ3CZHE177932"})
	require.NoError(t, err)
	require.Len(t, r.KjoretoydataListe, 1)
	assert.Equal(t, "BE 12335", r.KjoretoydataListe[0].RegistrertKjennemerke())
}

func TestErrorForms(t *testing.T) {
	// The fake's clock stands at noon tomorrow, so its Retry-After (the
	// following midnight) is always far ahead of the client's real clock.
	today := time.Now().In(autosys.Oslo())
	t0 := time.Date(today.Year(), today.Month(), today.Day()+1, 12, 0, 0, 0, autosys.Oslo())
	midnight := time.Date(today.Year(), today.Month(), today.Day()+2, 0, 0, 0, 0, autosys.Oslo())
	springJSON := func(status int, msg string) string {
		return `{"status":` + http.StatusText(status)[:0] + `0,"error":"x","message":"` + msg + `"}`
	}
	tests := []struct {
		name     string
		opts     []autosystest.Option
		fail     []autosystest.Fault
		client   []autosys.Option
		plate    string
		want     error
		status   int
		code     string
		retryAt  time.Time
		requests int
	}{
		{name: "200 feilmelding", plate: "ZZ99999", want: autosys.ErrNotFound, status: 200, code: autosys.FeilmeldingIkkeTilgjengelig, requests: 1},
		{name: "200 empty list", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundEmptyList)}, plate: "ZZ99999", want: autosys.ErrNotFound, status: 200, requests: 1},
		{name: "200 plain text", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundPlainText)}, plate: "ZZ99999", want: autosys.ErrNotFound, status: 200, code: autosys.FeilmeldingIkkeTilgjengelig, requests: 1},
		{name: "204", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundNoContent)}, plate: "ZZ99999", want: autosys.ErrNotFound, status: 204, requests: 1},
		{name: "404", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundStatus)}, plate: "ZZ99999", want: autosys.ErrNotFound, status: 404, code: autosys.FeilmeldingIkkeTilgjengelig, requests: 1},
		{name: "200 empty body", fail: []autosystest.Fault{{Status: 200, Body: " "}}, plate: "EK39085", want: autosys.ErrNotFound, status: 200, requests: 1},
		{name: "200 ugyldig", fail: []autosystest.Fault{{Status: 200, Body: `{"feilmelding":"KJENNEMERKE_UGYLDIG","kjoretoydataListe":[]}`}}, plate: "EK39085", want: autosys.ErrBadRequest, status: 200, code: "KJENNEMERKE_UGYLDIG", requests: 1},
		{name: "200 ukjent", fail: []autosystest.Fault{{Status: 200, Body: `{"feilmelding":"KJENNEMERKE_UKJENT"}`}}, plate: "EK39085", want: autosys.ErrNotFound, status: 200, code: "KJENNEMERKE_UKJENT", requests: 1},
		{name: "200 tjeneste", fail: []autosystest.Fault{{Status: 200, Body: `"TJENESTE_IKKE_TILGJENGELIG"`}}, plate: "EK39085", want: autosys.ErrServer, status: 200, code: "TJENESTE_IKKE_TILGJENGELIG", requests: 1},
		{name: "200 garbage", fail: []autosystest.Fault{{Status: 200, Body: "<html>maintenance</html>"}}, plate: "EK39085", want: autosys.ErrInvalidResponse, status: 200, requests: 1},
		{name: "200 broken json", fail: []autosystest.Fault{{Status: 200, Body: `{"kjoretoydataListe":[{"kjoretoyId":`}}, plate: "EK39085", want: autosys.ErrInvalidResponse, status: 200, requests: 1},
		{name: "400", fail: []autosystest.Fault{{Status: 400, Body: springJSON(400, "Mer enn ett av feltene er fylt ut")}}, plate: "EK39085", want: autosys.ErrBadRequest, status: 400, requests: 1},
		{name: "401", fail: []autosystest.Fault{{Status: 401}}, plate: "EK39085", want: autosys.ErrUnauthorized, status: 401, requests: 1},
		{name: "403 unknown key", opts: []autosystest.Option{autosystest.WithKeys("another")}, plate: "EK39085", want: autosys.ErrForbidden, status: 403, requests: 1},
		{name: "422 quota", opts: []autosystest.Option{autosystest.WithDailyQuota(0), autosystest.WithClock(func() time.Time { return t0 })}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 422, retryAt: midnight, requests: 1},
		{name: "422 without Retry-After", fail: []autosystest.Fault{{Status: 422, Body: " "}}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 422, requests: 1},
		{name: "429 quota", opts: []autosystest.Option{autosystest.WithDailyQuota(0), autosystest.WithQuotaStatus(429), autosystest.WithClock(func() time.Time { return t0 })}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 429, retryAt: midnight, requests: 1},
		{name: "429 quota without Retry-After", fail: []autosystest.Fault{{Status: 429, Body: "Bruker har brukt opp kvoten"}}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 429, requests: 1},
		// The portal: 429 means the period's quota is spent, whatever the
		// Retry-After; it is not retried.
		{name: "429 short Retry-After is the quota", fail: []autosystest.Fault{{Status: 429, RetryAfter: "0"}}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 429, requests: 1},
		{name: "429 plain is the quota", fail: []autosystest.Fault{{Status: 429}}, plate: "EK39085", want: autosys.ErrQuotaExceeded, status: 429, requests: 1},
		{name: "503 twice then ok", fail: []autosystest.Fault{{Status: 503}, {Status: 502}}, plate: "EK39085", requests: 3},
		{name: "dropped connection then ok", fail: []autosystest.Fault{{Drop: true}}, plate: "EK39085", requests: 2},
		{name: "500 on every attempt", fail: []autosystest.Fault{{Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}}, plate: "EK39085", want: autosys.ErrServer, status: 500, requests: 4},
		{name: "truncated body then ok", fail: []autosystest.Fault{{Truncate: true}}, plate: "EK39085", requests: 2},
		{name: "truncated body on every attempt", fail: []autosystest.Fault{{Truncate: true}, {Truncate: true}, {Truncate: true}, {Truncate: true}}, plate: "EK39085", want: autosys.ErrUnavailable, status: 200, requests: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := autosystest.NewServer(tt.opts...)
			defer srv.Close()
			srv.Script(tt.fail...)
			c := newClient(t, srv, tt.client...)
			v, err := c.LookupKjennemerke(testCtx(t), tt.plate)
			assert.Equal(t, tt.requests, len(srv.Requests()))
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, "VOLKSWAGEN", v.Merke())
				return
			}
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, v)
			var ae *autosys.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.status, ae.StatusCode)
			assert.Equal(t, tt.code, ae.Code)
			assert.NotEmpty(t, ae.RequestID)
			if errors.Is(err, autosys.ErrQuotaExceeded) {
				assert.False(t, ae.RetryAt.IsZero(), "a quota error says when it resets")
			}
			if !tt.retryAt.IsZero() {
				assert.True(t, tt.retryAt.Equal(ae.RetryAt), "RetryAt %v, want %v", ae.RetryAt, tt.retryAt)
			}
			assert.NotContains(t, err.Error(), testKey)
		})
	}
}

func TestLocalQuota(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv, autosys.WithDailyQuota(3))
	ctx := testCtx(t)
	srv.Script(autosystest.Fault{Status: 503}) // a retry spends a call too
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	assert.Equal(t, 2, c.Quota().Used())
	_, err = c.LookupKjennemerke(ctx, "ZZ99999")
	require.ErrorIs(t, err, autosys.ErrNotFound)
	st, _ := c.Quota().Status(ctx)
	assert.Equal(t, 3, st.Used)
	assert.Zero(t, st.Remaining)
	assert.Equal(t, autosys.DateOf(time.Now().In(autosys.Oslo())), st.Day)

	before := len(srv.Requests())
	_, err = c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	assert.Equal(t, before, len(srv.Requests()), "refused locally, before the key is spent")
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae)
	assert.Zero(t, ae.StatusCode)
	assert.Equal(t, st.ResetsAt, ae.RetryAt)
	assert.Contains(t, err.Error(), "refused locally")
	assert.NotContains(t, err.Error(), testKey)
}

func TestServerQuotaBlocksFurtherCalls(t *testing.T) {
	srv := autosystest.NewServer(autosystest.WithDailyQuota(1))
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	_, err = c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	require.Equal(t, 2, len(srv.Requests()))
	_, err = c.LookupKjennemerke(ctx, "BE12335")
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	assert.Equal(t, 2, len(srv.Requests()), "the server's answer is remembered until its reset time")
	assert.Zero(t, c.Quota().Remaining())
}

func TestSharedQuotaAndWithoutQuota(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	q := autosys.NewQuota(2)
	a := newClient(t, srv, autosys.WithQuota(q))
	b := newClient(t, srv, autosys.WithQuota(q))
	ctx := testCtx(t)
	_, err := a.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	_, err = b.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	_, err = a.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	assert.Equal(t, 2, q.Used())

	off := newClient(t, srv, autosys.WithoutQuota())
	for range 3 {
		_, err = off.LookupKjennemerke(ctx, "EK39085")
		require.NoError(t, err)
	}
}

func TestSecretsStayOutOfLogsAndErrors(t *testing.T) {
	var logs bytes.Buffer
	srv := autosystest.NewServer(autosystest.WithKeys(testKey))
	defer srv.Close()
	c := newClient(t, srv, autosys.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := testCtx(t)
	srv.Script(autosystest.Fault{Status: 503, Body: "echo " + testKey}, autosystest.Fault{Status: 500}, autosystest.Fault{Status: 502},
		autosystest.Fault{Status: 500, Body: "key was " + testKey})
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testKey)
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae)
	assert.NotContains(t, string(ae.Body), testKey)
	assert.NotContains(t, ae.Message, testKey)
	_, err = c.LookupKjennemerke(ctx, "ZZ99999")
	require.ErrorIs(t, err, autosys.ErrNotFound)
	assert.NotContains(t, err.Error(), testKey)
	require.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), testKey)
}

func TestContextCancelled(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.Is(err, autosys.ErrNotFound))
}

func TestSeededFaultsAreRetriedThrough(t *testing.T) {
	srv := autosystest.NewServer(autosystest.WithFaults(autosystest.Faults{
		Seed: 7, Unavailable: 0.25, Drop: 0.1, // no 429: Autosys sends it only for a spent quota
	}))
	defer srv.Close()
	c := newClient(t, srv, autosys.WithRetry(autosys.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}))
	ctx := testCtx(t)
	plates := []string{"EK39085", "BE12335", "SP23005", "KH54321", "EC45678", "ZT40123", "KT4821", "JV7731", "CD19650", "HEIA", "VH33445"}
	for _, p := range plates {
		v, err := c.LookupKjennemerke(ctx, p)
		require.NoError(t, err, p)
		assert.NotEmpty(t, v.Merke())
	}
	assert.Greater(t, len(srv.Requests()), len(plates), "some requests failed and were retried")
	// Every attempt the client makes is counted. net/http itself may resend
	// a request whose reused connection was dropped before any answer, which
	// the client cannot see, so the server may count a few more.
	assert.Greater(t, c.Quota().Used(), len(plates))
	assert.LessOrEqual(t, c.Quota().Used(), len(srv.Requests()))
}

func TestLatencyRespectsContext(t *testing.T) {
	srv := autosystest.NewServer(autosystest.WithLatency(time.Minute))
	defer srv.Close()
	c := newClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, context.DeadlineExceeded)
}
