package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
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
	// The tests here mostly wait (settle times, Redis timeouts against
	// black holes, pacing), not compute: unless -parallel is given, run
	// more of them at once than go test's default of one per CPU.
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		_ = flag.Set("test.parallel", strconv.Itoa(max(16, 4*runtime.GOMAXPROCS(0))))
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
	// Granted holds, for each slot the shared bucket in Redis gave, the
	// round trip of its script run: the slot was taken within it, on
	// Redis' clock, which is this machine's.
	Granted []span
	// Waited holds, for each Wait that let a request go, the time from
	// its call to its return: the slot (in Redis or the local fallback
	// limiter) was taken within it.
	Waited []span
}

// span is a time within which something happened: From and To in Unix µs.
type span struct{ From, To int64 }

func spanSince(from time.Time) span { return span{from.UnixMicro(), time.Now().UnixMicro()} }

// spanLog collects spans from many goroutines.
type spanLog struct {
	mu    sync.Mutex
	spans []span
}

func (l *spanLog) add(s span) {
	l.mu.Lock()
	l.spans = append(l.spans, s)
	l.mu.Unlock()
}

func (l *spanLog) all() []span {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.spans)
}

// waitLog records the span of every Wait of a limiter that let a request
// go.
type waitLog struct {
	inner vegdata.Limiter
	spanLog
}

func (w *waitLog) Wait(ctx context.Context) error {
	from := time.Now()
	if err := w.inner.Wait(ctx); err != nil {
		return err
	}
	w.add(spanSince(from))
	return nil
}

// grantHook records the round trip of every script run on a go-redis
// client that redis_rate answered "allowed": the slots the shared bucket
// gave. Times taken around the command, not after Wait returned, keep
// the spans narrow on a loaded machine.
type grantHook struct{ spanLog }

func (h *grantHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *grantHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func (h *grantHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		from := time.Now()
		err := next(ctx, cmd)
		if c, ok := cmd.(*redis.Cmd); ok && err == nil && (cmd.Name() == "evalsha" || cmd.Name() == "eval") {
			if v, _ := c.Val().([]any); len(v) == 4 {
				if allowed, _ := v[0].(int64); allowed > 0 {
					h.add(spanSince(from))
				}
			}
		}
		return err
	}
}

// certainPeak is the largest number of events that certainly fell within
// one second: of events known only to lie within their spans, the most
// whose spans together lie within less than a second. It never counts
// more than happened within one second, however late the spans were
// taken on a loaded machine (wider spans only make it count fewer).
func certainPeak(spans []span) int {
	p := 0
	for _, a := range spans {
		n := 0
		for _, b := range spans {
			if b.From >= a.From && b.To-a.From < int64(time.Second/time.Microsecond) {
				n++
			}
		}
		p = max(p, n)
	}
	return p
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

// ends returns the times the spans end.
func ends(spans []span) []int64 {
	out := make([]int64, len(spans))
	for i, s := range spans {
		out[i] = s.To
	}
	return out
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
	// The window ends the loops, not the calls: a call started in it runs
	// to its end, so every request the server saw is in a report. The
	// deadline is only a safety net.
	ctx, cancel := context.WithDeadline(context.Background(), time.UnixMilli(end).Add(30*time.Second))
	defer cancel()
	open := func() bool { return time.Now().Before(time.UnixMilli(end)) }
	time.Sleep(time.Until(time.UnixMilli(start)))

	var opts []redisstore.Option
	if share, err := strconv.ParseFloat(env("FALLBACK"), 64); err == nil {
		opts = append(opts, redisstore.WithFallback(share))
	}
	if d, err := time.ParseDuration(env("TIMEOUT")); err == nil {
		opts = append(opts, redisstore.WithTimeout(d))
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
		grants := &grantHook{}
		rdb.AddHook(grants)
		l := &waitLog{inner: redisstore.NewLimiter(rdb, env("KEY"), fleetRate, fleetBurst, opts...)}
		defer func() { rep.Granted, rep.Waited = grants.all(), l.all() }()
		c, err := nvdb.NewClient("fleet", nvdb.WithBaseURL(env("URL")), nvdb.WithLimiter(l),
			nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
		if err != nil {
			rep.Other = append(rep.Other, err.Error())
			return rep
		}
		// Like a function instance serving several requests at once, each
		// instance calls from a few goroutines, so the shared limit and not
		// the answers' latency sets the pace. Each makes one call at least,
		// also when a loaded machine started the process after the window.
		var wg sync.WaitGroup
		for range fleetWorkers {
			wg.Go(func() {
				for first := true; first || open(); first = false {
					t0 := time.Now()
					_, err := c.Vegobjekter.Get(ctx, 581, 79608124, nil)
					record(err, time.Since(t0))
					if err != nil {
						time.Sleep(10 * time.Millisecond) // a dead Redis fails at once: no busy loop
					}
				}
			})
		}
		wg.Wait()
	case "autosys":
		q := redisstore.NewQuota(rdb, env("KEY"), mustAtoi(env("QUOTA")), opts...)
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

// fleetEnv gates the multi-process fleet tests: they launch the test
// binary as several processes and run for seconds, so the README's test
// command skips them; CI's one race run sets it. The in-process tests
// cover the same logic with an instance per Redis connection. The fleet
// tests are not parallel: they run first, one after the other, before the
// in-process tests, whose timeouts their processes' load would strain.
const fleetEnv = "VEGDATA_FLEET"

func requireFleet(t *testing.T) {
	t.Helper()
	if os.Getenv(fleetEnv) != "1" {
		t.Skipf("multi-process fleet test (seconds of several processes): set %s=1 to run it, as CI does", fleetEnv)
	}
}

// Four NVDB instances, each with its own client and Redis connection, share
// one limit of 38/s (burst 2) against a server that refuses a 41st request
// within a second (after its one-second queue). What must hold on every
// run, however loaded the machine: no 429; the bucket never gives more
// than 40 slots within a second; every request the server saw was
// answered and counted by its instance, one per slot. The rate the fleet
// reaches is logged here and measured by BenchmarkFleetNVDB.
func TestFleetNVDBSharesRateLimit(t *testing.T) {
	requireFleet(t)
	_, addr := newRedis(t)
	f := runNVDBFleet(t, addr, 3*time.Second)
	t.Log(f)
	assert.Zero(t, f.limited, "no request refused with 429")
	assert.LessOrEqual(t, f.grantPeak, nvdbLimit, "the bucket gives at most %d slots in any second", nvdbLimit)
	assert.Equal(t, f.sent, f.ok, "every request the server saw was answered and counted")
	assert.Equal(t, f.sent, f.granted, "one request per slot")
	assert.GreaterOrEqual(t, f.sent, 4*fleetWorkers, "every worker of every instance made a call")
}

// fleetPatient gives an instance the tests' patient timeout while Redis
// is up; the dead-Redis tests keep the default, which is what they test.
const fleetPatient = "FLEET_TIMEOUT=10s"

// nvdbFleet is the outcome of one run of the NVDB fleet.
type nvdbFleet struct {
	sent, ok, granted, limited int
	peak                       int // most requests that arrived at the server within one second
	grantPeak                  int // most slots the bucket certainly gave within one second
	waitPeak                   int // most Waits that returned within one second
	span                       time.Duration
	perSecond                  float64
	reps                       []report
}

func (f nvdbFleet) String() string {
	return fmt.Sprintf("fleet of %d: %d requests in %v = %.1f/s (%.0f %% of NVDB's %d/s, paced at %d/s burst %d); "+
		"in one second at most: %d slots given, %d Waits returned, %d requests arrived; 429s %d; per instance %v",
		len(f.reps), f.sent, f.span.Round(time.Millisecond), f.perSecond, 100*f.perSecond/nvdbLimit, nvdbLimit, fleetRate, fleetBurst,
		f.grantPeak, f.waitPeak, f.peak, f.limited, okCounts(f.reps))
}

// runNVDBFleet runs four NVDB instances for window against a fresh
// nvdbtest server with NVDB's 40/s enforcement.
func runNVDBFleet(t testing.TB, addr string, window time.Duration) nvdbFleet {
	t.Helper()
	srv := newNVDBServer()
	defer srv.Close()
	reps, _, _ := runFleet(t, 4, "nvdb", window, "FLEET_REDIS="+addr, "FLEET_URL="+srv.URL, "FLEET_KEY="+uniqueKey(t), fleetPatient)
	return nvdbOutcome(srv, reps)
}

// nvdbOutcome sums up the reports of an NVDB fleet and what its server saw.
func nvdbOutcome(srv *nvdbtest.Server, reps []report) nvdbFleet {
	f := nvdbFleet{sent: len(srv.Requests()), peak: srv.PeakPerSecond(), limited: srv.RateLimited(), reps: reps}
	var granted, waited []span
	var first, last int64
	for _, r := range reps {
		f.ok += r.OK
		granted, waited = append(granted, r.Granted...), append(waited, r.Waited...)
		if r.OK == 0 {
			continue // started too late to get an answer: no times
		}
		if first == 0 || r.First < first {
			first = r.First
		}
		last = max(last, r.Last)
	}
	f.granted, f.grantPeak, f.waitPeak = len(waited), certainPeak(granted), peakPerSecond(ends(waited))
	// The rate over the span of answered calls: under load a process may
	// start late, and time before the fleet runs is not the limiter's.
	f.span = time.Duration(last-first) * time.Microsecond
	if f.span > 0 {
		f.perSecond = float64(f.ok-1) / f.span.Seconds()
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
	requireFleet(t)
	_, addr := newRedis(t)
	srv := autosystest.NewServer()
	defer srv.Close()
	key := uniqueKey(t)

	const quota, calls = 5, 4
	reps, _, _ := runFleet(t, 4, "autosys", 10*time.Second, "FLEET_REDIS="+addr, "FLEET_URL="+srv.URL, "FLEET_KEY="+key, fleetPatient,
		"FLEET_QUOTA="+strconv.Itoa(quota), "FLEET_CALLS="+strconv.Itoa(calls))
	assert.Equal(t, quota, len(srv.Requests()), "exactly the quota reached the server")
	assert.Equal(t, quota, srv.QuotaUsed("fleet-key"))
	assert.Equal(t, quota, total(reps, func(r report) int { return r.OK }))
	assert.Equal(t, 4*calls-quota, total(reps, func(r report) int { return r.QuotaLocal }), "the rest refused locally")
	st, err := redisstore.NewQuota(newClient(t, addr), key, quota, patient).Status(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, quota, st.Used)
	assert.Zero(t, st.Remaining)
}

// With Redis dead, a fail-fast fleet sends nothing and every call fails at
// once with the typed error; a fleet with a fallback share of 1/5 keeps
// going on local limiters and still stays within NVDB's limit.
func TestFleetDeadRedis(t *testing.T) {
	requireFleet(t)
	dead := deadAddr(t)
	// A call ends within the Redis timeout; the slack is for a loaded
	// machine (TestLimiterWhenRedisIsAway holds the timeout exactly).
	const maxCall = 2.5
	t.Run("fail fast, autosys", func(t *testing.T) {
		t.Parallel()
		srv := autosystest.NewServer()
		defer srv.Close()
		reps, _, _ := runFleet(t, 3, "autosys", 10*time.Second, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL, "FLEET_KEY=autosys:dead",
			"FLEET_QUOTA=5", "FLEET_CALLS=3")
		assert.Zero(t, len(srv.Requests()), "nothing sent")
		assert.Equal(t, 9, total(reps, func(r report) int { return r.Unavailable }))
		for _, r := range reps {
			assert.Less(t, r.MaxCall, maxCall, "no call waits much longer than the Redis timeout")
		}
	})
	t.Run("fail fast, nvdb", func(t *testing.T) {
		t.Parallel()
		srv := newNVDBServer()
		defer srv.Close()
		reps, _, _ := runFleet(t, 2, "nvdb", 1500*time.Millisecond, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL, "FLEET_KEY=nvdb:dead")
		assert.Zero(t, len(srv.Requests()), "nothing sent")
		typed := total(reps, func(r report) int { return r.Unavailable })
		untyped := total(reps, func(r report) int { return r.UnavailableUntyped })
		t.Logf("failed calls: %d with *UnavailableError, %d with the type lost in the transport", typed, untyped)
		assert.GreaterOrEqual(t, typed, 2*fleetWorkers, "every worker's call failed typed")
		assert.Zero(t, untyped, "the transport keeps the limiter's error as it is")
		for _, r := range reps {
			assert.Less(t, r.MaxCall, maxCall, "no call waits much longer than the Redis timeout")
		}
	})
	t.Run("fallback at 1/5, nvdb", func(t *testing.T) {
		t.Parallel()
		srv := newNVDBServer()
		defer srv.Close()
		reps, _, _ := runFleet(t, 4, "nvdb", 2*time.Second, "FLEET_REDIS="+dead, "FLEET_URL="+srv.URL, "FLEET_KEY=nvdb:dead",
			"FLEET_FALLBACK=0.2")
		f := nvdbOutcome(srv, reps)
		t.Logf("fallback %s", f)
		assert.Zero(t, f.limited, "no request refused with 429")
		// Each local limiter gives 1 + 7.6/s; the Waits' spans are wide
		// (they include the queue for the limiter's turn), so this bound
		// is loose, but it never fails a correct fleet. The fleet's 4 × 8
		// stays well under 40 by construction.
		var waited []span
		for _, r := range reps {
			waited = append(waited, r.Waited...)
		}
		assert.LessOrEqual(t, certainPeak(waited), nvdbLimit, "the fleet sends at most %d in any second", nvdbLimit)
		assert.Equal(t, f.sent, f.ok, "every request the server saw was answered and counted")
		assert.Equal(t, f.sent, f.granted, "one request per slot")
		assert.GreaterOrEqual(t, f.sent, 4*fleetWorkers, "every worker of every instance made a call")
	})
}

// certainPeak counts only events whose spans lie within one second
// together: a span taken late widens it and can only lower the count.
func TestCertainPeak(t *testing.T) {
	t.Parallel()
	ms := int64(time.Millisecond / time.Microsecond)
	every := func(n int, step, width int64) []span {
		var out []span
		for i := range int64(n) {
			out = append(out, span{i * step * ms, i*step*ms + width})
		}
		return out
	}
	tests := []struct {
		name  string
		spans []span
		want  int
	}{
		{"none", nil, 0},
		{"41 narrow spans within 0.9 s", every(41, 22, 100), 41},
		{"at 40/s: 40 in any second", every(120, 25, 100), 40},
		{"41 spans within 0.9 s, one of them ending 0.2 s later", append(every(40, 22, 100), span{0, 1100 * ms}), 40},
		{"spans of 0.5 s: only those starting in the first half count", every(100, 10, 500*ms), 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, certainPeak(tt.spans))
		})
	}
}
