package uberikettest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// generator builds the objects of a generated type from their index: the
// ids are drawn once, everything else comes from a hash of seed and id, so
// older versions need no memory and the same seed gives the same data.
type generator struct {
	typeID int
	seed   uint64
	ids    []int64 // sorted
}

// The speed limits of egenskap 2021 (Fartsgrense) with their real enum ids
// and how common they are, roughly as on Norwegian roads.
var fartsgrenser = []struct {
	kmh, enum int
	weight    float64
}{
	{30, 2726, 0.07}, {40, 2728, 0.08}, {50, 2730, 0.28}, {60, 2732, 0.12}, {70, 2735, 0.08},
	{80, 2738, 0.26}, {90, 2741, 0.05}, {100, 5087, 0.03}, {110, 9721, 0.015}, {20, 11576, 0.005},
}

// fartsgrenseEnum holds one shared, never changed Egenskap per speed.
var fartsgrenseEnum = func() map[int]*uberiket.Egenskap {
	m := map[int]*uberiket.Egenskap{}
	for _, f := range fartsgrenser {
		m[f.enum] = uberiket.NewEnum(f.enum)
	}
	return m
}()

func pickFartsgrense(u float64) int {
	for _, f := range fartsgrenser {
		if u < f.weight {
			return f.enum
		}
		u -= f.weight
	}
	return 2730
}

// The eras of NVDB's id space: where bulk imports and the years since put
// the ids of a type like Fartsgrense (lowest ids about 1e5; the 2013
// migration around 7e7-9e7, as 78697179 and 85283803; newer objects up to
// about 1.1e9, as 323113504 and 1020150975).
var idEras = []struct {
	from, to int64
	weight   float64
}{
	{100_000, 10_000_000, 0.04},
	{70_000_000, 90_000_000, 0.46},
	{250_000_000, 700_000_000, 0.30},
	{700_000_000, 1_100_000_000, 0.20},
}

// generateIDs draws n distinct ids in runs: each run starts somewhere in
// an era and steps by 1 (a bulk import) or by wider gaps, so the ids come
// in dense clusters separated by wide gaps, as NVDB's do. taken reports
// ids another type already has.
func generateIDs(rnd *rand.Rand, n int, taken func(int64) bool) []int64 {
	ids := make([]int64, 0, n+n/8)
	for len(ids) < n {
		for need := n - len(ids); need > 0; {
			u := rnd.Float64()
			era := idEras[len(idEras)-1]
			for _, e := range idEras {
				if u < e.weight {
					era = e
					break
				}
				u -= e.weight
			}
			size := min(int(math.Exp(rnd.Float64()*math.Log(5000))), need)
			dense := rnd.Float64()            // share of steps of 1 in this run
			meanGap := 5 + rnd.Float64()*2000 // the other steps
			id := era.from + rnd.Int64N(era.to-era.from)
			for range size {
				ids = append(ids, id)
				if rnd.Float64() < dense {
					id++
				} else {
					id += 1 + int64(rnd.ExpFloat64()*meanGap)
				}
			}
			need -= size
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if taken != nil {
			ids = slices.DeleteFunc(ids, taken)
		}
	}
	return ids[:n:n]
}

func newGenerator(typeID, n int, seed uint64, taken func(int64) bool) *generator {
	rnd := rand.New(rand.NewPCG(seed, uint64(typeID)*0x9e3779b97f4a7c15))
	return &generator{typeID: typeID, seed: seed, ids: generateIDs(rnd, n, taken)}
}

// mix is splitmix64: a good hash of one 64-bit value.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// draws is a stream of random numbers from one object's hash.
type draws struct{ s uint64 }

func (d *draws) next() uint64          { d.s = mix(d.s); return d.s }
func (d *draws) float() float64        { return float64(d.next()>>11) / (1 << 53) }
func (d *draws) intn(n int) int        { return int(d.next() % uint64(n)) }
func (d *draws) chance(p float64) bool { return d.float() < p }

var (
	// The generated objects were, like the real ones, last changed while
	// NVDB filled its hendelse log, in the days before importTidspunkt.
	sistEndretFrom = time.Date(2025, 4, 28, 6, 0, 0, 0, time.UTC)
	firstStart     = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	lastStart      = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
)

// versions builds every version of the object at index i, oldest first.
func (g *generator) versions(i int) []*uberiket.Vegobjekt { return g.build(i, new(scratch)) }

// scratch is the storage of the versions of one generated object. The
// versions a caller keeps get a fresh one; encoding the lines reuses one
// per worker, so a million objects do not cost ten million allocations.
type scratch struct {
	objs     [3]uberiket.Vegobjekt
	perioder [3]uberiket.Gyldighetsperiode
	egs      [3]uberiket.Egenskaper
	sted     uberiket.Stedfesting
	linjer   []uberiket.StedfestingLinje
	out      []*uberiket.Vegobjekt
}

// noBarn and noKjorefelt are shared by every generated object; nothing
// changes them (a change replaces parts of a version, never edits them).
var (
	noBarn      = map[int][]int64{}
	noKjorefelt = []string{}
)

// build writes the versions of the object at index i into sc.
func (g *generator) build(i int, sc *scratch) []*uberiket.Vegobjekt {
	id := g.ids[i]
	d := draws{s: g.seed ^ uint64(id)*0xd1342543de82ef95 ^ uint64(g.typeID)}
	n := 1
	switch u := d.float(); {
	case u < 0.08:
		n = 3
	case u < 0.30:
		n = 2
	}
	sted := g.stedfesting(&d, sc)
	var gyldigFra *uberiket.Egenskap
	if d.chance(0.35) {
		days := d.intn(int(lastStart.Sub(firstStart).Hours() / 24))
		gyldigFra = uberiket.NewDato(uberiket.DatoOf(firstStart.AddDate(0, 0, days)))
	}
	span := int(lastStart.Sub(firstStart).Hours() / 24)
	if n > 1 {
		span = span * 3 / 5 // room for the later versions
	}
	start := firstStart.AddDate(0, 0, d.intn(span))
	sc.out = sc.out[:0]
	for v := range n {
		if sc.egs[v] == nil {
			sc.egs[v] = uberiket.Egenskaper{}
		}
		eg := sc.egs[v]
		clear(eg)
		eg[2021] = fartsgrenseEnum[pickFartsgrense(d.float())]
		if gyldigFra != nil {
			eg[5127] = gyldigFra
		}
		sc.perioder[v] = uberiket.Gyldighetsperiode{Startdato: uberiket.DatoOf(start)}
		if v+1 < n {
			left := int(lastStart.Sub(start).Hours()/24) / (n - v)
			start = start.AddDate(0, 0, 1+d.intn(max(left, 1)))
			sc.perioder[v].Sluttdato = uberiket.DatoOf(start)
		}
		sc.objs[v] = uberiket.Vegobjekt{ID: id, Versjon: v + 1, TypeID: g.typeID, Gyldighetsperiode: &sc.perioder[v],
			Egenskaper: eg, Barn: noBarn, Stedfesting: sted,
			SistEndret: sistEndretFrom.Add(time.Duration(d.next()%uint64(importTidspunkt.Sub(sistEndretFrom)/time.Microsecond)) * time.Microsecond)}
		sc.out = append(sc.out, &sc.objs[v])
	}
	return sc.out
}

// stedfesting places an object along one to eight veglenkesekvenser of
// neighbouring ids (NVDB's run to about 4 million), each stretch a part of
// its veglenkesekvens at the ends and whole in between.
func (g *generator) stedfesting(d *draws, sc *scratch) *uberiket.Stedfesting {
	n := 1
	switch u := d.float(); {
	case u < 0.05:
		n = 5 + d.intn(4)
	case u < 0.15:
		n = 4
	case u < 0.30:
		n = 3
	case u < 0.55:
		n = 2
	}
	retning := uberiket.RetningMed
	if d.chance(0.2) {
		retning = uberiket.RetningMot
	}
	vls := int64(1 + d.intn(3_950_000))
	linjer := sc.linjer[:0]
	for i := range n {
		l := uberiket.StedfestingLinje{VeglenkesekvensID: vls, Startposisjon: 0, Sluttposisjon: 1, Retning: retning, Kjorefelt: noKjorefelt}
		if i == 0 && d.chance(0.5) {
			l.Startposisjon = math.Round(d.float()*0.8*1e8) / 1e8
		}
		if i == n-1 && d.chance(0.5) {
			l.Sluttposisjon = math.Round((l.Startposisjon+0.05+d.float()*(0.95-l.Startposisjon))*1e8) / 1e8
		}
		linjer = append(linjer, l)
		vls += 1 + int64(d.intn(40))
	}
	sc.linjer = linjer
	sc.sted = uberiket.Stedfesting{Type: uberiket.StedfestingLinjer, Linjer: linjer}
	return &sc.sted
}

// encodeLines encodes the stream line of the newest version of every
// object, in parallel, into large shared blocks, and notes its versjon.
func (g *generator) encodeLines(entries []entry) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(g.ids)/10_000))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(g.ids)/workers, (w+1)*len(g.ids)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			var block []byte
			sc := new(scratch)
			for i := lo; i < hi; i++ {
				vs := g.build(i, sc)
				if cap(block)-len(block) < 4096 {
					block = make([]byte, 0, 4<<20)
				}
				start := len(block)
				block, _ = vs[len(vs)-1].AppendJSON(block)
				block = append(block, '\n')
				entries[i] = entry{id: g.ids[i], gen: int32(i), ver: int32(len(vs)), line: block[start:len(block):len(block)]}
			}
		}()
	}
	wg.Wait()
}

// Drawing and encoding the generated types is most of what NewServer
// costs, and tests start server after server with the same options. The
// generated types of the servers started last, up to genShareMax objects
// a server and genShareTotal in all, are kept for the next server with
// the same fixtures, seed and generated types: the same data, drawn and
// encoded once. A server copies the entries (a change replaces an entry's
// line, never edits it) and shares the generator, which nothing changes.
// Larger sets (BenchmarkGenerate's, the long runs') are drawn each time
// and not kept.
const (
	genShareMax   = 50_000
	genShareTotal = 100_000 // about 60 MB
)

// genSet is the generated types of one server, by type id.
type genSet map[int]genType

type genType struct {
	gen     *generator
	entries []entry // as encoded at start
}

var genShare struct {
	mu   sync.Mutex
	keys []string // the most recent first
	sets map[string]genSet
}

// objects is the number of generated objects of set.
func (set genSet) objects() int {
	n := 0
	for _, gt := range set {
		n += len(gt.entries)
	}
	return n
}

// genKey names what decides the generated types: the fixtures (their ids
// are not drawn again), the seed and the types with their sizes.
func genKey(o options) (string, bool) {
	total := 0
	for _, n := range o.gens {
		total += n
	}
	if len(o.gens) == 0 || total > genShareMax {
		return "", false
	}
	return fmt.Sprint(o.fixtures, o.seed, o.gens), true // fmt prints a map in key order
}

// sharedGenerated returns the generated types kept for o, or nil.
func sharedGenerated(o options) genSet {
	key, ok := genKey(o)
	if !ok {
		return nil
	}
	genShare.mu.Lock()
	defer genShare.mu.Unlock()
	set := genShare.sets[key]
	if set != nil {
		genShare.keys = append([]string{key}, slices.DeleteFunc(genShare.keys, func(k string) bool { return k == key })...)
	}
	return set
}

// shareGenerated keeps set for the next server with o's options.
func shareGenerated(o options, set genSet) {
	key, ok := genKey(o)
	if !ok {
		return
	}
	genShare.mu.Lock()
	defer genShare.mu.Unlock()
	if genShare.sets == nil {
		genShare.sets = map[string]genSet{}
	}
	genShare.keys = append([]string{key}, slices.DeleteFunc(genShare.keys, func(k string) bool { return k == key })...)
	genShare.sets[key] = set
	total := 0
	for i, k := range genShare.keys {
		if total += genShare.sets[k].objects(); total > genShareTotal {
			for _, old := range genShare.keys[i:] {
				delete(genShare.sets, old)
			}
			genShare.keys = genShare.keys[:i]
			break
		}
	}
}
