package uberiket

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultBaseURL is the host of NVDB API Les, where Uberiket lives beside
// Les v4. Every path the client builds starts with Prefix, so a fake or a
// proxy only needs its host given to WithBaseURL.
const DefaultBaseURL = "https://nvdbapiles.atlas.vegvesen.no"

// Prefix is where the host serves Uberiket v1; it is part of every path
// the client builds.
const Prefix = "uberiket/api/v1"

// DefaultRateLimit is the default pace in requests per second. NVDB allows
// 40 requests per second per client (X-Client), counted across Les v4 and
// Uberiket together, and queues a request at most one second before it
// answers 429; the default stays just under, so jitter never pushes one
// second over the limit. A program with an nvdb and an uberiket client
// shares one limiter between them (see WithLimiter and Client.Limiter).
const DefaultRateLimit = 39.0

// The sizes NVDB documents: a page holds at most MaxSide items, a stream
// answer at most MaxStream.
const (
	MaxSide   = 1000
	MaxStream = 10_000
)

// Shared error type, retry policy and limiter, aliases of the types every
// go-vegdata package uses, so errors.Is and errors.As work across packages.
type (
	// APIError is returned for every answer NVDB did not accept (non-2xx)
	// or that could not be understood. Message holds the ProblemDetail's
	// title and detail, Code its type URI, RequestID the X-REQUEST-ID.
	APIError = vegdata.APIError
	// RetryPolicy says how often and how long failed requests are retried.
	RetryPolicy = vegdata.RetryPolicy
	// Limiter paces requests; *rate.Limiter satisfies it.
	Limiter = vegdata.Limiter
)

// Sentinel errors, shared with the other go-vegdata packages. An *APIError
// matches the sentinel of its class with errors.Is.
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
	// ErrInvalidArgument: bad input, refused before any request was sent.
	ErrInvalidArgument = vegdata.ErrInvalidArgument
	// ErrInsecureAuth: NewClient refused to send a token (WithTokenSource)
	// over plain http to a host that is not loopback.
	ErrInsecureAuth = vegdata.ErrInsecureAuth
	// ErrUnavailable is matched by the error of a call that got no whole
	// answer on any attempt (refused, reset, cut off or stalled).
	ErrUnavailable = vegdata.ErrUnavailable
)

// NoRetries, as RetryPolicy.MaxRetries, makes every call a single attempt.
const NoRetries = vegdata.NoRetries

// Meta describes the answer to one call; see vegdata.OnMeta and
// vegdata.CaptureMeta.
type Meta = vegdata.Meta

// DefaultRetryPolicy is the retry policy used when WithRetry is not given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type config struct {
	transport.Settings
	kontaktperson string
	sessionID     string
	ts            oauth2.TokenSource
}

// Option configures a Client.
type Option func(*config) error

// WithBaseURL replaces the host, for example with the test environment
// https://nvdbapiles.test.atlas.vegvesen.no or an uberikettest server's
// URL; the client appends /uberiket/api/v1/… itself.
func WithBaseURL(u string) Option { return func(c *config) error { return c.SetBaseURL(u) } }

// WithHTTPClient sets the *http.Client used for requests. The client is
// copied; its Transport is wrapped, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.SetHTTPClient(hc) }
}

// WithUserAgent sets the User-Agent; the SDK's own name is appended.
func WithUserAgent(ua string) Option { return func(c *config) error { return c.SetUserAgent(ua) } }

// WithRateLimit paces requests to perSecond with the given burst (default
// DefaultRateLimit, burst 1). Every attempt, retries included, waits for
// the limiter. NVDB counts the requests of one X-Client across Les v4 and
// Uberiket: a program that also has an nvdb client shares one limiter
// instead (WithLimiter).
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error { return c.SetRateLimit(perSecond, burst) }
}

// WithLimiter replaces the rate limiter, for example with the one of an
// nvdb client of the same program, or one shared by several processes
// (redisstore): NVDB's 40 requests per second are per client name, for Les
// v4 and Uberiket together. nil removes pacing.
//
//	shared := rate.NewLimiter(uberiket.DefaultRateLimit, 1)
//	u, _ := uberiket.NewClient("my-app", uberiket.WithLimiter(shared))
//	n, _ := nvdb.NewClient(…, nvdb.WithLimiter(shared)) // or nvdb.WithLimiter(u.Limiter())
func WithLimiter(l Limiter) Option { return func(c *config) error { return c.SetLimiter(l) } }

// WithRetry sets how 429, 502, 503, 504 and connection errors are
// retried. A stream that breaks off is asked again from after its last
// whole object, within the same budget.
func WithRetry(p RetryPolicy) Option { return func(c *config) error { return c.SetRetry(p) } }

// WithStallTimeout abandons an attempt whose answer stops or drips, and
// repeats it within the retry budget: no byte of headers or body for d
// (default 60 s), or a body that brings less than 4 KiB for every d spent
// waiting for it. Only time spent waiting for the server counts: while a
// stream's consumer works on an object the clock stands still.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) error { return c.SetStallTimeout(d) }
}

// WithLogger logs every attempt at debug level; nil turns logging off.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// WithKontaktperson sets X-Kontaktperson, the e-mail address NVDB may use
// to reach the people behind a client. It is optional but recommended.
func WithKontaktperson(email string) Option {
	return func(c *config) error {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Name != "" {
			return invalid("X-Kontaktperson %q is not a plain e-mail address", email)
		}
		c.kontaktperson = a.Address
		return nil
	}
}

// WithSessionID sets X-Client-Session. By default each Client gets a random
// UUID, which NVDB uses to group the requests of one run.
func WithSessionID(id string) Option {
	return func(c *config) error {
		if strings.TrimSpace(id) == "" || strings.ContainsAny(id, "\r\n") {
			return invalid("invalid session id")
		}
		c.sessionID = id
		return nil
	}
}

// WithTokenSource sends "Authorization: Bearer <token>" with every request
// to the client's own host (never to another host, and never over plain
// http except to loopback). Uberiket needs it only for screened
// (skjermede) vegobjekttyper; everything else is open. A refused token is
// an *APIError matching ErrUnauthorized or ErrForbidden; tokens never
// appear in logs or errors.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return invalid("nil token source")
		}
		c.ts = ts
		return nil
	}
}

// Client talks to NVDB API Les Uberiket v1. Create it with NewClient; it is
// safe for concurrent use and cheap to keep for the life of a program.
// Each service is a field that shares the client's transport, limiter and
// headers.
type Client struct {
	common service // the one value every service points to

	// Vegobjekter reads road objects: pages of versions, single objects
	// and versions, and the NDJSON streams a copy is made from.
	Vegobjekter *VegobjekterService
	// Veglenkesekvenser reads the road network's veglenkesekvenser.
	Veglenkesekvenser *VeglenkesekvenserService
	// Veglenker streams the veglenker of the road network.
	Veglenker *VeglenkerService
	// Noder reads the road network's nodes.
	Noder *NoderService
	// Hendelser reads the change log of vegobjekttypes.
	Hendelser *HendelserService
	// VegnettHendelser reads the change log of the road network (nodes
	// and veglenkesekvenser together).
	VegnettHendelser *VegnettHendelserService
	// VeglenkesekvensHendelser reads the change log of veglenkesekvenser.
	VeglenkesekvensHendelser *VeglenkesekvensHendelserService
	// NodeHendelser reads the change log of nodes.
	NodeHendelser *NodeHendelserService
	// Endringssett reads the hendelser an endringssett made.
	Endringssett *EndringssettService

	tc      *transport.Client
	limiter Limiter
	session string
}

// NewClient returns a client for NVDB API Les Uberiket v1. clientName is
// sent as X-Client, the name NVDB identifies a program by (the same name
// as the program's nvdb client, whose 40 requests per second it shares).
// NewClient checks its input and does no network I/O.
func NewClient(clientName string, opts ...Option) (*Client, error) {
	clientName = strings.TrimSpace(clientName)
	switch {
	case clientName == "":
		return nil, invalid("a client name (X-Client) is required: NVDB asks every client to identify itself")
	case strings.ContainsAny(clientName, "\r\n"):
		return nil, invalid("the client name (X-Client) contains a line break")
	}
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, DefaultRateLimit, 1)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, err
			}
			return nil, fmt.Errorf("uberiket: %w: %w", ErrInvalidArgument, err)
		}
	}
	if cfg.sessionID == "" {
		cfg.sessionID = transport.NewUUID()
	}
	h := http.Header{}
	h.Set("X-Client", clientName)
	h.Set("X-Client-Session", cfg.sessionID)
	if cfg.kontaktperson != "" {
		h.Set("X-Kontaktperson", cfg.kontaktperson)
	}
	var auth transport.Auth
	if cfg.ts != nil {
		auth = transport.TokenSource(cfg.ts)
	}
	tc, err := transport.New(transport.Config{API: "uberiket", Settings: cfg.Settings, Header: h, Auth: auth,
		DecodeError: decodeProblem})
	if err != nil {
		return nil, fmt.Errorf("uberiket: %w", err)
	}
	c := &Client{tc: tc, limiter: cfg.Settings.Limiter, session: cfg.sessionID}
	c.common.c = c
	c.Vegobjekter = (*VegobjekterService)(&c.common)
	c.Veglenkesekvenser = (*VeglenkesekvenserService)(&c.common)
	c.Veglenker = (*VeglenkerService)(&c.common)
	c.Noder = (*NoderService)(&c.common)
	c.Hendelser = (*HendelserService)(&c.common)
	c.VegnettHendelser = (*VegnettHendelserService)(&c.common)
	c.VeglenkesekvensHendelser = (*VeglenkesekvensHendelserService)(&c.common)
	c.NodeHendelser = (*NodeHendelserService)(&c.common)
	c.Endringssett = (*EndringssettService)(&c.common)
	return c, nil
}

// BaseURL returns the host the client talks to.
func (c *Client) BaseURL() string {
	if c == nil || c.tc == nil {
		return ""
	}
	return c.tc.BaseURL()
}

// SessionID returns the X-Client-Session sent with every request.
func (c *Client) SessionID() string {
	if c == nil {
		return ""
	}
	return c.session
}

// Limiter returns the limiter every request of the client waits for (nil
// when pacing is off). Hand it to the nvdb client of the same program
// (nvdb.WithLimiter), so the two stay under NVDB's 40 requests per second
// for their X-Client together.
func (c *Client) Limiter() Limiter {
	if c == nil {
		return nil
	}
	return c.limiter
}

// service is what every service of the client is: go-github's shape, each
// XService a defined type of it, so a service of a client that was not
// made by NewClient (a zero value) reports that instead of panicking.
type service struct{ c *Client }

func (s *service) transport() endpoint.Transport {
	if s == nil {
		return nil
	}
	return s.c.transport()
}

// transport returns the client's transport; nil for a client that was not
// made by NewClient, which every operation refuses with an error.
func (c *Client) transport() endpoint.Transport {
	if c == nil {
		return nil
	}
	return c.tc
}

// invalid builds the error for bad input found before any request: it
// matches ErrInvalidArgument.
func invalid(format string, args ...any) error {
	return transport.InvalidArgument(fmt.Errorf("uberiket: invalid argument: %s", fmt.Sprintf(format, args...)))
}

// problemDetail is NVDB's RFC 9457 error body.
type problemDetail struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// decodeProblem fills Message and Code from a ProblemDetail body; the
// request id comes from the X-REQUEST-ID header, which the transport reads.
func decodeProblem(_ *http.Response, body []byte, e *APIError) {
	var p problemDetail
	if len(body) == 0 || json.Unmarshal(body, &p) != nil {
		return
	}
	switch {
	case p.Detail != "" && p.Title != "" && p.Detail != p.Title:
		e.Message = p.Title + ": " + p.Detail
	case p.Detail != "":
		e.Message = p.Detail
	default:
		e.Message = p.Title
	}
	if p.Type != "" && p.Type != "about:blank" {
		e.Code = p.Type
	}
}
