package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata/autosys"
)

// Quota is a daily call count kept in Redis and shared by every process
// that uses the same key: an autosys.QuotaCounter for autosys.WithQuota.
// Each reservation is one atomic script run, so n instances together
// reserve at most the limit. The count lives in one Redis hash per Oslo day
// that expires at the next Oslo midnight, when the API's own quota resets;
// a quota answer from the server (MarkSpent) blocks every instance until
// the reset time it gave. It is safe for concurrent use.
//
// The day and its midnight come from the local clock of each process.
type Quota struct {
	s     *store
	limit int
	now   func() time.Time
	local *autosys.Quota // fallback while Redis is away; nil: fail fast
	err   error          // bad arguments, returned by every call

	mu         sync.Mutex
	pending    int64        // calls counted by local while Redis was away
	pendingDay autosys.Date // the Oslo day they belong to
}

var _ autosys.QuotaCounter = (*Quota)(nil)

// NewQuota returns a counter for limit calls per Oslo day, shared through
// rdb by every process that uses the same key. Name the key after the API
// key whose quota it counts, without the secret itself:
// KeyForAPIKey("autosys", apiKey). Give every instance the same limit
// (autosys.DailyQuota for the standard allowance, less to keep a reserve).
//
// Bad arguments (nil rdb, empty key, limit below 1, a bad option) are
// reported by Err and by every call, as an error matching
// ErrInvalidArgument, before any request.
func NewQuota(rdb redis.UniversalClient, key string, limit int, opts ...Option) *Quota {
	s, err := newStore(rdb, "quota", key, opts)
	q := &Quota{s: s, limit: limit, now: time.Now}
	if err == nil && limit < 1 {
		err = fmt.Errorf("daily limit must be >= 1, got %d", limit)
	}
	if err != nil {
		q.err = invalid("quota", err)
		return q
	}
	if share := s.opt.fallback; share > 0 {
		q.local = autosys.NewQuota(max(1, int(float64(limit)*share)))
	}
	return q
}

// Err reports bad arguments given to NewQuota, or nil.
func (q *Quota) Err() error { return q.err }

// Limit returns the daily limit.
func (q *Quota) Limit() int { return q.limit }

// reserveScript adds the calls counted locally during an outage
// (ARGV[4]), then counts one call unless the server's block (field
// "blocked", Unix ms) is in force or the limit is reached. It returns
// {reserved 0/1, used, blocked-until ms}.
var reserveScript = redis.NewScript(`
local limit, now, expire_at, pending = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 'used', 'blocked')
local used, blocked = tonumber(v[1] or '0'), tonumber(v[2] or '0')
if pending > 0 then
  used = redis.call('HINCRBY', KEYS[1], 'used', pending)
  redis.call('PEXPIREAT', KEYS[1], expire_at)
end
if now < blocked then
  return {0, used, blocked}
end
if used >= limit then
  return {0, used, 0}
end
used = redis.call('HINCRBY', KEYS[1], 'used', 1)
redis.call('PEXPIREAT', KEYS[1], expire_at)
return {1, used, 0}
`)

// markScript raises the block (Unix ms) to ARGV[1] unless it is later.
var markScript = redis.NewScript(`
local block = tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked') or '0')
if block > blocked then
  redis.call('HSET', KEYS[1], 'blocked', block)
end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`)

// day returns the Oslo day of now, its Redis key and the next midnight.
func (q *Quota) day(now time.Time) (autosys.Date, string, time.Time) {
	d := autosys.DateOf(now.In(autosys.Oslo()))
	return d, q.s.key("quota", d.String()), autosys.NextOsloMidnight(now)
}

// Reserve counts one call in Redis, or returns false and the time the
// refusal ends: the next Oslo midnight when the limit is reached, or the
// reset time the server gave (MarkSpent). While Redis cannot be reached it
// fails with an *UnavailableError (the default) or counts on the local
// fallback counter (WithFallback).
func (q *Quota) Reserve(ctx context.Context) (ok bool, resetsAt time.Time, err error) {
	if q.err != nil {
		return false, time.Time{}, q.err
	}
	now := q.now()
	day, key, midnight := q.day(now)
	pending := q.takePending(day)
	var res []int64
	err = q.s.run(ctx, func(ctx context.Context) error {
		v, err := reserveScript.Run(ctx, q.s.rdb, []string{key}, q.limit, now.UnixMilli(), midnight.UnixMilli(), pending).Int64Slice()
		res = v
		return err
	})
	if err == nil && len(res) != 3 {
		err = fmt.Errorf("unexpected script answer %v", res)
	}
	if err != nil {
		q.putPending(day, pending) // perhaps not added; counting twice is the safe side
		if isCtxErr(ctx, err) {
			return false, time.Time{}, ctx.Err()
		}
		if q.local == nil {
			return false, time.Time{}, q.s.unavailable(err)
		}
		ok, resetsAt, _ = q.local.Reserve(ctx)
		if ok {
			q.putPending(day, 1)
		}
		return ok, resetsAt, nil
	}
	switch {
	case res[0] == 1:
		return true, time.Time{}, nil
	case res[2] > 0:
		return false, time.UnixMilli(res[2]), nil
	default:
		return false, midnight, nil
	}
}

func (q *Quota) takePending(day autosys.Date) int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := q.pending
	if q.pendingDay != day {
		n = 0 // yesterday's calls do not count today
	}
	q.pending = 0
	return n
}

func (q *Quota) putPending(day autosys.Date, n int64) {
	if n <= 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pendingDay != day {
		q.pending, q.pendingDay = 0, day
	}
	q.pending += n
}

// MarkSpent records a server answer saying the quota is spent until the
// given time, for every instance: Reserve refuses until then. A zero or
// past time, or one beyond the next Oslo midnight, means that midnight, when
// the day's key expires anyway.
func (q *Quota) MarkSpent(ctx context.Context, until time.Time) error {
	if q.err != nil {
		return q.err
	}
	now := q.now()
	_, key, midnight := q.day(now)
	if until.IsZero() || !until.After(now) || until.After(midnight) {
		until = midnight
	}
	if q.local != nil {
		_ = q.local.MarkSpent(ctx, until)
	}
	err := q.s.run(ctx, func(ctx context.Context) error {
		return markScript.Run(ctx, q.s.rdb, []string{key}, until.UnixMilli(), midnight.UnixMilli()).Err()
	})
	switch {
	case err == nil:
		return nil
	case isCtxErr(ctx, err):
		return ctx.Err()
	case q.local != nil:
		return nil // kept locally
	default:
		return q.s.unavailable(err)
	}
}

// Status returns today's shared count. While Redis cannot be reached it
// fails with an *UnavailableError, or, WithFallback, reports the local
// fallback counter.
func (q *Quota) Status(ctx context.Context) (autosys.QuotaStatus, error) {
	if q.err != nil {
		return autosys.QuotaStatus{}, q.err
	}
	now := q.now()
	day, key, midnight := q.day(now)
	var vals []any
	err := q.s.run(ctx, func(ctx context.Context) error {
		v, err := q.s.rdb.HMGet(ctx, key, "used", "blocked").Result()
		vals = v
		return err
	})
	if err != nil {
		if isCtxErr(ctx, err) {
			return autosys.QuotaStatus{}, ctx.Err()
		}
		if q.local != nil {
			return q.local.Status(ctx)
		}
		return autosys.QuotaStatus{}, q.s.unavailable(err)
	}
	used, blocked := field(vals, 0), field(vals, 1)
	st := autosys.QuotaStatus{Day: day, Limit: q.limit, Used: int(used), Remaining: max(0, q.limit-int(used)), ResetsAt: midnight}
	if now.UnixMilli() < blocked {
		st.Remaining = 0
	}
	return st, nil
}

// field reads an integer from an HMGET answer; a missing field is 0.
func field(vals []any, i int) int64 {
	if i >= len(vals) {
		return 0
	}
	s, _ := vals[i].(string)
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
