package uberikettest

import (
	"maps"
	"slices"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// record appends a vegobjekt hendelse to the log; mu is held (or the world
// is being built).
func (w *world) record(sett, typ string, objID int64, typeID, versjon int, tid time.Time, data *uberiket.VegobjektHendelseData) {
	rec := &hendelseRec{sett: sett, h: &uberiket.VegobjektHendelse{HendelseID: w.nextID, HendelseType: typ, VegobjektID: objID,
		VegobjektTypeID: typeID, VegobjektVersjon: versjon, Tidspunkt: tid, Data: data}}
	w.nextID++
	w.lastTid = tid
	w.explicit = append(w.explicit, rec)
	if td := w.types[typeID]; td != nil {
		td.hendelser = append(td.hendelser, rec)
	}
	w.sett[sett] = append(w.sett[sett], rec)
}

// trim drops the hendelser beyond the retention; mu is held.
func (w *world) trim() {
	if w.retention <= 0 {
		return
	}
	w.firstKept = max(firstHendelseID, w.nextID-int64(w.retention))
	drop := func(list []*hendelseRec) []*hendelseRec {
		i := 0
		for i < len(list) && list[i].h.HendelseID < w.firstKept {
			i++
		}
		return list[i:]
	}
	w.explicit = drop(w.explicit)
	for _, td := range w.types {
		td.hendelser = drop(td.hendelser)
	}
}

// importHendelse is the VegobjektImportert of entry i, built from the
// versions as they were at the start.
func (td *typeData) importHendelse(i int) *uberiket.VegobjektHendelse {
	versjoner := map[int]*uberiket.VegobjektVersjon{}
	for _, v := range td.importedVersions(i) {
		versjoner[v.Versjon] = v.AsVersjon()
	}
	return &uberiket.VegobjektHendelse{HendelseID: td.importID + int64(i), HendelseType: uberiket.VegobjektImportert,
		VegobjektID: td.entries[i].id, VegobjektTypeID: td.id, VegobjektVersjon: 0, Tidspunkt: importTidspunkt,
		Data: &uberiket.VegobjektHendelseData{Type: uberiket.VegobjektImportert, Versjoner: versjoner}}
}

// hendelseQuery selects vegobjekt hendelser: after Start, of Types (nil:
// all), from From (inclusive) until Until (exclusive), of Kinds and about
// Objects (nil: any), at most Limit.
type hendelseQuery struct {
	Types   map[int]bool
	Start   int64
	From    time.Time
	Until   time.Time
	Kinds   map[string]bool
	Objects map[int64]bool
	Limit   int
}

func (q *hendelseQuery) match(h *uberiket.VegobjektHendelse) bool {
	return (q.Kinds == nil || q.Kinds[h.HendelseType]) && (q.Objects == nil || q.Objects[h.VegobjektID]) &&
		(q.From.IsZero() || !h.Tidspunkt.Before(q.From)) && (q.Until.IsZero() || h.Tidspunkt.Before(q.Until))
}

// vegobjektHendelser returns the hendelser q selects, in id order, and
// whether more follow.
func (w *world) vegobjektHendelser(q *hendelseQuery) ([]*uberiket.VegobjektHendelse, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	after := max(q.Start, w.firstKept-1)
	var out []*uberiket.VegobjektHendelse
	full := func() bool { return len(out) > q.Limit }
	probe := uberiket.VegobjektHendelse{HendelseType: uberiket.VegobjektImportert, Tidspunkt: importTidspunkt}
	for _, typeID := range w.typeIDs {
		td := w.types[typeID]
		if full() || (q.Types != nil && !q.Types[typeID]) || td.imported == 0 {
			continue
		}
		probe.VegobjektID = 0
		if q.Objects == nil && !(&hendelseQuery{Kinds: q.Kinds, From: q.From, Until: q.Until}).match(&probe) {
			continue // no import hendelse can match
		}
		if q.Objects != nil {
			for _, id := range slices.Sorted(maps.Keys(q.Objects)) {
				if i := td.index(id); i >= 0 && i < td.imported && td.importID+int64(i) > after && !full() {
					if h := td.importHendelse(i); q.match(h) {
						out = append(out, h)
					}
				}
			}
			continue
		}
		for i := max(0, int(after+1-td.importID)); i < td.imported && !full(); i++ {
			out = append(out, td.importHendelse(i))
		}
	}
	list := w.explicit
	i, _ := slices.BinarySearchFunc(list, after+1, func(r *hendelseRec, id int64) int { return cmpInt(r.h.HendelseID, id) })
	for ; i < len(list) && !full(); i++ {
		h := list[i].h
		if (q.Types == nil || q.Types[h.VegobjektTypeID]) && q.match(h) {
			out = append(out, h)
		}
	}
	if full() {
		return out[:q.Limit], true
	}
	return out, false
}

// siste returns the newest hendelse of the type at or before at (zero:
// the newest of all), or nil.
func (w *world) siste(typeID int, at time.Time) *uberiket.VegobjektHendelse {
	w.mu.RLock()
	defer w.mu.RUnlock()
	td := w.types[typeID]
	if td == nil {
		return nil
	}
	for i := len(td.hendelser) - 1; i >= 0; i-- {
		if h := td.hendelser[i].h; at.IsZero() || !h.Tidspunkt.After(at) {
			return h
		}
	}
	last := td.importID + int64(td.imported) - 1
	if td.imported == 0 || last < w.firstKept || (!at.IsZero() && at.Before(importTidspunkt)) {
		return nil
	}
	return td.importHendelse(td.imported - 1)
}

// lastHendelse is the id of the newest hendelse of the type, or 0.
func (w *world) lastHendelse(typeID int) int64 {
	if h := w.siste(typeID, time.Time{}); h != nil {
		return h.HendelseID
	}
	return 0
}

// oldestKept is the id of the oldest vegobjekt hendelse the fake still has.
func (w *world) oldestKept() int64 {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.firstKept
}

// endringssett returns the vegobjekt hendelser of an endringssett still
// kept, and whether it exists.
func (w *world) endringssett(id string) ([]*uberiket.VegobjektHendelse, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	recs, ok := w.sett[id]
	var out []*uberiket.VegobjektHendelse
	for _, r := range recs {
		if r.h.HendelseID >= w.firstKept {
			out = append(out, r.h)
		}
	}
	return out, ok
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
