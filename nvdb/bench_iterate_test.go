package nvdb_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// These benchmarks talk to nvdbtest with real latency and take tens of
// seconds; run them once:
//
//	go test ./nvdb -run XXX -bench 'Iterate|PeakHeap' -benchtime=1x

const (
	iterObjects = 100_000
	pageLatency = 200 * time.Millisecond
)

var inklAlle = []nvdb.Inkluder{nvdb.InkluderAlle}

// busy stands for the caller's own work per page: waiting for a database
// to store it (a sleep, so the benchmark does not depend on free CPU).
func busy(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}

func benchIterate(b *testing.B, prefetch bool, perPageWork time.Duration) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, iterObjects), nvdbtest.WithLatency(pageLatency), nvdbtest.WithRateLimit(40), nvdbtest.WithGzip(false))
	defer srv.Close()
	c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL), nvdb.WithPrefetch(prefetch))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for o, err := range c.Vegobjekter.All(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1000, Inkluder: inklAlle}) {
			if err != nil {
				b.Fatal(err)
			}
			if o.ID == 0 {
				b.Fatal("empty object")
			}
			n++
			if n%1000 == 0 {
				busy(perPageWork)
			}
		}
		if n != iterObjects {
			b.Fatalf("got %d objects", n)
		}
	}
	b.StopTimer()
	perRun := b.Elapsed().Seconds() / float64(b.N)
	pages := float64(iterObjects) / 1000
	b.ReportMetric(perRun, "s/100k")
	b.ReportMetric(perRun/(pages+1)*1000, "ms/page")
	b.ReportMetric(float64(iterObjects)/perRun, "objects/s")
	b.ReportMetric(float64(srv.RateLimited()), "429s")
}

// BenchmarkIterate100k is 100 000 objects (inkluder=alle) in pages of
// 1000 at 200 ms latency per page: sequentially, with prefetch, each with
// an idle caller and with a caller that spends 50 ms on each page.
func BenchmarkIterate100k(b *testing.B) {
	b.Run("sequential", func(b *testing.B) { benchIterate(b, false, 0) })
	b.Run("prefetch", func(b *testing.B) { benchIterate(b, true, 0) })
	b.Run("sequential-work50ms", func(b *testing.B) { benchIterate(b, false, 50*time.Millisecond) })
	b.Run("prefetch-work50ms", func(b *testing.B) { benchIterate(b, true, 50*time.Millisecond) })
}

// BenchmarkIterate100kPartitioned scans the same 100 000 objects as eight
// fylke partitions with eight workers under the default rate limit, against
// a fake that enforces NVDB's 40 requests per second: at 200 ms per page
// (latency-bound: each partition is a chain of cursor requests) and at
// 100 ms per page (limiter-bound).
func BenchmarkIterate100kPartitioned(b *testing.B) {
	for _, lat := range []time.Duration{pageLatency, pageLatency / 2} {
		b.Run(lat.String(), func(b *testing.B) { benchPartitioned(b, lat) })
	}
}

func benchPartitioned(b *testing.B, latency time.Duration) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, iterObjects), nvdbtest.WithLatency(latency), nvdbtest.WithRateLimit(40), nvdbtest.WithGzip(false))
	defer srv.Close()
	c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	// Scan asks each partition's first page for its count (inkluderAntall);
	// the fake counts by building every object, NVDB in its database. Let
	// the fake count once before the clock starts.
	for _, f := range nvdbtest.GeneratedFylker() {
		if _, err := c.Vegobjekter.List(context.Background(), 105, &nvdb.VegobjektQuery{Fylke: []int{f}, Antall: 1, InkluderAntall: true}); err != nil {
			b.Fatal(err)
		}
	}
	warm := len(srv.Requests())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, err := range c.Vegobjekter.Scan(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1000, Inkluder: inklAlle},
			&nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 8}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != iterObjects {
			b.Fatalf("got %d objects", n)
		}
	}
	b.StopTimer()
	perRun := b.Elapsed().Seconds() / float64(b.N)
	rate := float64(iterObjects) / perRun
	b.ReportMetric(perRun, "s/100k")
	b.ReportMetric(rate, "objects/s")
	b.ReportMetric(100*rate/40000, "%ceiling")
	b.ReportMetric(float64(len(srv.Requests())-warm)/float64(b.N)/perRun, "req/s")
	b.ReportMetric(float64(srv.PeakPerSecond()), "peak-req/1s")
	b.ReportMetric(float64(srv.RateLimited()), "429s")
}

// BenchmarkPeakHeap iterates over 1 000 000 and 100 000 generated objects
// (inkluder=alle) and samples the heap every 20 ms; the peak does not grow
// with the number of objects. The figure includes the in-process fake.
func BenchmarkPeakHeap(b *testing.B) {
	for _, size := range []int{100_000, 1_000_000} {
		b.Run(itoa(size), func(b *testing.B) {
			srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, size), nvdbtest.WithGzip(false))
			defer srv.Close()
			c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(10000, 10))
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				t := time.NewTicker(20 * time.Millisecond)
				defer t.Stop()
				var ms runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-t.C:
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
					}
				}
			}()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				for _, err := range c.Vegobjekter.All(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1000, Inkluder: inklAlle}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != size {
					b.Fatalf("got %d objects", n)
				}
			}
			b.StopTimer()
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(base.HeapInuse)/(1<<20), "base-heap-MB")
			b.ReportMetric(float64(size)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

func itoa(n int) string {
	if n >= 1_000_000 {
		return "1M"
	}
	return "100k"
}
