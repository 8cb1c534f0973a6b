package uberiket_test

// Review 3: tests that prove defects found in review. Each test states the
// property it requires; a failing test is a finding.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// review3Proxy puts a proxy in front of the fake; intercept, while set,
// may answer a request itself (returning true) instead of the fake.
type review3Proxy struct {
	*httptest.Server
	intercept atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

func newReview3Proxy(t *testing.T, srv *uberikettest.Server) *review3Proxy {
	t.Helper()
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = srv.Client().Transport
	p := &review3Proxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := p.intercept.Load(); f != nil && (*f)(w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *review3Proxy) set(f func(w http.ResponseWriter, r *http.Request) bool) {
	if f == nil {
		p.intercept.Store(nil)
		return
	}
	p.intercept.Store(&f)
}

func review3Client(t *testing.T, p *review3Proxy) *uberiket.Client {
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

// TestReview3SyncEmptyStreamByIDsLosesObjects: during catch-up, the
// streams that read the changed objects again answer a 200 that is not a
// stream (text/html, empty). Sync takes it for "none of these objects is
// active any more", removes them and moves the position past their
// hendelser, so even a later Sync against a healthy NVDB never brings
// them back. Required: the store ends equal to NVDB once the server is
// healthy again (and the broken answer is an error).
func TestReview3SyncEmptyStreamByIDsLosesObjects(t *testing.T) {
	srv := generated(t, 2000)
	p := newReview3Proxy(t, srv)
	c := review3Client(t, p)
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

// TestReview3SyncEmptyStreamBackfillLosesObjects: the first answer of a
// backfill's stream is a 200 text/html without a body. Sync records the
// type as copied with no objects; a later Sync against a healthy NVDB
// only reads hendelser, so the type stays empty for good.
func TestReview3SyncEmptyStreamBackfillLosesObjects(t *testing.T) {
	srv := generated(t, 2000)
	p := newReview3Proxy(t, srv)
	c := review3Client(t, p)
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

// hendelsePage is one page of type 105's hendelser with the given ids.
func hendelsePage(typeID int, next string, ids ...int64) string {
	var b strings.Builder
	b.WriteString(`{"hendelser":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"hendelseId":` + r3itoa(id) + `,"hendelseType":"VegobjektVersjonOpprettet","vegobjektId":` + r3itoa(1000+id) +
			`,"vegobjektTypeId":` + r3itoa(int64(typeID)) + `,"vegobjektVersjon":1,"tidspunkt":"2025-05-02T20:00:00Z"}`)
	}
	b.WriteString(`],"metadata":{"returnert":` + r3itoa(int64(len(ids))) + `,"sidestorrelse":1000`)
	if next != "" {
		b.WriteString(`,"neste":{"start":"` + next + `","href":"http://x/?start=` + next + `"}`)
	}
	b.WriteString(`}}`)
	return b.String()
}

func r3itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestReview3HendelserAllHostileFeed: Hendelser.All promises the
// hendelser after q.Start in id order ("the HendelseID of the last one is
// where to resume"). A feed that goes backwards, repeats, or brings a
// hendelse of another type must be an error, as it is for Sync and
// Hendelser.Stream; All hands it over as if it were right.
func TestReview3HendelserAllHostileFeed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages map[string]string // by start
	}{
		{"backwards", map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(105, "", 5, 6)}},
		{"repeats", map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(105, "", 11, 12)}},
		{"out of order in a page", map[string]string{"": hendelsePage(105, "", 11, 10)}},
		{"another type", map[string]string{"": hendelsePage(45, "", 10, 11)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, ok := tc.pages[r.URL.Query().Get("start")]
				if !ok {
					body = hendelsePage(105, "")
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			defer hs.Close()
			c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(hs.URL), uberiket.WithLimiter(nil),
				uberiket.WithRetry(fastRetry))
			require.NoError(t, err)
			var errs []error
			var got []int64
			for h, err := range c.Hendelser.All(context.Background(), 105, nil) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, h.HendelseID)
			}
			require.Len(t, errs, 1, "hendelser handed over: %v", got)
			assert.True(t, errors.Is(errs[0], uberiket.ErrInvalidResponse), "%v", errs[0])
		})
	}
}

// TestReview3StreamNotAStream: answers of 200 that carry no object and
// are not the documented NDJSON must be ErrInvalidResponse, never a type
// without objects. A body of only blank lines is unbounded (MaxLine
// bounds one line, not a run of empty ones), so a server that sends
// newlines for ever holds the call for ever.
func TestReview3StreamNotAStream(t *testing.T) {
	obj := `{"id":5,"versjon":1,"typeId":105,"sistEndret":"2023-01-01T12:34:56Z"}`
	for _, tc := range []struct{ name, body string }{
		{"17 MiB of blank lines", strings.Repeat("\n", 17<<20)},
		{"null", "null\n"},
		{"an object and junk after it", obj + " xyz\n"},
		{"two objects on one line", obj + obj + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv)
			srv.Script(uberikettest.Fault{Status: 200, Body: tc.body})
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
		})
	}
}

// TestReview3HendelserPageShortOfReturnert: a hendelse page whose
// metadata says it holds 3 hendelser and a following page, but whose list
// is empty, is not the documented shape; Hendelser.List takes it for
// "caught up" (and Sync would too).
func TestReview3HendelserPageShortOfReturnert(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"hendelser":[],"metadata":{"returnert":3,"sidestorrelse":1000,` +
			`"neste":{"start":"13","href":"http://x/?start=13"}}}`))
	}))
	defer hs.Close()
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(hs.URL), uberiket.WithLimiter(nil),
		uberiket.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = c.Hendelser.List(context.Background(), 105, &uberiket.HendelseQuery{Start: 10})
	assert.ErrorIs(t, err, uberiket.ErrInvalidResponse)
}

// TestReview3RedirectToAnotherHost: a GET that NVDB (or something posing
// as it) redirects to another host must not take the bearer token, the
// X-Client or the Kontaktperson (an e-mail address) along.
func TestReview3RedirectToAnotherHost(t *testing.T) {
	var got atomic.Pointer[http.Header]
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		got.Store(&h)
		http.Error(w, "nothing here", http.StatusNotFound)
	}))
	defer other.Close()
	// Another host: localhost instead of 127.0.0.1.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusFound)
	}))
	defer home.Close()
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(home.URL), uberiket.WithLimiter(nil),
		uberiket.WithRetry(fastRetry), uberiket.WithKontaktperson("ola@example.no"),
		uberiket.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "review3-secret"})))
	require.NoError(t, err)
	_, _ = c.Hendelser.Siste(context.Background(), 105, time.Time{})
	h := got.Load()
	if h == nil {
		return // the redirect was not followed: nothing went to the other host
	}
	assert.Empty(t, h.Get("Authorization"), "the bearer token went to another host")
	assert.Empty(t, h.Get("X-Client"), "X-Client went to another host")
	for k, v := range *h {
		assert.NotContains(t, strings.Join(v, ","), "ola@example.no", "header %s took the kontaktperson to another host", k)
	}
}
