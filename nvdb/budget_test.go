package nvdb_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestOneRetryBudgetPerPage: 503s and pages whose body breaks off,
// alternating, share one budget: a page costs at most MaxRetries+1
// requests, whatever the mix.
func TestOneRetryBudgetPerPage(t *testing.T) {
	for _, max := range []int{1, 2, 3} {
		c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 50)},
			nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: max, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
		var script []nvdbtest.Fault
		for i := 0; i <= max; i++ {
			if i%2 == 0 {
				script = append(script, nvdbtest.Fault{Status: http.StatusServiceUnavailable})
			} else {
				script = append(script, nvdbtest.Fault{Truncate: true})
			}
		}
		srv.Script(script...)
		_, err := c.Vegobjekter.List(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 10})
		var ae *nvdb.APIError
		require.ErrorAs(t, err, &ae, "MaxRetries %d", max)
		assert.Len(t, srv.Requests(), max+1, "MaxRetries %d", max)
		assert.Equal(t, max+1, ae.Attempts)

		// One fault fewer and the page arrives, on the last request allowed.
		srv.Script(script[:max]...)
		before := len(srv.Requests())
		p, err := c.Vegobjekter.List(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 10})
		require.NoError(t, err)
		assert.Len(t, p.Items, 10)
		assert.Len(t, srv.Requests(), before+max+1)
	}
}

// TestStalledPageRepeated: a page that stops arriving halfway, connection
// open, is abandoned after the stall timeout and fetched again, and the
// range loop finishes with every object, under a context without deadline.
func TestStalledPageRepeated(t *testing.T) {
	t.Parallel()
	c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(105, 120)},
		nvdb.WithStallTimeout(300*time.Millisecond))
	srv.Script(nvdbtest.Fault{}, nvdbtest.Fault{Stall: true})
	n := 0
	for obj, err := range c.Vegobjekter.All(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 50}) {
		require.NoError(t, err)
		require.NotNil(t, obj)
		n++
	}
	assert.Equal(t, 120, n)
	// Three pages, the second one twice, and the empty page that ends the
	// listing: at least 5 (beside the CPU-heavy tests a starved moment of
	// 300 ms can abandon one more attempt, which is repeated as well).
	assert.GreaterOrEqual(t, len(srv.Requests()), 5)
}

// TestZeroPolicyKeepsRetries: a policy that only caps Retry-After still
// retries a 503 with the default budget.
func TestZeroPolicyKeepsRetries(t *testing.T) {
	c, srv := newClient(t, nil, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetryAfter: 5 * time.Second, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable}, nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	_, err := c.Vegobjekter.Get(context.Background(), 67, 89204552, nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 3)
}
