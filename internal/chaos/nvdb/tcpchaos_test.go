package nvdb_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/internal/chaos"
	"github.com/vegdata/go-vegdata/internal/transport"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// chaosRetry is the budget of the TCP chaos runs: 9 attempts per call,
// quick backoff. A quarter of the connections are faulty, so a call loses
// all nine with odds of about 4 in a million.
var chaosRetry = nvdb.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

const chaosBudget = 9

// chaosCase is one iterator or call; it adds what it got to items.
type chaosCase struct {
	name string
	run  func(ctx context.Context, c *nvdb.Client, items *chaos.Items) error
}

func collect[T any](items *chaos.Items, seq iter.Seq2[T, error]) error {
	for v, err := range seq {
		if err != nil {
			return err
		}
		if err := items.Add(v); err != nil {
			return err
		}
	}
	return nil
}

// one calls f repeat times and keeps every answer: a single call meets
// more connections, and so more faults, when repeated.
func one[T any](repeat int, f func() (T, error)) func(items *chaos.Items) error {
	return func(items *chaos.Items) error {
		for range repeat {
			v, err := f()
			if err != nil {
				return err
			}
			if err := items.Add(v); err != nil {
				return err
			}
		}
		return nil
	}
}

func nvdbChaosCases() []chaosCase {
	iterQ := &nvdb.VegobjektQuery{Antall: 500}
	smallQ := &nvdb.VegobjektQuery{Antall: 2, Kommune: []int{301}} // answers small enough for a Content-Length
	const rep = 4
	c := func(name string, f func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error) chaosCase {
		return chaosCase{name, func(ctx context.Context, cl *nvdb.Client, items *chaos.Items) error { return f(ctx, cl)(items) }}
	}
	return []chaosCase{
		// Iterators.
		{"Vegobjekter.All", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Vegobjekter.All(ctx, 105, iterQ))
		}},
		{"Vegobjekter.All pages of 100", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 100}))
		}},
		{"Vegobjekter.All small pages", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Vegobjekter.All(ctx, 105, smallQ))
		}},
		{"Vegobjekter.Pages", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			for p, err := range c.Vegobjekter.Pages(ctx, 105, &nvdb.VegobjektQuery{Antall: 300}) {
				if err != nil {
					return err
				}
				for _, o := range p.Items {
					if err := it.Add(o); err != nil {
						return err
					}
				}
			}
			return nil
		}},
		{"Vegobjekter.Scan", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			// Partitions run in parallel and interleave: compare as a set.
			var got chaos.Items
			err := collect(&got, c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 400},
				&nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 3}))
			*it = append(*it, got.Sorted()...)
			return err
		}},
		{"Vegobjekter.EndringerAll", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Vegobjekter.EndringerAll(ctx, []int{45, 67, 581}, &nvdb.EndringerQuery{Antall: 1}))
		}},
		{"Veglenkesekvenser.All", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Veglenkesekvenser.All(ctx, &nvdb.VeglenkesekvensQuery{Antall: 5}))
		}},
		{"Veglenkesekvenser.SegmentertAll", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Antall: 5}))
		}},
		{"Noder.All", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Noder.All(ctx, &nvdb.NodeQuery{Antall: 5}))
		}},
		{"Vegnett.EndringerAll", func(ctx context.Context, c *nvdb.Client, it *chaos.Items) error {
			return collect(it, c.Vegnett.EndringerAll(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: 3}))
		}},
		// Single calls, each family.
		c("Vegobjekter.Get", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Vegobjekt, error) { return c.Vegobjekter.Get(ctx, 67, 89204552, nil) })
		}),
		c("Vegobjekter.GetByID", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Vegobjekt, error) { return c.Vegobjekter.GetByID(ctx, 79632559, nil) })
		}),
		c("Vegobjekter.Versjoner", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Vegobjekt, error) { return c.Vegobjekter.Versjoner(ctx, 581, 79608124, nil) })
		}),
		c("Vegobjekter.List", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			// The cursor of a page is opaque and new each time: compare
			// the objects.
			return one(rep, func() ([]*nvdb.Vegobjekt, error) {
				p, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 200})
				if err != nil {
					return nil, err
				}
				return p.Items, nil
			})
		}),
		c("Vegobjekter.Statistikk", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Statistikk, error) { return c.Vegobjekter.Statistikk(ctx, 105, nil) })
		}),
		c("Vegobjekter.StatistikkGruppert", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.StatistikkGruppe, error) {
				return c.Vegobjekter.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingFylke}})
			})
		}),
		c("Vegobjekter.StatistikkAlleTyper", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.TypeStatistikk, error) { return c.Vegobjekter.StatistikkAlleTyper(ctx, nil) })
		}),
		c("Datakatalog.Vegobjekttyper", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Vegobjekttype, error) { return c.Datakatalog.Vegobjekttyper(ctx, nil) })
		}),
		c("Datakatalog.Vegobjekttype", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Vegobjekttype, error) { return c.Datakatalog.Vegobjekttype(ctx, 105) })
		}),
		c("Datakatalog.Egenskapstype", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.EgenskapstypeInfo, error) { return c.Datakatalog.Egenskapstype(ctx, 105, 2021) })
		}),
		c("Datakatalog.Enheter", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Enhet, error) { return c.Datakatalog.Enheter(ctx) })
		}),
		c("Datakatalog.Versjon", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.DatakatalogVersjon, error) { return c.Datakatalog.Versjon(ctx) })
		}),
		c("Omrader.Kommuner", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Kommune, error) { return c.Omrader.Kommuner(ctx, nil) })
		}),
		c("Omrader.Fylker", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Fylke, error) { return c.Omrader.Fylker(ctx, nil) })
		}),
		c("Veglenkesekvenser.Get", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Veglenkesekvens, error) {
				id, err := firstSekvens(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Veglenkesekvenser.Get(ctx, id, nvdb.Srid4326)
			})
		}),
		c("Veglenkesekvenser.GetSegmentert", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() ([]*nvdb.Veglenkesegment, error) {
				id, err := firstSekvens(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Veglenkesekvenser.GetSegmentert(ctx, id, nil)
			})
		}),
		c("Vegnett.Veg", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Posisjon, error) {
				id, err := firstSekvens(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Vegnett.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: fmt.Sprintf("0.5@%d", id)})
			})
		}),
		c("Vegnett.Rute", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.Rute, error) {
				return c.Vegnett.Rute(ctx, &nvdb.RuteQuery{Start: "0.2@2000000", Slutt: "0.7@2000024"})
			})
		}),
		c("Veglenkesekvenser.SegmentertStatistikk", func(ctx context.Context, c *nvdb.Client) func(*chaos.Items) error {
			return one(rep, func() (*nvdb.VegnettStatistikk, error) { return c.Veglenkesekvenser.SegmentertStatistikk(ctx) })
		}),
	}
}

// firstSekvens is the id of the first veglenkesekvens of the fake's
// network (a one-item page: itself a call through the chaos).
func firstSekvens(ctx context.Context, c *nvdb.Client) (int64, error) {
	p, err := c.Veglenkesekvenser.List(ctx, &nvdb.VeglenkesekvensQuery{Antall: 1})
	if err != nil {
		return 0, err
	}
	if len(p.Items) == 0 {
		return 0, errors.New("no veglenkesekvens")
	}
	return p.Items[0].Veglenkesekvensid, nil
}

func nvdbChaosClient(t *testing.T, url string, hc *http.Client, opts ...nvdb.Option) *nvdb.Client {
	t.Helper()
	all := append([]nvdb.Option{nvdb.WithBaseURL(url), nvdb.WithHTTPClient(hc),
		nvdb.WithRateLimit(1e6, 1000), nvdb.WithRetry(chaosRetry), nvdb.WithCacheSize(0),
		nvdb.WithStallTimeout(chaos.StallTimeout())}, opts...)
	c, err := nvdb.NewClient("tcp-chaos", all...)
	require.NoError(t, err)
	return c
}

// TestTCPChaos runs every NVDB iterator and a call of every family through
// a seeded mix of TCP faults (toxiproxy between the client and the fake),
// with gzip on and off, and requires exactly the items of a fault-free
// run: no loss, no duplicate, no call over its budget, no connection that
// broke used again, no connection or goroutine left.
func TestTCPChaos(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	for _, gz := range []bool{false, true} {
		t.Run("gzip="+strconv.FormatBool(gz), func(t *testing.T) {
			srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 8000), nvdbtest.WithGeneratedVegnett(80), nvdbtest.WithGzip(gz))
			t.Cleanup(srv.Close)
			directRec, direct := chaos.Direct(t)
			base := nvdbChaosClient(t, srv.URL, direct)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 13 + boolSeed(gz), Faulty: 0.25, Churn: 0.5})
			c := nvdbChaosClient(t, env.Proxy.URL, env.HTTP)
			for _, tc := range nvdbChaosCases() {
				var want, got chaos.Items
				require.NoError(t, tc.run(ctx, base, &want), "%s fault-free", tc.name)
				require.NoError(t, tc.run(ctx, c, &got), "%s through chaos: %s", tc.name, env.Rec.Stats())
				got = got.Replace(env.Proxy.URL, srv.URL) // links carry the host asked
				require.NotEmpty(t, want, tc.name)
				t.Logf("%s: %d items", tc.name, len(want))
				assert.Zero(t, got.Duplicates()-want.Duplicates(), "%s: duplicates", tc.name)
				assert.True(t, want.Equal(got), "%s: %s", tc.name, want.FirstDiff(got))
			}
			s := env.Finish(t, chaosBudget, srv.OpenConns, directRec)
			t.Logf("dials: %s", env.Proxy.DialSummary())
			t.Logf("wire: %s", s)
			t.Logf("first error of each cause: %q", s.Samples)
			assert.Positive(t, s.Failures(), "the mix spoilt no attempt")
			if gz {
				assert.Positive(t, s.Framing["gzip"])
			} else {
				assert.Positive(t, s.Framing["chunked"])
				assert.Positive(t, s.Framing["content-length"])
			}
		})
	}
}

func boolSeed(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// TestTCPBrokenConnNotReused: after an attempt whose connection broke
// (reset, cut mid-body, stall), the next attempt of the call dials a fresh
// connection (httptrace: Reused false), never the broken one.
func TestTCPBrokenConnNotReused(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	for _, kind := range []chaos.Kind{chaos.Reset, chaos.ResetMid, chaos.Cut, chaos.StallMid, chaos.Silent} {
		t.Run(string(kind), func(t *testing.T) {
			srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 200), nvdbtest.WithGzip(false))
			t.Cleanup(srv.Close)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 1, Only: kind, Size: 6000})
			c := nvdbChaosClient(t, env.Proxy.URL, env.HTTP, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
				nvdb.WithStallTimeout(200*time.Millisecond))
			// Every connection of this proxy breaks, so each of the three
			// attempts breaks one and the next must dial afresh.
			var conns []net.Conn
			var reused []bool
			trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
				conns = append(conns, i.Conn)
				reused = append(reused, i.Reused)
			}}
			_, err := c.Vegobjekter.List(httptrace.WithClientTrace(ctx, trace), 105, &nvdb.VegobjektQuery{Antall: 200})
			require.ErrorIs(t, err, nvdb.ErrUnavailable)
			require.Len(t, conns, 3)
			assert.Equal(t, []bool{false, false, false}, reused, "every attempt after a broken one dials afresh")
			assert.NotSame(t, conns[0], conns[1])
			assert.NotSame(t, conns[1], conns[2])
			s := env.Finish(t, 3, srv.OpenConns)
			assert.Equal(t, 3, s.Failures(), "%s", s)
			assert.Equal(t, []bool{false, false}, s.NextReused)
		})
	}
}

// TestTCPNextAttemptAfterBreakIsFresh: with a good connection idle in the
// pool, a call whose first attempt breaks goes on with a new connection,
// and the broken one is never handed out again.
func TestTCPNextAttemptAfterBreakIsFresh(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 200), nvdbtest.WithGzip(false))
	t.Cleanup(srv.Close)
	// The fake's own scripted faults break the answer on a connection
	// that has already served a request (a reused one).
	env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 1, Only: chaos.Plain})
	c := nvdbChaosClient(t, env.Proxy.URL, env.HTTP, nvdb.WithStallTimeout(200*time.Millisecond))
	for _, f := range []nvdbtest.Fault{{Truncate: true}, {Drop: true}, {Stall: true}} {
		_, err := c.Vegobjekter.Get(ctx, 67, 89204552, nil) // leaves one idle connection
		require.NoError(t, err)
		srv.Script(f)
		var reused []bool
		trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) }}
		p, err := c.Vegobjekter.List(httptrace.WithClientTrace(ctx, trace), 105, &nvdb.VegobjektQuery{Antall: 10})
		require.NoError(t, err, "%+v", f)
		assert.Len(t, p.Items, 10)
		assert.Equal(t, []bool{true, false}, reused, "%+v: the first attempt used the idle connection, the retry a fresh one", f)
	}
	s := env.Finish(t, chaosBudget, srv.OpenConns)
	assert.Zero(t, s.ReuseBroken)
}

// TestTCPUnavailable: when every attempt fails without an answer, the call
// ends with ErrUnavailable carrying the attempts and the last cause, and
// no secret in its text.
func TestTCPUnavailable(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGFvcyJ9.c2VjcmV0LXNpZ25hdHVyZQ"
	pol := nvdb.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		rec, hc := chaos.Direct(t)
		c := nvdbChaosClient(t, "http://"+addr, hc, nvdb.WithRetry(pol), nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token})))
		_, err = c.Vegobjekter.Get(ctx, 999, 1, nil)
		requireUnavailable(t, err, 4, token)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
		assert.Equal(t, 4, rec.Stats().Causes[chaos.RefusedConn])
	})
	for _, kind := range []chaos.Kind{chaos.Reset, chaos.ResetMid, chaos.Cut, chaos.CloseIdle, chaos.Silent, chaos.StallMid} {
		t.Run(string(kind), func(t *testing.T) {
			srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 500), nvdbtest.WithGzip(false))
			t.Cleanup(srv.Close)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 2, Only: kind, Size: 700})
			c := nvdbChaosClient(t, env.Proxy.URL, env.HTTP, nvdb.WithRetry(pol), nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token})),
				nvdb.WithStallTimeout(200*time.Millisecond))
			var got int
			var err error
			for _, e := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 500}) {
				if e != nil {
					err = e
					break
				}
				got++
			}
			requireUnavailable(t, err, 4, token)
			switch kind {
			case chaos.Reset, chaos.ResetMid:
				assert.ErrorIs(t, err, syscall.ECONNRESET)
			case chaos.Silent, chaos.StallMid:
				var se *transport.StallError
				assert.ErrorAs(t, err, &se)
			}
			s := env.Finish(t, 4, srv.OpenConns)
			assert.Equal(t, 4, s.Attempts, "%s", s)
			assert.Zero(t, got)
		})
	}
}

func requireUnavailable(t *testing.T, err error, attempts int, secret string) {
	t.Helper()
	require.ErrorIs(t, err, nvdb.ErrUnavailable)
	var ae *nvdb.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, attempts, ae.Attempts)
	assert.NotNil(t, errors.Unwrap(ae), "the last cause is kept")
	assert.NotContains(t, err.Error(), secret)
	assert.NotContains(t, fmt.Sprintf("%+v", err), secret)
}

// TestTCPChaosSoak pages 1 000 000 generated objects through the chaos mix
// and samples the heap: it must stay flat (a bounded window of pages, not
// the data set). Set VEGDATA_SOAK=1 to run it; it takes minutes.
func TestTCPChaosSoak(t *testing.T) {
	n := 1_000_000
	if os.Getenv("VEGDATA_SOAK") == "" {
		t.Skip("set VEGDATA_SOAK=1 to page 1 000 000 objects through the TCP chaos mix")
	}
	if v, err := strconv.Atoi(os.Getenv("VEGDATA_SOAK_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, n))
	t.Cleanup(srv.Close)
	env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 1_000_000, Faulty: 0.25, Churn: 0.5})
	c := nvdbChaosClient(t, env.Proxy.URL, env.HTTP)

	var peak, start atomic.Uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	start.Store(ms.HeapInuse)
	stop := make(chan struct{})
	done := make(chan struct{})
	var samples []uint64
	go func() {
		defer close(done)
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				samples = append(samples, m.HeapInuse)
			}
		}
	}()
	began := time.Now()
	var count int
	var last int64
	ordered := true
	for o, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 1000}) {
		require.NoError(t, err, "after %d objects: %s", count, env.Rec.Stats())
		if o.ID <= last {
			ordered = false
		}
		last = o.ID
		count++
	}
	took := time.Since(began)
	close(stop)
	<-done
	s := env.Finish(t, chaosBudget, srv.OpenConns)
	assert.Equal(t, n, count)
	assert.True(t, ordered, "ids ascend: no duplicate, no step back")
	// Flat: the heap late in the run is no larger than early on, give or
	// take the window of pages in flight.
	q := len(samples) / 4
	var early, late uint64
	for _, v := range samples[q : 2*q] {
		early = max(early, v)
	}
	for _, v := range samples[3*q:] {
		late = max(late, v)
	}
	t.Logf("soak: %d objects in %s (%.0f/s); heap in use at start %.1f MiB, peak %.1f MiB, 2nd quarter max %.1f MiB, last quarter max %.1f MiB",
		count, took.Round(time.Second), float64(count)/took.Seconds(), mib(start.Load()), mib(peak.Load()), mib(early), mib(late))
	t.Logf("soak dials: %s", env.Proxy.DialSummary())
	t.Logf("soak wire: %s", s)
	assert.Less(t, mib(late), mib(early)+32, "heap grows with the objects read")
	assert.Less(t, mib(peak.Load()), 256.0)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
