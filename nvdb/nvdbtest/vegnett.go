package nvdbtest

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

const vegnettV4 = "/vegnett/api/v4"

// Query hash salts of the network's listings, so a cursor of one listing
// is refused by another.
const (
	hashSekvenser = -1
	hashSegmenter = -2
	hashNoder     = -3
)

var typeVegVisning = map[string]string{"kanalisertVeg": "Kanalisert veg", "enkelBilveg": "Enkel bilveg", "rampe": "Rampe",
	"rundkjøring": "Rundkjøring", "bilferje": "Bilferje", "passasjerferje": "Passasjerferje", "gangOgSykkelveg": "Gang- og sykkelveg",
	"sykkelveg": "Sykkelveg", "gangveg": "Gangveg", "gågate": "Gågate", "fortau": "Fortau", "trapp": "Trapp", "gangfelt": "Gangfelt",
	"gatetun": "Gatetun", "traktorveg": "Traktorveg", "sti": "Sti", "annet": "Annet"}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

func posText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// netPage walks the network from a cursor and writes one page of the
// items render returns for the sequences (or nodes) that match.
type netPager struct {
	s     *Server
	w     http.ResponseWriter
	r     *http.Request
	p     *params
	salt  int
	count int // number of positions to walk
}

func (pg netPager) run(match func(i int) bool, render func(i int, enc *json.Encoder) int) {
	s, w, r, p := pg.s, pg.w, pg.r, pg.p
	antall := p.integer("antall", s.maxPage)
	inkl := p.boolean("inkluderAntall")
	if p.err == nil && antall < 1 {
		p.fail(bad("antall må være større enn 0"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	antall = min(antall, s.maxPage)
	qh := queryHash(pg.salt, p.v)
	start := p.v.Get("start")
	var at pos
	if start != "" {
		var err error
		if at, err = s.decodeCursor(start, qh); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var found []int
	next := at.obj
	for i := at.obj; i < pg.count && len(found) < antall; i++ {
		next = i + 1
		if match(i) {
			found = append(found, i)
		}
	}
	meta := pageMeta{Returnert: len(found), Sidestorrelse: s.maxPage}
	if antall < s.maxPage {
		meta.Sidestorrelse = antall
	}
	if inkl != nil && *inkl {
		total := 0
		for i := 0; i < pg.count; i++ {
			if match(i) {
				total++
			}
		}
		meta.Antall = &total
	}
	tok := start
	if len(found) > 0 || start == "" {
		tok = s.encodeCursor(pos{obj: next}, qh)
	}
	meta.Neste = &nesteSide{Start: tok, Href: nextHref(r, tok)}
	bw, enc, done := s.jsonWriter(w, r)
	defer done()
	_, _ = bw.Write([]byte(`{"objekter":[`))
	n := 0
	for _, i := range found {
		if n > 0 {
			_, _ = bw.Write([]byte{','})
		}
		n += render(i, enc)
	}
	meta.Returnert = n
	_, _ = bw.Write([]byte(`],"metadata":`))
	_ = enc.Encode(meta)
	_, _ = bw.Write([]byte("}\n"))
}

// seqFilter parses the search parameters of the network's listings.
func (s *Server) seqFilter(p *params) (*filter, func(i int) bool) {
	if vt := p.list("veglenketype"); vt != nil {
		low := make([]string, len(vt))
		for i, v := range vt {
			switch v {
			case "Hoved", "Detaljert", "Konnektering", "detaljert_konnektering":
				low[i] = strings.ToLower(v)
			default:
				p.fail(bad("Ugyldig verdi for veglenketype: %q. Gyldige verdier: Hoved, Detaljert, Konnektering, detaljert_konnektering", v))
			}
		}
		p.v = cloneValues(p.v)
		p.v.Set("veglenketype", strings.Join(low, ","))
	}
	f := parseSearch(p, s.data)
	topo := p.enum("topologiniva", "kjørebane", "kjørefelt", "vegtrase")
	superid := p.v.Get("superid")
	if superid != "" {
		if n, err := strconv.ParseInt(superid, 10, 64); err != nil || n <= 0 {
			p.fail(bad("Ugyldig superid %q", superid))
		}
	}
	arm := p.boolean("arm")
	p.boolean("historisk")
	nw := s.net
	return f, func(i int) bool {
		if k, fy, ok := nw.quick(i); ok && ((f.kommune != nil && !f.kommune[k]) || (f.fylke != nil && !f.fylke[fy])) {
			return false
		}
		if f.ider != nil && !f.ider[nw.idAt(i)] {
			return false
		}
		// Every link of the fake is a main link at the vegtrase level,
		// not an arm and not detailing another.
		if (topo != nil && !topo["vegtrase"]) || superid != "" || (arm != nil && *arm) {
			return false
		}
		sq := nw.at(i)
		if !f.tidspunkt.IsZero() && string(sq.obj.Metadata.Startdato) > f.tidspunkt.Format(time.DateOnly) {
			return false
		}
		return f.match(sq.obj)
	}
}

func (n *network) idAt(i int) int64 {
	if i < len(n.fixed) {
		return n.fixed[i].id
	}
	return int64(genNetBase + i - len(n.fixed))
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, x := range v {
		c[k] = append([]string(nil), x...)
	}
	return c
}

func (s *Server) listSekvenser(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	_, match := s.seqFilter(p)
	srid := p.srid()
	base := baseURL(r)
	netPager{s: s, w: w, r: r, p: p, salt: hashSekvenser, count: s.net.len()}.run(match, func(i int, enc *json.Encoder) int {
		out := s.renderSekvens(s.net.at(i), srid, base)
		_ = enc.Encode(&out)
		return 1
	})
}

func (s *Server) getSekvens(w http.ResponseWriter, r *http.Request, id int64) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	i, ok := s.net.indexOf(id)
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke veglenkesekvens med id "+i64(id))
		return
	}
	s.writeJSON(w, r, s.renderSekvens(s.net.at(i), srid, baseURL(r)))
}

func geomMedKvalitet(sq *netSeq, wkt string, srid int) nvdb.VegnettGeometri {
	n := 100
	return nvdb.VegnettGeometri{WKT: wkt, Srid: srid, Kvalitet: &nvdb.GeometriKvalitet{Datafangstmetode: "fot", Noyaktighet: &n},
		Datafangstdato: "2019-06-12", Kommune: sq.obj.Lokasjon.Kommuner[0], Temakode: 7001, Lengde: sq.obj.Lokasjon.Lengde, Medium: "T"}
}

func (s *Server) renderSekvens(sq *netSeq, srid int, base string) nvdb.Veglenkesekvens {
	o := sq.obj
	vs := o.Vegsegmenter[0]
	l := o.Lokasjon.Lengde
	return nvdb.Veglenkesekvens{
		Veglenkesekvensid: sq.id, Href: base + vegnettV4 + "/veglenkesekvenser/" + i64(sq.id), Lengde: l,
		Porter: []nvdb.Veglenkeport{
			{ID: 1, RelativPosisjon: 0, Tilkobling: nvdb.VeglenkeportTilkobling{Portnummer: 1, Nodeid: sq.start, Href: base + vegnettV4 + "/noder/" + i64(sq.start)}},
			{ID: 2, RelativPosisjon: 1, Tilkobling: nvdb.VeglenkeportTilkobling{Portnummer: s.net.endPort(sq), Nodeid: sq.slutt, Href: base + vegnettV4 + "/noder/" + i64(sq.slutt)}},
		},
		Veglenker: []nvdb.Veglenke{{
			Veglenkenummer: 1, Type: "HOVED", Startport: 1, Sluttport: 2, Startposisjon: 0, Sluttposisjon: 1, Lengde: l,
			Geometri: geomMedKvalitet(sq, transformWKT(o.Lokasjon.Geometri.WKT, srid), srid), Maledato: "2019-06-12", Malemetode: "Metrert",
			Detaljniva: vs.Detaljniva, TypeVeg: typeVegVisning[vs.TypeVegSosi], TypeVegSosi: vs.TypeVegSosi, Feltoversikt: []string{"1", "2"},
			Startdato: o.Metadata.Startdato, Topologiniva: "Vegtrase",
		}},
	}
}

// endPort is the node port the end of sq connects to: 2 where a chain
// continues from the node, else 1.
func (n *network) endPort(sq *netSeq) int {
	if sq.id >= genNetBase && int(sq.id-genNetBase)+len(genKommuner) < n.n {
		return 2
	}
	return 1
}

func (s *Server) renderSegment(sq *netSeq, wkt string, from, to float64, srid int, base string) nvdb.Veglenkesegment {
	o := sq.obj
	vs := o.Vegsegmenter[0]
	l := o.Lokasjon
	lengde := l.Lengde * (to - from)
	vsr := l.Vegsystemreferanser[0]
	if st := vsr.Strekning; st != nil && st.FraMeter != nil && st.TilMeter != nil {
		c := *st
		span := *st.TilMeter - *st.FraMeter
		fra, til := math.Round(*st.FraMeter+from*span), math.Round(*st.FraMeter+to*span)
		c.FraMeter, c.TilMeter = &fra, &til
		vsr.Strekning = &c
		vsr.Kortform = vsr.Vegsystem.Vegkategori + vsr.Vegsystem.Fase + itoa(vsr.Vegsystem.Nummer) + " S" + itoa(c.Strekning) + "D" + itoa(c.Delstrekning) + " m" + itoa(int(fra)) + "-" + itoa(int(til))
	}
	g := geomMedKvalitet(sq, wkt, srid)
	g.Lengde = lengde
	seg := nvdb.Veglenkesegment{
		Veglenkesekvensid: sq.id, Href: base + vegnettV4 + "/veglenkesekvenser/segmentert/" + i64(sq.id),
		Metadata: nvdb.SegmentMetadata{Startdato: o.Metadata.Startdato}, Startposisjon: from, Sluttposisjon: to,
		Kortform: posText(from) + "-" + posText(to) + "@" + i64(sq.id), Veglenkenummer: 1, Segmentnummer: 1,
		Startnode: i64(sq.start), Sluttnode: i64(sq.slutt), Referanse: posText(from) + "-" + posText(to) + "@" + i64(sq.id) + "-1",
		Type: "HOVED", Detaljniva: vs.Detaljniva, TypeVeg: typeVegVisning[vs.TypeVegSosi], TypeVegSosi: vs.TypeVegSosi,
		Malemetode: "Metrert", Maledato: "2019-06-12", Feltoversikt: []string{"1", "2"}, FeltoversiktMetreringsretning: []string{"1", "2"},
		Geometri: g, Lengde: lengde, Fylke: l.Fylker[0], Kommune: l.Kommuner[0], Vegsystemreferanse: vsr,
		Kontraktsomrader: l.Kontraktsomrader, Riksvegruter: l.Riksvegruter, Vegforvaltere: l.Vegforvaltere, Topologiniva: "Vegtrase",
	}
	if from != 0 || to != 1 {
		seg.Startnode, seg.Sluttnode = posText(from)+"@"+i64(sq.id), posText(to)+"@"+i64(sq.id)
		if from == 0 {
			seg.Startnode = i64(sq.start)
		}
		if to == 1 {
			seg.Sluttnode = i64(sq.slutt)
		}
	}
	return seg
}

func (s *Server) listSegmenter(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	_, match := s.seqFilter(p)
	ro := renderOpts{srid: p.srid(), tol: p.integer("geometritoleranse", 0)}
	base := baseURL(r)
	netPager{s: s, w: w, r: r, p: p, salt: hashSegmenter, count: s.net.len()}.run(match, func(i int, enc *json.Encoder) int {
		sq := s.net.at(i)
		wkt, _ := s.shape(sq.obj.Lokasjon.Geometri.WKT, ro)
		out := s.renderSegment(sq, wkt, 0, 1, ro.srid, base)
		_ = enc.Encode(&out)
		return 1
	})
}

func (s *Server) getSegmenter(w http.ResponseWriter, r *http.Request, id int64) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	p.boolean("historisk")
	t := p.date("tidspunkt")
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	i, ok := s.net.indexOf(id)
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke veglenkesekvens med id "+i64(id))
		return
	}
	sq := s.net.at(i)
	out := []nvdb.Veglenkesegment{}
	if t.IsZero() || string(sq.obj.Metadata.Startdato) <= t.Format(time.DateOnly) {
		out = append(out, s.renderSegment(sq, transformWKT(sq.obj.Lokasjon.Geometri.WKT, srid), 0, 1, srid, baseURL(r)))
	}
	s.writeJSON(w, r, out)
}

// Nodes: fixed sequence j has nodes 80_000_000+2j and +2j+1; generated
// node c*8+k (genNodeBase added) starts sequence c*8+k and ends c*8+k-8.
func (n *network) nodeCount() int { return 2*len(n.fixed) + n.n + len(genKommuner) }

// node returns the sequences a node connects: the one it starts (or nil)
// and the one it ends (or nil), and its id; ok is false for an empty slot.
func (n *network) node(j int) (id int64, starts, ends *netSeq, ok bool) {
	if j < 2*len(n.fixed) {
		sq := n.fixed[j/2]
		if j%2 == 0 {
			return sq.start, sq, nil, true
		}
		return sq.slutt, nil, sq, true
	}
	g := j - 2*len(n.fixed)
	if g < n.n {
		starts = genSeq(g)
	}
	if e := g - len(genKommuner); e >= 0 && e < n.n {
		ends = genSeq(e)
	}
	return genNodeBase + int64(g), starts, ends, starts != nil || ends != nil
}

func (n *network) nodeIndex(id int64) (int, bool) {
	switch {
	case id >= genNodeBase:
		j := 2*len(n.fixed) + int(id-genNodeBase)
		if j < n.nodeCount() {
			_, _, _, ok := n.node(j)
			return j, ok
		}
	case id >= 80_000_000 && id < 80_000_000+int64(2*len(n.fixed)):
		return int(id - 80_000_000), true
	}
	return 0, false
}

func (s *Server) renderNode(j int, srid int, base string) nvdb.Node {
	id, starts, ends, _ := s.net.node(j)
	var p [3]float64
	var kommuner []int
	var porter []nvdb.Nodeport
	start := nvdb.Dato("9999-12-31")
	if starts != nil {
		p = coords(starts.obj.Lokasjon.Geometri.WKT)[0]
		kommuner = append(kommuner, starts.obj.Lokasjon.Kommuner...)
		porter = append(porter, nvdb.Nodeport{ID: 1, Tilkobling: nvdb.NodeportTilkobling{Portnummer: 1, Veglenkesekvensid: starts.id, Href: base + vegnettV4 + "/veglenkesekvenser/segmentert/" + i64(starts.id)}})
		start = min(start, starts.obj.Metadata.Startdato)
	}
	if ends != nil {
		cs := coords(ends.obj.Lokasjon.Geometri.WKT)
		if starts == nil {
			p = cs[len(cs)-1]
			kommuner = append(kommuner, ends.obj.Lokasjon.Kommuner...)
		}
		porter = append(porter, nvdb.Nodeport{ID: len(porter) + 1, Tilkobling: nvdb.NodeportTilkobling{Portnummer: 2, Veglenkesekvensid: ends.id, Href: base + vegnettV4 + "/veglenkesekvenser/segmentert/" + i64(ends.id)}})
		start = min(start, ends.obj.Metadata.Startdato)
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	wkt := transformWKT("POINT Z ("+f(p[0])+" "+f(p[1])+" "+f(p[2])+")", srid)
	return nvdb.Node{ID: id, Href: base + vegnettV4 + "/noder/" + i64(id), Startdato: start, Kommuner: kommuner,
		Geometri: nvdb.Geometri{WKT: wkt, Srid: srid}, Porter: porter}
}

func (s *Server) listNoder(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	ider := p.int64s("ider")
	q := cloneValues(p.v)
	q.Del("ider")
	bboxRaw := q.Get("kartutsnitt")
	q.Del("kartutsnitt")
	sp := &params{v: q}
	f := parseSearch(sp, s.data)
	if sp.err != nil {
		p.fail(sp.err)
	}
	var bb *[4]float64
	if bboxRaw != "" {
		bp := &params{v: url.Values{"kartutsnitt": {bboxRaw}, "srid": {q.Get("srid")}}}
		bb = parseSearch(bp, s.data).bbox
		if bp.err != nil {
			p.fail(bp.err)
		}
	}
	superid := p.v.Get("superid")
	if superid != "" {
		if n, err := strconv.ParseInt(superid, 10, 64); err != nil || n <= 0 {
			p.fail(bad("Ugyldig superid %q", superid))
		}
	}
	srid := p.srid()
	base := baseURL(r)
	match := func(j int) bool {
		id, starts, ends, ok := s.net.node(j)
		if !ok || superid != "" || (ider != nil && !ider[id]) {
			return false
		}
		if bb != nil {
			sq := starts
			var c [3]float64
			if sq != nil {
				c = coords(sq.obj.Lokasjon.Geometri.WKT)[0]
			} else {
				cs := coords(ends.obj.Lokasjon.Geometri.WKT)
				c = cs[len(cs)-1]
			}
			if c[0] < bb[0] || c[0] > bb[2] || c[1] < bb[1] || c[1] > bb[3] {
				return false
			}
		}
		return (starts != nil && f.match(starts.obj)) || (ends != nil && f.match(ends.obj))
	}
	netPager{s: s, w: w, r: r, p: p, salt: hashNoder, count: s.net.nodeCount()}.run(match, func(j int, enc *json.Encoder) int {
		out := s.renderNode(j, srid, base)
		_ = enc.Encode(&out)
		return 1
	})
}

func (s *Server) getNode(w http.ResponseWriter, r *http.Request, id int64) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	j, ok := s.net.nodeIndex(id)
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke node med id "+i64(id))
		return
	}
	s.writeJSON(w, r, s.renderNode(j, srid, baseURL(r)))
}

// posisjonAt is the answer for relative position rel on sq.
func (s *Server) posisjonAt(sq *netSeq, rel float64, srid int) nvdb.Posisjon {
	rel = math.Round(rel*1e8) / 1e8
	l := sq.obj.Lokasjon
	vsr := l.Vegsystemreferanser[0]
	if st := vsr.Strekning; st != nil && st.FraMeter != nil && st.TilMeter != nil {
		c := *st
		m := math.Round((*st.FraMeter+rel*(*st.TilMeter-*st.FraMeter))*1000) / 1000
		c.Meter, c.FraMeter, c.TilMeter = &m, nil, nil
		vsr.Strekning = &c
		vsr.Kortform = vsr.Vegsystem.Vegkategori + vsr.Vegsystem.Fase + itoa(vsr.Vegsystem.Nummer) + " S" + itoa(c.Strekning) + "D" + itoa(c.Delstrekning) + " m" + itoa(int(m))
	}
	p := along(coords(l.Geometri.WKT), rel)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	wkt := transformWKT("POINT Z ("+f(p[0])+" "+f(p[1])+" "+f(p[2])+")", srid)
	return nvdb.Posisjon{Vegsystemreferanse: vsr, Veglenkesekvens: nvdb.PosisjonVeglenkesekvens{Veglenkesekvensid: sq.id, RelativPosisjon: rel,
		Kortform: posText(rel) + "@" + i64(sq.id)}, Geometri: nvdb.Geometri{WKT: wkt, Srid: srid}, Kommune: l.Kommuner[0]}
}

var vsrMeterPattern = regexp.MustCompile(`^(\d{4})?([EFKPRSU])([VAPF])(\d+)S(\d+)D(\d+)M(\d+(?:\.\d+)?)$`)

// lookupVeg places a road reference or veglenkesekvens position.
func (s *Server) lookupVeg(vsr, vls string, kommuner map[int]bool, srid int) (nvdb.Posisjon, bool, error) {
	if vls != "" {
		v, ok := parseVls(vls)
		if !ok || v.from != v.to || v.from < 0 || v.from > 1 {
			return nvdb.Posisjon{}, false, bad("Ugyldig veglenkesekvens %q (forventet posisjon@veglenkesekvensid)", vls)
		}
		i, ok := s.net.indexOf(v.id)
		if !ok {
			return nvdb.Posisjon{}, false, nil
		}
		sq := s.net.at(i)
		if kommuner != nil && !kommuner[sq.obj.Lokasjon.Kommuner[0]] {
			return nvdb.Posisjon{}, false, nil
		}
		return s.posisjonAt(sq, v.from, srid), true, nil
	}
	m := vsrMeterPattern.FindStringSubmatch(strings.ToUpper(strings.ReplaceAll(vsr, " ", "")))
	if m == nil {
		return nvdb.Posisjon{}, false, bad("Ugyldig vegsystemreferanse %q: må ha én meterverdi (EV6 S1D1 m12)", vsr)
	}
	a := func(x string) int { n, _ := strconv.Atoi(x); return n }
	meter, _ := strconv.ParseFloat(m[7], 64)
	for i := 0; i < s.net.len(); i++ {
		sq := s.net.at(i)
		l := sq.obj.Lokasjon
		if (kommuner != nil && !kommuner[l.Kommuner[0]]) || (m[1] != "" && l.Kommuner[0] != a(m[1])) {
			continue
		}
		v := l.Vegsystemreferanser[0]
		st := v.Strekning
		if v.Vegsystem.Vegkategori != m[2] || v.Vegsystem.Fase != m[3] || v.Vegsystem.Nummer != a(m[4]) || st == nil ||
			st.Strekning != a(m[5]) || st.Delstrekning != a(m[6]) || st.FraMeter == nil || st.TilMeter == nil {
			continue
		}
		if meter >= *st.FraMeter && meter <= *st.TilMeter && *st.TilMeter > *st.FraMeter {
			return s.posisjonAt(sq, (meter-*st.FraMeter)/(*st.TilMeter-*st.FraMeter), srid), true, nil
		}
	}
	return nvdb.Posisjon{}, false, nil
}

func (s *Server) veg(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	kommuner := p.ints("kommune")
	p.date("tidspunkt")
	vsr, vls := p.v.Get("vegsystemreferanse"), p.v.Get("veglenkesekvens")
	if p.err == nil && (vsr == "") == (vls == "") {
		p.fail(bad("Oppgi enten vegsystemreferanse eller veglenkesekvens"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	pos, ok, err := s.lookupVeg(vsr, vls, kommuner, srid)
	switch {
	case err != nil:
		s.fail(w, r, err)
	case !ok:
		writeProblem(w, r, http.StatusNotFound, "Fant ingen posisjon for "+vsr+vls)
	default:
		s.writeJSON(w, r, pos)
	}
}

func (s *Server) vegBatch(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	kommuner := p.ints("kommune")
	vsrs, vlss := p.list("vegsystemreferanser"), p.list("veglenkesekvenser")
	if p.err == nil && len(vsrs)+len(vlss) == 0 {
		p.fail(bad("Oppgi vegsystemreferanser eller veglenkesekvenser"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	out := map[string]nvdb.Posisjon{}
	for _, v := range vsrs {
		pos, ok, err := s.lookupVeg(v, "", kommuner, srid)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			out[v] = pos
		}
	}
	for _, v := range vlss {
		pos, ok, err := s.lookupVeg("", v, kommuner, srid)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			out[v] = pos
		}
	}
	s.writeJSON(w, r, out)
}

func (p *params) float(name string) *float64 {
	v := p.v.Get(name)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.fail(bad("Ugyldig verdi for %s: %q", name, v))
		return nil
	}
	return &f
}

type hit struct {
	sq   *netSeq
	rel  float64
	dist float64
}

// snap finds the sequences within maxDist of (x, y) in UTM33, nearest first.
func (s *Server) snap(x, y, maxDist float64, ok func(*netSeq) bool) []hit {
	var hits []hit
	for i := 0; i < s.net.len(); i++ {
		sq := s.net.at(i)
		x0, y0, x1, y1, _ := bbox(sq.obj.Lokasjon.Geometri.WKT)
		if x < x0-maxDist || x > x1+maxDist || y < y0-maxDist || y > y1+maxDist || !ok(sq) {
			continue
		}
		rel, d, _ := nearest(coords(sq.obj.Lokasjon.Geometri.WKT), x, y)
		if d <= maxDist {
			hits = append(hits, hit{sq, rel, d})
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].dist < hits[b].dist })
	return hits
}

func (s *Server) posisjon(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	srid := p.srid()
	nord, ost, lat, lon := p.float("nord"), p.float("ost"), p.float("lat"), p.float("lon")
	maks := p.integer("maks_avstand", 50)
	antall := p.integer("maks_antall", 1)
	p.boolean("konnekteringslenker")
	p.boolean("detaljerte_lenker")
	p.date("tidspunkt")
	var vsr []vsrFilter
	for _, x := range p.list("vegsystemreferanse") {
		v, ok := parseVsr(x)
		if !ok {
			p.fail(bad("Ugyldig vegsystemreferanse %q", x))
		}
		vsr = append(vsr, v)
	}
	tg := p.enum("trafikantgruppe", "K", "G")
	var x, y float64
	switch {
	case p.err != nil:
	case nord != nil && ost != nil && lat == nil && lon == nil:
		x, y = *ost, *nord
	case lat != nil && lon != nil && nord == nil && ost == nil:
		x, y = latLonToUTM(33, *lat, *lon)
	default:
		p.fail(bad("Oppgi enten nord og ost eller lat og lon"))
	}
	if p.err == nil && (maks < 1 || antall < 1) {
		p.fail(bad("maks_avstand og maks_antall må være større enn 0"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	hits := s.snap(x, y, float64(maks), func(sq *netSeq) bool {
		if tg != nil && !tg[sq.obj.Lokasjon.Vegsystemreferanser[0].Strekning.Trafikantgruppe] {
			return false
		}
		if len(vsr) == 0 {
			return true
		}
		for _, v := range vsr {
			if v.match(sq.obj) {
				return true
			}
		}
		return false
	})
	if len(hits) == 0 {
		writeProblem(w, r, http.StatusNotFound, "Fant ingen veg innenfor "+itoa(maks)+" meter")
		return
	}
	type medAvstand struct {
		nvdb.Posisjon
		Avstand float64 `json:"avstand"`
	}
	var out []medAvstand
	for _, h := range hits[:min(antall, len(hits))] {
		pos := s.posisjonAt(h.sq, h.rel, srid)
		out = append(out, medAvstand{pos, math.Round(h.dist*100) / 100})
	}
	s.writeJSON(w, r, out)
}

// rutePost answers the POST form of the route, whose body holds the
// parameters of the GET form.
func (s *Server) rutePost(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig JSON: "+err.Error())
		return
	}
	v := url.Values{}
	for k, x := range body {
		switch t := x.(type) {
		case nil:
		case []any:
			parts := make([]string, len(t))
			for i, e := range t {
				parts[i], _ = e.(string)
			}
			v.Set(k, strings.Join(parts, ","))
		case string:
			v.Set(k, t)
		case json.Number:
			v.Set(k, t.String())
		case bool:
			v.Set(k, strconv.FormatBool(t))
		}
	}
	s.rute(w, r, v)
}

// routePoint reads "x, y" (in srid) or "pos@id".
func (s *Server) routePoint(txt string, srid int, maxDist float64, ok func(*netSeq) bool) (hit, bool, error) {
	if strings.Contains(txt, "@") {
		v, good := parseVls(txt)
		if !good || v.from != v.to {
			return hit{}, false, bad("Ugyldig posisjon %q", txt)
		}
		i, found := s.net.indexOf(v.id)
		if !found {
			return hit{}, false, nil
		}
		return hit{sq: s.net.at(i), rel: v.from}, true, nil
	}
	xs, ys, good := strings.Cut(txt, ",")
	x, err1 := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if !good || err1 != nil || err2 != nil {
		return hit{}, false, bad("Ugyldig punkt %q (forventet \"x, y\" eller posisjon@veglenkesekvens)", txt)
	}
	if srid == 4326 {
		x, y = latLonToUTM(33, x, y)
	}
	hits := s.snap(x, y, maxDist, ok)
	if len(hits) == 0 {
		return hit{}, false, nil
	}
	return hits[0], true, nil
}

func (s *Server) rute(w http.ResponseWriter, r *http.Request, v url.Values) {
	p := &params{v: v}
	srid := p.srid()
	maks := p.integer("maks_avstand", 10)
	omkrets := p.integer("omkrets", 200)
	p.boolean("konnekteringslenker")
	p.boolean("detaljerte_lenker")
	kort := p.boolean("kortform")
	p.boolean("behold_trafikantgruppe")
	p.date("tidspunkt")
	var vsr []vsrFilter
	for _, x := range p.list("vegsystemreferanse") {
		f, ok := parseVsr(x)
		if !ok {
			p.fail(bad("Ugyldig vegsystemreferanse %q", x))
		}
		vsr = append(vsr, f)
	}
	tg := p.enum("trafikantgruppe", "K", "G")
	var visning []string
	for _, n := range typeVegVisning {
		visning = append(visning, n)
	}
	sort.Strings(visning)
	tv := p.enum("typeveg", visning...)
	start, slutt, geom := v.Get("start"), v.Get("slutt"), v.Get("geometri")
	if p.err == nil && omkrets < 1 || omkrets > 15000 {
		p.fail(bad("omkrets må være mellom 1 og 15000"))
	}
	if p.err == nil && maks < 0 {
		p.fail(bad("maks_avstand må være 0 eller mer"))
	}
	switch {
	case p.err != nil:
	case geom != "" && (start != "" || slutt != ""):
		p.fail(bad("Oppgi enten start og slutt eller geometri"))
	case geom != "" && v.Get("linje_geometri") != "":
		p.fail(bad("linje_geometri kan ikke kombineres med geometri"))
	case geom != "":
		cs := coords(geom)
		if !strings.HasPrefix(strings.ToUpper(geom), "LINESTRING") || len(cs) < 2 {
			p.fail(bad("Ugyldig geometri: forventet LINESTRING"))
			break
		}
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
		start, slutt = f(cs[0][0])+", "+f(cs[0][1]), f(cs[len(cs)-1][0])+", "+f(cs[len(cs)-1][1])
	case start == "" || slutt == "":
		p.fail(bad("Oppgi både start og slutt"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	allowed := func(sq *netSeq) bool {
		vs := sq.obj.Vegsegmenter[0]
		if tv != nil && !tv[typeVegVisning[vs.TypeVegSosi]] {
			return false
		}
		if tg != nil && !tg[sq.obj.Lokasjon.Vegsystemreferanser[0].Strekning.Trafikantgruppe] {
			return false
		}
		if len(vsr) == 0 {
			return true
		}
		for _, f := range vsr {
			if f.match(sq.obj) {
				return true
			}
		}
		return false
	}
	a, okA, err := s.routePoint(start, srid, float64(max(maks, 1)), allowed)
	var b hit
	okB := false
	if err == nil && okA {
		b, okB, err = s.routePoint(slutt, srid, float64(max(maks, 1)), allowed)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if okA && okB {
		if stretches, found := s.findRoute(a, b, allowed); found {
			s.writeRoute(w, r, stretches, kort != nil && *kort, srid)
			return
		}
	}
	writeProblem(w, r, http.StatusNotFound, "Fant ingen rute mellom "+start+" og "+slutt)
}

type stretch struct {
	sq       *netSeq
	from, to float64
}

// findRoute connects a and b: on one sequence, or along a generated chain.
func (s *Server) findRoute(a, b hit, allowed func(*netSeq) bool) ([]stretch, bool) {
	if a.sq.id == b.sq.id {
		return []stretch{{a.sq, math.Min(a.rel, b.rel), math.Max(a.rel, b.rel)}}, true
	}
	if a.sq.id < genNetBase || b.sq.id < genNetBase {
		return nil, false
	}
	ga, gb := int(a.sq.id-genNetBase), int(b.sq.id-genNetBase)
	k := len(genKommuner)
	if ga%k != gb%k {
		return nil, false
	}
	if ga > gb {
		a, b, ga, gb = b, a, gb, ga
	}
	out := []stretch{{a.sq, a.rel, 1}}
	for g := ga + k; g < gb; g += k {
		sq := genSeq(g)
		if !allowed(sq) {
			return nil, false
		}
		out = append(out, stretch{sq, 0, 1})
	}
	return append(out, stretch{b.sq, 0, b.rel}), true
}

// subLine cuts the part between relative positions from and to.
func subLine(cs [][3]float64, from, to float64) string {
	total := 0.0
	for i := 1; i < len(cs); i++ {
		total += math.Hypot(cs[i][0]-cs[i-1][0], cs[i][1]-cs[i-1][1])
	}
	pts := [][3]float64{along(cs, from)}
	run := 0.0
	for i := 1; i < len(cs)-1; i++ {
		run += math.Hypot(cs[i][0]-cs[i-1][0], cs[i][1]-cs[i-1][1])
		if total > 0 && run/total > from && run/total < to {
			pts = append(pts, cs[i])
		}
	}
	pts = append(pts, along(cs, to))
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	var b strings.Builder
	b.WriteString("LINESTRING Z (")
	for i, p := range pts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f(p[0]) + " " + f(p[1]) + " " + f(p[2]))
	}
	b.WriteString(")")
	return b.String()
}

func (s *Server) writeRoute(w http.ResponseWriter, r *http.Request, st []stretch, kort bool, srid int) {
	meta := map[string]any{"antall": len(st), "status": 2000, "status_tekst": "KOMPLETT"}
	total := 0.0
	base := baseURL(r)
	var segs []any
	for _, x := range st {
		l := x.sq.obj.Lokasjon.Lengde * (x.to - x.from)
		total += l
		if kort {
			from, to := math.Round(x.from*1e8)/1e8, math.Round(x.to*1e8)/1e8
			segs = append(segs, map[string]any{"type": "Linje", "veglenkesekvensid": x.sq.id, "startposisjon": from, "sluttposisjon": to,
				"kortform": posText(from) + "-" + posText(to) + "@" + i64(x.sq.id)})
			continue
		}
		wkt := transformWKT(subLine(coords(x.sq.obj.Lokasjon.Geometri.WKT), x.from, x.to), srid)
		seg := s.renderSegment(x.sq, wkt, math.Round(x.from*1e8)/1e8, math.Round(x.to*1e8)/1e8, srid, base)
		// A route segment always lists its contract areas and routes.
		segs = append(segs, struct {
			nvdb.Veglenkesegment
			Kontraktsomrader []nvdb.Kontraktsomrade `json:"kontraktsområder"`
			Riksvegruter     []nvdb.Riksvegrute     `json:"riksvegruter"`
		}{seg, append([]nvdb.Kontraktsomrade{}, seg.Kontraktsomrader...), append([]nvdb.Riksvegrute{}, seg.Riksvegruter...)})
	}
	meta["lengde"] = math.Round(total*1000) / 1000
	typ := "Rute"
	if kort {
		typ = "RuteKortform"
	}
	s.writeJSON(w, r, map[string]any{"type": typ, "vegnettsrutesegmenter": segs, "metadata": meta})
}

// vegnettEndringer answers the network's change feed: changes after
// start (a date, a timestamp or a cursor "tidspunkt,id,0"), oldest first.
func (s *Server) vegnettEndringer(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	ider := p.int64s("ider")
	fylke, kommune := p.ints("fylke"), p.ints("kommune")
	antall := p.integer("antall", 1000)
	parse := func(name string) (time.Time, int64) {
		v := p.v.Get(name)
		if v == "" {
			return time.Time{}, 0
		}
		ts, idPart, cursor := strings.Cut(v, ",")
		var id int64
		if cursor {
			parts := strings.Split(idPart, ",")
			n, err := strconv.ParseInt(parts[0], 10, 64)
			if err != nil || name != "start" {
				p.fail(bad("Ugyldig %s %q", name, v))
			}
			id = n
		}
		if t, err := time.Parse(time.RFC3339Nano, ts); err == nil {
			return t, id
		}
		if t, err := time.Parse(time.DateOnly, ts); err == nil {
			return t, id
		}
		p.fail(bad("Ugyldig %s %q: forventet dato eller tidspunkt med tidssone", name, v))
		return time.Time{}, 0
	}
	from, fromID := parse("start")
	til, _ := parse("slutt")
	if p.err == nil && (antall < 1 || antall > 1000) {
		p.fail(bad("antall må være mellom 1 og 1000"))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	type endring struct {
		ID        int64     `json:"id"`
		Tidspunkt time.Time `json:"tidspunkt"`
	}
	fjernet, segmentert := []endring{}, []endring{}
	var last *netChange
	n := 0
	for i := range s.net.changes {
		c := &s.net.changes[i]
		if !from.IsZero() && (c.tidspunkt.Before(from) || (c.tidspunkt.Equal(from) && (fromID == 0 || c.id <= fromID))) {
			continue
		}
		if !til.IsZero() && !c.tidspunkt.Before(til) {
			break
		}
		if (ider != nil && !ider[c.id]) || (fylke != nil && !fylke[c.fylke]) || (kommune != nil && !kommune[c.kommune]) {
			continue
		}
		if n == antall {
			break
		}
		n++
		last = c
		if c.fjernet {
			fjernet = append(fjernet, endring{c.id, c.tidspunkt})
		} else {
			segmentert = append(segmentert, endring{c.id, c.tidspunkt})
		}
	}
	tok := p.v.Get("start")
	if last != nil {
		tok = last.tidspunkt.Format(time.RFC3339Nano) + "," + i64(last.id) + ",0"
	}
	meta := pageMeta{Returnert: n, Sidestorrelse: antall}
	if tok != "" {
		meta.Neste = &nesteSide{Start: tok, Href: nextHref(r, tok)}
	}
	s.writeJSON(w, r, map[string]any{"veglenkesekvenserFjernet": fjernet, "veglenkesekvenserSegmentert": segmentert, "metadata": meta})
}

// vegnettStatistikk counts the network's segments, in total or grouped by
// fylke and/or vegkategori (within kartutsnitt).
func (s *Server) vegnettStatistikk(w http.ResponseWriter, r *http.Request, gruppert bool) {
	p := &params{v: r.URL.Query()}
	var f *filter
	var by map[string]bool
	if gruppert {
		by = p.enum("gruppering", "fylke", "vegkategori")
		if p.err == nil && len(by) == 0 {
			p.fail(bad("gruppering er påkrevd"))
		}
		p.srid()
		bp := &params{v: url.Values{"kartutsnitt": p.v["kartutsnitt"], "srid": p.v["srid"]}}
		f = parseSearch(bp, s.data)
		if bp.err != nil {
			p.fail(bp.err)
		}
	} else {
		f = &filter{store: s.data}
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if !gruppert {
		n, total := 0, 0.0
		for i := 0; i < s.net.len(); i++ {
			n++
			total += s.net.at(i).obj.Lokasjon.Lengde
		}
		s.writeJSON(w, r, map[string]any{"antall": n, "totalLengde": math.Round(total*1000) / 1000})
		return
	}
	type key struct {
		fylke int
		kat   string
	}
	counts := map[key]int{}
	for i := 0; i < s.net.len(); i++ {
		sq := s.net.at(i)
		if !f.match(sq.obj) {
			continue
		}
		var k key
		if by["fylke"] {
			k.fylke = sq.obj.Lokasjon.Fylker[0]
		}
		if by["vegkategori"] {
			k.kat = sq.obj.Lokasjon.Vegsystemreferanser[0].Vegsystem.Vegkategori
		}
		counts[k]++
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].fylke != keys[b].fylke {
			return keys[a].fylke < keys[b].fylke
		}
		return keys[a].kat < keys[b].kat
	})
	out := make([]map[string]any, 0, len(keys))
	for _, k := range keys {
		g := map[string]any{"antall": counts[k]}
		if by["fylke"] {
			g["fylke"] = k.fylke
		}
		if by["vegkategori"] {
			g["vegkategori"] = k.kat
		}
		out = append(out, g)
	}
	s.writeJSON(w, r, out)
}
