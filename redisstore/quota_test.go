package redisstore_test

import (
	"context"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/redisstore"
)

func TestQuotaRefusesBadArguments(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: deadAddr(t)})
	defer rdb.Close()
	tests := []struct {
		name  string
		rdb   redis.UniversalClient
		key   string
		limit int
		opts  []redisstore.Option
		want  string
	}{
		{"nil client", nil, "k", 1, nil, "nil redis client"},
		{"empty key", rdb, "", 1, nil, "empty key"},
		{"zero limit", rdb, "k", 0, nil, "daily limit must be >= 1"},
		{"bad fallback", rdb, "k", 1, []redisstore.Option{redisstore.WithFallback(-1)}, "share"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := redisstore.NewQuota(tt.rdb, tt.key, tt.limit, tt.opts...)
			require.ErrorIs(t, q.Err(), redisstore.ErrInvalidArgument)
			assert.Contains(t, q.Err().Error(), tt.want)
			ctx := context.Background()
			_, _, err := q.Reserve(ctx)
			assert.Equal(t, q.Err(), err)
			assert.Equal(t, q.Err(), q.MarkSpent(ctx, time.Time{}))
			_, err = q.Status(ctx)
			assert.Equal(t, q.Err(), err)
			_, err = autosys.NewClient("k", autosys.WithQuota(q))
			require.NoError(t, err, "the client takes it; its first lookup fails")
		})
	}
}

// Two counters with their own connections and the same key reserve from one
// daily count; the refusal lasts until the next Oslo midnight, when the
// day's key expires.
func TestQuotaSharesOneDailyCount(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	key := uniqueKey(t)
	a := redisstore.NewQuota(newClient(t, addr), key, 3, patient)
	b := redisstore.NewQuota(newClient(t, addr), key, 3, patient)
	for i, q := range []*redisstore.Quota{a, b, a} {
		ok, _, err := q.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok, "reservation %d", i+1)
	}
	for _, q := range []*redisstore.Quota{a, b} {
		ok, reset, err := q.Reserve(ctx)
		require.NoError(t, err)
		assert.False(t, ok)
		assert.True(t, reset.Equal(autosys.NextOsloMidnight(time.Now())), "resets %v", reset)
	}
	st, err := b.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, autosys.QuotaStatus{Day: autosys.DateOf(time.Now().In(autosys.Oslo())), Limit: 3, Used: 3, Remaining: 0,
		ResetsAt: autosys.NextOsloMidnight(time.Now())}, st)
	assert.Equal(t, 3, b.Limit())

	// The key expires at the next Oslo midnight.
	rdb := newClient(t, addr)
	keys, err := rdb.Keys(ctx, "vegdata:quota:{"+key+"}:*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, "vegdata:quota:{"+key+"}:"+st.Day.String(), keys[0])
	ttl, err := rdb.PTTL(ctx, keys[0]).Result()
	require.NoError(t, err)
	assert.InDelta(t, time.Until(st.ResetsAt).Seconds(), ttl.Seconds(), 5)
}

// A server answer that the quota is spent, given to one instance, blocks
// every instance until the time it gave; the time is capped at midnight.
func TestQuotaMarkSpentBlocksEveryInstance(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	key := uniqueKey(t)
	a := redisstore.NewQuota(newClient(t, addr), key, 100, patient)
	b := redisstore.NewQuota(newClient(t, addr), key, 100, patient, redisstore.WithPrefix("vegdata:"))
	midnight := autosys.NextOsloMidnight(time.Now())
	tests := []struct {
		name  string
		until time.Time
		want  time.Time
	}{
		{"zero time means midnight", time.Time{}, midnight},
		{"past time means midnight", time.Now().Add(-time.Hour), midnight},
		{"beyond midnight is capped", midnight.Add(48 * time.Hour), midnight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k := uniqueKey(t)
			a := redisstore.NewQuota(newClient(t, addr), k, 100, patient)
			b := redisstore.NewQuota(newClient(t, addr), k, 100, patient)
			require.NoError(t, a.MarkSpent(ctx, tt.until))
			ok, reset, err := b.Reserve(ctx)
			require.NoError(t, err)
			assert.False(t, ok)
			assert.True(t, tt.want.Equal(reset), "reset %v, want %v", reset, tt.want)
		})
	}

	// A block ending in a moment, then lifted: counting resumes. On a clock
	// the test moves, so that a loaded machine cannot let the moment pass
	// early (a past time would mean midnight).
	var now atomic.Int64
	now.Store(time.Now().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	redisstore.SetClock(a, clock)
	redisstore.SetClock(b, clock)
	until := clock().Add(500 * time.Millisecond).Truncate(time.Millisecond)
	require.NoError(t, a.MarkSpent(ctx, until))
	ok, reset, err := b.Reserve(ctx)
	require.NoError(t, err)
	require.False(t, ok)
	assert.True(t, until.Equal(reset), "reset %v, want %v", reset, until)
	st, err := b.Status(ctx)
	require.NoError(t, err)
	assert.Zero(t, st.Remaining)
	assert.Zero(t, st.Used, "a refusal is not a call")
	require.NoError(t, a.MarkSpent(ctx, until.Add(-400*time.Millisecond)), "an earlier time does not shorten the block")
	_, reset, err = b.Reserve(ctx)
	require.NoError(t, err)
	assert.True(t, until.Equal(reset), "reset %v, want %v", reset, until)
	now.Store(until.Add(10 * time.Millisecond).UnixNano())
	ok, _, err = b.Reserve(ctx)
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestQuotaWhenRedisIsAway(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	p := newProxy(t, addr)
	rdb := redis.NewClient(&redis.Options{Addr: p.Addr(), ContextTimeoutEnabled: true, MaxRetries: -1})
	defer rdb.Close()
	key := uniqueKey(t)
	up := redisstore.NewQuota(rdb, key, 10, patient)
	fallback := redisstore.NewQuota(rdb, key, 10, patient, redisstore.WithFallback(0.25), redisstore.WithRetryInterval(0))
	redisstore.SetSettle(fallback, 50*time.Millisecond) // one instance: nobody else to wait for
	for _, q := range []*redisstore.Quota{up, fallback} {
		ok, _, err := q.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok)
	}

	// A black hole: fail-fast instances used only while it lasts, so their
	// short timeout is what they wait (three times here), never an answer
	// a loaded machine delays. They have a client of their own: go-redis
	// finishes a dial its caller gave up on and pools the connection,
	// which the proxy closes later; the fallback below, whose client
	// retries nothing, must not draw it once Redis is back.
	p.set("hole")
	holeRdb := redis.NewClient(&redis.Options{Addr: p.Addr(), ContextTimeoutEnabled: true, MaxRetries: -1})
	defer holeRdb.Close()
	short := redisstore.WithTimeout(50 * time.Millisecond)
	failFast := redisstore.NewQuota(holeRdb, key, 10, short, redisstore.WithRetryInterval(0))
	call, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, _, err := failFast.Reserve(call)
	var ue *redisstore.UnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "quota", ue.Op)
	assert.Empty(t, ue.Reason)
	require.ErrorIs(t, err, redisstore.ErrUnavailable)
	// On a key of its own: the block it reports is kept in the instance and
	// would refuse the calls below.
	require.ErrorIs(t, redisstore.NewQuota(holeRdb, key+":other", 10, short).MarkSpent(call, time.Time{}), redisstore.ErrUnavailable)
	_, err = failFast.Status(call)
	require.ErrorIs(t, err, redisstore.ErrUnavailable)
	require.NoError(t, call.Err(), "each returned within the quota's timeout, not the caller's")

	// Refused connections fail at once: the fallback's patient timeout is
	// never waited for. It read 2 of 10: its share is a quarter of the 8
	// left.
	p.set("down")
	for range 2 {
		ok, _, err := fallback.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok)
	}
	ok, _, err := fallback.Reserve(ctx)
	require.ErrorAs(t, err, &ue, "beyond its share the fallback fails as fail-fast would")
	assert.False(t, ok)
	assert.Contains(t, ue.Reason, "share of what the fleet had left is spent (2 of 2: share 0.25 of 8 left when the count was 2 of 10)")
	st, err := fallback.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, 10, st.Limit, "the fleet's limit")
	assert.Equal(t, 2+2, st.Used, "the last count read and the calls admitted since")
	assert.Zero(t, st.Remaining, "nothing left of the share")

	// Back: the two calls admitted locally join the shared count once, after
	// the fleet settled.
	p.set("up")
	ok, _, err = fallback.Reserve(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	st, err = up.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2+2+1, st.Used)
	assert.Equal(t, 10, st.Limit)
	assert.Equal(t, 5, st.Remaining)
}

// Through autosys: clients with their own Quota instances on one key send
// exactly the limit, then refuse locally; a lookup whose counter cannot
// reach Redis sends nothing.
func TestAutosysClientsShareQuota(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	srv := autosystest.NewServer()
	defer srv.Close()
	ctx := testCtx(t)
	key := uniqueKey(t)
	newAutosys := func(q autosys.QuotaCounter) *autosys.Client {
		c, err := autosys.NewClient("test-key", autosys.WithBaseURL(srv.URL), autosys.WithQuota(q), autosys.WithRateLimit(math.Inf(1), 1))
		require.NoError(t, err)
		assert.Nil(t, c.Quota(), "no local counter")
		return c
	}
	a := newAutosys(redisstore.NewQuota(newClient(t, addr), key, 3, patient))
	b := newAutosys(redisstore.NewQuota(newClient(t, addr), key, 3, patient))
	for _, c := range []*autosys.Client{a, b, a} {
		_, err := c.LookupKjennemerke(ctx, "EK39085")
		require.NoError(t, err)
	}
	for _, c := range []*autosys.Client{a, b} {
		_, err := c.LookupKjennemerke(ctx, "EK39085")
		require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
		var ae *autosys.APIError
		require.ErrorAs(t, err, &ae)
		assert.Zero(t, ae.StatusCode)
		assert.Contains(t, err.Error(), "refused locally: 3 calls counted today against a daily quota of 3")
		assert.True(t, ae.RetryAt.Equal(autosys.NextOsloMidnight(time.Now())))
	}
	assert.Equal(t, 3, len(srv.Requests()))

	dead := deadRedis(t)
	c := newAutosys(redisstore.NewQuota(dead, key, 3))
	_, err := c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, autosys.ErrUnavailable)
	var ue *redisstore.UnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 3, len(srv.Requests()), "nothing sent")
}

// The server's quota answer reaches every instance through Redis, and
// retries count against the shared quota.
func TestAutosysServerQuotaAnswerReachesFleet(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	srv := autosystest.NewServer(autosystest.WithDailyQuota(2))
	defer srv.Close()
	ctx := testCtx(t)
	key := uniqueKey(t)
	qa := redisstore.NewQuota(newClient(t, addr), key, 100, patient)
	qb := redisstore.NewQuota(newClient(t, addr), key, 100, patient)
	a, err := autosys.NewClient("test-key", autosys.WithBaseURL(srv.URL), autosys.WithQuota(qa), autosys.WithRateLimit(math.Inf(1), 1),
		autosys.WithRetry(autosys.RetryPolicy{MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	require.NoError(t, err)
	b, err := autosys.NewClient("test-key", autosys.WithBaseURL(srv.URL), autosys.WithQuota(qb), autosys.WithRateLimit(math.Inf(1), 1))
	require.NoError(t, err)

	srv.Script(autosystest.Fault{Status: 503}) // the retry is a call too
	_, err = a.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	st, err := qb.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, st.Used, "the first attempt and its retry")

	_, err = b.LookupKjennemerke(ctx, "EK39085")
	require.NoError(t, err)
	_, err = a.LookupKjennemerke(ctx, "EK39085") // the server's quota of 2 is spent
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 422, ae.StatusCode)
	sent := len(srv.Requests())
	_, err = b.LookupKjennemerke(ctx, "BE12335")
	require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
	assert.Contains(t, err.Error(), "refused locally: the server reported the daily quota of this key spent")
	assert.Equal(t, sent, len(srv.Requests()), "the other instance sent nothing")
}
