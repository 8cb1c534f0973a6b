package synsbasen_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

const testKey = "sb_sk_test_0123456789abcdef"

func fastRetry() synsbasen.RetryPolicy {
	return synsbasen.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetryAfter: time.Second}
}

func newClient(t *testing.T, srv *synsbasentest.Server, opts ...synsbasen.Option) *synsbasen.Client {
	t.Helper()
	c, err := synsbasen.NewClient(testKey, append([]synsbasen.Option{synsbasen.WithBaseURL(srv.URL), synsbasen.WithRetry(fastRetry())}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestNewClientChecksInput(t *testing.T) {
	tests := []struct {
		name string
		key  string
		opts []synsbasen.Option
		want error
	}{
		{"empty key", "", nil, synsbasen.ErrInvalidArgument},
		{"blank key", "   ", nil, synsbasen.ErrInvalidArgument},
		{"key with newline", "abc\ndef", nil, synsbasen.ErrInvalidArgument},
		{"bad base URL", testKey, []synsbasen.Option{synsbasen.WithBaseURL("ftp://x")}, synsbasen.ErrInvalidArgument},
		{"plain http to a remote host", testKey, []synsbasen.Option{synsbasen.WithBaseURL("http://api.synsbasen.dk")}, synsbasen.ErrInsecureAuth},
		{"bad rate", testKey, []synsbasen.Option{synsbasen.WithRateLimit(0, 1)}, synsbasen.ErrInvalidArgument},
		{"nil http client", testKey, []synsbasen.Option{synsbasen.WithHTTPClient(nil)}, synsbasen.ErrInvalidArgument},
		{"negative retries", testKey, []synsbasen.Option{synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: -2})}, synsbasen.ErrInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := synsbasen.NewClient(tt.key, tt.opts...)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			if tt.key != "" {
				assert.NotContains(t, err.Error(), tt.key)
			}
		})
	}
	c, err := synsbasen.NewClient(testKey)
	require.NoError(t, err)
	assert.Equal(t, synsbasen.DefaultBaseURL, c.BaseURL())
}

// Every endpoint goes to its documented path with the key as a bearer token.
func TestEndpointsAndPaths(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		call   func(c *synsbasen.Client) error
		method string
		path   string
		query  string
	}{
		{"vehicle by id", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID, synsbasen.ExpandEngine)
			return err
		}, "GET", "/v1/vehicles/1004501200018020", "expand%5B%5D=engine"},
		{"vehicle by registration", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.GetByRegistration(ctx, "as 87 640")
			return err
		}, "GET", "/v1/vehicles/registration/AS87640", ""},
		{"vehicle by Danish registration", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.GetByRegistration(ctx, "grøn1")
			return err
		}, "GET", "/v1/vehicles/registration/GRØN1", ""},
		{"vehicle by VIN", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.GetByVIN(ctx, "vf7x1revf72378327")
			return err
		}, "GET", "/v1/vehicles/vin/VF7X1REVF72378327", ""},
		{"inspection", func(c *synsbasen.Client) error {
			_, err := c.Inspections.Get(ctx, synsbasentest.InspectionID)
			return err
		}, "GET", "/v1/inspections/26939482", ""},
		{"vehicle search", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.Search(ctx, &synsbasen.Search{Expand: []synsbasen.Expand{synsbasen.ExpandAge}})
			return err
		}, "POST", "/v1/vehicles/search", "expand%5B%5D=age"},
		{"inspection search", func(c *synsbasen.Client) error {
			_, err := c.Inspections.Search(ctx, nil)
			return err
		}, "POST", "/v1/inspections/search", ""},
		{"error code search", func(c *synsbasen.Client) error {
			_, err := c.ErrorCodes.Search(ctx, nil)
			return err
		}, "POST", "/v1/error_codes/search", ""},
		{"leasing period search", func(c *synsbasen.Client) error {
			_, err := c.LeasingPeriods.Search(ctx, nil)
			return err
		}, "POST", "/v1/leasing_periods/search", ""},
		{"inspection test center search", func(c *synsbasen.Client) error {
			_, err := c.InspectionTestCenters.Search(ctx, nil)
			return err
		}, "POST", "/v1/inspection_test_centers/search", ""},
		{"brand search", func(c *synsbasen.Client) error { _, err := c.Brands.Search(ctx, nil); return err }, "POST", "/v1/brands/search", ""},
		{"model search", func(c *synsbasen.Client) error { _, err := c.Models.Search(ctx, nil); return err }, "POST", "/v1/models/search", ""},
		{"variant search", func(c *synsbasen.Client) error { _, err := c.Variants.Search(ctx, nil); return err }, "POST", "/v1/variants/search", ""},
		{"version search", func(c *synsbasen.Client) error { _, err := c.Versions.Search(ctx, nil); return err }, "POST", "/v1/versions/search", ""},
		{"brands", func(c *synsbasen.Client) error {
			_, err := c.Brands.List(ctx, &synsbasen.ListOptions{Page: 2, PerPage: 3})
			return err
		}, "GET", "/v1/brands", "page=2&per_page=3"},
		{"brand", func(c *synsbasen.Client) error { _, err := c.Brands.Get(ctx, "1"); return err }, "GET", "/v1/brands/1", ""},
		{"brand models", func(c *synsbasen.Client) error { _, err := c.Brands.Models(ctx, "1", nil); return err }, "GET", "/v1/brands/1/models", ""},
		{"model", func(c *synsbasen.Client) error { _, err := c.Models.Get(ctx, "1"); return err }, "GET", "/v1/models/1", ""},
		{"model variants", func(c *synsbasen.Client) error { _, err := c.Models.Variants(ctx, "1", nil); return err }, "GET", "/v1/models/1/variants", ""},
		{"variant", func(c *synsbasen.Client) error { _, err := c.Variants.Get(ctx, "1"); return err }, "GET", "/v1/variants/1", ""},
		{"variant versions", func(c *synsbasen.Client) error { _, err := c.Variants.Versions(ctx, "1", nil); return err }, "GET", "/v1/variants/1/versions", ""},
		{"version", func(c *synsbasen.Client) error { _, err := c.Versions.Get(ctx, "104"); return err }, "GET", "/v1/versions/104", ""},
		{"body type", func(c *synsbasen.Client) error { _, err := c.BodyTypes.Get(ctx, "1"); return err }, "GET", "/v1/body_types/1", ""},
		{"body types", func(c *synsbasen.Client) error { _, err := c.BodyTypes.List(ctx, nil); return err }, "GET", "/v1/body_types", ""},
		{"test centers", func(c *synsbasen.Client) error { _, err := c.TestCenters.List(ctx); return err }, "GET", "/v1/test_centers", ""},
		{"inspection test centers", func(c *synsbasen.Client) error {
			_, err := c.InspectionTestCenters.List(ctx, nil)
			return err
		}, "GET", "/v1/inspection_test_centers", ""},
		{"tokens", func(c *synsbasen.Client) error { _, err := c.Tokens(ctx); return err }, "GET", "/v1/tokens", ""},
		{"watched list", func(c *synsbasen.Client) error {
			_, err := c.WatchedVehicles.List(ctx, &synsbasen.ListOptions{PerPage: 100})
			return err
		}, "GET", "/v1/watched_vehicles", "per_page=100"},
		{"watch", func(c *synsbasen.Client) error {
			_, err := c.WatchedVehicles.Add(ctx, synsbasentest.WatchVehicleID)
			return err
		}, "POST", "/v1/watched_vehicles", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var auth []string
			var mu sync.Mutex
			srv := synsbasentest.NewServer()
			defer srv.Close()
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				auth = append(auth, r.Header.Get("Authorization"))
				mu.Unlock()
				return http.DefaultTransport.RoundTrip(r)
			})}
			c := newClient(t, srv, synsbasen.WithHTTPClient(hc))
			require.NoError(t, tt.call(c))
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.method, reqs[0].Method)
			assert.Equal(t, tt.path, reqs[0].Path)
			assert.Equal(t, tt.query, reqs[0].Query)
			assert.Equal(t, []string{"Bearer " + testKey}, auth)
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Bad input fails before any request is sent.
func TestInvalidInputSendsNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(c *synsbasen.Client) error
	}{
		{"zero vehicle id", func(c *synsbasen.Client) error { _, err := c.Vehicles.Get(ctx, 0); return err }},
		{"empty registration", func(c *synsbasen.Client) error { _, err := c.Vehicles.GetByRegistration(ctx, " "); return err }},
		{"registration with slash", func(c *synsbasen.Client) error { _, err := c.Vehicles.GetByRegistration(ctx, "AS/87"); return err }},
		{"registration too long", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.GetByRegistration(ctx, "ABCDEFGHIJK")
			return err
		}},
		{"empty VIN", func(c *synsbasen.Client) error { _, err := c.Vehicles.GetByVIN(ctx, ""); return err }},
		{"VIN with dots", func(c *synsbasen.Client) error { _, err := c.Vehicles.GetByVIN(ctx, ".."); return err }},
		{"bad expand", func(c *synsbasen.Client) error {
			_, err := c.Vehicles.Get(ctx, 1, synsbasen.Expand("x&y=1"))
			return err
		}},
		{"negative inspection id", func(c *synsbasen.Client) error { _, err := c.Inspections.Get(ctx, -5); return err }},
		{"empty brand id", func(c *synsbasen.Client) error { _, err := c.Brands.Get(ctx, ""); return err }},
		{"dot-dot model id", func(c *synsbasen.Client) error { _, err := c.Models.Get(ctx, ".."); return err }},
		{"empty brand for models", func(c *synsbasen.Client) error { _, err := c.Brands.Models(ctx, "", nil); return err }},
		{"negative page", func(c *synsbasen.Client) error {
			_, err := c.Brands.List(ctx, &synsbasen.ListOptions{Page: -1})
			return err
		}},
		{"watch zero", func(c *synsbasen.Client) error { _, err := c.WatchedVehicles.Add(ctx, 0); return err }},
		{"unwatch zero", func(c *synsbasen.Client) error { return c.WatchedVehicles.Remove(ctx, 0) }},
		{"iterator over empty variant id", func(c *synsbasen.Client) error {
			for _, err := range c.Models.VariantsAll(ctx, " ", nil) {
				return err
			}
			return nil
		}},
		{"iterator with negative per_page", func(c *synsbasen.Client) error {
			for _, err := range c.WatchedVehicles.All(ctx, &synsbasen.ListOptions{PerPage: -1}) {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := synsbasentest.NewServer()
			defer srv.Close()
			err := tt.call(newClient(t, srv))
			require.Error(t, err)
			assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
			assert.Zero(t, len(srv.Requests()))
		})
	}
}

func TestErrorsCarryStatusMessageAndRequestID(t *testing.T) {
	ctx := context.Background()
	t.Run("unknown key is 401", func(t *testing.T) {
		srv := synsbasentest.NewServer(synsbasentest.WithKeys("another-key"))
		defer srv.Close()
		_, err := newClient(t, srv).Vehicles.Get(ctx, synsbasentest.VehicleID)
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae)
		assert.ErrorIs(t, err, synsbasen.ErrUnauthorized)
		assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
		assert.Contains(t, ae.Message, "API key")
		assert.NotEmpty(t, ae.RequestID)
		assert.NotContains(t, err.Error(), testKey)
		assert.Zero(t, srv.Spent())
	})
	t.Run("missing key is 401 at the fake", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/v1/vehicles/1004501200018020")
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
	t.Run("unknown vehicle is 404 and free", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		_, err := newClient(t, srv).Vehicles.GetByRegistration(ctx, "ZZ99999")
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae)
		assert.ErrorIs(t, err, synsbasen.ErrNotFound)
		assert.Equal(t, "Vehicle not found", ae.Message)
		assert.Zero(t, srv.Spent())
	})
	t.Run("spent quota", func(t *testing.T) {
		srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(1))
		defer srv.Close()
		c := newClient(t, srv)
		_, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID)
		require.NoError(t, err)
		_, err = c.Vehicles.Get(ctx, synsbasentest.VehicleID)
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae)
		assert.ErrorIs(t, err, synsbasen.ErrQuotaExceeded)
		assert.Equal(t, http.StatusTooManyRequests, ae.StatusCode)
		assert.Equal(t, 1, ae.Attempts, "a quota that returns next period is not retried")
		assert.False(t, ae.RetryAt.IsZero())
		// Free endpoints still answer.
		bal, err := c.Tokens(ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(0), bal.Tokens)
	})
	t.Run("server error after retries", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		srv.Script(synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Status: 503})
		_, err := newClient(t, srv).Vehicles.Get(ctx, synsbasentest.VehicleID)
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae)
		assert.ErrorIs(t, err, synsbasen.ErrServer)
		assert.Equal(t, 4, ae.Attempts)
		assert.Equal(t, "Service Unavailable", ae.Message)
	})
}

func TestMalformedAnswersAreInvalidResponse(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"not JSON", `<html>oops</html>`},
		{"null data", `{"data": null, "cost": 1}`},
		{"wrong type", `{"data": {"id": "not a number"}}`},
		{"truncated", `{"data": {"id": 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-ID", "req-42")
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, err := synsbasen.NewClient(testKey, synsbasen.WithBaseURL(srv.URL))
			require.NoError(t, err)
			_, err = c.Vehicles.Get(context.Background(), 1)
			var ae *synsbasen.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, synsbasen.ErrInvalidResponse)
			assert.Equal(t, "req-42", ae.RequestID)
		})
	}
}

func TestErrorBodyShapes(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		msg    string
		is     error
	}{
		{"error string", 404, `{"error":"Vehicle not found"}`, "Vehicle not found", synsbasen.ErrNotFound},
		{"errors array", 400, `{"errors":["query is invalid","page must be positive"]}`, "query is invalid; page must be positive", synsbasen.ErrBadRequest},
		{"error object", 403, `{"error":{"message":"Search is not part of your subscription"}}`, "Search is not part of your subscription", synsbasen.ErrForbidden},
		{"errors object", 422, `{"errors":{"vehicle_id":["must exist"]}}`, "vehicle_id: must exist", synsbasen.ErrBadRequest},
		{"message", 500, `{"message":"boom"}`, "boom", synsbasen.ErrServer},
		{"payment required", 402, `{"error":"No tokens left"}`, "No tokens left", synsbasen.ErrQuotaExceeded},
		{"plain 401", 401, `HTTP Token: Access denied.`, "HTTP Token: Access denied.", synsbasen.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, err := synsbasen.NewClient(testKey, synsbasen.WithBaseURL(srv.URL), synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: synsbasen.NoRetries}))
			require.NoError(t, err)
			_, err = c.Inspections.Get(context.Background(), 1)
			var ae *synsbasen.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.msg, ae.Message)
			assert.ErrorIs(t, err, tt.is)
		})
	}
}

func TestRetriesAndFaults(t *testing.T) {
	ctx := context.Background()
	t.Run("search is retried after 503 and a dropped connection", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		srv.Script(synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Drop: true})
		p, err := newClient(t, srv).Vehicles.Search(ctx, &synsbasen.Search{PerPage: 2})
		require.NoError(t, err)
		assert.Len(t, p.Items, 2)
		assert.Equal(t, 3, len(srv.Requests()))
		assert.Equal(t, int64(2), srv.Spent(), "only the answered attempt costs")
	})
	t.Run("429 with a short Retry-After is waited out", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		srv.Script(synsbasentest.Fault{Status: 429, RetryAfter: "0"})
		_, err := newClient(t, srv).Inspections.Get(ctx, synsbasentest.InspectionID)
		require.NoError(t, err)
		assert.Equal(t, 2, len(srv.Requests()))
	})
	t.Run("adding a watched vehicle is not repeated after 503", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		srv.Script(synsbasentest.Fault{Status: 503})
		_, err := newClient(t, srv).WatchedVehicles.Add(ctx, synsbasentest.WatchVehicleID)
		assert.ErrorIs(t, err, synsbasen.ErrServer)
		assert.Equal(t, 1, len(srv.Requests()))
	})
	t.Run("truncated body", func(t *testing.T) {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		// Cut short once, the answer is fetched again; every time, the call
		// fails with an invalid response.
		tr := synsbasentest.Fault{Truncate: true}
		srv.Script(tr)
		c := newClient(t, srv)
		v, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID)
		require.NoError(t, err)
		assert.Equal(t, synsbasentest.VehicleID, v.ID)
		assert.Equal(t, 2, len(srv.Requests()))
		srv.Script(tr, tr, tr, tr)
		_, err = c.Vehicles.Get(ctx, synsbasentest.VehicleID)
		assert.ErrorIs(t, err, synsbasen.ErrUnavailable)
		assert.NotContains(t, err.Error(), testKey)
	})
	t.Run("random faults with retries still succeed", func(t *testing.T) {
		srv := synsbasentest.NewServer(synsbasentest.WithFaults(synsbasentest.Faults{Seed: 7, Unavailable: 0.2, RateLimited: 0.1}))
		defer srv.Close()
		c := newClient(t, srv, synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: 10, MinWait: time.Millisecond, MaxWait: time.Millisecond, MaxRetryAfter: time.Second}))
		n := 0
		for _, err := range c.Brands.All(ctx, &synsbasen.ListOptions{PerPage: 2}) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 15, n)
	})
}

func TestMetaReportsCost(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	var mu sync.Mutex
	var metas []synsbasen.Meta
	ctx := vegdata.OnMeta(context.Background(), func(m *vegdata.Meta) {
		mu.Lock()
		metas = append(metas, *m)
		mu.Unlock()
	})
	_, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID, synsbasen.ExpandDMRData)
	require.NoError(t, err)
	p, err := c.Inspections.Search(ctx, &synsbasen.Search{PerPage: 3})
	require.NoError(t, err)
	_, err = c.Brands.Get(ctx, "1")
	require.NoError(t, err)
	_, err = c.Vehicles.Get(ctx, 42) // 404: reported, no cost
	require.Error(t, err)
	var last synsbasen.Meta
	_, err = c.Vehicles.Get(vegdata.CaptureMeta(context.Background(), &last), synsbasentest.VehicleID)
	require.NoError(t, err)

	require.Len(t, metas, 4)
	m := metas[0]
	assert.Equal(t, "synsbasen", m.API)
	assert.Equal(t, "GET", m.Method)
	assert.Equal(t, srv.URL+"/v1/vehicles/1004501200018020?expand%5B%5D=dmr_data", m.URL)
	assert.Equal(t, 200, m.StatusCode)
	assert.NotEmpty(t, m.RequestID)
	assert.Equal(t, 1, m.Attempts)
	assert.Equal(t, 2.0, m.Cost)
	assert.Equal(t, "application/json; charset=utf-8", m.Header.Get("Content-Type"))
	assert.Equal(t, 3.0, metas[1].Cost)
	assert.Equal(t, "POST", metas[1].Method)
	assert.Equal(t, 3.0, p.Cost)
	assert.Equal(t, 0.0, metas[2].Cost)
	assert.Equal(t, 404, metas[3].StatusCode)
	assert.Equal(t, 0.0, metas[3].Cost)
	assert.Equal(t, 1.0, last.Cost)
	assert.Equal(t, 200, last.StatusCode)
	assert.Equal(t, int64(6), srv.Spent())
	bal, err := c.Tokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(synsbasentest.DefaultTokens-6), bal.Tokens)
}

func TestMetaCountsRetries(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv, synsbasen.WithRetry(fastRetry()))
	srv.Script(synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Status: 503})
	var m synsbasen.Meta
	_, err := c.Vehicles.GetByRegistration(vegdata.CaptureMeta(context.Background(), &m), "AS87640")
	require.NoError(t, err)
	assert.Equal(t, 3, m.Attempts)
	assert.Equal(t, 1.0, m.Cost)
}

func TestLoggerNeverShowsTheKey(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv, synsbasen.WithLogger(logger), synsbasen.WithUserAgent("my-app/1.0"))
	_, err := c.Vehicles.GetByRegistration(context.Background(), "AS87640")
	require.NoError(t, err)
	_, err = c.Vehicles.GetByRegistration(context.Background(), "ZZ00000")
	require.Error(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, buf.String(), "/v1/vehicles/registration/AS87640")
	assert.NotContains(t, buf.String(), testKey)
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestConcurrentUse(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv, synsbasen.WithRateLimit(1000, 50))
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				_, err := c.Vehicles.Get(context.Background(), synsbasentest.VehicleID)
				errs <- err
				return
			}
			_, err := c.Vehicles.Aggregate(context.Background(), &synsbasen.Search{Method: synsbasen.MethodCount})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int64(16), srv.Spent())
}

func TestCanceledContext(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newClient(t, srv).Vehicles.Get(ctx, synsbasentest.VehicleID)
	assert.True(t, errors.Is(err, context.Canceled))
	assert.False(t, strings.Contains(err.Error(), testKey))
}
