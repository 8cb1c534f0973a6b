package nvdbtest

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

// genKommune is a place generated objects are put.
type genKommune struct {
	nr, fylke int
	x, y      float64
	kat       string
	vegnr     int
}

// Eight kommuner in eight fylker, so a scan partitioned by fylke splits a
// generated set evenly.
var genKommuner = []genKommune{
	{301, 3, 262000, 6649000, "K", 1060},
	{4601, 46, -32000, 6737000, "E", 39},
	{5001, 50, 270000, 7040000, "F", 6650},
	{1103, 11, -33000, 6570000, "E", 39},
	{4204, 42, 86000, 6466000, "E", 18},
	{3301, 33, 228000, 6628000, "F", 282},
	{5501, 55, 653000, 7732000, "E", 8},
	{1804, 18, 475000, 7464000, "R", 80},
}

var genFylker = func() []int {
	out := make([]int, len(genKommuner))
	for i, k := range genKommuner {
		out[i] = k.fylke
	}
	return out
}()

// GeneratedFylker lists the fylker generated objects are spread over, one
// eighth of the set in each (for partitioned scans).
func GeneratedFylker() []int { return append([]int(nil), genFylker...) }

// generator builds Fartsgrense-shaped objects of one type from their index.
type generator struct {
	typeID int
	n      int
	base   int64
	spread *spread      // WithSpreadKommuner; nil for the eight genKommuner
	stats  *genStats    // counts for statistikk (aggregate.go)
	builds atomic.Int64 // objects built, for the tests of what a search builds
}

const genStep = 3

func newGenerator(typeID, n int) *generator {
	return &generator{typeID: typeID, n: n, base: 1_000_000_000 + int64(typeID)*10_000_000}
}

func (g *generator) id(i int) int64 { return g.base + int64(i)*genStep }

// vlsid is the veglenkesekvens object i lies on, three objects to each.
func (g *generator) vlsid(i int) int64 { return 500000 + int64(i/3) }

func (g *generator) indexOf(id int64) (int, bool) {
	d := id - g.base
	if d < 0 || d%genStep != 0 || d/genStep >= int64(g.n) {
		return 0, false
	}
	return int(d / genStep), true
}

func (g *generator) kommune(i int) genKommune {
	if g.spread != nil {
		return g.spread.kommune(i)
	}
	return genKommuner[i%len(genKommuner)]
}

func mix(i uint64) uint64 {
	i += 0x9e3779b97f4a7c15
	i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9
	i = (i ^ (i >> 27)) * 0x94d049bb133111eb
	return i ^ (i >> 31)
}

var genSpeeds = []int{30, 40, 50, 50, 60, 60, 70, 80, 80, 90, 100, 110}

// genSquare is how far east and north of its place (metres) an object is
// put, and then a centimetre further east for each round of the places.
const genSquare = 4000

// genLine is the line of every generated object, moved to x, y at
// height z.
func genLine(x, y, z float64) string { return line(x, y, 20, 9, 8, z) }

// genLength is the length of every generated line (same shape, moved).
var genLength = lineLength(genLine(0, 0, 0))

var genEpoch = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// genStarts are the start dates of generated objects: the first of a
// month, 1990 to 2023.
var genStarts = func() (out [34][12]string) {
	for y := range out {
		for m := range out[y] {
			out[y][m] = time.Date(1990+y, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
	}
	return out
}()

func (g *generator) object(i int) *nvdb.Vegobjekt {
	if g.spread != nil && g.spread.crosses(i) {
		return g.spread.crossing(i, g.build)
	}
	return g.build(i)
}

func (g *generator) hash(i int) uint64 { return mix(uint64(i) + uint64(g.typeID)<<40) }

// build makes object i. Its areas, road and length follow from its place
// alone, and its geometry from its anchor (see genStats).
func (g *generator) build(i int) *nvdb.Vegobjekt {
	g.builds.Add(1)
	k := g.kommune(i)
	h := g.hash(i)
	speed, startAt := genEgenskapIndex(h)
	start := genStarts[startAt/12][startAt%12]
	off := float64(i / len(genKommuner))
	x := k.x + float64(int(h>>20)%genSquare) + off*0.01
	y := k.y + float64(int(h>>32)%genSquare)
	fra := float64(int(h>>40) % 9000)
	o := mk(fx{
		typ: g.typeID, id: g.id(i), ver: 1, start: start,
		modTime: genEpoch.Add(-time.Duration(h%(200*24)) * time.Hour),
		kommune: k.nr, fylke: k.fylke, kat: k.kat, fase: "V", vegnr: k.vegnr, strekning: 1 + int(h>>44)%9, delstr: 1,
		meter: [2]float64{fra, fra + 180}, vlsid: g.vlsid(i), pos: [2]float64{0.25, 0.75},
		wkt:    genLine(x, y, 30+float64(h%50)),
		lengde: genLength,
		eg:     []nvdb.Egenskap{genSpeedEgenskaper[speed], genStartEgenskaper[startAt]},
	})
	if g.spread != nil {
		g.spread.cross(i, o)
	}
	return o
}

// genEgenskapIndex is where the egenskaper of the object with hash h are
// found: its speed in genSpeeds and its start date in genStarts (year*12
// + month). Nothing else gives a generated object egenskaper, and it has
// one version: a crossing changes its place only, and the change feed
// is computed from the index without changing objects.
func genEgenskapIndex(h uint64) (speed, start int) {
	return int(h % uint64(len(genSpeeds))), int(h>>8)%len(genStarts)*12 + int(h>>16)%12
}

// The egenskaper of generated objects: 2021 Fartsgrense by index in
// genSpeeds, 5127 Gyldig fra dato by index in genStarts. Objects are
// built with copies of these, and egenskap filters are decided on them
// (genEgenskapFilter), so the two cannot differ.
var (
	genSpeedEgenskaper = func() []nvdb.Egenskap {
		out := make([]nvdb.Egenskap, len(genSpeeds))
		for k, kmh := range genSpeeds {
			out[k] = fartsgrense(kmh)
		}
		return out
	}()
	genStartEgenskaper = func() (out [len(genStarts) * 12]nvdb.Egenskap) {
		for k := range out {
			out[k] = dato(5127, "Gyldig fra dato", genStarts[k/12][k%12])
		}
		return out
	}()
)

// genEgenskapFilter decides the egenskap filters of a search on a
// generated object from its hash, without building it: the filters are
// evaluated once against every combination of the egenskaper they read
// (at most 12 speeds × 408 start dates), and an object looks its
// combination up. It serves only filters that compare 2021 and 5127,
// the egenskaper generated objects have; relasjon and other egenskaper
// are tested on the built object.
type genEgenskapFilter struct {
	exprs        []expr
	speed, start bool // the filters read 2021, 5127

	once sync.Once
	pass []bool // by combination (see at)
}

// newGenEgenskapFilter returns the decider for exprs, or nil when there
// are none or they read anything but 2021 and 5127.
func newGenEgenskapFilter(exprs []expr) *genEgenskapFilter {
	if len(exprs) == 0 {
		return nil
	}
	ids := map[int]bool{}
	for _, e := range exprs {
		if !egenskapIDs(e, ids) {
			return nil
		}
	}
	gf := &genEgenskapFilter{exprs: exprs, speed: ids[2021], start: ids[5127]}
	delete(ids, 2021)
	delete(ids, 5127)
	if len(ids) > 0 {
		return nil
	}
	return gf
}

// at is the place in pass of the combination of speed and start, over
// the egenskaper the filters read.
func (gf *genEgenskapFilter) at(speed, start int) int {
	k := 0
	if gf.speed {
		k = speed
	}
	if gf.start {
		k = k*len(genStartEgenskaper) + start
	}
	return k
}

func (gf *genEgenskapFilter) tabulate() {
	speeds, starts := 1, 1
	if gf.speed {
		speeds = len(genSpeedEgenskaper)
	}
	if gf.start {
		starts = len(genStartEgenskaper)
	}
	gf.pass = make([]bool, speeds*starts)
	// An object with only the egenskaper: the filters read nothing else
	// (egenskapIDs).
	o := &nvdb.Vegobjekt{Egenskaper: make(nvdb.Egenskaper, 2)}
	for s := range speeds {
		for d := range starts {
			o.Egenskaper[0], o.Egenskaper[1] = genSpeedEgenskaper[s], genStartEgenskaper[d]
			ok := true
			for _, e := range gf.exprs {
				ok = ok && e.eval(o, nil)
			}
			gf.pass[gf.at(s, d)] = ok
		}
	}
}

// passes reports whether the generated object with hash h matches the
// filters.
func (gf *genEgenskapFilter) passes(h uint64) bool {
	gf.once.Do(gf.tabulate)
	return gf.pass[gf.at(genEgenskapIndex(h))]
}
