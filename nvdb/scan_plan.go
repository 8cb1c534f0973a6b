package nvdb

import (
	"context"
	"errors"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// ScanPlan is a scan of one vegobjekttype split into partitions, each a
// search of its own with its own cursor. It is a plain value that marshals
// to JSON: save it while a scan runs (Scan keeps it current when passed in
// ScanOptions.Plan) and pass it again later to read exactly the objects
// that were not yet yielded.
type ScanPlan struct {
	TypeID int `json:"typeId"`
	// Area is what the partitions are made of: "kommune", "fylke", or ""
	// for a single partition.
	Area string `json:"area,omitempty"`
	// Expected is the number of objects the whole scan yields, from
	// statistikk when the plan was made; -1 when not known.
	Expected int `json:"expected"`
	// Yielded counts the objects handed to the caller so far, over every
	// run of the plan.
	Yielded int `json:"yielded"`
	// StripLokasjon and StripGeometri are set when the plan asks for
	// lokasjon or geometri only to decide which partition an object
	// belongs to; they are removed before the object is yielded.
	StripLokasjon bool `json:"stripLokasjon,omitempty"`
	StripGeometri bool `json:"stripGeometri,omitempty"`
	// Bounds is the box (UTM33) that the cells of each cut kommune tile;
	// nil when no kommune is cut.
	Bounds     *ScanCell       `json:"bounds,omitempty"`
	Partitions []ScanPartition `json:"partitions"`
}

// ScanPartition is one search of a plan: the kommuner or fylker it reads,
// its query and how far it has come.
type ScanPartition struct {
	// Areas are the kommune or fylke numbers the partition searches. An
	// object that lies in several partitions' areas belongs to the one
	// holding the lowest of its areas (lokasjon.kommuner or .fylker) and is
	// dropped by the others, so no object is yielded twice.
	Areas []int `json:"areas,omitempty"`
	// Cell is set on a part of a cut kommune (Areas holds that kommune
	// alone): the partition searches the kommune within the cell's box,
	// and of the objects of that kommune it keeps those whose owner point
	// lies in the cell (see Scan).
	Cell *ScanCell `json:"cell,omitempty"`
	// Range is set on a part of a kommune cut by the values of an
	// egenskap (Areas holds that kommune alone): the partition searches
	// the kommune's objects with a value in the range (see Scan).
	Range *ScanRange `json:"range,omitempty"`
	// Query is the URL query of the search (without start).
	Query string `json:"query"`
	// Antall is the number of objects the search returns: the plan's
	// estimate until Counted, then the count NVDB sent with a page; -1 when
	// not known.
	Antall  int  `json:"antall"`
	Counted bool `json:"counted,omitempty"`
	// Start is the cursor of the next page to read ("" for the first).
	Start string `json:"start,omitempty"`
	// Skip is how many objects of the page at Start were already handed
	// over (the caller stopped in the middle of it).
	Skip int `json:"skip,omitempty"`
	// Read counts the objects received from NVDB in finished pages,
	// including those that belong to another partition.
	Read int  `json:"read"`
	Done bool `json:"done,omitempty"`
}

// Remaining is the number of partitions not yet finished.
func (p *ScanPlan) Remaining() int {
	n := 0
	for i := range p.Partitions {
		if !p.Partitions[i].Done {
			n++
		}
	}
	return n
}

// minPartitions is how many partitions a planned scan makes at least:
// enough chains of cursor requests to keep 40 requests a second going
// while a page takes up to 1.2 s. The plan's own statistikk answer is
// small, so its answer time says little about a full page's (measured:
// small answers at 200 ms and pages of 1000 objects with inkluder=alle at
// 1 s need 48; 34 partitions read 300 000 objects in 67 % of the
// ceiling's time, 48 in 83 %). More partitions cost little: each ends on a
// page not quite full.
const minPartitions = 48

// maxPartitions is the most partitions a planned scan makes.
const maxPartitions = 512

// scanPartitions is how many partitions a planned scan makes when its
// statistikk answer took latency: enough chains for 40 requests a second
// at that answer time and a fifth more, and at least minPartitions. Scan
// reads them all at once (see scanGate), so extra chains wait their turn
// at the limiter instead of running late.
func scanPartitions(latency time.Duration) int {
	n := int(math.Ceil(1.2 * 40 * latency.Seconds()))
	return min(max(n, minPartitions), maxPartitions)
}

// groupedFilters are the parameters statistikk/gruppert takes; the other
// filters of a query make its counts an overestimate.
// (fylke and kommune are not among them: the groups are kept or dropped
// whole, and an object across the border of the area is counted in a
// group outside it).
var groupedFilters = map[string]bool{"kartutsnitt": true, "polygon": true, "veglenkesekvens": true, "tidspunkt": true, "srid": true,
	"segmentering": true}

// PlanScan works out the partitions Scan reads for typeID and q: with
// ScanOptions.Fylker or Kommuner one per listed area; otherwise kommuner
// with objects, grouped into partitions of whole pages, and kommuner too
// large for one chain cut into parts, by ranges of an egenskap's values
// and in space (see Scan). It asks /statistikk/gruppert by fylke and
// kommune for the counts per area and, where q filters on more than that
// endpoint takes (egenskap, fylke, kommune, typeveg …), /statistikk with
// q's filters for the total, and, where a kommune may be cut, the first
// 500 objects of q as a sample, all at once; otherwise the total is the
// sum of the groups. The sample is
// dropped (its request cancelled) as soon as the counts show that no
// kommune needs cutting; a kommune it holds too few objects of gets one
// of its own (see Scan). The plan is a JSON value: keep it to checkpoint
// and resume a scan (see ScanOptions.Plan).
func (s *VegobjekterService) PlanScan(ctx context.Context, typeID int, q *VegobjektQuery, opts *ScanOptions) (*ScanPlan, error) {
	q = ownQuery(q)
	var o ScanOptions
	if opts != nil {
		o = *opts
	}
	if _, err := typePath(typeID); err != nil {
		return nil, err
	}
	if err := checkScanQuery(q, &o); err != nil {
		return nil, err
	}
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	if q.Segmentering != nil && *q.Segmentering {
		// Without an area filter segmentering cuts nothing; the partitions'
		// own areas must not cut either, so ask for whole objects.
		q.Segmentering = nil
	}
	plan := &ScanPlan{TypeID: typeID, Expected: -1}
	var groups [][]int
	var counts []int
	var cells []*ScanCell
	var ranges []*ScanRange
	switch {
	case len(o.Fylker) > 0:
		plan.Area = "fylke"
		for _, f := range dedupeInts(o.Fylker) {
			groups, counts = append(groups, []int{f}), append(counts, -1)
		}
	case len(o.Kommuner) > 0:
		plan.Area = "kommune"
		for _, k := range dedupeInts(o.Kommuner) {
			groups, counts = append(groups, []int{k}), append(counts, -1)
		}
	case len(q.Ider) > 0:
		// A list of ids is one search; statistikk does not take ider.
		groups, counts = [][]int{nil}, []int{-1}
	default:
		plan.Area = "kommune"
		kp, err := s.planKommuner(ctx, typeID, q)
		if err != nil {
			return nil, err
		}
		groups, counts, cells, ranges, plan.Expected = kp.groups, kp.counts, kp.cells, kp.ranges, kp.total
	}
	cut := slices.ContainsFunc(cells, func(c *ScanCell) bool { return c != nil })
	if cells == nil {
		cells = make([]*ScanCell, len(groups))
	}
	if ranges == nil {
		ranges = make([]*ScanRange, len(groups))
	}
	// Lokasjon (the kommuner) and geometri (the box) decide which partition
	// an object belongs to; ask for them where q does not and strip them
	// again before yielding. Never append into the caller's array.
	if plan.Area != "" && len(groups) > 1 && !hasInkluder(q.Inkluder, InkluderLokasjon, InkluderAlle) {
		q.Inkluder = append(slices.Clip(q.Inkluder), InkluderLokasjon)
		plan.StripLokasjon = true
	}
	if cut {
		b := scanBounds
		plan.Bounds = &b
		if !hasInkluder(q.Inkluder, InkluderGeometri, InkluderAlle) {
			q.Inkluder = append(slices.Clip(q.Inkluder), InkluderGeometri)
			plan.StripGeometri = true
		}
	}
	for i, g := range groups {
		p := shallow(q)
		switch plan.Area {
		case "fylke":
			p.Fylke = g
		case "kommune":
			p.Kommune = g
		}
		if c := cells[i]; c != nil {
			// Whole objects: their boxes decide, not their pieces.
			p.Kartutsnitt, p.Segmentering = c.kartutsnitt(), Bool(false)
		}
		if r := ranges[i]; r != nil {
			p.Egenskap = rangeEgenskap(q.Egenskap, *r)
		}
		v, err := encode(p)
		if err != nil {
			return nil, err
		}
		plan.Partitions = append(plan.Partitions, ScanPartition{Areas: g, Query: v.Encode(), Antall: counts[i], Cell: cells[i], Range: ranges[i]})
	}
	return plan, nil
}

func checkScanQuery(q *VegobjektQuery, o *ScanOptions) error {
	switch {
	case len(o.Fylker) > 0 && len(o.Kommuner) > 0:
		return invalidf("nvdb: scan: set either Fylker or Kommuner, not both")
	case len(o.Fylker) > 0 && len(q.Fylke) > 0:
		return invalidf("nvdb: scan: the query already filters on fylke; partition by Kommuner or drop the filter")
	case len(o.Kommuner) > 0 && len(q.Kommune) > 0:
		return invalidf("nvdb: scan: the query already filters on kommune")
	case q.Start != "":
		return invalidf("nvdb: scan: a start cursor belongs to one partition; resume a scan with ScanOptions.Plan")
	case q.Segmentering != nil && *q.Segmentering && hasAreaFilter(q):
		return invalidf("nvdb: scan: segmentering cuts objects at the search area, and a scan searches its own partitions; use Pages to cut at your area's border")
	case o.Workers < 0 || o.MaxWorkers < 0:
		return invalidf("nvdb: scan: Workers and MaxWorkers must be >= 0")
	}
	if _, err := encode(q); err != nil {
		return err
	}
	return nil
}

// hasAreaFilter reports a filter that segmentering cuts at (the list in
// the segmentering parameter's documentation).
func hasAreaFilter(q *VegobjektQuery) bool {
	return len(q.Fylke) > 0 || len(q.Kommune) > 0 || len(q.Vegsystemreferanse) > 0 || len(q.Kontraktsomrade) > 0 ||
		len(q.Riksvegrute) > 0 || len(q.Vegforvalter) > 0
}

func hasInkluder(vs []Inkluder, want ...Inkluder) bool {
	for _, v := range vs {
		if slices.Contains(want, v) {
			return true
		}
	}
	return false
}

// kommunePlan is the planned partitions of a scan by kommune: the
// kommuner of each, its cell and value range where it is part of a cut
// kommune, its estimated count, and the expected total.
type kommunePlan struct {
	groups [][]int
	cells  []*ScanCell
	ranges []*ScanRange
	counts []int
	total  int
}

// planKommuner counts objects per kommune, cuts the kommuner too large for
// one chain into cells, and groups the other kommuner with objects into
// partitions.
func (s *VegobjekterService) planKommuner(ctx context.Context, typeID int, q *VegobjektQuery) (*kommunePlan, error) {
	sq := &StatistikkQuery{
		Gruppering: []Gruppering{GrupperingFylke, GrupperingKommune},
		Srid:       q.Srid, Kartutsnitt: q.Kartutsnitt, Polygon: q.Polygon, Veglenkesekvens: q.Veglenkesekvens, Tidspunkt: q.Tidspunkt,
	}
	var (
		wg    sync.WaitGroup
		rows  []*StatistikkGruppe
		gErr  error
		total = -1
		tErr  error
		// The total needs its own request only where q filters on more
		// than the grouped statistikk takes; otherwise it is the sum of
		// the groups. statistikk counts current versions only.
		counts = !q.AlleVersjoner && hasUngroupedFilter(q)
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The sample goes with the counts, so that a plan that cuts kommuner
	// takes one answer's time, not two; it is cancelled as soon as the
	// counts show that no kommune needs cutting.
	samples := &samplers{}
	sampleCtx, dropSample := context.WithCancel(ctx)
	defer func() {
		dropSample()
		samples.wait()
	}()
	var global *pendingSample
	if cuttable(q) || scanValueCuts {
		global = samples.start(func() scanSample { return s.sample(sampleCtx, typeID, q, scanSampleSize) })
	}
	if counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.Statistikk(ctx, typeID, q, StatistikkAntall)
			if err != nil {
				tErr = err
				cancel()
				return
			}
			total = st.Antall
		}()
	}
	// A query of one kommune with a count of its own needs no counts by
	// kommune.
	single := counts && len(q.Kommune) == 1
	t0 := time.Now()
	if !single {
		rows, gErr = s.StatistikkGruppert(ctx, typeID, sq)
	}
	if gErr != nil {
		cancel()
	}
	wg.Wait()
	latency := time.Since(t0)
	// One failure cancels the other requests; report the cause, not the
	// cancellation.
	switch {
	case gErr != nil && !errors.Is(gErr, context.Canceled):
		return nil, gErr
	case tErr != nil:
		return nil, tErr
	case gErr != nil:
		return nil, gErr
	}
	if total == 0 {
		return &kommunePlan{}, nil
	}
	fylker, kommuner := intSet(q.Fylke), intSet(q.Kommune)
	perKommune := map[int]int{}
	sum := 0
	for _, r := range rows {
		if r.Kommune <= 0 || r.Antall <= 0 || (fylker != nil && !fylker[r.Fylke]) || (kommuner != nil && !kommuner[r.Kommune]) {
			continue
		}
		perKommune[r.Kommune] += r.Antall
		sum += r.Antall
	}
	if single {
		perKommune[q.Kommune[0]], sum = total, total
	}
	// Filters the grouped statistikk does not take make its counts too
	// high; scale them to the total of q's own statistikk.
	scale := 1.0
	if total > 0 && sum > 0 {
		scale = float64(total) / float64(sum)
	}
	if total < 0 && !q.AlleVersjoner {
		total = sum
	}
	ks := make([]int, 0, len(perKommune))
	for k := range perKommune {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	est := make([]int, len(ks))
	pages := 0.0 // the whole scan's, in pages of q.Antall
	largest := 0
	for i, k := range ks {
		est[i] = max(1, int(float64(perKommune[k])*scale+0.5))
		pages += float64(est[i]) / float64(q.Antall)
		largest = max(largest, est[i])
	}
	parts := scanPartitions(latency)
	kp := &kommunePlan{total: total}
	// 48 partitions keep the limit busy for pages of up to 1.2 s (see
	// minPartitions) where no kommune is longer than the packing's longest
	// run; only a larger kommune may need cutting, and only then is the
	// sample waited for.
	waited := global != nil && float64(largest)/float64(q.Antall) > 1.2*pages/float64(parts)
	if !waited {
		dropSample()
	}
	// A kommune that q's sample holds too few objects of to cut it as
	// finely as the page time needs gets a sample of its own (see Scan).
	// Where q's sample takes a quarter of a small answer's time longer than
	// the counts, pages are slow and parts small, so the kommuner that may
	// be cut get theirs at once instead of an answer later. (Those not
	// needed after all are cancelled, most still at the rate limiter.)
	own := map[int]*pendingSample{}
	sampleOwn := func(i int) *pendingSample {
		k := ks[i]
		if own[k] == nil && len(own) < maxOwnSamples {
			// Only what places its objects: its time is not a page's.
			qk := shallow(q)
			// (sample adds geometri where it places objects, and egenskaper.)
			qk.Kommune, qk.Inkluder, qk.InkluderEgenskaper = []int{k}, []Inkluder{InkluderLokasjon}, ""
			own[k] = samples.start(func() scanSample { return s.sample(sampleCtx, typeID, qk, ownSampleSize) })
		}
		return own[k]
	}
	var smp scanSample
	if waited {
		if len(ks) > 1 {
			slow := time.NewTimer(latency / 4)
			select {
			case <-global.done:
			case <-slow.C:
				for i := range ks {
					if float64(est[i])/float64(q.Antall) > 1.2*pages/float64(parts) {
						sampleOwn(i)
					}
				}
			}
			slow.Stop()
		}
		if smp = global.wait(); smp.err != nil {
			return nil, smp.err
		}
	}
	var rest []int // indices into ks of the kommuner not cut
	if waited && smp.page != nil {
		points := make([][]samplePoint, len(ks))
		for i, k := range ks {
			points[i] = smp.points[k]
		}
		pageTime := pageTimeOf(latency, smp.took, len(smp.page.Items), q.Antall)
		// The egenskap the kommuner are cut by where their samples' values
		// differ, chosen on q's sample.
		egenskap, egenskapType, byValue := chooseEgenskap(smp.page.Items)
		byValue = byValue && scanValueCuts
		for i := range points {
			setValues(points[i], egenskap)
		}
		cuts, reach := cutKommuner(est, points, q.Antall, pageTime, byValue)
		recut := map[int]*pendingSample{} // by index into ks
		for i := range ks {
			// The cells the kommune is cut into, or would be if the sample
			// held enough of its objects.
			need := math.Ceil(float64(est[i]) / float64(q.Antall) * scanSlack / reach)
			if c := cuts[i]; c != nil {
				need = max(need, float64(len(c.parts)))
			}
			perPart := float64(minCellPoints)
			if byValue && valuesDiffer(points[i]) {
				perPart = minRangePoints
			}
			if len(ks) > 1 && need >= 2 && float64(len(points[i])) < perPart*need {
				if p := sampleOwn(i); p != nil {
					recut[i] = p
				}
			}
		}
		for i, p := range recut { // all asked for; their answers in any order
			o := p.wait()
			if o.err != nil {
				return nil, o.err
			}
			points[i] = o.points[ks[i]]
			setValues(points[i], egenskap)
		}
		dropSample()
		if len(recut) > 0 {
			cuts, reach = cutKommuner(est, points, q.Antall, pageTime, byValue)
		}
		restPages := 0.0
		for i, k := range ks {
			c := cuts[i]
			if c == nil {
				rest = append(rest, i)
				restPages += float64(est[i]) / float64(q.Antall)
				continue
			}
			for j, leaf := range c.parts {
				var cell *ScanCell
				if leaf.cell != scanBounds {
					cell = &c.parts[j].cell
				}
				kp.groups = append(kp.groups, []int{k})
				kp.cells = append(kp.cells, cell)
				kp.ranges = append(kp.ranges, leafRange(leaf, egenskap, egenskapType))
				kp.counts = append(kp.counts, c.counts[j])
			}
		}
		if len(kp.groups) > 0 {
			parts = max(parts-len(kp.groups), int(math.Ceil(restPages*scanSlack/reach)), 1)
		}
	} else {
		for i := range ks {
			rest = append(rest, i)
		}
	}
	rk, re := make([]int, len(rest)), make([]int, len(rest))
	for j, i := range rest {
		rk[j], re[j] = ks[i], est[i]
	}
	// Pack to 99 % of a page: a search by kommune also returns the objects
	// that cross into it from a kommune of another partition, which the
	// counts per kommune do not hold, and a page filled to the last object
	// by the estimate would spill into one more request.
	groups, sizes := packKommuner(rk, re, max(1, q.Antall*99/100), parts)
	kp.groups = append(kp.groups, groups...)
	kp.counts = append(kp.counts, sizes...)
	kp.cells = append(kp.cells, make([]*ScanCell, len(groups))...)
	kp.ranges = append(kp.ranges, make([]*ScanRange, len(groups))...)
	kp.sortLongestFirst(q.Antall)
	return kp, nil
}

// sortLongestFirst orders the partitions by pages, most first (the order
// workers take them in when there are fewer workers than partitions).
func (kp *kommunePlan) sortLongestFirst(pageSize int) {
	idx := make([]int, len(kp.groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return pageCount(kp.counts[idx[a]], pageSize) > pageCount(kp.counts[idx[b]], pageSize)
	})
	g, c, r, n := make([][]int, len(idx)), make([]*ScanCell, len(idx)), make([]*ScanRange, len(idx)), make([]int, len(idx))
	for j, i := range idx {
		g[j], c[j], r[j], n[j] = kp.groups[i], kp.cells[i], kp.ranges[i], kp.counts[i]
	}
	kp.groups, kp.cells, kp.ranges, kp.counts = g, c, r, n
}

// hasUngroupedFilter reports a filter of q that statistikk/gruppert does
// not take.
func hasUngroupedFilter(q *VegobjektQuery) bool {
	v, err := q.statistikkValues(nil)
	if err != nil {
		return true
	}
	for k := range v {
		if !groupedFilters[k] {
			return true
		}
	}
	return false
}

func intSet(vs []int) map[int]bool {
	if len(vs) == 0 {
		return nil
	}
	m := make(map[int]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func pageCount(n, pageSize int) int { return (n + pageSize - 1) / pageSize }

// packKommuner cuts the kommuner, in number order (neighbours tend to
// have close numbers, so an object on a border is mostly in one
// partition), into at least parts runs (fewer where there are fewer
// kommuner or pages) that cost the fewest pages in all: a run's last page
// is the only one not full, so runs are chosen to end close under a whole
// number of pages. Runs may differ in length, up to 1.2 times the average
// (a kommune larger than that is a run of its own): Scan reads them all at
// once and serves the longest first, so they still end together. Small
// kommuner are then moved to fill last pages (fillLastPages). The runs
// come back largest first.
func packKommuner(ks, counts []int, pageSize, parts int) ([][]int, []int) {
	n := len(ks)
	if n == 0 {
		return nil, nil
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	// No more runs than pages: a run costs a page at least.
	parts = max(1, min(parts, n, pageCount(total, pageSize)))
	// A run may be longer than the average by the fifth more chains that
	// parts holds than the answer time needs (see scanPartitions): the
	// chains are served longest first, so a run of that length still ends
	// with the others.
	avg := float64(pageCount(total, pageSize)) / float64(parts)
	limit := max(int(math.Ceil(avg)), int(1.2*avg)) * pageSize
	// best[j][r]: the fewest pages for the first j kommuner in r runs, and
	// where the last run begins; pages -1 where no cut exists.
	type cell struct{ pages, from int }
	best := make([][]cell, n+1)
	for j := range best {
		best[j] = make([]cell, n+1)
		for r := range best[j] {
			best[j][r] = cell{pages: -1}
		}
	}
	best[0][0] = cell{}
	for j := 1; j <= n; j++ {
		sum := 0
		for i := j - 1; i >= 0; i-- {
			sum += counts[i]
			if sum > limit && i < j-1 {
				break
			}
			pages := pageCount(sum, pageSize)
			for r := 1; r <= i+1; r++ {
				prev := best[i][r-1]
				if prev.pages < 0 {
					continue
				}
				if c := prev.pages + pages; best[j][r].pages < 0 || c < best[j][r].pages {
					best[j][r] = cell{pages: c, from: i}
				}
			}
		}
	}
	// At least parts runs, then the fewest pages, then the fewest runs.
	// One run per kommune always fits.
	r := -1
	for k := parts; k <= n; k++ {
		if c := best[n][k]; c.pages >= 0 && (r < 0 || c.pages < best[n][r].pages) {
			r = k
		}
	}
	var groups [][]int
	var sizes []int
	for j := n; j > 0; j, r = best[j][r].from, r-1 {
		i := best[j][r].from
		sum := 0
		for _, c := range counts[i:j] {
			sum += c
		}
		groups = append(groups, append([]int(nil), ks[i:j]...))
		sizes = append(sizes, sum)
	}
	count := make(map[int]int, n)
	for i, k := range ks {
		count[k] = counts[i]
	}
	fillLastPages(groups, sizes, count, pageSize)
	idx := make([]int, len(groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := pageCount(sizes[idx[a]], pageSize), pageCount(sizes[idx[b]], pageSize)
		if pa != pb {
			return pa > pb
		}
		return groups[idx[a]][0] < groups[idx[b]][0]
	})
	og, os := make([][]int, len(idx)), make([]int, len(idx))
	for k, i := range idx {
		og[k], os[k] = groups[i], sizes[i]
	}
	return og, os
}

// fillLastPages saves whole pages that cutting in number order cannot: a
// run whose last page holds few objects hands kommuner, smallest first, to
// runs with room left on their own last page, until its last page is
// empty. No run gets a page more, so the count of requests only falls;
// the kommuner moved are the small ones, so few objects on a border end
// up in two partitions.
func fillLastPages(groups [][]int, sizes []int, count map[int]int, pageSize int) {
	room := func(r int) int { return pageCount(sizes[r], pageSize)*pageSize - sizes[r] }
	for improved := true; improved; {
		improved = false
		order := make([]int, len(groups))
		for i := range order {
			order[i] = i
		}
		last := func(r int) int { return sizes[r] - (pageCount(sizes[r], pageSize)-1)*pageSize }
		sort.SliceStable(order, func(a, b int) bool { return last(order[a]) < last(order[b]) })
		for _, a := range order {
			if len(groups[a]) < 2 || pageCount(sizes[a], pageSize) < 2 {
				continue
			}
			need := last(a)
			ks := slices.Clone(groups[a])
			sort.SliceStable(ks, func(i, j int) bool { return count[ks[i]] < count[ks[j]] })
			type move struct{ k, to int }
			var moves []move
			extra := map[int]int{} // planned additions per receiving run
			moved := 0
			for _, k := range ks[:len(ks)-1] {
				if moved >= need {
					break
				}
				best := -1
				for b := range groups {
					if b == a {
						continue
					}
					if free := room(b) - extra[b]; free >= count[k] && (best < 0 || free < room(best)-extra[best]) {
						best = b
					}
				}
				if best < 0 {
					break
				}
				moves = append(moves, move{k, best})
				extra[best] += count[k]
				moved += count[k]
			}
			if moved < need {
				continue
			}
			for _, m := range moves {
				groups[a] = slices.DeleteFunc(groups[a], func(x int) bool { return x == m.k })
				groups[m.to] = append(groups[m.to], m.k)
				sizes[a] -= count[m.k]
				sizes[m.to] += count[m.k]
			}
			improved = true
			break
		}
	}
	for _, g := range groups {
		slices.Sort(g)
	}
}

// owner says which partition an object belongs to: the one holding the
// lowest of its areas that the plan searches, and where that area is a
// cut kommune, the part whose value range and cell hold it. The range is
// NVDB's to decide: an object has one value, and only the partition of
// that range returns it. Among the cells of that range, the one holding
// its owner point keeps it.
type owner struct {
	area   string
	byArea map[int][]int // area number → partition indices
	cells  []*ScanCell   // by partition index
	cut    []bool        // by partition index: a part of a cut kommune
	areas  []int         // by partition index: the kommune of a part
	bounds ScanCell
}

func newOwner(p *ScanPlan) *owner {
	if p.Area == "" || len(p.Partitions) < 2 {
		return nil
	}
	o := &owner{area: p.Area, byArea: map[int][]int{}, cells: make([]*ScanCell, len(p.Partitions)), cut: make([]bool, len(p.Partitions)),
		areas: make([]int, len(p.Partitions))}
	if p.Bounds != nil {
		o.bounds = *p.Bounds
	}
	for i, part := range p.Partitions {
		for _, a := range part.Areas {
			o.byArea[a] = append(o.byArea[a], i)
		}
		o.cells[i] = part.Cell
		if o.cut[i] = part.Cell != nil || part.Range != nil; o.cut[i] {
			o.areas[i] = part.Areas[0]
		}
	}
	return o
}

// keeps reports whether partition part yields obj.
func (o *owner) keeps(part int, obj *Vegobjekt) bool {
	if o == nil {
		return true
	}
	best, found := 0, false
	consider := func(a int) {
		if _, ok := o.byArea[a]; ok && (!found || a < best) {
			best, found = a, true
		}
	}
	if l := obj.Lokasjon; l != nil {
		areas := l.Kommuner
		if o.area == "fylke" {
			areas = l.Fylker
		}
		for _, a := range areas {
			consider(a)
		}
	}
	if !found {
		for _, sg := range obj.Vegsegmenter {
			if o.area == "fylke" {
				consider(sg.Fylke)
			} else {
				consider(sg.Kommune)
			}
		}
	}
	if !found {
		if !o.cut[part] {
			return true // nothing to decide by; the partition that found it keeps it
		}
		// A part found it within its kommune: the parts of that kommune
		// decide among themselves, so it is not yielded by each.
		best = o.areas[part]
	}
	parts := o.byArea[best]
	if len(parts) == 1 || !o.cut[parts[0]] {
		return parts[0] == part
	}
	if !o.cut[part] || o.areas[part] != best {
		return false // a part of the kommune it belongs to returns it
	}
	c := o.cells[part]
	if c == nil {
		return true // its range returned it, and the range is not cut in space
	}
	x, y, ok := ownerPoint(obj, o.bounds)
	if !ok {
		return true // no geometry to place it by; the part that found it keeps it
	}
	// The cells of the part's range tile the bounds (checkResume), so
	// exactly one of them holds the point.
	return c.owns(x, y, o.bounds)
}

// partitionValues parses a partition's stored query.
func partitionValues(p *ScanPartition) (url.Values, int, error) {
	v, err := url.ParseQuery(p.Query)
	if err != nil {
		return nil, 0, invalidf("nvdb: scan plan: partition query %q: %v", p.Query, err)
	}
	size := DefaultAntall
	if a := v.Get("antall"); a != "" {
		if size, err = strconv.Atoi(a); err != nil || size <= 0 {
			return nil, 0, invalidf("nvdb: scan plan: partition query: invalid antall %q", a)
		}
	}
	v.Del("start")
	v.Del("inkluderAntall")
	return v, size, nil
}
