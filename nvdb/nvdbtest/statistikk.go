package nvdbtest

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb"
)

type stat struct {
	Antall *int     `json:"antall,omitempty"`
	Lengde *float64 `json:"lengde,omitempty"`
}

// acc sums a count and a length; lengths in whole millimetres, so a sum
// is exact and the same in whatever order it is taken.
type acc struct {
	n  int
	mm int64
}

// lengthMM is an object's length in millimetres (NVDB writes three
// decimals).
func lengthMM(o *nvdb.Vegobjekt) int64 {
	if o.Lokasjon == nil {
		return 0
	}
	return mm(o.Lokasjon.Lengde)
}

func (a acc) stat(inkl map[string]bool) stat {
	var s stat
	n := a.n
	l := fromMM(a.mm)
	if inkl == nil || inkl["alle"] || inkl["antall"] {
		s.Antall = &n
	}
	if inkl == nil || inkl["alle"] || inkl["lengde"] {
		s.Lengde = &l
	}
	return s
}

// each calls fn with every object version the search matches.
func each(d *dataset, f *filter, fn func(o *nvdb.Vegobjekt)) {
	rest := f.residual(d)
	for i, n := 0, d.len(); i < n; i++ {
		if f.quickReject(d, i) {
			continue
		}
		for _, c := range f.candidates(d.versionsAt(i)) {
			if rest.match(c) {
				fn(c)
			}
		}
	}
}

// statistikk answers /vegobjekter/{type}/statistikk, counting exactly the
// objects a search with the same filters returns.
func (s *Server) statistikk(w http.ResponseWriter, r *http.Request, d *dataset) {
	p := &params{v: r.URL.Query()}
	if p.v.Get("ider") != "" || p.v.Get("alle_versjoner") != "" {
		p.fail(bad("statistikk tar ikke ider eller alle_versjoner"))
	}
	f := parseSearch(p, s.data)
	p.srid()
	inkl := p.enum("inkluder", "lengde", "antall", "alle")
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	s.writeJSON(w, r, s.answer(r, d.aggregated(f), func() any {
		return sum(d, f).stat(inkl)
	}))
}

// answer computes a statistics answer: at once when the aggregates hold
// it (quick), else once per path and query (memo).
func (s *Server) answer(r *http.Request, quick bool, compute func() any) any {
	if quick {
		return compute()
	}
	return s.memo(r, compute)
}

// memo computes a statistics answer once per path and query: the data
// never changes after NewServer, and a search the aggregates do not answer
// builds every object of a generated set, which for a million objects
// would otherwise make the fake, not the client, the slow part of a test.
func (s *Server) memo(r *http.Request, compute func() any) any {
	return s.memoKey(r.URL.Path+"?"+r.URL.RawQuery, compute)
}

// memoKey computes the value for key once.
func (s *Server) memoKey(key string, compute func() any) any {
	if v, ok := s.statMemo.Load(key); ok {
		return v
	}
	v := compute()
	s.statMemo.Store(key, v)
	return v
}

type gruppe struct {
	stat
	Fylke       *int    `json:"fylke,omitempty"`
	Kommune     *int    `json:"kommune,omitempty"`
	Vegkategori *string `json:"vegkategori,omitempty"`
}

type egenskapGruppe struct {
	stat
	EgenskapsVerdi *int `json:"egenskapsVerdi"`
}

// statistikkGruppert answers /statistikk/gruppert and
// /statistikk/gruppert/egenskap.
func (s *Server) statistikkGruppert(w http.ResponseWriter, r *http.Request, d *dataset, perEgenskap bool) {
	p := &params{v: r.URL.Query()}
	// Grouped statistics take only these filters.
	sub := &params{v: map[string][]string{}}
	for _, k := range []string{"kartutsnitt", "polygon", "veglenkesekvens", "tidspunkt", "srid"} {
		if v, ok := p.v[k]; ok {
			sub.v[k] = v
		}
	}
	f := parseSearch(sub, s.data)
	p.fail(sub.err)
	p.srid()
	inkl := p.enum("inkluder", "lengde", "antall", "alle")
	var grp map[string]bool
	egID := 0
	if perEgenskap {
		egID = p.integer("egenskapstypeId", 0)
		if p.err == nil && egID <= 0 {
			p.fail(bad("egenskapstypeId mangler"))
		}
	} else {
		grp = p.enum("gruppering", "fylke", "kommune", "vegkategori")
		if p.err == nil && len(grp) == 0 {
			p.fail(bad("gruppering må ha minst én av fylke, kommune, vegkategori"))
		}
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	s.writeJSON(w, r, s.answer(r, !perEgenskap && d.aggregated(f), func() any { return gruppert(d, f, inkl, perEgenskap, egID, grp) }))
}

// gruppe is the key of a group of statistikk/gruppert: the first fylke,
// kommune and vegkategori an object lists, each only when grouped by.
type gruppeKey struct {
	fylke, kommune int
	kat            string
}

func keyOf(o *nvdb.Vegobjekt, grp map[string]bool) gruppeKey {
	var k gruppeKey
	if l := o.Lokasjon; l != nil {
		if grp["fylke"] && len(l.Fylker) > 0 {
			k.fylke = l.Fylker[0]
		}
		if grp["kommune"] && len(l.Kommuner) > 0 {
			k.kommune = l.Kommuner[0]
		}
		if grp["vegkategori"] && len(l.Vegsystemreferanser) > 0 && l.Vegsystemreferanser[0].Vegsystem != nil {
			k.kat = l.Vegsystemreferanser[0].Vegsystem.Vegkategori
		}
	}
	return k
}

// egenskapKey is the enum id of the object's value of egenskapstype egID,
// -1 for none.
func egenskapKey(o *nvdb.Vegobjekt, egID int) int {
	if e := o.Egenskaper.ByID(egID); e != nil {
		if id, ok := e.Enum(); ok {
			return id
		}
	}
	return -1
}

// gruppert counts the objects of d matching f in groups.
func gruppert(d *dataset, f *filter, inkl map[string]bool, perEgenskap bool, egID int, grp map[string]bool) any {
	if perEgenskap {
		// A generated object's value varies within its class: counted
		// object by object.
		groups := tally(d, f, func(o *nvdb.Vegobjekt) int { return egenskapKey(o, egID) }, false)
		keys := make([]int, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		out := make([]egenskapGruppe, 0, len(keys))
		for _, k := range keys {
			g := egenskapGruppe{stat: groups[k].stat(inkl)}
			if k >= 0 {
				k := k
				g.EgenskapsVerdi = &k
			}
			out = append(out, g)
		}
		return out
	}
	groups := tally(d, f, func(o *nvdb.Vegobjekt) gruppeKey { return keyOf(o, grp) }, true)
	keys := make([]gruppeKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		x, y := keys[a], keys[b]
		if x.fylke != y.fylke {
			return x.fylke < y.fylke
		}
		if x.kommune != y.kommune {
			return x.kommune < y.kommune
		}
		return x.kat < y.kat
	})
	out := make([]gruppe, 0, len(keys))
	for _, k := range keys {
		g := gruppe{stat: groups[k].stat(inkl)}
		if grp["fylke"] {
			v := k.fylke
			g.Fylke = &v
		}
		if grp["kommune"] {
			v := k.kommune
			g.Kommune = &v
		}
		if grp["vegkategori"] && k.kat != "" {
			v := k.kat
			g.Vegkategori = &v
		}
		out = append(out, g)
	}
	return out
}

type typeStat struct {
	ID         int    `json:"id"`
	Navn       string `json:"navn"`
	Href       string `json:"href"`
	Statistikk stat   `json:"statistikk"`
}

// statistikkAlle answers /vegobjekter/statistikk.
func (s *Server) statistikkAlle(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	sub := &params{v: map[string][]string{}}
	for _, k := range []string{"kontraktsomrade", "vegsystemreferanse", "tidspunkt"} {
		if v, ok := p.v[k]; ok {
			sub.v[k] = v
		}
	}
	f := parseSearch(sub, s.data)
	p.fail(sub.err)
	inkl := p.enum("inkluder", "lengde", "antall", "alle")
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	out := []typeStat{}
	open := s.authorized(r)
	for _, t := range s.data.typeIDs() {
		if s.sensitive(t) && !open {
			continue // sensitive types are counted only for a token
		}
		a := sum(s.data.sets[t], f)
		out = append(out, typeStat{ID: t, Navn: typeName(t), Href: baseURL(r) + "/vegobjekter/api/v4/vegobjekter/" + strconv.Itoa(t), Statistikk: a.stat(inkl)})
	}
	s.writeJSON(w, r, out)
}
