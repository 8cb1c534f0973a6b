package uberikettest

import (
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// importTidspunkt is when the fake's hendelse log begins: every object there
// at start has a VegobjektImportert at this time, as NVDB's objects have
// from when it filled its log (the samples were last changed 1-2 May 2025).
var importTidspunkt = time.Date(2025, 5, 2, 20, 0, 0, 0, time.UTC)

// firstHendelseID is the id of the first vegobjekt hendelse; NVDB's real
// ids are in the hundreds of millions.
const firstHendelseID = 150_000_001

// world is the fake's data: the objects of every type, the road network
// and the hendelse logs. Readers take mu for reading only while they pick
// what to answer; the lines and versions they pick are never changed
// afterwards (a change replaces them), so they write the answer unlocked.
type world struct {
	mu        sync.RWMutex
	types     map[int]*typeData
	typeIDs   []int // sorted
	clock     func() time.Time
	rnd       *rand.Rand
	retention int

	explicit  []*hendelseRec // vegobjekt hendelser after the imports, all types, by id
	nextID    int64          // id of the next vegobjekt hendelse
	firstKept int64          // the oldest vegobjekt hendelse id still kept
	lastTid   time.Time      // tidspunkt of the newest hendelse
	sett      map[string][]*hendelseRec

	net *network
}

// typeData holds the objects of one type in id order. New objects get ids
// above every other, so they are appended and the order holds.
type typeData struct {
	id        int
	entries   []entry
	gen       *generator
	imported  int   // entries[:imported] were there at the start
	importID  int64 // the id of the VegobjektImportert of entries[0]
	hendelser []*hendelseRec
}

// entry is one object. Its stream line and versions are replaced, never
// changed, when the object changes.
type entry struct {
	id   int64
	ver  int32    // the active version; 0 when the object is not active
	gen  int32    // index in the generator; -1 for the others
	line []byte   // the stream line of the active version ('\n' ended); nil when not active
	hist *history // nil for a generated object never changed
}

// history holds the versions of an object that is not (any longer) just
// its generator's.
type history struct {
	versions []*uberiket.Vegobjekt // oldest first; empty once removed
	imported []*uberiket.Vegobjekt // as they were at the start; nil for objects created since
}

// hendelseRec is a vegobjekt hendelse made after the start, with the
// endringssett it belongs to.
type hendelseRec struct {
	h    *uberiket.VegobjektHendelse
	sett string
}

func newWorld(o options) *world {
	w := &world{types: map[int]*typeData{}, clock: o.clock, retention: o.retention,
		rnd: rand.New(rand.NewPCG(o.seed, 0x5deece66d)), sett: map[string][]*hendelseRec{}, lastTid: importTidspunkt}
	var explicit []fixtureHendelse
	if o.fixtures {
		for typeID, objs := range fixtureObjects() {
			if _, gen := o.gens[typeID]; gen {
				continue
			}
			td := &typeData{id: typeID}
			for _, f := range objs {
				td.entries = append(td.entries, entry{id: f.current[0].ID, gen: -1,
					hist: &history{versions: f.current, imported: f.imported}})
			}
			sort.Slice(td.entries, func(i, j int) bool { return td.entries[i].id < td.entries[j].id })
			w.types[typeID] = td
		}
		explicit = fixtureHendelser(w.types)
		w.net = newNetwork()
	} else {
		w.net = &network{}
	}
	if set := sharedGenerated(o); set != nil {
		for typeID, gt := range set {
			w.types[typeID] = &typeData{id: typeID, gen: gt.gen, entries: slices.Clone(gt.entries)}
		}
	} else {
		_, keep := genKey(o)
		set = genSet{}
		for _, typeID := range slices.Sorted(maps.Keys(o.gens)) {
			taken := func(id int64) bool {
				for _, td := range w.types {
					if td.index(id) >= 0 {
						return true
					}
				}
				return false
			}
			g := newGenerator(typeID, o.gens[typeID], o.seed, taken)
			td := &typeData{id: typeID, gen: g, entries: make([]entry, len(g.ids))}
			g.encodeLines(td.entries)
			w.types[typeID] = td
			if keep {
				set[typeID] = genType{gen: g, entries: slices.Clone(td.entries)}
			}
		}
		if keep {
			shareGenerated(o, set)
		}
	}
	w.typeIDs = slices.Sorted(maps.Keys(w.types))
	today := uberiket.Today(w.clock())
	next := int64(firstHendelseID)
	for _, typeID := range w.typeIDs {
		td := w.types[typeID]
		td.imported, td.importID = len(td.entries), next
		next += int64(len(td.entries))
		for i := range td.entries {
			if td.entries[i].hist != nil { // generated ones are open, their lines encoded
				td.refresh(i, today)
			}
		}
	}
	w.nextID, w.firstKept = next, firstHendelseID
	for _, f := range explicit {
		w.record(f.sett, f.h.HendelseType, f.h.VegobjektID, f.h.VegobjektTypeID, f.h.VegobjektVersjon, f.h.Tidspunkt, f.h.Data)
	}
	w.trim()
	return w
}

// index returns the index of the entry with id, or -1.
func (td *typeData) index(id int64) int {
	i, ok := slices.BinarySearchFunc(td.entries, id, func(e entry, id int64) int {
		switch {
		case e.id < id:
			return -1
		case e.id > id:
			return 1
		}
		return 0
	})
	if !ok {
		return -1
	}
	return i
}

// after returns the index of the first entry with an id above start.
func (td *typeData) after(start int64) int {
	return sort.Search(len(td.entries), func(i int) bool { return td.entries[i].id > start })
}

// versions returns the versions of entry i now, oldest first.
func (td *typeData) versions(i int) []*uberiket.Vegobjekt {
	e := &td.entries[i]
	if e.hist != nil {
		return e.hist.versions
	}
	return td.gen.versions(int(e.gen))
}

// importedVersions returns the versions of entry i as they were at the
// start.
func (td *typeData) importedVersions(i int) []*uberiket.Vegobjekt {
	e := &td.entries[i]
	if e.hist != nil {
		return e.hist.imported
	}
	return td.gen.versions(int(e.gen))
}

// own gives entry i a history of its own before a change, so that the
// generator's versions stay what was imported.
func (td *typeData) own(i int) *history {
	e := &td.entries[i]
	if e.hist == nil {
		vs := td.gen.versions(int(e.gen))
		e.hist = &history{versions: vs, imported: vs}
	}
	return e.hist
}

// refresh sets the active version and stream line of entry i from its
// versions: the newest version, when it is valid today.
func (td *typeData) refresh(i int, today uberiket.Dato) {
	e := &td.entries[i]
	e.ver, e.line = 0, nil
	vs := e.hist.versions
	if len(vs) == 0 {
		return
	}
	v := vs[len(vs)-1]
	if !v.Gyldighetsperiode.AktivPaa(today) {
		return
	}
	b, _ := v.AppendJSON(make([]byte, 0, 512))
	e.ver, e.line = int32(v.Versjon), append(b, '\n')
}

// snapshot returns the active objects of a type, id → versjon.
func (w *world) snapshot(typeID int) map[int64]int {
	w.mu.RLock()
	defer w.mu.RUnlock()
	td := w.types[typeID]
	if td == nil {
		return map[int64]int{}
	}
	out := make(map[int64]int, len(td.entries))
	for _, e := range td.entries {
		if e.line != nil {
			out[e.id] = int(e.ver)
		}
	}
	return out
}

// findObject finds the type and index of an object by id alone.
func (w *world) findObject(id int64) (*typeData, int) {
	for _, typeID := range w.typeIDs {
		td := w.types[typeID]
		if i := td.index(id); i >= 0 {
			return td, i
		}
	}
	return nil, -1
}
