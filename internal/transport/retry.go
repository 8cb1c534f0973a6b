package transport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// deadlineError is the cause of a call that gave up because its next
// attempt would come after the caller's deadline: it matches
// context.DeadlineExceeded and whatever the last attempt failed with.
type deadlineError struct {
	wait  time.Duration
	cause error
}

func (e *deadlineError) Error() string {
	msg := fmt.Sprintf("the next attempt (in at least %s) would come after the deadline: %v", e.wait.Round(time.Millisecond), context.DeadlineExceeded)
	if e.cause != nil {
		msg += "; last failure: " + e.cause.Error()
	}
	return msg
}

func (e *deadlineError) Unwrap() []error {
	if e.cause == nil {
		return []error{context.DeadlineExceeded}
	}
	return []error{context.DeadlineExceeded, e.cause}
}

// minBackoff is the shortest wait expBackoff can return for attempt.
func minBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	d := minWait
	for i := 0; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait) / 2
}

// spentQuota asks the API's error decoder whether a 429 says the quota is
// spent (Autosys may say so only in its body). The body read is bounded and
// put back for the final error.
func (c *Client) spentQuota(resp *http.Response) bool {
	if c.decodeErr == nil || resp.Body == nil {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxErr))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), errReader{err}, resp.Body), resp.Body}
	e := &APIError{API: c.api, StatusCode: resp.StatusCode}
	c.decodeErr(resp, body, e)
	return e.Kind == ErrQuotaExceeded
}

// errReader replays a read error that happened while peeking.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

func expBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	d := minWait
	for i := 0; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	if d > maxWait {
		d = maxWait
	}
	// Equal jitter: at least half the step, so clients spread out without
	// collapsing to zero waits.
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Duration, time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, time.Time{}, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			secs = 0
		}
		if secs > 1<<31 {
			secs = 1 << 31
		}
		d := time.Duration(secs) * time.Second
		return d, now.Add(d).Truncate(time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, t, true
	}
	return 0, time.Time{}, false
}
