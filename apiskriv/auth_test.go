package apiskriv_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

func TestLoginRealms(t *testing.T) {
	tests := []struct {
		user  string
		realm apiskriv.Realm
		pass  string
		ok    bool
	}{
		{"olanor", apiskriv.RealmEmployee, apiskrivtest.Password, true},
		{"svc-vegdata", apiskriv.RealmServiceAccount, apiskrivtest.Password, true},
		{"entrep", apiskriv.RealmExternal, apiskrivtest.Password, true},
		{"svc-vegdata", apiskriv.RealmEmployee, apiskrivtest.Password, false},
		{"olanor", apiskriv.RealmEmployee, "feil-passord-123", false},
		{"ukjent", apiskriv.RealmEmployee, apiskrivtest.Password, false},
	}
	srv := apiskrivtest.NewServer(apiskrivtest.WithStrictTokens())
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.user+"/"+string(tt.realm), func(t *testing.T) {
			logs := &hostile.Log{}
			logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			ts, err := apiskriv.PasswordTokenSource(srv.URL, tt.user, tt.pass, apiskriv.WithRealm(tt.realm), apiskriv.WithAuthLogger(logger))
			require.NoError(t, err)
			c, err := apiskriv.NewClient("t", ts, apiskriv.WithBaseURL(srv.URL), apiskriv.WithLogger(logger))
			require.NoError(t, err)
			before := len(srv.Requests())
			_, err = c.Oppdrag.Get(context.Background(), 3466724)
			if tt.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, apiskriv.ErrLoginFailed)
				assert.NotContains(t, err.Error(), tt.pass)
				reqs := srv.Requests()[before:]
				require.Len(t, reqs, 1, "only the login was sent")
				assert.Equal(t, "/rest/v1/oidc/authenticate", reqs[0].Path)
			}
			assert.NotContains(t, logs.String(), tt.pass)
		})
	}
}

func TestRefreshAheadOfExpiry(t *testing.T) {
	// Tokens live 30 s and are refreshed one minute before exp, so every
	// request refreshes: the refresh endpoint is used, not a new login.
	e := newEnv(t, apiskriv.JSON, []apiskrivtest.Option{apiskrivtest.WithTokenLifetime(30 * time.Second), apiskrivtest.WithStrictTokens()})
	ctx := context.Background()
	for range 3 {
		_, err := e.c.Oppdrag.Get(ctx, 3466724)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, e.srv.Logins())
	assert.Equal(t, 2, e.srv.Refreshes())

	// A refused refresh token (200 {}) falls back to a new login.
	e.srv.ExpireTokens()
	_, err := e.c.Oppdrag.Get(ctx, 3466724)
	require.NoError(t, err)
	assert.Equal(t, 2, e.srv.Logins())
}

func TestTokenReusedUntilExpiry(t *testing.T) {
	e := newEnv(t, apiskriv.XML, []apiskrivtest.Option{apiskrivtest.WithStrictTokens()})
	for range 4 {
		_, err := e.c.Oppdrag.Get(context.Background(), 3466724)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, e.srv.Logins())
	assert.Zero(t, e.srv.Refreshes())
}

func TestAccessTokenKindAndPrefix(t *testing.T) {
	srv := apiskrivtest.NewServer(apiskrivtest.WithPrefix("/nvdb/apiskriv"), apiskrivtest.WithStrictTokens())
	defer srv.Close()
	require.Contains(t, srv.URL, "/nvdb/apiskriv")
	ts, err := apiskriv.PasswordTokenSource(srv.URL, "olanor", apiskrivtest.Password, apiskriv.WithTokenKind(apiskriv.AccessToken))
	require.NoError(t, err)
	for _, f := range formats {
		c, err := apiskriv.NewClient("t", ts, apiskriv.WithBaseURL(srv.URL+"/"), apiskriv.WithFormat(f))
		require.NoError(t, err)
		o, err := c.Oppdrag.Get(context.Background(), 3466724)
		require.NoError(t, err)
		self, _ := o.Ressurser.Src("self")
		assert.Equal(t, srv.URL+"/rest/v1/oppdrag/3466724", self)
		var again apiskriv.Oppdrag
		err = c.Follow(context.Background(), o.Ressurser, "self", &again)
		require.NoError(t, err)
		assert.Equal(t, *o, again)
	}
	for _, r := range srv.Requests() {
		assert.Contains(t, []string{"/rest/v1/oidc/authenticate", "/rest/v1/oppdrag/3466724"}, r.Path)
	}
}

func TestStaticTokensAndUnauthorized(t *testing.T) {
	lax := apiskrivtest.NewServer()
	defer lax.Close()
	strict := apiskrivtest.NewServer(apiskrivtest.WithStrictTokens())
	defer strict.Close()
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "egen-token-1234"})
	for _, srv := range []*apiskrivtest.Server{lax, strict} {
		logs := &hostile.Log{}
		c, err := apiskriv.NewClient("t", ts, apiskriv.WithBaseURL(srv.URL), apiskriv.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		require.NoError(t, err)
		_, err = c.Oppdrag.Get(context.Background(), 3466724)
		if srv == lax {
			require.NoError(t, err, "any non-empty token is accepted by default")
		} else {
			var ae *apiskriv.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, apiskriv.ErrUnauthorized)
			assert.Equal(t, "Mangler gyldig autentiseringstoken", ae.Message)
			assert.NotEmpty(t, ae.RequestID)
			assert.NotContains(t, err.Error(), "egen-token-1234")
		}
		assert.NotContains(t, logs.String(), "egen-token-1234")
	}
}

func TestConstructorChecks(t *testing.T) {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})
	tests := []struct {
		name       string
		clientName string
		ts         oauth2.TokenSource
		opts       []apiskriv.Option
		want       error // ErrInvalidArgument when nil
	}{
		{"no client name", "", ts, nil, nil},
		{"blank client name", " \t", ts, nil, nil},
		{"long client name", strings.Repeat("a", 101), ts, nil, nil},
		{"no token source", "a", nil, nil, nil},
		{"newline client", "a\nb", ts, nil, nil},
		{"bad format", "a", ts, []apiskriv.Option{apiskriv.WithFormat(7)}, nil},
		{"bad url", "a", ts, []apiskriv.Option{apiskriv.WithBaseURL("ftp://x")}, nil},
		{"plain http", "a", ts, []apiskriv.Option{apiskriv.WithBaseURL("http://example.com/nvdb/apiskriv")}, apiskriv.ErrInsecureAuth},
		{"bad rate", "a", ts, []apiskriv.Option{apiskriv.WithRateLimit(0, 1)}, nil},
		{"negative poll", "a", ts, []apiskriv.Option{apiskriv.WithPollIntervals(apiskriv.PollIntervals{Behandles: -1})}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := apiskriv.NewClient(tt.clientName, tt.ts, tt.opts...)
			want := tt.want
			if want == nil {
				want = apiskriv.ErrInvalidArgument
			}
			assert.ErrorIs(t, err, want)
			assert.Nil(t, c)
		})
	}
	c, err := apiskriv.NewClient("a", ts, apiskriv.WithBaseURL(apiskriv.BaseURLATM))
	require.NoError(t, err)
	assert.Equal(t, apiskriv.BaseURLATM, c.BaseURL())
	assert.Equal(t, apiskriv.JSON, c.Format())

	for _, args := range [][3]string{{"https://x", "", "p"}, {"https://x", "u", ""}, {"nope", "u", "p"}, {"http://example.com", "u", "p"}} {
		_, err := apiskriv.PasswordTokenSource(args[0], args[1], args[2])
		assert.Error(t, err, args)
	}
	_, err = apiskriv.PasswordTokenSource("https://x", "u", "p", apiskriv.WithRealm("ADMIN"))
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
}

// WithAuthRetry sets the budget of the login: every attempt of it counts,
// a failed one is repeated only as often as the policy allows, and a
// negative value is refused before any request.
func TestAuthRetryPolicy(t *testing.T) {
	for _, tt := range []struct {
		name     string
		opts     []apiskriv.AuthOption
		attempts int
	}{
		{"no retries", []apiskriv.AuthOption{apiskriv.WithAuthRetry(apiskriv.RetryPolicy{MaxRetries: apiskriv.NoRetries})}, 1},
		{"one retry, quick", []apiskriv.AuthOption{apiskriv.WithAuthRetry(apiskriv.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond})}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			defer srv.Close()
			srv.Script(apiskrivtest.Fault{Status: 500}, apiskrivtest.Fault{Status: 500}, apiskrivtest.Fault{Status: 500})
			ts, err := apiskriv.PasswordTokenSource(srv.URL, "olanor", apiskrivtest.Password, tt.opts...)
			require.NoError(t, err)
			_, err = ts.Token()
			require.Error(t, err)
			logins := 0
			for _, r := range srv.Requests() {
				if r.Path == "/rest/v1/oidc/authenticate" {
					logins++
				}
			}
			assert.Equal(t, tt.attempts, logins)
		})
	}
	_, err := apiskriv.PasswordTokenSource("https://x", "u", "p", apiskriv.WithAuthRetry(apiskriv.RetryPolicy{MinWait: -time.Second}))
	require.ErrorContains(t, err, "must not be negative")
}
