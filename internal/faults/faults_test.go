package faults

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serve(t *testing.T, in *Injector) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":"`+strings.Repeat("x", 100)+`"}`)
	})
	srv := httptest.NewServer(in.Wrap(h, func(status int) (string, string) {
		return "application/json", `{"status":"` + http.StatusText(status) + `"}`
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestScriptedFaults(t *testing.T) {
	in := New(Config{})
	srv := serve(t, in)
	in.Script(Fault{Status: 429, RetryAfter: "1"}, Fault{Drop: true}, Fault{Truncate: true}, Fault{Status: 503, Body: "down"})

	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	_ = resp.Body.Close()

	_, err = http.Get(srv.URL)
	assert.Error(t, err, "dropped connection")

	resp, err = http.Get(srv.URL)
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "truncated body")
	_ = resp.Body.Close()

	resp, err = http.Get(srv.URL)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "down", string(b))

	resp, err = http.Get(srv.URL)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "script used up")
	assert.Equal(t, 5, in.Requests())
	assert.Equal(t, 4, in.Injected())
}

func TestSeededScheduleRepeats(t *testing.T) {
	run := func() []int {
		in := New(Config{Seed: 7, RateLimit: 0.2, Unavailable: 0.2, RetryAfterMax: time.Second})
		srv := serve(t, in)
		var codes []int
		for range 40 {
			resp, err := http.Get(srv.URL)
			require.NoError(t, err)
			_ = resp.Body.Close()
			codes = append(codes, resp.StatusCode)
		}
		return codes
	}
	a, b := run(), run()
	assert.Equal(t, a, b)
	assert.Contains(t, a, 429)
	assert.Contains(t, a, 503)
	assert.Contains(t, a, 200)
}

func TestScriptedDelayOnlyServesNormally(t *testing.T) {
	in := New(Config{})
	srv := serve(t, in)
	in.Script(Fault{}, Fault{Delay: 10 * time.Millisecond})
	for range 2 {
		resp, err := http.Get(srv.URL)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, string(body), `"data"`)
	}
	assert.Equal(t, 0, in.Injected(), "a delay is not counted as an injected fault")
}
