package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

// secretPrefix is what a cut through secretKey would leave: all of it but
// its last character.
var secretPrefix = secretKey[:len(secretKey)-1]

// decodeCodeMessage reads {"code": …, "message": …}, as Synsbasen's and
// NVDB's error decoders do.
func decodeCodeMessage(_ *http.Response, body []byte, e *APIError) {
	var b struct{ Code, Message string }
	if json.Unmarshal(body, &b) == nil {
		e.Code, e.Message = b.Code, b.Message
	}
}

func TestCleanScrubsBeforeCutting(t *testing.T) {
	c, _ := newTest(t, func(http.ResponseWriter, *http.Request) {}, nil)
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbGFub3IifQ.c2lnbmF0dXJl"
	for _, tc := range []struct {
		name, in string
		limit    int
		leak     string
	}{
		{"key crosses the cut", strings.Repeat("x", 50) + secretKey, 60, secretPrefix},
		{"key ends at the cut", strings.Repeat("x", 60-len(secretKey)) + secretKey + "yyy", 60, secretKey},
		{"escaped key crosses the cut", strings.Repeat("x", 50) + "k=" + secretKey, 60, secretPrefix},
		{"JWT crosses the cut", strings.Repeat("x", 40) + jwt, 60, jwt[:45]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Clean(tc.in, tc.limit)
			assert.NotContains(t, got, tc.leak)
			assert.LessOrEqual(t, len(got), tc.limit+len("… (9999 bytes more)"))
		})
	}
	assert.Equal(t, "short [REDACTED]", c.Clean("short "+secretKey, 60))
	assert.Equal(t, "abc… (3 bytes more)", c.Clean("abcdef", 3))
}

func TestPrefixOutside(t *testing.T) {
	c, _ := newTest(t, func(http.ResponseWriter, *http.Request) {}, nil)
	body := []byte(strings.Repeat("x", 90) + secretKey + strings.Repeat("y", 50))
	for _, n := range []int{85, 90, 95, 109, 110, 200} {
		got := c.prefixOutside(body, n)
		assert.LessOrEqual(t, len(got), n)
		if n > 90 && n < 90+len(secretKey) {
			assert.Len(t, got, 90, "cut at %d goes back to before the key", n)
		} else {
			assert.Len(t, got, min(n, len(body)))
		}
	}
}

// TestAPIErrorFieldsScrubbedAndCapped: a server that echoes the key into
// any field of its error answer finds it in none of err.Error(), the
// APIError's fields, Meta (URL, request id, headers) or the debug log.
func TestAPIErrorFieldsScrubbedAndCapped(t *testing.T) {
	long := strings.Repeat("x", 180) + secretKey // crosses the 200 bytes a plain-text message keeps
	for _, tc := range []struct {
		name   string
		status int
		header map[string]string
		body   string
	}{
		{"code", 400, nil, `{"code":"` + secretKey + `","message":"bad"}`},
		{"message", 400, nil, `{"code":"E1","message":"bad key ` + secretKey + `"}`},
		{"plain text body", 401, nil, "bad key " + secretKey},
		{"plain text body cut", 401, nil, long},
		{"request id", 400, map[string]string{"X-Request-ID": secretKey}, `{"message":"bad"}`},
		{"challenge", 401, map[string]string{"WWW-Authenticate": `Bearer error="invalid_token", error_description="Bearer ` + secretKey + `"`}, ""},
		{"echo header", 400, map[string]string{"X-Echo": "Apikey " + secretKey}, ""},
		{"authorization echoed", 400, map[string]string{"Authorization": "Apikey " + secretKey, "Proxy-Authenticate": secretKey}, ""},
		{"cookie", 400, map[string]string{"Set-Cookie": "k=" + secretKey}, ""},
		{"secret in a header's name", 400, map[string]string{"X-" + secretKey: "1"}, ""},
		{"JWT in a header", 400, map[string]string{"X-Token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbGFub3IifQ.c2lnbmF0dXJl"}, ""},
		{"retried answer", 503, map[string]string{"X-Echo": secretKey}, `{"code":"` + secretKey + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs hostile.Log
			c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header()[k] = []string{v}
				}
				w.Header().Set("ETag", `"v1"`)
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}, func(cfg *Config) {
				cfg.DecodeError = decodeCodeMessage
				cfg.Settings.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			var m vegdata.Meta
			_, err := c.JSON(vegdata.CaptureMeta(context.Background(), &m), &Request{Path: "x"}, nil)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.Equal(t, tc.status, m.StatusCode, "Meta reported")
			headers := fmt.Sprint(m.Header)
			for _, leak := range []string{secretKey, secretPrefix, "eyJzdWIiOiJvbGFub3IifQ"} {
				for field, s := range map[string]string{
					"Error()": err.Error(), "%+v": fmt.Sprintf("%+v", err), "Code": ae.Code, "Message": ae.Message,
					"Body": string(ae.Body), "URL": ae.URL, "RequestID": ae.RequestID,
					"Meta.Header": headers, "Meta.URL": m.URL, "Meta.RequestID": m.RequestID, "log": logs.String(),
				} {
					assert.NotContains(t, s, leak, field)
				}
			}
			assert.Equal(t, `"v1"`, m.Header.Get("ETag"), "other headers are kept")
			for _, h := range credentialHeaders {
				assert.NotContains(t, m.Header, h)
			}
			assert.NotEmpty(t, logs.String())
		})
	}
}

// TestErrorBodyCutNeverInsideSecret: the error body is cut at
// MaxErrorBody, but never inside the key: the cut goes back to before it.
func TestErrorBodyCutNeverInsideSecret(t *testing.T) {
	body := strings.Repeat("x", 90) + secretKey + strings.Repeat("y", 200)
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, body)
	}, func(cfg *Config) { cfg.Settings.MaxErrorBody = 100 })
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, strings.Repeat("x", 90), string(ae.Body))
	assert.NotContains(t, ae.Message, secretPrefix[:10])
	assert.NotContains(t, err.Error(), secretPrefix[:10])
}

// TestServerTextCapped: a hostile server's text (a message, a code, a
// number Go's json quotes in its error) makes an error of a few KiB, with
// a note of how much was left out.
func TestServerTextCapped(t *testing.T) {
	million := strings.Repeat("9", 1_000_000)
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"message", 400, `{"message":"` + strings.Repeat("m", 1_000_000) + `"}`},
		{"code", 400, `{"code":"` + strings.Repeat("c", 1_000_000) + `"}`},
		{"plain text", 400, strings.Repeat("p", 1_000_000)},
		{"number in a typed field", 200, `{"n":` + million + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}, func(cfg *Config) { cfg.DecodeError = decodeCodeMessage })
			var out struct{ N int }
			_, err := c.JSON(context.Background(), &Request{Path: "x"}, &out)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Less(t, len(err.Error()), 3*MaxText, "error string")
			assert.LessOrEqual(t, len(ae.Message), MaxText+32)
			assert.LessOrEqual(t, len(ae.Code), MaxText+32)
			if ae.Err != nil {
				assert.Less(t, len(ae.Err.Error()), 2*MaxText, "the cause prints capped too")
			}
			assert.Contains(t, err.Error(), "bytes more)")
			t.Logf("%d bytes from the server, an error string of %d", len(tc.body), len(err.Error()))
		})
	}
}

// TestDeadlineBeforeNextWait: when the next wait (Retry-After, or the
// backoff after a refused connection) would pass the caller's deadline,
// the call ends at once with an error that is both the *APIError of the
// last attempt and context.DeadlineExceeded.
func TestDeadlineBeforeNextWait(t *testing.T) {
	t.Run("Retry-After", func(t *testing.T) {
		c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "busy")
		}, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := c.JSON(ctx, &Request{Path: "x"}, nil)
		require.NoError(t, ctx.Err(), "returned before the deadline, without sleeping into it")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrServer)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusServiceUnavailable, ae.StatusCode)
		assert.Equal(t, 2*time.Second, ae.RetryAfter)
		assert.Equal(t, "busy", ae.Message)
		assert.Contains(t, err.Error(), "deadline")
		assert.EqualValues(t, 1, hits.Load())
	})
	t.Run("backoff after a refused connection", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		s := Defaults("http://"+addr, 1e9, 1)
		s.Retry = RetryPolicy{MaxRetries: 3, MinWait: 2 * time.Second, MaxWait: 4 * time.Second}
		c, err := New(Config{API: "test", Settings: s})
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err = c.JSON(ctx, &Request{Path: "x"}, nil)
		require.NoError(t, ctx.Err(), "returned before the deadline")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrUnavailable)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 1, ae.Attempts)
		var op *net.OpError
		assert.ErrorAs(t, err, &op, "the connection error is still reachable")
	})
	t.Run("no deadline: retried as before", func(t *testing.T) {
		var n atomic.Int64
		c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusNotFound)
		}, nil)
		_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
		assert.ErrorIs(t, err, ErrNotFound)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
	})
}

// TestRedirectKeepsBodyAtHome: a request with a body is never sent on to
// another origin, whatever the redirect status; the other origin sees
// nothing. A redirect within the origin is followed.
func TestRedirectKeepsBodyAtHome(t *testing.T) {
	var got atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		b, _ := io.ReadAll(r.Body)
		t.Errorf("another origin got %s %s with body %q", r.Method, r.URL.Path, b)
	}))
	defer other.Close()
	// Each target is another origin, reckoned from the host the request
	// reached (127.0.0.1:port).
	targets := []struct {
		name string
		to   func(host string) string
	}{
		{"other port", func(string) string { return other.URL + "/login" }},
		{"localhost, same port", func(host string) string {
			return "http://" + strings.Replace(host, "127.0.0.1", "localhost", 1) + "/prefix/caught"
		}},
		{"https, same host and port", func(host string) string { return "https://" + host + "/prefix/caught" }},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, tg := range targets {
			t.Run(fmt.Sprintf("%d %s", status, tg.name), func(t *testing.T) {
				c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/prefix/caught" {
						got.Add(1)
						t.Errorf("the redirect was followed to %s", r.Host)
						return
					}
					w.Header().Set("Location", tg.to(r.Host))
					w.WriteHeader(status)
				}, nil)
				_, err := c.JSON(context.Background(), &Request{Method: http.MethodPost, Path: "login", RetrySafe: true,
					Body: []byte(`{"username":"u","password":"` + secretKey + `"}`), ContentType: "application/json"}, nil)
				require.Error(t, err)
				var re *RedirectError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, status, re.Status)
				assert.Contains(t, err.Error(), "refusing to follow")
				assert.NotContains(t, err.Error(), secretKey)
				assert.EqualValues(t, 1, hits.Load(), "refused, not retried")
			})
		}
	}
	assert.Zero(t, got.Load())

	t.Run("same origin", func(t *testing.T) {
		for _, status := range []int{307, 308} {
			c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/prefix/old" {
					http.Redirect(w, r, "/prefix/new", status)
					return
				}
				if r.Method == http.MethodPost {
					b, _ := io.ReadAll(r.Body)
					assert.Equal(t, `{"a":1}`, string(b), "the body follows within the origin")
				}
				assert.Equal(t, "Apikey "+secretKey, r.Header.Get("SVV-Authorization"))
				_, _ = io.WriteString(w, `{"ok":true}`)
			}, nil)
			var out struct{ OK bool }
			_, err := c.JSON(context.Background(), &Request{Method: http.MethodPost, Path: "old", Body: []byte(`{"a":1}`)}, &out)
			require.NoError(t, err, status)
			assert.True(t, out.OK)
			_, err = c.JSON(context.Background(), &Request{Path: "old"}, &out)
			require.NoError(t, err, "GET, %d", status)
		}
	})
}

// drip answers 200 and then one byte every interval until the client
// goes away.
func drip(interval time.Duration, hits *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"items":[`)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}
	}
}

// TestDripEnds: a server that sends a byte every 50 ms, far more often
// than the 1 s stall timeout, no longer keeps a call alive: each attempt
// is abandoned and repeated within the budget, and the call ends with
// ErrUnavailable; streamed to the caller (Do), the drip ends the read.
// (The 950 ms between a byte and the stall timeout keep a loaded machine
// from turning the drip into a plain stall: 450 ms did not, beside eight
// test binaries on two cores.)
func TestDripEnds(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	newDrip := func(t *testing.T) (*Client, *atomic.Int64, context.Context) {
		var hits atomic.Int64
		c, _ := newTest(t, drip(50*time.Millisecond, &hits), func(cfg *Config) {
			require.NoError(t, cfg.Settings.SetStallTimeout(time.Second))
			cfg.Settings.Retry.MaxRetries = 1
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a safety net: the call must end by itself
		t.Cleanup(cancel)
		return c, &hits, ctx
	}
	t.Run("JSON", func(t *testing.T) {
		t.Parallel()
		c, hits, ctx := newDrip(t)
		var out any
		_, err := c.JSON(ctx, &Request{Path: "x"}, &out)
		require.NoError(t, ctx.Err(), "the call ended by itself")
		require.ErrorIs(t, err, ErrUnavailable)
		var se *StallError
		require.ErrorAs(t, err, &se)
		assert.True(t, se.Slow)
		assert.Contains(t, err.Error(), "dripping")
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 2, ae.Attempts, "every attempt of the budget")
		assert.LessOrEqual(t, hits.Load(), int64(2))
	})
	t.Run("Do", func(t *testing.T) {
		t.Parallel()
		c, _, ctx := newDrip(t)
		resp, err := c.Do(ctx, &Request{Path: "x"})
		require.NoError(t, err)
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		var se *StallError
		require.ErrorAs(t, err, &se)
		assert.True(t, se.Slow)
		require.NoError(t, ctx.Err())
	})
}

// TestSlowButMovingIsNotADrip: a body that keeps moving at a modest rate
// is read to its end, however much longer than the stall timeout it
// takes; and a caller that reads slowly is not taken for a dripping
// server, since only time spent waiting for the server counts.
func TestSlowButMovingIsNotADrip(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	const chunk, chunks = 16 << 10, 40
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/prefix/small" {
			_, _ = w.Write(bytes.Repeat([]byte("s"), MinBytesPerStall))
			return
		}
		w.WriteHeader(http.StatusOK)
		// 16 KiB every 50 ms: 2 s in all, two stall timeouts, each
		// byte 950 ms within the last however the machine is loaded.
		for range chunks {
			if _, err := w.Write(bytes.Repeat([]byte("m"), chunk)); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetStallTimeout(time.Second)) })

	t.Run("moving", func(t *testing.T) {
		t.Parallel()
		resp, err := c.Do(context.Background(), &Request{Path: "moving"})
		require.NoError(t, err)
		n, err := io.Copy(io.Discard, resp.Body)
		require.NoError(t, err)
		assert.EqualValues(t, chunk*chunks, n)
		require.NoError(t, resp.Body.Close())
	})

	// 512 bytes every 200 ms: 2.5 KiB/s, below the minimum (4 KiB per
	// second) had the caller's own pauses counted: a second of them
	// passes with less than 4 KiB read. The stall clock stands still
	// between Reads, so a loaded machine that stretches a pause cannot end
	// the read either.
	t.Run("read slowly", func(t *testing.T) {
		t.Parallel()
		resp, err := c.Do(context.Background(), &Request{Path: "small"})
		require.NoError(t, err)
		var total int
		buf := make([]byte, 512)
		for {
			k, err := resp.Body.Read(buf)
			total += k
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			time.Sleep(200 * time.Millisecond)
		}
		assert.Equal(t, MinBytesPerStall, total)
		require.NoError(t, resp.Body.Close())
	})
}

// TestPauseBetweenReadsIsNotAStall: a caller that pauses for three stall
// timeouts between two Reads (a download copied to a slow disk) still
// reads the whole body: the stall clock runs only while a Read waits for
// the server. A server that then goes silent while a Read waits is still
// a stall.
func TestPauseBetweenReadsIsNotAStall(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	const size = 64 << 10
	for _, silentAfter := range []bool{false, true} {
		t.Run(fmt.Sprintf("silent after the body: %v", silentAfter), func(t *testing.T) {
			t.Parallel()
			c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write(bytes.Repeat([]byte("p"), size))
				w.(http.Flusher).Flush()
				if silentAfter {
					<-r.Context().Done() // no end of the body, no byte more
				}
			}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetStallTimeout(250*time.Millisecond)) })
			resp, err := c.Do(context.Background(), &Request{Path: "paused"})
			require.NoError(t, err)
			defer resp.Body.Close()
			first := make([]byte, 1<<10)
			_, err = io.ReadFull(resp.Body, first)
			require.NoError(t, err)
			time.Sleep(750 * time.Millisecond)
			n, err := io.Copy(io.Discard, resp.Body)
			assert.EqualValues(t, size-len(first), n, "every byte the server sent")
			if !silentAfter {
				require.NoError(t, err)
				return
			}
			var se *StallError
			require.ErrorAs(t, err, &se, "a Read that waits for a silent server")
			assert.False(t, se.Slow)
		})
	}
}

// TestPauseAfterAnEarlyAnswer: a server that answers before it has read
// the whole upload (full duplex) hands the client its headers while the
// request still goes out; the rest of the upload no longer starts the
// stall clock, so a caller that pauses before reading still gets the body.
func TestPauseAfterAnEarlyAnswer(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	const size = 64 << 10
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, http.NewResponseController(w).EnableFullDuplex())
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(bytes.Repeat([]byte("e"), size))
		w.(http.Flusher).Flush()
		_, _ = io.Copy(io.Discard, r.Body) // the upload goes on after the answer
	}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetStallTimeout(250*time.Millisecond)) })
	resp, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "early",
		Body: bytes.Repeat([]byte("u"), 8<<20), ContentType: "application/octet-stream"})
	require.NoError(t, err)
	defer resp.Body.Close()
	time.Sleep(time.Second)
	n, err := io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	assert.EqualValues(t, size, n)
}

// TestLargeDownloadUnhurt: a body of the full default limit (256 MiB)
// streams to its end with the drip rule in place.
func TestLargeDownloadUnhurt(t *testing.T) {
	if testing.Short() {
		t.Skip("256 MiB through loopback")
	}
	block := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(DefaultMaxBody))
		for range DefaultMaxBody / len(block) {
			if _, err := w.Write(block); err != nil {
				return
			}
		}
	}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetStallTimeout(time.Second)) })
	resp, err := c.Do(context.Background(), &Request{Path: "big"})
	require.NoError(t, err)
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	assert.EqualValues(t, DefaultMaxBody, n)
}

// TestScrubbedErrorHidesItsText: errors.Is and errors.As reach the error a
// scrubbed one replaces, but walking the chain with Unwrap never prints
// the raw text.
func TestScrubbedErrorHidesItsText(t *testing.T) {
	c, _ := newTest(t, func(http.ResponseWriter, *http.Request) {}, nil)
	raw := &net.OpError{Op: "dial", Err: errors.New("refused for " + secretKey)}
	err := c.scrubErr(raw)
	assert.NotContains(t, err.Error(), secretKey)
	assert.ErrorIs(t, err, raw)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Nil(t, errors.Unwrap(err))
}

// BenchmarkWatchedBody is the cost of the watchdog and the drip rule per
// Read of an answer already in memory: what they add to a fast download.
func BenchmarkWatchedBody(b *testing.B) {
	for _, size := range []int{512, 4 << 10, 32 << 10} {
		b.Run(fmt.Sprintf("read %d", size), func(b *testing.B) {
			src := bytes.Repeat([]byte("x"), 64<<20)
			buf := make([]byte, size)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				ctx, cancel := context.WithCancelCause(context.Background())
				w := &watchdog{cancel: cancel, d: time.Minute}
				w.timer = time.AfterFunc(w.d, w.fire)
				body := &watchedBody{rc: io.NopCloser(bytes.NewReader(src)), w: w}
				for {
					if _, err := body.Read(buf); err != nil {
						break
					}
				}
				_ = body.Close()
				_ = ctx
			}
		})
	}
}
