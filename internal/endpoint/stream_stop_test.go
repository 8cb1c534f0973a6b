package endpoint_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// closeDelimited serves ids start+1..n as NDJSON, HTTP/1.1 without length
// or chunking (the body ends when the connection closes).
func closeDelimited(t *testing.T, n int) *transport.Client {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				start, _ := strconv.Atoi(req.URL.Query().Get("start"))
				fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n")
				for i := start + 1; i <= n; i++ {
					fmt.Fprintf(conn, "{\"id\":%d}\n", i)
				}
			}()
		}
	}()
	set := transport.Defaults("http://"+ln.Addr().String(), 1e9, 1)
	set.Retry = vegdata.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	tc, err := transport.New(transport.Config{API: "test", Settings: set})
	require.NoError(t, err)
	return tc
}

// The consumer says stop with an error that wraps io.ErrUnexpectedEOF (a
// cut pipe, a short write): the stream stops there and returns it.
func TestStreamStopWithUnexpectedEOF(t *testing.T) {
	tc := closeDelimited(t, 10)
	stopErr := fmt.Errorf("copying to the archive: %w", io.ErrUnexpectedEOF)
	calls, afterStop := 0, 0
	stopped := false
	n, last, err := idStream().Read(context.Background(), tc, endpoint.Request{Path: "s"}, 0, func(it *item) error {
		calls++
		if stopped {
			afterStop++
		}
		if it.ID == 3 && !stopped {
			stopped = true
			return stopErr
		}
		return nil
	})
	assert.Zero(t, afterStop, "yield called after it returned an error")
	assert.ErrorIs(t, err, stopErr)
	assert.Equal(t, 3, calls)
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, last)
}

// A consumer that returns an *APIError of its own (from another call) gets
// it back unchanged, and it is not reported as the stream's answer.
func TestStreamStopWithAPIError(t *testing.T) {
	tc, _ := ndjson(t, 10, 0)
	mine := &vegdata.APIError{API: "other", StatusCode: 404, Attempts: 7, RequestID: "other-call"}
	var metas []vegdata.Meta
	ctx := vegdata.OnMeta(context.Background(), func(m *vegdata.Meta) { metas = append(metas, *m) })
	_, _, err := idStream().Read(ctx, tc, endpoint.Request{Path: "s"}, 0, func(it *item) error {
		if it.ID == 2 {
			return mine
		}
		return nil
	})
	require.Same(t, mine, err)
	assert.Equal(t, 7, mine.Attempts)
	for _, m := range metas {
		assert.NotEqual(t, 404, m.StatusCode, "the consumer's error reported as the stream's answer")
	}
}
