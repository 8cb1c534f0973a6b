package pgstore_test

import (
	"maps"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// The benchmarks of Sync into PostgreSQL, end to end: uberiket's client
// streams the fake's 300 000 generated speed limits (their NDJSON lines
// encoded once, at start, so the fake costs little more than its writes)
// and pgstore writes them. objects/s is the rate; cpu-us/object the CPU
// time of this process (client and fake) and of the server per object,
// which the other load on a shared machine hardly changes; load1 the
// machine's load when the run began. Run each once:
//
//	go test -run '^$' -bench 'Sync' -benchtime 1x ./pgstore
//
// (from the repository root: github.com/vegdata/go-vegdata/pgstore).

// BenchmarkSyncBackfill is a first backfill of 300 000 objects, in the
// default batches of 10 000: against a fake that answers at once, and one
// that takes 200 ms for every answer and admits NVDB's 40 requests per
// second (the client at its default 39). The batches are applied one
// after the other while the streams read on, so the rate is bounded by
// one batch's path: encoding its rows (about 1.7 µs an object) and the
// server taking the COPY in (about 8 µs an object, one backend process);
// decoding the streams (about 3.5 µs an object) runs beside it. At 200 ms
// an answer the steady rate is the same, and the copy pays a few seconds
// of round trips once (the last hendelse, the probes that bound the id
// space at 39 requests per second, the hendelser after).
func BenchmarkSyncBackfill(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []uberikettest.Option
	}{
		{"latency=0", nil},
		{"latency=200ms,40rps", []uberikettest.Option{uberikettest.WithLatency(200 * time.Millisecond), uberikettest.WithRateLimit(40)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newEnv(b)
			srv := fake(b, benchObjects, tc.opts...)
			c := newClient(b, srv.URL)
			want := len(srv.Snapshot(105))
			m := pgtest.NewCPUMeter(e.srv)
			load := loadavg()
			b.ResetTimer()
			for range b.N {
				m.Start()
				if err := c.Sync(e.ctx, 105, e.store, nil); err != nil {
					b.Fatal(err)
				}
				m.Stop()
				b.StopTimer()
				if got := len(e.table(105)); got != want {
					b.Fatalf("%d objects of %d", got, want)
				}
				e.exec("TRUNCATE " + e.schema + ".vegobjekter, " + e.schema + ".posisjoner")
				b.StartTimer()
			}
			m.Report(b, b.N*want)
			b.ReportMetric(load, "load1")
		})
	}
}

// BenchmarkSyncHendelser follows NVDB's changes on a table of 300 000
// objects: each op is one round of 1000 changes to the fake (new objects,
// new versions, corrections, objects ended and removed; not timed), then
// the Sync that reads the hendelser, reads the objects they name again and
// applies them. objects/s counts the objects written and removed. The
// client's share (decoding the hendelser pages, reading the objects
// again) and the fake's encoding of the pages outweigh the store's.
func BenchmarkSyncHendelser(b *testing.B) {
	e := newEnv(b)
	srv := fake(b, benchObjects)
	c := newClient(b, srv.URL)
	if err := c.Sync(e.ctx, 105, e.store, nil); err != nil {
		b.Fatal(err)
	}
	e.exec("VACUUM ANALYZE " + e.schema + ".vegobjekter")
	var applied int
	opts := &uberiket.SyncOptions{Progress: func(p uberiket.SyncProgress) { applied = p.Upserted + p.Removed }}
	m := pgtest.NewCPUMeter(e.srv)
	load := loadavg()
	total := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		srv.Change(105, 1000)
		applied = 0
		b.StartTimer()
		m.Start()
		if err := c.Sync(e.ctx, 105, e.store, opts); err != nil {
			b.Fatal(err)
		}
		m.Stop()
		total += applied
	}
	b.StopTimer()
	m.Report(b, total)
	b.ReportMetric(float64(total)/float64(b.N), "objects/round")
	b.ReportMetric(load, "load1")
	if !maps.Equal(srv.Snapshot(105), e.table(105)) {
		b.Fatal("the table is not equal to NVDB")
	}
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
