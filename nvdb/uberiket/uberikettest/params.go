package uberikettest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// The page and stream sizes of the specification: pages hold 1 to 1000
// (500 when not asked, as the real pages say), streams 1 to 10 000 (1000
// when not asked).
const (
	maxSide       = 1000
	defaultSide   = 500
	maxStream     = 10_000
	defaultStream = 1000
)

// params reads a request's parameters; the first bad one is kept and
// answered with 400 by ok.
type params struct {
	r   *http.Request
	q   url.Values
	err string
}

func newParams(r *http.Request) *params { return &params{r: r, q: r.URL.Query()} }

func (p *params) fail(format string, args ...any) {
	if p.err == "" {
		p.err = fmt.Sprintf(format, args...)
	}
}

// ok answers 400 with the first bad parameter and reports false, or
// reports true.
func (p *params) ok(w http.ResponseWriter) bool {
	if p.err != "" {
		writeProblem(w, p.r, http.StatusBadRequest, p.err)
		return false
	}
	return true
}

func (p *params) has(name string) bool { return p.q.Has(name) }

// list returns a parameter's values, comma-separated and repeated alike.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// ids returns a list of ids, sorted, each once; nil when absent.
func (p *params) ids(name string) []int64 {
	if !p.has(name) {
		return nil
	}
	out := []int64{}
	for _, s := range p.list(name) {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v <= 0 {
			p.fail("Ugyldig verdi for %s: %q er ikke en gyldig id", name, s)
			return nil
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// typeIDs returns a list of type ids as a set; nil when absent or empty.
func (p *params) typeIDs(name string) map[int]bool {
	ids := p.ids(name)
	if len(ids) == 0 {
		return nil
	}
	out := map[int]bool{}
	for _, id := range ids {
		if id > 1<<31-1 {
			p.fail("Ugyldig verdi for %s: %d", name, id)
		}
		out[int(id)] = true
	}
	return out
}

// int64 returns an integer parameter of at least 0, and whether it was
// given.
func (p *params) int64(name string) (int64, bool) {
	s := p.q.Get(name)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		p.fail("Ugyldig verdi for %s: %q er ikke et heltall", name, s)
		return 0, false
	}
	return v, true
}

// antall returns antall within 1..most, def when absent.
func (p *params) antall(def, most int) int {
	s := p.q.Get("antall")
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > most {
		p.fail("Ugyldig verdi for antall: %q. Må være et heltall mellom 1 og %d", s, most)
		return def
	}
	return v
}

// dato returns a date parameter; required makes its absence an error.
func (p *params) dato(name string, required bool) uberiket.Dato {
	s := p.q.Get(name)
	if s == "" {
		if required {
			p.fail("Parameter %s må oppgis", name)
		}
		return ""
	}
	if !uberiket.Dato(s).Valid() {
		p.fail("Ugyldig verdi for %s: %q er ikke en dato (ÅÅÅÅ-MM-DD)", name, s)
		return ""
	}
	return uberiket.Dato(s)
}

// tidspunkt reads a time as the hendelser take it: a date (midnight in
// Norway), a time with zone, or UTC.
func (p *params) tidspunkt(name string) time.Time {
	s := p.q.Get(name)
	if s == "" {
		return time.Time{}
	}
	if d := uberiket.Dato(s); d.Valid() {
		t, _ := time.ParseInLocation(time.DateOnly, s, oslo)
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.fail("Ugyldig verdi for %s: %q er ikke en dato eller et tidspunkt (2025-01-01T12:34:56.123Z)", name, s)
		return time.Time{}
	}
	return t
}

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// unsupported refuses a filter the fake has no data for, rather than
// answer as if it were not given.
func (p *params) unsupported(names ...string) {
	for _, n := range names {
		if p.has(n) {
			p.fail("uberikettest har ikke data for filteret %s", n)
		}
	}
}

// enum checks that every value of a list parameter is allowed; nil when
// absent.
func (p *params) enum(name string, allowed ...string) map[string]bool {
	if !p.has(name) {
		return nil
	}
	out := map[string]bool{}
	for _, v := range p.list(name) {
		if !slices.Contains(allowed, v) {
			p.fail("Ugyldig verdi for %s: %q. Gyldige verdier er %s", name, v, strings.Join(allowed, ", "))
		}
		out[v] = true
	}
	return out
}

// inkluder reads the parts of a vegobjekt to send; every part when absent.
func (p *params) inkluder() inkluder {
	set := p.enum("inkluder", "gyldighetsperiode", "egenskaper", "stedfesting", "barn", "alle", "minimum")
	if set == nil || set["alle"] {
		return inkluder{true, true, true, true}
	}
	return inkluder{set["gyldighetsperiode"], set["egenskaper"], set["stedfesting"], set["barn"]}
}

// inkluder is which optional parts of a vegobjekt an answer carries.
type inkluder struct{ gyldighetsperiode, egenskaper, stedfesting, barn bool }

// apply returns o with only the parts asked for.
func (in inkluder) apply(o *uberiket.Vegobjekt) *uberiket.Vegobjekt {
	if in == (inkluder{true, true, true, true}) {
		return o
	}
	c := uberiket.Vegobjekt{ID: o.ID, Versjon: o.Versjon, TypeID: o.TypeID, SistEndret: o.SistEndret}
	if in.gyldighetsperiode {
		c.Gyldighetsperiode = o.Gyldighetsperiode
	}
	if in.egenskaper {
		c.Egenskaper = o.Egenskaper
	}
	if in.stedfesting {
		c.Stedfesting = o.Stedfesting
	}
	if in.barn {
		c.Barn = o.Barn
	}
	return &c
}

// extent is a stretch of the stedfesting filter: fra..til on vls.
type extent struct {
	vls      int64
	fra, til float64
}

var extentRe = regexp.MustCompile(`^(?:([0-9.]+)(?:-([0-9.]+))?@)?([0-9]+)$`)

// stedfesting reads the stedfesting filter: "0-0.5@123,125,1.0@126" (a
// stretch, a whole veglenkesekvens, a point).
func (p *params) stedfesting() []extent {
	if !p.has("stedfesting") {
		return nil
	}
	var out []extent
	for _, s := range p.list("stedfesting") {
		m := extentRe.FindStringSubmatch(s)
		if m == nil {
			p.fail("Ugyldig verdi for stedfesting: %q (eksempel: 0-0.5@123,125,1.0@126)", s)
			return nil
		}
		vls, _ := strconv.ParseInt(m[3], 10, 64)
		e := extent{vls: vls, fra: 0, til: 1}
		if m[1] != "" {
			f, err1 := strconv.ParseFloat(m[1], 64)
			t, err2 := f, error(nil)
			if m[2] != "" {
				t, err2 = strconv.ParseFloat(m[2], 64)
			}
			if err1 != nil || err2 != nil || f < 0 || t > 1 || f > t {
				p.fail("Ugyldig verdi for stedfesting: %q", s)
				return nil
			}
			e.fra, e.til = f, t
		}
		out = append(out, e)
	}
	return out
}

// overlaps reports whether o lies on any of the extents (nil: no filter).
func overlaps(o *uberiket.Vegobjekt, extents []extent) bool {
	if extents == nil {
		return true
	}
	s := o.Stedfesting
	if s == nil {
		return false
	}
	for _, e := range extents {
		for _, l := range s.Linjer {
			if l.VeglenkesekvensID == e.vls && l.Startposisjon <= e.til && e.fra <= l.Sluttposisjon {
				return true
			}
		}
		for _, pt := range s.Punkter {
			if pt.VeglenkesekvensID == e.vls && e.fra <= pt.Posisjon && pt.Posisjon <= e.til {
				return true
			}
		}
	}
	return false
}

// pathID reads an id of the path.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	s := r.PathValue(name)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		writeProblem(w, r, http.StatusBadRequest, fmt.Sprintf("Ugyldig %s: %q", name, s))
		return 0, false
	}
	return v, true
}

// nextHref is the URL of the following page: this request with start set.
func nextHref(r *http.Request, start string) string {
	q := r.URL.Query()
	q.Set("start", start)
	return "http://" + r.Host + r.URL.Path + "?" + q.Encode()
}

// metadata is a page's metadata, with neste when more follow.
func metadata(r *http.Request, returnert, antall int, more bool, next string) uberiket.SideMetadata {
	m := uberiket.SideMetadata{Returnert: returnert, Sidestorrelse: antall}
	if more {
		m.Neste = &uberiket.NesteSide{Start: next, Href: nextHref(r, next)}
	}
	return m
}
