package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata"
)

// Defaults of the options.
const (
	// DefaultPrefix starts every Redis key the package writes.
	DefaultPrefix = "vegdata:"
	// DefaultTimeout bounds one Redis round trip (a script run). A healthy
	// Redis answers within a millisecond; a dead one must not hold a call.
	DefaultTimeout = 500 * time.Millisecond
	// DefaultRetryInterval is how long calls skip Redis after it failed,
	// before one tries it again.
	DefaultRetryInterval = time.Second
)

var (
	// ErrUnavailable is the root package's sentinel, matched by every
	// *UnavailableError.
	ErrUnavailable = vegdata.ErrUnavailable
	// ErrInvalidArgument is the root package's sentinel, matched by a
	// limiter or quota built with bad arguments.
	ErrInvalidArgument = vegdata.ErrInvalidArgument
)

// UnavailableError is returned, in the default fail-fast mode, by a Wait,
// Reserve, MarkSpent or Status that could not reach Redis within its
// timeout: the call fails at once and nothing is sent to the API. A Quota
// also returns it when its fallback (WithFallback) cannot admit a call,
// and when the fleet settles after an outage past the caller's deadline;
// Reason says why. It matches ErrUnavailable and, through Unwrap, Err.
type UnavailableError struct {
	Op  string // "limiter" or "quota"
	Key string // the name given to NewLimiter or NewQuota
	Err error  // the go-redis error; nil when Redis was skipped after a recent failure
	// Reason says why a Quota refused the call beyond Redis not answering:
	// its fallback share is spent, it has no count for today, or the fleet
	// settles past the caller's deadline (then Err is
	// context.DeadlineExceeded). "" for a plain failure.
	Reason string
}

func (e *UnavailableError) Error() string {
	cause := "failed within the last retry interval"
	if e.Err != nil {
		cause = e.Err.Error()
	}
	if e.Reason != "" {
		return fmt.Sprintf("redisstore: %s %q: %s: %s", e.Op, e.Key, e.Reason, cause)
	}
	return fmt.Sprintf("redisstore: %s %q: redis unavailable: %s", e.Op, e.Key, cause)
}

// Unwrap returns ErrUnavailable and the go-redis error.
func (e *UnavailableError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrUnavailable}
	}
	return []error{ErrUnavailable, e.Err}
}

// Option configures a Limiter or a Quota.
type Option func(*options)

type options struct {
	fallback float64 // share of the rate or limit used locally; 0: fail fast
	timeout  time.Duration
	retry    time.Duration
	prefix   string
	err      error
}

// WithFailFast makes every call fail at once with an *UnavailableError
// (matching ErrUnavailable) while Redis cannot be reached: nothing is sent to
// the API. This is the default, because without Redis no process can know
// what the others spend, and only the caller knows whether a smaller local
// share is safe.
func WithFailFast() Option { return func(o *options) { o.fallback = 0 } }

// WithFallback keeps calls going while Redis cannot be reached, each
// instance on its own share (in (0, 1]) of what the fleet may still use.
// With n instances, a share of 1/n keeps the fleet within the shared rate
// and quota.
//
// A Limiter paces locally at share × its rate (burst scaled alike, at
// least 1).
//
// A Quota admits at most share × (limit − c) calls, rounded down, where c is
// the highest count this instance read from Redis today (every Reserve and
// Status reads it; not while the fleet settles): its share of what the
// fleet had left. Quota 30, the
// fleet at 20 when Redis went away: four instances with a share of 1/4
// admit at most 2 each, so the fleet stays within 30. Beyond its share, or
// with no count read today (an instance that started, or an Oslo day that
// began, while Redis was away), Reserve fails with an *UnavailableError as
// WithFailFast would: without a count nothing is known of what is left, and
// admitting anything could pass the quota. A count the instance knows to
// be spent, or a block from the server, refuses as usual (ok false and the
// reset time). Calls admitted locally are added to the shared count by the
// next reservation that reaches Redis, exactly once: the instance sends
// how many it admitted today, and the day's hash records per instance how
// many of them it holds, so a run repeated after its answer was lost (the
// connection dropped, or the client retried) adds nothing twice (one
// small field per instance with local calls, expiring with the day). The
// fleet then settles for a moment before Redis admits calls again (see
// Quota); a day's local calls are dropped when the Oslo day ends, as the
// API's quota resets.
//
// The bound holds for the count each instance last read: an instance whose
// count is m calls old when Redis goes away admits up to share × m more
// than its share of what was really left. When each of n instances made
// one of the fleet's last n reservations, or every instance read the count
// after the last one, the rounding down absorbs that and the fleet stays
// within the limit; an instance that calls rarely holds an older count, so
// keep a reserve (a lower limit) or a smaller share when some instances
// call rarely.
func WithFallback(share float64) Option {
	return func(o *options) {
		if !(share > 0 && share <= 1) {
			o.err = fmt.Errorf("fallback share must be in (0, 1], got %v", share)
			return
		}
		o.fallback = share
	}
}

// WithTimeout bounds each Redis round trip; default DefaultTimeout. The
// caller's context bounds it too. go-redis applies context deadlines to its
// sockets only with Options.ContextTimeoutEnabled; without it, the round
// trip runs on a goroutine that is abandoned after the timeout (and ends by
// the client's ReadTimeout), so the call still returns in time.
func WithTimeout(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			o.err = fmt.Errorf("timeout must be > 0, got %v", d)
			return
		}
		o.timeout = d
	}
}

// WithRetryInterval sets how long calls skip Redis after a failed round trip
// (failing fast or using the fallback at once) before one tries it again;
// default DefaultRetryInterval. A dead Redis then costs one timeout per
// interval, not one per call.
func WithRetryInterval(d time.Duration) Option {
	return func(o *options) {
		if d < 0 {
			o.err = fmt.Errorf("retry interval must be >= 0, got %v", d)
			return
		}
		o.retry = d
	}
}

// WithPrefix sets the prefix of the Redis keys; default DefaultPrefix.
func WithPrefix(p string) Option { return func(o *options) { o.prefix = p } }

// KeyForAPIKey returns a key name for the count of one API key, without the
// key itself: api, a colon and the first 16 hex digits of the key's SHA-256,
// e.g. "autosys:3f2a…". Use it for NewQuota (and for a limiter per key), so
// the secret never appears in Redis, its logs or its monitoring.
func KeyForAPIKey(api, apiKey string) string {
	sum := sha256.Sum256([]byte(apiKey))
	return api + ":" + hex.EncodeToString(sum[:8])
}

// store runs the scripts of one Limiter or Quota with a timeout and
// remembers a failure for the retry interval.
type store struct {
	rdb       redis.UniversalClient
	opt       options
	op, name  string
	ctxAware  bool         // the client applies context deadlines to its sockets
	downUntil atomic.Int64 // unix nanoseconds; Redis is skipped until then
}

func newStore(rdb redis.UniversalClient, op, name string, opts []Option) (*store, error) {
	o := options{timeout: DefaultTimeout, retry: DefaultRetryInterval, prefix: DefaultPrefix}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	s := &store{rdb: rdb, opt: o, op: op, name: name}
	switch {
	case o.err != nil:
		return s, o.err
	case rdb == nil:
		return s, errors.New("nil redis client")
	case strings.TrimSpace(name) == "":
		return s, errors.New("empty key")
	}
	switch c := rdb.(type) {
	case *redis.Client:
		s.ctxAware = c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		s.ctxAware = c.Options().ContextTimeoutEnabled
	case *redis.Ring:
		s.ctxAware = c.Options().ContextTimeoutEnabled
	}
	return s, nil
}

// key builds a Redis key. The name sits in a hash tag, so every key of one
// name lands on the same Redis Cluster slot.
func (s *store) key(kind string, suffix ...string) string {
	k := s.opt.prefix + kind + ":{" + s.name + "}"
	for _, x := range suffix {
		k += ":" + x
	}
	return k
}

// errSkipped says Redis was not tried because it failed recently.
var errSkipped = errors.New("skipped")

// run runs f against Redis within the timeout. It returns ctx's error when
// the caller's context ended, and otherwise any failure of f as Redis being
// unavailable (then Redis is skipped for the retry interval).
func (s *store) run(ctx context.Context, f func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if time.Now().UnixNano() < s.downUntil.Load() {
		return errSkipped
	}
	rctx, cancel := context.WithTimeout(ctx, s.opt.timeout)
	defer cancel()
	var err error
	if s.ctxAware {
		err = f(rctx)
	} else {
		done := make(chan error, 1)
		go func() { done <- f(rctx) }()
		select {
		case err = <-done:
		case <-rctx.Done():
			err = rctx.Err()
		}
	}
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// Our own round-trip timeout, not the caller's deadline: a caller
		// testing for context.DeadlineExceeded must not take Redis being
		// slow for its own time running out.
		err = fmt.Errorf("no answer within %s (%v)", s.opt.timeout, err.Error())
	}
	s.downUntil.Store(time.Now().Add(s.opt.retry).UnixNano())
	return err
}

// unavailable wraps a failure of run for the caller.
func (s *store) unavailable(err error) error {
	if errors.Is(err, errSkipped) {
		err = nil
	}
	return &UnavailableError{Op: s.op, Key: s.name, Err: err}
}

// refused wraps a failure of run for a call the fallback refused.
func (s *store) refused(err error, why string) error {
	e := s.unavailable(err).(*UnavailableError)
	e.Reason = "redis unavailable, fallback refused: " + why
	return e
}

// isCtxErr says whether err is the caller's context ending.
func isCtxErr(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

func invalid(op string, err error) error {
	return fmt.Errorf("redisstore: %s: %w: %w", op, ErrInvalidArgument, err)
}
