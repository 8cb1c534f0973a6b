package vegdata

import "time"

// NoRetries, as RetryPolicy.MaxRetries, makes every call a single attempt.
const NoRetries = -1

// RetryPolicy says how often and how long a call is repeated. Every zero
// field takes its default, so RetryPolicy{MaxRetryAfter: 5 * time.Second}
// keeps the default retries and only lowers the longest wait for
// Retry-After. Turn retries off with MaxRetries: NoRetries.
//
// One budget covers the whole call: every repeated request counts, whatever
// caused it (a 429 or 5xx, a refused or dropped connection, an answer that
// broke off or stalled while being read), so a call sends at most
// MaxRetries+1 requests.
type RetryPolicy struct {
	// MaxRetries is the number of requests sent after the first one.
	// 0 means the default (4); NoRetries means none.
	MaxRetries int
	// MinWait is the first backoff step (default 250 ms); steps double up
	// to MaxWait with jitter.
	MinWait time.Duration
	// MaxWait caps one backoff step (default 10 s).
	MaxWait time.Duration
	// MaxRetryAfter is the longest Retry-After the client sleeps (default
	// 1 min). A longer one fails the call at once with an *APIError whose
	// RetryAfter and RetryAt say when to come back.
	MaxRetryAfter time.Duration
}

// Default values of RetryPolicy's fields.
const (
	DefaultMaxRetries    = 4
	DefaultMinWait       = 250 * time.Millisecond
	DefaultMaxWait       = 10 * time.Second
	DefaultMaxRetryAfter = time.Minute
)

// WithDefaults returns p with every zero field set to its default and
// NoRetries resolved to 0 retries. It is what the clients use.
func (p RetryPolicy) WithDefaults() RetryPolicy {
	switch {
	case p.MaxRetries == 0:
		p.MaxRetries = DefaultMaxRetries
	case p.MaxRetries < 0:
		p.MaxRetries = 0
	}
	if p.MinWait <= 0 {
		p.MinWait = DefaultMinWait
	}
	if p.MaxWait <= 0 {
		p.MaxWait = DefaultMaxWait
	}
	if p.MaxWait < p.MinWait {
		p.MaxWait = p.MinWait
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}
