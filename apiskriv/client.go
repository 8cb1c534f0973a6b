package apiskriv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
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

// invalid builds the error for bad input found before any request; it
// matches ErrInvalidArgument.
func invalid(format string, args ...any) error {
	return transport.InvalidArgument(fmt.Errorf("apiskriv: invalid argument: %s", fmt.Sprintf(format, args...)))
}

// DefaultRetryPolicy is the policy used when WithRetry is not given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type config struct {
	transport.Settings
	format Format
	poll   PollIntervals
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

// WithStallTimeout abandons an attempt whose answer stops or drips, and
// repeats it within the retry budget where that is safe: no byte of
// headers or body for d (default 60 s), or a body that brings less than
// 4 KiB for every d spent waiting for it (a server that sends a byte a
// little more often than d). Against a drip this is a minimum rate, not a
// ceiling on the attempt, so a large answer that keeps moving is never
// cut however long it takes, and only time spent waiting for the server
// counts. A silent or dripping server never hangs a call or a range loop,
// even under a context without deadline; a server sending just above the
// minimum is bounded by the body limit and the context's deadline.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) error { return c.SetStallTimeout(d) }
}

// WithLogger logs each HTTP attempt at debug level, without tokens.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// WithFormat chooses JSON (the default) or XML on the wire. Both decode into
// the same types.
func WithFormat(f Format) Option {
	return func(c *config) error {
		if f != JSON && f != XML {
			return transport.InvalidArgument(fmt.Errorf("invalid argument: unknown format %d", f))
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
			return transport.InvalidArgument(errors.New("invalid argument: poll intervals must not be negative"))
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
	common service // what every service of the client is

	// Oppdrag reads oppdrag (tasks): one per finished endringssett.
	Oppdrag *OppdragService
	// Transaksjoner reads the transaksjoner (object changes) of oppdrag.
	Transaksjoner *TransaksjonerService
	// Endringssett submits change sets and follows them to the end.
	Endringssett *EndringssettService
	// Binaer uploads and downloads binary objects (photos, documents) that
	// binary egenskaper refer to.
	Binaer *BinaerService
	// Laaser reads and takes locks (låser) on parts of NVDB.
	Laaser *LaaserService
	// Stedfesting computes the network position of vegobjekter from their
	// geometry (beta).
	Stedfesting *StedfestingService
	// Konvertering turns SOSI and SOSI-GeoJSON documents into endringssett.
	Konvertering *KonverteringService
	// Autorisasjon reads a user's data rights (datarettigheter).
	Autorisasjon *AutorisasjonService
	// Regelsett reads the network validation rule sets.
	Regelsett *RegelsettService
}

// NewClient builds a client that names itself clientName (X-Client, which
// API Skriv requires: 1-100 characters on one line) and authenticates with
// bearer tokens from ts: PasswordTokenSource for a username and password,
// or any oauth2.TokenSource (wrap your own in oauth2.ReuseTokenSource so it
// is not asked on every request). It checks its input and does no network
// I/O.
func NewClient(clientName string, ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	name := strings.TrimSpace(clientName)
	if name == "" || strings.ContainsAny(name, "\r\n") || len(name) > 100 {
		return nil, invalid("the client name (X-Client) must be 1-100 characters on one line")
	}
	if ts == nil {
		return nil, invalid("a token source is required (PasswordTokenSource or any oauth2.TokenSource)")
	}
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, math.Inf(1), 1), poll: DefaultPollIntervals()}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, fmt.Errorf("apiskriv: %w", err)
			}
			return nil, fmt.Errorf("apiskriv: %w", transport.InvalidArgument(err))
		}
	}
	h := http.Header{}
	h.Set("X-Client", name)
	tc, err := transport.New(transport.Config{
		API: "apiskriv", Settings: cfg.Settings, Auth: transport.TokenSource(ts),
		Header: h, DecodeError: decodeFault,
	})
	if err != nil {
		return nil, fmt.Errorf("apiskriv: %w", err)
	}
	c := &Client{tc: tc, format: cfg.format, poll: cfg.poll}
	c.common.c = c
	c.Oppdrag = (*OppdragService)(&c.common)
	c.Transaksjoner = (*TransaksjonerService)(&c.common)
	c.Endringssett = (*EndringssettService)(&c.common)
	c.Binaer = (*BinaerService)(&c.common)
	c.Laaser = (*LaaserService)(&c.common)
	c.Stedfesting = (*StedfestingService)(&c.common)
	c.Konvertering = (*KonverteringService)(&c.common)
	c.Autorisasjon = (*AutorisasjonService)(&c.common)
	c.Regelsett = (*RegelsettService)(&c.common)
	return c, nil
}

// BaseURL returns the base URL, with any prefix, without a trailing slash;
// "" for a client that was not made by NewClient.
func (c *Client) BaseURL() string {
	if c == nil || c.tc == nil {
		return ""
	}
	return c.tc.BaseURL()
}

// Format returns the wire format in use.
func (c *Client) Format() Format {
	if c == nil {
		return JSON
	}
	return c.format
}

// Meta describes the answer to one call (status, request id, attempts,
// headers such as Location). It is reported through a context made with
// vegdata.OnMeta or vegdata.CaptureMeta, the same way in every go-vegdata
// package; for List, All and Pages once per page, and for error answers
// too.
type Meta = vegdata.Meta

// service is what every service of the client is: go-github's shape, each
// XService a defined type of it, so a service of a client that was not made
// by NewClient (a zero value) reports that instead of panicking.
type service struct{ c *Client }

// svc is the service shared by every service of c; nil for a nil c.
func (c *Client) svc() *service {
	if c == nil {
		return nil
	}
	return &c.common
}

// transport returns the client's transport; nil for a client that was not
// made by NewClient, which every operation refuses with an error.
func (s *service) transport() endpoint.Transport {
	if s == nil || s.c == nil {
		return nil
	}
	return s.c.tc
}

// format is the wire format of the client's requests and answers.
func (s *service) format() Format {
	if s == nil || s.c == nil {
		return JSON
	}
	return s.c.format
}

// pollIntervals are the waits of Endringssett.Wait.
func (s *service) pollIntervals() PollIntervals {
	if s == nil || s.c == nil {
		return DefaultPollIntervals()
	}
	return s.c.poll
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
