package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/metactx"
	"golang.org/x/time/rate"
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
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if _, ok := c.limiter.(*rate.Limiter); ok {
				// x/time/rate refuses early when the wait would pass the
				// deadline, with an error that does not wrap DeadlineExceeded.
				return nil, fmt.Errorf("%w: rate limiter: %v", context.DeadlineExceeded, err)
			}
			// Another limiter's own failure (a shared limiter whose store
			// is down) ends the call with that error, typed as it is.
			return nil, &hookError{err: err}
		}
	}
	// A redirect hop (req.Response set) is part of the same attempt: it is
	// paced, but neither counted again nor charged to a quota again.
	if info != nil && req.Response == nil {
		if info.before != nil {
			if err := info.before(ctx); err != nil {
				return nil, &hookError{err: err}
			}
		}
		info.attempts++
	}
	if info != nil {
		ctx = metactx.WithAttempt(ctx, vegdata.Attempt{API: info.api, Operation: info.operation,
			RequestID: info.requestID, Number: info.attempts})
	}
	out := req.Clone(ctx)
	for k, v := range c.header {
		if out.Header.Get(k) == "" {
			out.Header[k] = v
		}
	}
	// Credentials go only to the API's own host: a redirect elsewhere must
	// not carry them. A token is fetched before the stall clock starts.
	if c.auth != nil && sameHost(out.URL, c.base) {
		if out.URL.Scheme == "http" && !IsLoopback(out.URL.Host) {
			return nil, ErrInsecureAuth
		}
		if err := c.auth.Authorize(out); err != nil {
			return nil, err
		}
	}
	// The attempt has a context of its own, cancelled when nothing moves
	// for the stall timeout: no byte of the request goes out (a slow
	// upload that still progresses is fine) and no byte of the answer
	// comes in. The connection is then closed, never put back in the
	// pool, and the attempt fails like a dropped one.
	actx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{cancel: cancel, d: c.stall}
	w.timer = time.AfterFunc(w.d, w.fire)
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { w.kick() },
	})
	out = out.WithContext(actx)
	if out.Body != nil && out.Body != http.NoBody {
		out.Body = &progressBody{rc: out.Body, w: w}
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		if w.stalled() {
			err = &StallError{After: w.d}
		}
		w.stop()
	} else {
		w.kick()
		resp.Body = &watchedBody{rc: resp.Body, w: w}
	}
	if c.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("api", c.api), slog.String("method", out.Method),
			slog.String("url", c.redactURL(out.URL)), slog.Duration("elapsed", time.Since(start)),
		}
		if info != nil {
			attrs = append(attrs, slog.Int("attempt", info.attempts), slog.String("request_id", info.requestID))
			if info.operation != "" {
				attrs = append(attrs, slog.String("operation", info.operation))
			}
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

// StallError is the failure of an attempt whose answer stopped arriving:
// no byte of headers or body for After. It is retried like a dropped
// connection, and is the cause of an ErrUnavailable when every attempt
// stalled.
type StallError struct{ After time.Duration }

func (e *StallError) Error() string {
	return fmt.Sprintf("no byte of the answer for %s (stall timeout)", e.After)
}

var errStalled = errors.New("stalled")

// watchdog cancels one attempt when its timer runs out; every byte that
// arrives winds it up again.
type watchdog struct {
	cancel context.CancelCauseFunc
	d      time.Duration
	timer  *time.Timer
	fired  atomic.Bool
	mu     sync.Mutex // Reset comes from the request writer and the body reader
}

// kick winds the timer up again: something moved.
func (w *watchdog) kick() {
	if w.fired.Load() {
		return
	}
	w.mu.Lock()
	w.timer.Reset(w.d)
	w.mu.Unlock()
}

func (w *watchdog) fire() {
	w.fired.Store(true)
	w.cancel(errStalled)
}

func (w *watchdog) stalled() bool { return w.fired.Load() }

func (w *watchdog) stop() {
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
	w.cancel(context.Canceled)
}

// progressBody is a request body whose every chunk read for sending winds
// the watchdog up: an upload that moves is not a stall.
type progressBody struct {
	rc io.ReadCloser
	w  *watchdog
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.kick()
	}
	return n, err
}

func (b *progressBody) Close() error { return b.rc.Close() }

type watchedBody struct {
	rc   io.ReadCloser
	w    *watchdog
	once sync.Once
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.kick()
	}
	if err != nil && err != io.EOF && b.w.stalled() {
		err = &StallError{After: b.w.d}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	err := b.rc.Close()
	b.once.Do(b.w.stop)
	return err
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
			for _, s := range c.sensitive {
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
