package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/redisstore"
)

// The fleet tests re-execute the test binary: with FLEET_ROLE set, the
// process is one instance of a fleet (its own clients, its own Redis
// connection), does its work, prints a JSON report and exits.
func TestMain(m *testing.M) {
	redis.SetLogger(quietLogger{}) // go-redis logs every failed dial
	switch role := os.Getenv("FLEET_ROLE"); role {
	case "":
	case outageRole:
		runOutageInstance()
		os.Exit(0)
	default:
		rep := runInstance(role)
		_ = json.NewEncoder(os.Stdout).Encode(rep)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// report is what one instance tells the parent.
type report struct {
	OK          int // calls answered
	RateLimited int // calls refused with 429
	QuotaLocal  int // calls refused locally with ErrQuotaExceeded
	Unavailable int // calls failed because Redis was away (nothing sent)
	// UnavailableUntyped counts such failures whose error lost its type.
	UnavailableUntyped int
	Other              []string // any other error
	MaxCall            float64  // the slowest call, in seconds
	First, Last        int64    // Unix µs of the first and last answered call
	// Sent holds the Unix µs at which the shared limiter let each request go.
	Sent []int64
}

// grantLog records when a limiter lets a request go.
type grantLog struct {
	inner vegdata.Limiter
	mu    sync.Mutex
	at    []int64
}

func (g *grantLog) Wait(ctx context.Context) error {
	if err := g.inner.Wait(ctx); err != nil {
		return err
	}
	g.mu.Lock()
	g.at = append(g.at, time.Now().UnixMicro())
	g.mu.Unlock()
	return nil
}

// peakPerSecond is the largest number of times within any one second.
func peakPerSecond(at []int64) int {
	slices.Sort(at)
	p, j := 0, 0
	for i := range at {
		for j < len(at) && at[j]-at[i] < int64(time.Second/time.Microsecond) {
			j++
		}
		p = max(p, j-i)
	}
	return p
}

// Limits of the fleet tests: NVDB's 40 requests per second per X-Client,
// paced by the fleet at fleetRate.
const (
	nvdbLimit  = 40
	fleetRate  = 38
	fleetBurst = 2
	// fleetWorkers is the number of goroutines calling in each instance.
	fleetWorkers = 4
)

func runInstance(role string) (rep report) {
	env := func(k string) string { return os.Getenv("FLEET_" + k) }
	rdb := redis.NewClient(&redis.Options{Addr: env("REDIS"), ContextTimeoutEnabled: true})
	defer rdb.Close()
	start, _ := strconv.ParseInt(env("START"), 10, 64)
	end, _ := strconv.ParseInt(env("END"), 10, 64)
	ctx, cancel := context.WithDeadline(context.Background(), time.UnixMilli(end))
	defer cancel()
	time.Sleep(time.Until(time.UnixMilli(start)))

	var opts []redisstore.Option
	if share, err := strconv.ParseFloat(env("FALLBACK"), 64); err == nil {
		opts = append(opts, redisstore.WithFallback(share))
	}
	var mu sync.Mutex
	record := func(err error, took time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		rep.MaxCall = math.Max(rep.MaxCall, took.Seconds())
		var ue *redisstore.UnavailableError
		switch {
		case err == nil:
			rep.OK++
			now := time.Now().UnixMicro()
			if rep.First == 0 {
				rep.First = now
			}
			rep.Last = now
		case errors.Is(err, vegdata.ErrRateLimited):
			rep.RateLimited++
		case errors.Is(err, autosys.ErrQuotaExceeded):
			var ae *autosys.APIError
			if errors.As(err, &ae) && ae.StatusCode == 0 {
				rep.QuotaLocal++
			} else {
				rep.Other = append(rep.Other, err.Error())
			}
		case errors.As(err, &ue):
			rep.Unavailable++
		case strings.Contains(err.Error(), "redis unavailable"):
			// internal/transport flattens a limiter's error with %v (into a
			// context.DeadlineExceeded) until it wraps it with %w.
			rep.UnavailableUntyped++
		default:
			rep.Other = append(rep.Other, err.Error())
		}
	}
	switch role {
	case "nvdb":
		l := &grantLog{inner: redisstore.NewLimiter(rdb, "nvdb:fleet", fleetRate, fleetBurst, opts...)}
		defer func() { rep.Sent = l.at }()
		c, err := nvdb.NewClient("fleet", nvdb.WithBaseURL(env("URL")), nvdb.WithLimiter(l),
			nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
		if err != nil {
			rep.Other = append(rep.Other, err.Error())
			return rep
		}
		// Like a function instance serving several requests at once, each
		// instance calls from a few goroutines, so the shared limit and not
		// the answers' latency sets the pace.
		var wg sync.WaitGroup
		for range fleetWorkers {
			wg.Go(func() {
				for ctx.Err() == nil {
					t0 := time.Now()
					_, err := c.Vegobjekter.Get(ctx, 581, 79608124, nil)
					if errors.Is(err, context.DeadlineExceeded) && time.Until(time.UnixMilli(end)) < time.Second/fleetRate {
						return // the window closes before the next slot
					}
					record(err, time.Since(t0))
					if err != nil {
						time.Sleep(10 * time.Millisecond) // a dead Redis fails at once: no busy loop
					}
				}
			})
		}
		wg.Wait()
	case "autosys":
		q := redisstore.NewQuota(rdb, "autosys:fleet", mustAtoi(env("QUOTA")), opts...)
		c, err := autosys.NewClient("fleet-key", autosys.WithBaseURL(env("URL")), autosys.WithQuota(q), autosys.WithRateLimit(math.Inf(1), 1))
		if err != nil {
			rep.Other = append(rep.Other, err.Error())
			return rep
		}
		for range mustAtoi(env("CALLS")) {
			t0 := time.Now()
			_, err := c.LookupKjennemerke(ctx, "EK39085")
			record(err, time.Since(t0))
		}
	default:
		rep.Other = append(rep.Other, "unknown role "+role)
	}
	return rep
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// runFleet starts n instances of role and collects their reports. Every
// instance starts at the same moment (after all have launched) and stops at
// start+window.
func runFleet(t testing.TB, n int, role string, window time.Duration, env ...string) (reps []report, start, end time.Time) {
	t.Helper()
	start = time.Now().Add(time.Second) // time to launch every process
	end = start.Add(window)
	env = append(env, "FLEET_ROLE="+role,
		"FLEET_START="+strconv.FormatInt(start.UnixMilli(), 10), "FLEET_END="+strconv.FormatInt(end.UnixMilli(), 10))
	reps = make([]report, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), window+30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0])
			cmd.Env = append(os.Environ(), env...)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err == nil {
				err = json.Unmarshal(out, &reps[i])
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "instance %d", i)
		assert.Empty(t, reps[i].Other, "instance %d", i)
	}
	return reps, start, end
}

func total(reps []report, f func(report) int) int {
	n := 0
	for _, r := range reps {
		n += f(r)
	}
	return n
}

// Four NVDB instances, each with its own client and Redis connection, share
// one limit of 38/s (burst 2) against a server that refuses a 41st request
// within a second: no 429 and at most 40 in any second on every run, and
// together at least 90 % of the 40. Safety must hold on every run; the
// throughput is a lower bound that a starved CPU can spoil, so a short run
// is repeated (at most three runs).
func TestFleetNVDBSharesRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process fleet")
	}
	_, addr := newRedis(t)
	var best float64
	for run := 1; run <= 3 && best < 0.9*nvdbLimit; run++ {
		f := runNVDBFleet(t, addr, 3*time.Second)
		t.Logf("run %d: %s", run, f)
		assert.Zero(t, f.limited, "no request refused with 429")
		assert.LessOrEqual(t, f.sentPeak, nvdbLimit, "the fleet sends at most %d in any second", nvdbLimit)
		for i, r := range f.reps {
			assert.Zero(t, r.RateLimited)
			assert.Positive(t, r.OK, "instance %d got its share", i)
		}
		best = max(best, f.perSecond)
	}
	assert.GreaterOrEqual(t, best, 0.9*nvdbLimit, "together at least 90 %% of the limit")
}

// nvdbFleet is the outcome of one run of the NVDB fleet.
type nvdbFleet struct {
	sent, peak, limited int
	sentPeak            int // most requests the fleet let go within one second
	span                time.Duration
	perSecond           float64
	reps                []report
}

func (f nvdbFleet) String() string {
	return fmt.Sprintf("fleet of %d: %d requests in %v = %.1f/s (%.0f %% of NVDB's %d/s, paced at %d/s burst %d); peak %d sent and %d arrived in one second; 429s %d; per instance %v",
		len(f.reps), f.sent, f.span.Round(time.Millisecond), f.perSecond, 100*f.perSecond/nvdbLimit, nvdbLimit, fleetRate, fleetBurst,
		f.sentPeak, f.peak, f.limited, okCounts(f.reps))
}

// runNVDBFleet runs four NVDB instances for window against a fresh
// nvdbtest server with NVDB's 40/s enforcement.
func runNVDBFleet(t testing.TB, addr string, window time.Duration) nvdbFleet {
	t.Helper()
	srv := newNVDBServer()
	defer srv.Close()
	require.NoError(t, redisstore.NewLimiter(newClient(t, addr), "nvdb:fleet", fleetRate, fleetBurst).Reset(testCtx(t)))
	reps, _, _ := runFleet(t, 4, "nvdb", window, "FLEET_REDIS="+addr, "FLEET_URL="+srv.URL)
	// The rate over the span of answered calls: under load a process may
	// start late, and time before the fleet runs is not the limiter's.
	f := nvdbFleet{sent: len(srv.Requests()), peak: srv.PeakPerSecond(), limited: srv.RateLimited(), reps: reps}
	var sent []int64
	for _, r := range reps {
		sent = append(sent, r.Sent...)
	}
	f.sentPeak = peakPerSecond(sent)
	first, last := reps[0].First, reps[0].Last
	for _, r := range reps {
		first, last = min(first, r.First), max(last, r.Last)
	}
	f.span = time.Duration(last-first) * time.Microsecond
	if f.span > 0 {
		f.perSecond = float64(f.sent-1) / f.span.Seconds()
	}
	return f
}

// newNVDBServer starts nvdbtest with NVDB's 40/s gate (and its one-second
// queue before a 429).
func newNVDBServer() *nvdbtest.Server {
	return nvdbtest.NewServer(nvdbtest.WithRateLimit(nvdbLimit))
}

func okCounts(reps []report) []int {
	var out []int
	for _, r := range reps {
		out = append(out, r.OK)
	}
	return out
}

// Four Autosys instances share a quota of 5 calls: exactly 5 requests reach
// the server and every later call, in any instance, is refused locally.
func TestFleetAutosysSharesQuota(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process fleet")
	}
	_, addr := newRedis(t)
	srv := autosystest.NewServer()
	defer srv.Close()
	rdb := newClient(t, addr)
	_, err := rdb.Del(testCtx(t), "vegdata:quota:{autosys:fleet}:"+autosys.DateOf(time.Now().In(autosys.Oslo())).String()).Result()
	require.NoError(t, err)

	const quota, calls = 5, 4
	reps, _, _ := runFleet(t, 4, "autosys", 10*time.Second, "FLEET_REDIS="+addr, "FLEET_URL="+srv.URL,
		"FLEET_QUOTA="+strconv.Itoa(quota), "FLEET_CALLS="+strconv.Itoa(calls))
	assert.Equal(t, quota, len(srv.Requests()), "exactly the quota reached the server")
	assert.Equal(t, quota, srv.QuotaUsed("fleet-key"))
	assert.Equal(t, quota, total(reps, func(r report) int { return r.OK }))
	assert.Equal(t, 4*calls-quota, total(reps, func(r report) int { return r.QuotaLocal }), "the rest refused locally")
	st, err := redisstore.NewQuota(rdb, "autosys:fleet", quota).Status(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, quota, st.Used)
	assert.Zero(t, st.Remaining)
}

// With Redis dead, a fail-fast fleet sends nothing and every call fails at
// once with the typed error; a fleet with a fallback share of 1/5 keeps
// going on local limiters and still stays within NVDB's limit.
func TestFleetDeadRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process fleet")
	}
	dead := deadAddr(t)
	t.Run("fail fast, autosys", func(t *testing.T) {
		srv := autosystest.NewServer()
		defer srv.Close()
		reps, _, _ := runFleet(t, 3, "autosys", 10*time.Second, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL, "FLEET_QUOTA=5", "FLEET_CALLS=3")
		assert.Zero(t, len(srv.Requests()), "nothing sent")
		assert.Equal(t, 9, total(reps, func(r report) int { return r.Unavailable }))
		for _, r := range reps {
			assert.Less(t, r.MaxCall, redisstore.DefaultTimeout.Seconds()+1, "no call waits longer than the Redis timeout")
		}
	})
	t.Run("fail fast, nvdb", func(t *testing.T) {
		srv := newNVDBServer()
		defer srv.Close()
		reps, _, _ := runFleet(t, 2, "nvdb", 1500*time.Millisecond, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL)
		assert.Zero(t, len(srv.Requests()), "nothing sent")
		typed := total(reps, func(r report) int { return r.Unavailable })
		untyped := total(reps, func(r report) int { return r.UnavailableUntyped })
		t.Logf("failed calls: %d with *UnavailableError, %d with the type lost in the transport", typed, untyped)
		assert.Positive(t, typed)
		assert.Zero(t, untyped, "the transport keeps the limiter's error as it is")
		for _, r := range reps {
			assert.Less(t, r.MaxCall, redisstore.DefaultTimeout.Seconds()+1, "no call waits longer than the Redis timeout")
		}
	})
	t.Run("fallback at 1/5, nvdb", func(t *testing.T) {
		srv := newNVDBServer()
		defer srv.Close()
		const window = 2 * time.Second
		reps, _, _ := runFleet(t, 4, "nvdb", window, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL, "FLEET_FALLBACK=0.2")
		t.Logf("fallback fleet: %d requests in %v (%.1f/s), peak %d, 429s %d", len(srv.Requests()), window,
			float64(len(srv.Requests()))/window.Seconds(), srv.PeakPerSecond(), srv.RateLimited())
		assert.Zero(t, srv.RateLimited())
		var sent []int64
		for _, r := range reps {
			sent = append(sent, r.Sent...)
		}
		assert.LessOrEqual(t, peakPerSecond(sent), nvdbLimit, "the fleet sends at most %d in any second", nvdbLimit)
		assert.Equal(t, len(srv.Requests()), total(reps, func(r report) int { return r.OK }))
		assert.Positive(t, len(srv.Requests()))
	})
}
