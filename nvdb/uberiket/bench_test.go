package uberiket_test

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// The benchmarks of a copy of Fartsgrense (105): NDJSON streams of 10 000
// objects against a fake that takes 200 ms for every answer and enforces
// NVDB's 40 requests per second per client with its one-second queue, the
// client at its default pace (39 per second). The ceiling of pages of 1000
// at 40 requests per second is 40 000 objects per second; NVDB's own
// TN-ITS tool, reading 1000 at a time one request after the other, copies
// about a million speed limits in 10-15 minutes (1100-1700 objects per
// second). Run each once, the machine's load beside it:
//
//	go test -run '^$' -bench 'Stream|SyncBackfill|NvdbScan' -benchtime 1x ./nvdb/uberiket
var benchSizes = []int{300_000, 1_000_000}

const benchLatency = 200 * time.Millisecond

func BenchmarkStream(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			srv := uberikettest.NewServer(uberikettest.WithGenerated(105, n), uberikettest.WithoutFixtures(),
				uberikettest.WithLatency(benchLatency), uberikettest.WithRateLimit(40))
			defer srv.Close()
			sends := &sendLog{next: srv.Client().Transport}
			c, err := uberiket.NewClient("bench", uberiket.WithBaseURL(srv.URL), uberiket.WithHTTPClient(&http.Client{Transport: sends}))
			if err != nil {
				b.Fatal(err)
			}
			load, cpu := loadavg(), cpuTime()
			b.ResetTimer()
			for range b.N {
				got := 0
				for _, err := range c.Vegobjekter.Stream(context.Background(), 105, nil) {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != n {
					b.Fatalf("%d objects of %d", got, n)
				}
			}
			b.StopTimer()
			report(b, n, len(srv.Requests()), srv.PeakPerSecond(), sends.peak(), srv.RateLimited(), load, cpu)
		})
	}
}

// BenchmarkSyncBackfill copies the type into a memory store with Sync: the
// stream, the Batch of 10 000 objects and the store's Apply.
func BenchmarkSyncBackfill(b *testing.B) {
	n := benchSizes[0]
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, n), uberikettest.WithoutFixtures(),
		uberikettest.WithLatency(benchLatency), uberikettest.WithRateLimit(40))
	defer srv.Close()
	sends := &sendLog{next: srv.Client().Transport}
	c, err := uberiket.NewClient("bench", uberiket.WithBaseURL(srv.URL), uberiket.WithHTTPClient(&http.Client{Transport: sends}))
	if err != nil {
		b.Fatal(err)
	}
	load, cpu := loadavg(), cpuTime()
	b.ResetTimer()
	for range b.N {
		store := uberiket.NewMemoryStore()
		if err := c.Sync(context.Background(), 105, store, nil); err != nil {
			b.Fatal(err)
		}
		if store.Len(105) != n {
			b.Fatalf("%d objects of %d", store.Len(105), n)
		}
	}
	b.StopTimer()
	report(b, n, len(srv.Requests()), srv.PeakPerSecond(), sends.peak(), srv.RateLimited(), load, cpu)
}

// BenchmarkNvdbScan reads the same number of objects through NVDB API Les
// v4 with nvdb's Vegobjekter.Scan (pages of 1000, inkluder=alle, the
// objects spread over the kommuner as real ones are), against its fake at
// the same 200 ms and 40 requests per second: the page ceiling, for the
// comparison.
func BenchmarkNvdbScan(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, n), nvdbtest.WithSpreadKommuner(),
				nvdbtest.WithLatency(benchLatency), nvdbtest.WithRateLimit(40), nvdbtest.WithGzip(false))
			defer srv.Close()
			sends := &sendLog{next: http.DefaultTransport}
			c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL), nvdb.WithHTTPClient(&http.Client{Transport: sends}))
			if err != nil {
				b.Fatal(err)
			}
			q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}}
			// The fake counts its statistics by building every object, where
			// NVDB asks its database: let it count once before the clock.
			if _, err := c.Vegobjekter.PlanScan(context.Background(), 105, q, nil); err != nil {
				b.Fatal(err)
			}
			warm := len(srv.Requests())
			load, cpu := loadavg(), cpuTime()
			b.ResetTimer()
			for range b.N {
				got := 0
				for _, err := range c.Vegobjekter.Scan(context.Background(), 105, q, nil) {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != n {
					b.Fatalf("%d objects of %d", got, n)
				}
			}
			b.StopTimer()
			report(b, n, len(srv.Requests())-warm, srv.PeakPerSecond(), sends.peak(), srv.RateLimited(), load, cpu)
		})
	}
}

// report reports what the table holds, the machine's load when
// the run began, and the CPU time (client and fake, one process) per
// object since cpu: on a loaded machine the objects per second follow the
// CPU the process gets, the CPU per object much less.
func report(b *testing.B, n, requests, peakArrived, peakSent, limited int, load float64, cpu time.Duration) {
	perRun := b.Elapsed().Seconds() / float64(b.N)
	rate := float64(n) / perRun
	b.ReportMetric(perRun, "s/run")
	b.ReportMetric(rate, "objects/s")
	b.ReportMetric(rate/40_000, "x-ceiling")
	b.ReportMetric(float64(requests)/float64(b.N), "requests/run")
	b.ReportMetric(float64(peakArrived), "peak-req/s")
	b.ReportMetric(float64(peakSent), "peak-sent/s")
	b.ReportMetric(float64(limited), "429s")
	b.ReportMetric(load, "load1")
	b.ReportMetric(float64(cpuTime()-cpu)/1e3/float64(n*b.N), "cpu-us/obj")
}

// loadavg is the machine's load over the last minute (0 where unknown).
func loadavg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

// sendLog records when each attempt left the client (after its limiter).
type sendLog struct {
	next  http.RoundTripper
	mu    sync.Mutex
	times []time.Time
}

func (l *sendLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.times = append(l.times, time.Now())
	l.mu.Unlock()
	return l.next.RoundTrip(r)
}

// peak is the largest number of attempts sent within any one second.
func (l *sendLog) peak() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, j := 0, 0
	for i := range l.times {
		for j < len(l.times) && l.times[j].Sub(l.times[i]) < time.Second {
			j++
		}
		p = max(p, j-i)
	}
	return p
}
