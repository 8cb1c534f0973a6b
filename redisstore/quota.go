package redisstore

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
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
//
// Each Quota remembers, per Oslo day, the highest count it has read from
// Redis (every Reserve and Status reads it) and any block it knows of.
// WithFallback bounds the calls it admits while Redis is away by that count
// (see WithFallback). The memory also repairs a Redis that lost the day's
// hash (a restart without persistence, a failover, an eviction): each hash
// carries a random epoch, so a hash made anew is told apart from the one
// an instance read, and the next Reserve of each instance restores the
// count it read as the new hash's base (the highest such count wins), on
// top of which every call counted since the loss stands, and restores the
// block. Deleting the day's key by hand therefore does not reset the count
// while running instances remember one.
//
// After an outage in which instances admitted calls locally, and after
// Redis lost the count, the fleet settles before Redis admits calls again:
// for the settle time (twice WithRetryInterval but at least a second, plus
// WithTimeout: 2.5 s by default) after the last instance added its local
// calls or restored its count, Reserve waits, so that every instance that
// calls in that time (one in an outage tries Redis once per retry
// interval) adds what it knows before anyone spends on a count that lacks
// it. The local calls of an instance that makes no call in that time stay
// out of the count until its next reservation. The settle time is
// measured from the clock of the instance that starts it; give every
// instance the same options.
type Quota struct {
	s      *store
	limit  int
	share  float64       // WithFallback's share; 0: fail fast
	settle time.Duration // how long Redis admits nothing after local calls or a lost count arrive
	field  string        // this instance's field in the day's hash: its local calls counted there
	now    func() time.Time
	err    error // bad arguments, returned by every call

	mu sync.Mutex
	v  view // what this process knows of the current Oslo day
}

// view is what one process knows of one Oslo day's count.
type view struct {
	day     autosys.Date
	known   int64     // the highest count read from Redis this day
	epoch   int64     // the epoch of the day's hash known was read in; 0: none
	seen    bool      // a settled count was read this day
	base    int64     // the highest settled count read this day: the fallback's base
	since   int64     // calls admitted locally that base does not hold
	blocked time.Time // the latest block known (MarkSpent, here or through Redis)
	// admitted counts the calls admitted locally this day; counted, those
	// of them a script run's answer confirmed in the shared count.
	admitted, counted int64
}

// uncounted is the number of calls admitted locally and not confirmed in
// the shared count: not added yet, or added by a run whose answer was lost.
func (v *view) uncounted() int64 { return v.admitted - v.counted }

var _ autosys.QuotaCounter = (*Quota)(nil)

// NewQuota returns a counter for limit calls per Oslo day, shared through
// rdb by every process that uses the same key. Name the key after the API
// key whose quota it counts, without the secret itself:
// KeyForAPIKey("autosys", apiKey). Give every instance the same limit
// (autosys.DailyQuota for the standard allowance, less to keep a reserve)
// and the same options.
//
// Bad arguments (nil rdb, empty key, limit below 1, a bad option) are
// reported by Err and by every call, as an error matching
// ErrInvalidArgument, before any request.
func NewQuota(rdb redis.UniversalClient, key string, limit int, opts ...Option) *Quota {
	s, err := newStore(rdb, "quota", key, opts)
	q := &Quota{s: s, limit: limit, share: s.opt.fallback, now: time.Now,
		settle: max(2*s.opt.retry, time.Second) + s.opt.timeout,
		field:  fmt.Sprintf("local:%016x", rand.Uint64())}
	if err == nil && limit < 1 {
		err = fmt.Errorf("daily limit must be >= 1, got %d", limit)
	}
	if err != nil {
		q.err = invalid("quota", err)
	}
	return q
}

// Err reports bad arguments given to NewQuota, or nil.
func (q *Quota) Err() error { return q.err }

// Limit returns the daily limit.
func (q *Quota) Limit() int { return q.limit }

// reserveScript first merges what the caller knows into the day's hash.
// Each hash carries an epoch (ARGV[11] when the script creates it), so a
// hash that Redis lost and made anew is told apart: a caller whose count
// (ARGV[7]) was read in another epoch (ARGV[8]) restores it as the hash's
// base, the highest count known from before the loss, on top of which
// every call counted since stands.
//
// The calls the caller admitted locally are added idempotently: it sends
// how many it admitted this day in all (ARGV[5]), and its field (ARGV[4],
// one per instance) records how many of them the count holds; only the
// difference is added. A run whose answer was lost, repeated by the next
// reservation or by the client's own retry, adds nothing the second time.
// A hash made anew has no field: it holds the calls the caller knew
// counted (ARGV[6]), which the restored count includes.
//
// A block the caller knows (ARGV[9], Unix ms) is restored. Local calls
// added or a count restored start or extend the settle time (ARGV[10] ms),
// in which nothing is admitted, so that other instances add theirs first.
// Then it counts one call unless the block is in force, the limit is
// reached or the fleet is settling. It returns {1 reserved, 0 refused or 2
// settling, used, blocked-until ms, settling-until ms, epoch, the caller's
// local calls in the count}.
var reserveScript = redis.NewScript(`
local limit, now, expire_at = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local field, admitted, counted = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local floor, floor_epoch = tonumber(ARGV[7]), ARGV[8]
local block, settle, new_epoch = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11]
local v = redis.call('HMGET', KEYS[1], 'used', 'blocked', 'settle', 'base', 'epoch', field)
local used, blocked, settling, base = tonumber(v[1] or '0'), tonumber(v[2] or '0'), tonumber(v[3] or '0'), tonumber(v[4] or '0')
local epoch = v[5]
local recorded = tonumber(v[6] or counted)
local wrote = false
if not epoch then
  epoch = new_epoch
  redis.call('HSET', KEYS[1], 'epoch', epoch)
  wrote = true
end
local restore = floor_epoch ~= '0' and floor_epoch ~= epoch and floor > base
local add = math.max(0, admitted - recorded)
if add > 0 or restore then
  if restore then
    used, base = used + floor - base, floor
  end
  used = used + add
  settling = math.max(settling, now + settle)
  redis.call('HSET', KEYS[1], 'used', used, 'base', base, 'settle', settling)
  if add > 0 then
    recorded = admitted
    redis.call('HSET', KEYS[1], field, recorded)
  end
  wrote = true
end
if block > blocked then
  blocked = block
  redis.call('HSET', KEYS[1], 'blocked', blocked)
  wrote = true
end
local ok = 0
if now < blocked or used >= limit then
  ok = 0
elseif now < settling then
  ok = 2
else
  used = redis.call('HINCRBY', KEYS[1], 'used', 1)
  ok, wrote = 1, true
end
if wrote then
  redis.call('PEXPIREAT', KEYS[1], expire_at)
end
return {ok, used, blocked, settling, tonumber(epoch), recorded}
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
// reset time the server gave (MarkSpent). While the fleet settles after an
// outage it waits (see Quota), or fails at once with an *UnavailableError
// matching context.DeadlineExceeded when the settle time ends after ctx's
// deadline. While Redis cannot be reached it fails with an
// *UnavailableError (the default), or admits the call within this
// instance's share of what the fleet had left (WithFallback).
//
// When the connection drops after Redis ran the script but before its
// answer arrived, the instance cannot know whether the call was counted,
// and errs on the safe side: the count may hold a call that is never sent
// (fail-fast: the call fails; the fleet loses one call of its quota), or
// hold it twice (WithFallback admits it locally, and the local calls are
// added later), and a client that retries the script itself (go-redis'
// MaxRetries, 3 by default) may count it twice. Each lost answer costs the
// fleet at most one call of its quota; the count never lacks a call that
// was sent. The calls admitted locally are never lost or counted twice
// this way: their add is idempotent (see WithFallback).
func (q *Quota) Reserve(ctx context.Context) (ok bool, resetsAt time.Time, err error) {
	if q.err != nil {
		return false, time.Time{}, q.err
	}
	for {
		now := q.now()
		day, key, midnight := q.day(now)
		admitted, counted, floor, epoch, block := q.begin(day)
		var res []int64
		err = q.s.run(ctx, func(ctx context.Context) error {
			v, err := reserveScript.Run(ctx, q.s.rdb, []string{key}, q.limit, now.UnixMilli(), midnight.UnixMilli(),
				q.field, admitted, counted, floor, epoch, block, q.settle.Milliseconds(), newEpoch()).Int64Slice()
			res = v
			return err
		})
		if err == nil && len(res) != 6 {
			err = fmt.Errorf("unexpected script answer %v", res)
		}
		if err != nil {
			// The local calls stay uncounted here, also when the run added
			// them and only its answer was lost: the next run sends the
			// same total, and the script adds only what the count lacks.
			// This call may have been counted (the safe side; see Reserve).
			if isCtxErr(ctx, err) {
				return false, time.Time{}, ctx.Err()
			}
			if q.share == 0 {
				return false, time.Time{}, q.s.unavailable(err)
			}
			return q.reserveLocal(day, now, midnight, err)
		}
		used, blocked, settling := res[1], res[2], time.UnixMilli(res[3])
		q.commit(day, used, blocked, res[4], res[5], !now.Before(settling))
		switch {
		case res[0] == 1:
			return true, time.Time{}, nil
		case res[0] == 2:
			if err := q.waitSettle(ctx, now, settling); err != nil {
				return false, time.Time{}, err
			}
		case blocked > now.UnixMilli():
			return false, time.UnixMilli(blocked), nil
		default:
			return false, midnight, nil
		}
	}
}

// waitSettle waits until the fleet has settled, or fails at once when that
// is past ctx's deadline.
func (q *Quota) waitSettle(ctx context.Context, now, until time.Time) error {
	d := until.Sub(now)
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return &UnavailableError{Op: q.s.op, Key: q.s.name, Err: context.DeadlineExceeded,
			Reason: fmt.Sprintf("the fleet settles its count after an outage until %s, past the context's deadline", until.Format(time.TimeOnly+".000"))}
	}
	return sleep(ctx, d)
}

// viewOf returns the view of day, starting it when day is later than the
// current one. It returns nil for an earlier day: a call that read the
// clock just before midnight after another had started the new day.
// q.mu is held.
func (q *Quota) viewOf(day autosys.Date) *view {
	switch {
	case day.After(q.v.day):
		q.v = view{day: day}
	case day.Before(q.v.day):
		return nil
	}
	return &q.v
}

// begin returns what a script run sends: the calls this instance admitted
// locally today and how many of them it knows counted, and the count,
// epoch and block it knows. Every run carries every local call not
// confirmed yet, so a goroutine whose run lands first adds them for all,
// and none spends on a count that lacks them.
func (q *Quota) begin(day autosys.Date) (admitted, counted, floor, epoch, block int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.viewOf(day)
	if v == nil {
		return 0, 0, 0, 0, 0
	}
	if !v.blocked.IsZero() {
		block = v.blocked.UnixMilli()
	}
	return v.admitted, v.counted, v.known, v.epoch, block
}

// commit records a script run's answer: recorded of this instance's local
// calls are in the count, and the count and block it read are known. A
// settled count (read outside a settle time) becomes the fallback's base.
func (q *Quota) commit(day autosys.Date, used, blocked, epoch, recorded int64, settled bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.viewOf(day)
	if v == nil {
		return
	}
	v.counted = min(max(v.counted, recorded), v.admitted)
	// A run in a new epoch restored this instance's count first, so used
	// is at least known.
	v.epoch = epoch
	q.observe(v, used, blocked, settled)
}

// observe records a count and a block read from Redis. q.mu is held.
func (q *Quota) observe(v *view, used, blocked int64, settled bool) {
	v.known = max(v.known, used)
	if b := time.UnixMilli(blocked); blocked > 0 && b.After(v.blocked) {
		v.blocked = b
	}
	if settled && (!v.seen || used > v.base) {
		// The count holds every local call confirmed so far; those not
		// confirmed are counted as not in it (the safe side).
		v.seen, v.base, v.since = true, used, v.uncounted()
	}
}

// allowance is how many calls this instance may admit while Redis is away:
// its share of what the fleet had left by the base count, rounded down so
// that n instances with a share of 1/n never add up to more than what was
// left.
func (q *Quota) allowance(base int64) int64 {
	left := int64(q.limit) - base
	if left <= 0 {
		return 0
	}
	// The tiny factor undoes float rounding (0.29 × 100 = 28.999…96).
	return int64(math.Floor(q.share * float64(left) * (1 + 1e-12)))
}

// reserveLocal admits or refuses one call while Redis is away.
func (q *Quota) reserveLocal(day autosys.Date, now, midnight time.Time, cause error) (bool, time.Time, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.viewOf(day)
	switch {
	case v != nil && now.Before(v.blocked):
		return false, v.blocked, nil
	case v == nil || !v.seen:
		return false, time.Time{}, q.s.refused(cause, fmt.Sprintf("no count read from Redis on %s (Oslo), so nothing is known of what the fleet has left", day))
	case max(v.known+v.uncounted(), v.base+v.since) >= int64(q.limit):
		return false, midnight, nil
	}
	if allow := q.allowance(v.base); v.since >= allow {
		return false, time.Time{}, q.s.refused(cause, fmt.Sprintf("this instance's share of what the fleet had left is spent (%d of %d: share %v of %d left when the count was %d of %d)",
			v.since, allow, q.share, int64(q.limit)-v.base, v.base, q.limit))
	}
	v.admitted++
	v.since++
	return true, time.Time{}, nil
}

// MarkSpent records a server answer saying the quota is spent until the
// given time, for every instance: Reserve refuses until then. A zero or
// past time, or one beyond the next Oslo midnight, means that midnight, when
// the day's key expires anyway. The block is also kept in this instance,
// which enforces it while Redis is away and restores it to a Redis that
// lost it.
func (q *Quota) MarkSpent(ctx context.Context, until time.Time) error {
	if q.err != nil {
		return q.err
	}
	now := q.now()
	day, key, midnight := q.day(now)
	if until.IsZero() || !until.After(now) || until.After(midnight) {
		until = midnight
	}
	q.mu.Lock()
	if v := q.viewOf(day); v != nil && until.After(v.blocked) {
		v.blocked = until
	}
	q.mu.Unlock()
	err := q.s.run(ctx, func(ctx context.Context) error {
		return markScript.Run(ctx, q.s.rdb, []string{key}, until.UnixMilli(), midnight.UnixMilli()).Err()
	})
	switch {
	case err == nil:
		return nil
	case isCtxErr(ctx, err):
		return ctx.Err()
	case q.share > 0:
		return nil // kept here, sent with the next reservation
	default:
		return q.s.unavailable(err)
	}
}

// Status returns today's count as this instance knows it: the shared count
// in Redis (or the highest count this instance read today, if Redis has
// lost it), plus the calls this instance admitted while Redis was away and
// has not yet added to it. Remaining is what is left for the fleet.
//
// While Redis cannot be reached, Status fails with an *UnavailableError,
// or, WithFallback, reports the last count this instance read plus its
// local calls, and as Remaining what this instance may still admit on its
// own (its share of what was left); with no count read today it fails.
func (q *Quota) Status(ctx context.Context) (autosys.QuotaStatus, error) {
	if q.err != nil {
		return autosys.QuotaStatus{}, q.err
	}
	now := q.now()
	day, key, midnight := q.day(now)
	var vals []any
	err := q.s.run(ctx, func(ctx context.Context) error {
		v, err := q.s.rdb.HMGet(ctx, key, "used", "blocked", "settle", "epoch").Result()
		vals = v
		return err
	})
	switch {
	case err == nil:
	case isCtxErr(ctx, err):
		return autosys.QuotaStatus{}, ctx.Err()
	case q.share == 0:
		return autosys.QuotaStatus{}, q.s.unavailable(err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.viewOf(day)
	if v == nil {
		v = &view{day: day}
	}
	var other int64 // a count read in another epoch than this instance's
	switch epoch := field(vals, 3); {
	case err == nil && epoch != 0 && v.epoch != 0 && epoch != v.epoch:
		// Redis lost the hash since this instance read its count: the
		// next Reserve restores it, so the count read here is shown but
		// not kept (kept, it would be restored on top of itself).
		other = field(vals, 0)
		q.observe(v, 0, field(vals, 1), false)
	case err == nil:
		q.observe(v, field(vals, 0), field(vals, 1), now.UnixMilli() >= field(vals, 2))
		if epoch != 0 {
			v.epoch = epoch
		}
	case !v.seen:
		return autosys.QuotaStatus{}, q.s.refused(err, fmt.Sprintf("no count read from Redis on %s (Oslo)", day))
	}
	used := max(v.known, other) + v.uncounted()
	used = max(used, v.base+v.since)
	st := autosys.QuotaStatus{Day: day, Limit: q.limit, Used: int(used), Remaining: max(0, q.limit-int(used)), ResetsAt: midnight}
	if err != nil {
		st.Remaining = min(st.Remaining, int(max(0, q.allowance(v.base)-v.since)))
	}
	if now.Before(v.blocked) {
		st.Remaining = 0
	}
	return st, nil
}

// newEpoch is the epoch a script run gives a hash it creates: a random
// number that Lua's doubles hold exactly.
func newEpoch() int64 { return 1 + rand.Int64N(1<<53-1) }

// field reads an integer from an HMGET answer; a missing field is 0.
func field(vals []any, i int) int64 {
	if i >= len(vals) {
		return 0
	}
	s, _ := vals[i].(string)
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
