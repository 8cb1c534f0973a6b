package apiskriv

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Realm is the user directory a login is checked against.
type Realm string

// Realms of API Skriv's login.
const (
	RealmEmployee       Realm = "EMPLOYEE" // SVV employees (the default)
	RealmServiceAccount Realm = "SERVICE_ACCOUNT"
	RealmExternal       Realm = "EXTERNAL"
)

// TokenKind chooses which of the login's tokens is sent as the bearer.
type TokenKind int

const (
	// IDToken is sent by default, as the docs say.
	IDToken TokenKind = iota
	// AccessToken is what some public clients send instead.
	AccessToken
)

// ErrLoginFailed is returned when API Skriv refuses a login or refresh. The
// API answers a failed login with 200 and an empty object {}.
var ErrLoginFailed = errors.New("apiskriv: login failed")

// authConfig holds the options of PasswordTokenSource.
type authConfig struct {
	transport.Settings
	realm  Realm
	kind   TokenKind
	margin time.Duration
}

// AuthOption configures PasswordTokenSource.
type AuthOption func(*authConfig) error

// WithRealm sets the realm (EMPLOYEE, SERVICE_ACCOUNT or EXTERNAL).
func WithRealm(r Realm) AuthOption {
	return func(c *authConfig) error {
		switch r {
		case RealmEmployee, RealmServiceAccount, RealmExternal:
			c.realm = r
			return nil
		}
		return transport.InvalidArgument(fmt.Errorf("invalid argument: unknown realm %q", string(r)))
	}
}

// WithAuthHTTPClient sets the HTTP client used to log in and refresh; it is
// separate from the API client's, since tokens are fetched outside any one
// request's context. A copy is kept, and the copy never follows a redirect
// to another origin (scheme, host and port): login and refresh carry the
// password or the refresh token in their body. hc's own CheckRedirect still
// applies to redirects within the origin.
func WithAuthHTTPClient(hc *http.Client) AuthOption {
	return func(c *authConfig) error { return c.SetHTTPClient(hc) }
}

// WithAuthLogger logs logins and refreshes at debug level (never the
// password or a token).
func WithAuthLogger(l *slog.Logger) AuthOption {
	return func(c *authConfig) error { return c.SetLogger(l) }
}

// WithTokenKind chooses which token is sent (IDToken by default).
func WithTokenKind(k TokenKind) AuthOption {
	return func(c *authConfig) error {
		if k != IDToken && k != AccessToken {
			return transport.InvalidArgument(fmt.Errorf("invalid argument: unknown token kind %d", k))
		}
		c.kind = k
		return nil
	}
}

// WithRefreshMargin sets how long before the token's exp it is refreshed
// (default one minute).
func WithRefreshMargin(d time.Duration) AuthOption {
	return func(c *authConfig) error {
		if d < 0 {
			return transport.InvalidArgument(errors.New("invalid argument: negative refresh margin"))
		}
		c.margin = d
		return nil
	}
}

// WithAuthRetry sets the retry policy of the login and refresh requests
// (default: 2 retries, backoff from 250 ms); NoRetries makes each a single
// attempt.
func WithAuthRetry(p RetryPolicy) AuthOption {
	return func(c *authConfig) error { return c.SetRetry(p) }
}

// PasswordTokenSource logs in to API Skriv with a username and password
// (POST rest/v1/oidc/authenticate) and refreshes the token ahead of the
// JWT's exp (POST rest/v1/oidc/refresh), falling back to a new login when
// the refresh token has expired. baseURL is the same as the client's,
// including any prefix. The result is an oauth2.ReuseTokenSource, safe for
// concurrent use; it does no I/O until the first token is needed. The
// password is never logged nor put in an error.
//
// Token requests run with their own context (not a request's), so a
// cancelled request cannot break later refreshes; the HTTP client's
// timeout bounds them (30 s by default).
//
// The password and the refresh token travel in the request body, so they
// are bound to baseURL's origin (scheme, host and port, compared exactly:
// localhost is not 127.0.0.1): a login or refresh answered with a redirect
// (301, 302, 303, 307 or 308) to another origin fails with an error that
// names both origins, and nothing is sent there.
func PasswordTokenSource(baseURL, username, password string, opts ...AuthOption) (oauth2.TokenSource, error) {
	if strings.TrimSpace(username) == "" || password == "" {
		return nil, transport.InvalidArgument(errors.New("apiskriv: invalid argument: username and password are required"))
	}
	cfg := authConfig{Settings: transport.Defaults(baseURL, math.Inf(1), 1), realm: RealmEmployee, margin: time.Minute}
	cfg.Retry = RetryPolicy{MaxRetries: 2}
	if err := cfg.SetBaseURL(baseURL); err != nil {
		return nil, fmt.Errorf("apiskriv: %w", err)
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("apiskriv: %w", err)
		}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	src := &loginSource{username: username, password: password, realm: cfg.realm, kind: cfg.kind}
	cfg.HTTPClient = sameOriginRedirects(cfg.HTTPClient, src.Secrets)
	tc, err := transport.New(transport.Config{API: "apiskriv-auth", Settings: cfg.Settings, Auth: src, DecodeError: decodeFault})
	if err != nil {
		return nil, fmt.Errorf("apiskriv: %w", err)
	}
	src.tc = tc
	return oauth2.ReuseTokenSourceWithExpiry(nil, src, cfg.margin), nil
}

// loginSource fetches tokens. As a transport.Auth it adds no header but
// names its secrets, so they are scrubbed from logs and errors.
type loginSource struct {
	tc       *transport.Client
	username string
	password string
	realm    Realm
	kind     TokenKind

	mu      sync.Mutex
	refresh string
	secrets []string
}

// Authorize adds nothing: login requests carry their credentials in the body.
func (s *loginSource) Authorize(*http.Request) error { return nil }

// Secrets names the password and the tokens seen, to scrub from output.
func (s *loginSource) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{s.password}, s.secrets...)
}

type tokenResponse struct {
	IDToken      string `json:"idToken"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

// Token logs in, or refreshes when a refresh token is at hand.
func (s *loginSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	refresh := s.refresh
	s.mu.Unlock()
	ctx := context.Background()
	if refresh != "" {
		tok, err := s.call(ctx, oidcRefresh, "rest/v1/oidc/refresh", map[string]string{"refreshToken": refresh, "realm": string(s.realm)})
		if err == nil {
			return tok, nil
		}
		if !errors.Is(err, ErrLoginFailed) {
			return nil, err
		}
		s.tc.Logger().Debug("apiskriv: refresh token refused, logging in again")
	}
	return s.call(ctx, oidcLogin, "rest/v1/oidc/authenticate", map[string]string{"username": s.username, "password": s.password, "realm": string(s.realm)})
}

// The login and the refresh. Logging in again or refreshing again is
// harmless, so both are retried; the answer is read as JSON only, so a
// proxy's HTML page is ErrInvalidResponse, not a refused login.
var (
	oidcLogin   = tokenOp("PasswordTokenSource.Login")
	oidcRefresh = tokenOp("PasswordTokenSource.Refresh")
)

func tokenOp(name string) *endpoint.Op[tokenResponse] {
	return &endpoint.Op[tokenResponse]{Spec: post(name, true),
		Decode: func(resp *endpoint.Response, out *tokenResponse) error { return transport.DecodeJSON(resp.Body, out) }}
}

func (s *loginSource) call(ctx context.Context, op *endpoint.Op[tokenResponse], p string, body map[string]string) (*oauth2.Token, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	tr, err := op.Do(ctx, s.tc, endpoint.Request{Path: p, Body: b, ContentType: "application/json; charset=UTF-8"})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden) {
			return nil, fmt.Errorf("%w: %w", ErrLoginFailed, err)
		}
		return nil, err
	}
	value := tr.IDToken
	if s.kind == AccessToken {
		value = tr.AccessToken
	}
	if value == "" {
		// 200 {} is how API Skriv says no.
		if op == oidcRefresh {
			return nil, fmt.Errorf("%w: refresh token refused", ErrLoginFailed)
		}
		return nil, fmt.Errorf("%w: wrong username, password or realm for %q (realm %s)", ErrLoginFailed, s.username, s.realm)
	}
	s.mu.Lock()
	if tr.RefreshToken != "" {
		s.refresh = tr.RefreshToken
	}
	s.secrets = append(s.secrets, tr.IDToken, tr.AccessToken, tr.RefreshToken)
	if len(s.secrets) > 12 {
		s.secrets = s.secrets[len(s.secrets)-12:]
	}
	s.mu.Unlock()
	tok := &oauth2.Token{AccessToken: value, TokenType: "Bearer"}
	if exp, ok := jwtExpiry(value); ok {
		tok.Expiry = exp
	} else {
		// No readable exp: the docs say id tokens often live 15 minutes.
		tok.Expiry = time.Now().Add(5 * time.Minute)
	}
	return tok, nil
}

// sameOriginRedirects returns a copy of hc that refuses every redirect to
// another origin than the request's own. Go's client sends a 307 or 308
// again with its body to wherever Location names, and only strips
// Authorization-like headers, never a body: for login and refresh the body
// is the credential. hc's CheckRedirect (or Go's limit of 10 redirects)
// still decides redirects within the origin. secrets are kept out of the
// error, which names the target origin.
func sameOriginRedirects(hc *http.Client, secrets func() []string) *http.Client {
	cp := *hc
	next := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 {
			from, to := origin(via[0].URL), origin(req.URL)
			if from != to {
				status := 0
				if req.Response != nil {
					status = req.Response.StatusCode
				}
				// The server that redirects has seen the secrets and may
				// put one in Location's host, which origin lower-cases:
				// exact-match scrubbing downstream would miss it.
				for _, s := range secrets() {
					if len(s) >= 4 {
						to = strings.ReplaceAll(to, strings.ToLower(s), "[REDACTED]")
					}
				}
				return &redirectRefusedError{status: status, from: from, to: to}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// origin is scheme://host:port of u, the port made explicit and scheme and
// host lower-cased, so that two URLs compare equal exactly when a browser
// would call them the same origin.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// redirectRefusedError is a redirect of a login or refresh to another
// origin. It names the origins only: a Location's path or query could
// carry anything the server chose to echo. The transport does not repeat
// a request that ends in it ("refusing to follow").
type redirectRefusedError struct {
	status   int
	from, to string
}

func (e *redirectRefusedError) Error() string {
	return fmt.Sprintf("refusing to follow a %d redirect from %s to another origin (%s): the request carries credentials in its body",
		e.status, e.from, e.to)
}

// jwtExpiry reads the exp claim of a JWT without verifying it (the server
// does that); it is only used to refresh in time.
func jwtExpiry(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) < 2 {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil || claims.Exp == "" {
		return time.Time{}, false
	}
	f, err := claims.Exp.Float64()
	if err != nil || f <= 0 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), true
}
