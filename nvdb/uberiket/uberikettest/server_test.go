package uberikettest_test

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// fake is the core API every fake of go-vegdata offers.
type fake interface {
	Close()
	Client() *http.Client
	Script(...vegdatatest.Fault)
	Requests() []vegdatatest.Request
	OpenConns() int
}

var _ fake = (*uberikettest.Server)(nil)

// TestCommonAPI: X-Client, tokens, scripted faults, the request log and
// the errors of paths and methods the API does not have.
func TestCommonAPI(t *testing.T) {
	srv := uberikettest.NewServer(uberikettest.WithKeys("rett"))
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+v1+"/vegobjekter/105/stream", nil)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "X-Client is required")

	req.Header.Set("X-Client", "test")
	req.Header.Set("Authorization", "Bearer galt")
	resp, err = srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")

	req.Header.Set("Authorization", "Bearer rett")
	resp, err = srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	resp, _ = get(t, srv, v1+"/vegobjekter/105/stream") // public data needs no token
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	srv.Script(vegdatatest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "2"})
	resp, body := get(t, srv, v1+"/vegobjekter/105/stream")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	assert.Equal(t, 503, decode[problem](t, body).Status)

	resp, body = get(t, srv, v1+"/vegobjekter/105/stream/x/y")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, decode[problem](t, body).Detail, "Ukjent ressurs")
	post, _ := http.NewRequest(http.MethodPost, srv.URL+v1+"/vegobjekter/105", strings.NewReader("{}"))
	post.Header.Set("X-Client", "test")
	resp, err = srv.Client().Do(post)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	reqs := srv.Requests()
	require.Len(t, reqs, 7)
	assert.Equal(t, v1+"/vegobjekter/105/stream", reqs[1].Path)
	assert.NotContains(t, reqs[2].Auth, "rett", "tokens are masked in the log")
	assert.Equal(t, "uberikettest", reqs[3].Client)
}

// TestRateLimit: NVDB's limit with its queue: beyond the limit a request
// waits for a slot within a second, or is refused with 429.
func TestRateLimit(t *testing.T) {
	t.Parallel() // a second in the queue is the point; it waits beside the other tests
	srv := uberikettest.NewServer(uberikettest.WithRateLimit(1))
	defer srv.Close()
	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := get(t, srv, v1+"/vegnett/noder/95513")
			statuses[i] = resp.StatusCode
			if resp.StatusCode == http.StatusTooManyRequests {
				assert.Equal(t, "1", resp.Header.Get("Retry-After"))
			}
		}()
	}
	wg.Wait()
	slices.Sort(statuses)
	assert.Equal(t, []int{200, 200, 429}, statuses, "one at once, one after a second in the queue, one refused")
	assert.Equal(t, 1, srv.RateLimited())
	assert.Equal(t, 1, srv.Queued())
	assert.Equal(t, 3, srv.PeakPerSecond())
}

// TestGeneratedIDs: the ids of a generated type spread over NVDB's id
// space as the real ones do: mostly dense runs, some wide gaps, most in
// the eras of the 2013 migration and the years since.
func TestGeneratedIDs(t *testing.T) {
	ids := func(seed uint64, n int) []int64 {
		uberikettest.ForgetGenerated() // drawn anew each time
		srv := uberikettest.NewServer(uberikettest.WithGenerated(105, n), uberikettest.WithSeed(seed), uberikettest.WithoutFixtures())
		defer srv.Close()
		snap := srv.Snapshot(105)
		out := make([]int64, 0, len(snap))
		for id := range snap {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	a := ids(1, 50_000)
	require.Len(t, a, 50_000)
	assert.Equal(t, a, ids(1, 50_000), "the same seed, the same ids")
	assert.NotEqual(t, a[:100], ids(2, 1000)[:100], "another seed, other ids")

	dense, wide, migration := 0, 0, 0
	for i, id := range a {
		require.GreaterOrEqual(t, id, int64(100_000))
		require.Less(t, id, int64(1_200_000_000))
		if id >= 70_000_000 && id < 95_000_000 {
			migration++
		}
		if i == 0 {
			continue
		}
		switch gap := id - a[i-1]; {
		case gap == 1:
			dense++
		case gap > 1_000_000:
			wide++
		}
	}
	t.Logf("gaps of 1: %d, gaps over 1e6: %d, in 7e7-9.5e7: %d", dense, wide, migration)
	assert.Greater(t, dense, len(a)/5, "dense runs")
	assert.Greater(t, wide, 10, "wide gaps between runs")
	assert.InDelta(t, 0.46, float64(migration)/float64(len(a)), 0.15, "about half from the migration")
	assert.Less(t, math.Abs(float64(a[len(a)-1]-1_100_000_000)), 1e8, "up to about 1.1e9")
}

// TestWithoutFixtures: a fake with nothing but what the test asks for.
func TestWithoutFixtures(t *testing.T) {
	srv := uberikettest.NewServer(uberikettest.WithoutFixtures(), uberikettest.WithGenerated(105, 10))
	defer srv.Close()
	resp, _ := get(t, srv, v1+"/vegobjekter/591")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Len(t, srv.Snapshot(105), 10)
	assert.Empty(t, srv.Snapshot(591))
	assert.Equal(t, "", srv.Change(591, 3), "no such type")
	resp, _ = get(t, srv, v1+"/hendelser/vegnett/siste")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "no network, no vegnett hendelser")
}

// TestPageTime: an answer takes longer with more objects in it.
func TestPageTime(t *testing.T) {
	t.Parallel()
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 2000), uberikettest.WithPageTime(50*time.Millisecond))
	defer srv.Close()
	start := time.Now()
	getOK(t, srv, v1+"/vegobjekter/105/stream?antall=2000")
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "2000 objects at 50 ms per 1000")
}

// TestTruncatedStream: a stream that breaks off ends in the middle of a
// line, the lines before it whole, so a reader can go on after the last
// whole object.
func TestTruncatedStream(t *testing.T) {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 100))
	defer srv.Close()
	srv.Script(vegdatatest.Fault{Truncate: true})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+v1+"/vegobjekter/105/stream", nil)
	req.Header.Set("X-Client", "test")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.Error(t, err, "the body breaks off")
	ls := lines(body)
	require.NotEmpty(t, ls)
	for _, l := range ls[:len(ls)-1] {
		assert.True(t, json.Valid(l))
	}
	assert.Less(t, len(ls), 100)
}

// TestGeneratedSetsShared: a server started with the options of one
// before it shares what that one drew and encoded at start, and nothing
// else: the first server's changes do not show in the second's answers,
// nor the second's in the first's.
func TestGeneratedSetsShared(t *testing.T) {
	opts := []uberikettest.Option{uberikettest.WithGenerated(105, 2000), uberikettest.WithGenerated(45, 300), uberikettest.WithSeed(5)}
	const all = v1 + "/vegobjekter/105/stream?antall=10000"
	uberikettest.ForgetGenerated()
	a := uberikettest.NewServer(opts...)
	defer a.Close()
	atStart, snap := getOK(t, a, all), a.Snapshot(105)
	a.Change(105, 300)
	changed := getOK(t, a, all)
	require.NotEqual(t, atStart, changed)

	b := uberikettest.NewServer(opts...) // shares a's generated types
	defer b.Close()
	assert.Equal(t, atStart, getOK(t, b, all), "b as a was at start")
	assert.Equal(t, snap, b.Snapshot(105))
	b.Change(105, 100)
	assert.Equal(t, changed, getOK(t, a, all), "a as a left it")

	uberikettest.ForgetGenerated()
	c := uberikettest.NewServer(opts...) // drawn anew
	defer c.Close()
	assert.Equal(t, atStart, getOK(t, c, all), "shared and drawn anew are the same")
}
