package transport

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// RedirectError is the refusal to follow a redirect that would send a
// request body to another origin. A body may carry a credential (API
// Skriv's password and refresh token), and net/http replays it on a 307 or
// 308 to wherever Location points; header credentials are bound to the
// API's host, and the static headers that name the caller (X-Client,
// X-Kontaktperson) to its origin, by each attempt (call.RoundTrip), and a
// body is bound to its origin here.
type RedirectError struct {
	Status   int    // the redirect's status
	From, To string // the origins (scheme://host:port), never a path or query
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refusing to follow a %d redirect from %s to another origin (%s): the request has a body, which may carry a credential",
		e.Status, e.From, e.To)
}

// bodyStaysHome wraps a client's CheckRedirect: a request with a body is
// never redirected to another origin (scheme, host or port differ),
// whatever the status (net/http replays the body on 307 and 308, and turns
// 301, 302 and 303 into a GET without it; neither is followed). Every
// other redirect is left to next, or to net/http's limit of 10 hops.
func (c *Client) bodyStaysHome(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if s := strings.ToLower(req.URL.Scheme); s != "http" && s != "https" {
			return fmt.Errorf("refusing to follow a redirect to a %q URL", c.scrubFold(req.URL.Scheme))
		}
		if first.ContentLength != 0 && !sameOrigin(req.URL, first.URL) {
			status := 0
			if req.Response != nil {
				status = req.Response.StatusCode
			}
			// The target is the server's text: a host may echo a secret from
			// the body, in any case, since host names ignore case.
			return &RedirectError{Status: status, From: origin(first.URL), To: c.scrubFold(origin(req.URL))}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (a missing port is the scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port(u)
}
