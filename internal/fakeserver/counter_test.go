package fakeserver

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounter(t *testing.T) {
	srv := serve(t, Config{})
	srv.Script(Fault{Status: 429, RetryAfter: "0"}, Fault{Drop: true}, Fault{Truncate: true}, Fault{Status: 503})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// A fresh connection per request: on a reused one net/http repeats a
	// GET whose connection closed silently, hiding the drop.
	tr.DisableKeepAlives = true
	defer tr.CloseIdleConnections()
	c := &Counter{Next: tr}
	hc := c.Client()
	for range 5 {
		resp, err := hc.Get(srv.URL)
		if err != nil {
			continue
		}
		_, _ = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
	}
	require.Equal(t, 5, c.Attempts())
	assert.Equal(t, 1, c.Status(429))
	assert.Equal(t, 1, c.Status(503))
	assert.Equal(t, 2, c.Status(200)) // the truncated answer and the clean one
	assert.Equal(t, 1, c.TransportErrors())
	assert.Equal(t, 1, c.BrokenBodies())
	assert.Equal(t, "5 attempts: 2×200 1×429 1×503, 1 transport errors, 1 broken bodies", c.String())
}
