package uberiket_test

import (
	"context"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/itertest"
	"github.com/vegdata/go-vegdata/internal/longtest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// generated starts a fake with n generated objects of type 105 and
// nothing else.
func generated(t testing.TB, n int, opts ...uberikettest.Option) *uberikettest.Server {
	t.Helper()
	return newServer(t, append([]uberikettest.Option{uberikettest.WithGenerated(105, n), uberikettest.WithoutFixtures()}, opts...)...)
}

// exactlyOnce ranges a stream and requires every active object of the
// fake's type 105 once, at its active versjon.
func exactlyOnce(t *testing.T, srv *uberikettest.Server, seq func(yield func(*uberiket.Vegobjekt, error) bool)) {
	t.Helper()
	want := srv.Snapshot(105)
	got := make(map[int64]int, len(want))
	for o, err := range seq {
		require.NoError(t, err)
		if _, dup := got[o.ID]; dup {
			require.Failf(t, "yielded twice", "object %d", o.ID)
		}
		got[o.ID] = o.Versjon
	}
	require.Equal(t, len(want), len(got))
	assert.True(t, maps.Equal(want, got), "every active object once, at its versjon")
}

// TestStream300kBehindRateLimit: 300 000 generated objects behind NVDB's 40
// requests per second and 200 ms per answer, each yielded once, and not a
// single 429. (The speed is measured by BenchmarkStream, not here.) A long
// run (VEGDATA_LONG=1, CI): the smaller streams below prove each object
// once, TestLimiter and TestSharedLimiterPaces that every request waits
// for the client's limiter (39 per second by default), and
// uberikettest's TestRateLimit the fake's limit.
func TestStream300kBehindRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("300 000 objects")
	}
	longtest.Skip(t)
	srv := generated(t, 300_000, uberikettest.WithRateLimit(40), uberikettest.WithLatency(200*time.Millisecond))
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(srv.URL), uberiket.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	start := time.Now()
	exactlyOnce(t, srv, c.Vegobjekter.Stream(context.Background(), 105, nil))
	t.Logf("300 000 objects in %v, %d requests, peak %d per second, %d queued", time.Since(start).Round(time.Millisecond),
		len(srv.Requests()), srv.PeakPerSecond(), srv.Queued())
	assert.Zero(t, srv.RateLimited(), "no 429")
	assert.LessOrEqual(t, srv.PeakPerSecond(), 40)
}

// TestStreamResumesMidLine: an answer cut off inside a line is asked for
// again after the last whole object, within the retry budget: nothing
// twice, nothing lost, one request more.
func TestStreamResumesMidLine(t *testing.T) {
	srv := generated(t, 2500)
	c := newClient(t, srv)
	srv.Script(uberikettest.Fault{Truncate: true})
	exactlyOnce(t, srv, c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{Antall: 1000, Parallel: 1}))
	reqs := srv.Requests()
	require.Len(t, reqs, 5, "three answers, one again after the cut, and the empty one at the end")
	assert.True(t, reqs[0].Fault.Truncate)
	assert.Equal(t, "antall=1000", reqs[0].Query)
	assert.Contains(t, reqs[1].Query, "start=", "asked again after the last whole object")
	assert.NotEqual(t, "antall=1000", reqs[1].Query)
}

// TestStreamUnderFaults: ranges read at once under a schedule of cut,
// dropped, stalled and refused answers still yield every object once.
func TestStreamUnderFaults(t *testing.T) {
	t.Parallel()
	srv := generated(t, 10_000, uberikettest.WithFaults(uberikettest.Faults{Seed: 7, Truncate: 0.15, Drop: 0.05,
		RateLimited: 0.1, Unavailable: 0.05}))
	c := newClient(t, srv, uberiket.WithRetry(uberiket.RetryPolicy{MaxRetries: 12, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}))
	exactlyOnce(t, srv, c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{Antall: 334, Parallel: 6}))
	faulted := 0
	for _, r := range srv.Requests() {
		if r.Fault != (uberikettest.Fault{}) {
			faulted++
		}
	}
	assert.Positive(t, faulted)
}

// TestStreamChunksResume: a stream stopped after some chunks resumes from
// the last chunk's Remaining, and the two runs together hold every object
// once.
func TestStreamChunksResume(t *testing.T) {
	t.Parallel()
	srv := generated(t, 10_000)
	c := newClient(t, srv)
	ctx := context.Background()
	got := map[int64]int{}
	var remaining []uberiket.Range
	chunks := 0
	for ch, err := range c.Vegobjekter.StreamChunks(ctx, 105, &uberiket.StreamQuery{Antall: 250, Parallel: 4}) {
		require.NoError(t, err)
		for _, o := range ch.Items {
			require.True(t, ch.Covered.Contains(o.ID), "an object of its chunk's range")
			got[o.ID]++
		}
		remaining = ch.Remaining
		if chunks++; chunks == 12 {
			break
		}
	}
	require.NotEmpty(t, remaining)
	for i := 1; i < len(remaining); i++ {
		require.Greater(t, remaining[i].After, remaining[i-1].After, "in id order")
	}
	for o, err := range c.Vegobjekter.Stream(ctx, 105, &uberiket.StreamQuery{Ranges: remaining, Antall: 250}) {
		require.NoError(t, err)
		got[o.ID]++
	}
	want := srv.Snapshot(105)
	require.Len(t, got, len(want))
	for id, n := range got {
		if _, ok := want[id]; n != 1 || !ok {
			require.Failf(t, "not once", "object %d yielded %d times (active: %v)", id, n, ok)
		}
	}
}

// TestStreamIDs: a stream by ids reads them in batches, the active ones
// once.
func TestStreamIDs(t *testing.T) {
	srv := generated(t, 5000)
	c := newClient(t, srv)
	snap := srv.Snapshot(105)
	all := slices.Sorted(maps.Keys(snap))
	ask := append(slices.Clone(all[:250]), all[100], 1, 2) // a repeat and two that do not exist
	var got []int64
	for o, err := range c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{IDs: ask, IDBatch: 40, Parallel: 3}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	slices.Sort(got)
	assert.Equal(t, all[:250], got)
	reqs := srv.Requests()
	assert.Len(t, reqs, 7, "253 ids, 251 different, in batches of 40")
	for _, r := range reqs {
		assert.Contains(t, r.Query, "ider=")
		assert.NotContains(t, r.Query, "start=")
	}
}

// TestStreamHostile: answers that cannot be right are ErrInvalidResponse,
// yielded once, never taken for objects.
func TestStreamHostile(t *testing.T) {
	obj := func(id string, typeID string) string {
		return `{"id":` + id + `,"versjon":1,"typeId":` + typeID + `,"sistEndret":"2023-01-01T12:34:56Z"}` + "\n"
	}
	for _, tc := range []struct {
		name, body string
		q          *uberiket.StreamQuery
	}{
		{"another type", obj("5", "45"), nil},
		{"out of order", obj("9", "105") + obj("5", "105"), nil},
		{"twice", obj("9", "105") + obj("9", "105"), nil},
		{"before the start", obj("5", "105"), &uberiket.StreamQuery{Ranges: []uberiket.Range{{After: 7}}}},
		{"not asked for", obj("6", "105"), &uberiket.StreamQuery{IDs: []int64{5, 7}}},
		{"a line of junk", obj("5", "105") + "<html>\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv)
			srv.Script(uberikettest.Fault{Status: 200, Body: tc.body})
			var errs []error
			for _, err := range c.Vegobjekter.Stream(context.Background(), 105, tc.q) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
		})
	}
}

func TestStreamQueryInvalid(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	for name, q := range map[string]*uberiket.StreamQuery{
		"antall":         {Antall: 10_001},
		"parallel":       {Parallel: -1},
		"id batch":       {IDBatch: 1001},
		"ids and ranges": {IDs: []int64{1}, Ranges: []uberiket.Range{{}}},
		"empty ids":      {IDs: []int64{}},
		"bad id":         {IDs: []int64{0}},
		"empty ranges":   {Ranges: []uberiket.Range{}},
		"until":          {Ranges: []uberiket.Range{{After: 5, Until: 5}}},
		"overlap":        {Ranges: []uberiket.Range{{After: 0, Until: 10}, {After: 5, Until: 20}}},
		"open not last":  {Ranges: []uberiket.Range{{After: 0}, {After: 5, Until: 20}}},
		"negative":       {Ranges: []uberiket.Range{{After: -1}}},
	} {
		var errs []error
		for _, err := range c.Vegobjekter.Stream(context.Background(), 105, q) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, name)
		assert.ErrorIs(t, errs[0], uberiket.ErrInvalidArgument, name)
	}
	assert.Empty(t, srv.Requests())
}

// TestStreamBackpressure: a consumer that stops to work holds the readers
// back: they read at most what the bounded channel holds, not the type.
// The consumer waits until no goroutine of the stream is doing anything but
// waiting to hand over what it read (or none is left, as when readers
// ran to the end), instead of sleeping a while and hoping that was long
// enough for readers to run ahead.
func TestStreamBackpressure(t *testing.T) {
	itertest.NoLeaks(t)
	srv := generated(t, 10_000)
	c := newClient(t, srv)
	n := 0
	for _, err := range c.Vegobjekter.Stream(context.Background(), 105, &uberiket.StreamQuery{Antall: 100, Parallel: 2}) {
		require.NoError(t, err)
		if n++; n == 1 {
			require.Eventually(t, readersHeldBack, time.Minute, time.Millisecond)
			break
		}
	}
	assert.Less(t, len(srv.Requests()), 30, "100 answers of 100 are not read ahead")
}

// readersHeldBack reports whether every goroutine of a stream but the
// consumer's (the one in runRanges) waits to send what it read
// (streamRun.send), or none is left.
func readersHeldBack() bool {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "uberiket.(*streamRun[") && !strings.Contains(g, "]).runRanges(") && !strings.Contains(g, "]).send(") {
			return false
		}
	}
	return true
}

// TestStreamStops: stopping early, cancelling and an error leave no
// goroutine, and the error is yielded once.
func TestStreamStops(t *testing.T) {
	itertest.NoLeaks(t)
	srv := generated(t, 10_000)
	c := newClient(t, srv)
	ctx := context.Background()
	q := &uberiket.StreamQuery{Antall: 1000, Parallel: 4}

	n, errs := itertest.RangeStop(c.Vegobjekter.Stream(ctx, 105, q), 1500, nil)
	assert.Equal(t, 1500, n)
	assert.Empty(t, errs)

	cctx, cancel := context.WithCancel(ctx)
	_, errs = itertest.RangeStop(c.Vegobjekter.Stream(cctx, 105, q), 1500, cancel)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)

	fresh := generated(t, 10_000) // a request of the cancelled run may still arrive at srv
	once := newClient(t, fresh, uberiket.WithRetry(uberiket.RetryPolicy{MaxRetries: uberiket.NoRetries}))
	fresh.Script(uberikettest.Fault{}, uberikettest.Fault{Status: http.StatusInternalServerError})
	_, errs = itertest.RangeStop(once.Vegobjekter.Stream(ctx, 105, &uberiket.StreamQuery{Antall: 1000, Parallel: 1}), -1, nil)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], uberiket.ErrServer)
}

// TestStreamSmallType: a type of a few objects costs two requests, no
// probes of the id space.
func TestStreamSmallType(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	n := drain(t, c.Vegobjekter.Stream(context.Background(), 105, nil))
	assert.Equal(t, 3, n)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "antall=10000", reqs[0].Query)
	assert.True(t, strings.HasPrefix(reqs[1].Query, "antall=10000&start="))
}
