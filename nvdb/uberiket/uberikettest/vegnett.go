package uberikettest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// vegnettSelect returns the items with ids above start (only those in ids
// when not nil), at most limit+1 of them.
func vegnettSelect[T any](items []T, id func(T) int64, ids []int64, start int64, limit int) []T {
	out := []T{} // an empty page has an empty list, not null
	for _, it := range items {
		if len(out) > limit {
			break
		}
		if i := id(it); i > start && (ids == nil || slices.Contains(ids, i)) {
			out = append(out, it)
		}
	}
	return out
}

func vlsID(v *uberiket.Veglenkesekvens) int64 { return v.ID }
func nodeID(n *uberiket.Node) int64           { return n.ID }

// writeSide answers a page: the list under its name and the metadata,
// neste.start being the last item's id.
func writeSide[T any](s *Server, w http.ResponseWriter, r *http.Request, name string, items []T, id func(T) int64, antall int) {
	more := len(items) > antall
	items = items[:min(len(items), antall)]
	var next string
	if len(items) > 0 {
		next = strconv.FormatInt(id(items[len(items)-1]), 10)
	}
	if !s.produce(r, len(items)) {
		return
	}
	s.writeJSON(w, r, map[string]any{name: items, "metadata": metadata(r, len(items), antall, more, next)})
}

// writeStream answers items as NDJSON.
func writeStream[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T) {
	lines := make([][]byte, 0, len(items))
	for _, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			writeProblem(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		lines = append(lines, append(b, '\n'))
	}
	s.writeLines(w, r, lines)
}

// hentVeglenkesekvenser: GET /vegnett/veglenkesekvenser, a page.
func (s *Server) hentVeglenkesekvenser(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ids, antall := p.ids("ider"), p.antall(defaultSide, maxSide)
	start, _ := p.int64("start")
	minimum := p.enum("inkluder", "minimum", "alle")["minimum"]
	p.unsupported("vegsystemreferanse", "polygon")
	if !p.ok(w) {
		return
	}
	items := vegnettSelect(s.w.net.vls, vlsID, ids, start, antall)
	if minimum {
		short := make([]*uberiket.Veglenkesekvens, len(items))
		for k, v := range items {
			short[k] = &uberiket.Veglenkesekvens{ID: v.ID, Lengde: v.Lengde, SistEndret: v.SistEndret}
		}
		items = short
	}
	writeSide(s, w, r, "veglenkesekvenser", items, vlsID, antall)
}

// streamVeglenkesekvenser: GET /vegnett/veglenkesekvenser/stream. start is
// not in the specification, but NVDB's TN-ITS tool reads the stream with
// it, and the fake takes it as the vegobjekt streams do.
func (s *Server) streamVeglenkesekvenser(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ids, antall := p.ids("ider"), p.antall(defaultStream, maxStream)
	start, _ := p.int64("start")
	p.unsupported("vegsystemreferanse", "polygon")
	if !p.ok(w) {
		return
	}
	items := vegnettSelect(s.w.net.vls, vlsID, ids, start, antall)
	writeStream(s, w, r, items[:min(len(items), antall)])
}

func (s *Server) findVls(w http.ResponseWriter, r *http.Request) *uberiket.Veglenkesekvens {
	id, ok := pathID(w, r, "veglenkesekvensId")
	if !ok {
		return nil
	}
	for _, v := range s.w.net.vls {
		if v.ID == id {
			return v
		}
	}
	writeProblem(w, r, http.StatusNotFound, "Fant ikke veglenkesekvens "+strconv.FormatInt(id, 10))
	return nil
}

// hentVeglenkesekvens: GET /vegnett/veglenkesekvenser/{veglenkesekvensId}.
func (s *Server) hentVeglenkesekvens(w http.ResponseWriter, r *http.Request) {
	if v := s.findVls(w, r); v != nil {
		s.writeJSON(w, r, v)
	}
}

// hentVeglenkesekvensHistorisk: GET .../{veglenkesekvensId}/historisk, the
// veglenkesekvens with the links valid on dato.
func (s *Server) hentVeglenkesekvensHistorisk(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	d := p.dato("dato", true)
	if !p.ok(w) {
		return
	}
	v := s.findVls(w, r)
	if v == nil {
		return
	}
	on := *v
	on.Veglenker = nil
	for _, l := range v.Veglenker {
		if l.Gyldighetsperiode.AktivPaa(d) {
			on.Veglenker = append(on.Veglenker, l)
		}
	}
	if on.Veglenker == nil {
		writeProblem(w, r, http.StatusNotFound, "Veglenkesekvens "+strconv.FormatInt(v.ID, 10)+" fantes ikke "+string(d))
		return
	}
	s.writeJSON(w, r, &on)
}

var startVeglenke = regexp.MustCompile(`^([0-9]+)-([0-9]+)$`)

// streamVeglenker: GET /vegnett/veglenker/stream, the links of the
// veglenkesekvenser (those in ider) in order after start
// ([veglenkesekvensId]-[veglenkenummer]).
func (s *Server) streamVeglenker(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ids, antall := p.ids("ider"), p.antall(defaultStream, maxStream)
	var startVls int64
	startNr := 0
	if st := p.q.Get("start"); st != "" {
		m := startVeglenke.FindStringSubmatch(st)
		if m == nil {
			p.fail("Ugyldig verdi for start: %q. Forventet [veglenkesekvensId]-[veglenkenummer]", st)
		} else {
			startVls, _ = strconv.ParseInt(m[1], 10, 64)
			startNr, _ = strconv.Atoi(m[2])
		}
	}
	if !p.ok(w) {
		return
	}
	out := []*uberiket.VeglenkeMedID{}
	for _, v := range vegnettSelect(s.w.net.vls, vlsID, ids, startVls-1, len(s.w.net.vls)) {
		ls := veglenker(v)
		slices.SortFunc(ls, func(a, b *uberiket.VeglenkeMedID) int { return a.Veglenkenummer - b.Veglenkenummer })
		for _, l := range ls {
			if (v.ID > startVls || l.Veglenkenummer > startNr) && len(out) < antall {
				out = append(out, l)
			}
		}
	}
	writeStream(s, w, r, out)
}

// hentNoder: GET /vegnett/noder, a page.
func (s *Server) hentNoder(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ids, antall := p.ids("ider"), p.antall(defaultSide, maxSide)
	start, _ := p.int64("start")
	p.unsupported("vegsystemreferanse", "polygon")
	if !p.ok(w) {
		return
	}
	writeSide(s, w, r, "noder", vegnettSelect(s.w.net.noder, nodeID, ids, start, antall), nodeID, antall)
}

// hentNode: GET /vegnett/noder/{nodeId}.
func (s *Server) hentNode(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "nodeId")
	if !ok {
		return
	}
	for _, n := range s.w.net.noder {
		if n.ID == id {
			s.writeJSON(w, r, n)
			return
		}
	}
	writeProblem(w, r, http.StatusNotFound, "Fant ikke node "+strconv.FormatInt(id, 10))
}
