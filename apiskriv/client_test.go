package apiskriv_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
)

type countingLimiter struct{ n atomic.Int64 }

func (l *countingLimiter) Wait(ctx context.Context) error { l.n.Add(1); return ctx.Err() }

type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestCommonOptions(t *testing.T) {
	lim := &countingLimiter{}
	rt := &countingTransport{next: http.DefaultTransport}
	e := newEnv(t, apiskriv.JSON, nil, apiskriv.WithLimiter(lim), apiskriv.WithHTTPClient(&http.Client{Transport: rt}),
		apiskriv.WithUserAgent("audit-bot/1.0"), apiskriv.WithRateLimit(1000, 10))
	// Options apply in order: WithRateLimit replaced the counting limiter.
	_, err := e.c.Oppdrag.Get(context.Background(), 3466724)
	require.NoError(t, err)
	assert.Zero(t, lim.n.Load())
	assert.Equal(t, int64(1), rt.n.Load())

	e2 := newEnvOn(t, e.srv, "olanor", apiskriv.XML, apiskriv.WithHTTPClient(&http.Client{Transport: rt}), apiskriv.WithLimiter(lim))
	for range 3 {
		_, err := e2.c.Oppdrag.Get(context.Background(), 3466724)
		require.NoError(t, err)
	}
	assert.Equal(t, int64(3), lim.n.Load(), "the limiter is asked on every attempt")
	assert.Equal(t, int64(4), rt.n.Load())
	reqs := e.srv.Requests()
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "go-vegdata") // the login
	var sawUA bool
	for _, r := range reqs {
		if r.Path == "/rest/v1/oppdrag/3466724" && r.Header.Get("User-Agent") != "" {
			assert.Contains(t, r.Header.Get("User-Agent"), "go-vegdata/")
			if r.Header.Get("User-Agent") != reqs[0].Header.Get("User-Agent") {
				sawUA = true
				assert.Contains(t, r.Header.Get("User-Agent"), "audit-bot/1.0")
			}
		}
	}
	assert.True(t, sawUA)

	// Request ids are fresh per request.
	ids := map[string]bool{}
	for _, r := range reqs {
		ids[r.Header.Get("X-Request-ID")] = true
	}
	assert.Len(t, ids, len(reqs))
}
