package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/metactx"
)

// call is one logical call: its request, its one retry budget and what its
// attempts found. go-retryablehttp runs the loop (a client of its own per
// call, which costs a struct); the call is that loop's RoundTripper, so one
// attempt, from the limiter to the decoded answer, reads top to bottom in
// RoundTrip, and everything the loop needs to decide is a field here
// rather than a value hidden in a context.
type call struct {
	c      *Client
	r      *Request
	method string
	url    *url.URL
	id     string // X-Request-ID, the same on every attempt
	limit  int64  // the 2xx body limit
	decode func(*Response) error
	start  time.Time

	attempts int            // requests sent; a redirect hop is part of its attempt
	result   *Response      // the 2xx answer: decoded (Send) or open (Open)
	broken   *Response      // the last 2xx whose body broke off
	last     *http.Response // the last answer that had headers, for Meta
	gaveUp   time.Duration  // > 0: ended because the next wait (at least this) passes the deadline
}

// The ways an attempt ends without an answer to hand back. checkRetry
// tells them apart by type, never by text.
type (
	// noAnswer: the connection failed, stalled, or the body broke off.
	// Repeated when the request is safe to repeat.
	noAnswer struct{ err error }
	// final: the call ends with err as it is (a hook's or limiter's own
	// error, credentials that could not be had, an answer that arrived
	// whole but is not what the API documents). answered says an answer
	// came, so the error is the call's and its Meta is reported.
	final struct {
		err      error
		answered bool
	}
	// stopped: the decoder's consumer stopped the call (a stream's yield
	// returned an error). It is the consumer's error, passed back as it
	// is: not retried, not reported, not changed.
	stopped struct{ err error }
)

func (e *noAnswer) Error() string { return e.err.Error() }
func (e *noAnswer) Unwrap() error { return e.err }
func (e *final) Error() string    { return e.err.Error() }
func (e *final) Unwrap() error    { return e.err }
func (e *stopped) Error() string  { return e.err.Error() }
func (e *stopped) Unwrap() error  { return e.err }

// Stop wraps the error a decoder's consumer returned to end the call: the
// call returns it as it is, without a retry or a report, whatever it
// wraps.
func Stop(err error) error { return &stopped{err} }

// Send sends r and hands each 2xx answer to decode inside its attempt,
// then closes the body. decode must start afresh on every call and must
// not keep the body: an answer that breaks off or stalls while decode
// reads it (a reset, a cut, no byte for the stall timeout) fails the
// attempt like a dropped connection, and a request safe to repeat is sent
// again within the same retry budget. An answer that arrived whole but
// does not decode ends the call with an ErrInvalidResponse *APIError; an
// *APIError from decode is passed on. A non-2xx answer is an *APIError.
func (c *Client) Send(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	if decode == nil {
		decode = func(*Response) error { return nil }
	}
	return c.run(ctx, r, decode)
}

// Open sends r and returns the 2xx answer with its body open (limited to
// the body limit and watched by the stall timeout) for the caller to read
// and close: a download of any size. Only the request is retried; a body
// that breaks off after Open returned is the caller's.
func (c *Client) Open(ctx context.Context, r *Request) (*Response, error) {
	r.Streamed = true
	return c.run(ctx, r, nil)
}

func (c *Client) run(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := r.encode(); err != nil {
		return nil, fmt.Errorf("%s: %w", c.api, err)
	}
	u, err := c.buildURL(r)
	if err != nil {
		return nil, err
	}
	k := &call{c: c, r: r, method: r.HTTPMethod(), url: u, id: NewUUID(), decode: decode, start: time.Now(),
		limit: c.maxBody}
	if r.MaxBody > 0 && r.MaxBody < k.limit {
		k.limit = r.MaxBody
	}
	var body any
	if r.Body != nil {
		body = r.Body // []byte is replayed by retryablehttp on every attempt
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, k.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: building request: %w", c.api, err)
	}
	for name, v := range r.Header {
		req.Header[name] = append([]string(nil), v...)
	}
	req.Header.Set("X-Request-ID", k.id)
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	hc := *c.hc
	hc.Transport = k
	loop := &retryablehttp.Client{
		HTTPClient:   &hc,
		RetryWaitMin: c.policy.MinWait,
		RetryWaitMax: c.policy.MaxWait,
		RetryMax:     c.policy.MaxRetries,
		CheckRetry:   k.checkRetry,
		Backoff:      k.backoff,
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			if err != nil && resp != nil {
				_ = resp.Body.Close()
				return nil, err
			}
			return resp, err // the final answer goes to finish, not a generic "giving up"
		},
		PrepareRetry: k.prepareRetry,
	}
	hr, err := loop.Do(req)
	return k.finish(ctx, hr, err)
}

// RoundTrip is one attempt, start to end: pace, count and charge it, add
// headers and credentials, send it under the stall clock, and, for Send,
// decode a 2xx answer inside it. net/http calls it again for each hop of a
// redirect, which belongs to the same attempt.
func (k *call) RoundTrip(req *http.Request) (*http.Response, error) {
	c := k.c
	ctx := req.Context()
	hop := req.Response != nil
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, &final{err: ctx.Err()}
			}
			if _, ok := c.limiter.(*rate.Limiter); ok {
				// x/time/rate refuses early when the wait would pass the
				// deadline, with an error that does not wrap DeadlineExceeded.
				return nil, &final{err: fmt.Errorf("%w: rate limiter: %v", context.DeadlineExceeded, err)}
			}
			// Another limiter's own failure (a shared limiter whose store
			// is down) ends the call with that error, typed as it is.
			return nil, &final{err: err}
		}
	}
	if !hop {
		// A redirect hop is paced, but neither counted nor charged again.
		if k.r.BeforeAttempt != nil {
			if err := k.r.BeforeAttempt(ctx); err != nil {
				return nil, &final{err: err}
			}
		}
		k.attempts++
		k.broken, k.last = nil, nil // what the previous attempt found is not this one's
	}
	ctx = metactx.WithAttempt(ctx, vegdata.Attempt{API: c.api, Operation: k.r.Operation, RequestID: k.id, Number: k.attempts})
	out := req.Clone(ctx)
	// The static headers (X-Client, X-Kontaktperson, the caller's
	// User-Agent …) name the caller and go to the API's own origin only.
	// They are added here, on every hop, never to the request net/http
	// copies onto a redirect: a hop to another origin carries none of them
	// (nor a credential, below), only the SDK's own User-Agent.
	if sameOrigin(out.URL, c.base) {
		for name, v := range c.header {
			if out.Header.Get(name) == "" {
				out.Header[name] = v
			}
		}
	} else {
		out.Header.Set("User-Agent", DefaultUserAgent())
	}
	// Credentials go only to the API's own host: a redirect elsewhere must
	// not carry them. A token is fetched before the stall clock starts.
	if c.auth != nil && sameHost(out.URL, c.base) {
		if out.URL.Scheme == "http" && !IsLoopback(out.URL.Host) {
			return nil, &final{err: fmt.Errorf("%s: %w", c.api, ErrInsecureAuth)}
		}
		if err := c.auth.Authorize(out); err != nil {
			if ctx.Err() != nil {
				return nil, &final{err: ctx.Err()}
			}
			return nil, &final{err: c.scrubErr(fmt.Errorf("%s: %w", c.api, err))}
		}
	}
	// The attempt has a context of its own, cancelled when nothing moves
	// for the stall timeout: no byte of the request goes out (a slow upload
	// that still progresses is fine) and no byte of the answer comes in,
	// or the answer drips (MinBytesPerStall). The connection is then
	// closed, never put back in the pool, and the attempt fails like a
	// dropped one.
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
	sent := time.Now()
	resp, err := c.next.RoundTrip(out)
	if err != nil {
		if w.stalled() {
			err = &StallError{After: w.d}
		}
		w.stop()
	} else {
		w.answer()
		resp.Body = &watchedBody{rc: resp.Body, w: w}
		// The answer points at the request without its credentials: the
		// credentialed clone never leaves the attempt.
		resp.Request = req
	}
	k.log(ctx, out, sent, resp, err)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, &final{err: ctx.Err()}
	case err != nil && refusedOnOurSide(err):
		return nil, &final{err: c.scrubErr(fmt.Errorf("%s: %s %s: %w", c.api, k.method, c.redactURL(k.url), err))}
	case err != nil:
		return nil, &noAnswer{err}
	}
	k.last = resp
	if k.decode == nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, nil // a redirect to follow, an error answer, or a download
	}
	return k.decoded(ctx, resp)
}

// decoded runs the call's decode on a 2xx answer inside its attempt and
// says what became of it.
func (k *call) decoded(ctx context.Context, hr *http.Response) (*http.Response, error) {
	resp := k.wrap(hr)
	rb := &readErrBody{rc: resp.Body}
	resp.Body = rb
	derr := k.decode(resp)
	_ = rb.Close()
	var st *stopped
	var inv *invalidAnswer
	switch {
	case derr == nil:
		k.result = resp
		// The loop gets an answer with nothing left to read; the decoded
		// result stays here.
		return &http.Response{Status: hr.Status, StatusCode: hr.StatusCode, Header: hr.Header, Body: http.NoBody,
			Request: hr.Request, ContentLength: 0}, nil
	case errors.As(derr, &st):
		return nil, st
	case ctx.Err() != nil:
		return nil, &final{err: ctx.Err()}
	case errors.As(derr, &inv), !k.safe():
		// An answer that arrived whole and is not what the API documents;
		// or the server took a request that is not safe to repeat (2xx),
		// and repeating it could apply it twice, whatever became of the
		// answer.
	case rb.err != nil:
		k.broken = resp
		return nil, &noAnswer{fmt.Errorf("the answer broke off: %w", rb.err)}
	case hr.ProtoMajor == 1 && hr.ContentLength < 0 && len(hr.TransferEncoding) == 0 && !hr.Uncompressed && endedEarly(derr):
		// A close-delimited HTTP/1 body (no length, not chunked) that ends
		// mid-value was cut, not sent wrong: nothing says where it should
		// have ended. A cut chunked or gzip stream fails its read instead
		// and is caught above; an HTTP/2 stream ends with its own frame.
		k.broken = resp
		return nil, &noAnswer{fmt.Errorf("the answer broke off: %w", derr)}
	}
	return nil, &final{err: k.c.InvalidResponse(resp, derr), answered: true}
}

// wrap is a 2xx answer as a decoder or a download sees it.
func (k *call) wrap(hr *http.Response) *Response {
	resp := &Response{Response: hr, RequestID: k.c.requestID(hr, k.id), Attempts: k.attempts, c: k.c}
	hr.Body = &limitedBody{rc: hr.Body, n: k.limit}
	return resp
}

// checkRetry decides, once per attempt, whether it is repeated. It returns
// (false, nil) to stop with the final answer kept for finish.
func (k *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var na *noAnswer
		if !errors.As(err, &na) || !k.safe() {
			// Our own refusal, or a request that may have been applied
			// on the wire: never repeated.
			return false, err
		}
		if k.pastDeadline(ctx, nil) {
			return false, err // the wait would outlast the caller: report the failure now
		}
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		// A 429 means the server did not process the request, so even a
		// POST may be repeated.
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !k.safe() {
			return false, nil // a 5xx after a POST may hide a partial effect
		}
	default:
		return false, nil
	}
	if d, _, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > k.c.policy.MaxRetryAfter {
		return false, nil // fail at once; the error carries the time
	}
	if resp.StatusCode == http.StatusTooManyRequests && k.c.spentQuota(resp) {
		return false, nil // a spent quota does not come back within the retry budget
	}
	if k.pastDeadline(ctx, resp) {
		return false, nil // keep this answer: the caller learns what the server said
	}
	return true, nil
}

// backoff waits what the server asked for (already checked against
// MaxRetryAfter), else exponential steps with jitter.
func (k *call) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if d, ok := retryAfter(resp); ok {
		return d
	}
	return expBackoff(minWait, maxWait, attempt)
}

// pastDeadline reports whether the least wait before the next attempt
// (the server's Retry-After, else half the backoff step) would pass ctx's
// deadline: sleeping into it would only trade the API's answer for a bare
// context.DeadlineExceeded.
func (k *call) pastDeadline(ctx context.Context, resp *http.Response) bool {
	deadline, ok := ctx.Deadline()
	if !ok || k.attempts > k.c.policy.MaxRetries {
		return false // no deadline, or the budget ends the call anyway
	}
	wait := minBackoff(k.c.policy.MinWait, k.c.policy.MaxWait, max(k.attempts-1, 0))
	if d, ok := retryAfter(resp); ok {
		wait = d
	}
	if time.Until(deadline) >= wait {
		return false
	}
	k.gaveUp = max(wait, time.Nanosecond)
	return true
}

// prepareRetry lets the request change the query of an attempt it repeats
// (a stream asks again from after its last whole item).
func (k *call) prepareRetry(req *http.Request) error {
	if k.r.PrepareRetry == nil {
		return nil
	}
	u := *req.URL
	q := u.Query()
	k.r.PrepareRetry(q)
	u.RawQuery = q.Encode()
	req.URL = &u
	return nil
}

// finish turns what the loop ended with into the call's result.
func (k *call) finish(ctx context.Context, hr *http.Response, err error) (*Response, error) {
	c := k.c
	if err != nil {
		var st *stopped
		if errors.As(err, &st) {
			return nil, st.err
		}
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		var f *final
		if errors.As(err, &f) {
			if ae, ok := f.err.(*APIError); ok && f.answered {
				ae.Attempts = k.attempts
				c.settleError(ae) // a decoder may have built it with server text
				k.report(ctx, ae.StatusCode, ae.RequestID)
			}
			return nil, f.err
		}
		var na *noAnswer
		if !errors.As(err, &na) {
			// net/http's own refusal: a redirect to another origin with a
			// body, too many redirects.
			return nil, c.scrubErr(fmt.Errorf("%s: %s %s: %w", c.api, k.method, c.redactURL(k.url), unwrapURLError(err)))
		}
		e := &APIError{API: c.api, Method: k.method, URL: c.redactURL(k.url), RequestID: k.id,
			Attempts: k.attempts, Kind: ErrUnavailable, Message: c.text(na.err.Error()), Err: c.scrubErr(na.err)}
		if k.broken != nil {
			// The last attempt had headers and lost its body: keep what the
			// server said about it, and report it, since an answer came.
			e.StatusCode, e.RequestID = k.broken.StatusCode, k.broken.RequestID
			k.report(ctx, e.StatusCode, e.RequestID)
		}
		k.markDeadline(e)
		return nil, e
	}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		e := c.apiError(hr, k.method, k.url, c.requestID(hr, k.id), k.attempts)
		k.markDeadline(e)
		k.report(ctx, hr.StatusCode, e.RequestID)
		return nil, e
	}
	if k.result == nil { // Open: the body is the caller's
		k.result = k.wrap(hr)
	} else {
		// The decoded answer's stand-in: net/http may have wrapped it in
		// a body whose Close ends its timer (http.Client.Timeout).
		_ = hr.Body.Close()
	}
	k.result.Attempts = k.attempts
	k.report(ctx, hr.StatusCode, k.result.RequestID)
	return k.result, nil
}

// markDeadline makes the final error of a call that gave up before its
// deadline match context.DeadlineExceeded too, so a caller that checks for
// its deadline finds it, and errors.As still finds the server's answer.
func (k *call) markDeadline(e *APIError) {
	if k.gaveUp > 0 {
		e.Err = &deadlineError{wait: k.gaveUp, cause: e.Err}
	}
}

// report hands the call's metadata to a vegdata.OnMeta hook, if any.
func (k *call) report(ctx context.Context, status int, rid string) {
	hook := metactx.Hook(ctx)
	if hook == nil {
		return
	}
	c := k.c
	m := &vegdata.Meta{API: c.api, Method: k.method, StatusCode: status, RequestID: rid,
		Attempts: k.attempts, Elapsed: time.Since(k.start)}
	if hr := k.last; hr != nil {
		if hr.Request != nil {
			m.URL = c.redactURL(hr.Request.URL)
		}
		m.Header = c.cleanHeader(hr.Header)
	}
	if k.r.Meta != nil {
		k.r.Meta(m)
	}
	hook(m)
}

// log writes one line per attempt at debug level, without secrets.
func (k *call) log(ctx context.Context, out *http.Request, sent time.Time, resp *http.Response, err error) {
	c := k.c
	if !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("api", c.api), slog.String("method", out.Method),
		slog.String("url", c.redactURL(out.URL)), slog.Duration("elapsed", time.Since(sent)),
		slog.Int("attempt", k.attempts), slog.String("request_id", k.id),
	}
	if k.r.Operation != "" {
		attrs = append(attrs, slog.String("operation", k.r.Operation))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.text(err.Error())))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "http request", attrs...)
}

func (k *call) safe() bool { return k.r.RetrySafe || idempotent(k.method) }

// refusedOnOurSide reports a failure that is not a missing answer but a
// refusal a repeat cannot change: a certificate that does not verify.
func refusedOnOurSide(err error) bool {
	var cv *tls.CertificateVerificationError
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce)
}

// retryAfter is the wait a 429 or 503 asks for.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	d, _, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return d, ok
}

// readErrBody remembers a failure of the connection while the body is read,
// as opposed to a body that arrived whole but did not decode.
type readErrBody struct {
	rc  io.ReadCloser
	err error
}

func (b *readErrBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, ErrBodyTooLarge) && b.err == nil {
		b.err = err
	}
	return n, err
}

func (b *readErrBody) Close() error { return b.rc.Close() }
