package nvdbtest

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func bad(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// params reads and validates query parameters.
type params struct {
	v   url.Values
	err error
}

func (p *params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *params) list(name string) []string {
	raw := p.v[name]
	if len(raw) == 0 {
		return nil
	}
	var out []string
	for _, r := range raw {
		for _, x := range strings.Split(r, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

func (p *params) ints(name string) map[int]bool {
	vs := p.list(name)
	if vs == nil {
		return nil
	}
	m := map[int]bool{}
	for _, x := range vs {
		n, err := strconv.Atoi(x)
		if err != nil {
			p.fail(bad("Ugyldig verdi for %s: %q", name, x))
			return nil
		}
		m[n] = true
	}
	return m
}

func (p *params) int64s(name string) map[int64]bool {
	vs := p.list(name)
	if vs == nil {
		return nil
	}
	m := map[int64]bool{}
	for _, x := range vs {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			p.fail(bad("Ugyldig verdi for %s: %q", name, x))
			return nil
		}
		m[n] = true
	}
	return m
}

func (p *params) enum(name string, allowed ...string) map[string]bool {
	vs := p.list(name)
	if vs == nil {
		return nil
	}
	m := map[string]bool{}
	for _, x := range vs {
		ok := false
		for _, a := range allowed {
			if x == a {
				ok = true
			}
		}
		if !ok {
			p.fail(bad("Ugyldig verdi for %s: %q. Gyldige verdier: %s", name, x, strings.Join(allowed, ", ")))
			return nil
		}
		m[x] = true
	}
	return m
}

func (p *params) boolean(name string) *bool {
	s := p.v.Get(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		p.fail(bad("Ugyldig verdi for %s: %q", name, s))
		return nil
	}
	return &b
}

func (p *params) integer(name string, def int) int {
	s := p.v.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(bad("Ugyldig verdi for %s: %q", name, s))
		return def
	}
	return n
}

func (p *params) date(name string) time.Time {
	s := p.v.Get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.fail(bad("Ugyldig dato for %s: %q (forventet yyyy-MM-dd)", name, s))
	}
	return t
}

func (p *params) srid() int {
	srid, ok := sridOf(p.v.Get("srid"))
	if !ok {
		p.fail(bad("Ugyldig srid %q. Gyldige verdier: 5972, 5973, 5975, 4326, UTM32, UTM33, UTM35, WGS84", p.v.Get("srid")))
	}
	return srid
}

var vsrPattern = regexp.MustCompile(`^(\d{4})?([EFKPRSU])([VAPF])?(\d+)?(?:S(\d+))?(?:D(\d+))?`)

type vsrFilter struct {
	kommune, nummer, strekning, delstrekning int
	kat, fase                                string
}

func parseVsr(s string) (vsrFilter, bool) {
	m := vsrPattern.FindStringSubmatch(strings.ToUpper(strings.ReplaceAll(s, " ", "")))
	if m == nil {
		return vsrFilter{}, false
	}
	a := func(x string) int { n, _ := strconv.Atoi(x); return n }
	return vsrFilter{kommune: a(m[1]), kat: m[2], fase: m[3], nummer: a(m[4]), strekning: a(m[5]), delstrekning: a(m[6])}, true
}

func (f vsrFilter) match(o *nvdb.Vegobjekt) bool {
	if f.kommune != 0 && (o.Lokasjon == nil || !containsInt(o.Lokasjon.Kommuner, f.kommune)) {
		return false
	}
	if o.Lokasjon == nil {
		return false
	}
	for _, v := range o.Lokasjon.Vegsystemreferanser {
		vs := v.Vegsystem
		if vs == nil || vs.Vegkategori != f.kat || (f.fase != "" && vs.Fase != f.fase) || (f.nummer != 0 && vs.Nummer != f.nummer) {
			continue
		}
		if f.strekning != 0 && (v.Strekning == nil || v.Strekning.Strekning != f.strekning) {
			continue
		}
		if f.delstrekning != 0 && (v.Strekning == nil || v.Strekning.Delstrekning != f.delstrekning) {
			continue
		}
		return true
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

type vlsFilter struct {
	id       int64
	from, to float64
}

func parseVls(s string) (vlsFilter, bool) {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return vlsFilter{}, false
	}
	id, err := strconv.ParseInt(s[at+1:], 10, 64)
	if err != nil {
		return vlsFilter{}, false
	}
	pos := s[:at]
	a, b, found := strings.Cut(pos, "-")
	from, err1 := strconv.ParseFloat(a, 64)
	to := from
	var err2 error
	if found {
		to, err2 = strconv.ParseFloat(b, 64)
	}
	if err1 != nil || err2 != nil || from > to {
		return vlsFilter{}, false
	}
	return vlsFilter{id, from, to}, true
}

// filter is a parsed vegobjekter search.
type filter struct {
	ider                 map[int64]bool
	fylke, kommune       map[int]bool
	kontrakt, riksveg    []string
	forvalter            []string
	vsr                  []vsrFilter
	bbox                 *[4]float64
	typeveg, adskilte    map[string]bool
	veglenketype, detalj map[string]bool
	kryss, side          *bool
	trafikant            string
	vls                  []vlsFilter
	egenskap             []expr
	egGen                *genEgenskapFilter // egenskap, decided on generated objects without building them
	overlapp             []overlapFilter
	endretEtter          time.Time
	tidspunkt            time.Time
	alleVersjoner        bool
	store                *store
}

var detaljKort = map[string]string{"Vegtrase": "VT", "Kjørebane": "KB", "Kjørefelt": "KF", "Vegtrase og kjørebane": "VTKB"}

// parseFilter reads the search parameters shared by list and statistikk.
func parseSearch(p *params, s *store) *filter {
	f := &filter{store: s}
	f.ider = p.int64s("ider")
	f.fylke = p.ints("fylke")
	f.kommune = p.ints("kommune")
	f.kontrakt = p.list("kontraktsomrade")
	f.riksveg = p.list("riksvegrute")
	f.forvalter = p.list("vegforvalter")
	for _, x := range p.list("vegsystemreferanse") {
		v, ok := parseVsr(x)
		if !ok {
			p.fail(bad("Ugyldig vegsystemreferanse %q", x))
		}
		f.vsr = append(f.vsr, v)
	}
	if k := p.v.Get("kartutsnitt"); k != "" {
		parts := strings.Split(k, ",")
		var bb [4]float64
		okAll := len(parts) == 4
		for i := 0; okAll && i < 4; i++ {
			n, err := strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
			okAll = err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
			bb[i] = n
		}
		if !okAll {
			p.fail(bad("Ugyldig kartutsnitt %q (forventet minX, minY, maxX, maxY)", k))
		} else {
			if srid, _ := sridOf(p.v.Get("srid")); srid == 4326 {
				bb[0], bb[1] = latLonToUTM(33, bb[1], bb[0])
				bb[2], bb[3] = latLonToUTM(33, bb[3], bb[2])
			}
			f.bbox = &bb
		}
	}
	if p.v.Get("polygon") != "" {
		p.fail(bad("nvdbtest modellerer ikke polygon-filteret; bruk kartutsnitt"))
	}
	f.typeveg = p.enum("typeveg", "kanalisertVeg", "enkelBilveg", "rampe", "rundkjøring", "bilferje", "passasjerferje", "gangOgSykkelveg", "sykkelveg", "gangveg", "gågate", "fortau", "trapp", "gangfelt", "gatetun", "traktorveg", "sti", "annet")
	f.adskilte = p.enum("adskiltelop", "Med", "Mot", "Nei")
	f.kryss = p.boolean("kryssystem")
	f.side = p.boolean("sideanlegg")
	if t := p.enum("trafikantgruppe", "K", "G"); len(t) > 1 {
		p.fail(bad("trafikantgruppe tar én verdi"))
	} else {
		for k := range t {
			f.trafikant = k
		}
	}
	for _, x := range p.list("veglenkesekvens") {
		v, ok := parseVls(x)
		if !ok {
			p.fail(bad("Ugyldig veglenkesekvens %q (forventet 0.37@319531 eller 0.83-0.97@41640)", x))
		}
		f.vls = append(f.vls, v)
	}
	f.veglenketype = p.enum("veglenketype", "ukjent", "detaljert", "konnektering", "detaljert_konnektering", "hoved")
	f.detalj = p.enum("detaljniva", "VT", "KB", "KF", "VTKB")
	for _, x := range p.v["egenskap"] {
		if strings.TrimSpace(x) == "" {
			continue
		}
		x = strings.TrimSpace(x)
		if len(x) >= 2 && x[0] == '"' && x[len(x)-1] == '"' { // the documentation's quoted form
			x = x[1 : len(x)-1]
		}
		e, err := parseFilter(x)
		if err != nil {
			p.fail(bad("Ugyldig egenskap-filter %q: %v", x, err))
			continue
		}
		f.egenskap = append(f.egenskap, e)
	}
	f.egGen = newGenEgenskapFilter(f.egenskap)
	for _, x := range p.v["overlapp"] {
		o, err := parseOverlapp(strings.Trim(strings.TrimSpace(x), `"`), s)
		if err != nil {
			p.fail(err)
			continue
		}
		f.overlapp = append(f.overlapp, o)
	}
	if s := p.v.Get("endret_etter"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			p.fail(bad("Ugyldig endret_etter %q (ISO 8601 med tidssone)", s))
		}
		f.endretEtter = t
	}
	f.tidspunkt = p.date("tidspunkt")
	if b := p.boolean("alle_versjoner"); b != nil {
		f.alleVersjoner = *b
	}
	p.boolean("segmentering")
	return f
}

// quickReject uses the cheap attributes of generated objects: kommune,
// fylke, id, veglenkesekvens, bounding box and egenskaper.
func (f *filter) quickReject(d *dataset, i int) bool {
	if k, fy, ok := d.quick(i); ok && ((f.kommune != nil && !f.kommune[k]) || (f.fylke != nil && !f.fylke[fy])) {
		return true
	}
	g := d.gen
	if g == nil {
		return false
	}
	// A generated object's id and veglenkesekvens follow from its index
	// (and a crossing does not change them): ider and veglenkesekvens
	// reject it as match would.
	if f.ider != nil && !f.ider[g.id(i)] {
		return true
	}
	if len(f.vls) > 0 && !slices.ContainsFunc(f.vls, func(v vlsFilter) bool { return v.id == g.vlsid(i) }) {
		return true
	}
	if f.bbox != nil && !g.inBox(i, f.bbox) {
		return true
	}
	if f.egGen != nil {
		if g.spread != nil && g.spread.crosses(i) {
			// Tested on the built object, as match does, for an object
			// across a border (kept once built: see spread.crossing).
			o := g.object(i)
			for _, e := range f.egenskap {
				if !e.eval(o, f.store) {
					return true
				}
			}
			return false
		}
		return !f.egGen.passes(g.hash(i))
	}
	return false
}

// residual is f without the filters quickReject has decided exactly for
// every object of d (kartutsnitt and egenskap on generated sets): what
// match must still test on an object quickReject let through.
func (f *filter) residual(d *dataset) *filter {
	if d.gen == nil || (f.bbox == nil && f.egGen == nil) {
		return f
	}
	r := *f
	r.bbox = nil
	if f.egGen != nil {
		r.egenskap, r.egGen = nil, nil
	}
	return &r
}

// candidates returns the versions of object i that the search considers.
func (f *filter) candidates(vs []*nvdb.Vegobjekt) []*nvdb.Vegobjekt {
	if f.alleVersjoner {
		return vs
	}
	if !f.tidspunkt.IsZero() {
		day := f.tidspunkt.Format(time.DateOnly)
		for _, v := range vs {
			m := v.Metadata
			if string(m.Startdato) <= day && (m.Sluttdato == "" || day < string(m.Sluttdato)) {
				return []*nvdb.Vegobjekt{v}
			}
		}
		return nil
	}
	cur := vs[len(vs)-1]
	if cur.Metadata.Sluttdato != "" {
		return nil
	}
	return vs[len(vs)-1:]
}

func anyMatch(names []string, f func(string) bool) bool {
	for _, n := range names {
		if f(n) {
			return true
		}
	}
	return false
}

func (f *filter) match(o *nvdb.Vegobjekt) bool {
	if f.ider != nil && !f.ider[o.ID] {
		return false
	}
	l := o.Lokasjon
	if l == nil {
		l = &nvdb.Lokasjon{}
	}
	if f.fylke != nil && !anyInt(l.Fylker, f.fylke) {
		return false
	}
	if f.kommune != nil && !anyInt(l.Kommuner, f.kommune) {
		return false
	}
	if len(f.kontrakt) > 0 && !anyMatch(f.kontrakt, func(n string) bool {
		for _, k := range l.Kontraktsomrader {
			if k.Navn == n || strconv.FormatInt(k.ID, 10) == n || strconv.Itoa(k.Nummer) == n {
				return true
			}
		}
		return false
	}) {
		return false
	}
	if len(f.riksveg) > 0 && !anyMatch(f.riksveg, func(n string) bool {
		for _, k := range l.Riksvegruter {
			if k.Riksvegrute == n || strconv.Itoa(k.EnumID) == n {
				return true
			}
		}
		return false
	}) {
		return false
	}
	if len(f.forvalter) > 0 && !anyMatch(f.forvalter, func(n string) bool {
		for _, k := range l.Vegforvaltere {
			if k.Vegforvalter == n || strconv.Itoa(k.EnumID) == n {
				return true
			}
		}
		return false
	}) {
		return false
	}
	if len(f.vsr) > 0 {
		ok := false
		for _, v := range f.vsr {
			ok = ok || v.match(o)
		}
		if !ok {
			return false
		}
	}
	if f.bbox != nil {
		if l.Geometri == nil {
			return false
		}
		x0, y0, x1, y1, ok := bbox(l.Geometri.WKT)
		b := f.bbox
		if !ok || x1 < b[0] || x0 > b[2] || y1 < b[1] || y0 > b[3] {
			return false
		}
	}
	if !f.segmentsMatch(o) {
		return false
	}
	if len(f.vls) > 0 {
		ok := false
		for _, v := range f.vls {
			for _, st := range l.Stedfestinger {
				if st.Veglenkesekvensid != v.id {
					continue
				}
				from, to := -1.0, -1.0
				if st.RelativPosisjon != nil {
					from, to = *st.RelativPosisjon, *st.RelativPosisjon
				} else if st.Startposisjon != nil && st.Sluttposisjon != nil {
					from, to = *st.Startposisjon, *st.Sluttposisjon
				}
				ok = ok || (from >= 0 && from <= v.to && to >= v.from)
			}
		}
		if !ok {
			return false
		}
	}
	if !f.endretEtter.IsZero() && (o.Metadata == nil || !o.Metadata.SistModifisert.After(f.endretEtter)) {
		return false
	}
	for _, e := range f.egenskap {
		if !e.eval(o, f.store) {
			return false
		}
	}
	for _, ov := range f.overlapp {
		if !ov.match(o, f.store) {
			return false
		}
	}
	return true
}

// overlapFilter is one overlapp parameter: objects of another type placed
// on the same stretch of road, optionally matching a filter.
type overlapFilter struct {
	typeID int
	inner  expr
}

// maxOverlapSet bounds the sets the fake compares against object by object.
const maxOverlapSet = 10000

func parseOverlapp(s string, st *store) (overlapFilter, error) {
	id, rest, _ := strings.Cut(s, "(")
	typeID, err := strconv.Atoi(strings.TrimSpace(id))
	if err != nil || typeID <= 0 {
		return overlapFilter{}, bad("Ugyldig overlapp %q (forventet 105 eller 105(egenskap(2021)=2738))", s)
	}
	d := st.sets[typeID]
	if d == nil {
		return overlapFilter{}, bad("Vegobjekttype %d i overlapp finnes ikke", typeID)
	}
	if d.len() > maxOverlapSet {
		return overlapFilter{}, bad("nvdbtest sammenligner ikke overlapp mot genererte sett med mer enn %d objekter", maxOverlapSet)
	}
	o := overlapFilter{typeID: typeID}
	if rest != "" {
		if !strings.HasSuffix(rest, ")") {
			return overlapFilter{}, bad("Ugyldig overlapp %q: mangler )", s)
		}
		e, err := parseFilter(strings.TrimSuffix(rest, ")"))
		if err != nil {
			return overlapFilter{}, bad("Ugyldig overlapp %q: %v", s, err)
		}
		o.inner = e
	}
	return o, nil
}

func (ov overlapFilter) match(o *nvdb.Vegobjekt, st *store) bool {
	d := st.sets[ov.typeID]
	if o.Lokasjon == nil || d == nil {
		return false
	}
	cur := &filter{store: st}
	for i, n := 0, d.len(); i < n; i++ {
		for _, other := range cur.candidates(d.versionsAt(i)) {
			if other.Lokasjon == nil || !overlaps(o.Lokasjon.Stedfestinger, other.Lokasjon.Stedfestinger) {
				continue
			}
			if ov.inner == nil || ov.inner.eval(other, st) {
				return true
			}
		}
	}
	return false
}

func span(s nvdb.Stedfesting) (float64, float64, bool) {
	switch {
	case s.RelativPosisjon != nil:
		return *s.RelativPosisjon, *s.RelativPosisjon, true
	case s.Startposisjon != nil && s.Sluttposisjon != nil:
		return *s.Startposisjon, *s.Sluttposisjon, true
	}
	return 0, 0, false
}

// overlaps reports whether two placements share a stretch of a
// veglenkesekvens (a point on a line counts).
func overlaps(a, b []nvdb.Stedfesting) bool {
	for _, x := range a {
		x0, x1, ok := span(x)
		if !ok {
			continue
		}
		for _, y := range b {
			y0, y1, ok := span(y)
			if ok && x.Veglenkesekvensid == y.Veglenkesekvensid && x0 <= y1 && y0 <= x1 {
				return true
			}
		}
	}
	return false
}

func (f *filter) segmentsMatch(o *nvdb.Vegobjekt) bool {
	if f.typeveg == nil && f.adskilte == nil && f.veglenketype == nil && f.detalj == nil && f.kryss == nil && f.side == nil && f.trafikant == "" {
		return true
	}
	for _, s := range o.Vegsegmenter {
		if f.typeveg != nil && !f.typeveg[s.TypeVegSosi] {
			continue
		}
		if f.veglenketype != nil && !f.veglenketype[strings.ToLower(s.VeglenkeType)] {
			continue
		}
		if f.detalj != nil && !f.detalj[detaljKort[s.Detaljniva]] {
			continue
		}
		v := s.Vegsystemreferanse
		if v == nil {
			v = &nvdb.Vegsystemreferanse{}
		}
		if f.adskilte != nil && (v.Strekning == nil || !f.adskilte[v.Strekning.AdskilteLop]) {
			continue
		}
		if f.trafikant != "" && (v.Strekning == nil || v.Strekning.Trafikantgruppe != f.trafikant) {
			continue
		}
		if f.kryss != nil && (v.Kryssystem != nil) != *f.kryss {
			continue
		}
		if f.side != nil && (v.Sideanlegg != nil) != *f.side {
			continue
		}
		return true
	}
	return false
}

func anyInt(xs []int, m map[int]bool) bool {
	for _, x := range xs {
		if m[x] {
			return true
		}
	}
	return false
}
