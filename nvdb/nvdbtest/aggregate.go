package nvdbtest

import (
	"math"
	"sync"

	"github.com/vegdata/go-vegdata/nvdb"
)

// Aggregates of a generated set, so that statistikk, statistikk/gruppert
// and inkluderAntall count a million objects without building them.
//
// Where a generated object lies follows from its index: the place
// (kommune) it was generated in and, for one in a hundred objects under
// WithSpreadKommuner, the neighbour it crosses into and the order the two
// are listed in. Objects that share these form a class, and share every
// attribute the area, road and road-network filters read (fylke, kommune,
// kontraktsomrade, riksvegrute, vegforvalter, vegsystemreferanse down to
// the road number, typeveg, adskiltelop, kryssystem, sideanlegg,
// trafikantgruppe, veglenketype, detaljniva), the keys statistikk/gruppert
// groups by, and their length. A search with only those filters is
// answered by matching one representative object per class and adding up
// the counts of the classes it matches, which are known when the set is
// generated. kartutsnitt compares bounding boxes, and every generated
// object is the same shape moved to its anchor point, so the objects of a
// class inside a kartutsnitt are counted on a grid of their anchors
// (genGrid). Egenskap filters on the egenskaper generated objects have
// (2021, 5127) are decided from each object's hash (genEgenskapFilter),
// walking the objects of the matching classes without building them.
// Other filters (other egenskaper, relasjon, strekning, veglenkesekvens,
// tidspunkt, endret_etter, ider, overlapp) build and test every object
// that quickReject lets through.
//
// The data never changes after NewServer (the change feed is computed
// from the index, not applied), so the aggregates stay right for the
// life of the server.
type genStats struct {
	classes []genClass
	reps    []*nvdb.Vegobjekt // one object of each class with objects

	gridOnce sync.Once
	grid     *genGrid // built at the first kartutsnitt
}

// genClass is the number of objects of one class and the index of one of
// them (-1 when the class is empty).
type genClass struct {
	n, rep int
}

// classCount is the number of classes of g: a place each, and under
// WithSpreadKommuner two more per place for the objects crossing into the
// next one, listed in either order.
func (g *generator) classCount() int {
	if g.spread != nil {
		return 3 * len(g.spread.places)
	}
	return len(genKommuner)
}

// class returns the class of object i.
func (g *generator) class(i int) int {
	s := g.spread
	if s == nil {
		return i % len(genKommuner)
	}
	a := int(s.at[i])
	if !s.crosses(i) {
		return a
	}
	return len(s.places) + 2*a + int(mix(uint64(i))&1) // the order cross lists them in
}

// classPlaces returns the place the objects of class c were generated in
// and, for objects across a border, the place they cross into.
func (g *generator) classPlaces(c int) (genKommune, *genKommune) {
	s := g.spread
	if s == nil {
		return genKommuner[c], nil
	}
	p := len(s.places)
	if c < p {
		return s.places[c], nil
	}
	a := (c - p) / 2
	return s.places[a], &s.places[(a+1)%p]
}

// placeBox is a box (UTM33) that holds every object generated in place k:
// its anchors (see anchor), as far as the last index moves them, and the
// shape beyond them.
func (g *generator) placeBox(k genKommune) [4]float64 {
	far := int64(genSquare-1) * 1000
	drift := int64(max(g.n-1, 0)/len(genKommuner)) * 10
	x, y := mm(k.x), mm(k.y)
	return [4]float64{fromMM(x + genShapeX0), fromMM(y + genShapeY0), fromMM(x + far + drift + genShapeX1), fromMM(y + far + genShapeY1)}
}

// newGenStats counts the objects of every class of g and builds one
// object of each.
func newGenStats(g *generator) *genStats {
	st := &genStats{classes: make([]genClass, g.classCount())}
	for c := range st.classes {
		st.classes[c].rep = -1
	}
	if g.spread == nil {
		// Objects go round the places in turn.
		k := len(genKommuner)
		for c := range st.classes {
			st.classes[c].n = g.n / k
			if c < g.n%k {
				st.classes[c].n++
			}
			if c < g.n {
				st.classes[c].rep = c
			}
		}
	} else {
		for i := 0; i < g.n; i++ {
			c := &st.classes[g.class(i)]
			if c.n == 0 {
				c.rep = i
			}
			c.n++
		}
	}
	st.reps = make([]*nvdb.Vegobjekt, len(st.classes))
	for c, cl := range st.classes {
		if cl.n > 0 {
			st.reps[c] = g.object(cl.rep)
		}
	}
	return st
}

// classLevel reports that f reads only what every object of a class
// shares, and kartutsnitt, which genGrid counts.
func (f *filter) classLevel() bool {
	if f.ider != nil || len(f.vls) > 0 || len(f.egenskap) > 0 || len(f.overlapp) > 0 ||
		!f.endretEtter.IsZero() || !f.tidspunkt.IsZero() {
		return false
	}
	for _, v := range f.vsr {
		if v.strekning != 0 { // the strekning of a generated object varies
			return false
		}
	}
	return true
}

// aggregated reports that the objects of d matching f are counted from
// the aggregates.
func (d *dataset) aggregated(f *filter) bool { return d.gen != nil && f.classLevel() }

// tally adds the count and length of the objects of d matching f to
// groups by key. Generated sets are counted from their aggregates where f
// and key allow (keyPerClass: key reads only what a class shares), or
// where f adds to such filters only egenskap filters genEgenskapFilter
// decides, by walking the objects of the classes that match without
// building them; others by testing every object.
func tally[K comparable](d *dataset, f *filter, key func(*nvdb.Vegobjekt) K, keyPerClass bool) map[K]*acc {
	out := map[K]*acc{}
	add := func(k K, n int, length int64) {
		a := out[k]
		if a == nil {
			a = &acc{}
			out[k] = a
		}
		a.n += n
		a.mm += length
	}
	if keyPerClass && d.aggregated(f) {
		st := d.gen.stats
		area := *f
		area.bbox = nil
		for c, cl := range st.classes {
			if cl.n == 0 || !area.match(st.reps[c]) {
				continue
			}
			n := cl.n
			if f.bbox != nil {
				n = st.gridOf(d.gen).count(d.gen, c, f.bbox)
			}
			if n > 0 {
				add(key(st.reps[c]), n, int64(n)*lengthMM(st.reps[c]))
			}
		}
		return out
	}
	if keyPerClass && d.gen != nil && f.egGen != nil {
		if rest := f.residual(d); rest.classLevel() {
			// The area filters per class, the kartutsnitt and egenskaper
			// per object from its index.
			st, g := d.gen.stats, d.gen
			area := *rest
			area.bbox = nil
			for c, cl := range st.classes {
				if cl.n == 0 || !area.match(st.reps[c]) {
					continue
				}
				n := 0
				st.visit(g, c, f.bbox, func(i int, inside bool) {
					switch {
					case g.spread != nil && g.spread.crosses(i):
						// Built and tested whole, as a search does (kept
						// once built: see spread.crossing).
						if f.match(g.object(i)) {
							n++
						}
					case (inside || f.bbox == nil || g.inBox(i, f.bbox)) && f.egGen.passes(g.hash(i)):
						n++
					}
				})
				if n > 0 {
					add(key(st.reps[c]), n, int64(n)*lengthMM(st.reps[c]))
				}
			}
			return out
		}
	}
	each(d, f, func(o *nvdb.Vegobjekt) { add(key(o), 1, lengthMM(o)) })
	return out
}

// whole is the one group of an ungrouped count.
type whole struct{}

// sum is the count and length of the objects of d matching f.
func sum(d *dataset, f *filter) acc {
	if a := tally(d, f, func(*nvdb.Vegobjekt) whole { return whole{} }, true)[whole{}]; a != nil {
		return *a
	}
	return acc{}
}

// Generated objects are one shape moved (see generator.build): its
// bounding box relative to the object's anchor, in millimetres, as the
// WKT writes coordinates with three decimals.
var genShapeX0, genShapeY0, genShapeX1, genShapeY1 = func() (int64, int64, int64, int64) {
	x0, y0, x1, y1, _ := bbox(genLine(0, 0, 0))
	return mm(x0), mm(y0), mm(x1), mm(y1)
}()

func mm(v float64) int64 { return int64(math.Round(v * 1000)) }

// fromMM is the coordinate a WKT with mm/1000 written to three decimals
// reads back as: the float closest to it, as strconv.ParseFloat returns.
func fromMM(mm int64) float64 { return float64(mm) / 1000 }

// anchor is where object i lies (the first point of its line), in
// millimetres: the arithmetic of generator.build in whole numbers.
func (g *generator) anchor(i int) (x, y int64) {
	k := g.kommune(i)
	h := g.hash(i)
	x = mm(k.x) + int64(int(h>>20)%genSquare)*1000 + int64(i/len(genKommuner))*10
	y = mm(k.y) + int64(int(h>>32)%genSquare)*1000
	return x, y
}

// inBox reports whether the bounding box of object i meets the
// kartutsnitt b, as filter.match decides it, without building the object.
func (g *generator) inBox(i int, b *[4]float64) bool {
	x, y := g.anchor(i)
	inX, _ := boxTest(x, x, genShapeX0, genShapeX1, b[0], b[2])
	inY, _ := boxTest(y, y, genShapeY0, genShapeY1, b[1], b[3])
	return inX && inY
}

// genGrid places the objects of each class on a grid by anchor, so that
// the objects inside a kartutsnitt are counted by whole cells and only
// the cells the kartutsnitt cuts are tested object by object.
type genGrid struct {
	classes []classGrid
	idx     []int32 // object indices, by class and then cell
}

type classGrid struct {
	minX, minY int64   // smallest anchor
	w, h       int64   // width and height of a cell (mm)
	side       int     // cells per side
	start      []int32 // cell c holds idx[start[c]:start[c+1]]
}

// cellObjects is how many objects a grid cell holds on average: few
// enough that a cell a kartutsnitt cuts is quick to test, many enough that
// the grid stays small.
const cellObjects = 48

func (st *genStats) gridOf(g *generator) *genGrid {
	st.gridOnce.Do(func() { st.grid = newGenGrid(g, st) })
	return st.grid
}

func newGenGrid(g *generator, st *genStats) *genGrid {
	gr := &genGrid{classes: make([]classGrid, len(st.classes)), idx: make([]int32, g.n)}
	maxX := make([]int64, len(st.classes))
	maxY := make([]int64, len(st.classes))
	for c := range gr.classes {
		gr.classes[c].minX, gr.classes[c].minY = math.MaxInt64, math.MaxInt64
		maxX[c], maxY[c] = math.MinInt64, math.MinInt64
	}
	cls := make([]int32, g.n)
	for i := 0; i < g.n; i++ {
		c := g.class(i)
		cls[i] = int32(c)
		x, y := g.anchor(i)
		cg := &gr.classes[c]
		cg.minX, cg.minY = min(cg.minX, x), min(cg.minY, y)
		maxX[c], maxY[c] = max(maxX[c], x), max(maxY[c], y)
	}
	base := int32(0)
	for c := range gr.classes {
		cg := &gr.classes[c]
		n := st.classes[c].n
		cg.side = max(1, min(64, int(math.Sqrt(float64(n)/cellObjects))))
		if n > 0 {
			cg.w = (maxX[c]-cg.minX)/int64(cg.side) + 1
			cg.h = (maxY[c]-cg.minY)/int64(cg.side) + 1
		}
		cg.start = make([]int32, cg.side*cg.side+1)
		cg.start[0] = base
		base += int32(n)
	}
	// Counting sort of the objects by class and cell: cell sizes first,
	// then each object into its place.
	cell := make([]int32, g.n)
	for i := 0; i < g.n; i++ {
		cg := &gr.classes[cls[i]]
		x, y := g.anchor(i)
		k := int32(int((y-cg.minY)/cg.h)*cg.side + int((x-cg.minX)/cg.w))
		cell[i] = k
		cg.start[k+1]++
	}
	for c := range gr.classes {
		s := gr.classes[c].start
		for k := 1; k < len(s); k++ {
			s[k] += s[k-1]
		}
	}
	next := make([][]int32, len(gr.classes))
	for c := range gr.classes {
		next[c] = append([]int32(nil), gr.classes[c].start[:len(gr.classes[c].start)-1]...)
	}
	for i := 0; i < g.n; i++ {
		c, k := cls[i], cell[i]
		gr.idx[next[c][k]] = int32(i)
		next[c][k]++
	}
	return gr
}

// boxTest says which anchors of a range [lo, hi] (mm, on one axis) make a
// generated object's bounding box meet [bmin, bmax] on that axis, as
// filter.match compares them: all, none, or (neither) some. An object's box
// reaches from anchor+d0 to anchor+d1, so both bounds are monotone in the
// anchor.
func boxTest(lo, hi, d0, d1 int64, bmin, bmax float64) (all, none bool) {
	all = fromMM(lo+d1) >= bmin && fromMM(hi+d0) <= bmax
	none = fromMM(hi+d1) < bmin || fromMM(lo+d0) > bmax
	return all, none
}

// visit calls fn with every object of class c whose bounding box may
// meet the kartutsnitt b (every object of the class when b is nil), and
// whether it surely does.
func (st *genStats) visit(g *generator, c int, b *[4]float64, fn func(i int, inside bool)) {
	if b == nil && g.spread == nil {
		// Objects go round the places in turn.
		for i := c; i < g.n; i += len(genKommuner) {
			fn(i, true)
		}
		return
	}
	gr := st.gridOf(g)
	cg := &gr.classes[c]
	if b == nil {
		for _, i := range gr.idx[cg.start[0]:cg.start[len(cg.start)-1]] {
			fn(int(i), true)
		}
		return
	}
	gr.cells(c, b, func(k int, all bool) {
		for _, i := range gr.idx[cg.start[k]:cg.start[k+1]] {
			fn(int(i), all)
		}
	})
}

// cells calls fn with every grid cell k of class c that holds objects
// whose bounding box may meet the kartutsnitt b, and whether all of them
// surely do.
func (gr *genGrid) cells(c int, b *[4]float64, fn func(k int, all bool)) {
	cg := &gr.classes[c]
	for row := 0; row < cg.side; row++ {
		lo := cg.minY + int64(row)*cg.h
		allY, noneY := boxTest(lo, lo+cg.h-1, genShapeY0, genShapeY1, b[1], b[3])
		if noneY {
			continue
		}
		for col := 0; col < cg.side; col++ {
			lo := cg.minX + int64(col)*cg.w
			allX, noneX := boxTest(lo, lo+cg.w-1, genShapeX0, genShapeX1, b[0], b[2])
			if noneX {
				continue
			}
			fn(row*cg.side+col, allX && allY)
		}
	}
}

// count is the number of objects of class c whose bounding box meets the
// kartutsnitt b (minX, minY, maxX, maxY in UTM33).
func (gr *genGrid) count(g *generator, c int, b *[4]float64) int {
	cg := &gr.classes[c]
	total := int(cg.start[len(cg.start)-1] - cg.start[0])
	if total == 0 {
		return 0
	}
	ext := func(lo, size int64) (int64, int64) { return lo, lo + size*int64(cg.side) - 1 }
	x0, x1 := ext(cg.minX, cg.w)
	y0, y1 := ext(cg.minY, cg.h)
	allX, noneX := boxTest(x0, x1, genShapeX0, genShapeX1, b[0], b[2])
	allY, noneY := boxTest(y0, y1, genShapeY0, genShapeY1, b[1], b[3])
	switch {
	case noneX || noneY:
		return 0
	case allX && allY:
		return total
	}
	n := 0
	gr.cells(c, b, func(k int, all bool) {
		if all {
			n += int(cg.start[k+1] - cg.start[k])
			return
		}
		for _, i := range gr.idx[cg.start[k]:cg.start[k+1]] {
			if g.inBox(int(i), b) {
				n++
			}
		}
	})
	return n
}
