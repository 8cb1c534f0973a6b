package redisstore

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata"
	"golang.org/x/time/rate"
)

// Limiter is a vegdata.Limiter whose rate is shared by every process that
// uses the same Redis and key: each Wait takes a slot from one GCRA bucket
// kept in Redis (github.com/go-redis/redis_rate, a Lua script run on the
// Redis clock), so n instances together send at most the rate, not n times
// it. Give it to any client's WithLimiter option. It is safe for concurrent
// use.
type Limiter struct {
	s     *store
	rl    *redis_rate.Limiter
	key   string
	limit redis_rate.Limit
	local *rate.Limiter // fallback while Redis is away; nil: fail fast
	err   error         // bad arguments, returned by every Wait
	// turn lets one goroutine of this process ask Redis at a time; the
	// others queue here instead of all polling the bucket for every slot.
	turn chan struct{}
}

var _ vegdata.Limiter = (*Limiter)(nil)

// NewLimiter returns a limiter for perSecond requests with the given burst,
// shared through rdb (a *redis.Client, *redis.ClusterClient or any
// redis.UniversalClient) by every process that uses the same key. Name the
// key after what the API limits: for NVDB, which allows 40 requests per
// second per X-Client, "nvdb:" and the X-Client name; for an API limited
// per key, KeyForAPIKey. Stay a little under the API's figure (39 or 38 for
// NVDB's 40, burst 1), since requests take their slot in Redis and reach
// the API a moment later.
//
// Bad arguments (nil rdb, empty key, perSecond not above 0, burst below 1,
// a bad option) are reported by Err and by every Wait, as an error matching
// ErrInvalidArgument, before any request.
func NewLimiter(rdb redis.UniversalClient, key string, perSecond float64, burst int, opts ...Option) *Limiter {
	s, err := newStore(rdb, "limiter", key, opts)
	l := &Limiter{s: s, key: s.key("limiter"), turn: make(chan struct{}, 1)}
	switch {
	case err != nil:
	case !(perSecond > 0) || math.IsInf(perSecond, 1):
		err = fmt.Errorf("rate must be a finite number > 0, got %v", perSecond)
	case burst < 1:
		err = fmt.Errorf("burst must be >= 1, got %d", burst)
	}
	if err != nil {
		l.err = invalid("limiter", err)
		return l
	}
	// One request per period of 1/perSecond keeps fractional rates exact.
	l.limit = redis_rate.Limit{Rate: 1, Burst: burst, Period: time.Duration(float64(time.Second) / perSecond)}
	l.rl = redis_rate.NewLimiter(rdb)
	if share := s.opt.fallback; share > 0 {
		l.local = rate.NewLimiter(rate.Limit(perSecond*share), max(1, int(float64(burst)*share)))
	}
	return l
}

// Err reports bad arguments given to NewLimiter, or nil.
func (l *Limiter) Err() error { return l.err }

// Wait blocks until the shared bucket has a slot for one request, or
// returns ctx's error. It returns at once with an error wrapping
// context.DeadlineExceeded when the next slot lies beyond ctx's deadline.
// When Redis cannot be reached within the timeout, Wait fails with an
// *UnavailableError (the default) or paces on the local fallback limiter
// (WithFallback); it never waits longer than the timeout for Redis. A
// slot taken by a script run whose answer was lost (the connection
// dropped) stays taken, and a client that retries the run (go-redis'
// MaxRetries) may take two: the fleet then sends less than the rate,
// never more.
func (l *Limiter) Wait(ctx context.Context) error {
	if l.err != nil {
		return l.err
	}
	select {
	case l.turn <- struct{}{}:
		defer func() { <-l.turn }()
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		var res *redis_rate.Result
		err := l.s.run(ctx, func(ctx context.Context) error {
			r, err := l.rl.Allow(ctx, l.key, l.limit)
			res = r
			return err
		})
		if err != nil {
			if isCtxErr(ctx, err) {
				return ctx.Err()
			}
			if l.local != nil {
				return l.waitLocal(ctx)
			}
			return l.s.unavailable(err)
		}
		if res.Allowed > 0 {
			return nil
		}
		// Denied: the bucket frees a slot after RetryAfter. Another process
		// may take it first; then the next answer gives the next slot.
		d := max(res.RetryAfter, time.Millisecond)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return fmt.Errorf("redisstore: limiter %q: next slot in %v is past the context's deadline: %w", l.s.name, d, context.DeadlineExceeded)
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// Reset empties the shared bucket, for tests and after a change of rate.
func (l *Limiter) Reset(ctx context.Context) error {
	if l.err != nil {
		return l.err
	}
	err := l.s.run(ctx, func(ctx context.Context) error { return l.rl.Reset(ctx, l.key) })
	if err != nil && !isCtxErr(ctx, err) {
		return l.s.unavailable(err)
	}
	return err
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// waitLocal waits on the fallback limiter. x/time/rate refuses at once a
// wait that would pass ctx's deadline, with an error that does not wrap
// context.DeadlineExceeded; wrap it so callers see the same error whether
// Redis is up or not.
func (l *Limiter) waitLocal(ctx context.Context) error {
	if err := l.local.Wait(ctx); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return fmt.Errorf("%w: %v", context.DeadlineExceeded, err)
	}
	return nil
}
