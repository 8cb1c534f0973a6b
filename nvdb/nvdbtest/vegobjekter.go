package nvdbtest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb"
)

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	if errors.As(err, &br) {
		writeProblem(w, r, http.StatusBadRequest, br.msg)
		return
	}
	writeProblem(w, r, http.StatusInternalServerError, err.Error())
}

func baseURL(r *http.Request) string { return "http://" + r.Host }

type pageMeta struct {
	Antall        *int       `json:"antall,omitempty"`
	Returnert     int        `json:"returnert"`
	Sidestorrelse int        `json:"sidestørrelse"`
	Neste         *nesteSide `json:"neste,omitempty"`
}

type nesteSide struct {
	Start string `json:"start"`
	Href  string `json:"href"`
}

func nextHref(r *http.Request, start string) string {
	q := r.URL.Query()
	q.Set("start", start)
	return baseURL(r) + r.URL.Path + "?" + q.Encode()
}

// list answers GET /vegobjekter/{type}.
func (s *Server) list(w http.ResponseWriter, r *http.Request, d *dataset) {
	p := &params{v: r.URL.Query()}
	f := parseSearch(p, s.data)
	ro := parseRender(p, true)
	antall := p.integer("antall", s.maxPage)
	inklAntall := p.boolean("inkluderAntall")
	if p.err == nil && antall < 1 {
		p.fail(bad("antall må være større enn 0"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	antall = min(antall, s.maxPage)
	qh := queryHash(d.typeID, p.v)
	start := p.v.Get("start")
	var at pos
	if start != "" {
		var err error
		if at, err = s.decodeCursor(start, qh); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// collect the page
	var found []*nvdb.Vegobjekt
	next := at
	n := d.len()
	// quickReject has decided a generated object's kartutsnitt (inBox)
	// and egenskaper exactly: match need not parse its WKT or test its
	// egenskaper again.
	full := f.residual(d)
	for i := at.obj; i < n && len(found) < antall; i++ {
		next = pos{obj: i + 1}
		if f.quickReject(d, i) {
			continue
		}
		cands := f.candidates(d.versionsAt(i))
		j0 := 0
		if i == at.obj {
			j0 = at.ver
		}
		for j := j0; j < len(cands); j++ {
			if len(found) == antall {
				next = pos{obj: i, ver: j}
				break
			}
			if full.match(cands[j]) {
				found = append(found, cands[j])
			}
		}
	}
	meta := pageMeta{Returnert: len(found), Sidestorrelse: s.maxPage}
	if antall < s.maxPage {
		meta.Sidestorrelse = antall
	}
	if inklAntall != nil && *inklAntall {
		// The count depends on the filters only (qh), and the data never
		// changes: counted from the aggregates, as NVDB's database does
		// cheaply, or else once per search.
		var total int
		if d.aggregated(f) {
			total = sum(d, f).n
		} else {
			total = s.memoKey(fmt.Sprintf("antall:%x", qh), func() any { return sum(d, f).n }).(int)
		}
		meta.Antall = &total
	}
	tok := start
	if len(found) > 0 || start == "" {
		tok = s.encodeCursor(next, qh)
	}
	meta.Neste = &nesteSide{Start: tok, Href: nextHref(r, tok)}
	if !s.produce(r, len(found)) {
		return
	}

	bw, enc, done := s.jsonWriter(w, r)
	defer done()
	_, _ = bw.Write([]byte(`{"objekter":[`))
	base := baseURL(r)
	for k, o := range found {
		if k > 0 {
			_, _ = bw.Write([]byte{','})
		}
		out := s.render(o, ro, base, 0)
		_ = enc.Encode(&out)
	}
	_, _ = bw.Write([]byte(`],"metadata":`))
	_ = enc.Encode(meta)
	_, _ = bw.Write([]byte("}\n"))
}

// getOne answers /vegobjekter/{type}/{id}[/{versjon}|/versjoner].
func (s *Server) getOne(w http.ResponseWriter, r *http.Request, d *dataset, id int64, versjon int, all bool) {
	p := &params{v: r.URL.Query()}
	ro := parseRender(p, false)
	tidspunkt := p.date("tidspunkt")
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	i, ok := d.indexOf(id)
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke vegobjekt "+strconv.FormatInt(id, 10)+" av type "+itoa(d.typeID))
		return
	}
	vs := d.versionsAt(i)
	base := baseURL(r)
	if all {
		out := make([]nvdb.Vegobjekt, len(vs))
		for k, v := range vs {
			out[k] = s.render(v, ro, base, 0)
		}
		s.writeJSON(w, r, out)
		return
	}
	var v *nvdb.Vegobjekt
	switch {
	case versjon > 0:
		for _, x := range vs {
			if x.Metadata.Versjon == versjon {
				v = x
			}
		}
	case !tidspunkt.IsZero():
		if c := (&filter{tidspunkt: tidspunkt}).candidates(vs); len(c) > 0 {
			v = c[0]
		} else {
			v = nil
		}
	default:
		v = vs[len(vs)-1]
	}
	if v == nil {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke versjonen av vegobjekt "+strconv.FormatInt(id, 10))
		return
	}
	out := s.render(v, ro, base, 0)
	s.writeJSON(w, r, &out)
}

// getByID answers /vegobjekt?id=.
func (s *Server) getByID(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Parameteren id mangler eller er ugyldig")
		return
	}
	d, _, ok := s.data.find(id)
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke vegobjekt "+raw)
		return
	}
	if !s.requireToken(w, r, d.typeID) {
		return
	}
	s.getOne(w, r, d, id, 0, false)
}

// renderOpts says how an object is written.
type renderOpts struct {
	inkl     map[string]bool
	srid     int
	geomValg string
	egValg   string
	tol      int
	dybde    int // levels of children as objects (0 or 1: ids only)
}

func parseRender(p *params, list bool) renderOpts {
	ro := renderOpts{srid: p.srid(), tol: p.integer("geometritoleranse", 0)}
	inkl := p.enum("inkluder", "metadata", "egenskaper", "relasjoner", "lokasjon", "vegsegmenter", "geometri", "alle", "minimum")
	switch {
	case inkl == nil && list:
		inkl = map[string]bool{"minimum": true}
	case inkl == nil:
		inkl = map[string]bool{"metadata": true, "egenskaper": true, "relasjoner": true, "lokasjon": true, "geometri": true}
	}
	if inkl["alle"] {
		inkl = map[string]bool{"metadata": true, "egenskaper": true, "relasjoner": true, "lokasjon": true, "geometri": true, "vegsegmenter": true}
	}
	ro.inkl = inkl
	for k := range p.enum("inkludergeometri", "ingen", "egenskap", "lokasjon", "utledet") {
		ro.geomValg = k
	}
	for k := range p.enum("inkluder_egenskaper", "basis", "geometri", "alle") {
		ro.egValg = k
	}
	if d := p.v.Get("dybde"); d != "" {
		if d == "full" {
			ro.dybde = 10
		} else if n, err := strconv.Atoi(d); err == nil && n >= 1 {
			ro.dybde = n
		} else {
			p.fail(bad("Ugyldig dybde %q", d))
		}
	}
	if ro.tol < 0 {
		p.fail(bad("geometritoleranse kan ikke være negativ"))
	}
	return ro
}

func (ro renderOpts) geom(where string) bool { return ro.geomValg == "" || ro.geomValg == where }

// render copies o with the parts asked for, in the srid asked for.
func (s *Server) render(o *nvdb.Vegobjekt, ro renderOpts, base string, depth int) nvdb.Vegobjekt {
	typ := o.Metadata.Type.ID
	out := nvdb.Vegobjekt{ID: o.ID, Href: base + "/vegobjekter/" + itoa(typ) + "/" + strconv.FormatInt(o.ID, 10) + "/" + itoa(o.Metadata.Versjon)}
	in := ro.inkl
	if in["metadata"] {
		out.Metadata = o.Metadata
	}
	if in["egenskaper"] {
		for _, e := range o.Egenskaper {
			isGeom := e.Egenskapstype == nvdb.EgenskapstypeGeometri
			if (ro.egValg == "basis" && isGeom) || (ro.egValg == "geometri" && !isGeom) || (isGeom && !ro.geom("egenskap")) {
				continue
			}
			if isGeom && ro.srid != 5973 {
				if wkt, _, ok := e.Geometri(); ok {
					e.Verdi = nvdb.StringVerdi(transformWKT(wkt, ro.srid))
					e.Srid = ro.srid
				}
			}
			out.Egenskaper = append(out.Egenskaper, e)
		}
		if out.Egenskaper == nil {
			out.Egenskaper = nvdb.Egenskaper{}
		}
	}
	if in["geometri"] && o.Geometri != nil && ro.geom("utledet") {
		g := *o.Geometri
		g.WKT, g.Forenklet = s.shape(g.WKT, ro)
		g.Srid = ro.srid
		out.Geometri = &g
	}
	if in["lokasjon"] && o.Lokasjon != nil {
		l := *o.Lokasjon
		if l.Geometri != nil && ro.geom("lokasjon") {
			g := *l.Geometri
			g.WKT, g.Forenklet = s.shape(g.WKT, ro)
			g.Srid = ro.srid
			l.Geometri = &g
		} else {
			l.Geometri = nil
		}
		out.Lokasjon = &l
	}
	if in["relasjoner"] && o.Relasjoner != nil {
		rel := *o.Relasjoner
		if ro.dybde > 1 && depth < ro.dybde-1 && len(rel.Barn) > 0 {
			barn := make([]nvdb.Relasjon, len(rel.Barn))
			for k, b := range rel.Barn {
				b.Relasjonstype = nvdb.RelasjonstypeVegobjekter
				b.Vegobjekter = nil
				if d := s.data.sets[b.Type.ID]; d != nil {
					for _, id := range b.VegobjektIder {
						if i, ok := d.indexOf(id); ok {
							vs := d.versionsAt(i)
							b.Vegobjekter = append(b.Vegobjekter, s.render(vs[len(vs)-1], ro, base, depth+1))
						}
					}
				}
				b.VegobjektIder = nil
				barn[k] = b
			}
			rel.Barn = barn
		}
		out.Relasjoner = &rel
	}
	if in["vegsegmenter"] && len(o.Vegsegmenter) > 0 {
		segs := make([]nvdb.Vegsegment, len(o.Vegsegmenter))
		for k, sg := range o.Vegsegmenter {
			sg.Geometri.WKT = transformWKT(sg.Geometri.WKT, ro.srid)
			sg.Geometri.Srid = ro.srid
			segs[k] = sg
		}
		out.Vegsegmenter = segs
	}
	return out
}

// shape simplifies (in UTM33) and transforms a geometry.
func (s *Server) shape(wkt string, ro renderOpts) (string, bool) {
	simplified := false
	if ro.tol > 0 {
		wkt, simplified = simplifyWKT(wkt, float64(ro.tol))
	}
	return transformWKT(wkt, ro.srid), simplified
}
