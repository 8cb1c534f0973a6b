package transport

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
)

// cutBody answers 200 with a Content-Length it does not keep: the client
// sees the body break off.
func cutBody(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "100")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"ok":tr`)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// TestOneBudget: answers alternating 503 and a body that breaks off share
// one budget, so a call sends at most MaxRetries+1 requests and Attempts
// says how many.
func TestOneBudget(t *testing.T) {
	for _, max := range []int{1, 2, 3, 5} {
		var n atomic.Int64
		c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1)%2 == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			cutBody(w)
		}, func(cfg *Config) { cfg.Settings.Retry.MaxRetries = max })
		var out struct{ OK bool }
		_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.EqualValues(t, max+1, hits.Load(), "MaxRetries %d", max)
		assert.Equal(t, max+1, ae.Attempts)
		if (max+1)%2 == 0 {
			assert.ErrorIs(t, err, ErrUnavailable, "the last attempt broke off")
			assert.Equal(t, http.StatusOK, ae.StatusCode)
		} else {
			assert.ErrorIs(t, err, ErrServer, "the last attempt was a 503")
		}
	}
}

// TestZeroPolicyFieldsTakeDefaults: a policy that only sets MaxRetryAfter
// keeps the default retries; NoRetries sends one request.
func TestZeroPolicyFieldsTakeDefaults(t *testing.T) {
	for _, tc := range []struct {
		policy RetryPolicy
		want   int64
	}{
		{RetryPolicy{MaxRetryAfter: 5 * time.Second, MinWait: time.Millisecond, MaxWait: time.Millisecond}, vegdata.DefaultMaxRetries + 1},
		{RetryPolicy{MaxRetries: vegdata.NoRetries}, 1},
	} {
		c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetRetry(tc.policy)) })
		_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
		require.ErrorIs(t, err, ErrServer)
		assert.Equal(t, tc.want, hits.Load())
	}
	var s Settings
	assert.Error(t, s.SetRetry(RetryPolicy{MaxRetries: -2}))
}

// TestStalledAnswerRepeated: a server that sends half an answer and goes
// silent with the connection open is abandoned after the stall timeout
// and the request repeated; the call completes under a context without
// deadline. The first two requests the server reads stall (one after
// half the body, one before the headers), so the call took at least
// three attempts; a loaded machine may add one (an answer late by a stall
// timeout is abandoned too), which the budget of 6 retries absorbs.
func TestStalledAnswerRepeated(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var n atomic.Int64
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1: // headers and half the body, then silence
			w.Header().Set("Content-Length", "11")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"ok":`)
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case 2: // silence before the headers
			select {
			case <-release:
			case <-r.Context().Done():
			}
		default:
			_, _ = io.WriteString(w, `{"ok":true}`)
		}
	}, func(cfg *Config) {
		require.NoError(t, cfg.Settings.SetStallTimeout(250*time.Millisecond))
		cfg.Settings.Retry.MaxRetries = 6
	})
	var out struct{ OK bool }
	resp, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
	require.NoError(t, err)
	assert.True(t, out.OK)
	assert.GreaterOrEqual(t, hits.Load(), int64(3), "both stalls served, then the answer")
	assert.LessOrEqual(t, hits.Load(), int64(resp.Attempts), "each request an attempt")
}

// TestStallOnEveryAttemptIsUnavailable: the error says what happened. Every
// attempt of the budget is made, however the machine schedules them; the
// server reads at most as many requests (fewer when an attempt was
// abandoned before it got there).
func TestStallOnEveryAttemptIsUnavailable(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, func(cfg *Config) {
		require.NoError(t, cfg.Settings.SetStallTimeout(250*time.Millisecond))
		cfg.Settings.Retry.MaxRetries = 2
	})
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, ErrUnavailable)
	var se *StallError
	require.ErrorAs(t, err, &se)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 3, ae.Attempts)
	assert.LessOrEqual(t, hits.Load(), int64(3))
	assert.NotContains(t, err.Error(), secretKey)
}

// TestConnectionRefusedIsUnavailable: no attempt reached a server.
func TestConnectionRefusedIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	s := Defaults("http://"+addr, 1e9, 1)
	s.Retry = RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	c, err := New(Config{API: "test", Settings: s, Auth: APIKey("Authorization", "Bearer ", secretKey)})
	require.NoError(t, err)
	_, err = c.JSON(context.Background(), &Request{Path: "x", Query: map[string][]string{"apikey": {secretKey}}}, nil)
	require.ErrorIs(t, err, ErrUnavailable)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 3, ae.Attempts)
	assert.Zero(t, ae.StatusCode)
	var op *net.OpError
	assert.ErrorAs(t, err, &op, "the last cause is reachable")
	assert.NotContains(t, err.Error(), secretKey)
	assert.Contains(t, err.Error(), "after 3 attempts")
}

// TestBeforeAttemptCountsEveryAttempt and ends the call with its error.
func TestBeforeAttemptCountsEveryAttempt(t *testing.T) {
	var n atomic.Int64
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			cutBody(w)
			return
		}
		w.WriteHeader(http.StatusBadGateway)
	}, nil)
	var reserved atomic.Int64
	spent := errors.New("quota spent")
	hook := func(context.Context) error {
		if reserved.Add(1) > 3 {
			return spent
		}
		return nil
	}
	var out any
	_, err := c.JSON(context.Background(), &Request{Path: "x", BeforeAttempt: hook}, &out)
	require.ErrorIs(t, err, spent)
	assert.EqualValues(t, 3, hits.Load(), "the fourth attempt was refused by the hook")
}

// TestMetaAndAttemptContext: one Meta per call through OnMeta, and every
// attempt's request carries a vegdata.Attempt.
func TestMetaAndAttemptContext(t *testing.T) {
	var n atomic.Int64
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("X-Request-ID", "rid-7")
		w.Header().Set("Set-Cookie", "s=1")
		w.Header().Set("X-RateLimit-Remaining", "38")
		_, _ = io.WriteString(w, `{}`)
	}, nil)
	var seen []vegdata.Attempt
	c.next = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		a, ok := vegdata.AttemptFromContext(r.Context())
		require.True(t, ok)
		seen = append(seen, a)
		return http.DefaultTransport.RoundTrip(r)
	})
	var m vegdata.Meta
	var calls int
	ctx := vegdata.OnMeta(vegdata.CaptureMeta(context.Background(), &m), func(*vegdata.Meta) { calls++ })
	_, err := c.JSON(ctx, &Request{Path: "x", Operation: "Things.Get", Meta: func(m *vegdata.Meta) { m.Cost = 2 }}, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, calls)
	assert.Equal(t, "rid-7", m.RequestID)
	assert.Equal(t, 2, m.Attempts)
	assert.Equal(t, 200, m.StatusCode)
	assert.Equal(t, "38", m.Header.Get("X-RateLimit-Remaining"))
	assert.Empty(t, m.Header.Get("Set-Cookie"))
	assert.InDelta(t, 2.0, m.Cost, 0)
	require.Len(t, seen, 2)
	assert.Equal(t, vegdata.Attempt{API: "test", Operation: "Things.Get", RequestID: seen[0].RequestID, Number: 1}, seen[0])
	assert.Equal(t, 2, seen[1].Number)
	assert.Equal(t, seen[0].RequestID, seen[1].RequestID)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestCall: bodies encoded in either format, answers decoded whichever
// arrives, the target reset between attempts, text answers, and the
// envelope check.
func TestCall(t *testing.T) {
	type item struct {
		XMLName xml.Name `xml:"item" json:"-"`
		Names   []string `xml:"name" json:"names"`
	}
	var n atomic.Int64
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/prefix/xml":
			assert.Equal(t, "application/xml; charset=UTF-8", r.Header.Get("Content-Type"))
			assert.Contains(t, string(b), "<item><name>a</name></item>")
			if n.Add(1) == 1 { // a first answer that breaks off must leave nothing behind
				w.Header().Set("Content-Length", "200")
				_, _ = io.WriteString(w, `<item><name>x</name><name>y</name>`)
				return
			}
			_, _ = io.WriteString(w, `<item><name>a</name></item>`)
		case "/prefix/json":
			assert.JSONEq(t, `{"names":["a"]}`, string(b))
			_, _ = io.WriteString(w, `{"names":["b"]}`)
		case "/prefix/text":
			_, _ = io.WriteString(w, "  OK \n")
		}
	}, nil)
	ctx := context.Background()
	var got item
	_, err := c.Call(ctx, &Request{Method: http.MethodPost, Path: "xml", In: item{Names: []string{"a"}}, Format: XML, RetrySafe: true}, &got)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, got.Names)

	_, err = c.Call(ctx, &Request{Method: http.MethodPost, Path: "json", In: item{Names: []string{"a"}}, RetrySafe: true}, &got)
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, got.Names)

	var txt string
	_, err = c.Call(ctx, &Request{Path: "text", Accept: "text/plain"}, &txt)
	require.NoError(t, err)
	assert.Equal(t, "OK", txt)

	_, err = c.Send(ctx, &Request{Method: http.MethodPost, Path: "json", In: item{Names: []string{"a"}}},
		func(*Response) error { return Invalid(errors.New(`no "data"`)) })
	require.ErrorIs(t, err, ErrInvalidResponse)
	assert.True(t, strings.Contains(err.Error(), `no "data"`))
}

// TestSensitiveParamsRedacted: personal data named by the API's package
// stays out of errors and Meta.
func TestSensitiveParamsRedacted(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	}, func(cfg *Config) { cfg.SensitiveParams = []string{"fodselsnummer"} })
	var m vegdata.Meta
	ctx := vegdata.CaptureMeta(context.Background(), &m)
	_, err := c.JSON(ctx, &Request{Path: "x", Query: map[string][]string{"fodselsnummer": {"01017012345"}}}, nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.NotContains(t, err.Error(), "01017012345")
	assert.NotContains(t, m.URL, "01017012345")
	assert.Contains(t, m.URL, "fodselsnummer=REDACTED")
}

// TestBodyFramings: whether an answer that ends mid-value is repeated
// depends on whether HTTP says it arrived whole.
func TestBodyFramings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		serve    func(w http.ResponseWriter)
		requests int64
		want     error
	}{
		{"content-length kept, JSON cut", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"ok":tr`)
		}, 1, ErrInvalidResponse},
		{"chunked and terminated, JSON cut", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"ok":`)
			w.(http.Flusher).Flush()
			_, _ = io.WriteString(w, `tr`)
		}, 1, ErrInvalidResponse},
		{"chunked stream cut", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"ok":`)
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
		}, 4, ErrUnavailable},
		{"close-delimited, JSON cut", func(w http.ResponseWriter) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"ok\":tr")
			_ = buf.Flush()
			_ = conn.Close()
		}, 4, ErrUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) { tc.serve(w) }, nil)
			var out struct{ OK bool }
			_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, tc.requests, hits.Load())
		})
	}
}

type failingLimiter struct{ err error }

func (l failingLimiter) Wait(context.Context) error { return l.err }

// TestLimiterErrorKeepsItsType: a shared limiter that cannot reach its
// store fails the call with its own error, nothing sent, not retried.
func TestLimiterErrorKeepsItsType(t *testing.T) {
	down := errors.New("limiter store unreachable")
	typed := &APIError{Kind: ErrUnavailable, Message: "redis down", Err: down}
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, func(cfg *Config) {
		cfg.Settings.Limiter = failingLimiter{err: typed}
	})
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, ErrUnavailable)
	require.ErrorIs(t, err, down)
	assert.Zero(t, hits.Load())
}
