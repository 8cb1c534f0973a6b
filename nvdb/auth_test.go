package nvdb_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// sensitiveID is the first generated object of type 999.
const sensitiveID = 1_000_000_000 + 999*10_000_000

const secretToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2Vuc2l0aXY.hemmelig-signatur"

// sensitiveServer serves type 999 (generated) as sensitive and accepts
// only secretToken.
func sensitiveServer(t *testing.T) *nvdbtest.Server {
	t.Helper()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 30), nvdbtest.WithSensitive(999), nvdbtest.WithSensitiveTokens(secretToken))
	t.Cleanup(srv.Close)
	return srv
}

func authClient(t *testing.T, srv *nvdbtest.Server, opts ...nvdb.Option) *nvdb.Client {
	t.Helper()
	// The default pace (39 requests a second) would make each of the
	// test's calls wait for the limiter; pacing is tested elsewhere.
	all := append([]nvdb.Option{nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 100), nvdb.WithRetry(fastRetry)}, opts...)
	c, err := nvdb.NewClient("nvdb-test", all...)
	require.NoError(t, err)
	return c
}

// Every read of a sensitive type: 401 without a token (or with a wrong
// one), the answer with the token; open types need none.
func TestSensitiveTypesNeedToken(t *testing.T) {
	ctx := context.Background()
	srv := sensitiveServer(t)
	calls := map[string]func(c *nvdb.Client) error{
		"List": func(c *nvdb.Client) error { _, err := c.Vegobjekter.List(ctx, 999, nil); return err },
		"All": func(c *nvdb.Client) error {
			for _, err := range c.Vegobjekter.All(ctx, 999, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"Get":        func(c *nvdb.Client) error { _, err := c.Vegobjekter.Get(ctx, 999, sensitiveID, nil); return err },
		"GetByID":    func(c *nvdb.Client) error { _, err := c.Vegobjekter.GetByID(ctx, sensitiveID, nil); return err },
		"Versjoner":  func(c *nvdb.Client) error { _, err := c.Vegobjekter.Versjoner(ctx, 999, sensitiveID, nil); return err },
		"Statistikk": func(c *nvdb.Client) error { _, err := c.Vegobjekter.Statistikk(ctx, 999, nil); return err },
		"ListEndringer several types": func(c *nvdb.Client) error {
			_, err := c.Vegobjekter.Endringer(ctx, []int{105, 999}, nil)
			return err
		},
	}
	for _, tc := range []struct {
		name string
		opts []nvdb.Option
		want error // nil: the call succeeds
	}{
		{"no token", nil, nvdb.ErrUnauthorized},
		{"wrong token", []nvdb.Option{nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "feil"}))}, nvdb.ErrUnauthorized},
		{"token", []nvdb.Option{nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: secretToken}))}, nil},
	} {
		c := authClient(t, srv, tc.opts...)
		for name, call := range calls {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				err := call(c)
				if tc.want == nil {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, tc.want)
				var ae *nvdb.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
				assert.Contains(t, ae.Message, "sensitiv")
				assert.NotEmpty(t, ae.RequestID)
				assert.Equal(t, 1, ae.Attempts, "a 401 is not retried")
				assert.NotContains(t, err.Error(), secretToken)
			})
		}
		// Open types need no token, and the sensitive type is what the
		// catalogue says is sensitive.
		_, err := c.Vegobjekter.Get(ctx, 105, 78697179, nil)
		require.NoError(t, err, tc.name)
		typ, err := c.Datakatalog.Vegobjekttype(ctx, 999)
		require.NoError(t, err)
		assert.True(t, typ.Sensitiv)
		open, err := c.Datakatalog.Vegobjekttype(ctx, 105)
		require.NoError(t, err)
		assert.False(t, open.Sensitiv)
		// Statistics of all types count the sensitive one only for a token.
		all, err := c.Vegobjekter.StatistikkAlleTyper(ctx, nil)
		require.NoError(t, err)
		has999 := false
		for _, s := range all {
			has999 = has999 || s.ID == 999
		}
		assert.Equal(t, tc.want == nil, has999, tc.name)
	}
}

// 403 (a token without access to the type) is typed too.
func TestForbiddenIsTyped(t *testing.T) {
	srv := sensitiveServer(t)
	c := authClient(t, srv, nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: secretToken})))
	srv.Script(nvdbtest.Fault{Status: http.StatusForbidden})
	_, err := c.Vegobjekter.List(context.Background(), 999, nil)
	require.ErrorIs(t, err, nvdb.ErrForbidden)
	var ae *nvdb.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.NotContains(t, err.Error(), secretToken)
}

// The token goes to NVDB's own host only: a redirect to another host
// arrives without it; it is never logged; a failing token source fails
// the call without a request and without a retry.
func TestTokenStaysHome(t *testing.T) {
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":1,"href":"x"}`))
	}))
	defer other.Close()
	var home []string
	nvdbHost := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		home = append(home, r.Header.Get("Authorization"))
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer nvdbHost.Close()

	var logs strings.Builder
	var logMu sync.Mutex
	h := slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug})
	c, err := nvdb.NewClient("t", nvdb.WithBaseURL(nvdbHost.URL), nvdb.WithLogger(slog.New(h)),
		nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: secretToken})))
	require.NoError(t, err)
	_, err = c.Vegobjekter.Get(context.Background(), 999, 1, nil)
	require.NoError(t, err)
	mu.Lock()
	assert.Equal(t, []string{"Bearer " + secretToken}, home)
	assert.Equal(t, []string{""}, elsewhere, "no token to another host")
	mu.Unlock()
	logMu.Lock()
	assert.NotContains(t, logs.String(), secretToken)
	assert.Contains(t, logs.String(), "status=302")
	logMu.Unlock()

	// A token source that fails: no request, no retry, the cause kept.
	srv := sensitiveServer(t)
	broken := errors.New("login refused")
	c = authClient(t, srv, nvdb.WithTokenSource(failingSource{broken}))
	before := srv.Requests()
	_, err = c.Vegobjekter.List(context.Background(), 999, nil)
	require.ErrorIs(t, err, broken)
	assert.Equal(t, before, srv.Requests())
}

type failingSource struct{ err error }

func (f failingSource) Token() (*oauth2.Token, error) { return nil, f.err }

func TestWithTokenSourceRefusesBadInput(t *testing.T) {
	_, err := nvdb.NewClient("t", nvdb.WithTokenSource(nil))
	require.ErrorIs(t, err, nvdb.ErrInvalidArgument)
	// A token is sent over plain http only to loopback.
	_, err = nvdb.NewClient("t", nvdb.WithBaseURL("http://nvdbapiles.atlas.vegvesen.no"),
		nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: secretToken})))
	require.ErrorIs(t, err, nvdb.ErrInsecureAuth)
	assert.NotContains(t, err.Error(), secretToken)
}
