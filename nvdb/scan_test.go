package nvdb_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestScanPartitions(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 4000)})
	seen := map[int64]bool{}
	for o, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 250}, &nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 3}) {
		require.NoError(t, err)
		require.False(t, seen[o.ID])
		seen[o.ID] = true
	}
	assert.Len(t, seen, 4000)
	// 8 partitions of 500 objects: 2 pages and an empty one each.
	assert.Equal(t, 24, len(srv.Requests()))

	byKommune := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 1000}, &nvdb.ScanOptions{Kommuner: []int{301, 5001}}) {
		require.NoError(t, err)
		byKommune++
	}
	assert.Equal(t, 1000, byKommune)
}

// leaked lists goroutines still running the SDK's iteration code.
func leaked() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "nvdb.(*VegobjekterService).Scan") || strings.Contains(g, "paginate.prefetchLoop") {
			out = append(out, g)
		}
	}
	return out
}

func TestScanStopsCleanly(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 4000)})
	n := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 100}, &nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 4}) {
		require.NoError(t, err)
		if n++; n == 150 {
			break
		}
	}
	// No worker or prefetch goroutine outlives the loop (the goroutine that
	// closed the results channel may take a moment to finish returning).
	assert.Eventually(t, func() bool { return len(leaked()) == 0 }, 5*time.Second, 5*time.Millisecond, "%v", leaked())

	c2, srv2 := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 4000)}, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
	srv2.Script(nvdbtest.Fault{Status: http.StatusInternalServerError})
	var errs []error
	for _, err := range c2.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker()}) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], nvdb.ErrServer))
}
