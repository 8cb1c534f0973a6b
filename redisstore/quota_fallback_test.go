package redisstore_test

import (
	"context"
	"slices"
	"strings"
	"sync"
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

// outageOptions suit tests that cut Redis off with the proxy: a cut
// connection fails at once, so the timeout is only a safety net (patient;
// the tests set the settle time it would lengthen); every call tries
// Redis.
func outageOptions(more ...redisstore.Option) []redisstore.Option {
	return append([]redisstore.Option{patient, redisstore.WithRetryInterval(0)}, more...)
}

// fleetQuotas returns n counters on one key, each with its own connection
// through p, like n processes.
func fleetQuotas(t *testing.T, p *proxy, key string, n, limit int, opts ...redisstore.Option) []*redisstore.Quota {
	t.Helper()
	qs := make([]*redisstore.Quota, n)
	for i := range qs {
		qs[i] = redisstore.NewQuota(newClient(t, p.Addr()), key, limit, opts...)
		require.NoError(t, qs[i].Err())
	}
	return qs
}

// sharedCount reads today's count in Redis through a counter that knows
// nothing of its own.
func sharedCount(t *testing.T, addr, key string) int {
	t.Helper()
	st, err := redisstore.NewQuota(newClient(t, addr), key, 1, patient).Status(testCtx(t))
	require.NoError(t, err)
	return st.Used
}

// quotaKey is the Redis key of a quota's count on day d.
func quotaKey(key string, d autosys.Date) string { return "vegdata:quota:{" + key + "}:" + d.String() }

// reserveUntilRefused makes workers goroutines per counter call Reserve
// until each is refused, and returns the calls admitted per counter and
// the errors that ended the loops.
func reserveUntilRefused(ctx context.Context, qs []*redisstore.Quota, workers int) (admitted []int, errs []error) {
	admitted = make([]int, len(qs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, q := range qs {
		for range workers {
			wg.Go(func() {
				for {
					ok, _, err := q.Reserve(ctx)
					mu.Lock()
					if ok {
						admitted[i]++
					} else {
						errs = append(errs, err)
					}
					mu.Unlock()
					if !ok {
						return
					}
				}
			})
		}
	}
	wg.Wait()
	return admitted, errs
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Issue 21, case 9: four instances share a quota of 30 with a fallback
// share of 1/4 each; Redis goes away after 20 were counted. Each instance
// admits at most a quarter of what was left by the count it last read, so
// the fleet stays within 30; when Redis is back, the calls admitted
// locally join the shared count exactly once and the fleet spends only
// what is left, also when Redis comes back without its data. (Before, each
// instance started a fresh local allowance of 30/4 and the fleet sent 48.)
func TestQuotaFallbackFleetStaysWithinQuota(t *testing.T) {
	t.Parallel()
	const n = 4
	tests := []struct {
		name string
		// count brings the shared count to 20.
		count func(t *testing.T, qs []*redisstore.Quota)
		// local is what each instance admits on its own afterwards.
		local []int
	}{
		{
			// Instance i last read 17+i: a quarter of 13, 12, 11 and 10
			// left, rounded down: 3+3+2+2 = 10, exactly what was left.
			name: "each instance made one of the last four reservations",
			count: func(t *testing.T, qs []*redisstore.Quota) {
				for i := range 20 {
					ok, _, err := qs[i%n].Reserve(testCtx(t))
					require.NoError(t, err)
					require.True(t, ok)
				}
			},
			local: []int{3, 3, 2, 2},
		},
		{
			// Two goroutines per instance reserve in any order; then every
			// instance reads the count (a health check): all know 20.
			name: "concurrent, then every instance reads its status",
			count: func(t *testing.T, qs []*redisstore.Quota) {
				var tickets atomic.Int32
				var wg sync.WaitGroup
				for _, q := range qs {
					for range 2 {
						wg.Go(func() {
							for tickets.Add(1) <= 20 {
								ok, _, err := q.Reserve(testCtx(t))
								assert.NoError(t, err)
								assert.True(t, ok)
							}
						})
					}
				}
				wg.Wait()
				for _, q := range qs {
					st, err := q.Status(testCtx(t))
					require.NoError(t, err)
					require.Equal(t, 20, st.Used)
				}
			},
			local: []int{2, 2, 2, 2},
		},
	}
	for _, tt := range tests {
		for _, lost := range []bool{false, true} {
			name := tt.name + map[bool]string{false: ", Redis back with its data", true: ", Redis back without its data"}[lost]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				fallbackFleet(t, tt.count, tt.local, lost)
			})
		}
	}
}

// fallbackFleet runs four instances with a share of 1/4 of a quota of 30:
// count brings the shared count to 20, Redis goes away, each instance
// admits what it may (want: local), and Redis comes back, without its
// data when lost (a restart without persistence; each instance restores
// the count it read).
func fallbackFleet(t *testing.T, count func(*testing.T, []*redisstore.Quota), want []int, lost bool) {
	const quota, n = 30, 4
	_, addr := newRedis(t)
	p := newProxy(t, addr)
	ctx := testCtx(t)
	key := uniqueKey(t)
	qs := fleetQuotas(t, p, key, n, quota, outageOptions(redisstore.WithFallback(1.0/n))...)
	for _, q := range qs {
		// The instances' first reservations after the outage, launched
		// together (a round trip each, milliseconds apart), must all land
		// within it; the timeout, a safety net here, need not be in it.
		// The fleet waits it out once.
		redisstore.SetSettle(q, 500*time.Millisecond)
	}
	count(t, qs)
	require.Equal(t, 20, sharedCount(t, addr, key))

	p.set("down") // Redis killed
	local, errs := reserveUntilRefused(ctx, qs, 3)
	assert.Equal(t, want, local, "admitted by each instance while Redis was away")
	assert.LessOrEqual(t, 20+sum(local), quota, "the fleet stays within the quota")
	for _, err := range errs {
		var ue *redisstore.UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Contains(t, ue.Reason, "share of what the fleet had left is spent")
	}

	if lost {
		rdb := newClient(t, addr)
		require.NoError(t, rdb.Del(ctx, quotaKey(key, autosys.DateOf(time.Now().In(autosys.Oslo())))).Err())
	}
	p.set("up")
	after, errs := reserveUntilRefused(ctx, qs, 3)
	for _, err := range errs {
		assert.NoError(t, err, "refused because the quota is spent, not failed")
	}
	assert.Equal(t, quota-20-sum(local), sum(after), "only what was left is spent")
	assert.Equal(t, quota, sharedCount(t, addr, key), "every call counted once: none lost, none twice")
}

// Without a count read from Redis today (an instance started, or a day
// begun, while Redis is away) nothing is known of what the fleet has left,
// so even a share of 1 admits nothing: the call fails as fail-fast would,
// and nothing is sent. A block the instance knows refuses as a block.
func TestQuotaFallbackWithoutCountToday(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	dead := deadRedis(t)
	q := redisstore.NewQuota(dead, uniqueKey(t), 30, redisstore.WithFallback(1))
	today := autosys.DateOf(time.Now().In(autosys.Oslo()))

	ok, _, err := q.Reserve(ctx)
	assert.False(t, ok)
	var ue *redisstore.UnavailableError
	require.ErrorAs(t, err, &ue)
	require.ErrorIs(t, err, redisstore.ErrUnavailable)
	assert.Contains(t, ue.Reason, "no count read from Redis on "+today.String())
	_, err = q.Status(ctx)
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, ue.Reason, "no count read from Redis")

	srv := autosystest.NewServer()
	defer srv.Close()
	c, err := autosys.NewClient("test-key", autosys.WithBaseURL(srv.URL), autosys.WithQuota(q))
	require.NoError(t, err)
	_, err = c.LookupKjennemerke(ctx, "EK39085")
	require.ErrorIs(t, err, autosys.ErrUnavailable)
	assert.Empty(t, srv.Requests(), "nothing sent")

	require.NoError(t, q.MarkSpent(ctx, time.Time{}), "kept in the instance")
	ok, reset, err := q.Reserve(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, reset.Equal(autosys.NextOsloMidnight(time.Now())), "refused until %v", reset)
}

// The count belongs to an Oslo day. Across midnight with Redis away, the
// count read yesterday says nothing of today, so the fallback admits
// nothing; the calls admitted locally yesterday are not added to today's
// count when Redis is back (yesterday's quota is over).
func TestQuotaFallbackDayBoundary(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	p := newProxy(t, addr)
	ctx := testCtx(t)
	key := uniqueKey(t)
	// A running clock an hour before tomorrow's Oslo midnight (times in the
	// future, so Redis keeps keys that expire at those midnights).
	midnight := autosys.NextOsloMidnight(time.Now()).Add(24 * time.Hour)
	start := time.Now()
	var shift atomic.Int64
	clock := func() time.Time {
		return midnight.Add(-time.Hour + time.Since(start) + time.Duration(shift.Load()))
	}
	q := redisstore.NewQuota(newClient(t, p.Addr()), key, 30, outageOptions(redisstore.WithFallback(0.25))...)
	redisstore.SetClock(q, clock)
	yesterday := autosys.DateOf(clock().In(autosys.Oslo()))
	for range 20 {
		ok, _, err := q.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok)
	}

	p.set("down")
	for range 2 {
		ok, _, err := q.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok, "a quarter of the 10 left")
	}
	_, _, err := q.Reserve(ctx)
	require.ErrorIs(t, err, redisstore.ErrUnavailable)

	shift.Store(int64(time.Hour)) // past midnight
	today := autosys.DateOf(clock().In(autosys.Oslo()))
	require.Equal(t, yesterday.In(time.UTC).AddDate(0, 0, 1), today.In(time.UTC))
	ok, _, err := q.Reserve(ctx)
	assert.False(t, ok)
	var ue *redisstore.UnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, ue.Reason, "no count read from Redis on "+today.String())

	p.set("up")
	ok, _, err = q.Reserve(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	st, err := q.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, autosys.QuotaStatus{Day: today, Limit: 30, Used: 1, Remaining: 29, ResetsAt: autosys.NextOsloMidnight(clock())}, st)
	rdb := newClient(t, addr)
	for day, want := range map[autosys.Date]string{yesterday: "20", today: "1"} {
		got, err := rdb.HGet(ctx, quotaKey(key, day), "used").Result()
		require.NoError(t, err)
		assert.Equal(t, want, got, "count of %s", day)
	}
}

// A Redis restart without persistence loses the day's count (here: the
// key deleted). Each instance's next reservation restores the highest count
// it read, and Redis admits nothing while the fleet settles, so the
// instances that call meanwhile all restore before anyone spends: the
// count comes back with nothing lost. A block one instance knows is
// restored by its next reservation.
func TestQuotaRestoresLostCount(t *testing.T) {
	t.Parallel()
	_, addr := newRedis(t)
	ctx := testCtx(t)
	rdb := newClient(t, addr)
	day := autosys.DateOf(time.Now().In(autosys.Oslo()))

	t.Run("count", func(t *testing.T) {
		t.Parallel()
		key := uniqueKey(t)
		a := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		b := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		for _, q := range []*redisstore.Quota{a, b} {
			// Past the deadline of a's first reservation below (500 ms, a
			// safety net for its round trip): the refusal does not hang
			// on how long the round trip took. The calls after it wait
			// the settle time out.
			redisstore.SetSettle(q, 600*time.Millisecond)
		}
		for i := range 15 {
			q := a
			if i >= 10 {
				q = b
			}
			ok, _, err := q.Reserve(ctx)
			require.NoError(t, err)
			require.True(t, ok)
		}
		// a read 10, b read 15.
		require.NoError(t, rdb.Del(ctx, quotaKey(key, day)).Err())

		short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		ok, _, err := a.Reserve(short)
		assert.False(t, ok)
		require.ErrorIs(t, err, redisstore.ErrUnavailable)
		require.ErrorIs(t, err, context.DeadlineExceeded, "the settle time ends after the deadline")
		var ue *redisstore.UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Contains(t, ue.Reason, "the fleet settles its count after an outage until")
		assert.NoError(t, short.Err(), "refused at once, not at the deadline")
		assert.Equal(t, 10, sharedCount(t, addr, key), "a restored what it read")

		var wg sync.WaitGroup
		for _, q := range []*redisstore.Quota{a, b} {
			wg.Go(func() {
				ok, _, err := q.Reserve(ctx)
				assert.NoError(t, err)
				assert.True(t, ok)
			})
		}
		wg.Wait()
		assert.Equal(t, 15+2, sharedCount(t, addr, key), "the 15 before the loss and one call each")
		late := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		ok, _, err = late.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, 18, sharedCount(t, addr, key))
	})

	t.Run("status read after the loss", func(t *testing.T) {
		t.Parallel()
		key := uniqueKey(t)
		a := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		b := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		for _, q := range []*redisstore.Quota{a, b} {
			redisstore.SetSettle(q, 200*time.Millisecond) // the outcome does not hang on it
		}
		for range 20 {
			ok, _, err := a.Reserve(ctx)
			require.NoError(t, err)
			require.True(t, ok)
		}
		_, err := b.Status(ctx) // both read 20
		require.NoError(t, err)
		require.NoError(t, rdb.Del(ctx, quotaKey(key, day)).Err())
		ok, _, err := b.Reserve(ctx) // restores 20, settles, counts its call
		require.NoError(t, err)
		require.True(t, ok)
		st, err := a.Status(ctx)
		require.NoError(t, err)
		assert.Equal(t, 21, st.Used)
		ok, _, err = a.Reserve(ctx)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, 22, sharedCount(t, addr, key), "a's 20 were restored already: not counted twice")
	})

	// The instance's local calls joined the count before it was lost: the
	// count it restores holds them, so they are not added again (the new
	// hash has no record of them; the instance says how many it knows
	// counted).
	t.Run("local calls counted before the loss", func(t *testing.T) {
		t.Parallel()
		key := uniqueKey(t)
		p := newProxy(t, addr)
		q := redisstore.NewQuota(newClient(t, p.Addr()), key, 30, outageOptions(redisstore.WithFallback(0.5))...)
		redisstore.SetSettle(q, 100*time.Millisecond)
		for range 10 {
			ok, _, err := q.Reserve(ctx)
			require.NoError(t, err)
			require.True(t, ok)
		}
		p.set("down")
		for range 3 {
			ok, _, err := q.Reserve(ctx)
			require.NoError(t, err)
			require.True(t, ok)
		}
		p.set("up")
		ok, _, err := q.Reserve(ctx) // adds the 3, settles, counts its call
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, 14, sharedCount(t, addr, key))
		require.NoError(t, rdb.Del(ctx, quotaKey(key, day)).Err())
		ok, _, err = q.Reserve(ctx) // restores 14, settles, counts its call
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, 15, sharedCount(t, addr, key), "the 3 local calls are in the 14 restored: not added again")
	})

	t.Run("block", func(t *testing.T) {
		t.Parallel()
		key := uniqueKey(t)
		a := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		b := redisstore.NewQuota(newClient(t, addr), key, 30, patient)
		// Halfway to the Oslo midnight, not an hour on: MarkSpent ends a
		// block at the day's midnight at the latest, so an hour on failed
		// this test when it ran in the day's last hour.
		now := time.Now()
		until := now.Add(autosys.NextOsloMidnight(now).Sub(now) / 2).Truncate(time.Millisecond)
		require.NoError(t, a.MarkSpent(ctx, until))
		require.NoError(t, rdb.Del(ctx, quotaKey(key, day)).Err())
		ok, _, err := b.Reserve(ctx)
		require.NoError(t, err)
		assert.True(t, ok, "b never saw the block; Redis lost it")
		for _, q := range []*redisstore.Quota{a, b} {
			ok, reset, err := q.Reserve(ctx)
			require.NoError(t, err)
			assert.False(t, ok)
			assert.True(t, until.Equal(reset), "refused until %v, want %v", reset, until)
		}
	})
}

// Within one process: many goroutines share the instance's fallback share
// exactly. When Redis is back, the first reservation adds the 5 calls
// admitted locally (count 15) and waits for the fleet to settle; then the
// connection drops at one exact moment (the proxy cuts after Redis ran
// that script):
//   - after the answer arrived, Redis gone again until after the settle
//     time: the instance keeps counting against the share of its outage
//     instead of starting a new one from a count read while the fleet
//     settled, which may lack other instances' calls;
//   - before the answer arrived (Redis counted the 5, the instance did not
//     hear so), and the next reservation, or go-redis' own retry, runs the
//     script again: the add is idempotent, the 5 are not counted twice.
//
// In every case each call is counted once: 30 in the end, and the day's
// hash holds one field for the instance's local calls.
func TestQuotaFallbackConcurrentAndFlapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		deliver bool // the answer to the add reaches the instance
		retries int  // go-redis MaxRetries
		// reserved says whether the reservation that adds the 5 ends
		// admitted; if not, it fails with the fallback's share spent.
		reserved bool
	}{
		{name: "answer delivered, Redis gone again while the fleet settles", deliver: true, retries: -1},
		{name: "answer lost, the next reservation repeats the add", retries: -1},
		{name: "answer lost, the client retries the script", retries: 3, reserved: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, addr := newRedis(t)
			p := newProxy(t, addr)
			ctx := testCtx(t)
			key := uniqueKey(t)
			rdb := redis.NewClient(&redis.Options{Addr: p.Addr(), ContextTimeoutEnabled: true, MaxRetries: tt.retries,
				MinRetryBackoff: time.Millisecond, MaxRetryBackoff: time.Millisecond})
			t.Cleanup(func() { _ = rdb.Close() })
			q := redisstore.NewQuota(rdb, key, 30, outageOptions(redisstore.WithFallback(0.25))...)
			redisstore.SetSettle(q, 200*time.Millisecond) // one instance: nobody else to wait for
			for range 10 {
				ok, _, err := q.Reserve(ctx)
				require.NoError(t, err)
				require.True(t, ok)
			}

			p.set("down")
			admitted, errs := reserveUntilRefused(ctx, []*redisstore.Quota{q}, 16)
			require.Equal(t, []int{5}, admitted, "a quarter of the 20 left, shared by 16 goroutines")
			require.Len(t, errs, 16)
			for _, err := range errs {
				require.ErrorIs(t, err, redisstore.ErrUnavailable)
			}

			p.set("up")
			cut := p.cutAtScript(tt.deliver)
			ok, _, err := q.Reserve(ctx) // adds the 5
			// The proxy marks the cut made just after it closed the
			// connection, and the reservation may return on that EOF first:
			// wait for the mark (a safety net bounds the wait).
			select {
			case <-cut:
			case <-time.After(10 * time.Second):
				t.Fatal("the reservation ran no script through the proxy")
			}
			late := 0
			if tt.reserved {
				require.NoError(t, err)
				require.True(t, ok)
				late = 1
			} else {
				assert.False(t, ok)
				var ue *redisstore.UnavailableError
				require.ErrorAs(t, err, &ue)
				assert.Contains(t, ue.Reason, "share of what the fleet had left is spent (5 of 5")
				assert.Equal(t, 15, sharedCount(t, addr, key), "the 5 counted once")
			}

			p.set("up")
			after, errs := reserveUntilRefused(ctx, []*redisstore.Quota{q}, 4)
			for _, err := range errs {
				assert.NoError(t, err, "refused because the quota is spent, not failed")
			}
			assert.Equal(t, 30-15, late+sum(after), "what was left after the 10 and the 5 local calls")
			assert.Equal(t, 30, sharedCount(t, addr, key))
			assert.Equal(t, []string{"5"}, localFields(t, addr, key), "one field for the instance's local calls")
		})
	}
}

// localFields returns the values of the fields that record instances'
// local calls in today's hash.
func localFields(t *testing.T, addr, key string) []string {
	t.Helper()
	h, err := newClient(t, addr).HGetAll(testCtx(t), quotaKey(key, autosys.DateOf(time.Now().In(autosys.Oslo())))).Result()
	require.NoError(t, err)
	var out []string
	for k, v := range h {
		if strings.HasPrefix(k, "local:") {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}
