package nvdb_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// unzipped serves the scan tests' pages without gzip: compressing and
// inflating them was a quarter of these tests' CPU, and the decoders read
// gzip in tests of their own.
var unzipped = nvdbtest.WithGzip(false)

func TestScanPartitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 4000)})
	seen := map[int64]bool{}
	for o, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 250}, &nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 3}) {
		require.NoError(t, err)
		require.False(t, seen[o.ID])
		seen[o.ID] = true
	}
	assert.Len(t, seen, 4000)
	// 8 partitions of 500 objects: 2 pages each; the count sent with the
	// pages ends each partition without an empty page.
	assert.Equal(t, 16, len(srv.Requests()))

	byKommune := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 1000}, &nvdb.ScanOptions{Kommuner: []int{301, 5001}}) {
		require.NoError(t, err)
		byKommune++
	}
	assert.Equal(t, 1000, byKommune)
}

// ids collects the ids a sequence yields and fails on a duplicate.
func ids(t *testing.T, seq func(func(*nvdb.Vegobjekt, error) bool)) []int64 {
	t.Helper()
	var out []int64
	seen := map[int64]bool{}
	for o, err := range seq {
		require.NoError(t, err)
		require.False(t, seen[o.ID], "object %d yielded twice", o.ID)
		seen[o.ID] = true
		out = append(out, o.ID)
	}
	slices.Sort(out)
	return out
}

// sameIDs compares two sorted id lists, reporting only the difference.
func sameIDs(t *testing.T, want, got []int64, msg ...any) {
	t.Helper()
	var missing, extra []int64
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case j == len(got) || (i < len(want) && want[i] < got[j]):
			missing = append(missing, want[i])
			i++
		case i == len(want) || got[j] < want[i]:
			extra = append(extra, got[j])
			j++
		default:
			i++
			j++
		}
	}
	assert.Empty(t, missing, msg...)
	assert.Empty(t, extra, msg...)
	assert.Len(t, got, len(want), msg...)
}

func pages(n, size int) int { return (n + size - 1) / size }

// The planned scan over objects in 357 kommuner, some across a border,
// yields exactly what one sequential search yields, with and without
// segmentering and whatever the query includes, and sends no request that
// returns nothing: one or two statistikk requests, then only pages with
// objects.
func TestScanPlannedExactlyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fart80 := nvdb.EgenskapID(2021).Eq(2738) // 80 km/h
	tests := []struct {
		name  string
		q     nvdb.VegobjektQuery
		stats int // statistikk requests: grouped, and the total where q filters on more
	}{
		{"default", nvdb.VegobjektQuery{}, 1},
		{"segmentering", nvdb.VegobjektQuery{Segmentering: nvdb.Bool(true), Antall: 100}, 1},
		{"not segmentering", nvdb.VegobjektQuery{Segmentering: nvdb.Bool(false), Antall: 100}, 1},
		{"lokasjon asked for", nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}, Antall: 150}, 1},
		{"alle", nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Antall: 200}, 1},
		{"egenskap filter", nvdb.VegobjektQuery{Egenskap: fart80, Antall: 50}, 2},
		{"fylker", nvdb.VegobjektQuery{Fylke: []int{3, 32, 33}, Antall: 50}, 2},
		{"kommuner", nvdb.VegobjektQuery{Kommune: []int{301, 3201, 3203, 3205, 4601}, Antall: 20}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 2500), nvdbtest.WithSpreadKommuner()})
			want := ids(t, c.Vegobjekter.All(ctx, 105, &tt.q))
			require.NotEmpty(t, want)
			before := len(srv.Requests())

			plan, err := c.Vegobjekter.PlanScan(ctx, 105, &tt.q, nil)
			require.NoError(t, err)
			assert.Equal(t, len(want), plan.Expected)
			assert.Greater(t, len(plan.Partitions), 1)
			var lokasjon bool
			got := ids(t, func(yield func(*nvdb.Vegobjekt, error) bool) {
				for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
					if o != nil && o.Lokasjon != nil {
						lokasjon = true
					}
					if !yield(o, err) {
						return
					}
				}
			})
			sameIDs(t, want, got)
			assert.Equal(t, hasLokasjon(tt.q.Inkluder), lokasjon, "lokasjon only when asked for")

			size := tt.q.Antall
			if size == 0 {
				size = nvdb.DefaultAntall
			}
			wantPages := 0
			for _, p := range plan.Partitions {
				assert.True(t, p.Done)
				assert.True(t, p.Counted)
				assert.Equal(t, p.Antall, p.Read)
				wantPages += pages(p.Read, size)
			}
			// The plan's sample page goes with the counts and is dropped
			// when they show that no kommune needs cutting, whether or not
			// it has reached the server by then.
			stats, samples, own, pageReqs := requestKinds(t, srv.Requests()[before:], &tt.q)
			assert.Equal(t, tt.stats, stats)
			assert.LessOrEqual(t, samples, 1)
			checkOwnSamples(t, own, plan)
			assert.Equal(t, wantPages, pageReqs, "no request without objects")
		})
	}
}

func hasLokasjon(vs []nvdb.Inkluder) bool {
	return slices.Contains(vs, nvdb.InkluderLokasjon) || slices.Contains(vs, nvdb.InkluderAlle)
}

// Objects crossing a fylke border are yielded once with fylke partitions.
func TestScanFylkerAcrossBorders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 6000), nvdbtest.WithSpreadKommuner()})
	fylker := map[int]bool{}
	for _, k := range nvdbtest.SpreadKommuner() {
		fylker[k/100] = true
	}
	var list []int
	for f := range fylker {
		list = append(list, f)
	}
	got := ids(t, c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Fylker: list, Workers: 4}))
	assert.Len(t, got, 6000)
}

func TestScanNothingToRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 3000), nvdbtest.WithSpreadKommuner()})
	none := nvdb.EgenskapID(2021).Eq(19885) // 5 km/h: none generated
	var last nvdb.ScanProgress
	n := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Egenskap: none}, &nvdb.ScanOptions{Progress: func(p nvdb.ScanProgress) { last = p }}) {
		require.NoError(t, err)
		n++
	}
	assert.Zero(t, n)
	stats, samples, own, pageReqs := requestKinds(t, srv.Requests(), &nvdb.VegobjektQuery{})
	assert.Empty(t, own, "no sample of a kommune")
	assert.Equal(t, 2, stats, "the two statistikk requests")
	assert.LessOrEqual(t, samples, 1, "the sample sent with them, dropped")
	assert.Zero(t, pageReqs, "no page")
	assert.True(t, last.Done)
	assert.Zero(t, last.Expected)
}

// A plan saved as JSON in the middle of a scan, even in the middle of a
// page, resumes with exactly the objects not yet yielded.
func TestScanResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 5000), nvdbtest.WithSpreadKommuner()})
	q := &nvdb.VegobjektQuery{Antall: 200}
	want := ids(t, c.Vegobjekter.All(ctx, 105, q))
	for _, stops := range [][]int{{1}, {200}, {777, 1500}, {4999}, {5000}} {
		plan, err := c.Vegobjekter.PlanScan(ctx, 105, q, nil)
		require.NoError(t, err)
		var got []int64
		for _, stop := range append(stops, -1) {
			var saved []byte
			n := 0
			for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan, Workers: 3}) {
				require.NoError(t, err)
				got = append(got, o.ID)
				if n++; n == stop {
					saved, err = json.Marshal(plan)
					require.NoError(t, err)
					break
				}
			}
			if stop < 0 {
				break
			}
			require.NotNil(t, saved, "stopped after %d", stop)
			plan = &nvdb.ScanPlan{}
			require.NoError(t, json.Unmarshal(saved, plan))
		}
		slices.Sort(got)
		sameIDs(t, want, got, "stops %v", stops)
		assert.Equal(t, 0, plan.Remaining())
		assert.Equal(t, len(want), plan.Yielded)
	}
}

func TestScanResumeChecks(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 100)})
	plan := &nvdb.ScanPlan{TypeID: 105, Partitions: []nvdb.ScanPartition{{Query: "antall=100", Antall: -1}}}
	tests := []struct {
		name string
		q    *nvdb.VegobjektQuery
		o    nvdb.ScanOptions
		typ  int
		want string
	}{
		{"type", nil, nvdb.ScanOptions{Plan: plan}, 67, "vegobjekttype 105"},
		{"query", &nvdb.VegobjektQuery{Fylke: []int{3}}, nvdb.ScanOptions{Plan: plan}, 105, "nil query"},
		{"lists", nil, nvdb.ScanOptions{Plan: plan, Fylker: []int{3}}, 105, "Fylker"},
		{"bad query", nil, nvdb.ScanOptions{Plan: &nvdb.ScanPlan{TypeID: 105, Partitions: []nvdb.ScanPartition{{Query: "antall=x"}}}}, 105, "antall"},
		{"workers", nil, nvdb.ScanOptions{Workers: -1}, 105, "Workers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			for _, err := range c.Vegobjekter.Scan(ctx, tt.typ, tt.q, &tt.o) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], nvdb.ErrInvalidArgument)
			assert.Contains(t, errs[0].Error(), tt.want)
		})
	}
	assert.Zero(t, len(srv.Requests()))

	// A finished plan reads nothing.
	n := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 100, n)
	assert.Equal(t, 1, len(srv.Requests()))
	for _, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 100, n)
	assert.Equal(t, 1, len(srv.Requests()))
}

func TestScanProgress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 8000), nvdbtest.WithSpreadKommuner()})
	var calls []nvdb.ScanProgress
	n := 0
	for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 500}, &nvdb.ScanOptions{Progress: func(p nvdb.ScanProgress) { calls = append(calls, p) }}) {
		require.NoError(t, err)
		n++
		if len(calls) > 0 {
			assert.LessOrEqual(t, calls[len(calls)-1].Objects, n)
		}
	}
	require.NotEmpty(t, calls)
	last := calls[len(calls)-1]
	assert.True(t, last.Done)
	assert.Equal(t, 8000, last.Objects)
	assert.Equal(t, 8000, last.Expected)
	assert.Equal(t, last.PartitionsTotal, last.Partitions)
	assert.GreaterOrEqual(t, last.Requests, 16)
	// 8000 objects in pages of 500, packed to 495, make 17 partitions at
	// most (no more runs than pages); every one is read from the start.
	assert.Equal(t, last.PartitionsTotal, last.Workers)
	assert.LessOrEqual(t, last.PartitionsTotal, 17)
	assert.Positive(t, last.Rate)
	for i := 1; i < len(calls); i++ {
		assert.GreaterOrEqual(t, calls[i].Objects, calls[i-1].Objects)
		assert.GreaterOrEqual(t, calls[i].Partitions, calls[i-1].Partitions)
	}
}

// plainTransport hides net/http's connection events (no GetConn), as a
// custom RoundTripper may; Scan then adapts from page times alone.
type plainTransport struct{ next http.RoundTripper }

func (p plainTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return p.next.RoundTrip(r.WithContext(context.WithoutCancel(r.Context())))
}

func TestScanWithoutTrace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 3000), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10),
		nvdb.WithHTTPClient(&http.Client{Transport: plainTransport{http.DefaultTransport}}))
	require.NoError(t, err)
	assert.Len(t, ids(t, c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 100}, nil)), 3000)
}

// leaked lists goroutines still running the SDK's iteration code.
func leaked() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "nvdb.(*VegobjekterService).Scan") || strings.Contains(g, "nvdb.(*VegobjekterService).run") ||
			strings.Contains(g, "nvdb.(*scanPool)") || strings.Contains(g, "paginate.prefetchLoop") {
			out = append(out, g)
		}
	}
	return out
}

func TestScanStopsCleanly(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 4000), nvdbtest.WithSpreadKommuner()})
	for _, opts := range []*nvdb.ScanOptions{{Fylker: nvdbtest.GeneratedFylker(), Workers: 4}, nil} {
		n := 0
		for _, err := range c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 100}, opts) {
			require.NoError(t, err)
			if n++; n == 150 {
				break
			}
		}
		// No worker or prefetch goroutine outlives the loop (the goroutine that
		// closed the results channel may take a moment to finish returning).
		assert.Eventually(t, func() bool { return len(leaked()) == 0 }, 5*time.Second, 5*time.Millisecond, "%v", leaked())
	}

	for _, opts := range []*nvdb.ScanOptions{{Fylker: nvdbtest.GeneratedFylker()}, nil} {
		// A fake of its own per run: a request the last run had in flight
		// when it stopped must not take this run's scripted fault.
		c2, srv2 := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 4000)}, nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))
		srv2.Script(nvdbtest.Fault{Status: http.StatusInternalServerError})
		var errs []error
		for _, err := range c2.Vegobjekter.Scan(ctx, 105, nil, opts) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		require.Len(t, errs, 1)
		assert.True(t, errors.Is(errs[0], nvdb.ErrServer))
	}
}

// A page of one object plans and scans (the packing's page size stays at
// least one).
func TestScanPageOfOne(t *testing.T) {
	t.Parallel()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 60), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
	require.NoError(t, err)
	assert.Len(t, ids(t, c.Vegobjekter.Scan(context.Background(), 105, &nvdb.VegobjektQuery{Antall: 1}, nil)), 60)
}

// With fewer workers than partitions, each worker reads partitions one
// after another and the scan still yields every object once; the gate
// serves requests in turn while partitions wait for a worker.
func TestScanFewerWorkersThanPartitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 6000), nvdbtest.WithSpreadKommuner()})
	var last nvdb.ScanProgress
	got := ids(t, c.Vegobjekter.Scan(ctx, 105, &nvdb.VegobjektQuery{Antall: 200},
		&nvdb.ScanOptions{MaxWorkers: 3, Progress: func(p nvdb.ScanProgress) { last = p }}))
	assert.Len(t, got, 6000)
	assert.Equal(t, 3, last.Workers)
	assert.Greater(t, last.PartitionsTotal, 3)
}
