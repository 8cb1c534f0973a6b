package nvdbtest

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

// netSeq is one veglenkesekvens of the fake road network: a single link
// (veglenkenummer 1) from port 1 at position 0 to port 2 at position 1,
// one segment long. obj carries it as a vegobjekt-shaped record, so the
// search filters of the vegobjekter fake apply to it unchanged.
type netSeq struct {
	id           int64
	obj          *nvdb.Vegobjekt
	start, slutt int64 // node ids
}

// network is the fake's road network: one veglenkesekvens under each
// fixture object, and n generated ones in eight chains (one per kommune
// of the generated data), each sequence ending where the next begins.
type network struct {
	fixed []*netSeq // sorted by id
	byID  map[int64]*netSeq
	n     int
	// changes of the network's change feed, oldest first
	changes []netChange
}

const (
	genNetBase  = 2_000_000 // id of generated veglenkesekvens 0
	genNodeBase = 90_000_000
	netCols     = 200  // sequences per row of a generated chain
	netStep     = 50.0 // metres per generated sequence
)

type netChange struct {
	id        int64
	tidspunkt time.Time
	fjernet   bool
	kommune   int
	fylke     int
}

func (n *network) len() int { return len(n.fixed) + n.n }

func (n *network) at(i int) *netSeq {
	if i < len(n.fixed) {
		return n.fixed[i]
	}
	return genSeq(i - len(n.fixed))
}

func (n *network) indexOf(id int64) (int, bool) {
	if id >= genNetBase {
		g := int(id - genNetBase)
		if g < n.n {
			return len(n.fixed) + g, true
		}
		return 0, false
	}
	i := sort.Search(len(n.fixed), func(i int) bool { return n.fixed[i].id >= id })
	if i < len(n.fixed) && n.fixed[i].id == id {
		return i, true
	}
	return 0, false
}

// quick reports kommune and fylke without building a generated sequence.
func (n *network) quick(i int) (kommune, fylke int, ok bool) {
	if i < len(n.fixed) {
		return 0, 0, false
	}
	k := genKommuner[(i-len(n.fixed))%len(genKommuner)]
	return k.nr, k.fylke, true
}

// chainPoint is point c of the serpentine chain of generated kommune k.
func chainPoint(k genKommune, c int) pt {
	row, col := c/netCols, c%netCols
	if row%2 == 1 {
		col = netCols - 1 - col
	}
	return pt{k.x + float64(col)*netStep, k.y - 6000 - float64(row)*netStep}
}

func genSeq(g int) *netSeq {
	k := genKommuner[g%len(genKommuner)]
	c := g / len(genKommuner)
	a, b := chainPoint(k, c), chainPoint(k, c+1)
	// a slight bend in the middle, so lines have three vertices
	mx, my := (a.x+b.x)/2, (a.y+b.y)/2
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	mx, my = mx-dy/l*2, my+dx/l*2
	z := 20 + float64(c%40)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	wkt := "LINESTRING Z (" + f(a.x) + " " + f(a.y) + " " + f(z) + ", " + f(mx) + " " + f(my) + " " + f(z+0.5) + ", " + f(b.x) + " " + f(b.y) + " " + f(z+1) + ")"
	types := []string{"enkelBilveg", "enkelBilveg", "enkelBilveg", "kanalisertVeg", "rampe", "rundkjøring"}
	id := int64(genNetBase + g)
	fra := float64(c%1000) * netStep
	o := mk(fx{typ: 0, id: id, ver: 1, start: time.Date(2000+c%20, time.Month(1+c%12), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
		mod: genEpoch.Format(time.RFC3339), kommune: k.nr, fylke: k.fylke, kat: k.kat, fase: "V", vegnr: k.vegnr,
		strekning: 1 + c/1000, delstr: 1, meter: [2]float64{fra, fra + netStep}, vlsid: id, pos: [2]float64{0, 1},
		wkt: wkt, typeVeg: types[c%len(types)]})
	node := func(c int) int64 { return genNodeBase + int64(c*len(genKommuner)+g%len(genKommuner)) }
	return &netSeq{id: id, obj: o, start: node(c), slutt: node(c + 1)}
}

// newNetwork lays one veglenkesekvens under every fixture object (the one
// it is placed on) and adds n generated ones.
func newNetwork(d *store, n int) *network {
	nw := &network{byID: map[int64]*netSeq{}, n: n}
	for _, typ := range d.typeIDs() {
		set := d.sets[typ]
		if set.gen != nil {
			continue
		}
		for _, r := range set.recs {
			o := r.current()
			if o.Lokasjon == nil || len(o.Lokasjon.Stedfestinger) == 0 || len(o.Lokasjon.Vegsystemreferanser) == 0 || o.Lokasjon.Geometri == nil {
				continue
			}
			id := o.Lokasjon.Stedfestinger[0].Veglenkesekvensid
			if id <= 0 || nw.byID[id] != nil {
				continue
			}
			nw.byID[id] = fixtureSeq(id, o)
			nw.fixed = append(nw.fixed, nw.byID[id])
		}
	}
	sort.Slice(nw.fixed, func(a, b int) bool { return nw.fixed[a].id < nw.fixed[b].id })
	for i, s := range nw.fixed {
		s.start, s.slutt = 80_000_000+int64(2*i), 80_000_000+int64(2*i+1)
	}
	// The change feed: every third fixed sequence segmented anew, and two
	// removed, at distinct times within the last 30 days.
	now := d.now.UTC().Truncate(time.Second)
	for i, s := range nw.fixed {
		if i%3 == 0 {
			l := s.obj.Lokasjon
			nw.changes = append(nw.changes, netChange{id: s.id, tidspunkt: now.Add(-time.Duration(len(nw.fixed)-i) * 7 * time.Hour), kommune: l.Kommuner[0], fylke: l.Fylker[0]})
		}
	}
	nw.changes = append(nw.changes,
		netChange{id: 299001, tidspunkt: now.Add(-100 * time.Hour), fjernet: true, kommune: 301, fylke: 3},
		netChange{id: 299002, tidspunkt: now.Add(-3 * time.Hour), fjernet: true, kommune: 4601, fylke: 46})
	sort.Slice(nw.changes, func(a, b int) bool { return nw.changes[a].tidspunkt.Before(nw.changes[b].tidspunkt) })
	return nw
}

// fixtureSeq builds the veglenkesekvens under fixture object o: its own
// line, or for a point object a 60 m line through it.
func fixtureSeq(id int64, o *nvdb.Vegobjekt) *netSeq {
	l := o.Lokasjon
	vsr := l.Vegsystemreferanser[0]
	wkt := l.Geometri.WKT
	meter := [2]float64{0, 0}
	if st := vsr.Strekning; st != nil {
		switch {
		case st.FraMeter != nil && st.TilMeter != nil:
			meter = [2]float64{*st.FraMeter, *st.TilMeter}
		case st.Meter != nil:
			meter = [2]float64{math.Max(0, *st.Meter-30), math.Max(0, *st.Meter-30) + 60}
		}
	}
	if strings.HasPrefix(wkt, "POINT") {
		c := coords(wkt)
		if len(c) > 0 {
			p := c[0]
			f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
			wkt = "LINESTRING Z (" + f(p[0]-28) + " " + f(p[1]-10) + " " + f(p[2]) + ", " + f(p[0]) + " " + f(p[1]) + " " + f(p[2]) + ", " + f(p[0]+28) + " " + f(p[1]+10) + " " + f(p[2]) + ")"
		}
	}
	typeVeg := "enkelBilveg"
	if len(o.Vegsegmenter) > 0 && o.Vegsegmenter[0].TypeVegSosi != "" {
		typeVeg = o.Vegsegmenter[0].TypeVegSosi
	}
	strek, del := 1, 1
	if vsr.Strekning != nil {
		strek, del = vsr.Strekning.Strekning, vsr.Strekning.Delstrekning
	}
	vs := vsr.Vegsystem
	seq := mk(fx{typ: 0, id: id, ver: 1, start: "2009-01-01", mod: "2024-01-01T00:00:00Z",
		kommune: l.Kommuner[0], fylke: l.Fylker[0], kat: vs.Vegkategori, fase: vs.Fase, vegnr: vs.Nummer,
		strekning: strek, delstr: del, meter: meter, vlsid: id, pos: [2]float64{0, 1}, wkt: wkt,
		kontrakter: l.Kontraktsomrader, riksveg: l.Riksvegruter, typeVeg: typeVeg})
	return &netSeq{id: id, obj: seq}
}

// coords reads every coordinate of a WKT, with z when it has one.
func coords(wkt string) [][3]float64 {
	i := strings.IndexByte(wkt, '(')
	if i < 0 {
		return nil
	}
	var out [][3]float64
	for _, p := range strings.Split(strings.NewReplacer("(", "", ")", "").Replace(wkt[i:]), ",") {
		f := strings.Fields(p)
		if len(f) < 2 {
			continue
		}
		var c [3]float64
		for k := 0; k < len(f) && k < 3; k++ {
			c[k], _ = strconv.ParseFloat(f[k], 64)
		}
		out = append(out, c)
	}
	return out
}

// along returns the point at relative position rel (0..1) along a line.
func along(cs [][3]float64, rel float64) [3]float64 {
	total := 0.0
	for i := 1; i < len(cs); i++ {
		total += math.Hypot(cs[i][0]-cs[i-1][0], cs[i][1]-cs[i-1][1])
	}
	want := rel * total
	for i := 1; i < len(cs); i++ {
		d := math.Hypot(cs[i][0]-cs[i-1][0], cs[i][1]-cs[i-1][1])
		if want <= d || i == len(cs)-1 {
			t := 0.0
			if d > 0 {
				t = math.Min(1, want/d)
			}
			var p [3]float64
			for k := range 3 {
				p[k] = cs[i-1][k] + t*(cs[i][k]-cs[i-1][k])
			}
			return p
		}
		want -= d
	}
	return cs[0]
}

// nearest projects (x, y) on a line: the relative position, the distance
// and the point.
func nearest(cs [][3]float64, x, y float64) (rel, dist float64, at [3]float64) {
	total := 0.0
	for i := 1; i < len(cs); i++ {
		total += math.Hypot(cs[i][0]-cs[i-1][0], cs[i][1]-cs[i-1][1])
	}
	best, bestAlong, run := math.Inf(1), 0.0, 0.0
	for i := 1; i < len(cs); i++ {
		a, b := cs[i-1], cs[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l2 := dx*dx + dy*dy
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, ((x-a[0])*dx+(y-a[1])*dy)/l2))
		}
		p := [3]float64{a[0] + t*dx, a[1] + t*dy, a[2] + t*(b[2]-a[2])}
		if d := math.Hypot(x-p[0], y-p[1]); d < best {
			best, at, bestAlong = d, p, run+t*math.Sqrt(l2)
		}
		run += math.Sqrt(l2)
	}
	if total > 0 {
		rel = bestAlong / total
	}
	return rel, best, at
}
