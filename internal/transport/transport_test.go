package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const secretKey = "s3cr3t-key-value-123"

type countingLimiter struct{ n atomic.Int64 }

func (l *countingLimiter) Wait(ctx context.Context) error { l.n.Add(1); return ctx.Err() }

// newTest builds a client against handler mounted under a base path, so a
// request that lost the prefix fails the test.
func newTest(t *testing.T, h http.HandlerFunc, mod func(*Config)) (*Client, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/prefix/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s", r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s := Defaults(srv.URL+"/prefix/", 1e9, 1)
	s.Retry = RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond, MaxRetryAfter: 5 * time.Second}
	cfg := Config{API: "test", Settings: s, Auth: APIKey("SVV-Authorization", "Apikey ", secretKey)}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c, &hits
}

func TestRetryAfterSecondsThenSuccess(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	var calls atomic.Int64
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}, nil)
	var out struct{ OK bool }
	resp, err := c.JSON(context.Background(), &Request{Path: "things"}, &out)
	require.NoError(t, err)
	assert.True(t, out.OK)
	assert.EqualValues(t, 2, hits.Load())
	assert.Equal(t, 2, resp.Attempts)
}

func TestRetryAfterBeyondMaxFailsAtOnce(t *testing.T) {
	for _, ra := range []string{"21600", time.Now().Add(6 * time.Hour).UTC().Format(http.TimeFormat)} {
		t.Run(ra, func(t *testing.T) {
			c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = io.WriteString(w, "daily quota spent")
			}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // hang guard only
			defer cancel()
			_, err := c.JSON(ctx, &Request{Path: "x"}, nil)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.EqualValues(t, 1, hits.Load(), "must not wait six hours or retry")
			assert.ErrorIs(t, err, ErrQuotaExceeded)
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.InDelta(t, 6*time.Hour, ae.RetryAfter, float64(5*time.Second))
			assert.WithinDuration(t, time.Now().Add(6*time.Hour), ae.RetryAt, 5*time.Second)
			assert.Equal(t, "daily quota spent", ae.Message)
		})
	}
}

func TestPostNotRetriedUnlessSafe(t *testing.T) {
	for _, safe := range []bool{false, true} {
		var calls atomic.Int64
		c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			assert.Equal(t, `{"a":1}`, string(b), "body replayed on every attempt")
			if calls.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusCreated)
		}, nil)
		_, err := c.JSON(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{"a":1}`), RetrySafe: safe}, nil)
		if safe {
			require.NoError(t, err)
			assert.EqualValues(t, 2, hits.Load())
		} else {
			require.ErrorIs(t, err, ErrServer)
			assert.EqualValues(t, 1, hits.Load())
		}
	}
}

func TestRetryStatuses(t *testing.T) {
	cases := []struct {
		status int
		method string
		want   int64
		safe   bool // RetrySafe: retried like a GET
	}{
		{429, "GET", 4, false}, {502, "GET", 4, false}, {503, "GET", 4, false}, {504, "GET", 4, false}, {500, "GET", 4, false},
		{500, "POST", 1, false}, {429, "POST", 4, false}, {400, "GET", 1, false}, {404, "GET", 1, false}, {501, "GET", 1, false},
		{503, "POST", 1, false}, {500, "POST", 4, true}, {503, "POST", 4, true},
	}
	for _, tc := range cases {
		name := tc.method + http.StatusText(tc.status)
		if tc.safe {
			name += "RetrySafe"
		}
		t.Run(name, func(t *testing.T) {
			c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) }, nil)
			_, err := c.JSON(context.Background(), &Request{Method: tc.method, Path: "x", RetrySafe: tc.safe}, nil)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.Equal(t, tc.want, hits.Load())
			assert.EqualValues(t, tc.want, ae.Attempts)
		})
	}
}

func TestConnectionErrorsRetried(t *testing.T) {
	var calls atomic.Int64
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}, nil)
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 3, hits.Load())
}

func TestLimiterWaitedOnEveryAttempt(t *testing.T) {
	lim := &countingLimiter{}
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
		func(cfg *Config) { cfg.Settings.Limiter = lim })
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 4, hits.Load())
	assert.EqualValues(t, 4, lim.n.Load())
}

func TestCancelDuringBackoff(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "4")
		w.WriteHeader(http.StatusTooManyRequests)
	}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for hits.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	done := make(chan error, 1)
	go func() { _, err := c.JSON(ctx, &Request{Path: "x"}, nil); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, context.Canceled, err, "a done context yields ctx.Err() itself")
	case <-time.After(3 * time.Second): // far below the 4 s Retry-After
		t.Fatal("cancelled call did not return during backoff")
	}
}

func TestDeadlineFromLimiter(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, func(cfg *Config) {
		require.NoError(t, cfg.Settings.SetRateLimit(0.001, 1))
	})
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil) // spends the burst
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.JSON(ctx, &Request{Path: "x"}, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrUnavailable, "our own limiter said no; nothing was tried")
}

func TestSecretsNeverPrinted(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Apikey "+secretKey, r.Header.Get("SVV-Authorization"))
		// A hostile server echoes the key back.
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "bad key "+secretKey)
	}, func(cfg *Config) { cfg.Settings.Logger = logger })
	_, err := c.JSON(context.Background(), &Request{Path: "x", Query: map[string][]string{"token": {secretKey}}}, nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.NotContains(t, err.Error(), secretKey)
	assert.NotContains(t, string(ae.Body), secretKey)
	assert.NotContains(t, ae.URL, secretKey)
	require.NotEmpty(t, logs.String(), "debug logging must log requests")
	assert.NotContains(t, logs.String(), secretKey)
}

func TestTokenSourceSecretsScrubbed(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer tok-abcdef", r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `no: tok-abcdef`)
	}, func(cfg *Config) {
		cfg.Auth = TokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok-abcdef"}))
	})
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, ErrForbidden)
	assert.NotContains(t, err.Error(), "tok-abcdef")
}

// A JWT the client never handed out (an older token of a source that
// remembers only its latest) is scrubbed all the same.
func TestUnknownJWTScrubbed(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbGFub3IifQ.c2lnbmF0dXJl"
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, "token expired: Bearer "+jwt)
	}, func(cfg *Config) { cfg.Auth = nil })
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.NotContains(t, err.Error(), jwt)
	assert.NotContains(t, string(ae.Body), jwt)
	assert.Contains(t, ae.Message, "token expired: Bearer [REDACTED]")
}

func TestErrorBodyBounded(t *testing.T) {
	big := strings.Repeat("x", 3<<20)
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, big)
	}, func(cfg *Config) { cfg.Settings.MaxErrorBody = 1 << 20 })
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Len(t, ae.Body, 1<<20)
	assert.ErrorIs(t, err, ErrBadRequest)
}

func TestSuccessBodyBounded(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"a":"`+strings.Repeat("x", 4096)+`"}`)
	}, func(cfg *Config) { cfg.Settings.MaxBody = 1024 })
	var out map[string]any
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 200, ae.StatusCode)
}

// A request may lower the limit for its own body; JSON, which holds the
// whole body while decoding, lowers it to DefaultMaxDecodedBody.
func TestRequestMaxBody(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"a":"`+strings.Repeat("x", 4096)+`"}`)
	}, nil)
	var out map[string]any
	_, err := c.JSON(context.Background(), &Request{Path: "x", MaxBody: 1024}, &out)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	r := &Request{Path: "x"}
	_, err = c.JSON(context.Background(), r, &out)
	require.NoError(t, err)
	assert.Equal(t, int64(DefaultMaxDecodedBody), r.MaxBody)
}

func TestInvalidJSONIsTyped(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-ID", "rid-1")
		_, _ = io.WriteString(w, `<html>oops</html>`)
	}, nil)
	var out map[string]any
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
	require.ErrorIs(t, err, ErrInvalidResponse)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "rid-1", ae.RequestID)
}

func TestHeadersPathAndRequestID(t *testing.T) {
	var seen *http.Request
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		seen = r.Clone(context.Background())
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "missing")
	}, func(cfg *Config) { cfg.Header = http.Header{"X-Client": {"app"}} })
	p, err := JoinPath("/api/v4/things/", "a b", "Ø/1")
	require.NoError(t, err)
	_, err = c.JSON(context.Background(), &Request{Path: p}, nil)
	require.ErrorIs(t, err, ErrNotFound)
	require.NotNil(t, seen)
	assert.Equal(t, "/prefix/api/v4/things/a%20b/%C3%98%2F1", seen.URL.EscapedPath())
	assert.Equal(t, "app", seen.Header.Get("X-Client"))
	assert.Contains(t, seen.Header.Get("User-Agent"), "go-vegdata/")
	rid := seen.Header.Get("X-Request-ID")
	assert.Len(t, rid, 36)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, rid, ae.RequestID)
	assert.Contains(t, err.Error(), "404")
	assert.Contains(t, err.Error(), "missing")

	for _, bad := range []string{"", ".", ".."} {
		_, err := JoinPath("x", bad)
		assert.Error(t, err)
	}
}

func TestBaseURLValidation(t *testing.T) {
	var s Settings
	for _, good := range []string{"https://h", "https://h/", "http://127.0.0.1:8080/nvdb/apiskriv/"} {
		require.NoError(t, s.SetBaseURL(good), good)
		assert.False(t, strings.HasSuffix(s.BaseURL, "/"))
	}
	for _, bad := range []string{"ftp://h", "https://", "https://h?x=1", "https://u:p@h", "::"} {
		assert.Error(t, s.SetBaseURL(bad), bad)
	}
	_, err := New(Config{API: "t", Settings: Defaults("http://example.com", 1, 1), Auth: Bearer("k")})
	assert.ErrorIs(t, err, ErrInsecureAuth)
	_, err = New(Config{API: "t", Settings: Defaults("http://localhost:1", 1, 1), Auth: Bearer("k")})
	assert.NoError(t, err)
	_, err = New(Config{API: "t", Settings: Defaults("http://example.com", 1, 1)})
	assert.NoError(t, err, "no credentials, plain http is allowed")
}

func TestRedirectDropsCredentials(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("SVV-Authorization"), "key sent to another host")
		_, _ = io.WriteString(w, `{}`)
	}))
	defer other.Close()
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/moved", http.StatusFound)
	}, nil)
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.NoError(t, err)
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	d, at, ok := parseRetryAfter("120", now)
	require.True(t, ok)
	assert.Equal(t, 2*time.Minute, d)
	assert.Equal(t, now.Add(2*time.Minute), at)
	d, at, ok = parseRetryAfter("Sun, 22 Nov 2026 23:00:00 GMT", now)
	require.True(t, ok)
	assert.Equal(t, 11*time.Hour, d)
	assert.Equal(t, time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), at)
	_, _, ok = parseRetryAfter("soon", now)
	assert.False(t, ok)
	d, _, ok = parseRetryAfter("-5", now)
	assert.True(t, ok)
	assert.Zero(t, d)
}

func TestExpBackoffBounds(t *testing.T) {
	for attempt := range 10 {
		d := expBackoff(100*time.Millisecond, time.Second, attempt)
		assert.GreaterOrEqual(t, d, 50*time.Millisecond)
		assert.LessOrEqual(t, d, time.Second)
	}
}

func TestAPIErrorIs(t *testing.T) {
	cases := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound,
		409: ErrConflict, 422: ErrBadRequest, 429: ErrRateLimited, 500: ErrServer, 503: ErrServer}
	for status, want := range cases {
		e := &APIError{StatusCode: status}
		assert.ErrorIs(t, e, want, status)
		assert.NotErrorIs(t, e, ErrQuotaExceeded)
	}
	q := &APIError{StatusCode: 422, Kind: ErrQuotaExceeded}
	assert.ErrorIs(t, q, ErrQuotaExceeded)
	assert.NotErrorIs(t, q, ErrBadRequest)
	wrapped := errors.Join(errors.New("ctx"), &APIError{StatusCode: 200, Kind: ErrNotFound})
	assert.ErrorIs(t, wrapped, ErrNotFound)
}

func TestTruncatedBodyRepeatedForSafeRequests(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			var calls atomic.Int64
			c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				body := `{"items":[1,2,3,4,5,6,7,8,9,10]}`
				if calls.Add(1) == 1 {
					w.Header().Set("Content-Length", "200")
					_, _ = io.WriteString(w, body[:10])
					hj, _ := w.(http.Hijacker)
					conn, buf, _ := hj.Hijack()
					_ = buf.Flush()
					_ = conn.Close()
					return
				}
				_, _ = io.WriteString(w, body)
			}, nil)
			var out struct{ Items []int }
			_, err := c.JSON(context.Background(), &Request{Method: method, Path: "x"}, &out)
			if method == http.MethodGet {
				require.NoError(t, err)
				assert.Len(t, out.Items, 10)
				assert.EqualValues(t, 2, hits.Load())
			} else {
				require.ErrorIs(t, err, ErrInvalidResponse, "a POST is not repeated")
				assert.EqualValues(t, 1, hits.Load())
			}
		})
	}
}

func TestFetchPassesAPIErrorsThrough(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{}`) }, nil)
	_, err := c.Fetch(context.Background(), &Request{Path: "x"}, func(resp *Response) error {
		return c.NewError(resp, ErrNotFound, "OPPLYSNINGER_IKKE_TILGJENGELIGE", "no data")
	})
	require.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrInvalidResponse)
}

// A 429 whose body the API's decoder reads as a spent quota is final; other
// 429s are retried, and the peeked body still reaches the error.
func TestSpentQuota429IsNotRetried(t *testing.T) {
	decode := func(mod *Config) {
		mod.DecodeError = func(resp *http.Response, body []byte, e *APIError) {
			if resp.StatusCode == http.StatusTooManyRequests && bytes.Contains(body, []byte("kvote")) {
				e.Kind = ErrQuotaExceeded
			}
		}
	}
	for _, tc := range []struct {
		body     string
		want     error
		requests int64
	}{
		{"Bruker har brukt opp kvoten", ErrQuotaExceeded, 1},
		{"slow down", ErrRateLimited, 4},
	} {
		c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, tc.body)
		}, decode)
		_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "x"})
		require.ErrorIs(t, err, tc.want)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, tc.body, string(ae.Body))
		assert.Equal(t, tc.requests, hits.Load(), tc.body)
	}
}
