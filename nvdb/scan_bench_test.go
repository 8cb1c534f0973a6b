package nvdb_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

const scanObjects = 300_000

// BenchmarkScan300k reads 300 000 objects (inkluder=alle, spread over the
// 357 kommuner, one in a hundred across a border) against a fake that
// enforces NVDB's 40 requests per second, with the default client (39 per
// second): Scan(…, nil) planning its own partitions and workers, beside
// fixed partitions (the 15 fylker, 8 workers), for each of scanCases;
// planned-ids asks for ids only (the fake's and the decoder's CPU per page
// small), to show the scheduling where the machine is not the limit.
// Run it once: go test -run '^$' -bench Scan300k -benchtime 1x ./nvdb
func BenchmarkScan300k(b *testing.B) {
	for _, c := range scanCases {
		b.Run("planned/"+c.name, func(b *testing.B) { benchScan(b, c, inklAlle, nil) })
		b.Run("planned-ids/"+c.name, func(b *testing.B) { benchScan(b, c, nil, nil) })
		b.Run("fixed-15-fylker-8-workers/"+c.name, func(b *testing.B) {
			fylker := map[int]bool{}
			for _, k := range nvdbtest.SpreadKommuner() {
				fylker[k/100] = true
			}
			o := &nvdb.ScanOptions{Workers: 8}
			for f := range fylker {
				o.Fylker = append(o.Fylker, f)
			}
			benchScan(b, c, inklAlle, o)
		})
	}
}

// BenchmarkScanConcentrated reads objects that sit in few kommuner, the
// common case of a filtered read, with inkluder=alle against the same
// 40/s fake: 300 000 objects in the fake's eight default kommuner (37 500
// in each), and the 100 000 of one kommune (Kommune: 301, of 800 000
// generated), at 200 ms answers and with 1 s pages (scanCases). Each
// kommune is a 4 km square of objects some 150 × 70 m across, so the
// cells Scan cuts it into return the objects across their edges twice.
// Run it once: go test -run '^$' -bench ScanConcentrated -benchtime 1x ./nvdb
func BenchmarkScanConcentrated(b *testing.B) {
	for _, c := range []scanCase{scanCases[0], scanCases[2]} {
		b.Run("8-kommuner/"+c.name, func(b *testing.B) {
			benchScanOf(b, c, scanObjects, nil, &nvdb.VegobjektQuery{Inkluder: inklAlle}, scanObjects, nil)
		})
		b.Run("kommune-301/"+c.name, func(b *testing.B) {
			benchScanOf(b, c, 800_000, nil, &nvdb.VegobjektQuery{Inkluder: inklAlle, Kommune: []int{301}}, 100_000, nil)
		})
	}
}

// scanCases are the answer times of the benchmark: every answer (the
// plan's statistikk included) taking 200 ms or 1 s, and, as a page of
// 1000 objects with inkluder=alle is far larger than a statistikk answer,
// a full page taking 1 s while small answers take 200 ms.
type scanCase struct {
	name              string
	latency, pageTime time.Duration
}

var scanCases = []scanCase{
	{"200ms", 200 * time.Millisecond, 0},
	{"1s", time.Second, 0},
	{"1s-page-200ms-small", 200 * time.Millisecond, 800 * time.Millisecond},
}

func benchScan(b *testing.B, sc scanCase, inkl []nvdb.Inkluder, opts *nvdb.ScanOptions) {
	benchScanOf(b, sc, scanObjects, []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}, &nvdb.VegobjektQuery{Inkluder: inkl}, scanObjects, opts)
}

// benchScanOf scans the objects of q among generated ones (laid out by
// layout) and expects want of them.
func benchScanOf(b *testing.B, sc scanCase, generated int, layout []nvdbtest.Option, q *nvdb.VegobjektQuery, want int, opts *nvdb.ScanOptions) {
	srv := nvdbtest.NewServer(append(layout, nvdbtest.WithGenerated(105, generated),
		nvdbtest.WithLatency(sc.latency), nvdbtest.WithPageTime(sc.pageTime), nvdbtest.WithRateLimit(40), nvdbtest.WithGzip(false))...)
	defer srv.Close()
	sends := &sendLog{next: http.DefaultTransport}
	c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL), nvdb.WithHTTPClient(&http.Client{Transport: sends}))
	if err != nil {
		b.Fatal(err)
	}
	// Before the clock starts: a plan, which opens the connections, and a
	// count within a kartutsnitt, at which the fake places the objects on
	// the grid it counts kartutsnitt by (some 0.1 s for a million; NVDB
	// keeps its spatial index). The fake's other counts come from its
	// aggregates in a millisecond, so the timed plan costs what it costs
	// against NVDB: one answer's time.
	if _, err := c.Vegobjekter.PlanScan(context.Background(), 105, q, opts); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Vegobjekter.Statistikk(context.Background(), 105, &nvdb.VegobjektQuery{Kartutsnitt: nvdb.Kartutsnitt(0, 0, 1, 1)}); err != nil {
		b.Fatal(err)
	}
	warm := len(srv.Requests())
	sends.reset()
	var last nvdb.ScanProgress
	o := nvdb.ScanOptions{}
	if opts != nil {
		o = *opts
	}
	o.Progress = func(p nvdb.ScanProgress) { last = p }
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, err := range c.Vegobjekter.Scan(context.Background(), 105, q, &o) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != want {
			b.Fatalf("got %d objects, want %d", n, want)
		}
	}
	b.StopTimer()
	perRun := b.Elapsed().Seconds() / float64(b.N)
	rate := float64(want) / perRun
	b.ReportMetric(perRun, "s/run")
	b.ReportMetric(rate, "objects/s")
	b.ReportMetric(100*rate/40000, "%ceiling")
	b.ReportMetric(float64(len(srv.Requests())-warm)/float64(b.N)/(float64(want)/1000), "req/1000obj")
	b.ReportMetric(float64(sends.peak()), "peak-sent/1s")
	b.ReportMetric(float64(srv.PeakPerSecond()), "peak-arrived/1s")
	b.ReportMetric(float64(srv.Queued()), "queued")
	b.ReportMetric(float64(srv.RateLimited()), "429s")
	b.ReportMetric(float64(last.Workers), "workers")
	b.ReportMetric(float64(last.PartitionsTotal), "partitions")
	b.ReportMetric(last.PageTime.Seconds()*1000, "ms/page")
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

func (l *sendLog) reset() {
	l.mu.Lock()
	l.times = nil
	l.mu.Unlock()
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
