package apiskriv

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/vegdata/go-vegdata"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultBaseURL is the production host of API Skriv. Paths start at its
// root (rest/v1/..., rest/v3/...). The Docker image and the legacy host serve
// the same paths under a prefix: pass for example
// "http://localhost:8010/nvdb/apiskriv" to WithBaseURL.
const DefaultBaseURL = "https://nvdbapiskriv.atlas.vegvesen.no"

// Environments of API Skriv, for WithBaseURL.
const (
	BaseURLProd = DefaultBaseURL
	BaseURLATM  = "https://nvdbapiskriv.test.atlas.vegvesen.no"
	BaseURLSTM  = "https://nvdbapiskriv-stm.utv.atlas.vegvesen.no"
	BaseURLUTV  = "https://nvdbapiskriv.utv.atlas.vegvesen.no"
)

// MaxAntall is the largest page size (antall) the API accepts.
const MaxAntall = 1000

// Format is the media type the client asks for and sends.
type Format int

const (
	// JSON asks for and sends application/json (the default).
	JSON Format = iota
	// XML asks for and sends application/xml, in the namespaces the API
	// documents.
	XML
)

// String returns "json" or "xml".
func (f Format) String() string {
	if f == XML {
		return "xml"
	}
	return "json"
}

func (f Format) mediaType() string {
	if f == XML {
		return "application/xml"
	}
	return "application/json"
}

// Shared error type and sentinels. An *APIError matches the sentinel of its
// class with errors.Is.
type (
	// APIError is the error returned for an answer the API did not accept.
	// Message holds the fault message(s) of the body, joined by "; ".
	APIError = vegdata.APIError
	// RetryPolicy says how often and how long to retry.
	RetryPolicy = vegdata.RetryPolicy
	// Limiter paces requests; *rate.Limiter satisfies it.
	Limiter = vegdata.Limiter
)

// Sentinel errors, shared with the other go-vegdata packages.
var (
	ErrBadRequest      = vegdata.ErrBadRequest
	ErrUnauthorized    = vegdata.ErrUnauthorized
	ErrForbidden       = vegdata.ErrForbidden
	ErrNotFound        = vegdata.ErrNotFound
	ErrConflict        = vegdata.ErrConflict
	ErrRateLimited     = vegdata.ErrRateLimited
	ErrQuotaExceeded   = vegdata.ErrQuotaExceeded
	ErrServer          = vegdata.ErrServer
	ErrInvalidResponse = vegdata.ErrInvalidResponse
	ErrBodyTooLarge    = vegdata.ErrBodyTooLarge
	ErrInsecureAuth    = vegdata.ErrInsecureAuth
)

// ErrInvalidArgument is matched (errors.Is) by every error returned for bad
// input before a request is sent.
var ErrInvalidArgument = vegdata.ErrInvalidArgument

// ErrUnavailable is matched by the error of a call that got no whole answer
// on any attempt (refused, reset, cut off or stalled); the *APIError
// carries the attempts and the last cause.
var ErrUnavailable = vegdata.ErrUnavailable

// NoRetries, as RetryPolicy.MaxRetries, makes every call a single attempt.
const NoRetries = vegdata.NoRetries

func invalid(format string, args ...any) error {
	return fmt.Errorf("apiskriv: %w: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
}

// DefaultRetryPolicy is the policy used when WithRetry is not given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type config struct {
	transport.Settings
	clientName string
	ts         oauth2.TokenSource
	format     Format
	poll       PollIntervals
}

// Option configures a Client.
type Option func(*config) error

// WithBaseURL sets the host, plus any deployment prefix such as
// "/nvdb/apiskriv" of the Docker image and the legacy host.
func WithBaseURL(u string) Option { return func(c *config) error { return c.SetBaseURL(u) } }

// WithHTTPClient sets the HTTP client used for API requests (a copy is kept).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.SetHTTPClient(hc) }
}

// WithUserAgent sets the User-Agent; go-vegdata's own is appended.
func WithUserAgent(ua string) Option { return func(c *config) error { return c.SetUserAgent(ua) } }

// WithRateLimit paces requests to perSecond with the given burst. API Skriv
// answers 429 when a client sends too much.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error { return c.SetRateLimit(perSecond, burst) }
}

// WithLimiter replaces the rate limiter (for example with one shared between
// processes); nil removes pacing.
func WithLimiter(l Limiter) Option { return func(c *config) error { return c.SetLimiter(l) } }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *config) error { return c.SetRetry(p) } }

// WithLogger logs each HTTP attempt at debug level, without tokens.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// WithClientName sets X-Client, the name of the calling application. It is
// required: API Skriv refuses changes without it. Keep it short.
func WithClientName(name string) Option {
	return func(c *config) error {
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, "\r\n") || len(name) > 100 {
			return fmt.Errorf("%w: client name must be 1-100 characters on one line", ErrInvalidArgument)
		}
		c.clientName = name
		return nil
	}
}

// WithTokenSource sets where bearer tokens come from. Use PasswordTokenSource
// for a username and password, or any oauth2.TokenSource (wrap your own in
// oauth2.ReuseTokenSource so it is not asked on every request).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return fmt.Errorf("%w: nil token source", ErrInvalidArgument)
		}
		c.ts = ts
		return nil
	}
}

// WithFormat chooses JSON (the default) or XML on the wire. Both decode into
// the same types.
func WithFormat(f Format) Option {
	return func(c *config) error {
		if f != JSON && f != XML {
			return fmt.Errorf("%w: unknown format %d", ErrInvalidArgument, f)
		}
		c.format = f
		return nil
	}
}

// WithPollIntervals sets the intervals Endringssett.Wait sleeps between
// polls. Zero fields keep the documented defaults (DefaultPollIntervals).
func WithPollIntervals(p PollIntervals) Option {
	return func(c *config) error {
		if p.Behandles < 0 || p.BehandlesMax < 0 || p.Venter < 0 || p.VenterEtterBehandles < 0 || p.Utfort < 0 {
			return fmt.Errorf("%w: poll intervals must not be negative", ErrInvalidArgument)
		}
		c.poll = p.withDefaults()
		return nil
	}
}

// Client talks to API Skriv. It is safe for concurrent use; keep one for the
// life of the program.
type Client struct {
	tc     *transport.Client
	format Format
	poll   PollIntervals

	// Oppdrag reads oppdrag (tasks): one per finished endringssett.
	Oppdrag *OppdragService
	// Transaksjoner reads the transaksjoner (object changes) of oppdrag.
	Transaksjoner *TransaksjonService
	// Endringssett submits change sets and follows them to the end.
	Endringssett *EndringssettService
}

// NewClient builds a client. WithClientName and WithTokenSource are
// required. It does no network I/O.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, math.Inf(1), 1), poll: DefaultPollIntervals()}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, fmt.Errorf("apiskriv: %w", err)
			}
			return nil, fmt.Errorf("apiskriv: %w: %w", ErrInvalidArgument, err)
		}
	}
	if cfg.clientName == "" {
		return nil, fmt.Errorf("apiskriv: %w: WithClientName is required (X-Client)", ErrInvalidArgument)
	}
	if cfg.ts == nil {
		return nil, fmt.Errorf("apiskriv: %w: WithTokenSource is required", ErrInvalidArgument)
	}
	h := http.Header{}
	h.Set("X-Client", cfg.clientName)
	tc, err := transport.New(transport.Config{
		API: "apiskriv", Settings: cfg.Settings, Auth: transport.TokenSource(cfg.ts),
		Header: h, DecodeError: decodeFault,
	})
	if err != nil {
		return nil, fmt.Errorf("apiskriv: %w", err)
	}
	c := &Client{tc: tc, format: cfg.format, poll: cfg.poll}
	c.Oppdrag = &OppdragService{c: c}
	c.Transaksjoner = &TransaksjonService{c: c}
	c.Endringssett = &EndringssettService{c: c}
	return c, nil
}

// BaseURL returns the base URL, with any prefix, without a trailing slash.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// Format returns the wire format in use.
func (c *Client) Format() Format { return c.format }

// Meta describes the HTTP exchange behind a result.
type Meta struct {
	StatusCode int    // HTTP status of the answer
	RequestID  string // X-Request-ID of the answer, else the one sent
	Location   string // Location header, set by Register
}

func metaOf(resp *transport.Response) Meta {
	return Meta{StatusCode: resp.StatusCode, RequestID: resp.RequestID, Location: resp.Header.Get("Location")}
}

// call is one request and its decoding into out (JSON or XML, whichever
// the server answered).
type call struct {
	method    string
	path      string
	url       string
	query     url.Values
	header    http.Header
	body      any // encoded in the client's format; xmlBody overrides for XML
	xmlBody   any
	retrySafe bool
	out       any
	accept    string
}

func (c *Client) do(ctx context.Context, k *call) (Meta, error) {
	r := &transport.Request{Method: k.method, Path: k.path, URL: k.url, Query: k.query,
		Header: k.header, RetrySafe: k.retrySafe, Accept: c.format.mediaType(),
		MaxBody: transport.DefaultMaxDecodedBody} // answers are decoded whole
	if k.accept != "" {
		r.Accept = k.accept
	}
	if k.body != nil {
		var b []byte
		var err error
		if c.format == XML {
			v := k.xmlBody
			if v == nil {
				v = k.body
			}
			b, err = xml.Marshal(v)
			if err == nil {
				b = append([]byte(xml.Header), b...)
			}
		} else {
			b, err = json.Marshal(k.body)
		}
		if err != nil {
			return Meta{}, fmt.Errorf("apiskriv: encoding request: %w", err)
		}
		r.Body = b
		r.ContentType = c.format.mediaType() + "; charset=UTF-8"
	} else if k.method == http.MethodPost {
		r.Body = []byte{}
	}
	// Fetch repeats a GET (or a request safe to repeat) whose body broke
	// off; the target is reset before each decode so nothing is kept twice
	// (encoding/xml appends to slices).
	var m Meta
	_, err := c.tc.Fetch(ctx, r, func(resp *transport.Response) error {
		m = metaOf(resp)
		if k.out == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			return nil
		}
		if rv := reflect.ValueOf(k.out); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero()
		}
		if sp, ok := k.out.(*string); ok && k.accept == "text/plain" {
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			*sp = strings.TrimSpace(string(b))
			return nil
		}
		// The API answers in the format asked for; accept either so that a
		// server which ignores Accept is still understood.
		br := newPeekReader(resp.Body)
		if br.isXML() {
			return transport.DecodeXML(br, k.out)
		}
		return transport.DecodeJSON(br, k.out)
	})
	return m, err
}

// peekReader lets do look at the first non-space byte of a body.
type peekReader struct {
	first []byte
	r     io.Reader
}

func newPeekReader(r io.Reader) *peekReader {
	buf := make([]byte, 0, 512)
	tmp := make([]byte, 512)
	for len(bytes.TrimSpace(buf)) == 0 {
		n, err := r.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if err != nil || len(buf) > 4096 {
			break
		}
	}
	return &peekReader{first: buf, r: r}
}

func (p *peekReader) isXML() bool { return bytes.HasPrefix(bytes.TrimSpace(p.first), []byte("<")) }

// Read returns the peeked bytes first.
func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.first) > 0 {
		n := copy(b, p.first)
		p.first = p.first[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
