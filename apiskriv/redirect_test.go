package apiskriv_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
)

const (
	redirectUser     = "olanor"
	redirectPassword = "passord-som-aldri-skal-flytte-seg"
	redirectRefresh  = "refresh-token-som-aldri-skal-flytte-seg"
)

// seen is one request a recordingServer received.
type seen struct {
	method, host, path, body string
}

// recordingServer keeps every request it receives. On its own origin it
// plays API Skriv's login: authenticate answers tokens, or the redirect
// set in redirect (path → status and Location); on any other Host (a
// redirect that came back under another name) it answers tokens too, so a
// followed redirect would succeed and show.
type recordingServer struct {
	*httptest.Server
	mu       sync.Mutex
	reqs     []seen
	redirect map[string]redirectTo
}

type redirectTo struct {
	status   int
	location string
}

func newRecordingServer(t *testing.T) *recordingServer {
	t.Helper()
	s := &recordingServer{redirect: map[string]redirectTo{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *recordingServer) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.reqs = append(s.reqs, seen{method: r.Method, host: r.Host, path: r.URL.Path, body: string(b)})
	to, ok := s.redirect[r.URL.Path]
	s.mu.Unlock()
	own := "http://"+r.Host == s.URL
	if ok && own {
		w.Header().Set("Location", to.location)
		w.WriteHeader(to.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"idToken": testJWT(time.Now().Add(10 * time.Minute)), "accessToken": testJWT(time.Now().Add(10 * time.Minute)),
		"refreshToken": redirectRefresh,
	})
}

func (s *recordingServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

// testJWT is an unsigned JWT whose exp the token source reads.
func testJWT(exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(fmt.Sprintf(`{"exp":%d}`, exp.Unix()))) + ".c2ln"
}

// The password (login) and the refresh token (refresh) travel in the body
// of a POST. Whatever the redirect status, a redirect to another origin is
// refused before anything is sent there: another server, and the same
// server under another name (localhost for 127.0.0.1, same port). The
// error names both origins and the status, never the secret, and the
// request is not repeated.
func TestCredentialBodyNeverFollowsRedirectToAnotherOrigin(t *testing.T) {
	kinds := []struct {
		name, path, secret string
	}{
		{"password login", "/rest/v1/oidc/authenticate", redirectPassword},
		{"refresh", "/rest/v1/oidc/refresh", redirectRefresh},
	}
	targets := []string{"another server", "localhost on the same port"}
	for _, kind := range kinds {
		for _, status := range []int{301, 302, 303, 307, 308} {
			for _, target := range targets {
				t.Run(fmt.Sprintf("%s/%d/%s", kind.name, status, target), func(t *testing.T) {
					api := newRecordingServer(t)
					other := newRecordingServer(t)
					otherOrigin := other.URL
					if target == targets[1] {
						u, err := url.Parse(api.URL)
						require.NoError(t, err)
						otherOrigin = "http://localhost:" + u.Port()
					}
					api.redirect[kind.path] = redirectTo{status: status, location: otherOrigin + kind.path}

					ts, err := apiskriv.PasswordTokenSource(api.URL, redirectUser, redirectPassword,
						apiskriv.WithRefreshMargin(time.Hour)) // every token is due for refresh at once
					require.NoError(t, err)
					if kind.name == "refresh" {
						_, err := ts.Token() // the login, answered on the API's own origin
						require.NoError(t, err)
					}
					_, err = ts.Token()
					require.Error(t, err)
					msg := err.Error()
					assert.Contains(t, msg, "refusing to follow")
					assert.Contains(t, msg, fmt.Sprintf("a %d redirect", status))
					assert.Contains(t, msg, "another origin ("+otherOrigin+")")
					assert.NotContains(t, msg, redirectPassword)
					assert.NotContains(t, msg, redirectRefresh)

					assert.Empty(t, other.requests(), "the other server received a request")
					var onAPI []seen
					for _, r := range api.requests() {
						assert.Equal(t, strings.TrimPrefix(api.URL, "http://"), r.host, "a request reached the API's server under another name: %+v", r)
						if r.path == kind.path {
							onAPI = append(onAPI, r)
						}
					}
					require.Len(t, onAPI, 1, "the refused request is not repeated")
					assert.Contains(t, onAPI[0].body, kind.secret, "the credential went to its own origin only")
				})
			}
		}
	}
}

// The refusal reaches the caller of an API method as a clear error, with
// no request to the other origin and no secret in the text.
func TestLoginRedirectThroughClient(t *testing.T) {
	api := newRecordingServer(t)
	other := newRecordingServer(t)
	api.redirect["/rest/v1/oidc/authenticate"] = redirectTo{status: http.StatusTemporaryRedirect, location: other.URL + "/rest/v1/oidc/authenticate"}
	ts, err := apiskriv.PasswordTokenSource(api.URL, redirectUser, redirectPassword)
	require.NoError(t, err)
	c, err := apiskriv.NewClient("redirect", ts, apiskriv.WithBaseURL(api.URL))
	require.NoError(t, err)
	_, err = c.Oppdrag.Get(context.Background(), 3466724)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to follow a 307 redirect from "+api.URL+" to another origin ("+other.URL+")")
	assert.NotContains(t, err.Error(), redirectPassword)
	assert.Empty(t, other.requests())
}

// A redirect within the origin is followed (the body goes with a 307 to
// the same scheme, host and port), and a CheckRedirect of the caller's
// client still decides those; it cannot open the way to another origin.
// The caller's client is copied, not changed.
func TestLoginRedirectWithinOrigin(t *testing.T) {
	t.Run("followed", func(t *testing.T) {
		api := newRecordingServer(t)
		api.redirect["/rest/v1/oidc/authenticate"] = redirectTo{status: http.StatusTemporaryRedirect, location: "/rest/v1/oidc/authenticate/"}
		ts, err := apiskriv.PasswordTokenSource(api.URL, redirectUser, redirectPassword)
		require.NoError(t, err)
		tok, err := ts.Token()
		require.NoError(t, err)
		assert.NotEmpty(t, tok.AccessToken)
		reqs := api.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "/rest/v1/oidc/authenticate/", reqs[1].path)
		assert.Contains(t, reqs[1].body, redirectPassword, "307 keeps the body within the origin")
	})

	t.Run("caller's CheckRedirect", func(t *testing.T) {
		api := newRecordingServer(t)
		other := newRecordingServer(t)
		calls := 0
		allowAll := func(*http.Request, []*http.Request) error { calls++; return nil }
		hc := &http.Client{CheckRedirect: allowAll}
		ts, err := apiskriv.PasswordTokenSource(api.URL, redirectUser, redirectPassword, apiskriv.WithAuthHTTPClient(hc))
		require.NoError(t, err)

		api.redirect["/rest/v1/oidc/authenticate"] = redirectTo{status: http.StatusPermanentRedirect, location: other.URL + "/rest/v1/oidc/authenticate"}
		_, err = ts.Token()
		require.ErrorContains(t, err, "refusing to follow a 308 redirect")
		assert.Empty(t, other.requests())
		assert.Zero(t, calls, "another origin is refused before the caller's CheckRedirect is asked")

		api.redirect["/rest/v1/oidc/authenticate"] = redirectTo{status: http.StatusPermanentRedirect, location: "/rest/v1/oidc/authenticate/"}
		_, err = ts.Token()
		require.NoError(t, err)
		assert.Equal(t, 1, calls, "the caller's CheckRedirect decides within the origin")

		require.NoError(t, hc.CheckRedirect(nil, nil))
		assert.Equal(t, 2, calls, "the caller's client still has its own CheckRedirect")
	})
}

// The server that redirects has seen the password and may echo it in the
// host of Location, in any case: the error names the target origin
// without it.
func TestLoginRedirectErrorHidesEchoedPassword(t *testing.T) {
	const password = "Hemmelig-Passord-42"
	api := newRecordingServer(t)
	api.redirect["/rest/v1/oidc/authenticate"] = redirectTo{status: http.StatusTemporaryRedirect,
		location: "http://" + password + ".invalid/rest/v1/oidc/authenticate"}
	ts, err := apiskriv.PasswordTokenSource(api.URL, redirectUser, password)
	require.NoError(t, err)
	_, err = ts.Token()
	require.ErrorContains(t, err, "to another origin (http://[REDACTED].invalid:80)")
	assert.NotContains(t, strings.ToLower(err.Error()), strings.ToLower(password))
}
