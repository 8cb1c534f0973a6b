package nvdbtest

import (
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

// typeInfo is what the fake knows of a vegobjekttype.
type typeInfo struct {
	ID       int
	Navn     string
	Kortnavn string
	Beskr    string
	Sortnr   int
}

var catalogue = map[int]typeInfo{
	45:  {45, "Bomstasjon", "Bomstasjon", "Stasjon for innkreving av bompenger.", 450},
	67:  {67, "Tunnelløp", "Tunnelløp", "Ett enkelt løp i en tunnel.", 670},
	105: {105, "Fartsgrense", "Fartsgrense", "Høyeste tillatte kjørehastighet på en vegstrekning.", 1050},
	581: {581, "Tunnel", "Tunnel", "Tunnel med ett eller flere løp.", 5810},
}

func typeName(id int) string {
	if t, ok := catalogue[id]; ok {
		return t.Navn
	}
	return "Vegobjekttype " + itoa(id)
}

// record is one object with its versions, oldest first.
type record struct {
	versions []*nvdb.Vegobjekt
}

func (r *record) current() *nvdb.Vegobjekt { return r.versions[len(r.versions)-1] }

// dataset holds the objects of one type. Fixture sets keep their records;
// generated sets build each object from its index when asked, so a set of
// a million objects costs no memory.
type dataset struct {
	typeID int
	recs   []*record // fixtures, sorted by id
	gen    *generator
}

func (d *dataset) len() int {
	if d.gen != nil {
		return d.gen.n
	}
	return len(d.recs)
}

// versionsAt returns the versions of the object at index i.
func (d *dataset) versionsAt(i int) []*nvdb.Vegobjekt {
	if d.gen != nil {
		return []*nvdb.Vegobjekt{d.gen.object(i)}
	}
	return d.recs[i].versions
}

// quick returns kommune and fylke of index i without building the object,
// for generated sets; ok is false for fixtures.
func (d *dataset) quick(i int) (kommune, fylke int, ok bool) {
	if d.gen == nil || (d.gen.spread != nil && d.gen.spread.crosses(i)) {
		return 0, 0, false
	}
	k := d.gen.kommune(i)
	return k.nr, k.fylke, true
}

func (d *dataset) indexOf(id int64) (int, bool) {
	if d.gen != nil {
		return d.gen.indexOf(id)
	}
	i := sort.Search(len(d.recs), func(i int) bool { return d.recs[i].current().ID >= id })
	if i < len(d.recs) && d.recs[i].current().ID == id {
		return i, true
	}
	return 0, false
}

// fixtureSets are the fixtures by type, built once and shared by every
// server, as tests start hundreds of servers: nothing changes a fixture
// set or its objects after it is built (answers are copies, and a
// generated set replaces a type's set rather than changing it;
// TestFixturesNotChanged holds this).
var fixtureSets = sync.OnceValue(func() map[int]*dataset {
	sets := map[int]*dataset{}
	for typ, objs := range buildFixtures() {
		d := &dataset{typeID: typ}
		byID := map[int64]*record{}
		for _, o := range objs {
			r := byID[o.ID]
			if r == nil {
				r = &record{}
				byID[o.ID] = r
				d.recs = append(d.recs, r)
			}
			r.versions = append(r.versions, o)
		}
		for _, r := range d.recs {
			sort.Slice(r.versions, func(a, b int) bool { return r.versions[a].Metadata.Versjon < r.versions[b].Metadata.Versjon })
			r.versions = slices.Clip(r.versions) // no room to append into
		}
		sort.Slice(d.recs, func(a, b int) bool { return d.recs[a].current().ID < d.recs[b].current().ID })
		sets[typ] = d
	}
	return sets
})

// store is all data of a server.
type store struct {
	sets map[int]*dataset
	logs map[int]*changeLog
	now  time.Time
}

func (s *store) typeIDs() []int {
	ids := make([]int, 0, len(s.sets))
	for id := range s.sets {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// find looks an object up by id in every set.
func (s *store) find(id int64) (*dataset, int, bool) {
	for _, t := range s.typeIDs() {
		if i, ok := s.sets[t].indexOf(id); ok {
			return s.sets[t], i, true
		}
	}
	return nil, 0, false
}

func newStore(fixtures bool, gens map[int]int, now time.Time) *store {
	s := &store{sets: map[int]*dataset{}, logs: map[int]*changeLog{}, now: now}
	if fixtures {
		for typ, d := range fixtureSets() {
			s.sets[typ] = d
		}
	}
	for typ, n := range gens {
		g := newGenerator(typ, n)
		g.stats = newGenStats(g)
		s.sets[typ] = &dataset{typeID: typ, gen: g}
	}
	for typ, d := range s.sets {
		s.logs[typ] = newChangeLog(d, now)
	}
	return s
}
