package autosys

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // Oslo midnight must be right on images without zoneinfo

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultBaseURL is the host most clients use today. The same API is also
// published under AlternativeBaseURL; the path after the base is the same.
const DefaultBaseURL = "https://akfell-datautlevering.atlas.vegvesen.no"

// AlternativeBaseURL is the address given on the official portal page
// (www.vegvesen.no). Pass it to WithBaseURL to use that host instead.
const AlternativeBaseURL = "https://www.vegvesen.no/ws/no/vegvesen/kjoretoy/felles/datautlevering"

// DailyQuota is the number of calls the API allows per key per Norwegian
// calendar day.
const DailyQuota = 50000

// lookupPath is the enkeltoppslag resource, relative to the base URL.
const lookupPath = "enkeltoppslag/kjoretoydata"

// APIError is the error returned for an answer the API did not accept, for
// a 200 that means "not found", and for a call refused by the local quota.
// Use errors.Is with the sentinels below, or errors.As to read the status,
// the API's feilmelding (Code), the request id and RetryAt.
type APIError = vegdata.APIError

// RetryPolicy says how often and how long a call is retried. Retry-After
// values longer than MaxRetryAfter (a spent daily quota) fail at once.
type RetryPolicy = vegdata.RetryPolicy

// Limiter paces requests; *rate.Limiter satisfies it, and so can a limiter
// shared between processes.
type Limiter = vegdata.Limiter

// Sentinel errors; an *APIError matches its class with errors.Is.
var (
	// ErrNotFound: the register gives out nothing for the kjennemerke or
	// understellsnummer (204, 404, or 200 with OPPLYSNINGER_IKKE_TILGJENGELIGE).
	ErrNotFound = vegdata.ErrNotFound
	// ErrBadRequest: the API refused the query (400), e.g. both fields set.
	ErrBadRequest = vegdata.ErrBadRequest
	// ErrUnauthorized: the key is missing or malformed (401).
	ErrUnauthorized = vegdata.ErrUnauthorized
	// ErrForbidden: the key is unknown, inactive or blocked (403).
	ErrForbidden = vegdata.ErrForbidden
	// ErrQuotaExceeded: the quota of the key is spent (422, or any 429,
	// usually with Retry-After at the next Oslo midnight), or the local quota counter
	// refused the call before it was sent. APIError.RetryAt says when it resets.
	ErrQuotaExceeded = vegdata.ErrQuotaExceeded
	// ErrRateLimited is not returned by this package: Autosys answers 429
	// only when the period's quota is spent (ErrQuotaExceeded). It is here
	// so every package names the same classes.
	ErrRateLimited = vegdata.ErrRateLimited
	// ErrServer: the server failed (5xx) on every attempt.
	ErrServer = vegdata.ErrServer
	// ErrInvalidResponse: a 2xx answer could not be understood.
	ErrInvalidResponse = vegdata.ErrInvalidResponse
	// ErrBodyTooLarge: a 2xx answer was larger than the client reads
	// (8 MiB for a lookup).
	ErrBodyTooLarge = vegdata.ErrBodyTooLarge
	// ErrConflict: 409. Autosys does not document one; it is here so every
	// package names the same classes.
	ErrConflict = vegdata.ErrConflict
	// ErrInsecureAuth: NewClient refused a plain-http base URL that is not
	// a loopback host, which would send the key in clear text.
	ErrInsecureAuth = vegdata.ErrInsecureAuth
)

// ErrInvalidArgument is matched (errors.Is) by every error for a
// kjennemerke, understellsnummer or option refused before any request is
// sent. It is the same error in every go-vegdata package.
var ErrInvalidArgument = vegdata.ErrInvalidArgument

// ErrUnavailable is matched by the error of a call that got no whole answer
// on any attempt (refused, reset, cut off or stalled); the *APIError
// carries the attempts and the last cause.
var ErrUnavailable = vegdata.ErrUnavailable

// NoRetries, as RetryPolicy.MaxRetries, makes every call a single attempt.
const NoRetries = vegdata.NoRetries

// Meta describes the answer to one call; see vegdata.OnMeta and
// vegdata.CaptureMeta.
type Meta = vegdata.Meta

// DefaultRetryPolicy is the retry policy used when none is given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// Client looks up vehicles in Autosys. It is safe for concurrent use and
// cheap to keep for the life of a process.
//
// The enkeltoppslag (LookupKjennemerke, LookupUnderstellsnummer, Lookup,
// LookupMany) is open to anyone with a key. Bulk, Person and Organisasjon
// are the kjøretøyoppslag operations, which give out owner data and answer
// only for consumers granted those roles.
type Client struct {
	// Bulk looks many vehicles up in one request, with owners.
	Bulk *BulkService
	// Person searches vehicles by the fødselsnummer of an owner.
	Person *PersonService
	// Organisasjon searches vehicles by the organisasjonsnummer of an owner.
	Organisasjon *OrganisasjonService

	tc     *transport.Client
	quota  QuotaCounter // nil when counting is off
	common service      // the one value every service points to
}

// service is what every service of the client is (go-github's shape): a
// service of a client that was not made by NewClient (a zero value)
// reports that as an error instead of panicking.
type service struct{ c *Client }

// client returns the service's client; nil for a service of a zero Client.
func (s *service) client() *Client {
	if s == nil {
		return nil
	}
	return s.c
}

// transport returns the client's transport; nil for a client that was not
// made by NewClient, which every operation refuses with an error.
func (c *Client) transport() endpoint.Transport {
	if c == nil {
		return nil
	}
	return c.tc
}

// sensitiveParams are the query parameters that carry personal data (the
// person search's): they are redacted from every URL in errors, Meta and
// logs, as keys are.
var sensitiveParams = []string{"fodselsnummer", "etternavn"}

type config struct {
	transport.Settings
	quota    QuotaCounter
	quotaSet bool
}

// Option configures a Client.
type Option func(*config) error

// WithBaseURL sets the API host (and prefix), e.g. AlternativeBaseURL or the
// URL of an autosystest server.
func WithBaseURL(u string) Option { return func(c *config) error { return c.SetBaseURL(u) } }

// WithHTTPClient sets the HTTP client used for requests; it is copied.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.SetHTTPClient(hc) }
}

// WithUserAgent sets the User-Agent; the module's own name is appended.
func WithUserAgent(ua string) Option { return func(c *config) error { return c.SetUserAgent(ua) } }

// WithRateLimit paces requests (retries included) to perSecond with the
// given burst; math.Inf(1) removes the limit. By default a client sends at
// most 10 requests per second (burst 10). The daily quota is counted
// separately (WithDailyQuota).
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error {
		if math.IsInf(perSecond, 1) {
			return c.SetLimiter(nil)
		}
		return c.SetRateLimit(perSecond, burst)
	}
}

// WithLimiter replaces the rate limiter, e.g. with one shared between
// processes; nil turns pacing off.
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

// WithLogger logs each HTTP attempt at debug level, without the key.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// WithDailyQuota counts calls per Oslo day against limit instead of
// DailyQuota, for keys with a different allowance or to keep a reserve.
func WithDailyQuota(limit int) Option {
	return func(c *config) error {
		if limit < 1 {
			return fmt.Errorf("daily quota must be >= 1, got %d (use WithoutQuota to turn counting off)", limit)
		}
		c.quota, c.quotaSet = NewQuota(limit), true
		return nil
	}
}

// WithQuota counts calls on q instead of a counter of the client's own: a
// *Quota shares one daily count between the clients of one process that use
// the same key; a shared QuotaCounter such as redisstore.Quota shares it
// between every process (a fleet of serverless instances) that uses the key.
func WithQuota(q QuotaCounter) Option {
	return func(c *config) error {
		if q == nil {
			return fmt.Errorf("nil quota counter (use WithoutQuota to turn counting off)")
		}
		if lq, ok := q.(*Quota); ok && lq == nil {
			return fmt.Errorf("nil *Quota (use WithoutQuota to turn counting off)")
		}
		c.quota, c.quotaSet = q, true
		return nil
	}
}

// WithoutQuota turns local quota counting off; the server's own answer
// (422/429) still becomes ErrQuotaExceeded.
func WithoutQuota() Option {
	return func(c *config) error {
		c.quota, c.quotaSet = nil, true
		return nil
	}
}

// NewClient returns a client that sends apiKey in the SVV-Authorization
// header. It validates its input and does no network I/O.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return nil, invalidf("empty API key")
	}
	if strings.ContainsAny(apiKey, "\r\n\t ") {
		return nil, invalidf("API key contains white space")
	}
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, 10, 10)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, invalidf("%w", err)
		}
	}
	if !cfg.quotaSet {
		cfg.quota = NewQuota(DailyQuota)
	}
	tc, err := transport.New(transport.Config{
		SensitiveParams: sensitiveParams,
		API:             "autosys",
		Settings:        cfg.Settings,
		Auth:            transport.APIKey("SVV-Authorization", "Apikey ", apiKey),
		DecodeError:     decodeError,
	})
	if err != nil {
		return nil, fmt.Errorf("autosys: %w", err)
	}
	c := &Client{tc: tc, quota: cfg.quota}
	c.common.c = c
	c.Bulk = (*BulkService)(&c.common)
	c.Person = (*PersonService)(&c.common)
	c.Organisasjon = (*OrganisasjonService)(&c.common)
	return c, nil
}

// BaseURL returns the base URL the client sends requests to; "" for a
// client that was not made by NewClient.
func (c *Client) BaseURL() string {
	if c.transport() == nil {
		return ""
	}
	return c.tc.BaseURL()
}

// Quota returns the client's local quota counter, or nil when counting is
// off (WithoutQuota), done by a shared QuotaCounter given to WithQuota
// (which reports its own Status), or the client was not made by NewClient.
func (c *Client) Quota() *Quota {
	if c == nil {
		return nil
	}
	q, _ := c.quota.(*Quota)
	return q
}

// decodeError classifies error answers. A 422 is the spent quota of the
// OpenAPI file ("Antall kjoretoy i respons overstiger kvote"); a 429 is the
// same on the portal's error table ("Bruker har brukt opp kvoten i
// inneværende periode"), whatever its body or Retry-After says, so the
// transport does not retry it: a spent quota does not come back within a
// retry budget. Their bodies, when any, are plain text.
func decodeError(resp *http.Response, body []byte, e *APIError) {
	msg := strings.TrimSpace(string(body))
	switch resp.StatusCode {
	case http.StatusUnprocessableEntity:
		e.Kind = ErrQuotaExceeded
		if msg == "" {
			e.Message = "antall kjoretoy i respons overstiger kvote (quota spent)"
		}
	case http.StatusTooManyRequests:
		e.Kind = ErrQuotaExceeded
		if msg == "" {
			e.Message = "bruker har brukt opp kvoten i inneværende periode (quota spent)"
		}
	}
	if e.Kind == ErrQuotaExceeded && e.RetryAt.IsZero() {
		// The API documents the reset as "etter midnatt (norsk tid)".
		e.RetryAt = NextOsloMidnight(time.Now())
		e.RetryAfter = time.Until(e.RetryAt)
	}
	if isFeilmeldingCode(msg) {
		e.Code = msg
	}
	if len(msg) > 0 && msg[0] == '{' {
		var r struct {
			Feilmelding string `json:"feilmelding"`
			Message     string `json:"message"`
			Error       string `json:"error"`
		}
		if json.Unmarshal(body, &r) == nil {
			switch {
			case r.Feilmelding != "":
				e.Code, e.Message = r.Feilmelding, r.Feilmelding
			case r.Message != "":
				e.Message = r.Message
				if isFeilmeldingCode(r.Message) {
					e.Code = r.Message
				}
			case r.Error != "":
				e.Message = r.Error
			}
		}
	}
	if resp.StatusCode == http.StatusBadRequest && e.Message == "" && resp.Request != nil {
		// The kjøretøyoppslag operations answer 400 with their usual body
		// and no message; the OpenAPI file says what each 400 means.
		switch p := resp.Request.URL.Path; {
		case strings.Contains(p, "/kjoretoyoppslag/bulk/"):
			e.Message = "antall elementer i request overstiger maks antall lovlig (too many items)"
		case strings.HasSuffix(p, "/kjoretoyoppslag/person"):
			e.Message = "søket resulterer i mer enn antall lovlige treff (too many hits)"
		case strings.HasSuffix(p, "/kjoretoyoppslag/organisasjon"):
			e.Message = "antall-parameter er høyere enn tillatt antall treff (antall too large)"
		}
	}
}

// invalidf builds the error for bad input found before any request: it
// matches ErrInvalidArgument (and anything it wraps with %w).
func invalidf(format string, args ...any) error {
	return transport.InvalidArgument(fmt.Errorf("autosys: invalid argument: "+format, args...))
}

// isFeilmeldingCode reports whether s looks like one of the API's
// upper-case feilmelding codes (OPPLYSNINGER_IKKE_TILGJENGELIGE).
func isFeilmeldingCode(s string) bool {
	if len(s) < 3 || len(s) > 80 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && r != '_' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func loadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		// Unreachable with time/tzdata linked in; keep a sane fallback.
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// oslo is Norwegian time, which decides when the daily quota resets. It is
// set once at start and never changed.
var oslo = loadOslo()

// Oslo returns the Europe/Oslo location, in which the daily quota resets.
func Oslo() *time.Location { return oslo }
