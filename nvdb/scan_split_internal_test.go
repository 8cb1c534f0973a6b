package nvdb

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWKTBox(t *testing.T) {
	tests := []struct {
		wkt  string
		want ScanCell
		ok   bool
	}{
		{"LINESTRING Z (262000.5 6649000 30, 262020.25 6649009.75 31.5, 261990 6649100 29)", ScanCell{261990, 6649000, 262020.25, 6649100}, true},
		{"POINT (10 20)", ScanCell{10, 20, 10, 20}, true},
		{"POINT Z(-5.5 7 1e3)", ScanCell{-5.5, 7, -5.5, 7}, true},
		{"MULTILINESTRING ((1 2, 3 4), (-1 10, 0 0))", ScanCell{-1, 0, 3, 10}, true},
		{"POLYGON ((0 0, 4 0, 4 3, 0 0))", ScanCell{0, 0, 4, 3}, true},
		{"LINESTRING ZM (1e2 2E1 0 0, 150 5 0 0)", ScanCell{100, 5, 150, 20}, true},
		{"LINESTRING EMPTY", ScanCell{}, false},
		{"", ScanCell{}, false},
		{"POINT (1 x)", ScanCell{}, false},
		{"POINT (1 -)", ScanCell{}, false},
	}
	for _, tt := range tests {
		got, ok := wktBox(tt.wkt)
		assert.Equal(t, tt.ok, ok, tt.wkt)
		assert.Equal(t, tt.want, got, tt.wkt)
	}
}

func TestCutBetween(t *testing.T) {
	for _, tt := range []struct{ a, b, want float64 }{
		{262345.678, 262345.679, 262345.6785}, // a millimetre apart: the odd half millimetre
		{262345.678, 262400, 262345.6785},
		{-30901.889, -30901.888, -30901.8885},
		{6650949, 6650950, 6650949.0005},
		{1.0001, 1.0002, 1.00015}, // closer than a millimetre: between them
	} {
		h := cutBetween(tt.a, tt.b)
		assert.InDelta(t, tt.want, h, 1e-9, "%v %v", tt.a, tt.b)
		assert.Less(t, tt.a, h)
		assert.LessOrEqual(t, h, tt.b)
		// The number survives the kartutsnitt it is sent in.
		back, err := strconv.ParseFloat(strconv.FormatFloat(h, 'f', -1, 64), 64)
		require.NoError(t, err)
		assert.Equal(t, h, back)
	}
	a := 262345.678
	b := math.Nextafter(a, math.Inf(1))
	assert.Equal(t, b, cutBetween(a, b), "adjacent numbers: the upper one")
}

// randomPoints are n points in a 4 km square, with boxes of w × h.
func randomPoints(r *rand.Rand, n int, w, h float64) []samplePoint {
	pts := make([]samplePoint, n)
	for i := range pts {
		// Millimetres, as NVDB writes them.
		pts[i] = samplePoint{
			x: math.Round((262000+r.Float64()*4000)*1000) / 1000,
			y: math.Round((6649000+r.Float64()*4000)*1000) / 1000,
			w: w, h: h,
		}
	}
	return pts
}

// owners counts, for each point, the cells that own it.
func owners(cells []ScanCell, x, y float64) int {
	n := 0
	for _, c := range cells {
		if c.owns(x, y, scanBounds) {
			n++
		}
	}
	return n
}

// The cells tile the bounds, each owns about as many points as the others
// and at least one, and every point of the bounds (edges and cuts
// included) is owned by exactly one cell.
func TestSplitCells(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{2, 3, 7, 12, 48} {
		pts := randomPoints(r, 1000, 0, 0)
		cells, held := splitCells(pts, k, scanBounds)
		require.Len(t, cells, k)
		assert.True(t, tile(cells, scanBounds), "k=%d", k)
		sum := 0
		for i, c := range cells {
			n := 0
			for _, p := range pts {
				if c.owns(p.x, p.y, scanBounds) {
					n++
				}
			}
			assert.Equal(t, held[i], n)
			assert.Positive(t, n)
			// Balanced by count: within one point of 1000/k times the
			// share the halving gives.
			assert.InDelta(t, 1000.0/float64(k), float64(n), 1000.0/float64(k)*0.5+1, "k=%d", k)
			sum += n
		}
		assert.Equal(t, len(pts), sum)
		for _, p := range pts {
			assert.Equal(t, 1, owners(cells, p.x, p.y))
		}
		for _, c := range cells {
			for _, x := range []float64{c.MinX, c.MaxX} {
				for _, y := range []float64{c.MinY, c.MaxY} {
					assert.Equal(t, 1, owners(cells, x, y), "corner %v %v", x, y)
				}
			}
		}
	}

	// Points that cannot be told apart make one cell; points on a line
	// are cut along it only.
	same := []samplePoint{{x: 1, y: 2}, {x: 1, y: 2}, {x: 1, y: 2}}
	cells, held := splitCells(same, 3, scanBounds)
	assert.Equal(t, []ScanCell{scanBounds}, cells)
	assert.Equal(t, []int{3}, held)
	line := []samplePoint{{x: 5, y: 2}, {x: 1, y: 2}, {x: 3, y: 2}, {x: 7, y: 2}}
	cells, _ = splitCells(line, 4, scanBounds)
	require.Len(t, cells, 4)
	for _, c := range cells {
		assert.Equal(t, scanBounds.MinY, c.MinY)
		assert.Equal(t, scanBounds.MaxY, c.MaxY)
	}
	// Fewer points than cells: one cell per point.
	cells, _ = splitCells(line[:2], 5, scanBounds)
	assert.Len(t, cells, 2)
}

// Objects twice as wide as high cross a cut at some x more often than one
// at some y: a square is cut across y first.
func TestSplitCellsAcrossFewerObjects(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	wide := randomPoints(r, 400, 150, 70)
	cells, _ := splitCells(wide, 2, scanBounds)
	require.Len(t, cells, 2)
	assert.Equal(t, scanBounds.MinX, cells[0].MinX)
	assert.Equal(t, scanBounds.MaxX, cells[0].MaxX, "cut at some y")
	tall := randomPoints(r, 400, 70, 150)
	cells, _ = splitCells(tall, 2, scanBounds)
	require.Len(t, cells, 2)
	assert.Equal(t, scanBounds.MaxY, cells[0].MaxY, "cut at some x")
}

func TestOwnerPoint(t *testing.T) {
	line := func(wkt string) *UtledetGeometri { return &UtledetGeometri{WKT: wkt} }
	lok := func(wkt string) *Lokasjon { return &Lokasjon{Geometri: &Geometri{WKT: wkt}} }
	tests := []struct {
		name string
		o    Vegobjekt
		x, y float64
		ok   bool
	}{
		{"geometri", Vegobjekt{Geometri: line("LINESTRING (10 6000020, 30 6000010)")}, 10, 6000010, true},
		{"lokasjon only", Vegobjekt{Lokasjon: lok("POINT (5 6000005)")}, 5, 6000005, true},
		{"the same in both", Vegobjekt{Geometri: line("LINESTRING (10 6000020, 30 6000010)"), Lokasjon: lok("LINESTRING (10 6000020, 30 6000010)")}, 10, 6000010, true},
		// A point of its own beside the road: the boxes overlap, the corner
		// of the overlap lies in both.
		{"overlapping boxes", Vegobjekt{Geometri: line("LINESTRING (10 6000000, 30 6000030)"), Lokasjon: lok("LINESTRING (20 6000010, 40 6000040)")}, 20, 6000010, true},
		{"apart: geometri's", Vegobjekt{Geometri: line("POINT (10 6000000)"), Lokasjon: lok("POINT (12 6000001)")}, 10, 6000000, true},
		{"outside the bounds", Vegobjekt{Geometri: line("LINESTRING (-2000000 5000000, -1500000 5500000)")}, scanBounds.MinX, scanBounds.MinY, true},
		{"reaching in from outside", Vegobjekt{Geometri: line("LINESTRING (-2000000 7000000, 100 7000100)")}, scanBounds.MinX, 7000000, true},
		{"no geometry", Vegobjekt{}, 0, 0, false},
		{"empty geometry", Vegobjekt{Geometri: line("POINT EMPTY")}, 0, 0, false},
	}
	for _, tt := range tests {
		x, y, ok := ownerPoint(&tt.o, scanBounds)
		assert.Equal(t, tt.ok, ok, tt.name)
		assert.Equal(t, tt.x, x, tt.name)
		assert.Equal(t, tt.y, y, tt.name)
	}
}

// Whatever an object's box, the cell owning its owner point meets the box:
// the cell's search returns it.
func TestOwnerCellMeetsBox(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cells, _ := splitCells(randomPoints(r, 500, 0, 0), 9, scanBounds)
	for i := 0; i < 2000; i++ {
		x0 := 261000 + r.Float64()*6000
		y0 := 6648000 + r.Float64()*6000
		if i%10 == 0 {
			x0 = -3_000_000 + r.Float64()*2_500_000 // from outside the bounds
		}
		x1, y1 := x0+r.Float64()*3000, y0+r.Float64()*3000
		o := &Vegobjekt{Geometri: &UtledetGeometri{WKT: "LINESTRING (" + strconv.FormatFloat(x0, 'f', 3, 64) + " " + strconv.FormatFloat(y0, 'f', 3, 64) + ", " +
			strconv.FormatFloat(x1, 'f', 3, 64) + " " + strconv.FormatFloat(y1, 'f', 3, 64) + ")"}}
		x, y, ok := ownerPoint(o, scanBounds)
		require.True(t, ok)
		b, _ := objectBox(o)
		n := 0
		for _, c := range cells {
			if c.owns(x, y, scanBounds) {
				n++
				if b.MaxX >= scanBounds.MinX { // boxes wholly outside the bounds meet no cell
					assert.True(t, b.MinX <= c.MaxX && b.MaxX >= c.MinX && b.MinY <= c.MaxY && b.MaxY >= c.MinY, "%+v %+v", b, c)
				}
			}
		}
		assert.Equal(t, 1, n)
	}
}

// A kommune holding more pages than a chain reads while the limit reads
// the whole scan is cut until its longest part fits, small ones are not,
// and a kommune whose sample cannot be cut further stays as it is.
func TestCutKommuner(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	est := []int{100_000, 2000, 40_000, 30_000}
	points := [][]samplePoint{
		randomPoints(r, 500, 0, 0),
		randomPoints(r, 10, 0, 0),
		randomPoints(r, 200, 0, 0),
		{{x: 1, y: 1}, {x: 1, y: 1}}, // one place only: cannot be cut
	}
	cuts, reach := cutKommuner(est, points, 1000, time.Second, true)
	require.NotNil(t, cuts[0])
	require.NotNil(t, cuts[2])
	assert.Nil(t, cuts[1])
	assert.Nil(t, cuts[3])
	// 172 pages at 40 a second: 4.3 s, a chain of 1 s pages reads 4.3
	// pages; parts of at most reach/slack pages.
	for _, i := range []int{0, 2} {
		c := cuts[i]
		assert.True(t, tile(leafCells(c.parts), scanBounds), "points of one value: cut in space")
		sum := 0
		for _, n := range c.counts {
			assert.LessOrEqual(t, math.Ceil(float64(n)/1000)*scanSlack, reach+1)
			sum += n
		}
		assert.GreaterOrEqual(t, sum, est[i]) // the parts hold the kommune, and what crosses their edges
	}
	assert.Greater(t, len(cuts[0].parts), len(cuts[2].parts))

	// Quick pages: one chain reads a kommune; nothing is cut.
	cuts, _ = cutKommuner(est, points, 1000, 10*time.Millisecond, true)
	assert.Empty(t, cuts)
}

// Sampled objects are placed by every kommune they list; a kommune with an
// object beyond the bounds gets no points, so it is not cut.
func TestSamplePoints(t *testing.T) {
	obj := func(wkt string, kommuner ...int) *Vegobjekt {
		return &Vegobjekt{Geometri: &UtledetGeometri{WKT: wkt}, Lokasjon: &Lokasjon{Kommuner: kommuner}}
	}
	objs := []*Vegobjekt{
		obj("LINESTRING (262000 6649000, 262150 6649070)", 301),
		obj("LINESTRING (262100 6649100, 262200 6649150)", 301, 3201),
		obj("POINT (5000000 6649000)", 3201), // far east of Norway
		{Vegsegmenter: []Vegsegment{{Kommune: 4601}}, Geometri: &UtledetGeometri{WKT: "POINT (-30000 6737000)"}},
		{Lokasjon: &Lokasjon{Kommuner: []int{5001}}}, // no geometry
	}
	pts := samplePoints(objs, true)
	assert.Equal(t, []samplePoint{{x: 262000, y: 6649000, w: 150, h: 70}, {x: 262100, y: 6649100, w: 100, h: 50}}, pts[301])
	assert.NotContains(t, pts, 3201)
	assert.Equal(t, []samplePoint{{x: -30000, y: 6737000}}, pts[4601])
	assert.NotContains(t, pts, 5001)

	// Not in space (geometry in another srid, say): every object counts,
	// for its values only, all at one place.
	pts = samplePoints(objs, false)
	assert.Len(t, pts[301], 2)
	assert.Len(t, pts[3201], 2)
	assert.Len(t, pts[4601], 1)
	assert.Len(t, pts[5001], 1)
	for _, p := range pts[3201] {
		assert.Equal(t, samplePoint{}, p)
	}
}

// Of the partitions that return an object, exactly one keeps it: the one
// holding its lowest kommune, and where that kommune is cut, the cell
// holding its owner point; an object a cell returns without kommuner to
// decide by is decided among that kommune's cells by its owner point.
func TestOwnerKeeps(t *testing.T) {
	b := scanBounds
	cut := 300000.0005
	west := ScanCell{b.MinX, b.MinY, cut, b.MaxY}
	east := ScanCell{cut, b.MinY, b.MaxX, b.MaxY}
	plan := &ScanPlan{TypeID: 105, Area: "kommune", Bounds: &b, Partitions: []ScanPartition{
		{Areas: []int{301}, Cell: &west},
		{Areas: []int{301}, Cell: &east},
		{Areas: []int{1103, 4601}},
	}}
	own := newOwner(plan)
	obj := func(wkt string, kommuner ...int) *Vegobjekt {
		return &Vegobjekt{Geometri: &UtledetGeometri{WKT: wkt}, Lokasjon: &Lokasjon{Kommuner: kommuner}}
	}
	for _, tt := range []struct {
		name  string
		o     *Vegobjekt
		found []int // partitions whose search returns it
		want  int
	}{
		{"west", obj("LINESTRING (299000 6650000, 299100 6650050)", 301), []int{0}, 0},
		{"across the cut, corner west", obj("LINESTRING (299950 6650000, 300100 6650050)", 301), []int{0, 1}, 0},
		{"corner on the cut's east side", obj("LINESTRING (300000.001 6650000, 300100 6650050)", 301), []int{1}, 1},
		{"across a border into 301", obj("LINESTRING (299950 6650000, 300100 6650050)", 4601, 301), []int{0, 1, 2}, 0},
		{"1103 and 4601", obj("LINESTRING (299950 6650000, 300100 6650050)", 4601, 1103), []int{2}, 2},
		{"no kommuner, found by the cells", obj("LINESTRING (300100 6650000, 300200 6650050)"), []int{0, 1}, 1},
		{"from vegsegmenter", &Vegobjekt{Geometri: &UtledetGeometri{WKT: "POINT (299000 6650000)"}, Vegsegmenter: []Vegsegment{{Kommune: 4601}, {Kommune: 301}}}, []int{0, 1, 2}, 0},
	} {
		var keepers []int
		for _, p := range tt.found {
			if own.keeps(p, tt.o) {
				keepers = append(keepers, p)
			}
		}
		assert.Equal(t, []int{tt.want}, keepers, tt.name)
	}
}

func leafCells(leaves []scanLeaf) []ScanCell {
	out := make([]ScanCell, len(leaves))
	for i, l := range leaves {
		out[i] = l.cell
	}
	return out
}

// splitCells cuts cell into at most k cells by space alone (splitParts),
// for the tests of the cells.
func splitCells(pts []samplePoint, k int, cell ScanCell) ([]ScanCell, []int) {
	leaves, n := splitParts(pts, k, scanLeaf{cell: cell, lo: math.Inf(-1), hi: math.Inf(1)}, false)
	cells := make([]ScanCell, len(leaves))
	for i, l := range leaves {
		cells[i] = l.cell
	}
	return cells, n
}
