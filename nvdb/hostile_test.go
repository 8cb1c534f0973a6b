package nvdb_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/hostile"
	"github.com/vegdata/go-vegdata/nvdb"
)

// hostileClient points a client at a server that answers every request
// with h.
func hostileClient(t *testing.T, h http.Handler) *nvdb.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := nvdb.NewClient("hostile-test", nvdb.WithBaseURL(srv.URL),
		nvdb.WithRateLimit(1000, 100), nvdb.WithRetry(fastRetry), nvdb.WithPrefetch(false))
	require.NoError(t, err)
	return c
}

// requireAPIError checks the error is an *APIError of kind want that
// carries the status and the server's request id.
func requireAPIError(t *testing.T, err error, want error, status int, rid string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, want)
	var ae *nvdb.APIError
	require.True(t, errors.As(err, &ae), "%T: %v", err, err)
	assert.Equal(t, status, ae.StatusCode)
	assert.Equal(t, rid, ae.RequestID)
}

const objectJSON = `{"id":1,"href":"h","egenskaper":[{"id":2021,"navn":"Fartsgrense","egenskapstype":"Heltallenum","verdi":80,"enum_id":2738}]}`

// Pages and objects of 1 GiB, generated as they are sent: the client stops
// at its body limit with ErrBodyTooLarge, and a page is decoded through a
// fixed window, so memory stays small whatever the size. A single object
// is decoded by encoding/json, which holds the body it reads (growing its
// buffer by doubling): what it allocates is bounded by the limit for
// answers decoded whole (64 MiB read, about 256 MiB allocated), not by the
// body.
func TestHostileHugeBodies(t *testing.T) {
	hostile.SkipUnlessHuge(t)
	hostile.SkipUnderRace(t)
	tests := []struct {
		name     string
		body     func() io.Reader
		call     func(c *nvdb.Client) error
		maxAlloc uint64
	}{
		{"page with an endless unknown member", func() io.Reader {
			return hostile.Body(`{"objekter":[],"ukjent":[`, `1234567,"abcdefgh",{"a":[null]},`, `0]}`, hostile.GiB)
		}, func(c *nvdb.Client) error {
			_, err := c.Vegobjekter.List(context.Background(), 105, nil)
			return err
		}, 64 * hostile.MiB},
		{"page padded with white space", func() io.Reader {
			return hostile.Body(`{"objekter":[`, "    \n", `]}`, hostile.GiB)
		}, func(c *nvdb.Client) error {
			_, err := c.Vegobjekter.List(context.Background(), 105, nil)
			return err
		}, 64 * hostile.MiB},
		{"object with an endless unknown member", func() io.Reader {
			return hostile.Body(`{"id":1,"ukjent":[`, `1234567,"abcdefgh",{"a":[null]},`, `0]}`, hostile.GiB)
		}, func(c *nvdb.Client) error {
			_, err := c.Vegobjekter.Get(context.Background(), 105, 1, nil)
			return err
		}, 400 * hostile.MiB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(200, "application/json", "rid-huge", tc.body))
			var err error
			alloc, peak := hostile.Measure(func() { err = tc.call(c) })
			requireAPIError(t, err, nvdb.ErrBodyTooLarge, 200, "rid-huge")
			assert.Less(t, alloc, tc.maxAlloc)
			t.Logf("allocated %d KiB in all, live heap peak %d KiB", alloc/1024, peak/1024)
		})
	}
}

// An error body of 1 GiB: at most 1 MiB of it is read, the status and the
// request id reach the caller.
func TestHostileHugeErrorBody(t *testing.T) {
	c := hostileClient(t, hostile.Handler(400, "application/problem+json", "rid-err", func() io.Reader {
		return hostile.Body(`{"type":"x","title":"`, "a", `"}`, hostile.GiB)
	}))
	var err error
	alloc, peak := hostile.Measure(func() { _, err = c.Vegobjekter.List(context.Background(), 105, nil) })
	requireAPIError(t, err, nvdb.ErrBadRequest, 400, "rid-err")
	var ae *nvdb.APIError
	require.ErrorAs(t, err, &ae)
	assert.LessOrEqual(t, len(ae.Body), 1<<20)
	assert.Less(t, alloc, uint64(16*hostile.MiB))
	t.Logf("allocated %d KiB in all, live heap peak %d KiB", alloc/1024, peak/1024)
}

// Malformed answers with status 200: each is an ErrInvalidResponse
// *APIError with status and request id, for a page and for one object.
func TestHostileMalformed(t *testing.T) {
	t.Parallel()
	deepRel := `{"objekter":[` + hostile.Nested(`{"id":1,"relasjoner":{"barn":[{"id":2,"vegobjekter":[`, `1`, `]}]}}`, 100000) + `],"metadata":{}}`
	deepStruktur := `{"objekter":[{"id":1,"egenskaper":[` + hostile.Nested(`{"id":1,"innhold":[`, ``, `]}`, 100000) + `]}],"metadata":{}}`
	tests := []struct {
		name, contentType, body string
		object                  bool // Get instead of List
	}{
		{"html from a proxy", "text/html", `<html><body><h1>502 Bad Gateway</h1></body></html>`, false},
		{"html from a proxy", "text/html", `<html><body><h1>502 Bad Gateway</h1></body></html>`, true},
		{"not JSON", "application/json", `Service temporarily unavailable`, false},
		{"empty", "application/json", ``, false},
		{"empty", "application/json", ``, true},
		{"wrong types", "application/json", `{"objekter":[{"id":"78697179","href":7}],"metadata":{}}`, false},
		{"wrong types", "application/json", `{"id":"78697179","egenskaper":{"id":1}}`, true},
		{"objekter not an array", "application/json", `{"objekter":{"id":1},"metadata":{}}`, false},
		{"truncated", "application/json", `{"objekter":[{"id":1,"href":"h"`, false},
		{"100000 levels of [", "application/json", `{"objekter":[` + hostile.Nested("[", "", "]", 100000) + `],"metadata":{}}`, false},
		{"100000 levels of [", "application/json", hostile.Nested("[", "", "]", 100000), true},
		{"100000 levels of {", "application/json", hostile.Nested(`{"id":`, "1", "}", 100000), true},
		{"100000 nested relasjoner", "application/json", deepRel, false},
		{"100000 nested relasjoner", "application/json", strings.TrimSuffix(strings.TrimPrefix(deepRel, `{"objekter":[`), `],"metadata":{}}`), true},
		{"100000 nested Struktur egenskaper", "application/json", deepStruktur, false},
	}
	for _, tc := range tests {
		name := tc.name + map[bool]string{false: " (page)", true: " (object)"}[tc.object]
		t.Run(name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(200, tc.contentType, "rid-bad", func() io.Reader { return strings.NewReader(tc.body) }))
			var err error
			if tc.object {
				_, err = c.Vegobjekter.Get(context.Background(), 105, 1, nil)
			} else {
				_, err = c.Vegobjekter.List(context.Background(), 105, nil)
			}
			requireAPIError(t, err, nvdb.ErrInvalidResponse, 200, "rid-bad")
			assert.NotContains(t, err.Error(), "panic")
		})
	}
}

// Three million levels of relasjoner (150 MiB, streamed) overflowed the
// goroutine stack of the page decoder, a fatal error that kills the
// program; the decoder now stops at 10 000 levels, as encoding/json does,
// after reading a few hundred KiB.
func TestHostileStackOverflow(t *testing.T) {
	c := hostileClient(t, hostile.Handler(200, "application/json", "rid-deep", func() io.Reader {
		return hostile.Body(`{"objekter":[`, `{"id":1,"relasjoner":{"barn":[{"id":2,"vegobjekter":[`, ``, 150*hostile.MiB)
	}))
	var err error
	alloc, peak := hostile.Measure(func() { _, err = c.Vegobjekter.List(context.Background(), 105, nil) })
	requireAPIError(t, err, nvdb.ErrInvalidResponse, 200, "rid-deep")
	assert.Contains(t, err.Error(), "max depth")
	if !hostile.Race {
		assert.Less(t, alloc, uint64(64*hostile.MiB))
	}
	t.Logf("allocated %d KiB in all, live heap peak %d KiB", alloc/1024, peak/1024)
}

// A member the decoder does not know is skipped without recursion, so
// any depth of it costs neither stack nor memory; the page stays valid.
func TestHostileDeepUnknownMember(t *testing.T) {
	body := `{"objekter":[{"id":7,"ukjent":` + hostile.Nested(`{"a":[`, "1", "]}", 100000) + `}],"metadata":{"returnert":1}}`
	c := hostileClient(t, hostile.Handler(200, "application/json", "rid", func() io.Reader { return strings.NewReader(body) }))
	side, err := c.Vegobjekter.List(context.Background(), 105, nil)
	require.NoError(t, err)
	require.Len(t, side.Items, 1)
	assert.EqualValues(t, 7, side.Items[0].ID)
}

// A page that is well formed but long: each object is decoded once, and a
// valid page stays valid (the guards above do not refuse real shapes).
func TestHostileDeepButLegal(t *testing.T) {
	body := `{"objekter":[` + hostile.Nested(`{"id":1,"relasjoner":{"barn":[{"id":2,"vegobjekter":[`, objectJSON, `]}]}}`, 500) + `],"metadata":{"returnert":1,"sidestørrelse":1000}}`
	c := hostileClient(t, hostile.Handler(200, "application/json", "rid", func() io.Reader { return strings.NewReader(body) }))
	side, err := c.Vegobjekter.List(context.Background(), 105, nil)
	require.NoError(t, err)
	require.Len(t, side.Items, 1)
	o := side.Items[0]
	for range 500 {
		require.NotNil(t, o.Relasjoner)
		o = &o.Relasjoner.Barn[0].Vegobjekter[0]
	}
	assert.Equal(t, "80", o.Egenskap(2021).String())
}
