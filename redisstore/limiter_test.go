package redisstore_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/redisstore"
)

func TestLimiterRefusesBadArguments(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: deadAddr(t)})
	defer rdb.Close()
	tests := []struct {
		name      string
		rdb       redis.UniversalClient
		key       string
		perSecond float64
		burst     int
		opts      []redisstore.Option
		want      string
	}{
		{"nil client", nil, "k", 1, 1, nil, "nil redis client"},
		{"empty key", rdb, " ", 1, 1, nil, "empty key"},
		{"zero rate", rdb, "k", 0, 1, nil, "rate must be"},
		{"NaN rate", rdb, "k", math.NaN(), 1, nil, "rate must be"},
		{"infinite rate", rdb, "k", math.Inf(1), 1, nil, "rate must be"},
		{"zero burst", rdb, "k", 1, 0, nil, "burst must be"},
		{"fallback share above 1", rdb, "k", 1, 1, []redisstore.Option{redisstore.WithFallback(1.5)}, "share"},
		{"fallback share 0", rdb, "k", 1, 1, []redisstore.Option{redisstore.WithFallback(0)}, "share"},
		{"zero timeout", rdb, "k", 1, 1, []redisstore.Option{redisstore.WithTimeout(0)}, "timeout"},
		{"negative retry interval", rdb, "k", 1, 1, []redisstore.Option{redisstore.WithRetryInterval(-time.Second)}, "retry interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := redisstore.NewLimiter(tt.rdb, tt.key, tt.perSecond, tt.burst, tt.opts...)
			require.ErrorIs(t, l.Err(), redisstore.ErrInvalidArgument)
			assert.Contains(t, l.Err().Error(), tt.want)
			err := l.Wait(context.Background())
			assert.Equal(t, l.Err(), err, "every Wait reports it, before any request")
		})
	}
	assert.NoError(t, redisstore.NewLimiter(rdb, "k", 0.5, 1, nil, redisstore.WithFallback(1)).Err())
}

// Two limiters with their own connections and the same key take slots from
// one bucket; another key has its own.
func TestLimiterSharesOneBucketPerKey(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	key := uniqueKey(t)
	// One slot per 10 s after a burst of 3: the fourth Wait cannot succeed
	// within any of the deadlines below.
	a := redisstore.NewLimiter(newClient(t, addr), key, 0.1, 3, patient)
	b := redisstore.NewLimiter(newClient(t, addr), key, 0.1, 3, patient)
	other := redisstore.NewLimiter(newClient(t, addr), key+":other", 0.1, 3, patient)
	require.NoError(t, a.Wait(ctx))
	require.NoError(t, b.Wait(ctx))
	require.NoError(t, a.Wait(ctx))

	short, cancel := context.WithTimeout(ctx, 5*time.Second) // the next slot is 10 s away
	defer cancel()
	err := b.Wait(short)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the shared burst is spent")
	assert.NoError(t, short.Err(), "a slot beyond the deadline is refused at once, not waited for")
	assert.Contains(t, err.Error(), "past the context's deadline")

	for range 3 {
		require.NoError(t, other.Wait(short), "another key has its own bucket")
	}
	require.NoError(t, a.Reset(ctx))
	require.NoError(t, b.Wait(short), "Reset empties the bucket")
}

func TestLimiterWaitHonoursContext(t *testing.T) {
	t.Parallel()
	rdb, _ := newRedis(t)
	l := redisstore.NewLimiter(rdb, uniqueKey(t), 0.1, 1, patient)
	ctx := testCtx(t)
	require.NoError(t, l.Wait(ctx))

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, l.Wait(canceled), context.Canceled)

	// Without a deadline the Wait sleeps until the slot, or until cancel.
	c2, cancel2 := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- l.Wait(c2) }()
	time.Sleep(50 * time.Millisecond)
	cancel2()
	assert.ErrorIs(t, <-done, context.Canceled)
}

// The shared bucket paces: n Waits after the first take at least n-1
// emission intervals, whoever makes them.
func TestLimiterPaces(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	key := uniqueKey(t)
	ls := []*redisstore.Limiter{
		redisstore.NewLimiter(newClient(t, addr), key, 50, 1, patient),
		redisstore.NewLimiter(newClient(t, addr), key, 50, 1, patient),
	}
	ctx := testCtx(t)
	start := time.Now()
	for i := range 11 {
		require.NoError(t, ls[i%2].Wait(ctx))
	}
	// 10 intervals of 20 ms on the Redis clock; a little slack for the
	// round trips that bracket the measurement.
	assert.GreaterOrEqual(t, time.Since(start), 190*time.Millisecond)
}

func TestLimiterWhenRedisIsAway(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	tests := []struct {
		name string
		mode string // proxy mode during the outage
		opts redis.Options
	}{
		{"refused", "down", redis.Options{ContextTimeoutEnabled: true}},
		{"black hole, context deadlines on sockets", "hole", redis.Options{ContextTimeoutEnabled: true}},
		// go-redis ignores context deadlines on sockets by default (and
		// retries 3 times with a 3 s read timeout): the limiter's own guard
		// must still return after its timeout.
		{"black hole, go-redis defaults", "hole", redis.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProxy(t, addr)
			o := tt.opts
			o.Addr = p.Addr()
			rdb := redis.NewClient(&o)
			defer rdb.Close()
			key := uniqueKey(t)
			up := redisstore.NewLimiter(rdb, key, 1000, 1, patient)
			require.NoError(t, up.Wait(ctx), "Redis answers through the proxy")

			p.set(tt.mode)
			// Used only while Redis is away: their short timeout is what
			// they wait (four times here), never an answer that a loaded
			// machine delays.
			timeout := redisstore.WithTimeout(50 * time.Millisecond)
			failFast := redisstore.NewLimiter(rdb, key, 1000, 1, timeout, redisstore.WithRetryInterval(time.Hour))
			fallback := redisstore.NewLimiter(rdb, key, 1000, 1, timeout, redisstore.WithFallback(0.5), redisstore.WithRetryInterval(0))
			call, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			err := failFast.Wait(call)
			require.ErrorIs(t, err, redisstore.ErrUnavailable)
			require.ErrorIs(t, err, vegdata.ErrUnavailable)
			var ue *redisstore.UnavailableError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, "limiter", ue.Op)
			assert.Equal(t, key, ue.Key)
			assert.Error(t, ue.Err)
			require.NoError(t, call.Err(), "returned within the limiter's timeout, not the caller's")
			// Within the retry interval Redis is not tried again.
			err = failFast.Wait(call)
			require.ErrorAs(t, err, &ue)
			assert.NoError(t, ue.Err)
			assert.Contains(t, err.Error(), "failed within the last retry interval")

			for range 3 {
				require.NoError(t, fallback.Wait(call), "the fallback paces locally")
			}
			require.NoError(t, call.Err())

			p.set("up")
			require.NoError(t, up.Wait(ctx), "Redis answers again through the same client")
		})
	}
}

// WithFallback paces at its share of the rate while Redis is away.
func TestLimiterFallbackPacesAtShare(t *testing.T) {
	t.Parallel()
	rdb := deadRedis(t)
	l := redisstore.NewLimiter(rdb, "k", 100, 1, redisstore.WithFallback(0.5))
	ctx := testCtx(t)
	start := time.Now()
	for range 11 {
		require.NoError(t, l.Wait(ctx))
	}
	assert.GreaterOrEqual(t, time.Since(start), 190*time.Millisecond, "10 intervals of 1/50 s")
}

func TestUnavailableErrorUnwraps(t *testing.T) {
	t.Parallel()
	cause := errors.New("dial tcp: connection refused")
	err := error(&redisstore.UnavailableError{Op: "quota", Key: "autosys:x", Err: cause})
	assert.ErrorIs(t, err, cause)
	assert.ErrorIs(t, err, vegdata.ErrUnavailable)
	assert.Equal(t, `redisstore: quota "autosys:x": redis unavailable: dial tcp: connection refused`, err.Error())
}

func TestKeyForAPIKey(t *testing.T) {
	t.Parallel()
	k := redisstore.KeyForAPIKey("autosys", "secret-api-key")
	assert.Regexp(t, `^autosys:[0-9a-f]{16}$`, k)
	assert.NotContains(t, k, "secret")
	assert.Equal(t, k, redisstore.KeyForAPIKey("autosys", "secret-api-key"))
	assert.NotEqual(t, k, redisstore.KeyForAPIKey("autosys", "other-key"))
}
