package transport

import (
	"errors"
	"fmt"
	"github.com/vegdata/go-vegdata"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Version is the module version named in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent names the module and its version.
const DefaultUserAgent = "go-vegdata/" + Version + " (+https://github.com/vegdata/go-vegdata)"

// Limits on bodies read into memory.
const (
	DefaultMaxErrorBody = 1 << 20   // 1 MiB of an error body is plenty for a message
	DefaultMaxBody      = 256 << 20 // a 2xx body larger than this is refused
	// DefaultMaxDecodedBody bounds a 2xx body that is decoded whole rather
	// than streamed (encoding/json and encoding/xml hold all of it).
	DefaultMaxDecodedBody = 64 << 20
)

// Limiter and RetryPolicy are the root package's.
type (
	Limiter     = vegdata.Limiter
	RetryPolicy = vegdata.RetryPolicy
)

// DefaultRetryPolicy is the policy used when none is given.
func DefaultRetryPolicy() RetryPolicy { return RetryPolicy{}.WithDefaults() }

// Settings holds the options every package shares. Each package embeds it in
// its own option target and exposes WithBaseURL, WithHTTPClient ... that call
// the setters below, so validation lives in one place.
type Settings struct {
	BaseURL      string
	HTTPClient   *http.Client
	UserAgent    string
	Limiter      Limiter
	Retry        RetryPolicy
	Logger       *slog.Logger
	MaxErrorBody int64
	MaxBody      int64
}

// SetBaseURL validates and stores the base URL (host plus optional prefix).
func (s *Settings) SetBaseURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("invalid base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("invalid base URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("invalid base URL %q: no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("invalid base URL %q: no query or fragment allowed", raw)
	}
	if u.User != nil {
		return fmt.Errorf("invalid base URL: credentials in the URL are not allowed")
	}
	s.BaseURL = strings.TrimRight(u.String(), "/")
	return nil
}

// SetHTTPClient stores a copy of c, so later changes by the caller do not race.
func (s *Settings) SetHTTPClient(c *http.Client) error {
	if c == nil {
		return errors.New("nil *http.Client")
	}
	cp := *c
	s.HTTPClient = &cp
	return nil
}

// SetUserAgent sets the User-Agent; empty restores the default.
func (s *Settings) SetUserAgent(ua string) error {
	if strings.ContainsAny(ua, "\r\n") {
		return errors.New("invalid User-Agent")
	}
	s.UserAgent = ua
	return nil
}

// SetRateLimit paces requests to perSecond with the given burst. A perSecond
// of +Inf removes the limit.
func (s *Settings) SetRateLimit(perSecond float64, burst int) error {
	if math.IsNaN(perSecond) || perSecond <= 0 {
		return fmt.Errorf("rate limit must be > 0 requests per second, got %v", perSecond)
	}
	if burst < 1 {
		return fmt.Errorf("rate limit burst must be >= 1, got %d", burst)
	}
	s.Limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
	return nil
}

// SetLimiter replaces the limiter; nil removes pacing.
func (s *Settings) SetLimiter(l Limiter) error {
	s.Limiter = l
	return nil
}

// SetRetry validates and stores the retry policy.
func (s *Settings) SetRetry(p RetryPolicy) error {
	if p.MaxRetries < vegdata.NoRetries || p.MinWait < 0 || p.MaxWait < 0 || p.MaxRetryAfter < 0 {
		return errors.New("retry policy values must not be negative (use MaxRetries: NoRetries for a single attempt)")
	}
	s.Retry = p // resolved once, in New
	return nil
}

// SetLogger stores the logger; nil turns logging off.
func (s *Settings) SetLogger(l *slog.Logger) error {
	s.Logger = l
	return nil
}

// Defaults returns Settings for baseURL with the given default request rate
// (+Inf for none) and default retries.
func Defaults(baseURL string, perSecond float64, burst int) Settings {
	s := Settings{BaseURL: baseURL, MaxErrorBody: DefaultMaxErrorBody, MaxBody: DefaultMaxBody}
	if !math.IsInf(perSecond, 1) {
		s.Limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
	}
	return s
}

// IsLoopback reports whether host (with or without port) names this machine.
func IsLoopback(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	// A server that never answers must not hang a caller without a deadline;
	// the body itself may take longer (large pages).
	t.ResponseHeaderTimeout = 60 * time.Second
	return &http.Client{Transport: t}
}
