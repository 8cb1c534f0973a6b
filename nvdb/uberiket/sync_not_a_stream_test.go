package uberiket_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/longtest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// interceptProxy puts a proxy in front of the fake; intercept, while set,
// may answer a request itself (returning true) instead of the fake.
type interceptProxy struct {
	*httptest.Server
	intercept atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

func newInterceptProxy(t *testing.T, srv *uberikettest.Server) *interceptProxy {
	t.Helper()
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = srv.Client().Transport
	p := &interceptProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := p.intercept.Load(); f != nil && (*f)(w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *interceptProxy) set(f func(w http.ResponseWriter, r *http.Request) bool) {
	if f == nil {
		p.intercept.Store(nil)
		return
	}
	p.intercept.Store(&f)
}

func proxiedClient(t *testing.T, p *interceptProxy) *uberiket.Client {
	t.Helper()
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(p.URL), uberiket.WithLimiter(nil),
		uberiket.WithRetry(fastRetry))
	require.NoError(t, err)
	return c
}

// emptyHTML answers a 200 that is not an NDJSON stream: an HTML content
// type and no body (what a misconfigured proxy or a maintenance page with
// an empty body sends).
func emptyHTML(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
}

// TestSyncRefusesNonNDJSONReread: during catch-up, the streams that read
// the changed objects again answer a 200 that is not a stream (text/html,
// empty). Taken for "none of these objects is active any more", Sync
// would remove them and move its position past their hendelser, so even a
// later Sync against a healthy NVDB would never bring them back. It is
// ErrInvalidResponse, and the store ends equal to NVDB once the server is
// healthy again.
func TestSyncRefusesNonNDJSONReread(t *testing.T) {
	t.Parallel()
	srv := generated(t, 2000)
	p := newInterceptProxy(t, srv)
	c := proxiedClient(t, p)
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	require.NoError(t, c.Sync(ctx, 105, store, nil))
	requireEqual(t, srv, store)

	srv.Change(105, 100)
	p.set(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/stream") && r.URL.Query().Has("ider") {
			emptyHTML(w)
			return true
		}
		return false
	})
	err := c.Sync(ctx, 105, store, nil)
	assert.ErrorIs(t, err, uberiket.ErrInvalidResponse, "a 200 text/html without a stream is not an empty stream")

	p.set(nil)
	require.NoError(t, c.Sync(ctx, 105, store, nil))
	requireEqual(t, srv, store)
}

// TestSyncRefusesNonNDJSONBackfill: the first answer of a backfill's
// stream is a 200 text/html without a body. Taken for an empty type, Sync
// would record the type as copied with no objects, and a later Sync
// against a healthy NVDB would only read hendelser, leaving it empty for
// good. It is ErrInvalidResponse, and the next Sync copies the type.
func TestSyncRefusesNonNDJSONBackfill(t *testing.T) {
	t.Parallel()
	srv := generated(t, 2000)
	p := newInterceptProxy(t, srv)
	c := proxiedClient(t, p)
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	p.set(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/stream") {
			emptyHTML(w)
			return true
		}
		return false
	})
	err := c.Sync(ctx, 105, store, &uberiket.SyncOptions{Parallel: 1})
	assert.ErrorIs(t, err, uberiket.ErrInvalidResponse, "a 200 text/html without a stream is not an empty type")

	p.set(nil)
	require.NoError(t, c.Sync(ctx, 105, store, nil))
	requireEqual(t, srv, store)
}

// TestStreamRefusesAnswersThatAreNotAStream: 200s that carry no object
// and are not the documented NDJSON are ErrInvalidResponse, never a type
// without objects: null, junk after an object, two objects on one line.
// The fake sends them as application/x-ndjson, so the reading of the body
// is what refuses them.
func TestStreamRefusesAnswersThatAreNotAStream(t *testing.T) {
	obj := `{"id":5,"versjon":1,"typeId":105,"sistEndret":"2023-01-01T12:34:56Z"}`
	for _, tc := range []struct{ name, body string }{
		{"null", "null\n"},
		{"an object and junk after it", obj + " xyz\n"},
		{"two objects on one line", obj + obj + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) { requireNotAStream(t, tc.body) })
	}
}

// TestStreamRefusesBlankLinesPastMaxLine: a body of only blank lines,
// more than MaxLine of them in a row, is refused like the answers above.
// A long run (VEGDATA_LONG=1, CI): 17 MiB of newlines cost a second of CPU
// to send and read, and the kernel's bound on a run of blank lines is
// internal/endpoint's TestStreamEndlessBlankLines, which runs by default;
// this is the same bound met through Stream.
func TestStreamRefusesBlankLinesPastMaxLine(t *testing.T) {
	longtest.Skip(t)
	requireNotAStream(t, strings.Repeat("\n", 17<<20))
}

// requireNotAStream streams type 105 from a fake that answers body and
// requires one ErrInvalidResponse.
func requireNotAStream(t *testing.T, body string) {
	t.Helper()
	srv := newServer(t)
	c := newClient(t, srv)
	srv.Script(uberikettest.Fault{Status: 200, Body: body})
	var errs []error
	n := 0
	for o, err := range c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{Parallel: 1}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if o.ID == 5 {
			n++
		}
	}
	require.Len(t, errs, 1, "objects 5 handed over: %d", n)
	assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
}

// TestSyncRefusesHostileHendelser: during catch-up the hendelser page
// breaks the feed's rule (it goes back to before the store's position, or
// brings another type's hendelse). Applied, it would change an object
// twice or change objects of another type; Sync returns
// ErrInvalidResponse with the store and its position as they were, and
// the next Sync against a healthy NVDB ends equal to it.
func TestSyncRefusesHostileHendelser(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		page func(after int64) string
	}{
		{"goes back", func(after int64) string { return hendelsePage(105, "", after-1, after+1) }},
		{"another type", func(after int64) string { return hendelsePage(45, "", after+1) }},
		{"repeats", func(after int64) string { return hendelsePage(105, "", after+1, after+1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := generated(t, 2000)
			p := newInterceptProxy(t, srv)
			c := proxiedClient(t, p)
			ctx := context.Background()
			store := uberiket.NewMemoryStore()
			require.NoError(t, c.Sync(ctx, 105, store, nil))
			before, ok, err := store.Position(ctx, 105)
			require.NoError(t, err)
			require.True(t, ok)
			versjoner := store.Versjoner(105)

			srv.Change(105, 50)
			p.set(func(w http.ResponseWriter, r *http.Request) bool {
				if !strings.HasSuffix(r.URL.Path, "/hendelser/vegobjekter/105") || r.URL.Query().Get("start") == "" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tc.page(before.Hendelse)))
				return true
			})
			err = c.Sync(ctx, 105, store, nil)
			require.ErrorIs(t, err, uberiket.ErrInvalidResponse)
			after, _, err := store.Position(ctx, 105)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the position did not move")
			assert.Equal(t, versjoner, store.Versjoner(105), "nothing of the page was applied")

			p.set(nil)
			require.NoError(t, c.Sync(ctx, 105, store, nil))
			requireEqual(t, srv, store)
		})
	}
}
