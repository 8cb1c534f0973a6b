package transport

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// checkRetry decides whether an attempt is repeated. It returns (true, nil)
// rather than an error so the final response survives to the decoder.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	info, _ := ctx.Value(ctxKey{}).(*callInfo)
	if err != nil {
		var he *hookError
		var db *decodedBad
		if errors.As(err, &he) || errors.As(err, &db) {
			return false, err
		}
		if !retryableTransportError(err) {
			return false, err
		}
		// A POST that failed on the wire may have been applied; repeat only
		// what is safe to repeat.
		if info != nil && !info.safe() {
			return false, nil
		}
		if c.pastDeadline(ctx, info, nil) {
			return false, err // the wait would outlast the caller: report the failure now
		}
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	case http.StatusInternalServerError:
		if info != nil && !info.safe() {
			return false, nil
		}
	default:
		return false, nil
	}
	if info != nil && !info.safe() && resp.StatusCode != http.StatusTooManyRequests {
		// A 429 means the server did not process the request, so even a POST
		// may be repeated; a 5xx after a POST may hide a partial effect.
		return false, nil
	}
	if d, _, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > c.policy.MaxRetryAfter {
		return false, nil // fail at once; the error carries the time
	}
	if resp.StatusCode == http.StatusTooManyRequests && c.spentQuota(resp) {
		return false, nil // a spent quota does not come back within the retry budget
	}
	if c.pastDeadline(ctx, info, resp) {
		return false, nil // keep this answer: the caller learns what the server said
	}
	return true, nil
}

// pastDeadline reports whether the least wait before the next attempt
// (the server's Retry-After, else half the backoff step) would pass ctx's
// deadline: sleeping into it would only trade the API's answer for a bare
// context.DeadlineExceeded.
func (c *Client) pastDeadline(ctx context.Context, info *callInfo, resp *http.Response) bool {
	deadline, ok := ctx.Deadline()
	if !ok {
		return false
	}
	n := 0
	if info != nil {
		n = max(info.attempts-1, 0)
	}
	wait := minBackoff(c.policy.MinWait, c.policy.MaxWait, n)
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, _, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			wait = d
		}
	}
	if time.Until(deadline) >= wait {
		return false
	}
	if info != nil {
		info.deadlineWait, info.pastDeadline = wait, true
	}
	return true
}

// markDeadline makes the final error of a call that gave up before its
// deadline match context.DeadlineExceeded too, so a caller that checks for
// its deadline finds it, and errors.As still finds the server's answer.
func (i *callInfo) markDeadline(e *APIError) {
	if i.pastDeadline {
		e.Err = &deadlineError{wait: i.deadlineWait, cause: e.Err}
	}
}

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

func (i *callInfo) safe() bool { return i.retrySafe || idempotent(i.method) }

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

func retryableTransportError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ae *authError
	var re *RedirectError
	if errors.As(err, &ae) || errors.Is(err, ErrInsecureAuth) || errors.As(err, &re) {
		return false
	}
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce *x509.CertificateInvalidError
	if errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce) {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"stopped after", "unsupported protocol scheme", "invalid header", "refusing to follow"} {
		if strings.Contains(msg, s) {
			return false
		}
	}
	return true
}

// backoff waits what the server asked for (already checked against
// MaxRetryAfter), else exponential steps with jitter.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, _, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	return expBackoff(minWait, maxWait, attempt)
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
