package synsbasen

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultBaseURL is the host of Synsbasen API v1. Every path the client
// builds starts with /v1/, as in the official Ruby gem, so a fake or proxy
// only needs its host given to WithBaseURL.
const DefaultBaseURL = "https://api.synsbasen.dk"

// Shared error type, retry policy and limiter, aliases of the types every
// go-vegdata package uses, so errors.Is and errors.As work across packages.
type (
	// APIError is the error returned for an answer the API did not accept
	// (any non-2xx status) or could not be understood. Message holds the
	// API's own message.
	APIError = vegdata.APIError
	// RetryPolicy says how often and how long to retry.
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

// Meta describes the answer to one call; see vegdata.OnMeta and
// vegdata.CaptureMeta.
type Meta = vegdata.Meta

// ErrAlreadyWatched is matched (errors.Is) by the error of
// WatchedVehicles.Add when the vehicle is already on the watch list (the
// API answers 409 Conflict). It also matches ErrConflict.
var ErrAlreadyWatched = errors.New("vehicle already watched")

func invalid(format string, args ...any) error {
	return transport.InvalidArgument(fmt.Errorf("synsbasen: invalid argument: %s", fmt.Sprintf(format, args...)))
}

// DefaultRetryPolicy is the policy used when WithRetry is not given.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type config struct {
	transport.Settings
}

// Option configures a Client.
type Option func(*config) error

// WithBaseURL sets the host (plus any proxy prefix); the client appends
// /v1/... itself. Use it to point the client at synsbasentest.
func WithBaseURL(u string) Option { return func(c *config) error { return c.SetBaseURL(u) } }

// WithHTTPClient sets the HTTP client used for API requests (a copy is kept).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.SetHTTPClient(hc) }
}

// WithUserAgent sets the User-Agent; go-vegdata's own is appended.
func WithUserAgent(ua string) Option { return func(c *config) error { return c.SetUserAgent(ua) } }

// WithRateLimit paces requests to perSecond with the given burst. Synsbasen
// documents no per-second limit, only a monthly token quota, so by default
// requests are not paced.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error { return c.SetRateLimit(perSecond, burst) }
}

// WithLimiter replaces the rate limiter (for example with one shared between
// processes); nil removes pacing.
func WithLimiter(l Limiter) Option { return func(c *config) error { return c.SetLimiter(l) } }

// WithRetry sets the retry policy. GETs and searches are retried on 429,
// 502, 503, 504 and connection errors; adding a watched vehicle is not.
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

// WithLogger logs each HTTP attempt at debug level, without the API key.
func WithLogger(l *slog.Logger) Option { return func(c *config) error { return c.SetLogger(l) } }

// Client talks to Synsbasen API v1. It is safe for concurrent use; keep one
// for the life of the program.
type Client struct {
	tc     *transport.Client
	common service // the one value every service points to

	// Vehicles looks vehicles up by id, registration or VIN, and searches them.
	Vehicles *VehiclesService
	// Inspections reads and searches periodic inspections (syn).
	Inspections *InspectionsService
	// ErrorCodes searches the error codes found at inspections.
	ErrorCodes *ErrorCodesService
	// TestCenters lists the test centers with their smileys.
	TestCenters *TestCentersService
	// InspectionTestCenters lists and searches test centers as aggregated
	// from inspections since 2005.
	InspectionTestCenters *InspectionTestCentersService
	// Brands reads the brand catalogue and each brand's models.
	Brands *BrandsService
	// Models reads models and each model's variants.
	Models *ModelsService
	// Variants reads variants and each variant's versions.
	Variants *VariantsService
	// Versions reads versions.
	Versions *VersionsService
	// BodyTypes reads body types.
	BodyTypes *BodyTypesService
	// LeasingPeriods searches leasing periods.
	LeasingPeriods *LeasingPeriodsService
	// WatchedVehicles manages the vehicles whose changes trigger webhooks.
	WatchedVehicles *WatchedVehiclesService
}

// NewClient builds a client that authenticates with apiKey
// ("Authorization: Bearer <key>"). It checks its input and does no network
// I/O.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" {
		return nil, invalid("an API key is required")
	}
	if strings.ContainsAny(apiKey, "\r\n\t ") {
		return nil, invalid("the API key contains white space")
	}
	cfg := config{Settings: transport.Defaults(DefaultBaseURL, math.Inf(1), 1)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			if errors.Is(err, ErrInvalidArgument) {
				return nil, fmt.Errorf("synsbasen: %w", err)
			}
			return nil, fmt.Errorf("synsbasen: %w: %w", ErrInvalidArgument, err)
		}
	}
	tc, err := transport.New(transport.Config{
		API: "synsbasen", Settings: cfg.Settings, Auth: transport.Bearer(apiKey),
		DecodeError: decodeError,
	})
	if err != nil {
		return nil, fmt.Errorf("synsbasen: %w", err)
	}
	c := &Client{tc: tc}
	c.common.c = c
	c.Vehicles = (*VehiclesService)(&c.common)
	c.Inspections = (*InspectionsService)(&c.common)
	c.ErrorCodes = (*ErrorCodesService)(&c.common)
	c.TestCenters = (*TestCentersService)(&c.common)
	c.InspectionTestCenters = (*InspectionTestCentersService)(&c.common)
	c.Brands = (*BrandsService)(&c.common)
	c.Models = (*ModelsService)(&c.common)
	c.Variants = (*VariantsService)(&c.common)
	c.Versions = (*VersionsService)(&c.common)
	c.BodyTypes = (*BodyTypesService)(&c.common)
	c.LeasingPeriods = (*LeasingPeriodsService)(&c.common)
	c.WatchedVehicles = (*WatchedVehiclesService)(&c.common)
	return c, nil
}

// BaseURL returns the base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// service is what every service of the client is: go-github's shape, each
// XService a defined type of it, so a service of a client that was not made
// by NewClient (a zero value) reports that instead of panicking.
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

// data returns the data of a one-resource answer.
func data[T any](env *envelope[*T], err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return env.Data, nil
}

// itemRequest is the GET of /v1/<resource>/<id>.
func itemRequest(resource, id string) endpoint.Request {
	id = strings.TrimSpace(id)
	if id == "" {
		return endpoint.Fail(invalid("%s id is empty", strings.TrimSuffix(resource, "s")))
	}
	p, err := path(resource, id)
	return pathCall(p, err, nil)
}

// childCall is the call of the list /v1/<parent>/<id>/<child>.
func childCall(parent, id, child string, opts *ListOptions) endpoint.Call[int] {
	id = strings.TrimSpace(id)
	if id == "" {
		return endpoint.Call[int]{Request: endpoint.Fail(invalid("%s id is empty", strings.TrimSuffix(parent, "s")))}
	}
	p, err := path(parent, id, child)
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(err)}
	}
	return listCall(p, opts)
}

// path joins the /v1 prefix and escaped segments.
func path(segments ...string) (string, error) {
	p, err := transport.JoinPath("v1", segments...)
	if err != nil {
		return "", invalid("%v", err)
	}
	return p, nil
}

// apiErrorBody is the error body of the API. Its shape is not documented;
// Rails APIs and the clients found answer {"error": "..."} or
// {"errors": [...]} or {"message": "..."}, so all three are read.
type apiErrorBody struct {
	Error   json.RawMessage `json:"error"`
	Errors  json.RawMessage `json:"errors"`
	Message string          `json:"message"`
	Code    string          `json:"code"`
}

func decodeError(resp *http.Response, body []byte, e *APIError) {
	var b apiErrorBody
	if json.Unmarshal(body, &b) == nil {
		e.Code = b.Code
		msgs := []string{}
		for _, raw := range []json.RawMessage{b.Error, b.Errors} {
			if m := rawMessage(raw); m != "" {
				msgs = append(msgs, m)
			}
		}
		if b.Message != "" {
			msgs = append(msgs, b.Message)
		}
		e.Message = strings.Join(msgs, "; ")
	}
	// Synsbasen does not document the answer to a spent monthly quota. A
	// 402, or a 429 whose message speaks of the quota or tokens, is a quota
	// that will not come back before the next billing period.
	lower := strings.ToLower(e.Message)
	switch {
	case resp.StatusCode == http.StatusPaymentRequired:
		e.Kind = ErrQuotaExceeded
	case resp.StatusCode == http.StatusTooManyRequests && (strings.Contains(lower, "quota") || strings.Contains(lower, "token")):
		e.Kind = ErrQuotaExceeded
	}
}

// rawMessage turns an "error"/"errors" member (string, object with a
// message, or array of either) into text.
func rawMessage(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	}
	if json.Unmarshal(raw, &obj) == nil && (obj.Message != "" || obj.Detail != "") {
		return strings.TrimSpace(obj.Message + " " + obj.Detail)
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		parts := make([]string, 0, len(arr))
		for _, a := range arr {
			if m := rawMessage(a); m != "" {
				parts = append(parts, m)
			}
		}
		return strings.Join(parts, "; ")
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		parts := make([]string, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if t := rawMessage(m[k]); t != "" {
				parts = append(parts, k+": "+t)
			}
		}
		return strings.Join(parts, "; ")
	}
	return ""
}
