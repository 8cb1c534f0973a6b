package nvdbtest

import (
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
	spread *spread   // WithSpreadKommuner; nil for the eight genKommuner
	stats  *genStats // counts for statistikk (aggregate.go)
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
	k := g.kommune(i)
	h := g.hash(i)
	kmh := genSpeeds[h%uint64(len(genSpeeds))]
	start := genStarts[int(h>>8)%34][int(h>>16)%12]
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
		eg:     []nvdb.Egenskap{fartsgrense(kmh), dato(5127, "Gyldig fra dato", start)},
	})
	if g.spread != nil {
		g.spread.cross(i, o)
	}
	return o
}
