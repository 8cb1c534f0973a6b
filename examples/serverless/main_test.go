package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func start(t *testing.T, env map[string]string) *httptest.Server {
	t.Helper()
	h, cleanup, err := newHandler(func(k string) string { return env[k] }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	t.Cleanup(cleanup)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	fn := start(t, nil) // the built-in fake
	tests := []struct {
		name, path string
		status     int
		check      func(t *testing.T, body []byte)
	}{
		{"one object", "/vegobjekter/67/89204552", http.StatusOK, func(t *testing.T, body []byte) {
			var o struct{ ID int64 }
			require.NoError(t, json.Unmarshal(body, &o))
			assert.Equal(t, int64(89204552), o.ID)
		}},
		{"geojson of a kommune", "/vegobjekter/105?kommune=301", http.StatusOK, func(t *testing.T, body []byte) {
			var fc struct {
				Type     string
				Features []struct{ Geometry struct{ Type string } }
			}
			require.NoError(t, json.Unmarshal(body, &fc), string(body))
			assert.Equal(t, "FeatureCollection", fc.Type)
			require.NotEmpty(t, fc.Features)
			assert.Equal(t, "LineString", fc.Features[0].Geometry.Type)
		}},
		{"not found", "/vegobjekter/67/1", http.StatusNotFound, nil},
		{"bad id", "/vegobjekter/67/x", http.StatusBadRequest, nil},
		{"bad kommune", "/vegobjekter/105?kommune=", http.StatusBadRequest, nil},
		{"refused before any request", "/vegobjekter/-5?kommune=301", http.StatusBadRequest, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := get(t, fn.URL+tc.path)
			assert.Equal(t, tc.status, status, string(body))
			if tc.check != nil {
				tc.check(t, body)
			}
		})
	}
}

// TestPagesStreamed checks that a result of several pages comes out whole.
func TestPagesStreamed(t *testing.T) {
	t.Parallel()
	fake := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 2500))
	defer fake.Close()
	fn := start(t, map[string]string{"NVDB_BASE_URL": fake.URL})
	status, body := get(t, fn.URL+"/vegobjekter/999?kommune=301")
	require.Equal(t, http.StatusOK, status, string(body))
	var fc struct{ Features []json.RawMessage }
	require.NoError(t, json.Unmarshal(body, &fc))
	assert.NotEmpty(t, fc.Features)
	assert.Greater(t, len(fake.Requests()), 1, "more than one page was fetched")
}

// TestDeadline checks that a stalled NVDB answer ends the invocation at
// REQUEST_TIMEOUT with 504, instead of running into the platform's kill.
func TestDeadline(t *testing.T) {
	t.Parallel()
	fake := nvdbtest.NewServer()
	defer fake.Close()
	fake.Script(nvdbtest.Fault{Delay: time.Minute})
	fn := start(t, map[string]string{"NVDB_BASE_URL": fake.URL, "REQUEST_TIMEOUT": "50ms"})
	status, _ := get(t, fn.URL+"/vegobjekter/67/89204552")
	assert.Equal(t, http.StatusGatewayTimeout, status)
}

func TestConfig(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"bad timeout":      {"REQUEST_TIMEOUT": "soon"},
		"negative timeout": {"REQUEST_TIMEOUT": "-1s"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := newHandler(func(k string) string { return env[k] }, slog.New(slog.NewTextHandler(io.Discard, nil)))
			assert.Error(t, err)
		})
	}
}

// TestSharedLimiterFromRedisAddr: with REDIS_ADDR set, every call waits on
// the fleet's bucket in Redis (an in-process miniredis here); when Redis is
// gone the function answers 503 at once, with nothing sent to NVDB.
func TestSharedLimiterFromRedisAddr(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	fake := nvdbtest.NewServer()
	defer fake.Close()
	fn := start(t, map[string]string{"NVDB_BASE_URL": fake.URL, "NVDB_CLIENT_NAME": "fleet-app", "REDIS_ADDR": mr.Addr()})

	status, body := get(t, fn.URL+"/vegobjekter/67/89204552")
	require.Equal(t, http.StatusOK, status, string(body))
	assert.Contains(t, mr.Keys(), "rate:vegdata:limiter:{nvdb:fleet-app}", "the bucket is shared through Redis")

	mr.Close()
	before := len(fake.Requests())
	status, _ = get(t, fn.URL+"/vegobjekter/67/89204552")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, before, len(fake.Requests()), "nothing sent while the shared limiter is unreachable")
}
