package uberikettest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// vegobjekttype reads the type of the path; an unknown type is answered
// 404, a malformed one 400.
func (s *Server) vegobjekttype(w http.ResponseWriter, r *http.Request) (*typeData, bool) {
	raw := r.PathValue("typeId")
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig typeId: "+strconv.Quote(raw))
		return nil, false
	}
	td := s.w.types[id]
	if td == nil {
		writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+raw+" finnes ikke")
		return nil, false
	}
	return td, true
}

// typesOf returns the types a typeIder parameter names (all when nil); an
// unknown one is answered 404.
func (s *Server) typesOf(w http.ResponseWriter, r *http.Request, ids map[int]bool) ([]*typeData, bool) {
	var out []*typeData
	for _, id := range s.w.typeIDs {
		if ids == nil || ids[id] {
			out = append(out, s.w.types[id])
		}
	}
	for id := range ids {
		if s.w.types[id] == nil {
			writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+strconv.Itoa(id)+" finnes ikke")
			return nil, false
		}
	}
	return out, true
}

// eachEntry calls f with the objects of tds with ids above start (only
// those in ids when not nil) in id order, until f returns false. mu is
// held for reading.
func eachEntry(tds []*typeData, ids []int64, start int64, f func(td *typeData, i int) bool) {
	if ids != nil {
		for _, id := range ids {
			if id <= start {
				continue
			}
			for _, td := range tds {
				if i := td.index(id); i >= 0 {
					if !f(td, i) {
						return
					}
					break
				}
			}
		}
		return
	}
	pos := make([]int, len(tds))
	for k, td := range tds {
		pos[k] = td.after(start)
	}
	for {
		best := -1
		for k, td := range tds {
			if pos[k] < len(td.entries) && (best < 0 || td.entries[pos[k]].id < tds[best].entries[pos[best]].id) {
				best = k
			}
		}
		if best < 0 || !f(tds[best], pos[best]) {
			return
		}
		pos[best]++
	}
}

// streamQuery is what the vegobjekt streams select.
type streamQuery struct {
	ids     []int64
	start   int64
	antall  int
	dato    uberiket.Dato // "": the active version; else the version valid that day
	extents []extent
}

// streamLines picks the lines of a vegobjekt stream: the active objects,
// or with a dato the versions valid that day, encoded.
func (s *Server) streamLines(tds []*typeData, q streamQuery) [][]byte {
	s.w.mu.RLock()
	defer s.w.mu.RUnlock()
	out := make([][]byte, 0, min(q.antall, 1024))
	eachEntry(tds, q.ids, q.start, func(td *typeData, i int) bool {
		if e := &td.entries[i]; q.dato == "" {
			if e.line != nil && (q.extents == nil || overlaps(last(td.versions(i)), q.extents)) {
				out = append(out, e.line)
			}
			return len(out) < q.antall
		}
		for _, v := range td.versions(i) {
			if v.Gyldighetsperiode.AktivPaa(q.dato) && overlaps(v, q.extents) {
				b, _ := v.AppendJSON(nil)
				out = append(out, append(b, '\n'))
			}
		}
		return len(out) < q.antall
	})
	return out
}

func last[T any](s []T) T { return s[len(s)-1] }

func (s *Server) writeLines(w http.ResponseWriter, r *http.Request, lines [][]byte) {
	if !s.produce(r, len(lines)) {
		return
	}
	bw, done := s.writer(w, r, ndjson)
	for _, l := range lines {
		if _, err := bw.Write(l); err != nil {
			return // the client went away
		}
	}
	done()
}

// hentVegobjekterStream: GET /vegobjekter/{typeId}/stream, the active
// objects of a type as NDJSON, in id order after start.
func (s *Server) hentVegobjekterStream(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("typeId") == "id" { // /vegobjekter/id/stream: hentVegobjekt of a bad id
		s.hentVegobjekt(w, r, "stream")
		return
	}
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	p := newParams(r)
	q := streamQuery{ids: p.ids("ider"), antall: p.antall(defaultStream, maxStream)}
	q.start, _ = p.int64("start")
	if !p.ok(w) {
		return
	}
	s.writeLines(w, r, s.streamLines([]*typeData{td}, q))
}

// hentVegobjekterMultiTypeStream: GET /vegobjekter/stream, the objects of
// several types (all when typeIder is absent). start is not in the
// specification; the fake takes it as the one-type stream does.
func (s *Server) hentVegobjekterMultiTypeStream(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	types := p.typeIDs("typeIder")
	q := streamQuery{ids: p.ids("ider"), antall: p.antall(defaultStream, maxStream), dato: p.dato("dato", false), extents: p.stedfesting()}
	q.start, _ = p.int64("start")
	p.unsupported("vegsystemreferanse")
	if !p.ok(w) {
		return
	}
	tds, ok := s.typesOf(w, r, types)
	if !ok {
		return
	}
	s.writeLines(w, r, s.streamLines(tds, q))
}

var startVersjon = regexp.MustCompile(`^([0-9]+)-([0-9]+)$`)

// pageQuery is what the vegobjekt pages select.
type pageQuery struct {
	ids      []int64
	startID  int64
	startVer int
	antall   int
	dato     uberiket.Dato
	extents  []extent
	inkluder inkluder
}

func readPageQuery(p *params) pageQuery {
	q := pageQuery{ids: p.ids("ider"), antall: p.antall(defaultSide, maxSide), dato: p.dato("dato", false),
		extents: p.stedfesting(), inkluder: p.inkluder()}
	if s := p.q.Get("start"); s != "" {
		m := startVersjon.FindStringSubmatch(s)
		if m == nil {
			p.fail("Ugyldig verdi for start: %q. Forventet [vegobjektId]-[versjon]", s)
		} else {
			q.startID, _ = strconv.ParseInt(m[1], 10, 64)
			q.startVer, _ = strconv.Atoi(m[2])
		}
	}
	p.unsupported("vegsystemreferanse")
	return q
}

// pageVersions picks the versions of a page: every version (those valid
// on dato only, when given) in id and versjon order after the start
// token, one more than antall to tell whether more follow.
func (s *Server) pageVersions(tds []*typeData, q pageQuery) []*uberiket.Vegobjekt {
	s.w.mu.RLock()
	defer s.w.mu.RUnlock()
	var out []*uberiket.Vegobjekt
	eachEntry(tds, q.ids, q.startID-1, func(td *typeData, i int) bool {
		for _, v := range td.versions(i) {
			if v.ID == q.startID && v.Versjon <= q.startVer {
				continue
			}
			if (q.dato == "" || v.Gyldighetsperiode.AktivPaa(q.dato)) && overlaps(v, q.extents) {
				out = append(out, q.inkluder.apply(v))
			}
		}
		return len(out) <= q.antall
	})
	return out
}

func (s *Server) writeVegobjekterSide(w http.ResponseWriter, r *http.Request, vs []*uberiket.Vegobjekt, antall int) {
	more := len(vs) > antall
	vs = vs[:min(len(vs), antall)]
	var next string
	if len(vs) > 0 {
		last := vs[len(vs)-1]
		next = strconv.FormatInt(last.ID, 10) + "-" + strconv.Itoa(last.Versjon)
	}
	if !s.produce(r, len(vs)) {
		return
	}
	b := append(make([]byte, 0, 512*len(vs)+256), `{"vegobjekter":[`...)
	for k, v := range vs {
		if k > 0 {
			b = append(b, ',')
		}
		b, _ = v.AppendJSON(b)
	}
	meta, _ := json.Marshal(metadata(r, len(vs), antall, more, next))
	b = append(append(append(b, `],"metadata":`...), meta...), '}')
	bw, done := s.writer(w, r, "application/json")
	_, _ = bw.Write(b)
	done()
}

// hentVegobjekter: GET /vegobjekter/{typeId}, every version of a type's
// objects, a page at a time.
func (s *Server) hentVegobjekter(w http.ResponseWriter, r *http.Request) {
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	p := newParams(r)
	q := readPageQuery(p)
	if !p.ok(w) {
		return
	}
	s.writeVegobjekterSide(w, r, s.pageVersions([]*typeData{td}, q), q.antall)
}

// hentVegobjekterMultiType: GET /vegobjekter, the same over several types.
func (s *Server) hentVegobjekterMultiType(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	types := p.typeIDs("typeIder")
	q := readPageQuery(p)
	if !p.ok(w) {
		return
	}
	tds, ok := s.typesOf(w, r, types)
	if !ok {
		return
	}
	s.writeVegobjekterSide(w, r, s.pageVersions(tds, q), q.antall)
}

// pick finds an object and picks one of its versions under the lock.
func (s *Server) pick(td *typeData, id int64, choose func(vs []*uberiket.Vegobjekt) *uberiket.Vegobjekt) *uberiket.Vegobjekt {
	s.w.mu.RLock()
	defer s.w.mu.RUnlock()
	if td == nil {
		if td, _ = s.w.findObject(id); td == nil {
			return nil
		}
	}
	i := td.index(id)
	if i < 0 {
		return nil
	}
	return choose(td.versions(i))
}

// newestFrom picks the newest version begun by the day (NVDB's "siste
// versjon" on a date); a closed one too, so its sluttdato shows.
func newestFrom(d uberiket.Dato) func(vs []*uberiket.Vegobjekt) *uberiket.Vegobjekt {
	return func(vs []*uberiket.Vegobjekt) *uberiket.Vegobjekt {
		for k := len(vs) - 1; k >= 0; k-- {
			if vs[k].Gyldighetsperiode.Startdato <= d {
				return vs[k]
			}
		}
		return nil
	}
}

func (s *Server) writeVegobjekt(w http.ResponseWriter, r *http.Request, v *uberiket.Vegobjekt, in inkluder, id int64) {
	if v == nil {
		writeProblem(w, r, http.StatusNotFound, "Fant ikke vegobjekt "+strconv.FormatInt(id, 10))
		return
	}
	b, _ := in.apply(v).AppendJSON(nil)
	bw, done := s.writer(w, r, "application/json")
	_, _ = bw.Write(b)
	done()
}

// hentVegobjektMedType: GET /vegobjekter/{typeId}/{vegobjektId}, the
// newest version begun by dato (today when not given).
func (s *Server) hentVegobjektMedType(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("typeId") == "id" {
		s.hentVegobjekt(w, r, r.PathValue("vegobjektId"))
		return
	}
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "vegobjektId")
	if !ok {
		return
	}
	p := newParams(r)
	in, d := p.inkluder(), p.dato("dato", false)
	if !p.ok(w) {
		return
	}
	if d == "" {
		d = uberiket.Today(s.w.clock())
	}
	s.writeVegobjekt(w, r, s.pick(td, id, newestFrom(d)), in, id)
}

// hentVegobjekt: GET /vegobjekter/id/{vegobjektId}, the same by id alone.
func (s *Server) hentVegobjekt(w http.ResponseWriter, r *http.Request, raw string) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjektId: "+strconv.Quote(raw))
		return
	}
	p := newParams(r)
	in, d := p.inkluder(), p.dato("dato", false)
	if !p.ok(w) {
		return
	}
	if d == "" {
		d = uberiket.Today(s.w.clock())
	}
	s.writeVegobjekt(w, r, s.pick(nil, id, newestFrom(d)), in, id)
}

// hentVegobjektVersjon: GET /vegobjekter/{typeId}/{vegobjektId}/{versjon}.
func (s *Server) hentVegobjektVersjon(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("typeId") == "id" {
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+r.URL.Path)
		return
	}
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "vegobjektId")
	if !ok {
		return
	}
	ver, ok := pathID(w, r, "versjon")
	if !ok {
		return
	}
	p := newParams(r)
	in := p.inkluder()
	if !p.ok(w) {
		return
	}
	s.writeVegobjekt(w, r, s.pick(td, id, func(vs []*uberiket.Vegobjekt) *uberiket.Vegobjekt {
		for _, v := range vs {
			if int64(v.Versjon) == ver {
				return v
			}
		}
		return nil
	}), in, id)
}

// hentVegobjektHistorisk: GET /vegobjekter/{typeId}/{vegobjektId}/historisk,
// the version valid on dato.
func (s *Server) hentVegobjektHistorisk(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("typeId") == "id" {
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+r.URL.Path)
		return
	}
	td, ok := s.vegobjekttype(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "vegobjektId")
	if !ok {
		return
	}
	p := newParams(r)
	d := p.dato("dato", true)
	if !p.ok(w) {
		return
	}
	s.writeVegobjekt(w, r, s.pick(td, id, func(vs []*uberiket.Vegobjekt) *uberiket.Vegobjekt {
		for _, v := range vs {
			if v.Gyldighetsperiode.AktivPaa(d) {
				return v
			}
		}
		return nil
	}), inkluder{true, true, true, true}, id)
}
