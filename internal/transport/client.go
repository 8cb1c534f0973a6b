// Package transport is the HTTP layer every go-vegdata package shares:
// base URL, auth, rate limiting on every attempt, retries with bounded
// Retry-After, typed errors, redaction and bounded reads.
package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	ua := s.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	} else if !strings.Contains(ua, "go-vegdata") {
		ua = ua + " " + DefaultUserAgent
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
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		RetryWaitMin: c.policy.MinWait,
		RetryWaitMax: c.policy.MaxWait,
		RetryMax:     c.policy.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: keepLastResponse,
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
	// RetrySafe marks a non-idempotent request (POST, PATCH) that the API
	// makes safe to repeat, so it may be retried like a GET.
	RetrySafe bool
	// MaxBody lowers the client's limit on this request's 2xx body (0 keeps
	// it). An answer decoded whole is held in memory, so JSON uses
	// DefaultMaxDecodedBody unless this says otherwise.
	MaxBody int64
}

type ctxKey struct{}

type callInfo struct {
	method    string
	retrySafe bool
	requestID string
	attempts  int // counted by attemptTransport; attempts run one after another
}

// Response is a 2xx answer; the caller must close Body.
type Response struct {
	*http.Response
	RequestID string
	Attempts  int
}

// Do sends r, retrying per the policy. A 2xx answer is returned with its body
// open (limited to MaxBody); anything else becomes an *APIError. When ctx is
// done the context's error is returned.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := c.buildURL(r)
	if err != nil {
		return nil, err
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	info := &callInfo{method: method, retrySafe: r.RetrySafe, requestID: NewUUID()}
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

	resp, err := c.rc.Do(req)
	attempts := info.attempts
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		var ae *authError
		if errors.As(err, &ae) {
			return nil, c.scrubErr(fmt.Errorf("%s: %w", c.api, err))
		}
		return nil, c.scrubErr(fmt.Errorf("%s: %s %s: %w", c.api, method, c.redactURL(u), unwrapURLError(err)))
	}
	rid := resp.Header.Get("X-Request-ID")
	if rid == "" {
		rid = info.requestID
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.apiError(resp, method, u, rid, attempts)
	}
	limit := c.maxBody
	if r.MaxBody > 0 && r.MaxBody < limit {
		limit = r.MaxBody
	}
	resp.Body = &limitedBody{rc: resp.Body, n: limit}
	return &Response{Response: resp, RequestID: rid, Attempts: attempts}, nil
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
		return DecodeJSON(resp.Body, out)
	})
}

// Fetch sends r and hands a 2xx answer to decode, then closes the body.
// When the body breaks off while being read (a truncated answer or a reset
// connection) and r is safe to repeat, the whole call is repeated within the
// retry budget: the caller got nothing usable, exactly as if the connection
// had dropped before the headers. decode must not keep the body; an
// *APIError it returns is passed on as is, any other error becomes an
// ErrInvalidResponse *APIError.
func (c *Client) Fetch(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	for retry := 0; ; retry++ {
		resp, err := c.Do(ctx, r)
		if err != nil {
			return nil, err
		}
		body := &readErrBody{rc: resp.Body}
		resp.Body = body
		err = decode(resp)
		_ = body.Close()
		if err == nil {
			return resp, nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return resp, cerr
		}
		if body.err != nil && retry < c.policy.MaxRetries && (r.RetrySafe || idempotent(methodOf(r))) {
			wait := expBackoff(c.policy.MinWait, c.policy.MaxWait, retry)
			c.logger.LogAttrs(ctx, slog.LevelDebug, "body broke off, repeating request",
				slog.String("api", c.api), slog.String("request_id", resp.RequestID),
				slog.String("error", c.scrub(body.err.Error())), slog.Duration("wait", wait))
			if err := sleep(ctx, wait); err != nil {
				return resp, err
			}
			continue
		}
		return resp, c.InvalidResponse(resp, err)
	}
}

func methodOf(r *Request) string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
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
		Kind: kind, Message: c.scrub("decoding response: " + err.Error())}
	return e
}

// NewError builds an *APIError for a 2xx answer that the API uses to say
// something went wrong (Autosys' 200 with a feilmelding).
func (c *Client) NewError(resp *Response, kind error, code, message string) *APIError {
	return &APIError{API: c.api, StatusCode: resp.StatusCode, Method: resp.Request.Method,
		URL: c.redactURL(resp.Request.URL), RequestID: resp.RequestID, Attempts: resp.Attempts,
		Kind: kind, Code: code, Message: c.scrub(message)}
}

func (c *Client) apiError(resp *http.Response, method string, u *url.URL, rid string, attempts int) error {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, c.maxErr))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	e := &APIError{API: c.api, StatusCode: resp.StatusCode, Method: method, URL: c.redactURL(u),
		RequestID: rid, Body: body, Attempts: attempts}
	if d, at, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter, e.RetryAt = d, at
		if resp.StatusCode == http.StatusTooManyRequests && d > c.policy.MaxRetryAfter {
			e.Kind = ErrQuotaExceeded
		}
	}
	if c.decodeErr != nil {
		c.decodeErr(resp, body, e)
	}
	if e.Message == "" && len(body) > 0 && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		e.Message = strings.TrimSpace(string(body[:min(len(body), 200)]))
	}
	e.Message = c.scrub(e.Message)
	e.Body = []byte(c.scrub(string(e.Body)))
	return e
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
