package uberikettest

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// The kinds of change Change makes, with how often.
const (
	changeNew = iota
	changeVersion
	changeCorrection
	changeEnd
	changeRemove
	changeRevert
)

var changeWeights = []float64{changeNew: 0.20, changeVersion: 0.25, changeCorrection: 0.20, changeEnd: 0.15, changeRemove: 0.10,
	changeRevert: 0.10}

// change makes n random changes to a type, recording each as hendelser of
// one new endringssett.
func (w *world) change(typeID, n int) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	td := w.types[typeID]
	if td == nil || n <= 0 {
		return ""
	}
	now := w.clock()
	c := &changer{w: w, td: td, today: uberiket.Today(now), sett: w.newSettID(),
		tid: now.UTC().Truncate(time.Microsecond)}
	if c.tid.Before(w.lastTid) {
		c.tid = w.lastTid // the log's times never go back
	}
	for range n {
		u := w.rnd.Float64()
		kind := changeNew
		for k, p := range changeWeights {
			if u < p {
				kind = k
				break
			}
			u -= p
		}
		i := c.pickActive(nil)
		if i < 0 {
			kind = changeNew
		}
		if kind == changeRevert {
			// Only an object with an older version can go back to it.
			if i = c.pickActive(func(i int) bool { return len(c.td.versions(i)) > 1 }); i < 0 {
				kind = changeNew
			}
		}
		switch kind {
		case changeNew:
			c.create()
		case changeVersion:
			c.newVersion(i)
		case changeCorrection:
			c.correct(i)
		case changeEnd:
			c.end(i)
		case changeRemove:
			c.remove(i)
		case changeRevert:
			c.revert(i)
		}
	}
	w.trim()
	return c.sett
}

// newSettID draws a random (version 4) UUID for an endringssett.
func (w *world) newSettID() string {
	a, b := w.rnd.Uint64(), w.rnd.Uint64()
	a = a&^(0xf<<12) | 0x4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// changer makes the changes of one call of Change.
type changer struct {
	w     *world
	td    *typeData
	today uberiket.Dato
	tid   time.Time
	sett  string
}

// pickActive picks an active object at random, one for which ok holds
// (nil: any), or -1 when there is none.
func (c *changer) pickActive(ok func(i int) bool) int {
	es := c.td.entries
	if len(es) == 0 {
		return -1
	}
	fits := func(i int) bool { return es[i].line != nil && (ok == nil || ok(i)) }
	for range 64 {
		if i := c.w.rnd.IntN(len(es)); fits(i) {
			return i
		}
	}
	start := c.w.rnd.IntN(len(es))
	for k := range es {
		if i := (start + k) % len(es); fits(i) {
			return i
		}
	}
	return -1
}

func (c *changer) record(typ string, objID int64, versjon int, data *uberiket.VegobjektHendelseData) {
	c.w.record(c.sett, typ, objID, c.td.id, versjon, c.tid, data)
}

// replace sets the versions of entry i and its stream line.
func (c *changer) replace(i int, vs []*uberiket.Vegobjekt) {
	c.td.own(i).versions = vs
	c.td.refresh(i, c.today)
}

// create adds a new object, shaped like one of the type's (a speed limit
// for a type with none), with an id above every other.
func (c *changer) create() {
	id := c.w.maxObjectID() + 1 + int64(c.w.rnd.IntN(20))
	o := &uberiket.Vegobjekt{ID: id, Versjon: 1, TypeID: c.td.id, Gyldighetsperiode: &uberiket.Gyldighetsperiode{Startdato: c.today},
		Egenskaper: uberiket.Egenskaper{2021: fartsgrenseEnum[pickFartsgrense(c.w.rnd.Float64())]}, Barn: map[int][]int64{},
		Stedfesting: &uberiket.Stedfesting{Type: uberiket.StedfestingLinjer, Linjer: []uberiket.StedfestingLinje{{
			VeglenkesekvensID: 1 + c.w.rnd.Int64N(3_950_000), Sluttposisjon: 1, Retning: uberiket.RetningMed, Kjorefelt: []string{}}}},
		SistEndret: c.tid}
	if len(c.td.entries) > 0 {
		vs := c.td.versions(c.w.rnd.IntN(len(c.td.entries)))
		if len(vs) > 0 {
			like := vs[len(vs)-1]
			o.Egenskaper, o.Barn, o.Stedfesting = maps.Clone(like.Egenskaper), map[int][]int64{}, like.Stedfesting
		}
	}
	c.td.entries = append(c.td.entries, entry{id: id, gen: -1, hist: &history{versions: []*uberiket.Vegobjekt{o}}})
	c.td.refresh(len(c.td.entries)-1, c.today)
	c.record(uberiket.VegobjektVersjonOpprettet, id, 1, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonOpprettet, Versjon: o.AsVersjon()})
}

// maxObjectID is the highest id of any object: NVDB numbers objects of
// every type from one sequence.
func (w *world) maxObjectID() int64 {
	var m int64
	for _, td := range w.types {
		if n := len(td.entries); n > 0 {
			m = max(m, td.entries[n-1].id)
		}
	}
	return max(m, 1_100_000_000)
}

// newVersion closes the active version of entry i and opens the next,
// with a changed value, from today.
func (c *changer) newVersion(i int) {
	vs := c.td.versions(i)
	old := vs[len(vs)-1]
	closed := clone(old)
	closed.Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: old.Gyldighetsperiode.Startdato, Sluttdato: c.today}
	closed.SistEndret = c.tid
	next := clone(old)
	next.Versjon = old.Versjon + 1
	next.Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: c.today}
	next.SistEndret = c.tid
	c.alter(next, false)
	c.replace(i, append(slices.Clone(vs[:len(vs)-1]), closed, next))
	c.record(uberiket.VegobjektVersjonEndret, old.ID, old.Versjon, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonEndret, VersjonID: old.Versjon, Gyldighetsperiode: closed.Gyldighetsperiode,
		EgenskapEndringer: uberiket.Egenskaper{}, BarnEndringer: map[int]*uberiket.RelasjonEndring{}, OriginalVersjon: old.AsVersjon()})
	c.record(uberiket.VegobjektVersjonOpprettet, next.ID, next.Versjon, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonOpprettet, Versjon: next.AsVersjon()})
}

// correct changes the active version of entry i in place: a value, or
// (one time in four) where it ends on its last veglenkesekvens.
func (c *changer) correct(i int) {
	vs := c.td.versions(i)
	old := vs[len(vs)-1]
	fixed := clone(old)
	fixed.SistEndret = c.tid
	a := c.alter(fixed, c.w.rnd.IntN(4) == 0)
	data := &uberiket.VegobjektHendelseData{Type: uberiket.VegobjektVersjonEndret, VersjonID: old.Versjon,
		EgenskapEndringer: uberiket.Egenskaper{}, BarnEndringer: map[int]*uberiket.RelasjonEndring{},
		StedfestingEndring: a.sted, OriginalVersjon: old.AsVersjon()}
	if a.value != nil {
		data.EgenskapEndringer[a.egenskap] = a.value
	}
	c.replace(i, append(slices.Clone(vs[:len(vs)-1]), fixed))
	c.record(uberiket.VegobjektVersjonEndret, old.ID, old.Versjon, data)
}

// end closes the active version of entry i today: the object is no longer
// active.
func (c *changer) end(i int) {
	vs := c.td.versions(i)
	old := vs[len(vs)-1]
	ended := clone(old)
	ended.Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: old.Gyldighetsperiode.Startdato, Sluttdato: c.today}
	ended.SistEndret = c.tid
	c.replace(i, append(slices.Clone(vs[:len(vs)-1]), ended))
	c.record(uberiket.VegobjektVersjonEndret, old.ID, old.Versjon, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonEndret, VersjonID: old.Versjon, Gyldighetsperiode: ended.Gyldighetsperiode,
		EgenskapEndringer: uberiket.Egenskaper{}, BarnEndringer: map[int]*uberiket.RelasjonEndring{}, OriginalVersjon: old.AsVersjon()})
}

// remove removes every version of entry i, newest first, as NVDB removes
// an object registered in error.
func (c *changer) remove(i int) {
	vs := c.td.versions(i)
	c.replace(i, nil)
	for k := len(vs) - 1; k >= 0; k-- {
		v := vs[k]
		c.record(uberiket.VegobjektVersjonFjernet, v.ID, v.Versjon, &uberiket.VegobjektHendelseData{
			Type: uberiket.VegobjektVersjonFjernet, VersjonID: v.Versjon, OriginalVersjon: v.AsVersjon()})
	}
}

// revert removes the newest version of entry i (registered in error), and
// the version before it is current again: it is reopened (its sluttdato,
// set when the newest began, goes). NVDB records the removal, then the
// change of the version before's gyldighetsperiode. The object is back at
// a lower versjon than a copy holds.
func (c *changer) revert(i int) {
	vs := c.td.versions(i)
	newest, prev := vs[len(vs)-1], vs[len(vs)-2]
	reopened := clone(prev)
	reopened.Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: prev.Gyldighetsperiode.Startdato}
	reopened.SistEndret = c.tid
	c.replace(i, append(slices.Clone(vs[:len(vs)-2]), reopened))
	c.record(uberiket.VegobjektVersjonFjernet, newest.ID, newest.Versjon, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonFjernet, VersjonID: newest.Versjon, OriginalVersjon: newest.AsVersjon()})
	c.record(uberiket.VegobjektVersjonEndret, prev.ID, prev.Versjon, &uberiket.VegobjektHendelseData{
		Type: uberiket.VegobjektVersjonEndret, VersjonID: prev.Versjon, Gyldighetsperiode: reopened.Gyldighetsperiode,
		EgenskapEndringer: uberiket.Egenskaper{}, BarnEndringer: map[int]*uberiket.RelasjonEndring{}, OriginalVersjon: prev.AsVersjon()})
}

// alteration is what alter changed: an egenskap, or the stedfesting.
type alteration struct {
	egenskap int
	value    *uberiket.Egenskap
	sted     *uberiket.StedfestingEndring
}

// alter changes one thing of o (a copy of a version, whose parts it
// replaces): the speed of a speed limit, else a number or a text, else, or
// when preferSted, where the object ends on its last veglenkesekvens.
func (c *changer) alter(o *uberiket.Vegobjekt, preferSted bool) alteration {
	if !preferSted {
		if a, ok := c.alterEgenskap(o); ok {
			return a
		}
	}
	if s := o.Stedfesting; s != nil && s.Type == uberiket.StedfestingLinjer && len(s.Linjer) > 0 {
		linjer := slices.Clone(s.Linjer)
		was := linjer[len(linjer)-1]
		now := was
		now.Sluttposisjon = math.Round((now.Startposisjon+(now.Sluttposisjon-now.Startposisjon)*(0.5+c.w.rnd.Float64()/2))*1e8) / 1e8
		linjer[len(linjer)-1] = now
		o.Stedfesting = &uberiket.Stedfesting{Type: uberiket.StedfestingLinjer, Linjer: linjer}
		return alteration{sted: &uberiket.StedfestingEndring{Type: uberiket.StedfestingLinjerEndret,
			Linjer: &uberiket.LinjerEndret{LagtTil: []uberiket.StedfestingLinje{now}, Fjernet: []uberiket.StedfestingLinje{was}}}}
	}
	a, _ := c.alterEgenskap(o)
	return a
}

func (c *changer) alterEgenskap(o *uberiket.Vegobjekt) (alteration, bool) {
	if cur, ok := o.Egenskap(2021).EnumID(); ok {
		e := fartsgrenseEnum[pickFartsgrense(c.w.rnd.Float64())]
		for id, _ := e.EnumID(); id == cur; id, _ = e.EnumID() {
			e = fartsgrenseEnum[pickFartsgrense(c.w.rnd.Float64())]
		}
		o.Egenskaper = maps.Clone(o.Egenskaper)
		o.Egenskaper[2021] = e
		return alteration{egenskap: 2021, value: e}, true
	}
	for _, id := range o.Egenskaper.IDs() {
		e := o.Egenskaper[id]
		var next *uberiket.Egenskap
		if n, ok := e.Heltall(); ok {
			next = uberiket.NewHeltall(n + 1 + int64(c.w.rnd.IntN(10)))
		} else if f, ok := e.Flyttall(); ok {
			next = uberiket.NewFlyttall(math.Round((f+0.01+c.w.rnd.Float64()/10)*100) / 100)
		} else if s, ok := e.Tekst(); ok {
			next = uberiket.NewTekst(s + " (korrigert)")
		}
		if next != nil {
			o.Egenskaper = maps.Clone(o.Egenskaper)
			o.Egenskaper[id] = next
			return alteration{egenskap: id, value: next}, true
		}
	}
	return alteration{}, false
}

// clone copies a version; its parts are shared, and replaced, not changed,
// by the caller.
func clone(o *uberiket.Vegobjekt) *uberiket.Vegobjekt {
	c := *o
	return &c
}
