package nvdb

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultBaseURL is the host of NVDB API Les. Each service adds its own
// prefix (/vegobjekter/api/v4, /vegnett/api/v4, /omrader/api/v4,
// /datakatalog/api/v1) to the paths it builds.
const DefaultBaseURL = "https://nvdbapiles.atlas.vegvesen.no"

// Service prefixes on the host. They are part of every path the client
// builds, so a base URL is only the host (plus a deployment prefix, if any).
const (
	VegobjekterPrefix = "vegobjekter/api/v4"
	VegnettPrefix     = "vegnett/api/v4"
	OmraderPrefix     = "omrader/api/v4"
	DatakatalogPrefix = "datakatalog/api/v1"
)

// DefaultRateLimit is the default pace in requests per second. NVDB API Les
// v4 allows 40 requests per second per client and queues at most one second
// before answering 429; the default stays just under that so that jitter in
// arrival times never pushes a one-second window over the limit.
const DefaultRateLimit = 39.0

// Errors re-exported from the shared transport, so errors.Is works with the
// names of this package and across packages.
type (
	// APIError is returned for every answer NVDB did not accept (non-2xx)
	// or that could not be understood. Message holds the ProblemDetail's
	// detail (or title), Code its type URI, RequestID the X-REQUEST-ID.
	APIError = vegdata.APIError
	// RetryPolicy says how often and how long failed requests are retried.
	RetryPolicy = vegdata.RetryPolicy
	// Limiter paces requests; *rate.Limiter satisfies it.
	Limiter = vegdata.Limiter
)

// Sentinel errors matched by errors.Is against an *APIError.
var (
	ErrBadRequest      = vegdata.ErrBadRequest
	ErrUnauthorized    = vegdata.ErrUnauthorized
	ErrForbidden       = vegdata.ErrForbidden
	ErrNotFound        = vegdata.ErrNotFound
	ErrRateLimited     = vegdata.ErrRateLimited
	ErrQuotaExceeded   = vegdata.ErrQuotaExceeded
	ErrServer          = vegdata.ErrServer
	ErrInvalidResponse = vegdata.ErrInvalidResponse
	ErrBodyTooLarge    = vegdata.ErrBodyTooLarge
	ErrConflict        = vegdata.ErrConflict // 409; NVDB API Les does not document one
	// ErrInvalidArgument: bad input, refused before any request was sent.
	ErrInvalidArgument = vegdata.ErrInvalidArgument
	// ErrInsecureAuth: NewClient refused to send a token (WithTokenSource)
	// over plain http to a host that is not loopback.
	ErrInsecureAuth = vegdata.ErrInsecureAuth
)

// ErrUnavailable is matched by the error of a call that got no whole answer
// on any attempt (refused, reset, cut off or stalled); the *APIError
// carries the attempts and the last cause.
var ErrUnavailable = vegdata.ErrUnavailable

// NoRetries, as RetryPolicy.MaxRetries, makes every call a single attempt.
const NoRetries = vegdata.NoRetries

// Meta describes the answer to one call; see vegdata.OnMeta and
// vegdata.CaptureMeta.
type Meta = vegdata.Meta

// DefaultRetryPolicy is the retry policy used when WithRetry is not given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// Client talks to NVDB API Les v4. Create it with NewClient; it is safe for
// concurrent use and cheap to keep for the life of a program. Each API
// service is a field that shares the client's transport, rate limiter and
// headers. A Client that was not made by NewClient (a zero value) returns
// an error matching ErrInvalidArgument from every call.
type Client struct {
	common service // one value shared by all services

	// Vegobjekter reads road objects: lists, single objects and their
	// versions, statistics and the change feed.
	Vegobjekter *VegobjekterService
	// Veglenkesekvenser reads the road network's veglenkesekvenser and the
	// segmented road network.
	Veglenkesekvenser *VeglenkesekvenserService
	// Noder reads the nodes where veglenkesekvenser meet.
	Noder *NoderService
	// Vegnett reads road references and positions on the road network,
	// routes and the network's change feed.
	Vegnett *VegnettService
	// Datakatalog reads the data catalogue: vegobjekttyper, their
	// egenskapstyper and allowed values, units and categories. Answers are
	// kept in the client's ETag cache.
	Datakatalog *DatakatalogService
	// Omrader reads areas: fylker, kommuner, contract areas, national
	// routes, road authorities and addresses (ETag cached).
	Omrader *OmraderService

	tc       *transport.Client
	limiter  Limiter
	cache    *etagCache
	session  string
	prefetch bool
}

// service is what every service of the client is: go-github's shape, each
// XService a defined type of it, so a service of a client that was not made
// by NewClient (a zero value) reports that instead of panicking.
type service struct{ c *Client }

// transport returns the client's transport; nil for a client that was not
// made by NewClient, which every operation refuses with an error.
func (s *service) transport() endpoint.Transport {
	if s == nil {
		return nil
	}
	return s.c.transport()
}

// prefetch says whether iterators fetch the next page while the caller
// works on the current one.
func (s *service) prefetch() bool { return s != nil && s.c != nil && s.c.prefetch }

// cache is the client's ETag cache; nil (caching off) without a client.
func (s *service) cache() *etagCache {
	if s == nil || s.c == nil {
		return nil
	}
	return s.c.cache
}

func (c *Client) transport() endpoint.Transport {
	if c == nil {
		return nil
	}
	return c.tc
}

type config struct {
	transport.Settings
	kontaktperson string
	sessionID     string
	noPrefetch    bool
	cacheSize     int
	ts            oauth2.TokenSource
	cacheBytes    int64
}

// Option configures a Client.
type Option func(*config) error

// WithKontaktperson sets X-Kontaktperson, the e-mail address NVDB may use to
// reach the people behind a client. It is optional but recommended.
func WithKontaktperson(email string) Option {
	return func(c *config) error {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Name != "" {
			return invalidf("invalid X-Kontaktperson %q: want a plain e-mail address", email)
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
			return invalidf("invalid session id")
		}
		c.sessionID = id
		return nil
	}
}

// WithPrefetch turns fetching the next page while the caller works on the
// current one on (the default) or off.
func WithPrefetch(on bool) Option {
	return func(c *config) error { c.noPrefetch = !on; return nil }
}

// WithCacheSize bounds the client's ETag cache of datakatalog and area
// answers to n entries (least recently used out first); 0 turns caching
// off. The default is DefaultCacheSize.
func WithCacheSize(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return invalidf("invalid cache size %d: must be >= 0", n)
		}
		c.cacheSize = n
		return nil
	}
}

// WithTokenSource sends "Authorization: Bearer <token>" with every request
// to the client's own host (never to another host a link or redirect points
// to, and never over plain http except to loopback). NVDB API Les needs it
// only for sensitive vegobjekttyper (Vegobjekttype.Sensitiv, the bearerAuth
// of the vegobjekter API); everything else is open. A refused token is an
// *APIError matching ErrUnauthorized (401) or ErrForbidden (403). Tokens
// never appear in logs or errors. ts is asked before every request: wrap
// your own in oauth2.ReuseTokenSource so it is asked only near expiry.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return invalidf("nil token source")
		}
		c.ts = ts
		return nil
	}
}

// WithBaseURL replaces the host, for example with the test environment
// https://nvdbapiles.test.atlas.vegvesen.no or an nvdbtest server's URL.
func WithBaseURL(u string) Option { return func(c *config) error { return c.SetBaseURL(u) } }

// WithHTTPClient sets the *http.Client used for requests. The client is
// copied; its Transport is wrapped, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.SetHTTPClient(hc) }
}

// WithUserAgent sets the User-Agent; the SDK's own name is appended.
func WithUserAgent(ua string) Option { return func(c *config) error { return c.SetUserAgent(ua) } }

// WithRateLimit paces requests to perSecond with the given burst. Every
// attempt, retries included, waits for the limiter.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error { return c.SetRateLimit(perSecond, burst) }
}

// WithLimiter replaces the rate limiter, for example with one shared by
// several clients or processes (see Client.Limiter). nil removes pacing.
func WithLimiter(l Limiter) Option { return func(c *config) error { return c.SetLimiter(l) } }

// WithRetry sets how 429, 502, 503, 504 and connection errors are retried.
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

// WithLogger logs every attempt at debug level; nil turns logging off.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// NewClient returns a client for NVDB API Les v4. clientName is sent as
// X-Client, the name NVDB identifies your application by: NVDB asks every
// client to send one and may block requests without it. NewClient does no
// network I/O.
func NewClient(clientName string, opts ...Option) (*Client, error) {
	clientName = strings.TrimSpace(clientName)
	switch {
	case clientName == "":
		return nil, invalidf("nvdb: the client name (X-Client) must not be empty: NVDB asks every client to send X-Client")
	case strings.ContainsAny(clientName, "\r\n"):
		return nil, invalidf("nvdb: the client name (X-Client) must not contain line breaks")
	}
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, DefaultRateLimit, 1), cacheSize: DefaultCacheSize}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, fmt.Errorf("nvdb: %w", err)
			}
			return nil, fmt.Errorf("nvdb: %w: %w", ErrInvalidArgument, err)
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
	h.Set("Accept", "application/json")
	// Setting Accept-Encoding ourselves would turn off net/http's transparent
	// decompression; leaving it unset makes the transport ask for gzip and
	// inflate the answer.
	var auth transport.Auth
	if cfg.ts != nil {
		auth = transport.TokenSource(cfg.ts)
	}
	tc, err := transport.New(transport.Config{API: "nvdb", Settings: cfg.Settings, Header: h, Auth: auth, DecodeError: decodeProblem})
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	c := &Client{tc: tc, limiter: cfg.Limiter, session: cfg.sessionID, prefetch: !cfg.noPrefetch,
		cache: newETagCache(cfg.cacheSize, cfg.cacheBytes)}
	c.common.c = c
	c.Vegobjekter = (*VegobjekterService)(&c.common)
	c.Veglenkesekvenser = (*VeglenkesekvenserService)(&c.common)
	c.Noder = (*NoderService)(&c.common)
	c.Vegnett = (*VegnettService)(&c.common)
	c.Datakatalog = (*DatakatalogService)(&c.common)
	c.Omrader = (*OmraderService)(&c.common)
	return c, nil
}

// SessionID returns the X-Client-Session sent with every request; "" for
// a client not made by NewClient.
func (c *Client) SessionID() string {
	if c == nil {
		return ""
	}
	return c.session
}

// BaseURL returns the host the client talks to; "" for a client not made
// by NewClient.
func (c *Client) BaseURL() string {
	if c == nil || c.tc == nil {
		return ""
	}
	return c.tc.BaseURL()
}

// Limiter returns the limiter that paces the client's requests (nil when
// WithLimiter(nil) removed pacing). NVDB allows 40 requests per second per
// client, counted by X-Client on the host, so another client of the same
// program that sends the same X-Client to the same host shares it:
//
//	u, err := uberiket.NewClient("my-app", uberiket.WithLimiter(c.Limiter()))
func (c *Client) Limiter() Limiter {
	if c == nil {
		return nil
	}
	return c.limiter
}

// ProblemDetail is NVDB's RFC 7807 error body.
type ProblemDetail struct {
	Type       string         `json:"type,omitempty"`
	Title      string         `json:"title,omitempty"`
	Status     int            `json:"status,omitempty"`
	Detail     string         `json:"detail,omitempty"`
	Instance   string         `json:"instance,omitempty"`
	Properties map[string]any `json:"properties,omitempty"`
}

// decodeProblem fills Message and Code from a ProblemDetail body. The
// request id comes from the X-REQUEST-ID header, which the transport reads.
func decodeProblem(resp *http.Response, body []byte, e *transport.APIError) {
	var p ProblemDetail
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

// invalidf builds the error for bad input found before any request: it
// matches ErrInvalidArgument (and anything it wraps with %w).
func invalidf(format string, args ...any) error {
	return transport.InvalidArgument(fmt.Errorf(format, args...))
}
