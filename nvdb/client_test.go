package nvdb_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestNewClientValidation(t *testing.T) {
	tests := []struct {
		name       string
		clientName string
		opts       []nvdb.Option
		want       string
	}{
		{"no client name", "", nil, "X-Client"},
		{"empty client name", "  ", nil, "must not be empty"},
		{"client name with newline", "a\nb", nil, "line breaks"},
		{"bad kontaktperson", "a", []nvdb.Option{nvdb.WithKontaktperson("not an address")}, "X-Kontaktperson"},
		{"bad base URL", "a", []nvdb.Option{nvdb.WithBaseURL("ftp://x")}, "scheme"},
		{"bad rate", "a", []nvdb.Option{nvdb.WithRateLimit(0, 1)}, "rate limit"},
		{"nil http client", "a", []nvdb.Option{nvdb.WithHTTPClient(nil)}, "nil"},
		{"bad session", "a", []nvdb.Option{nvdb.WithSessionID("")}, "session"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := nvdb.NewClient(tc.clientName, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "nvdb: "))
		})
	}
	c, err := nvdb.NewClient("my-app")
	require.NoError(t, err)
	assert.Equal(t, nvdb.DefaultBaseURL, c.BaseURL())
}

func TestHeaders(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"antall": 3, "lengde": 12.5}`))
	}))
	defer ts.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithKontaktperson("ola.nordmann@example.com"),
		nvdb.WithBaseURL(ts.URL), nvdb.WithUserAgent("myapp/1.0"))
	require.NoError(t, err)
	for range 2 {
		st, err := c.Vegobjekter.Statistikk(context.Background(), 105, nil)
		require.NoError(t, err)
		assert.Equal(t, &nvdb.Statistikk{Antall: 3, Lengde: 12.5}, st)
	}
	require.Len(t, got, 2)
	h := got[0]
	assert.Equal(t, "my-app", h.Get("X-Client"))
	assert.Equal(t, "ola.nordmann@example.com", h.Get("X-Kontaktperson"))
	assert.Equal(t, "application/json", h.Get("Accept"))
	assert.Contains(t, h.Get("Accept-Encoding"), "gzip")
	assert.Contains(t, h.Get("User-Agent"), "myapp/1.0")
	assert.Contains(t, h.Get("User-Agent"), "go-vegdata")
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	assert.Regexp(t, uuid, h.Get("X-Client-Session"))
	assert.Equal(t, c.SessionID(), h.Get("X-Client-Session"))
	assert.Equal(t, h.Get("X-Client-Session"), got[1].Get("X-Client-Session"), "one session per client")
	assert.NotEqual(t, h.Get("X-Request-ID"), got[1].Get("X-Request-ID"), "one request id per call")

	c2, err := nvdb.NewClient("my-app")
	require.NoError(t, err)
	assert.NotEqual(t, c.SessionID(), c2.SessionID())
}

func TestFakeRequiresXClient(t *testing.T) {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/vegobjekter/api/v4/vegobjekter/105")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
}

func TestAPIErrors(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, nil, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))

	_, err := c.Vegobjekter.Get(ctx, 105, 1, nil)
	var ae *nvdb.APIError
	require.ErrorAs(t, err, &ae)
	assert.True(t, errors.Is(err, nvdb.ErrNotFound))
	assert.Equal(t, http.StatusNotFound, ae.StatusCode)
	assert.Contains(t, ae.Message, "Fant ikke vegobjekt 1")
	assert.NotEmpty(t, ae.RequestID)
	assert.Contains(t, err.Error(), ae.RequestID)

	_, err = c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Egenskap: nvdb.RawFilter("egenskap(2021)=")})
	require.ErrorAs(t, err, &ae)
	assert.True(t, errors.Is(err, nvdb.ErrBadRequest))
	assert.Contains(t, ae.Message, "Ugyldig egenskap-filter")

	srv.Script(nvdbtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "3600"})
	_, err = c.Vegobjekter.Get(ctx, 105, 78697179, nil)
	require.ErrorAs(t, err, &ae)
	assert.True(t, errors.Is(err, nvdb.ErrRateLimited))
	assert.Equal(t, "Too Many Requests", ae.Message)
	assert.False(t, ae.RetryAt.IsZero())

	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	_, err = c.Vegobjekter.Get(ctx, 105, 78697179, nil)
	assert.True(t, errors.Is(err, nvdb.ErrServer))
}

func TestRetriesRecoverFromFaults(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		fault nvdbtest.Fault
	}{
		{"429 with Retry-After", nvdbtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"}},
		{"503", nvdbtest.Fault{Status: http.StatusServiceUnavailable}},
		{"504", nvdbtest.Fault{Status: http.StatusGatewayTimeout}},
		{"dropped connection", nvdbtest.Fault{Drop: true}},
		{"truncated body", nvdbtest.Fault{Truncate: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, srv := newClient(t, []nvdbtest.Option{nvdbtest.WithGzip(false)})
			srv.Script(tc.fault)
			page, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 10, Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}})
			require.NoError(t, err)
			assert.Len(t, page.Items, 10)
			assert.Equal(t, 2, len(srv.Requests()))
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	c, _ := newClient(t, nil)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, err := c.Vegobjekter.Get(ctx, 67, 89204552, nil)
				errs <- err
				return
			}
			n := 0
			for _, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 4}) {
				if err != nil {
					errs <- err
					return
				}
				n++
			}
			if n != 25 {
				errs <- errors.New("wrong count")
				return
			}
			errs <- nil
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

func TestInvalidPages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		requests int64
		brokeOff bool // the connection closes before the announced length
	}{
		{"malformed page is not fetched again", `{"objekter":[{"id":"x"}],"metadata":{"returnert":1,"sidestørrelse":1}}`, 1, false},
		{"page without metadata", `{"objekter":[]}`, 1, false},
		// HTTP says the body is whole: the same bytes would come again.
		{"whole body ending mid-page is not fetched again", `{"objekter":[{"id":1,"href":"x"}`, 1, false},
		// 1 + DefaultMaxRetries requests, all within the one budget.
		{"body broken off is fetched again", `{"objekter":[{"id":1,"href":"x"}`, 1 + 4, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-REQUEST-ID", "rid-1")
				if tc.brokeOff {
					w.Header().Set("Content-Length", strconv.Itoa(len(tc.body)+100))
				}
				_, _ = w.Write([]byte(tc.body))
			}))
			defer ts.Close()
			c, err := nvdb.NewClient("t", nvdb.WithBaseURL(ts.URL),
				nvdb.WithRetry(nvdb.RetryPolicy{MinWait: time.Millisecond, MaxWait: time.Millisecond}))
			require.NoError(t, err)
			_, err = c.Vegobjekter.List(context.Background(), 105, nil)
			var ae *nvdb.APIError
			require.ErrorAs(t, err, &ae)
			if tc.brokeOff {
				assert.ErrorIs(t, err, nvdb.ErrUnavailable, "no whole answer on any attempt")
			} else {
				assert.ErrorIs(t, err, nvdb.ErrInvalidResponse)
			}
			assert.Equal(t, "rid-1", ae.RequestID)
			assert.Equal(t, http.StatusOK, ae.StatusCode)
			assert.Equal(t, tc.requests, calls.Load())
		})
	}
}

func TestLogger(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	h := slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug})
	c, _ := newClient(t, nil, nvdb.WithLogger(slog.New(h)))
	_, err := c.Vegobjekter.Get(context.Background(), 105, 78697179, nil)
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, buf.String(), "/vegobjekter/api/v4/vegobjekter/105/78697179")
	assert.Contains(t, buf.String(), "status=200")
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Every kind of bad input matches ErrInvalidArgument, and none is sent.
func TestBadInputIsErrInvalidArgument(t *testing.T) {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	_, err := nvdb.NewClient("", nvdb.WithBaseURL(srv.URL))
	require.ErrorIs(t, err, nvdb.ErrInvalidArgument, "no X-Client")
	_, err = nvdb.NewClient("x", nvdb.WithCacheSize(-1))
	require.ErrorIs(t, err, nvdb.ErrInvalidArgument)
	_, err = nvdb.NewClient("x", nvdb.WithRateLimit(-1, 1))
	require.ErrorIs(t, err, nvdb.ErrInvalidArgument)
	_, err = nvdb.NewClient("x", nvdb.WithBaseURL("ftp://example.com"))
	require.ErrorIs(t, err, nvdb.ErrInvalidArgument)
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL))
	require.NoError(t, err)

	for name, call := range map[string]func() error{
		"type id":   func() error { _, err := c.Vegobjekter.List(ctx, 0, nil); return err },
		"object id": func() error { _, err := c.Vegobjekter.Get(ctx, 105, -1, nil); return err },
		"filter": func() error {
			_, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(0).Eq(1)})
			return err
		},
		"statistikk":  func() error { _, err := c.Vegobjekter.StatistikkPerEgenskap(ctx, 105, 0, nil); return err },
		"endringer":   func() error { _, err := c.Vegobjekter.Endringer(ctx, nil, nil); return err },
		"posisjon":    func() error { _, err := c.Vegnett.Posisjon(ctx, &nvdb.PosisjonQuery{}); return err },
		"name filter": func() error { _, err := c.Datakatalog.Filter(ctx, 105, "Fartsgrense = 85"); return err },
	} {
		err := call()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, nvdb.ErrInvalidArgument, name)
	}
	assert.Equal(t, 1, len(srv.Requests()), "only the data catalogue was fetched, once")
}
