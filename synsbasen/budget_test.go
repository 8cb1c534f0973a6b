package synsbasen_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// TestOneRetryBudgetPerLookup: 503s and answers whose body breaks off,
// alternating, share one budget: a lookup sends at most MaxRetries+1
// requests, and Attempts says how many.
func TestOneRetryBudgetPerLookup(t *testing.T) {
	for _, max := range []int{1, 2, 3} {
		srv := synsbasentest.NewServer()
		t.Cleanup(srv.Close)
		c := newClient(t, srv, synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: max, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
		var script []synsbasentest.Fault
		for i := 0; i <= max; i++ {
			if i%2 == 0 {
				script = append(script, synsbasentest.Fault{Status: http.StatusServiceUnavailable})
			} else {
				script = append(script, synsbasentest.Fault{Truncate: true})
			}
		}
		srv.Script(script...)
		_, err := c.Vehicles.Get(context.Background(), synsbasentest.VehicleID)
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae, "MaxRetries %d", max)
		assert.Len(t, srv.Requests(), max+1, "MaxRetries %d", max)
		assert.Equal(t, max+1, ae.Attempts)

		srv.Script(script[:max]...)
		var m synsbasen.Meta
		v, err := c.Vehicles.Get(vegdata.CaptureMeta(context.Background(), &m), synsbasentest.VehicleID)
		require.NoError(t, err)
		assert.Equal(t, synsbasentest.VehicleID, v.ID)
		assert.Equal(t, max+1, m.Attempts)
	}
}
