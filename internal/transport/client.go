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
	"strings"
	"time"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/textcap"

	"github.com/google/go-querystring/query"
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
	hc        *http.Client      // the caller's client, copied; each call sets its Transport
	next      http.RoundTripper // the caller's transport, which sends each attempt
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
	if err := validHeader(c.header); err != nil {
		return nil, InvalidArgument(err)
	}

	hc := s.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient()
	} else {
		cp := *hc
		hc = &cp
	}
	c.next = hc.Transport
	if c.next == nil {
		c.next = http.DefaultTransport
	}
	hc.CheckRedirect = c.bodyStaysHome(hc.CheckRedirect)
	c.hc = hc
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
	In          any        // encoded as the body in Format when Body is nil
	Format      Format     // of In, and the Accept when Accept is empty
	ContentType string
	Accept      string
	Header      http.Header
	// Operation names the SDK method the caller called ("Vegobjekter.All")
	// in logs and in the vegdata.Attempt each attempt's context carries.
	Operation string
	// RetrySafe marks a non-idempotent request (POST, PATCH) that the API
	// makes safe to repeat, so it may be retried like a GET.
	RetrySafe bool
	// MaxBody lowers the client's limit on this request's 2xx body (0 keeps
	// it). Unless Streamed, an answer is decoded whole and held in memory,
	// so it gets DefaultMaxDecodedBody unless this says less.
	MaxBody int64
	// Streamed says the answer is read as it arrives with bounded memory:
	// the client's whole limit applies.
	Streamed bool
	// BeforeAttempt runs before every request of the call is sent, after
	// the limiter: a quota counts attempts here. Its error ends the call at
	// once and is returned as it is.
	BeforeAttempt func(ctx context.Context) error
	// PrepareRetry, when set, may change the query of the attempt about to
	// be repeated: a stream that broke off asks again from after the last
	// whole item it read, so nothing is read twice.
	PrepareRetry func(q url.Values)
	// Meta, when set, completes the metadata reported to a vegdata.OnMeta
	// hook (Synsbasen's cost) once the answer is read.
	Meta func(*vegdata.Meta)
}

// validHeader refuses a header value net/http would refuse on every
// attempt (a control character): found here, it is bad input, not a
// missing answer to retry.
func validHeader(h http.Header) error {
	for name, vs := range h {
		for _, v := range vs {
			for i := 0; i < len(v); i++ {
				if b := v[i]; (b < 0x20 && b != '\t') || b == 0x7f {
					return fmt.Errorf("header %s holds a control character", name)
				}
			}
		}
	}
	return nil
}

// encode sets the body from In and the defaults of Accept and MaxBody.
func (r *Request) encode() error {
	if err := validHeader(r.Header); err != nil {
		return InvalidArgument(err)
	}
	if r.In != nil && r.Body == nil {
		b, err := encode(r.In, r.Format)
		if err != nil {
			return fmt.Errorf("encoding request: %w", err)
		}
		r.Body = b
		if r.ContentType == "" {
			r.ContentType = r.Format.mediaType() + "; charset=UTF-8"
		}
	} else if r.Body == nil && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
		r.Body = []byte{}
	}
	if r.Accept == "" {
		r.Accept = r.Format.mediaType()
	}
	if !r.Streamed && r.MaxBody == 0 {
		r.MaxBody = DefaultMaxDecodedBody
	}
	return nil
}

// Response is a 2xx answer: to a decoder, the body it reads; from Open,
// the body the caller must close.
type Response struct {
	*http.Response
	RequestID string
	Attempts  int
	c         *Client
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

// HTTPMethod is the method r is sent with: GET when Method is empty.
func (r *Request) HTTPMethod() string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

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
	if resp.StatusCode >= 300 && resp.StatusCode < 400 &&
		!(resp.StatusCode == http.StatusNotModified && resp.Request != nil && resp.Request.Header.Get("If-None-Match") != "") {
		// A redirect not followed or a 304 nobody asked for is no answer
		// the API documents.
		e.Kind = ErrInvalidResponse
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
func (c *Client) requestID(hr *http.Response, sent string) string {
	if rid := hr.Header.Get("X-Request-ID"); rid != "" {
		return c.text(rid)
	}
	return sent
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
