package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// Auth puts credentials on a request. Implementations also report the
// secret values so they can be scrubbed from anything we print.
type Auth interface {
	// Authorize adds the credential to a request bound for the API's host.
	Authorize(req *http.Request) error
	// Secrets lists the values to scrub from errors and logs.
	Secrets() []string
}

// APIKey sends key in header, after prefix (Autosys: "SVV-Authorization",
// "Apikey ").
func APIKey(header, prefix, key string) Auth {
	return &headerAuth{header: header, value: prefix + key, key: key}
}

// Bearer sends "Authorization: Bearer <key>".
func Bearer(key string) Auth { return APIKey("Authorization", "Bearer ", key) }

type headerAuth struct{ header, value, key string }

func (a *headerAuth) Authorize(req *http.Request) error {
	req.Header.Set(a.header, a.value)
	return nil
}

func (a *headerAuth) Secrets() []string { return []string{a.key} }

// TokenSource sends the access token of ts as a bearer token. Wrap ts in
// oauth2.ReuseTokenSource to avoid a login per request.
func TokenSource(ts oauth2.TokenSource) Auth { return &tokenAuth{ts: ts} }

type tokenAuth struct {
	ts   oauth2.TokenSource
	mu   sync.Mutex
	seen []string // tokens handed out, scrubbed from output (bounded)
}

func (a *tokenAuth) Authorize(req *http.Request) error {
	// oauth2.TokenSource takes no context: wait for it beside the caller's,
	// so a slow login cannot outlast a cancel or a deadline. The fetch goes
	// on in the background and a ReuseTokenSource keeps its result.
	type result struct {
		tok *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		tok, err := a.ts.Token()
		ch <- result{tok, err}
	}()
	var tok *oauth2.Token
	select {
	case r := <-ch:
		if r.err != nil {
			return &authError{err: r.err}
		}
		tok = r.tok
	case <-req.Context().Done():
		return req.Context().Err()
	}
	if tok == nil || tok.AccessToken == "" {
		return &authError{err: errors.New("token source returned an empty token")}
	}
	a.mu.Lock()
	if len(a.seen) == 0 || a.seen[len(a.seen)-1] != tok.AccessToken {
		a.seen = append(a.seen, tok.AccessToken)
		if len(a.seen) > 8 {
			a.seen = a.seen[len(a.seen)-8:]
		}
	}
	a.mu.Unlock()
	typ := tok.Type()
	if strings.EqualFold(typ, "bearer") || typ == "" {
		typ = "Bearer"
	}
	req.Header.Set("Authorization", typ+" "+tok.AccessToken)
	return nil
}

func (a *tokenAuth) Secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.seen...)
}

// authError marks a failure to obtain credentials; it is never retried.
type authError struct{ err error }

func (e *authError) Error() string { return fmt.Sprintf("obtaining credentials: %v", e.err) }
func (e *authError) Unwrap() error { return e.err }
