package endpoint_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

func idStream() *endpoint.Stream[item, int] {
	return &endpoint.Stream[item, int]{
		Spec: endpoint.Spec{Name: "Items.Stream"},
		Decode: func(line []byte) (*item, error) {
			var it item
			if err := json.Unmarshal(line, &it); err != nil {
				return nil, err
			}
			if it.ID == 0 {
				return nil, errors.New("no id")
			}
			return &it, nil
		},
		Cursor:    func(it *item) int { return it.ID },
		SetCursor: func(q url.Values, c int) { q.Set("start", strconv.Itoa(c)) },
	}
}

// ndjson serves ids start+1 … n, one per line; cut, when set, cuts the
// answer of the first request after that many bytes, mid-line.
func ndjson(t *testing.T, n int, cut int) (*transport.Client, *atomic.Int64) {
	var requests atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := requests.Add(1) == 1
		start, _ := strconv.Atoi(r.URL.Query().Get("start"))
		var body []byte
		for i := start + 1; i <= n; i++ {
			body = fmt.Appendf(body, "{\"id\":%d}\n", i)
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		if first && cut > 0 {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write(body[:cut])
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.(*net.TCPConn).SetLinger(0)
			_ = conn.Close()
			return
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(hs.Close)
	set := transport.Defaults(hs.URL, 1e9, 1)
	set.Retry = vegdata.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	tc, err := transport.New(transport.Config{API: "test", Settings: set})
	require.NoError(t, err)
	return tc, &requests
}

func TestStreamResumesAfterLastWholeItem(t *testing.T) {
	tc, requests := ndjson(t, 50, 105) // cut inside line 10
	var ids []int
	n, last, err := idStream().Read(context.Background(), tc, endpoint.Request{Path: "s"}, 0, func(it *item) error {
		ids = append(ids, it.ID)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 50, n)
	assert.Equal(t, 50, last)
	for i, id := range ids {
		require.Equal(t, i+1, id, "every item once, in order")
	}
	assert.EqualValues(t, 2, requests.Load())
}

func TestStreamConsumerError(t *testing.T) {
	tc, _ := ndjson(t, 50, 0)
	stop := errors.New("enough")
	n, last, err := idStream().Read(context.Background(), tc, endpoint.Request{Path: "s"}, 7, func(it *item) error {
		if it.ID == 12 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 4, n)
	assert.Equal(t, 11, last)
}

// TestStreamSlowConsumerIsNotAStall: time the consumer spends on an item
// is not the server's silence. Two items suffice (one pause between items,
// one before the end); each pause is three stall timeouts.
func TestStreamSlowConsumerIsNotAStall(t *testing.T) {
	t.Parallel() // it waits; the others beside it compute
	tc, _ := ndjson(t, 2, 0)
	set := transport.Defaults(tc.BaseURL(), 1e9, 1)
	set.StallTimeout = 100 * time.Millisecond
	tc2, err := transport.New(transport.Config{API: "test", Settings: set})
	require.NoError(t, err)
	n, _, err := idStream().Read(context.Background(), tc2, endpoint.Request{Path: "s"}, 0, func(*item) error {
		time.Sleep(300 * time.Millisecond) // three stall timeouts per item
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}

func TestStreamJunkLine(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", endpoint.NDJSON)
		_, _ = w.Write([]byte("{\"id\":1}\n<html>\n"))
	}))
	defer hs.Close()
	tc, err := transport.New(transport.Config{API: "test", Settings: transport.Defaults(hs.URL, 1e9, 1)})
	require.NoError(t, err)
	n, _, err := idStream().Read(context.Background(), tc, endpoint.Request{Path: "s"}, 0, func(*item) error { return nil })
	assert.Equal(t, 1, n)
	assert.ErrorIs(t, err, vegdata.ErrInvalidResponse)
}

// TestStreamBadItem: an item the consumer refuses as the answer's fault is
// an ErrInvalidResponse *APIError, not retried.
func TestStreamBadItem(t *testing.T) {
	tc, requests := ndjson(t, 50, 0)
	n, last, err := idStream().Read(context.Background(), tc, endpoint.Request{Path: "s"}, 0, func(it *item) error {
		if it.ID == 3 {
			return endpoint.BadItem(errors.New("not asked for"))
		}
		return nil
	})
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, last)
	assert.ErrorIs(t, err, vegdata.ErrInvalidResponse)
	var ae *vegdata.APIError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, ae.Message, "not asked for")
	assert.EqualValues(t, 1, requests.Load())
}

// TestStreamLines: lines are read in the reader's buffer when they fit and
// gathered when they do not (longer than its 64 KiB), with CRLF endings,
// blank lines and a last line without a newline; every item whole and in
// order. A line past MaxLine is ErrInvalidResponse.
func TestStreamLines(t *testing.T) {
	t.Parallel() // beside the test that waits
	// The lines are written straight into their body: the one past
	// MaxLine is 16 MiB, and copies of it were half the test's time.
	xs := strings.Repeat("x", 64<<10)
	line := func(b *strings.Builder, id, pad int, end string) {
		fmt.Fprintf(b, `{"id":%d,"pad":"`, id)
		for ; pad > 0; pad -= len(xs) {
			b.WriteString(xs[:min(pad, len(xs))])
		}
		b.WriteString(`"}` + end)
	}
	var body strings.Builder
	want := []int{}
	for i := 1; i <= 40; i++ {
		pad := []int{10, 70 << 10, 300, 200 << 10, 64<<10 - 20}[i%5]
		end := []string{"\n", "\r\n", "\n\n"}[i%3]
		if i == 40 {
			end = ""
		}
		line(&body, i, pad, end)
		want = append(want, i)
	}
	var past strings.Builder
	past.Grow(endpoint.MaxLine + 64)
	line(&past, 1, 10, "\n")
	line(&past, 2, endpoint.MaxLine, "\n")
	tests := []struct {
		name string
		body string
		want []int
		err  error
	}{
		{"short and long", body.String(), want, nil},
		{"past MaxLine", past.String(), []int{1}, vegdata.ErrInvalidResponse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", endpoint.NDJSON)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer hs.Close()
			client, err := transport.New(transport.Config{API: "test", Settings: transport.Defaults(hs.URL, 1e9, 1)})
			require.NoError(t, err)
			got := []int{}
			_, _, err = idStream().Read(context.Background(), client, endpoint.Request{Path: "s"}, 0, func(it *item) error {
				got = append(got, it.ID)
				return nil
			})
			assert.Equal(t, tc.want, got)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Contains(t, err.Error(), "a line longer than 16 MiB")
				return
			}
			require.NoError(t, err)
		})
	}
}
