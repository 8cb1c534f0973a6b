package nvdb_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// requestKinds sorts the requests a plan and its scan sent: statistikk,
// the plan's samples (pages asked for without inkluderAntall or a cursor,
// which every partition's first page has): q's own, with q's kommune
// filter, and those of single kommuner, counted by kommune; and the
// partitions' pages.
func requestKinds(t *testing.T, reqs []nvdbtest.Request, q *nvdb.VegobjektQuery) (stats, samples int, own map[int]int, pages int) {
	t.Helper()
	var kommune []string
	for _, k := range q.Kommune {
		kommune = append(kommune, strconv.Itoa(k))
	}
	own = map[int]int{}
	for _, r := range reqs {
		v, err := url.ParseQuery(r.Query)
		require.NoError(t, err)
		switch {
		case strings.Contains(r.Path, "/statistikk"):
			stats++
		case v.Get("start") != "" || v.Get("inkluderAntall") == "true":
			pages++
		case v.Get("kommune") == strings.Join(kommune, ","):
			samples++
		default:
			k, err := strconv.Atoi(v.Get("kommune"))
			require.NoError(t, err, "a sample of one kommune: %s", r.Query)
			own[k]++
		}
	}
	return stats, samples, own, pages
}

// checkOwnSamples holds the samples of single kommuner to what the plan
// asks: one at most for each, up to 16, of kommuner the scan reads.
func checkOwnSamples(t *testing.T, own map[int]int, plan *nvdb.ScanPlan) {
	t.Helper()
	areas := map[int]bool{}
	for _, p := range plan.Partitions {
		for _, a := range p.Areas {
			areas[a] = true
		}
	}
	assert.LessOrEqual(t, len(own), 16)
	for k, n := range own {
		assert.Equal(t, 1, n, "one sample of kommune %d", k)
		assert.True(t, areas[k], "kommune %d is read", k)
	}
}

// cellsOf returns the cells of each cut kommune of a plan.
func cellsOf(plan *nvdb.ScanPlan) map[int][]nvdb.ScanCell {
	out := map[int][]nvdb.ScanCell{}
	for _, p := range plan.Partitions {
		if p.Cell != nil {
			out[p.Areas[0]] = append(out[p.Areas[0]], *p.Cell)
		}
	}
	return out
}

// partsOf returns the parts (cells or value ranges) of each cut kommune of
// a plan.
func partsOf(plan *nvdb.ScanPlan) map[int][]nvdb.ScanPartition {
	out := map[int][]nvdb.ScanPartition{}
	for _, p := range plan.Partitions {
		if p.Cell != nil || p.Range != nil {
			out[p.Areas[0]] = append(out[p.Areas[0]], p)
		}
	}
	return out
}

// cutModes are the two ways a plan cuts a kommune: by the values of an
// egenskap (the generated objects' Gyldig fra dato, 5127, with 408
// values, so never in space as well), and, with value cuts off, in space.
var cutModes = []struct {
	name   string
	values bool
}{{"ranges", true}, {"cells", false}}

// meets reports whether an object's box meets a cell, edges included, as
// NVDB's kartutsnitt compares them.
func meets(t *testing.T, o *nvdb.Vegobjekt, c nvdb.ScanCell) bool {
	t.Helper()
	g, err := o.Geometri.Geom()
	require.NoError(t, err)
	b := g.Bounds()
	return b.Min(0) <= c.MaxX && b.Max(0) >= c.MinX && b.Min(1) <= c.MaxY && b.Max(1) >= c.MinY
}

// With pages that take a second, a kommune holding more pages than one
// chain reads in the scan's time is cut into parts sized from the plan's
// sample: by ranges of an egenskap's values, or in space into cells
// (kartutsnitt). Every object is yielded exactly once, objects whose box
// crosses a cell's edge included (returned by two cells, kept by one);
// ranges return no object twice; each part's search returns objects (no
// request without objects), and geometri and lokasjon asked for only to
// place objects are stripped.
func TestScanCutExactlyOnce(t *testing.T) {
	// Restored once the parallel subtests are done; the test stays
	// sequential, since the page time is the package's.
	t.Cleanup(nvdb.SetScanPageTime(time.Second))
	ctx := context.Background()
	fart80 := nvdb.EgenskapID(2021).Eq(2738)
	tests := []struct {
		name   string
		layout []nvdbtest.Option
		n      int
		q      nvdb.VegobjektQuery
		stats  int
	}{
		{"eight kommuner", nil, 1200, nvdb.VegobjektQuery{Antall: 15}, 1},
		{"one kommune", nil, 4000, nvdb.VegobjektQuery{Antall: 20, Kommune: []int{301}}, 1}, // its own count only
		{"alle", nil, 1200, nvdb.VegobjektQuery{Antall: 15, Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}}, 1},
		{"egenskap filter", nil, 1200, nvdb.VegobjektQuery{Antall: 10, Egenskap: fart80}, 2},
		{"segmentering", nil, 1200, nvdb.VegobjektQuery{Antall: 15, Segmentering: nvdb.Bool(true)}, 1},
		// Objects generated in 4228 that cross into 4601 lie far from the
		// rest of 4601, in its outer cells.
		{"spread", []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}, 20_000, nvdb.VegobjektQuery{Antall: 10, Kommune: []int{301, 4601}}, 2},
	}
	for _, mode := range cutModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Cleanup(nvdb.SetScanValueCuts(mode.values)) // after its parallel subtests
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					c, srv := newClient(t, append(tt.layout, unzipped, nvdbtest.WithGenerated(105, tt.n)))
					q := tt.q
					want := ids(t, c.Vegobjekter.All(ctx, 105, &q))
					require.NotEmpty(t, want)
					before := len(srv.Requests())

					plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
					require.NoError(t, err)
					cut := partsOf(plan)
					require.NotEmpty(t, cut, "kommuner cut")
					for k, parts := range cut {
						assert.GreaterOrEqual(t, len(parts), 2, "kommune %d", k)
						for _, p := range parts {
							assert.Equal(t, mode.values, p.Range != nil, "kommune %d: a range", k)
							assert.Equal(t, !mode.values, p.Cell != nil, "kommune %d: a cell", k)
						}
					}
					assert.Equal(t, !mode.values, plan.Bounds != nil, "bounds only for cells")
					raw, err := json.Marshal(plan)
					require.NoError(t, err)
					plan = &nvdb.ScanPlan{}
					require.NoError(t, json.Unmarshal(raw, plan)) // a plan read back from JSON

					var geometri, lokasjon bool
					got := ids(t, func(yield func(*nvdb.Vegobjekt, error) bool) {
						for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
							if o != nil {
								geometri = geometri || o.Geometri != nil
								lokasjon = lokasjon || o.Lokasjon != nil
							}
							if !yield(o, err) {
								return
							}
						}
					})
					sameIDs(t, want, got)
					alle := slices.Contains(q.Inkluder, nvdb.InkluderAlle)
					assert.Equal(t, alle, geometri, "geometri only when asked for")
					assert.Equal(t, alle, lokasjon, "lokasjon only when asked for")

					read := 0
					wantPages := 0
					for _, p := range plan.Partitions {
						assert.True(t, p.Done)
						assert.True(t, p.Counted)
						assert.Equal(t, p.Antall, p.Read)
						assert.Positive(t, p.Read, "no partition without objects")
						read += p.Read
						wantPages += pages(p.Read, q.Antall)
					}
					switch {
					case !mode.values:
						assert.Greater(t, read, len(want), "objects across cuts are returned by two cells")
					case tt.layout == nil:
						assert.Equal(t, len(want), read, "no object is in two ranges")
					}
					stats, samples, own, pageReqs := requestKinds(t, srv.Requests()[before:], &q)
					assert.Equal(t, tt.stats, stats)
					assert.Equal(t, 1, samples, "the sample page")
					checkOwnSamples(t, own, plan)
					if len(q.Kommune) == 1 {
						assert.Empty(t, own, "q's sample is the kommune's")
					}
					assert.Equal(t, wantPages, pageReqs, "no request without objects")
				})
			}
		})
	}
}

// A kommune that q's sample holds too few objects of for the cells it is
// cut into (fewer than 50 each) is cut by a sample of its own: one page of
// that kommune, half a page, asked for with lokasjon, geometri and
// egenskaper only. Here half of each kommune's 1000 objects are in its own
// sample, so no cell's count is far above its estimate; by q's sample
// alone (then 125 objects of each kommune) five cells came out more than a
// quarter longer than planned.
func TestScanCutByOwnSample(t *testing.T) {
	defer nvdb.SetScanPageTime(time.Second)()
	defer nvdb.SetScanValueCuts(false)()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 8000)})
	q := nvdb.VegobjektQuery{Antall: 40, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}}
	want := ids(t, c.Vegobjekter.All(ctx, 105, &q))
	before := len(srv.Requests())
	plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
	require.NoError(t, err)
	_, samples, own, _ := requestKinds(t, srv.Requests()[before:], &q)
	assert.Equal(t, 1, samples)
	checkOwnSamples(t, own, plan)
	cut := cellsOf(plan)
	require.Len(t, cut, 8, "every kommune cut")
	for k, cells := range cut {
		require.Greater(t, len(cells), 2, "kommune %d", k)
		assert.Equal(t, 1, own[k], "kommune %d cut by its own sample", k)
	}
	asked := 0
	for _, r := range srv.Requests()[before:] {
		v, err := url.ParseQuery(r.Query)
		require.NoError(t, err)
		if v.Get("kommune") != "" && v.Get("start") == "" && v.Get("inkluderAntall") == "" {
			asked++
			assert.Equal(t, "lokasjon,geometri,egenskaper", v.Get("inkluder"), "an own sample asks only what places objects")
			assert.Equal(t, "basis", v.Get("inkluder_egenskaper"), "values, not geometry egenskaper")
			assert.Equal(t, "500", v.Get("antall"))
		}
	}
	assert.Equal(t, len(own), asked)

	est := make([]int, len(plan.Partitions))
	for i, p := range plan.Partitions {
		est[i] = p.Antall
	}
	got := ids(t, c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}))
	sameIDs(t, want, got)
	for i, p := range plan.Partitions {
		assert.LessOrEqual(t, float64(p.Antall), 1.25*float64(est[i]), "partition %d: counted %d, estimated %d", i, p.Antall, est[i])
	}
}

// An object whose box crosses a cut is returned by both cells and yielded
// by the one holding its south-west corner.
func TestScanCutObjectAcrossCut(t *testing.T) {
	defer nvdb.SetScanPageTime(time.Second)()
	defer nvdb.SetScanValueCuts(false)()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 2400)})
	q := &nvdb.VegobjektQuery{Antall: 15, Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri, nvdb.InkluderLokasjon}}
	plan, err := c.Vegobjekter.PlanScan(ctx, 105, q, nil)
	require.NoError(t, err)
	cut := cellsOf(plan)
	require.NotEmpty(t, cut)
	across := 0
	for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
		require.NoError(t, err)
		k := slices.Min(o.Lokasjon.Kommuner)
		cells := cut[k]
		n := 0
		for _, cell := range cells {
			if meets(t, o, cell) {
				n++
			}
		}
		if n > 1 {
			across++
		}
	}
	assert.Positive(t, across, "objects across a cut")
}

// A plan whose bounds are smaller than the kommune's objects reach (some
// boxes stick out of them) still yields every object once: an owner point
// outside the bounds is moved onto their edge, which the box still meets.
func TestScanCutBoxOutsideBounds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 4000)})
	q := &nvdb.VegobjektQuery{Kommune: []int{301}, Antall: 50, Inkluder: []nvdb.Inkluder{nvdb.InkluderGeometri}}
	want := ids(t, c.Vegobjekter.All(ctx, 105, q))
	// The box of the kommune's objects, shrunk by 30 m: every object
	// (at least 60 m across) still meets it, those on the edge stick out.
	minX, minY, maxX, maxY := 1e9, 1e9, -1e9, -1e9
	for o, err := range c.Vegobjekter.All(ctx, 105, q) {
		require.NoError(t, err)
		g, err := o.Geometri.Geom()
		require.NoError(t, err)
		b := g.Bounds()
		minX, minY, maxX, maxY = min(minX, b.Min(0)), min(minY, b.Min(1)), max(maxX, b.Max(0)), max(maxY, b.Max(1))
	}
	bounds := nvdb.ScanCell{MinX: minX + 30, MinY: minY + 30, MaxX: maxX - 30, MaxY: maxY - 30}
	midX, midY := (bounds.MinX+bounds.MaxX)/2, (bounds.MinY+bounds.MaxY)/2
	plan := &nvdb.ScanPlan{TypeID: 105, Area: "kommune", Expected: len(want), Bounds: &bounds}
	for _, cell := range []nvdb.ScanCell{
		{MinX: bounds.MinX, MinY: bounds.MinY, MaxX: midX, MaxY: midY}, {MinX: midX, MinY: bounds.MinY, MaxX: bounds.MaxX, MaxY: midY},
		{MinX: bounds.MinX, MinY: midY, MaxX: midX, MaxY: bounds.MaxY}, {MinX: midX, MinY: midY, MaxX: bounds.MaxX, MaxY: bounds.MaxY},
	} {
		v := url.Values{"kommune": {"301"}, "antall": {"50"}, "inkluder": {"lokasjon"},
			"kartutsnitt": {nvdb.Kartutsnitt(cell.MinX, cell.MinY, cell.MaxX, cell.MaxY)}}
		plan.Partitions = append(plan.Partitions, nvdb.ScanPartition{Areas: []int{301}, Cell: &cell, Query: v.Encode(), Antall: -1})
	}
	plan.StripLokasjon = true
	before := len(srv.Requests())
	sameIDs(t, want, ids(t, c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan})))
	read := 0
	for _, p := range plan.Partitions {
		read += p.Read
	}
	assert.Greater(t, read, len(want))
	assert.Greater(t, len(srv.Requests())-before, 4)
}

// A plan saved at any point of a scan across cut kommuner resumes with
// exactly the objects not yet yielded: in the middle of a part's first
// page, in the middle of a later page of a part (a stop in a part of a
// kommune, a value range or a cell, with its cursor), and before the last
// object; with objects across cuts and, in the spread layout, across
// kommune borders into a cut kommune. A resumed run may be stopped and
// resumed again.
func TestScanCutResume(t *testing.T) {
	t.Cleanup(nvdb.SetScanPageTime(time.Second)) // after the parallel subtests
	inCell := func(later bool) func(int, *nvdb.ScanPlan) bool {
		return func(_ int, p *nvdb.ScanPlan) bool {
			for _, part := range p.Partitions {
				if (part.Cell != nil || part.Range != nil) && !part.Done && part.Skip > 0 && (part.Read > 0) == later {
					return true
				}
			}
			return false
		}
	}
	for _, mode := range cutModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Cleanup(nvdb.SetScanValueCuts(mode.values)) // after its parallel subtests
			testScanCutResume(t, mode.values, inCell)
		})
	}
}

func testScanCutResume(t *testing.T, values bool, inCell func(later bool) func(int, *nvdb.ScanPlan) bool) {
	ctx := context.Background()
	for _, layout := range []struct {
		name   string
		layout []nvdbtest.Option
		n      int
		q      nvdb.VegobjektQuery
	}{
		{"eight kommuner", nil, 600, nvdb.VegobjektQuery{Antall: 5}}, // parts of several pages, to stop in a later one
		{"spread", []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}, 20_000, nvdb.VegobjektQuery{Antall: 10, Kommune: []int{301, 4601}}},
	} {
		t.Run(layout.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newClient(t, append(layout.layout, unzipped, nvdbtest.WithGenerated(105, layout.n)))
			q := layout.q
			want := ids(t, c.Vegobjekter.All(ctx, 105, &q))
			for _, tt := range []struct {
				name  string
				stops []func(n int, p *nvdb.ScanPlan) bool // one per run; the last run reads to the end
			}{
				{"in a part's first page", []func(int, *nvdb.ScanPlan) bool{inCell(false)}},
				{"in a part's later page", []func(int, *nvdb.ScanPlan) bool{inCell(true)}},
				{"before the last", []func(int, *nvdb.ScanPlan) bool{func(n int, _ *nvdb.ScanPlan) bool { return n == len(want)-1 }}},
				{"twice in parts", []func(int, *nvdb.ScanPlan) bool{inCell(false), inCell(true)}},
			} {
				if tt.name == "before the last" && !values {
					continue // not a stop in a part: once is enough
				}
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
					require.NoError(t, err)
					cut := partsOf(plan)
					require.NotEmpty(t, cut)
					for _, parts := range cut {
						for _, p := range parts {
							require.Equal(t, values, p.Range != nil)
						}
					}
					var got []int64
					for run := 0; run <= len(tt.stops); run++ {
						stopped := false
						for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan, Workers: 3}) {
							require.NoError(t, err)
							got = append(got, o.ID)
							if run < len(tt.stops) && tt.stops[run](plan.Yielded, plan) {
								stopped = true
								break
							}
						}
						if run < len(tt.stops) {
							require.True(t, stopped, "run %d stopped", run)
						}
						// Between runs the plan goes through JSON, as a
						// saved checkpoint would.
						saved, err := json.Marshal(plan)
						require.NoError(t, err)
						plan = &nvdb.ScanPlan{}
						require.NoError(t, json.Unmarshal(saved, plan))
					}
					slices.Sort(got)
					sameIDs(t, want, got)
					assert.Equal(t, 0, plan.Remaining())
					assert.Equal(t, len(want), plan.Yielded)
				})
			}
		})
	}
}

// How many cells: enough that no chain holds more pages than one chain
// reads while the limit reads them all (with scanSlack to spare), and no
// more; quick pages cut nothing.
func TestScanCutPlanSizes(t *testing.T) {
	defer nvdb.SetScanValueCuts(false)()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 40_000)})
	q := &nvdb.VegobjektQuery{Antall: 100}
	for _, tt := range []struct {
		page       time.Duration
		cells      [2]int // per kommune, at least and at most
		partitions int
	}{
		// 400 pages at 40 a second take 10 s; a chain of 1 s pages reads
		// 10: 50 pages a kommune, and what crosses the cuts, make 6 to 10
		// cells of at most 10/1.2 pages.
		{time.Second, [2]int{6, 10}, 0},
		// 0.2 s: a chain reads 50 pages, a kommune of 50 (and what
		// crosses in) is cut in two.
		{200 * time.Millisecond, [2]int{2, 2}, 16},
		// Quick pages: nothing to cut; the 8 kommuner are 8 partitions.
		{10 * time.Millisecond, [2]int{0, 0}, 8},
	} {
		restore := nvdb.SetScanPageTime(tt.page)
		plan, err := c.Vegobjekter.PlanScan(ctx, 105, q, nil)
		restore()
		require.NoError(t, err)
		cut := cellsOf(plan)
		if tt.cells[1] == 0 {
			assert.Empty(t, cut, "%v", tt.page)
			assert.Nil(t, plan.Bounds)
		} else {
			assert.Len(t, cut, 8, "%v", tt.page)
		}
		for k, cells := range cut {
			assert.GreaterOrEqual(t, len(cells), tt.cells[0], "%v kommune %d", tt.page, k)
			assert.LessOrEqual(t, len(cells), tt.cells[1], "%v kommune %d", tt.page, k)
		}
		if tt.partitions > 0 {
			assert.Len(t, plan.Partitions, tt.partitions, "%v", tt.page)
		}
		for _, p := range plan.Partitions {
			assert.Positive(t, p.Antall)
		}
	}
	_ = srv
}

// Kommuner are cut only where the geometry NVDB compares comes back in
// the kartutsnitt's coordinates and q has no area box of its own.
func TestScanCutOnlyWhereExact(t *testing.T) {
	defer nvdb.SetScanPageTime(time.Second)()
	defer nvdb.SetScanValueCuts(false)()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 20_000)})
	for _, q := range []nvdb.VegobjektQuery{
		{Antall: 100, Srid: nvdb.Srid4326},
		{Antall: 100, Kartutsnitt: nvdb.Kartutsnitt(-100000, 6400000, 1000000, 8000000)},
		{Antall: 100, InkluderGeometri: nvdb.InkluderGeometriEgenskap},
	} {
		before := len(srv.Requests())
		plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
		require.NoError(t, err)
		assert.Empty(t, cellsOf(plan))
		assert.Nil(t, plan.Bounds)
		_, samples, own, _ := requestKinds(t, srv.Requests()[before:], &q)
		assert.Zero(t, samples, "no sample")
		assert.Empty(t, own, "no sample")
	}
	q := nvdb.VegobjektQuery{Antall: 100, Srid: nvdb.SridUTM33}
	plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, cellsOf(plan))
}

// Where a kommune cannot be cut in space (its geometry in another srid, q
// with a box of its own, or inkludergeometri), it is still cut by value:
// ranges only, no geometry asked for, every object once.
func TestScanCutByValueOnlyWhereNotInSpace(t *testing.T) {
	defer nvdb.SetScanPageTime(time.Second)()
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 8000)})
	for _, q := range []nvdb.VegobjektQuery{
		{Antall: 20, Srid: nvdb.Srid4326},
		{Antall: 20, Kartutsnitt: nvdb.Kartutsnitt(-100000, 6400000, 1000000, 8000000)},
		{Antall: 20, InkluderGeometri: nvdb.InkluderGeometriEgenskap},
	} {
		want := ids(t, c.Vegobjekter.All(ctx, 105, &q))
		before := len(srv.Requests())
		plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
		require.NoError(t, err)
		assert.Nil(t, plan.Bounds)
		assert.NotEmpty(t, partsOf(plan))
		for _, p := range plan.Partitions {
			assert.Nil(t, p.Cell)
			if p.Range != nil {
				v, err := url.ParseQuery(p.Query)
				require.NoError(t, err)
				assert.Equal(t, q.Kartutsnitt, v.Get("kartutsnitt"), "q's own box")
			}
		}
		for _, r := range srv.Requests()[before:] {
			v, err := url.ParseQuery(r.Query)
			require.NoError(t, err)
			assert.NotContains(t, v.Get("inkluder"), "geometri", "nothing is placed: %s", r.Query)
		}
		sameIDs(t, want, ids(t, c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan})))
	}
}

// Scan takes its own copy of the query when called: the caller may change
// or reuse q before ranging, and Scan never changes the caller's slices.
func TestScanOwnsItsQuery(t *testing.T) {
	defer nvdb.SetScanPageTime(time.Second)()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 4000)})
	inkl := make([]nvdb.Inkluder, 1, 4) // room to append into
	inkl[0] = nvdb.InkluderMetadata
	q := &nvdb.VegobjektQuery{Antall: 100, Kommune: []int{301, 4601}, Inkluder: inkl, Kryssystem: nvdb.Bool(false)}
	want := ids(t, c.Vegobjekter.All(ctx, 105, q))
	seq := c.Vegobjekter.Scan(ctx, 105, q, nil)
	q.Kommune[0], *q.Kryssystem = 5001, true
	q.Inkluder = append(q.Inkluder, nvdb.InkluderVegsegmenter)
	sameIDs(t, want, ids(t, seq))
	assert.Equal(t, []int{5001, 4601}, q.Kommune)
	assert.Equal(t, []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderVegsegmenter}, q.Inkluder)
	assert.Equal(t, []nvdb.Inkluder{"", ""}, inkl[2:4], "nothing appended into the caller's array")
}

// A kommune whose objects hold few values of the egenskap it is cut by is
// cut by value, and its ranges in space: here q keeps two dates of 5127,
// so each date's range is cut into cells. Every object is yielded once,
// also after a stop in the middle of a cell of a range.
func TestScanCutRangesAndCells(t *testing.T) {
	defer nvdb.SetScanPageTime(200 * time.Millisecond)()
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 80_000)})
	dato := nvdb.EgenskapID(5127)
	q := nvdb.VegobjektQuery{Antall: 2, Kommune: []int{301}, Egenskap: nvdb.Or(dato.Eq(nvdb.Dato("2005-01-01")), dato.Eq(nvdb.Dato("2006-01-01")))}
	want := ids(t, c.Vegobjekter.All(ctx, 105, &q))
	require.Greater(t, len(want), 30)
	plan, err := c.Vegobjekter.PlanScan(ctx, 105, &q, nil)
	require.NoError(t, err)
	require.NotNil(t, plan.Bounds)
	byRange := map[nvdb.ScanRange][]nvdb.ScanCell{}
	for _, p := range plan.Partitions {
		require.NotNil(t, p.Range, "every part is a range")
		require.NotNil(t, p.Cell, "every range is cut in space")
		byRange[*p.Range] = append(byRange[*p.Range], *p.Cell)
		v, err := url.ParseQuery(p.Query)
		require.NoError(t, err)
		assert.Equal(t, nvdb.RangeEgenskap(q.Egenskap, *p.Range).String(), v.Get("egenskap"))
	}
	require.Len(t, byRange, 2, "one range of each date")
	for r, cells := range byRange {
		assert.GreaterOrEqual(t, len(cells), 2, "%+v", r)
		assert.True(t, tileCells(cells), "%+v", r)
	}
	var got []int64
	stopped := false
	for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan, Workers: 2}) {
		require.NoError(t, err)
		got = append(got, o.ID)
		if slices.ContainsFunc(plan.Partitions, func(p nvdb.ScanPartition) bool { return p.Read > 0 && p.Skip > 0 && !p.Done }) {
			stopped = true
			break
		}
	}
	require.True(t, stopped, "stopped in a later page of a cell")
	saved, err := json.Marshal(plan)
	require.NoError(t, err)
	plan = &nvdb.ScanPlan{}
	require.NoError(t, json.Unmarshal(saved, plan))
	for o, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: plan}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	slices.Sort(got)
	sameIDs(t, want, got)
}

// tileCells reports whether cells tile the scan bounds.
func tileCells(cells []nvdb.ScanCell) bool {
	area := 0.0
	for i, c := range cells {
		for _, d := range cells[i+1:] {
			if c.MinX < d.MaxX && d.MinX < c.MaxX && c.MinY < d.MaxY && d.MinY < c.MaxY {
				return false
			}
		}
		area += (c.MaxX - c.MinX) * (c.MaxY - c.MinY)
	}
	b := nvdb.ScanBounds
	whole := (b.MaxX - b.MinX) * (b.MaxY - b.MinY)
	return area > whole*(1-1e-9) && area < whole*(1+1e-9)
}

// A plan whose cells do not tile its bounds, whose value ranges do not
// follow each other over all values, or that searches a kommune in two
// partitions without cells or ranges, is refused before any request. A
// valid plan of ranges, and of cells within a range, is taken.
func TestScanCutResumeChecks(t *testing.T) {
	ctx := context.Background()
	c, srv := newClient(t, []nvdbtest.Option{unzipped, nvdbtest.WithGenerated(105, 100)})
	b := nvdb.ScanBounds
	half := (b.MinX + b.MaxX) / 2
	west, east := nvdb.ScanCell{MinX: b.MinX, MinY: b.MinY, MaxX: half, MaxY: b.MaxY}, nvdb.ScanCell{MinX: half, MinY: b.MinY, MaxX: b.MaxX, MaxY: b.MaxY}
	part := func(areas []int, cell *nvdb.ScanCell) nvdb.ScanPartition {
		v := url.Values{"antall": {"10"}, "kommune": {strconv.Itoa(areas[0])}}
		if cell != nil {
			v.Set("kartutsnitt", nvdb.Kartutsnitt(cell.MinX, cell.MinY, cell.MaxX, cell.MaxY))
		}
		return nvdb.ScanPartition{Areas: areas, Cell: cell, Query: v.Encode(), Antall: -1}
	}
	// A cell whose query searches another box, or the whole kommune, or
	// cuts objects at the kommune's border.
	otherBox, noBox, segmented := part([]int{301}, &west), part([]int{301}, &west), part([]int{301}, &west)
	otherBox.Query = strings.Replace(otherBox.Query, "kartutsnitt=-1000000", "kartutsnitt=-999999", 1)
	noBox.Query = "antall=10&kommune=301"
	segmented.Query += "&segmentering=true"
	gap := east
	gap.MinX += 1
	// Parts by a range of 5127's values, and cells of a range.
	rpart := func(from, to string, cell *nvdb.ScanCell) nvdb.ScanPartition {
		p := part([]int{301}, cell)
		p.Range = &nvdb.ScanRange{Egenskap: 5127, Type: nvdb.EgenskapstypeDato, From: from, To: to}
		v, err := url.ParseQuery(p.Query)
		require.NoError(t, err)
		v.Set("egenskap", nvdb.RangeEgenskap(nvdb.Filter{}, *p.Range).String())
		p.Query = v.Encode()
		return p
	}
	low, high := rpart("", "2000-01-01", nil), rpart("2000-01-01", "", nil)
	noFilter := rpart("", "2000-01-01", nil)
	noFilter.Query = "antall=10&kommune=301"
	enum := rpart("", "2000-01-01", nil)
	enum.Range.Type = nvdb.EgenskapstypeHeltallenum
	byFylke := nvdb.ScanPlan{TypeID: 105, Area: "fylke", Partitions: []nvdb.ScanPartition{low, high}}
	boxed := rpart("", "2000-01-01", nil) // a range without a cell that searches a box
	boxed.Query += "&kartutsnitt=" + url.QueryEscape(nvdb.Kartutsnitt(west.MinX, west.MinY, west.MaxX, west.MaxY))
	otherSearch := rpart("2000-01-01", "", nil) // a sibling that searches another type of road
	otherSearch.Query += "&typeveg=rampe"
	emptyOwn := rpart("2000-01-01", "", nil)
	emptyOwn.Query = strings.Replace(emptyOwn.Query, "egenskap=", "egenskap="+url.QueryEscape("() AND "), 1)
	odd := rpart("", "2000-1-1", nil)
	oddHigh := rpart("2000-1-1", "", nil)
	for _, tt := range []struct {
		name string
		plan nvdb.ScanPlan
		want string
	}{
		{"gap", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{part([]int{301}, &west), part([]int{301}, &gap)}}, "tile"},
		{"overlap", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{part([]int{301}, &west), part([]int{301}, &b)}}, "tile"},
		{"cell and whole", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{part([]int{301}, &b), part([]int{301}, nil)}}, "whole and in parts"},
		{"no bounds", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{part([]int{301}, &b)}}, "cell"},
		{"two kommuner in a cell", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{part([]int{301, 1103}, &b)}}, "cell"},
		{"twice without cells", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{part([]int{301}, nil), part([]int{301}, nil)}}, "2 partitions"},
		{"query of another box", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{otherBox, part([]int{301}, &east)}}, "kartutsnitt"},
		{"query without its box", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{noBox, part([]int{301}, &east)}}, "kartutsnitt"},
		{"segmented cell", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{segmented, part([]int{301}, &east)}}, "kartutsnitt"},
		{"bad bounds", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &nvdb.ScanCell{MinX: 1, MaxX: 0}, Partitions: []nvdb.ScanPartition{part([]int{301}, nil)}}, "bounds"},
		{"ranges with a gap", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, rpart("2000-02-01", "", nil)}}, "follow each other"},
		{"ranges overlapping", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, rpart("1999-01-01", "", nil)}}, "follow each other"},
		{"one range only", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low}}, "follow each other"},
		{"range and whole", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, high, part([]int{301}, nil)}}, "whole and in parts"},
		{"range twice", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, low, high}}, "twice in one range"},
		{"range without its filter", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{noFilter, high}}, "egenskap filter"},
		{"range of an enum", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{enum, high}}, "invalid range"},
		{"range by fylke", byFylke, "one kommune"},
		{"range searching a box its siblings do not", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{boxed, high}}, "different things"},
		{"range searching a box beside cells", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{boxed, rpart("2000-01-01", "", &west), rpart("2000-01-01", "", &east)}}, "different things"},
		{"ranges of different searches", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, otherSearch}}, "different things"},
		{"an empty filter of q's", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{low, emptyOwn}}, "egenskap filter"},
		{"a date not as the plan writes it", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Partitions: []nvdb.ScanPartition{odd, oddHigh}}, "invalid range"},
		{"cells of a range with a gap", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{rpart("", "2000-01-01", &west), rpart("", "2000-01-01", &gap), high}}, "tile"},
		{"cells without a range beside ranges", nvdb.ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []nvdb.ScanPartition{part([]int{301}, &west), part([]int{301}, &east), low, high}}, "tile"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			for _, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Plan: &tt.plan}) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], nvdb.ErrInvalidArgument)
			assert.Contains(t, errs[0].Error(), tt.want)
		})
	}
	assert.Zero(t, len(srv.Requests()))
}
