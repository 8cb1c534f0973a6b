package endpoint_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// streamServer answers every request with contentType (none when empty)
// and body, and keeps the X-Request-ID it was sent.
func streamServer(t *testing.T, contentType, body string) (*transport.Client, *atomic.Value) {
	t.Helper()
	var rid atomic.Value
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rid.Store(r.Header.Get("X-Request-ID"))
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing either
		}
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, body) // no copy of a 17 MiB body
	}))
	t.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{API: "test", Settings: transport.Defaults(hs.URL, 1e9, 1)})
	require.NoError(t, err)
	return tc, &rid
}

// TestStreamRefusesNonNDJSON: a 200 whose Content-Type is not NDJSON is
// ErrInvalidResponse with the answer's status and request id, before any
// line is read, even when the body is empty (which would read as "no
// items") or holds lines that would decode. The media type may carry
// parameters and any case.
func TestStreamRefusesNonNDJSON(t *testing.T) {
	lines := "{\"id\":1}\n{\"id\":2}\n"
	for _, tc := range []struct {
		name, contentType, body string
		want                    []int // nil: refused
	}{
		{"empty html", "text/html; charset=utf-8", "", nil},
		{"empty json", "application/json", "", nil},
		{"json lines", "application/json", lines, nil},
		{"plain lines", "text/plain; charset=utf-8", lines, nil},
		{"no content type", "", lines, nil},
		{"a longer name", "application/x-ndjsonx", lines, nil},
		{"malformed", "application/x-ndjson; charset", lines, nil},
		{"ndjson", "application/x-ndjson", lines, []int{1, 2}},
		{"ndjson empty", "application/x-ndjson", "", []int{}},
		{"ndjson with charset", "application/x-ndjson; charset=UTF-8", lines, []int{1, 2}},
		{"ndjson in capitals", "Application/X-NDJSON", lines, []int{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, rid := streamServer(t, tc.contentType, tc.body)
			got := []int{}
			n, _, err := idStream().Read(context.Background(), client, endpoint.Request{Path: "s"}, 0, func(it *item) error {
				got = append(got, it.ID)
				return nil
			})
			if tc.want != nil {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				return
			}
			assert.Zero(t, n)
			assert.Empty(t, got)
			require.ErrorIs(t, err, vegdata.ErrInvalidResponse)
			var ae *vegdata.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, http.StatusOK, ae.StatusCode)
			assert.Equal(t, rid.Load(), ae.RequestID)
			assert.Contains(t, ae.Message, "not a stream")
			assert.Equal(t, 1, ae.Attempts, "an answer of the wrong type is not asked for again")
		})
	}
}

// TestStreamBlankLinesBounded: blank lines between items are skipped (as
// NDJSON readers may), CRLF ones too, and the bound on a run of them
// counts from the last item.
func TestStreamBlankLinesBounded(t *testing.T) {
	t.Parallel() // beside the test that waits
	for _, tc := range []struct {
		name, body string
		want       []int
	}{
		{"a few between items", "\n\n{\"id\":1}\n\r\n  \n{\"id\":2}\n\n", []int{1, 2}},
		// More than MaxLine in all, but an item between: the count starts
		// again after each item. (A run past MaxLine is the endless test's
		// and uberiket's TestStreamRefusesBlankLinesPastMaxLine's.)
		{"MaxLine in total, never in a row", strings.Repeat("\r\n", 9<<19) + "{\"id\":1}\n" + strings.Repeat("\n", 8<<20) + "{\"id\":2}\n",
			[]int{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := streamServer(t, endpoint.NDJSON, tc.body)
			got := []int{}
			_, _, err := idStream().Read(context.Background(), client, endpoint.Request{Path: "s"}, 0, func(it *item) error {
				got = append(got, it.ID)
				return nil
			})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestStreamEndlessBlankLines: a server that sends newlines for ever does
// not hold the call for ever: more than MaxLine bytes of blank lines in a
// row is ErrInvalidResponse, with nothing handed over.
func TestStreamEndlessBlankLines(t *testing.T) {
	t.Parallel() // beside the test that waits
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", endpoint.NDJSON)
		chunk := []byte(strings.Repeat("\n", 64<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer hs.Close()
	client, err := transport.New(transport.Config{API: "test", Settings: transport.Defaults(hs.URL, 1e9, 1)})
	require.NoError(t, err)
	n, _, err := idStream().Read(context.Background(), client, endpoint.Request{Path: "s"}, 0, func(*item) error { return nil })
	assert.Zero(t, n)
	require.ErrorIs(t, err, vegdata.ErrInvalidResponse)
	assert.Contains(t, err.Error(), "more than 16 MiB of blank lines")
}
