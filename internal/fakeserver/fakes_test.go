package fakeserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// fake is the core API every fake offers. The fakes' Fault and Request are
// aliases of vegdatatest's, so their methods satisfy one interface.
type fake interface {
	Close()
	Client() *http.Client
	Script(...vegdatatest.Fault)
	Requests() []vegdatatest.Request
	OpenConns() int
}

var (
	_ fake = (*autosystest.Server)(nil)
	_ fake = (*nvdbtest.Server)(nil)
	_ fake = (*apiskrivtest.Server)(nil)
	_ fake = (*synsbasentest.Server)(nil)
	_ fake = (*uberikettest.Server)(nil)
)

// A fake under test: how to start it with the common options, and one
// request for a documented object.
type fakeCase struct {
	name string
	// start takes the common options in the fake's own Option type.
	start      func(keys []string, f vegdatatest.Faults, latency time.Duration) (fake, string)
	path       string
	authHeader string
	scheme     string
	anonymous  int // status of a request without a key
	rejected   int // status of a key WithKeys does not name
	quota      int // status of the spent-quota answer (Fault.Quota)
}

var fakes = []fakeCase{
	{
		name: "autosys",
		start: func(keys []string, f vegdatatest.Faults, d time.Duration) (fake, string) {
			opts := []autosystest.Option{autosystest.WithFaults(f), autosystest.WithLatency(d)}
			if keys != nil {
				opts = append(opts, autosystest.WithKeys(keys...))
			}
			s := autosystest.NewServer(opts...)
			return s, s.URL
		},
		path: autosystest.Path + "?kjennemerke=EK39085", authHeader: "SVV-Authorization", scheme: "Apikey",
		anonymous: 401, rejected: 403, quota: 422,
	},
	{
		name: "nvdb",
		start: func(keys []string, f vegdatatest.Faults, d time.Duration) (fake, string) {
			opts := []nvdbtest.Option{nvdbtest.WithFaults(f), nvdbtest.WithLatency(d)}
			if keys != nil {
				opts = append(opts, nvdbtest.WithKeys(keys...))
			}
			s := nvdbtest.NewServer(opts...)
			return s, s.URL
		},
		path: "/vegobjekter/api/v4/vegobjekter/45/79632559", authHeader: "Authorization", scheme: "Bearer",
		anonymous: 200, rejected: 401, quota: 429, // NVDB Les serves public data without a token
	},
	{
		name: "uberiket",
		start: func(keys []string, f vegdatatest.Faults, d time.Duration) (fake, string) {
			opts := []uberikettest.Option{uberikettest.WithFaults(f), uberikettest.WithLatency(d)}
			if keys != nil {
				opts = append(opts, uberikettest.WithKeys(keys...))
			}
			s := uberikettest.NewServer(opts...)
			return s, s.URL
		},
		path: "/uberiket/api/v1/vegobjekter/105/323113504", authHeader: "Authorization", scheme: "Bearer",
		anonymous: 200, rejected: 401, quota: 429, // like NVDB Les: public data without a token
	},
	{
		name: "apiskriv",
		start: func(keys []string, f vegdatatest.Faults, d time.Duration) (fake, string) {
			opts := []apiskrivtest.Option{apiskrivtest.WithFaults(f), apiskrivtest.WithLatency(d)}
			if keys != nil {
				opts = append(opts, apiskrivtest.WithKeys(keys...))
			}
			s := apiskrivtest.NewServer(opts...)
			return s, s.URL
		},
		path: "/rest/v1/oppdrag/3466724", authHeader: "Authorization", scheme: "Bearer",
		anonymous: 401, rejected: 401, quota: 429,
	},
	{
		name: "synsbasen",
		start: func(keys []string, f vegdatatest.Faults, d time.Duration) (fake, string) {
			opts := []synsbasentest.Option{synsbasentest.WithFaults(f), synsbasentest.WithLatency(d)}
			if keys != nil {
				opts = append(opts, synsbasentest.WithKeys(keys...))
			}
			s := synsbasentest.NewServer(opts...)
			return s, s.URL
		},
		path: "/v1/vehicles/1004501200018020", authHeader: "Authorization", scheme: "Bearer",
		anonymous: 401, rejected: 401, quota: 429,
	},
}

func get(t *testing.T, hc *http.Client, fc fakeCase, base, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+fc.path, nil)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set(fc.authHeader, fc.scheme+" "+key)
	}
	req.Header.Set("X-Client", "fakes-test")
	req.Header.Set("X-Request-ID", "rid-"+fc.name)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "read: " + err.Error()
	}
	return resp.StatusCode, string(b)
}

func TestKeys(t *testing.T) {
	for _, fc := range fakes {
		t.Run(fc.name, func(t *testing.T) {
			open, base := fc.start(nil, vegdatatest.Faults{}, 0)
			defer open.Close()
			st, _ := get(t, open.Client(), fc, base, "any-key")
			assert.Equal(t, 200, st, "any non-empty key")
			st, _ = get(t, open.Client(), fc, base, "")
			assert.Equal(t, fc.anonymous, st, "no key")

			strict, base := fc.start([]string{"good"}, vegdatatest.Faults{}, 0)
			defer strict.Close()
			st, _ = get(t, strict.Client(), fc, base, "good")
			assert.Equal(t, 200, st, "a named key")
			st, _ = get(t, strict.Client(), fc, base, "bad")
			assert.Equal(t, fc.rejected, st, "a key not named")
		})
	}
}

func TestScriptAndRequests(t *testing.T) {
	for _, fc := range fakes {
		t.Run(fc.name, func(t *testing.T) {
			srv, base := fc.start(nil, vegdatatest.Faults{}, 0)
			defer srv.Close()
			srv.Script(vegdatatest.Fault{}, vegdatatest.Fault{Status: 503, RetryAfter: "1"}, vegdatatest.Fault{Status: 200, Body: "odd"})
			var got []int
			for range 4 {
				st, _ := get(t, srv.Client(), fc, base, "s3cret-key")
				got = append(got, st)
			}
			assert.Equal(t, []int{200, 503, 200, 200}, got)
			_, body := get(t, srv.Client(), fc, base, "s3cret-key")
			assert.NotEqual(t, "odd", body)

			reqs := srv.Requests()
			require.Len(t, reqs, 5)
			r := reqs[1]
			assert.Equal(t, http.MethodGet, r.Method)
			path, query, _ := strings.Cut(fc.path, "?")
			assert.Equal(t, path, r.Path)
			assert.Equal(t, query, r.Query)
			assert.Equal(t, vegdatatest.Fault{Status: 503, RetryAfter: "1"}, r.Fault)
			assert.Equal(t, fc.scheme+" ***", r.Auth)
			assert.Equal(t, "fakes-test", r.Client)
			assert.Equal(t, "rid-"+fc.name, r.RequestID)
			for _, r := range reqs {
				for _, vs := range r.Header {
					assert.NotContains(t, strings.Join(vs, " "), "s3cret")
				}
			}
		})
	}
}

// A Quota fault answers as the API does when a quota is spent.
func TestQuotaFault(t *testing.T) {
	for _, fc := range fakes {
		t.Run(fc.name, func(t *testing.T) {
			srv, base := fc.start(nil, vegdatatest.Faults{}, 0)
			defer srv.Close()
			srv.Script(vegdatatest.Fault{Quota: true})
			st, _ := get(t, srv.Client(), fc, base, "k")
			assert.Equal(t, fc.quota, st)
		})
	}
}

// The same seed gives the same faults, and the schedule covers what
// Faults names.
func TestSeededFaults(t *testing.T) {
	f := vegdatatest.Faults{Seed: 11, RateLimited: 0.2, Unavailable: 0.2, ServerError: 0.1, Quota: 0.1}
	for _, fc := range fakes {
		t.Run(fc.name, func(t *testing.T) {
			run := func() []int {
				srv, base := fc.start(nil, f, 0)
				defer srv.Close()
				var codes []int
				for range 30 {
					st, _ := get(t, srv.Client(), fc, base, "k")
					codes = append(codes, st)
				}
				return codes
			}
			a := run()
			assert.Equal(t, a, run())
			for _, want := range []int{200, 429, 500, 503} {
				assert.Contains(t, a, want)
			}
		})
	}
}

// OpenConns counts the client's connections, drops and stalls included,
// and returns to zero when the client lets go.
func TestOpenConns(t *testing.T) {
	for _, fc := range fakes {
		t.Run(fc.name, func(t *testing.T) {
			srv, base := fc.start(nil, vegdatatest.Faults{}, 0)
			defer srv.Close()
			tr := http.DefaultTransport.(*http.Transport).Clone()
			hc := &http.Client{Transport: tr, Timeout: 2 * time.Second}
			srv.Script(vegdatatest.Fault{}, vegdatatest.Fault{Drop: true})
			for range 3 {
				get(t, hc, fc, base, "k")
			}
			assert.Equal(t, 1, srv.OpenConns(), "one kept-alive connection")
			tr.CloseIdleConnections()
			assert.Eventually(t, func() bool { return srv.OpenConns() == 0 }, 5*time.Second, 5*time.Millisecond)
		})
	}
}
