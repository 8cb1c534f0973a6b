// Package transport is the HTTP layer every go-vegdata package shares:
// base URL, auth, rate limiting on every attempt, retries with bounded
// Retry-After, typed errors, redaction and bounded reads.
package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/metactx"
	"github.com/vegdata/go-vegdata/internal/textcap"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"
)

// ErrorDecoder fills API-specific fields (Code, Message, Kind) of e from an
// error body. body holds at most MaxErrorBody bytes.
type ErrorDecoder func(resp *http.Response, body []byte, e *APIError)

// Config is everything New needs.
type Config struct {
	API         string      // short name used in errors and logs
	Settings    Settings    // shared options
	Auth        Auth        // nil for none
	Header      http.Header // static headers sent on every request (X-Client ...)
	DecodeError ErrorDecoder
	// SensitiveParams names query parameters, beyond keys and tokens, whose
	// values never reach a log line, an error or a Meta (personal data such
	// as Autosys' fodselsnummer).
	SensitiveParams []string
}

// Client sends requests for one API. It is safe for concurrent use.
type Client struct {
	api       string
	base      *url.URL
	baseStr   string
	policy    RetryPolicy
	limiter   Limiter
	logger    *slog.Logger
	auth      Auth
	header    http.Header
	decodeErr ErrorDecoder
	maxErr    int64
	maxBody   int64
	stall     time.Duration
	sensitive []string
	rc        *retryablehttp.Client
}

// New builds a client. It does no network I/O.
func New(cfg Config) (*Client, error) {
	s := cfg.Settings
	if s.BaseURL == "" {
		return nil, errors.New("no base URL")
	}
	if err := s.SetBaseURL(s.BaseURL); err != nil {
		return nil, err
	}
	base, _ := url.Parse(s.BaseURL)
	if cfg.Auth != nil && base.Scheme == "http" && !IsLoopback(base.Host) {
		return nil, fmt.Errorf("%w (%s)", ErrInsecureAuth, base.Host)
	}
	c := &Client{
		api: cfg.API, base: base, baseStr: s.BaseURL,
		policy: s.Retry.WithDefaults(), limiter: s.Limiter,
		logger: s.Logger, auth: cfg.Auth, header: cfg.Header.Clone(),
		decodeErr: cfg.DecodeError, maxErr: s.MaxErrorBody, maxBody: s.MaxBody,
		sensitive: append(append([]string(nil), sensitiveParams...), cfg.SensitiveParams...),
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.maxErr <= 0 {
		c.maxErr = DefaultMaxErrorBody
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	c.stall = s.StallTimeout
	if c.stall <= 0 {
		c.stall = DefaultStallTimeout
	}
	ua := s.UserAgent
	if ua == "" {
		ua = DefaultUserAgent()
	} else if !strings.Contains(ua, "go-vegdata") {
		ua = ua + " " + DefaultUserAgent()
	}
	if c.header == nil {
		c.header = http.Header{}
	}
	c.header.Set("User-Agent", ua)

	hc := s.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient()
	} else {
		cp := *hc
		hc = &cp
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &attemptTransport{c: c, next: next}
	hc.CheckRedirect = c.bodyStaysHome(hc.CheckRedirect)
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		RetryWaitMin: c.policy.MinWait,
		RetryWaitMax: c.policy.MaxWait,
		RetryMax:     c.policy.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: keepLastResponse,
		PrepareRetry: prepareRetry,
	}
	return c, nil
}

// BaseURL returns the base URL without trailing slash.
func (c *Client) BaseURL() string { return c.baseStr }

// Logger returns the client's logger (never nil).
func (c *Client) Logger() *slog.Logger { return c.logger }

// Request describes one logical call.
type Request struct {
	Method      string
	Path        string     // relative to the base URL, segments already escaped (see JoinPath)
	URL         string     // absolute URL instead of Path (following links); must be on the base host
	Query       url.Values // query parameters
	Body        []byte     // request body; replayed on every attempt
	ContentType string
	Accept      string
	Header      http.Header
	// Operation names the SDK method ("Vegobjekter.List") in logs and in
	// the vegdata.Attempt that each attempt's context carries.
	Operation string
	// RetrySafe marks a non-idempotent request (POST, PATCH) that the API
	// makes safe to repeat, so it may be retried like a GET.
	RetrySafe bool
	// MaxBody lowers the client's limit on this request's 2xx body (0 keeps
	// it). An answer decoded whole is held in memory, so JSON uses
	// DefaultMaxDecodedBody unless this says otherwise.
	MaxBody int64
	// PrepareRetry, when set, may change the query of the attempt about to
	// be repeated: a stream that broke off asks again from after the last
	// whole item it read, so nothing is read twice.
	PrepareRetry func(q url.Values)
	// Streamed says the answer is decoded as it arrives with bounded
	// memory: Exchange then keeps the client's whole limit instead of
	// DefaultMaxDecodedBody.
	Streamed bool
	// BeforeAttempt runs before every request of the call is sent, after
	// the limiter: a quota counts attempts here. Its error ends the call at
	// once and is returned as it is.
	BeforeAttempt func(ctx context.Context) error
	// Meta, when set, completes the metadata reported to a vegdata.OnMeta
	// hook (Synsbasen's cost) once the answer is read.
	Meta func(*vegdata.Meta)

	// For Call: In is encoded as the body in Format (JSON unless XML);
	// Check validates the decoded value (a missing envelope member) and its
	// error becomes ErrInvalidResponse.
	In     any
	Format Format
	Check  func() error
}

type ctxKey struct{}

type callInfo struct {
	api       string
	method    string
	operation string
	retrySafe bool
	requestID string
	attempts  int // counted by attemptTransport; attempts run one after another
	before    func(ctx context.Context) error
	prepare   func(q url.Values)
	// pastDeadline is set when the call gave up because its next wait
	// (deadlineWait at least) would pass the caller's deadline.
	pastDeadline bool
	deadlineWait time.Duration
}

// Response is a 2xx answer; the caller must close Body.
type Response struct {
	*http.Response
	RequestID string
	Attempts  int
	c         *Client
	watch     *watchdog // the attempt's stall clock, when it has one
}

// Hold runs f with the attempt's stall clock stopped: a decoder that hands
// each item to a slow consumer before reading on (a stream) is not taken
// for a silent server while the consumer works.
func (r *Response) Hold(f func()) {
	if r == nil || r.watch == nil {
		f()
		return
	}
	r.watch.hold(f)
}

// Excerpt is at most limit bytes of server text s to quote in an error:
// secrets are scrubbed first, then it is cut, so a cut never leaves part
// of a key.
func (r *Response) Excerpt(s string, limit int) string {
	if r == nil || r.c == nil {
		return textcap.Cap(s, limit)
	}
	return r.c.Clean(s, limit)
}

// Do sends r, retrying per the policy, and returns a 2xx answer with its
// body open (limited to MaxBody, watched by the stall timeout) for the
// caller to read and close. Only the request is retried: once Do returns,
// a body that breaks off is the caller's. Anything else becomes an
// *APIError; when ctx is done the context's error is returned.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	return c.send(ctx, r, nil)
}

// Fetch sends r and hands a 2xx answer to decode inside the attempt, then
// closes the body. decode must not keep the body, and must start afresh on
// every call: a body that breaks off or stalls while decode reads it (a
// reset, a graceful close mid-body, a cut chunked or gzip stream, no byte
// for the stall timeout) fails the attempt like a dropped connection, and
// a request safe to repeat is sent again within the same retry budget.
// Bytes that arrived whole but do not decode end the call with an
// ErrInvalidResponse *APIError; an *APIError from decode is passed on.
func (c *Client) Fetch(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	return c.send(ctx, r, decode)
}

// JSON sends r and decodes a 2xx JSON body into out (nil to discard).
func (c *Client) JSON(ctx context.Context, r *Request, out any) (*Response, error) {
	if r.Accept == "" {
		r.Accept = "application/json"
	}
	if r.MaxBody == 0 {
		r.MaxBody = DefaultMaxDecodedBody
	}
	return c.Fetch(ctx, r, func(resp *Response) error {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			return nil
		}
		if rv := reflect.ValueOf(out); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero() // a repeated attempt starts afresh
		}
		return DecodeJSON(resp.Body, out)
	})
}

// brokenBody marks an answer that stopped arriving while it was read: a
// failure of the connection, retried like one.
type brokenBody struct{ err error }

func (e *brokenBody) Error() string { return "answer broke off: " + e.err.Error() }
func (e *brokenBody) Unwrap() error { return e.err }

// decodedBad marks an answer that arrived whole and did not decode; it is
// not retried, and carries the error to return.
type decodedBad struct{ err error }

func (e *decodedBad) Error() string { return e.err.Error() }

// hookError carries a BeforeAttempt error out of the loop unchanged.
type hookError struct{ err error }

func (e *hookError) Error() string { return e.err.Error() }

func (c *Client) send(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := c.buildURL(r)
	if err != nil {
		return nil, err
	}
	method := r.HTTPMethod()
	op := r.Operation
	if op == "" {
		op = callerOperation()
	}
	info := &callInfo{api: c.api, method: method, operation: op, retrySafe: r.RetrySafe,
		requestID: NewUUID(), before: r.BeforeAttempt, prepare: r.PrepareRetry}
	ctx = context.WithValue(ctx, ctxKey{}, info)

	var body any
	if r.Body != nil {
		body = r.Body // []byte is replayed by retryablehttp on every attempt
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: building request: %w", c.api, err)
	}
	for k, v := range r.Header {
		req.Header[k] = append([]string(nil), v...)
	}
	req.Header.Set("X-Request-ID", info.requestID)
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	limit := c.maxBody
	if r.MaxBody > 0 && r.MaxBody < limit {
		limit = r.MaxBody
	}
	wrap := func(hr *http.Response) *Response {
		rid := c.requestID(hr, info)
		hr.Body = &limitedBody{rc: hr.Body, n: limit}
		resp := &Response{Response: hr, RequestID: rid, Attempts: info.attempts, c: c}
		if wb, ok := hr.Body.(*watchedBody); ok {
			resp.watch = wb.w
		}
		return resp
	}

	start := time.Now()
	var decoded, lastBroken *Response
	var last *http.Response // the final answer, kept for Meta when the loop ends on an error
	if decode != nil {
		// The decode runs inside retryablehttp's loop, so a body that breaks
		// off is retried by the same loop, within the same budget, as a 503.
		req.SetResponseHandler(func(hr *http.Response) error {
			if hr.StatusCode < 200 || hr.StatusCode > 299 {
				return nil
			}
			last = hr
			resp := wrap(hr)
			rb := &readErrBody{rc: resp.Body}
			resp.Body = rb
			derr := decode(resp)
			_ = rb.Close()
			switch {
			case derr == nil:
				decoded = resp
				return nil
			case ctx.Err() != nil:
				return ctx.Err()
			case !info.safe():
				// The server took the request (2xx); repeating it could
				// apply it twice, whatever became of the answer.
			case rb.err != nil:
				lastBroken = resp
				return &brokenBody{err: rb.err}
			case hr.ContentLength < 0 && len(hr.TransferEncoding) == 0 && !hr.Uncompressed && endedEarly(derr):
				// A close-delimited body (no length, not chunked) that ends
				// mid-value was cut, not sent wrong: nothing says where it
				// should have ended. A cut chunked or gzip stream fails its
				// read instead and is caught above.
				lastBroken = resp
				return &brokenBody{err: derr}
			}
			return &decodedBad{err: c.InvalidResponse(resp, derr)}
		})
	}

	hr, err := c.rc.Do(req)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		var he *hookError
		if errors.As(err, &he) {
			return nil, he.err
		}
		var db *decodedBad
		if errors.As(err, &db) {
			if ae, ok := db.err.(*APIError); ok {
				ae.Attempts = info.attempts
				c.settleError(ae) // a decoder may have built it with server text
				c.report(ctx, r, info, start, ae.StatusCode, ae.RequestID, last)
			}
			return nil, db.err
		}
		var ae *authError
		if errors.As(err, &ae) {
			return nil, c.scrubErr(fmt.Errorf("%s: %w", c.api, err))
		}
		if errors.Is(err, ErrInsecureAuth) {
			return nil, fmt.Errorf("%s: %w", c.api, err)
		}
		cause := unwrapURLError(err)
		if !retryableTransportError(cause) {
			// Not a missing answer but a refusal on our side (a limiter's
			// deadline, a certificate, a redirect loop): say what it is.
			return nil, c.scrubErr(fmt.Errorf("%s: %s %s: %w", c.api, method, c.redactURL(u), cause))
		}
		e := &APIError{API: c.api, Method: method, URL: c.redactURL(u), RequestID: info.requestID,
			Attempts: info.attempts, Kind: ErrUnavailable, Message: c.text(cause.Error()), Err: c.scrubErr(cause)}
		var bb *brokenBody
		if errors.As(err, &bb) && lastBroken != nil {
			// The last attempt had headers and lost its body: keep what
			// the server said about it.
			e.StatusCode, e.RequestID = lastBroken.StatusCode, lastBroken.RequestID
		}
		info.markDeadline(e)
		return nil, e
	}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		e := c.apiError(hr, method, u, c.requestID(hr, info), info.attempts)
		info.markDeadline(e)
		c.report(ctx, r, info, start, hr.StatusCode, e.RequestID, hr)
		return nil, e
	}
	if decoded != nil {
		decoded.Attempts = info.attempts
		c.report(ctx, r, info, start, hr.StatusCode, decoded.RequestID, hr)
		return decoded, nil
	}
	resp := wrap(hr)
	c.report(ctx, r, info, start, hr.StatusCode, resp.RequestID, hr)
	return resp, nil
}

// report hands the call's metadata to a vegdata.OnMeta hook, if any.
func (c *Client) report(ctx context.Context, r *Request, info *callInfo, start time.Time, status int, rid string, hr *http.Response) {
	hook := metactx.Hook(ctx)
	if hook == nil {
		return
	}
	m := &vegdata.Meta{API: c.api, Method: info.method, StatusCode: status, RequestID: rid,
		Attempts: info.attempts, Elapsed: time.Since(start)}
	if hr != nil {
		if hr.Request != nil {
			m.URL = c.redactURL(hr.Request.URL)
		}
		m.Header = c.cleanHeader(hr.Header)
	}
	if r.Meta != nil {
		r.Meta(m)
	}
	hook(m)
}

// prepareRetry lets a call change the query of an attempt it repeats.
func prepareRetry(req *http.Request) error {
	info, _ := req.Context().Value(ctxKey{}).(*callInfo)
	if info == nil || info.prepare == nil {
		return nil
	}
	u := *req.URL
	q := u.Query()
	info.prepare(q)
	u.RawQuery = q.Encode()
	req.URL = &u
	return nil
}

// HTTPMethod is the method r is sent with: GET when Method is empty.
func (r *Request) HTTPMethod() string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
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

// InvalidResponse wraps a failure to decode a 2xx body as an *APIError of
// kind ErrInvalidResponse, keeping status and request id.
func (c *Client) InvalidResponse(resp *Response, err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	kind := ErrInvalidResponse
	if errors.Is(err, ErrBodyTooLarge) {
		kind = ErrBodyTooLarge
	}
	e := &APIError{API: c.api, StatusCode: resp.StatusCode, Method: resp.Request.Method,
		URL: c.redactURL(resp.Request.URL), RequestID: resp.RequestID, Attempts: resp.Attempts,
		Kind: kind, Message: c.text("decoding response: " + err.Error()), Err: c.scrubErr(err)}
	return e
}

// NewError builds an *APIError for a 2xx answer that the API uses to say
// something went wrong (Autosys' 200 with a feilmelding). code and message
// may hold server text: both go through Clean.
func (c *Client) NewError(resp *Response, kind error, code, message string) *APIError {
	return &APIError{API: c.api, StatusCode: resp.StatusCode, Method: resp.Request.Method,
		URL: c.redactURL(resp.Request.URL), RequestID: resp.RequestID, Attempts: resp.Attempts,
		Kind: kind, Code: c.text(code), Message: c.text(message)}
}

// apiError builds the error for a non-2xx answer. Everything in it that
// came from the server goes through Clean; the body is cut at MaxErrorBody
// but never inside a secret, then scrubbed.
func (c *Client) apiError(resp *http.Response, method string, u *url.URL, rid string, attempts int) *APIError {
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, c.maxErr+scrubMargin))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	body := c.prefixOutside(raw, int(c.maxErr))
	e := &APIError{API: c.api, StatusCode: resp.StatusCode, Method: method, URL: c.redactURL(u),
		RequestID: rid, Body: body, Attempts: attempts}
	if d, at, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter, e.RetryAt = d, at
		if resp.StatusCode == http.StatusTooManyRequests && d >= quotaRetryAfter {
			// A wait of hours is a spent quota, whatever the caller's
			// MaxRetryAfter; a shorter one is a rate limit (ErrRateLimited).
			e.Kind = ErrQuotaExceeded
		}
	}
	if c.decodeErr != nil {
		c.decodeErr(resp, body, e)
	}
	if e.Message == "" && len(body) > 0 && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		e.Message = c.Clean(strings.TrimSpace(string(body)), 200) // a plain-text body: its start says enough
	}
	e.Code, e.Message = c.text(e.Code), c.text(e.Message)
	if b := c.scrub(string(e.Body)); int64(len(b)) > c.maxErr {
		e.Body = []byte(b[:c.maxErr]) // cutting scrubbed text cuts no secret
	} else {
		e.Body = []byte(b)
	}
	return e
}

// requestID is the X-Request-ID of an answer (server text, so cleaned),
// else the one the call sent.
func (c *Client) requestID(hr *http.Response, info *callInfo) string {
	if rid := hr.Header.Get("X-Request-ID"); rid != "" {
		return c.text(rid)
	}
	return info.requestID
}

func (c *Client) buildURL(r *Request) (*url.URL, error) {
	var raw string
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		if err != nil {
			return nil, fmt.Errorf("%s: invalid URL: %w", c.api, err)
		}
		if u.IsAbs() {
			if u.Host != c.base.Host {
				return nil, fmt.Errorf("%s: refusing to follow a link to another host (%s)", c.api, u.Host)
			}
			if u.Scheme != c.base.Scheme {
				u.Scheme = c.base.Scheme
			}
			raw = u.String()
		} else {
			raw = c.baseStr + "/" + strings.TrimPrefix(r.URL, "/")
		}
	} else {
		raw = c.baseStr + "/" + strings.TrimPrefix(r.Path, "/")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid request path: %w", c.api, err)
	}
	if len(r.Query) > 0 {
		q := u.Query()
		for k, v := range r.Query {
			q[k] = v
		}
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// JoinPath joins literal path prefix and segments, escaping each segment.
// Empty, "." and ".." segments are refused.
func JoinPath(prefix string, segments ...string) (string, error) {
	var b strings.Builder
	b.WriteString(strings.Trim(prefix, "/"))
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return "", fmt.Errorf("invalid path segment %q", s)
		}
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String(), nil
}

// Values encodes a go-querystring options struct; nil gives no values.
func Values(opts any) (url.Values, error) {
	if opts == nil {
		return url.Values{}, nil
	}
	v, err := query.Values(opts)
	if err != nil {
		return nil, fmt.Errorf("encoding query: %w", err)
	}
	return v, nil
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err != nil {
		// The loop ended on an error of its own (no answer, a broken or bad
		// body, a hook): that error is the result, not the response.
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		return nil, err
	}
	if resp != nil {
		// Hand the final answer to the decoder instead of a generic "giving up".
		return resp, nil
	}
	return nil, err
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err // its URL is printed by us, redacted
	}
	return err
}

type limitedBody struct {
	rc io.ReadCloser
	n  int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe one byte: a body of exactly the limit is fine.
		var one [1]byte
		if k, _ := l.rc.Read(one[:]); k > 0 {
			return 0, ErrBodyTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.rc.Read(p)
	l.n -= int64(k)
	return k, err
}

func (l *limitedBody) Close() error { return l.rc.Close() }

// quotaRetryAfter is the Retry-After from which a 429 means a spent quota
// (Autosys sends the next Oslo midnight) rather than a passing rate limit.
const quotaRetryAfter = time.Hour

// endedEarly reports whether a decoder stopped because its input ended
// mid-value, in JSON or XML.
func endedEarly(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var se *xml.SyntaxError
	return errors.As(err, &se) && se.Msg == "unexpected EOF"
}
