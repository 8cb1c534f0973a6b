package transport

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata"

	"golang.org/x/time/rate"
)

// Version is the version of go-vegdata this binary was built with, read
// from the module's build info ("devel" in a build of the module itself).
var Version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if bi.Main.Path == modulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			if d.Replace != nil && d.Replace.Version != "" {
				return d.Replace.Version
			}
			if d.Version != "" && d.Version != "(devel)" {
				return d.Version
			}
		}
	}
	return "devel"
})

const modulePath = "github.com/vegdata/go-vegdata"

// DefaultUserAgent names the module and its version.
func DefaultUserAgent() string {
	return "go-vegdata/" + Version() + " (+https://github.com/vegdata/go-vegdata)"
}

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
	// StallTimeout abandons an attempt whose answer stops or drips: no
	// byte of headers or body for this long (default DefaultStallTimeout),
	// or, once the body's first byte has come, fewer than
	// MinBytesPerStall (4 KiB) bytes for every StallTimeout spent waiting
	// in Read. The abandoned attempt is repeated within the retry budget
	// where that is safe, so a dripping server ends a call, or a range
	// loop, with ErrUnavailable.
	//
	// Against a drip this is a minimum rate, not a ceiling on the
	// attempt: a ceiling would cut a large download that keeps moving
	// (256 MiB at 100 KiB/s takes 44 minutes; the minimum is 68 bytes/s at
	// the default 60 s), and only time spent waiting for the server
	// counts, for both rules, so a caller that reads slowly or pauses
	// between Reads is not taken for a silent or dripping server. A server
	// that sends just above the minimum can still keep an attempt going
	// until the body limit: a deadline on the context is what bounds a
	// call's time.
	StallTimeout time.Duration
}

// DefaultStallTimeout is how long an attempt may wait for the next byte of
// its answer, headers or body; see Settings.StallTimeout.
const DefaultStallTimeout = 60 * time.Second

// SetStallTimeout sets how long an attempt may go without a byte of its
// answer (or, for its body, without MinBytesPerStall bytes) before it is
// abandoned and, where safe, repeated.
func (s *Settings) SetStallTimeout(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("stall timeout must be > 0, got %v", d)
	}
	s.StallTimeout = d
	return nil
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
	// A silent server is handled by the stall timeout of every attempt
	// (headers and body alike), not by ResponseHeaderTimeout.
	return &http.Client{Transport: t}
}
