package transport

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// attemptTransport runs once per attempt, retries included: it waits on the
// limiter, adds headers and credentials, and logs (without secrets).
type attemptTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.c
	ctx := req.Context()
	info, _ := ctx.Value(ctxKey{}).(*callInfo)
	if info != nil {
		info.attempts++
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// x/time/rate refuses early when the wait would pass the
			// deadline, with an error that does not wrap DeadlineExceeded.
			return nil, fmt.Errorf("%w: rate limiter: %v", context.DeadlineExceeded, err)
		}
	}
	out := req.Clone(ctx)
	for k, v := range c.header {
		if out.Header.Get(k) == "" {
			out.Header[k] = v
		}
	}
	// Credentials go only to the API's own host: a redirect elsewhere must
	// not carry them.
	if c.auth != nil && sameHost(out.URL, c.base) {
		if out.URL.Scheme == "http" && !IsLoopback(out.URL.Host) {
			return nil, ErrInsecureAuth
		}
		if err := c.auth.Authorize(out); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(out)
	if c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("api", c.api), slog.String("method", out.Method),
			slog.String("url", c.redactURL(out.URL)), slog.Duration("elapsed", time.Since(start)),
		}
		if info != nil {
			attrs = append(attrs, slog.Int("attempt", info.attempts), slog.String("request_id", info.requestID))
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", c.scrub(err.Error())))
		} else {
			attrs = append(attrs, slog.Int("status", resp.StatusCode))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "http request", attrs...)
	}
	return resp, err
}

func sameHost(a, b *url.URL) bool { return strings.EqualFold(a.Host, b.Host) }

// sensitiveParams are query parameters whose values never leave redactURL.
var sensitiveParams = []string{"key", "apikey", "api_key", "token", "access_token", "refresh_token", "password", "secret", "client_secret", "signature"}

func (c *Client) redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	cp := *u
	cp.User = nil
	if cp.RawQuery != "" {
		q := cp.Query()
		changed := false
		for k := range q {
			for _, s := range sensitiveParams {
				if strings.EqualFold(k, s) {
					q[k] = []string{"REDACTED"}
					changed = true
				}
			}
		}
		if changed {
			cp.RawQuery = q.Encode()
		}
	}
	return c.scrub(cp.String())
}

// jwtPattern matches a JSON Web Token: base64url of a JSON header ("eyJ"),
// a payload and an optional signature.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// scrub removes every known secret value from s, and anything shaped like a
// JWT: a token source remembers only its latest tokens, and an older one
// (expired, but still a token) may come back in an error body.
func (c *Client) scrub(s string) string {
	if strings.Contains(s, "eyJ") {
		s = jwtPattern.ReplaceAllString(s, "[REDACTED]")
	}
	if c.auth == nil {
		return s
	}
	for _, sec := range c.auth.Secrets() {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
			if esc := url.QueryEscape(sec); esc != sec {
				s = strings.ReplaceAll(s, esc, "[REDACTED]")
			}
		}
	}
	return s
}

func (c *Client) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := c.scrub(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// scrubbedError keeps the chain for errors.Is but prints without secrets.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
