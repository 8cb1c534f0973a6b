package nvdb

import (
	"cmp"
	"context"
	"math"
	"net/http/httptrace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// ScanCell is a box in UTM33 (EPSG:5973): a part of a kommune that a scan
// reads as a search of its own, by kartutsnitt. A plan's cells of one
// kommune tile ScanPlan.Bounds; see owns for which of them an object
// belongs to.
type ScanCell struct {
	MinX float64 `json:"minX"`
	MinY float64 `json:"minY"`
	MaxX float64 `json:"maxX"`
	MaxY float64 `json:"maxY"`
}

// scanBounds is the box the cells of a cut kommune tile: all of Norway,
// Svalbard and Jan Mayen in UTM33 with hundreds of kilometres to spare, so
// that every object NVDB holds lies inside it and its outer cells reach
// beyond any kommune.
var scanBounds = ScanCell{MinX: -1_000_000, MinY: 6_000_000, MaxX: 2_000_000, MaxY: 9_500_000}

// kartutsnitt is the cell as NVDB's kartutsnitt parameter, edges included.
// Every number survives formatting and parsing unchanged ('f', -1), so the
// search and the ownership test compare the same values.
func (c ScanCell) kartutsnitt() string { return Kartutsnitt(c.MinX, c.MinY, c.MaxX, c.MaxY) }

func (c ScanCell) valid() bool {
	for _, v := range []float64{c.MinX, c.MinY, c.MaxX, c.MaxY} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return c.MinX < c.MaxX && c.MinY < c.MaxY
}

func (c ScanCell) within(b ScanCell) bool {
	return c.MinX >= b.MinX && c.MinY >= b.MinY && c.MaxX <= b.MaxX && c.MaxY <= b.MaxY
}

// owns reports whether point x, y (inside bounds) belongs to the cell: cells
// are half-open, [MinX, MaxX) × [MinY, MaxY), except that a cell on the far
// edge of bounds holds that edge too. Cells that tile bounds therefore hold
// every point of bounds exactly once.
func (c ScanCell) owns(x, y float64, bounds ScanCell) bool {
	return x >= c.MinX && (x < c.MaxX || (c.MaxX == bounds.MaxX && x == c.MaxX)) &&
		y >= c.MinY && (y < c.MaxY || (c.MaxY == bounds.MaxY && y == c.MaxY))
}

// tile reports whether cells, each inside bounds, cover bounds without
// overlapping: their areas add up to the area of bounds and no two share
// more than an edge.
func tile(cells []ScanCell, bounds ScanCell) bool {
	area := func(c ScanCell) float64 { return (c.MaxX - c.MinX) * (c.MaxY - c.MinY) }
	sum := 0.0
	for i, c := range cells {
		if !c.valid() || !c.within(bounds) {
			return false
		}
		for _, d := range cells[i+1:] {
			if c.MinX < d.MaxX && d.MinX < c.MaxX && c.MinY < d.MaxY && d.MinY < c.MaxY {
				return false
			}
		}
		sum += area(c)
	}
	return math.Abs(sum-area(bounds)) <= 1e-9*area(bounds)
}

// wktBox is the bounding box of a WKT geometry: the least and greatest
// first and second ordinates (x, y) of its positions. ok is false for an
// empty or unreadable geometry.
func wktBox(s string) (box ScanCell, ok bool) {
	box = ScanCell{MinX: math.Inf(1), MinY: math.Inf(1), MaxX: math.Inf(-1), MaxY: math.Inf(-1)}
	i := strings.IndexByte(s, '(')
	if i < 0 {
		return ScanCell{}, false
	}
	ord := 0 // ordinate of the next number within its position
	var x float64
	for i < len(s) {
		c := s[i]
		if c == '(' || c == ')' || c == ',' {
			ord = 0
			i++
			continue
		}
		if c != '-' && c != '+' && c != '.' && (c < '0' || c > '9') {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '-' || s[j] == '+' || (s[j] >= '0' && s[j] <= '9')) {
			j++
		}
		if ord < 2 { // z and m are not needed
			v, err := strconv.ParseFloat(s[i:j], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return ScanCell{}, false
			}
			if ord == 0 {
				x = v
			} else {
				box.MinX, box.MaxX = min(box.MinX, x), max(box.MaxX, x)
				box.MinY, box.MaxY = min(box.MinY, v), max(box.MaxY, v)
				ok = true
			}
		}
		ord++
		i = j
	}
	if !ok {
		return ScanCell{}, false
	}
	return box, true
}

// ownerPoint is the point of an object that decides which cell of its
// kommune owns it: the south-west (least x, least y) corner of its
// bounding box, moved onto bounds if it lies outside. The box is that of
// the object's geometri (UTM33), or where lokasjon.geometri is there too
// and the two boxes overlap, of their overlap, so that the point lies in
// the box of either geometry. ok is false when the object carries neither.
//
// The point lies in the object's box and in bounds, so the cell that owns
// it meets the box, and NVDB returns the object to that cell's search.
func ownerPoint(o *Vegobjekt, bounds ScanCell) (x, y float64, ok bool) {
	b, ok := objectBox(o)
	if !ok {
		return 0, 0, false
	}
	return min(max(b.MinX, bounds.MinX), bounds.MaxX), min(max(b.MinY, bounds.MinY), bounds.MaxY), true
}

// objectBox is the box ownerPoint takes the corner of.
func objectBox(o *Vegobjekt) (ScanCell, bool) {
	var gw, lw string
	if o.Geometri != nil {
		gw = o.Geometri.WKT
	}
	if o.Lokasjon != nil && o.Lokasjon.Geometri != nil {
		lw = o.Lokasjon.Geometri.WKT
	}
	g, hasG := wktBox(gw)
	if lw == gw || lw == "" {
		return g, hasG
	}
	l, hasL := wktBox(lw)
	switch {
	case hasG && hasL:
		if both := (ScanCell{max(g.MinX, l.MinX), max(g.MinY, l.MinY), min(g.MaxX, l.MaxX), min(g.MaxY, l.MaxY)}); both.MinX <= both.MaxX && both.MinY <= both.MaxY {
			return both, true
		}
		return g, true
	case hasG:
		return g, true
	}
	return l, hasL
}

// cutBetween returns a cut h with a < h <= b (a < b): an odd half
// millimetre where a and b are apart by a millimetre or more, as NVDB
// writes UTM coordinates to the millimetre. No coordinate NVDB sends then
// lies on a cut, and an object whose coordinates NVDB rounded by up to half
// a millimetre is still searched by the cell its rounded corner falls in.
func cutBetween(a, b float64) float64 {
	if h, err := strconv.ParseFloat(strconv.FormatFloat((math.Round(a*1000)+0.5)/1000, 'f', 4, 64), 64); err == nil && a < h && h <= b {
		return h
	}
	if h := a + (b-a)/2; a < h && h <= b {
		return h
	}
	return b
}

// samplePoint is the owner point of a sampled object, the width and
// height of its box, and its values of the egenskaper a kommune may be cut
// by (vals), one of which, v, the plan chooses (chooseEgenskap).
type samplePoint struct {
	x, y, w, h float64
	v          float64 // the chosen egenskap's value; -Inf without one
	vals       []egenskapValue
}

// egenskapValue is an object's value of an egenskap of a type a kommune
// may be cut by (see rangeTypes), as a number: a Dato in days since 1970.
type egenskapValue struct {
	id  int
	typ Egenskapstype
	v   float64
}

// scanLeaf is a part of a cut kommune: the objects whose value of the
// plan's egenskap lies in [lo, hi) (an object without one counts as
// -Inf) and whose owner point lies in cell.
type scanLeaf struct {
	cell   ScanCell
	lo, hi float64
}

var wholeLeaf = scanLeaf{cell: scanBounds, lo: math.Inf(-1), hi: math.Inf(1)}

func (l scanLeaf) holds(p samplePoint) bool { return p.v >= l.lo && p.v < l.hi }

// splitParts cuts leaf into at most k parts, each holding at least one of
// pts and about as many as the others (a k-d tree: the points are halved
// by count and each half is cut again). Fewer parts come back where the
// points cannot be told apart. With byValue, a part is cut by the value of
// the plan's egenskap first, as no object lies across such a cut; where
// its points share one value it is cut in space, and its parts are then
// cut in space only, so that the cells of one value range tile the bounds
// (what the owner rule needs). A cut by value lies at the change of value
// nearest where the halving would cut, and each side gets parts in
// proportion to its points. A cut in space is made across the axis where
// fewer objects cross it: a cut at some x is as long as the points' spread
// in y and crossed by objects as wide as theirs, so it costs the spread in
// y times the objects' mean width, and the other way round; for points,
// the wider spread is cut. It returns the parts and how many of pts each
// holds.
func splitParts(pts []samplePoint, k int, leaf scanLeaf, byValue bool) ([]scanLeaf, []int) {
	if k <= 1 || len(pts) < 2 {
		return []scanLeaf{leaf}, []int{len(pts)}
	}
	if byValue {
		sorted := slices.Clone(pts)
		slices.SortStableFunc(sorted, func(a, b samplePoint) int { return cmp.Compare(a.v, b.v) })
		if r, ok := splitRank(sorted, 2, len(sorted)*(k/2)/k); ok {
			k1 := min(max(int(math.Round(float64(k)*float64(r)/float64(len(sorted)))), 1), k-1)
			lo, hi := leaf, leaf
			lo.hi, hi.lo = sorted[r].v, sorted[r].v
			c1, n1 := splitParts(sorted[:r], k1, lo, true)
			c2, n2 := splitParts(sorted[r:], k-k1, hi, true)
			return append(c1, c2...), append(n1, n2...)
		}
	}
	cell := leaf.cell
	spread := func(axis int) float64 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range pts {
			v := p.coord(axis)
			lo, hi = min(lo, v), max(hi, v)
		}
		return hi - lo
	}
	var w, h float64
	for _, p := range pts {
		w, h = w+p.w, h+p.h
	}
	acrossX, acrossY := spread(1)*w, spread(0)*h // objects crossing a cut at some x, at some y
	if w+h == 0 {
		acrossX, acrossY = spread(1), spread(0)
	}
	axes := []int{0, 1}
	if acrossY < acrossX {
		axes = []int{1, 0}
	}
	k1 := k / 2
	for _, axis := range axes {
		sorted := slices.Clone(pts)
		slices.SortFunc(sorted, func(a, b samplePoint) int {
			if c := cmp.Compare(a.coord(axis), b.coord(axis)); c != 0 {
				return c
			}
			return cmp.Compare(a.coord(1-axis), b.coord(1-axis))
		})
		r, ok := splitRank(sorted, axis, len(sorted)*k1/k)
		if !ok {
			continue
		}
		h := cutBetween(sorted[r-1].coord(axis), sorted[r].coord(axis))
		if lo, hi := cell.span(axis); h <= lo || h >= hi {
			continue // points on the cell's far edge: nothing to cut off
		}
		lo, hi := leaf, leaf
		if axis == 0 {
			lo.cell.MaxX, hi.cell.MinX = h, h
		} else {
			lo.cell.MaxY, hi.cell.MinY = h, h
		}
		// The points were placed with cell.owns: each side holds those it
		// owns, as cutBetween puts the cut above the last point below it.
		c1, n1 := splitParts(sorted[:r], k1, lo, false)
		c2, n2 := splitParts(sorted[r:], k-k1, hi, false)
		return append(c1, c2...), append(n1, n2...)
	}
	return []scanLeaf{leaf}, []int{len(pts)}
}

// splitRank finds the rank nearest want (1 <= r < len) at which the sorted
// points change along axis, so that a cut there separates them.
func splitRank(sorted []samplePoint, axis, want int) (int, bool) {
	n := len(sorted)
	want = min(max(want, 1), n-1)
	for d := 0; d < n; d++ {
		for _, r := range []int{want - d, want + d} {
			if r >= 1 && r < n && sorted[r-1].coord(axis) < sorted[r].coord(axis) {
				return r, true
			}
		}
	}
	return 0, false
}

func (c ScanCell) span(axis int) (float64, float64) {
	if axis == 0 {
		return c.MinX, c.MaxX
	}
	return c.MinY, c.MaxY
}

// coord is the point's x (axis 0), y (1) or value (2).
func (p samplePoint) coord(axis int) float64 {
	switch axis {
	case 0:
		return p.x
	case 1:
		return p.y
	}
	return p.v
}

// scanSampleSize is how many objects the plan's sample page asks for: the
// points the parts are cut at, and the time a page takes. Half a page of
// 1000: where a page takes long, the plan's time is the sample's (with 1 s
// pages of 1000 objects, a sample of 1000 took 1.1 s of a 10 s scan), and
// 500 points place ten parts of 50.
const scanSampleSize = 500

// ownSampleSize is how many objects a kommune's own sample asks for:
// enough for ten cells of minCellPoints, twenty value ranges of
// minRangePoints. (300 ended the plan 0.2 s sooner where pages of 1000
// take 1 s, but placed the parts worse: more requests, no sooner end.)
const ownSampleSize = 500

// scanSlack is how much shorter than a chain's reach (chainPages) the parts
// of a cut kommune are made: their sizes are estimated from the sample, and
// the longest one must still end with the scan.
const scanSlack = 1.2

// scanRate is the requests per second a scan is planned for: NVDB's limit.
const scanRate = 40

// scanPageTime, when set, replaces the measured page time (tests).
var scanPageTime time.Duration

// scanValueCuts, when false, makes plans cut kommuner in space only
// (tests of the cells).
var scanValueCuts = true

// scanSample is the plan's sample: the first page of the scan's query,
// with lokasjon and geometri.
type scanSample struct {
	page *Page[Vegobjekt]
	// points are the owner points (ownerPoint) of the sampled objects, by
	// each kommune they list.
	points map[int][]samplePoint
	// took is the time from the request leaving the client's rate limiter
	// to its last object decoded.
	took time.Duration
	err  error
}

// minCellPoints is how many of a kommune's sampled objects each of its
// cells is placed and sized by at least (an estimate from 50 is off by
// about 14 %, one from 20 by about 22 %); a kommune that q's sample cuts
// finer than that is cut by a sample of its own.
const minCellPoints = 50

// minRangePoints is how many sampled objects each value range of a
// kommune is placed and sized by at least: fewer than a cell needs, as a
// range larger than its estimate costs no request (no object lies across
// a range's bounds), only a longer chain. An estimate from 25 is off by
// about a fifth; one from 9 was too far off (eight kommuner with 1 s
// pages: the longest chain ended 2 s after the others).
const minRangePoints = 25

// valuesDiffer reports whether the points hold two values or more, so
// that they can be cut by value.
func valuesDiffer(pts []samplePoint) bool {
	for _, p := range pts {
		if p.v != pts[0].v {
			return true
		}
	}
	return false
}

// maxOwnSamples caps the kommuner a plan asks a sample of their own for.
const maxOwnSamples = 16

// samplers runs a plan's samples in the background.
type samplers struct{ wg sync.WaitGroup }

// pendingSample is a sample being read.
type pendingSample struct {
	done chan struct{}
	res  scanSample
}

func (ss *samplers) start(read func() scanSample) *pendingSample {
	p := &pendingSample{done: make(chan struct{})}
	ss.wg.Add(1)
	go func() {
		defer ss.wg.Done()
		defer close(p.done)
		p.res = read()
	}()
	return p
}

// wait waits for every sample started (after they were cancelled, so
// that none outlives the plan).
func (ss *samplers) wait() { ss.wg.Wait() }

func (p *pendingSample) wait() scanSample {
	<-p.done
	return p.res
}

// cuttable reports whether a kommune of q can be cut into cells (it can
// be cut by value in any case): the
// geometry comes back in UTM33, the coordinates of kartutsnitt, with the
// bounding box NVDB compares (no inkludergeometri choosing another), and q
// has no kartutsnitt or polygon of its own (NVDB takes one, and the
// intersection of two boxes is not what either finds).
func cuttable(q *VegobjektQuery) bool {
	switch q.Srid {
	case "", Srid5973, SridUTM33:
	default:
		return false
	}
	return q.Kartutsnitt == "" && q.Polygon == "" && q.InkluderGeometri == "" && len(q.Ider) == 0
}

// sample reads the first page of q with lokasjon, egenskaper and, where
// q's kommuner can be cut in space (cuttable), geometri, and places its
// objects.
func (s *VegobjekterService) sample(ctx context.Context, typeID int, q *VegobjektQuery, size int) scanSample {
	path, err := typePath(typeID)
	if err != nil {
		return scanSample{err: err}
	}
	p := shallow(q)
	p.Antall = size
	if !hasInkluder(p.Inkluder, InkluderEgenskaper, InkluderAlle) && p.InkluderEgenskaper == "" {
		// Values to cut by, not the geometry egenskaper q's pages lack:
		// the sample times a page.
		p.InkluderEgenskaper = InkluderEgenskaperBasis
	}
	inSpace := cuttable(q)
	for _, in := range []Inkluder{InkluderLokasjon, InkluderGeometri, InkluderEgenskaper} {
		if !hasInkluder(p.Inkluder, in, InkluderAlle) && (in != InkluderGeometri || inSpace) {
			p.Inkluder = append(slices.Clip(p.Inkluder), in)
		}
	}
	v, err := encode(p)
	if err != nil {
		return scanSample{err: err}
	}
	var sent atomic.Int64
	tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: func(string) { sent.Store(time.Now().UnixNano()) }})
	t0 := time.Now()
	page, err := vegobjekterScan.List(tctx, s.t(), endpoint.Call[string]{Request: endpoint.Request{Path: path, Query: v}})
	if err != nil {
		return scanSample{err: err}
	}
	if n := sent.Load(); n != 0 {
		t0 = time.Unix(0, n)
	}
	return scanSample{page: page, points: samplePoints(page.Items, inSpace), took: time.Since(t0)}
}

// samplePoints places sampled objects by each kommune they list. A kommune
// with a sampled object beyond the bounds gets none: the cells reach only
// objects that meet the bounds, so it is not cut. Without inSpace the
// objects are not placed: each point holds only the object's values, and
// as all points lie at one place, no part is cut in space.
func samplePoints(objs []*Vegobjekt, inSpace bool) map[int][]samplePoint {
	points := map[int][]samplePoint{}
	if !inSpace {
		for _, o := range objs {
			vals := egenskapValues(o)
			for _, k := range objectKommuner(o) {
				points[k] = append(points[k], samplePoint{vals: vals})
			}
		}
		return points
	}
	outside := map[int]bool{}
	for _, o := range objs {
		b, ok := objectBox(o)
		if !ok {
			continue
		}
		x, y, _ := ownerPoint(o, scanBounds)
		vals := egenskapValues(o)
		for _, k := range objectKommuner(o) {
			points[k] = append(points[k], samplePoint{x: x, y: y, w: b.MaxX - b.MinX, h: b.MaxY - b.MinY, vals: vals})
			outside[k] = outside[k] || !b.within(scanBounds)
		}
	}
	for k, out := range outside {
		if out {
			delete(points, k)
		}
	}
	return points
}

// objectKommuner lists the kommuner an object lies in: lokasjon.kommuner,
// else those of its vegsegmenter.
func objectKommuner(o *Vegobjekt) []int {
	if o.Lokasjon != nil && len(o.Lokasjon.Kommuner) > 0 {
		return dedupeInts(o.Lokasjon.Kommuner)
	}
	var ks []int
	for _, sg := range o.Vegsegmenter {
		ks = append(ks, sg.Kommune)
	}
	return dedupeInts(ks)
}

// pageTimeOf estimates the time of a page of pageSize objects from the time
// of a small answer (a fixed part) and the sample's, n objects in took
// (the fixed part and a part per object). A sample of few objects says
// little per object; it is the whole result then, and its own time
// stands.
func pageTimeOf(small, took time.Duration, n, pageSize int) time.Duration {
	if scanPageTime > 0 {
		return scanPageTime
	}
	if n < 100 {
		return max(small, took)
	}
	return small + max(0, took-small)*time.Duration(pageSize)/time.Duration(n)
}

// kommuneCut is a kommune cut into parts, with the objects each part's
// search is estimated to return.
type kommuneCut struct {
	parts  []scanLeaf
	counts []int
}

// cutKommuner cuts the kommuner that hold more pages than one chain of
// requests reads in the time the rate limit takes for the whole scan. est
// are the kommuner's counts, points their sampled objects, pageTime the
// time of a page of pageSize objects. While the longest chain, with
// scanSlack to spare for the estimates, would end after the limit has
// read every page, the kommune holding it is cut into one part more
// (splitParts, by value first where byValue), as long as its sample has
// an object for every part (a kommune whose sample cannot be cut further
// is left as it is). A part's estimate is the kommune's count times the
// share of its sampled objects that the part's search returns (meeting):
// objects across a cell's edges included, so the pages those cost are
// counted as well. It returns the cuts by index into est, and how many
// pages a chain reads while the limit reads all (the whole scan's).
func cutKommuner(est []int, points [][]samplePoint, pageSize int, pageTime time.Duration, byValue bool) (map[int]*kommuneCut, float64) {
	cuts := map[int]*kommuneCut{}
	pages := func(n int) float64 { return math.Ceil(float64(n) / float64(pageSize)) }
	longest := func(i int) float64 {
		c := cuts[i]
		if c == nil {
			return pages(est[i])
		}
		l := 0.0
		for _, n := range c.counts {
			l = max(l, pages(n))
		}
		return l
	}
	done := map[int]bool{} // cut as finely as their samples allow
	parts := len(est)
	for {
		total := 0.0
		for i, n := range est {
			if c := cuts[i]; c != nil {
				for _, m := range c.counts {
					total += pages(m)
				}
			} else {
				total += float64(n) / float64(pageSize)
			}
		}
		reach := chainPages(total, pageTime)
		next := -1 // the longest chain that can still be cut
		for i := range est {
			if !done[i] && longest(i) >= 2 && (next < 0 || longest(i) > longest(next)) {
				next = i
			}
		}
		if next < 0 || longest(next)*scanSlack <= reach || parts >= maxPartitions {
			return cuts, reach
		}
		k := 2
		if c := cuts[next]; c != nil {
			k = len(c.parts) + 1
		}
		leaves, _ := splitParts(points[next], k, wholeLeaf, byValue)
		if len(leaves) < k {
			done[next] = true
			continue
		}
		c := &kommuneCut{parts: leaves, counts: make([]int, len(leaves))}
		for j, leaf := range leaves {
			c.counts[j] = max(1, est[next]*meeting(points[next], leaf)/len(points[next]))
		}
		parts += len(leaves) - max(1, k-1)
		cuts[next] = c
	}
}

// meeting counts the points that a part's search returns: those whose
// value lies in its range and whose object's box meets its cell (edges
// included), as NVDB's kartutsnitt compares them.
func meeting(pts []samplePoint, leaf scanLeaf) int {
	n := 0
	cell := leaf.cell
	for _, p := range pts {
		if leaf.holds(p) && p.x <= cell.MaxX && p.x+p.w >= cell.MinX && p.y <= cell.MaxY && p.y+p.h >= cell.MinY {
			n++
		}
	}
	return n
}

// chainPages is how many pages one chain of requests reads while the rate
// limit reads all pages of the scan, at pageTime a page.
func chainPages(pages float64, pageTime time.Duration) float64 {
	if pageTime <= 0 {
		return math.Inf(1)
	}
	return pages / (scanRate * pageTime.Seconds())
}
