package uberiket_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// fastRetry retries at once, so tests of faults do not wait.
var zeroTime time.Time

var fastRetry = uberiket.RetryPolicy{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// newServer starts a fake with its fixtures (and opts), closed with the
// test.
func newServer(t testing.TB, opts ...uberikettest.Option) *uberikettest.Server {
	t.Helper()
	srv := uberikettest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// newClient is a client of srv without pacing and with fast retries.
func newClient(t testing.TB, srv *uberikettest.Server, opts ...uberiket.Option) *uberiket.Client {
	t.Helper()
	all := append([]uberiket.Option{uberiket.WithBaseURL(srv.URL), uberiket.WithHTTPClient(srv.Client()),
		uberiket.WithLimiter(nil), uberiket.WithRetry(fastRetry)}, opts...)
	c, err := uberiket.NewClient("go-vegdata-test", all...)
	require.NoError(t, err)
	return c
}

func TestNewClientValidates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client string
		opts   []uberiket.Option
	}{
		{"no client name", " ", nil},
		{"line break in the name", "a\nb", nil},
		{"bad base URL", "app", []uberiket.Option{uberiket.WithBaseURL("ftp://x")}},
		{"bad rate", "app", []uberiket.Option{uberiket.WithRateLimit(0, 1)}},
		{"bad kontaktperson", "app", []uberiket.Option{uberiket.WithKontaktperson("Ola <ola@example.com>")}},
		{"bad session", "app", []uberiket.Option{uberiket.WithSessionID("a\r\nb")}},
		{"nil token source", "app", []uberiket.Option{uberiket.WithTokenSource(nil)}},
		{"bad stall timeout", "app", []uberiket.Option{uberiket.WithStallTimeout(0)}},
		{"negative retries", "app", []uberiket.Option{uberiket.WithRetry(uberiket.RetryPolicy{MaxRetries: -5})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := uberiket.NewClient(tc.client, tc.opts...)
			assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		})
	}
	_, err := uberiket.NewClient("app", uberiket.WithBaseURL("http://nvdb.example.com"),
		uberiket.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "secret"})))
	assert.ErrorIs(t, err, uberiket.ErrInsecureAuth, "a token never goes over plain http to another host")
}

// TestHeaders: every request names the client as an nvdb client of the
// same program would (X-Client, X-Client-Session, X-Kontaktperson) and
// asks for the answer's own media type.
func TestHeaders(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, uberiket.WithKontaktperson("ola@example.com"), uberiket.WithSessionID("run-1"),
		uberiket.WithUserAgent("mirror/1.0"))
	_, err := c.Vegobjekter.Get(context.Background(), 105, 78697179, nil)
	require.NoError(t, err)
	for range c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{IDs: []int64{78697179}}) {
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "go-vegdata-test", r.Client)
		assert.Equal(t, "run-1", r.Header.Get("X-Client-Session"))
		assert.Equal(t, "ola@example.com", r.Header.Get("X-Kontaktperson"))
		assert.Contains(t, r.Header.Get("User-Agent"), "mirror/1.0")
		assert.Contains(t, r.Header.Get("User-Agent"), "go-vegdata")
	}
	assert.Equal(t, "/uberiket/api/v1/vegobjekter/105/78697179", reqs[0].Path)
	assert.Equal(t, "application/json", reqs[0].Header.Get("Accept"))
	assert.Equal(t, "/uberiket/api/v1/vegobjekter/105/stream", reqs[1].Path)
	assert.Equal(t, "application/x-ndjson", reqs[1].Header.Get("Accept"))
	assert.Equal(t, "run-1", c.SessionID())
	assert.Equal(t, srv.URL, c.BaseURL())
}

// TestLimiter: the client's limiter is the one every request waits for,
// DefaultRateLimit unless replaced, and the one a program hands to its
// nvdb client.
func TestLimiter(t *testing.T) {
	c, err := uberiket.NewClient("app")
	require.NoError(t, err)
	l, ok := c.Limiter().(*rate.Limiter)
	require.True(t, ok)
	assert.InDelta(t, uberiket.DefaultRateLimit, float64(l.Limit()), 1e-9)
	assert.Equal(t, 1, l.Burst())

	shared := rate.NewLimiter(10, 1)
	c, err = uberiket.NewClient("app", uberiket.WithLimiter(shared))
	require.NoError(t, err)
	assert.Same(t, shared, c.Limiter())

	c, err = uberiket.NewClient("app", uberiket.WithLimiter(nil))
	require.NoError(t, err)
	assert.Nil(t, c.Limiter())
	assert.NotEmpty(t, c.SessionID(), "a random session by default")
	assert.Equal(t, uberiket.DefaultBaseURL, c.BaseURL())
}

// TestSharedLimiterPaces: two clients on one limiter together keep to it.
// The limiter holds 10 requests and earns one more an hour: the clients'
// 10 requests, taken in turn, spend it, and then a request of either
// waits for the limiter (refused at once, as its wait would pass the
// context's deadline) and never reaches the server. A client with a limiter
// of its own would still have had budget. (That a limiter's wait paces
// every attempt is internal/transport's TestLimiterWaitedOnEveryAttempt;
// waiting out a real pace only slowed this test down.)
func TestSharedLimiterPaces(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	shared := rate.NewLimiter(rate.Every(time.Hour), 10)
	a := newClient(t, srv, uberiket.WithLimiter(shared))
	b := newClient(t, srv, uberiket.WithLimiter(a.Limiter()))
	clients := []*uberiket.Client{a, b}
	for i := range 10 {
		_, err := clients[i%2].Noder.Get(context.Background(), 95513)
		require.NoError(t, err)
	}
	require.Len(t, srv.Requests(), 10)
	for _, c := range clients {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := c.Noder.Get(ctx, 95513)
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, "the 11th request waits for the shared limiter")
		assert.Contains(t, err.Error(), "rate limiter")
	}
	assert.Len(t, srv.Requests(), 10, "no request past the limiter")
}

// TestProblemDetail: an error answer is an *APIError with the
// ProblemDetail's title and detail.
func TestProblemDetail(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	_, err := c.Vegobjekter.Get(context.Background(), 105, 1, nil)
	require.ErrorIs(t, err, uberiket.ErrNotFound)
	var ae *uberiket.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusNotFound, ae.StatusCode)
	assert.Contains(t, ae.Message, "Fant ikke vegobjekt 1")
}
