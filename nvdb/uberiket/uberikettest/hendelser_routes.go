package uberikettest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

var vegobjektHendelseTyper = []string{uberiket.VegobjektVersjonOpprettet, uberiket.VegobjektVersjonEndret,
	uberiket.VegobjektVersjonFjernet, uberiket.VegobjektImportert}

var vegnettHendelseTyper = []string{uberiket.NodeOpprettet, uberiket.NodeEndret, uberiket.NodeFjernet,
	uberiket.VeglenkesekvensOpprettet, uberiket.VeglenkesekvensEndret, uberiket.VeglenkesekvensFjernet}

// hendelseStart reads start and refuses one older than what the fake
// keeps (WithHendelseRetention): the hendelser after it are gone.
func (s *Server) hendelseStart(p *params) int64 {
	start, given := p.int64("start")
	if oldest := s.w.oldestKept(); given && start < oldest-1 {
		p.fail("Hendelse %d er eldre enn eldste tilgjengelige hendelse %d: hendelser etter %d er slettet", start, oldest, start)
	}
	return start
}

func (s *Server) readHendelseQuery(p *params, antall int) *hendelseQuery {
	return &hendelseQuery{Start: s.hendelseStart(p), From: p.tidspunkt("startDato"), Until: p.tidspunkt("sluttDato"),
		Kinds: p.enum("hendelsetype", vegobjektHendelseTyper...), Objects: idSet(p.ids("vegobjektId")), Limit: antall}
}

func idSet(ids []int64) map[int64]bool {
	if ids == nil {
		return nil
	}
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func (s *Server) writeHendelserSide(w http.ResponseWriter, r *http.Request, hs []*uberiket.VegobjektHendelse, more bool, antall int) {
	var next string
	if len(hs) > 0 {
		next = strconv.FormatInt(hs[len(hs)-1].HendelseID, 10)
	}
	if hs == nil {
		hs = []*uberiket.VegobjektHendelse{}
	}
	if !s.produce(r, len(hs)) {
		return
	}
	s.writeJSON(w, r, map[string]any{"hendelser": hs, "metadata": metadata(r, len(hs), antall, more, next)})
}

// hentVegobjektHendelser: GET /hendelser/vegobjekter/{typeId}, a page of a
// type's hendelser after start.
func (s *Server) hentVegobjektHendelser(w http.ResponseWriter, r *http.Request) {
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	p := newParams(r)
	q := s.readHendelseQuery(p, p.antall(defaultSide, maxSide))
	if !p.ok(w) {
		return
	}
	q.Types = map[int]bool{td.id: true}
	hs, more := s.w.vegobjektHendelser(q)
	s.writeHendelserSide(w, r, hs, more, q.Limit)
}

// hentVegobjektHendelserForTyper: GET /hendelser/vegobjekter, the same for
// several types (all when typeIder is absent).
func (s *Server) hentVegobjektHendelserForTyper(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	types := p.typeIDs("typeIder")
	q := s.readHendelseQuery(p, p.antall(defaultSide, maxSide))
	if !p.ok(w) {
		return
	}
	if _, ok := s.typesOf(w, r, types); !ok {
		return
	}
	q.Types = types
	hs, more := s.w.vegobjektHendelser(q)
	s.writeHendelserSide(w, r, hs, more, q.Limit)
}

// streamVegobjekthendelser: GET /hendelser/vegobjekter/{typeId}/stream, the
// hendelser after start as NDJSON.
func (s *Server) streamVegobjekthendelser(w http.ResponseWriter, r *http.Request) {
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	p := newParams(r)
	q := &hendelseQuery{Types: map[int]bool{td.id: true}, Start: s.hendelseStart(p), From: p.tidspunkt("startDato"),
		Limit: p.antall(defaultStream, maxStream)}
	if !p.ok(w) {
		return
	}
	hs, _ := s.w.vegobjektHendelser(q)
	writeStream(s, w, r, hs)
}

// hentSisteVegobjektHendelse: GET /hendelser/vegobjekter/{typeId}/siste, the
// newest hendelse of a type at or before tidspunkt.
func (s *Server) hentSisteVegobjektHendelse(w http.ResponseWriter, r *http.Request) {
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	p := newParams(r)
	at := p.tidspunkt("tidspunkt")
	if !p.ok(w) {
		return
	}
	h := s.w.siste(td.id, at)
	if h == nil {
		writeProblem(w, r, http.StatusNotFound, "Fant ingen hendelse for vegobjekttype "+strconv.Itoa(td.id)+tidText(at))
		return
	}
	s.writeJSON(w, r, h)
}

func tidText(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return " før " + uberiket.FormatTidspunkt(at)
}

// hentSisteVegobjektHendelseForTyper: GET /hendelser/vegobjekter/siste, the
// newest hendelse of each type that has one.
func (s *Server) hentSisteVegobjektHendelseForTyper(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	types := p.typeIDs("typeIder")
	at := p.tidspunkt("tidspunkt")
	if types == nil {
		p.fail("Parameter typeIder må oppgis")
	}
	if !p.ok(w) {
		return
	}
	tds, ok := s.typesOf(w, r, types)
	if !ok {
		return
	}
	out := []*uberiket.VegobjektHendelse{}
	for _, td := range tds {
		if h := s.w.siste(td.id, at); h != nil {
			out = append(out, h)
		}
	}
	s.writeJSON(w, r, out)
}

// vegnettQuery selects vegnett hendelser of a kind of element (0: both).
type vegnettQuery struct {
	element int
	start   int64
	from    time.Time
	until   time.Time
	kinds   map[string]bool
	ids     map[int64]bool
	limit   int
}

func (s *Server) vegnettHendelser(q vegnettQuery) ([]*uberiket.VegnettHendelse, bool) {
	out := []*uberiket.VegnettHendelse{}
	for _, h := range s.w.net.hendelser {
		switch {
		case h.HendelseID <= q.start, q.element != 0 && h.NettelementType != q.element,
			q.kinds != nil && !q.kinds[h.HendelseType], q.ids != nil && !q.ids[h.NettelementID],
			!q.from.IsZero() && h.Tidspunkt.Before(q.from), !q.until.IsZero() && !h.Tidspunkt.Before(q.until):
			continue
		}
		if len(out) == q.limit {
			return out, true
		}
		out = append(out, h)
	}
	return out, false
}

// vegnettFeed answers a page of vegnett hendelser; idParam names the
// filter on element ids.
func (s *Server) vegnettFeed(w http.ResponseWriter, r *http.Request, element int, idParam string) {
	p := newParams(r)
	q := vegnettQuery{element: element, from: p.tidspunkt("startDato"), until: p.tidspunkt("sluttDato"),
		kinds: p.enum("hendelsetype", vegnettHendelseTyper...), ids: idSet(p.ids(idParam)), limit: p.antall(defaultSide, maxSide)}
	q.start, _ = p.int64("start")
	if !p.ok(w) {
		return
	}
	hs, more := s.vegnettHendelser(q)
	var next string
	if len(hs) > 0 {
		next = strconv.FormatInt(hs[len(hs)-1].HendelseID, 10)
	}
	s.writeJSON(w, r, map[string]any{"hendelser": hs, "metadata": metadata(r, len(hs), q.limit, more, next)})
}

// vegnettSiste answers the newest vegnett hendelse of a kind of element at
// or before tidspunkt.
func (s *Server) vegnettSiste(w http.ResponseWriter, r *http.Request, element int) {
	p := newParams(r)
	at := p.tidspunkt("tidspunkt")
	if !p.ok(w) {
		return
	}
	hs := s.w.net.hendelser
	for k := len(hs) - 1; k >= 0; k-- {
		if h := hs[k]; (element == 0 || h.NettelementType == element) && (at.IsZero() || !h.Tidspunkt.After(at)) {
			s.writeJSON(w, r, h)
			return
		}
	}
	writeProblem(w, r, http.StatusNotFound, "Fant ingen vegnetthendelse"+tidText(at))
}

// hentVegnettHendelser: GET /hendelser/vegnett.
func (s *Server) hentVegnettHendelser(w http.ResponseWriter, r *http.Request) {
	s.vegnettFeed(w, r, 0, "nettelementId")
}

// hentSisteVegnettHendelse: GET /hendelser/vegnett/siste.
func (s *Server) hentSisteVegnettHendelse(w http.ResponseWriter, r *http.Request) {
	s.vegnettSiste(w, r, 0)
}

// hentVeglenkesekvensHendelser: GET /hendelser/veglenkesekvenser.
func (s *Server) hentVeglenkesekvensHendelser(w http.ResponseWriter, r *http.Request) {
	s.vegnettFeed(w, r, nettelementVeglenkesekvens, "veglenkesekvensId")
}

// hentSisteVeglenkesekvensHendelse: GET /hendelser/veglenkesekvenser/siste.
func (s *Server) hentSisteVeglenkesekvensHendelse(w http.ResponseWriter, r *http.Request) {
	s.vegnettSiste(w, r, nettelementVeglenkesekvens)
}

// streamVeglenkesekvensHendelser: GET /hendelser/veglenkesekvenser/stream.
func (s *Server) streamVeglenkesekvensHendelser(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	q := vegnettQuery{element: nettelementVeglenkesekvens, from: p.tidspunkt("startDato"), limit: p.antall(defaultStream, maxStream)}
	q.start, _ = p.int64("start")
	if !p.ok(w) {
		return
	}
	hs, _ := s.vegnettHendelser(q)
	writeStream(s, w, r, hs)
}

// hentNodeHendelser: GET /hendelser/noder.
func (s *Server) hentNodeHendelser(w http.ResponseWriter, r *http.Request) {
	s.vegnettFeed(w, r, nettelementNode, "nodeId")
}

// hentSisteNodeHendelse: GET /hendelser/noder/siste.
func (s *Server) hentSisteNodeHendelse(w http.ResponseWriter, r *http.Request) {
	s.vegnettSiste(w, r, nettelementNode)
}

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// hentHendelserForEndringssett: GET /hendelser/endringssett/{endringssettId},
// the hendelser an endringssett made, a page at a time (start counts them).
func (s *Server) hentHendelserForEndringssett(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("endringssettId")
	if !uuidRe.MatchString(id) {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig endringssettId: "+strconv.Quote(id))
		return
	}
	p := newParams(r)
	antall := p.antall(defaultSide, maxSide)
	offset := 0
	if st := p.q.Get("start"); st != "" {
		n, err := strconv.Atoi(st)
		if err != nil || n < 0 {
			p.fail("Ugyldig verdi for start: %q", st)
		}
		offset = n
	}
	if !p.ok(w) {
		return
	}
	hs, found := s.w.endringssett(id)
	if !found {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke endringssett "+id)
		return
	}
	page := hs[min(offset, len(hs)):min(offset+antall, len(hs))]
	if page == nil {
		page = []*uberiket.VegobjektHendelse{}
	}
	more := offset+antall < len(hs)
	s.writeJSON(w, r, map[string]any{"vegobjektHendelser": page, "vegnettHendelser": []*uberiket.VegnettHendelse{},
		"metadata": metadata(r, len(page), antall, more, fmt.Sprint(offset+len(page)))})
}
