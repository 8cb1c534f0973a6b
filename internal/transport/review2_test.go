package transport

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
)

// An ErrUnavailable whose last attempt never got headers carries no status
// or request id of an earlier attempt whose body broke off.
func TestReviewStaleBroken(t *testing.T) {
	var n atomic.Int64
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("X-Request-ID", "from-attempt-1")
			cutBody(w)
			return
		}
		hj := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		_ = conn.Close() // no headers at all
	}, func(cfg *Config) { cfg.Settings.Retry.MaxRetries = 1 })
	var out struct{ OK bool }
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Equal(t, 0, ae.StatusCode, "the last attempt had no answer")
	assert.NotEqual(t, "from-attempt-1", ae.RequestID)
}

// A caller's http.Client with a Timeout: a successful Send leaves no timer
// goroutine of net/http behind.
func TestReviewSendLeavesNoTimerGoroutine(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"ok":true}`)
	}, func(cfg *Config) { cfg.Settings.HTTPClient = &http.Client{Timeout: time.Minute} })
	var out struct{ OK bool }
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out) // warm the pool
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond)
	before := runtime.NumGoroutine()
	for range 50 {
		_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
		require.NoError(t, err)
	}
	// A goroutine left per call would keep 50 more: the count never comes
	// back within the slack.
	assert.Eventually(t, func() bool { return runtime.NumGoroutine()-before < 10 }, 10*time.Second, 10*time.Millisecond,
		"goroutines: %d before the calls", before)
}

// A header value net/http would refuse is bad input: refused before
// anything is sent or charged.
func TestReviewInvalidHeaderRefused(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, nil)
	var charged atomic.Int64
	_, err := c.JSON(context.Background(), &Request{Path: "x", Header: http.Header{"X-Bad": {"a\nb"}},
		BeforeAttempt: func(context.Context) error { charged.Add(1); return nil }}, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, charged.Load(), "a refusal on our side sends and charges nothing")
	assert.Zero(t, hits.Load())
}

// A JSON call answered with an XML document is ErrInvalidResponse, not an
// empty success.
func TestReviewJSONRefusesXML(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, `<?xml version="1.0"?><error><message>maintenance</message></error>`)
	}, nil)
	var out struct {
		Items []int `json:"items"`
	}
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
	assert.ErrorIs(t, err, ErrInvalidResponse)
}

// A redirect to a scheme other than http(s) is refused, not repeated.
func TestReviewRedirectToFTPRefused(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.invalid/x", http.StatusFound)
	}, nil)
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, hits.Load(), "not repeated")
}

// A call refused by BeforeAttempt before anything was sent reports no Meta.
func TestReviewLocalRefusalReportsNoMeta(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, nil)
	var metas []vegdata.Meta
	ctx := vegdata.OnMeta(context.Background(), func(m *vegdata.Meta) { metas = append(metas, *m) })
	_, err := c.JSON(ctx, &Request{Path: "x", BeforeAttempt: func(context.Context) error {
		return &APIError{API: "test", Kind: ErrQuotaExceeded, Message: "refused locally"}
	}}, nil)
	require.ErrorIs(t, err, ErrQuotaExceeded)
	assert.Empty(t, metas, "nothing was sent, no answer came")
	assert.Zero(t, hits.Load())
}

// An answer whose body broke off on every attempt is still reported.
func TestReviewMetaOnBrokenAnswer(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) { cutBody(w) },
		func(cfg *Config) { cfg.Settings.Retry.MaxRetries = 1 })
	var metas int
	ctx := vegdata.OnMeta(context.Background(), func(m *vegdata.Meta) { metas++ })
	var out struct{ OK bool }
	_, err := c.JSON(ctx, &Request{Path: "x"}, &out)
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Equal(t, 1, metas)
}

// A caller's RoundTripper (a recorder, a mock) may return a response
// without Request: an undecodable answer is still an error, not a panic.
func TestReviewResponseWithoutRequest(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, func(cfg *Config) {
		cfg.Settings.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("not json"))}, nil
		})}
	})
	assert.NotPanics(t, func() {
		var out struct{ A int }
		_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
		t.Logf("err=%v", err)
	})
}

// Over HTTP/2 a body that ends cleanly (END_STREAM) mid-value was sent
// wrong, not cut: ErrInvalidResponse, not repeated.
func TestReviewHTTP2TruncatedJSON(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, `{"ok":tr`)
		w.(http.Flusher).Flush()
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s := Defaults(srv.URL, 1e9, 1)
	s.HTTPClient = srv.Client()
	s.Retry = RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}
	c, err := New(Config{API: "test", Settings: s})
	require.NoError(t, err)
	var out struct{ OK bool }
	_, err = c.JSON(context.Background(), &Request{Path: "x"}, &out)
	assert.ErrorIs(t, err, ErrInvalidResponse)
	assert.EqualValues(t, 1, hits.Load())
}
