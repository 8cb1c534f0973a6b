package nvdb_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// dripServer answers the first page of a listing from the fake, and every
// other request with a 200 whose body then comes one byte every 50 ms,
// far more often than the 500 ms stall timeout, for as long as the client
// listens. (The 450 ms between a byte and the stall timeout keep a loaded
// machine from turning the drip into a plain stall.)
func dripServer(t *testing.T, drips *atomic.Int64) *httptest.Server {
	fake := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 10))
	t.Cleanup(fake.Close)
	u, err := url.Parse(fake.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("antall") != "" && r.URL.Query().Get("start") == "" {
			proxy.ServeHTTP(w, r) // the first page of a listing
			return
		}
		drips.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"objekter":[`)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDripEndsCall: a server dripping a byte every 50 ms, under a 500 ms
// stall timeout and a context without deadline, no longer keeps a call or
// a range loop alive: every attempt is abandoned and repeated within the
// budget, and the call ends with ErrUnavailable (issue 21, item 8). The
// call and the loop drip side by side, started together; the subtests
// wait for one each. A budget of one retry shows an attempt abandoned and
// the next one abandoned too; a larger one only added 500 ms of waiting
// per attempt. The test mostly waits, so it runs beside the package's
// other parallel tests, in one of their slots.
func TestDripEndsCall(t *testing.T) {
	t.Parallel()
	var drips atomic.Int64
	srv := dripServer(t, &drips)
	c, err := nvdb.NewClient("drip-test", nvdb.WithBaseURL(srv.URL), nvdb.WithStallTimeout(500*time.Millisecond),
		nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: 1, MinWait: 10 * time.Millisecond, MaxWait: 20 * time.Millisecond}))
	require.NoError(t, err)

	call := make(chan error, 1)
	go func() {
		_, err := c.Vegobjekter.Get(context.Background(), 67, 89204552, nil)
		call <- err
	}()
	type loopEnd struct {
		err   error
		items int
	}
	loop := make(chan loopEnd, 1)
	go func() {
		items := 0
		for _, err := range c.Vegobjekter.All(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 2}) {
			if err != nil {
				loop <- loopEnd{err, items}
				return
			}
			items++
		}
		loop <- loopEnd{nil, items}
	}()

	t.Run("single call", func(t *testing.T) {
		select {
		case err := <-call:
			require.ErrorIs(t, err, nvdb.ErrUnavailable)
			assert.Contains(t, err.Error(), "dripping")
			var ae *nvdb.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 2, ae.Attempts)
		case <-time.After(time.Minute):
			t.Fatal("a dripping answer kept the call alive for a minute")
		}
	})
	t.Run("range loop", func(t *testing.T) {
		select {
		case end := <-loop:
			require.ErrorIs(t, end.err, nvdb.ErrUnavailable, "the loop ends with an error, never silently")
			assert.Equal(t, 2, end.items, "the first page came whole")
		case <-time.After(time.Minute):
			t.Fatal("a dripping page kept the range loop alive for a minute")
		}
	})
	assert.EqualValues(t, 4, drips.Load(), "two attempts per call")
}
