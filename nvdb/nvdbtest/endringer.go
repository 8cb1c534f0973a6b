package nvdbtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

type endringerSide struct {
	Endret     []nvdb.VersjonEndring `json:"vegobjektVersjonerEndret"`
	Fjernet    []nvdb.VersjonEndring `json:"vegobjektVersjonerFjernet"`
	Segmentert []nvdb.VersjonEndring `json:"vegobjektVersjonerSegmentert"`
	Opprettet  []nvdb.VersjonEndring `json:"vegobjektVersjonerOpprettet"`
	Metadata   pageMeta              `json:"metadata"`
}

// parseTid reads a date or a timestamp with zone.
func parseTid(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// endringer answers /vegobjekter/{type}/endringer (typeID > 0) and
// /vegobjekter/endringer?typeIder= (typeID 0).
func (s *Server) endringer(w http.ResponseWriter, r *http.Request, typeID int) {
	p := &params{v: r.URL.Query()}
	var types []int
	if typeID > 0 {
		types = []int{typeID}
	} else {
		for t := range p.ints("typeIder") {
			if s.data.sets[t] == nil {
				p.fail(bad("Vegobjekttype %d finnes ikke", t))
			}
			types = append(types, t)
		}
		if p.err == nil && len(types) == 0 {
			p.fail(bad("typeIder er påkrevd"))
		}
		sort.Ints(types)
		for _, t := range types {
			if !s.requireToken(w, r, t) {
				return
			}
		}
	}
	ider := p.int64s("ider")
	antall := p.integer("antall", 1000)
	if p.err == nil && antall < 1 {
		p.fail(bad("antall må være større enn 0"))
	}
	antall = min(antall, 1000)
	start := p.v.Get("start")
	var from time.Time
	var fromID int64
	var fromVer int
	strict := false
	if start != "" {
		parts := strings.Split(start, ",")
		t, ok := parseTid(parts[0])
		switch {
		case !ok:
			p.fail(bad("Ugyldig start %q", start))
		case len(parts) == 3:
			id, err1 := strconv.ParseInt(parts[1], 10, 64)
			v, err2 := strconv.Atoi(parts[2])
			if err1 != nil || err2 != nil {
				p.fail(bad("Ugyldig start %q", start))
			}
			fromID, fromVer, strict = id, v, true
		case len(parts) != 1:
			p.fail(bad("Ugyldig start %q", start))
		}
		from = t
	}
	var until time.Time
	if sl := p.v.Get("slutt"); sl != "" {
		t, ok := parseTid(sl)
		if !ok {
			p.fail(bad("Ugyldig slutt %q", sl))
		}
		until = t
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	// The feed reaches 30 days back.
	if oldest := s.clock().Add(-window); from.Before(oldest) && !strict {
		from = oldest
	}
	// Merge the logs of the types from their positions after the cursor.
	type cur struct {
		l *changeLog
		j int
	}
	curs := make([]*cur, 0, len(types))
	for _, t := range types {
		l := s.data.logs[t]
		curs = append(curs, &cur{l: l, j: l.after(from, fromID, fromVer, strict)})
	}
	var out endringerSide
	out.Endret, out.Fjernet, out.Segmentert, out.Opprettet = []nvdb.VersjonEndring{}, []nvdb.VersjonEndring{}, []nvdb.VersjonEndring{}, []nvdb.VersjonEndring{}
	var last *nvdb.VersjonEndring
	taken := 0
	for taken < antall {
		var best *cur
		var bestC change
		for _, c := range curs {
			if c.j >= c.l.n {
				continue
			}
			ch := c.l.at(c.j)
			if best == nil || less(ch.e, bestC.e) {
				best, bestC = c, ch
			}
		}
		if best == nil || (!until.IsZero() && !bestC.e.Tidspunkt.Before(until)) {
			break
		}
		best.j++
		e := bestC.e
		last = &e
		if ider != nil && !ider[e.ID] {
			continue
		}
		taken++
		switch bestC.kind {
		case opprettet:
			out.Opprettet = append(out.Opprettet, e)
		case endret:
			out.Endret = append(out.Endret, e)
		case fjernet:
			e.Startdato, e.Sluttdato = "", ""
			out.Fjernet = append(out.Fjernet, e)
		case segmentert:
			e.Startdato, e.Sluttdato = "", ""
			out.Segmentert = append(out.Segmentert, e)
		}
	}
	out.Metadata = pageMeta{Returnert: taken, Sidestorrelse: 1000}
	tok := start
	if last != nil {
		tok = last.Tidspunkt.UTC().Format(time.RFC3339) + "," + strconv.FormatInt(last.ID, 10) + "," + strconv.Itoa(last.Versjon)
	}
	if tok != "" {
		out.Metadata.Neste = &nesteSide{Start: tok, Href: nextHref(r, tok)}
	}
	s.writeJSON(w, r, out)
}
