package nvdbtest

import (
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb"
)

type stat struct {
	Antall *int     `json:"antall,omitempty"`
	Lengde *float64 `json:"lengde,omitempty"`
}

type acc struct {
	n int
	l float64
}

func (a *acc) add(o *nvdb.Vegobjekt) {
	a.n++
	if o.Lokasjon != nil {
		a.l += o.Lokasjon.Lengde
	}
}

func (a acc) stat(inkl map[string]bool) stat {
	var s stat
	n := a.n
	l := math.Round(a.l*1000) / 1000
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
	for i, n := 0, d.len(); i < n; i++ {
		if f.quickReject(d, i) {
			continue
		}
		for _, c := range f.candidates(d.versionsAt(i)) {
			if f.match(c) {
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
	s.writeJSON(w, r, s.memo(r, func() any {
		var a acc
		each(d, f, a.add)
		return a.stat(inkl)
	}))
}

// memo computes a statistics answer once per path and query: the data
// never changes after NewServer, and counting a generated set of a million
// objects would otherwise make the fake, not the client, the slow part of
// every Scan plan.
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
	s.writeJSON(w, r, s.memo(r, func() any { return gruppert(d, f, inkl, perEgenskap, egID, grp) }))
}

// gruppert counts the objects of d matching f in groups.
func gruppert(d *dataset, f *filter, inkl map[string]bool, perEgenskap bool, egID int, grp map[string]bool) any {
	if perEgenskap {
		groups := map[int]*acc{}
		each(d, f, func(o *nvdb.Vegobjekt) {
			key := -1
			if e := o.Egenskaper.ByID(egID); e != nil {
				if id, ok := e.Enum(); ok {
					key = id
				}
			}
			if groups[key] == nil {
				groups[key] = &acc{}
			}
			groups[key].add(o)
		})
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
	type key struct {
		fylke, kommune int
		kat            string
	}
	groups := map[key]*acc{}
	each(d, f, func(o *nvdb.Vegobjekt) {
		var k key
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
		if groups[k] == nil {
			groups[k] = &acc{}
		}
		groups[k].add(o)
	})
	keys := make([]key, 0, len(groups))
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
		var a acc
		each(s.data.sets[t], f, a.add)
		out = append(out, typeStat{ID: t, Navn: typeName(t), Href: baseURL(r) + "/vegobjekter/api/v4/vegobjekter/" + strconv.Itoa(t), Statistikk: a.stat(inkl)})
	}
	s.writeJSON(w, r, out)
}
