package redisstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/redisstore"
)

// BenchmarkLimiterWait measures the limiter's own cost per Wait: one script
// run against Redis (a real redis-server with REDIS_ADDR, else miniredis)
// under a rate too high to ever wait.
func BenchmarkLimiterWait(b *testing.B) {
	rdb, _ := newRedis(b)
	l := redisstore.NewLimiter(rdb, uniqueKey(b), 1e9, 1000)
	ctx := testCtx(b)
	require.NoError(b, l.Wait(ctx)) // load the script, open the connection
	b.ReportAllocs()
	for b.Loop() {
		if err := l.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuotaReserve measures one shared reservation.
func BenchmarkQuotaReserve(b *testing.B) {
	rdb, _ := newRedis(b)
	q := redisstore.NewQuota(rdb, uniqueKey(b), 1<<30)
	ctx := testCtx(b)
	_, _, err := q.Reserve(ctx)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := q.Reserve(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFleetNVDB runs the four-process NVDB fleet for 3 s (once,
// whatever b.N) and reports the requests per second it achieved against
// NVDB's 40.
func BenchmarkFleetNVDB(b *testing.B) {
	_, addr := newRedis(b)
	f := runNVDBFleet(b, addr, 3*time.Second)
	b.Log(f)
	b.ReportMetric(f.perSecond, "req/s")
	b.ReportMetric(100*f.perSecond/nvdbLimit, "%-of-limit")
	b.ReportMetric(float64(f.grantPeak), "slots-peak/s")
	b.ReportMetric(float64(f.peak), "arrived-peak/s")
	b.ReportMetric(float64(f.limited), "429s")
}
