package apiskrivtest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
)

type oppdragDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/task/v1 oppdrag" json:"-"`
	*apiskriv.Oppdrag
}

// oppdragListeDoc is the answer of the oppdrag search: <oppdragliste
// antallTotalt>, in JSON {"antallTotalt":n,"oppdrag":[…]}.
type oppdragListeDoc struct {
	XMLName      xml.Name           `xml:"http://nvdb.vegvesen.no/apiskriv/domain/task/v1 oppdragliste" json:"-"`
	AntallTotalt int                `xml:"antallTotalt,attr" json:"antallTotalt"`
	Oppdrag      []apiskriv.Oppdrag `xml:"oppdrag" json:"oppdrag"`
}

// transaksjonerDoc is the answer of the transaksjon search:
// <transaksjoner antallTotalt>, in JSON {"antallTotalt":n,"transaksjon":[…]}.
type transaksjonerDoc struct {
	XMLName       xml.Name               `xml:"http://nvdb.vegvesen.no/apiskriv/domain/transaction/v1 transaksjoner" json:"-"`
	AntallTotalt  int                    `xml:"antallTotalt,attr" json:"antallTotalt"`
	Transaksjoner []apiskriv.Transaksjon `xml:"transaksjon" json:"transaksjon"`
}

// absolute makes stored relative links absolute for this request.
func (s *Server) absolute(r *http.Request, l apiskriv.Ressurser) apiskriv.Ressurser {
	if l == nil {
		return nil
	}
	out := make(apiskriv.Ressurser, len(l))
	for i, x := range l {
		if !strings.Contains(x.Src, "://") {
			x.Src = s.base(r) + "/" + x.Src
		}
		out[i] = x
	}
	return out
}

func (s *Server) renderOppdrag(r *http.Request, o apiskriv.Oppdrag) apiskriv.Oppdrag {
	o.Ressurser = s.absolute(r, o.Ressurser)
	return o
}

func (s *Server) renderTransaksjon(r *http.Request, t apiskriv.Transaksjon) apiskriv.Transaksjon {
	t.Ressurser = s.absolute(r, t.Ressurser)
	typer := make([]apiskriv.TransaksjonObjekttype, len(t.Objekttyper))
	for i, ot := range t.Objekttyper {
		objs := make([]apiskriv.TransaksjonObjekt, len(ot.Objekter))
		for j, ob := range ot.Objekter {
			ob.Ressurser = s.absolute(r, ob.Ressurser)
			objs[j] = ob
		}
		ot.Objekter = objs
		typer[i] = ot
	}
	t.Objekttyper = typer
	return t
}

// paging reads antall, start, sorterPå and sorterStigende.
type paging struct {
	antall, start int
	sortKey       string
	desc          bool
}

func readPaging(q url.Values) (paging, string) {
	p := paging{antall: 100, start: 1}
	if v := q.Get("antall"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiskriv.MaxAntall {
			return p, fmt.Sprintf("antall må være et heltall fra 1 til %d", apiskriv.MaxAntall)
		}
		p.antall = n
	}
	if v := q.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, "start må være et heltall større enn 0"
		}
		p.start = n
	}
	switch v := q.Get("sorterPå"); v {
	case "", "BRUKERNAVN", "TID":
		p.sortKey = v
	default:
		return p, "sorterPå må være BRUKERNAVN eller TID"
	}
	switch v := q.Get("sorterStigende"); v {
	case "", "JA", "true":
	case "NEI", "false":
		p.desc = true
	default:
		return p, "sorterStigende må være JA eller NEI"
	}
	return p, ""
}

func window[T any](items []T, p paging) []T {
	if p.start > len(items) {
		return []T{}
	}
	end := min(p.start-1+p.antall, len(items))
	return items[p.start-1 : end]
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

func readDate(q url.Values, key string) (string, string) {
	v := q.Get(key)
	if v == "" {
		return "", ""
	}
	if !dateRE.MatchString(v) {
		return "", key + " må være en dato (åååå-mm-dd)"
	}
	if _, err := time.Parse("2006-01-02", v[:10]); err != nil {
		return "", key + " må være en dato (åååå-mm-dd)"
	}
	return v[:10], ""
}

// getOppdrag answers GET rest/v1/oppdrag/{id}.
func (s *Server) getOppdrag(w http.ResponseWriter, r *http.Request, _ User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeFault(w, r, http.StatusBadRequest, "Ugyldig oppdrag-id "+r.PathValue("id"))
		return
	}
	s.mu.Lock()
	var found *apiskriv.Oppdrag
	for _, o := range s.oppdrag {
		if o.o.ID == id {
			cp := o.o
			found = &cp
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeFault(w, r, http.StatusNotFound, fmt.Sprintf("Fant ikke oppdrag med id %d", id))
		return
	}
	o := s.renderOppdrag(r, *found)
	write(w, r, http.StatusOK, o, oppdragDoc{Oppdrag: &o})
}

// listOppdrag answers GET rest/v1/oppdrag.
func (s *Server) listOppdrag(w http.ResponseWriter, r *http.Request, _ User) {
	q := r.URL.Query()
	p, msg := readPaging(q)
	fra, msg2 := readDate(q, "fraDato")
	if msg == "" {
		msg = msg2
	}
	if msg != "" {
		writeFault(w, r, http.StatusBadRequest, msg)
		return
	}
	eier, regel := q.Get("eier"), q.Get("tjenesteregel")
	s.mu.Lock()
	var all []apiskriv.Oppdrag
	for _, o := range s.oppdrag {
		if (eier == "" || o.o.Bruker.Brukernavn == eier) && (regel == "" || string(o.o.Tjenesteregel) == regel) &&
			(fra == "" || datePart(string(o.o.Sluttidspunkt)) >= fra) {
			all = append(all, o.o)
		}
	}
	s.mu.Unlock()
	slices.SortStableFunc(all, func(a, b apiskriv.Oppdrag) int {
		c := 0
		switch p.sortKey {
		case "TID":
			c = strings.Compare(string(a.Sluttidspunkt), string(b.Sluttidspunkt))
		case "BRUKERNAVN":
			c = strings.Compare(a.Bruker.Brukernavn, b.Bruker.Brukernavn)
		}
		if c == 0 {
			c = int(a.ID - b.ID)
			if c > 0 {
				c = 1
			} else if c < 0 {
				c = -1
			}
		}
		if p.desc {
			return -c
		}
		return c
	})
	page := window(all, p)
	l := oppdragListeDoc{AntallTotalt: len(all), Oppdrag: make([]apiskriv.Oppdrag, len(page))}
	for i, o := range page {
		l.Oppdrag[i] = s.renderOppdrag(r, o)
	}
	write(w, r, http.StatusOK, l, l)
}

// listTransaksjoner answers GET rest/v1/transaksjon.
func (s *Server) listTransaksjoner(w http.ResponseWriter, r *http.Request, _ User) {
	q := r.URL.Query()
	p, msg := readPaging(q)
	fra, msg2 := readDate(q, "fraDato")
	if msg == "" {
		msg = msg2
	}
	ids := map[string]int64{}
	for _, k := range []string{"oppdragId", "vegobjektId", "nettelementId"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				msg = k + " må være et positivt heltall"
			}
			ids[k] = n
		}
	}
	esID := q.Get("endringssettId")
	switch {
	case msg != "":
	case esID == "" && len(ids) == 0:
		msg = "Minst én av parametrene endringssettId, oppdragId, vegobjektId og nettelementId må angis"
	case esID != "" && ids["oppdragId"] != 0:
		msg = "Parameterne endringssettId og oppdragId kan ikke brukes samtidig"
	case ids["vegobjektId"] != 0 && ids["nettelementId"] != 0:
		msg = "Parameterne vegobjektId og nettelementId kan ikke brukes samtidig"
	}
	if msg != "" {
		writeFault(w, r, http.StatusBadRequest, msg)
		return
	}
	eier := q.Get("eier")
	s.mu.Lock()
	var all []apiskriv.Transaksjon
	for _, o := range s.oppdrag {
		if id := ids["oppdragId"]; id != 0 && o.o.ID != id {
			continue
		}
		if esID != "" && o.endringssettID != esID {
			continue
		}
		for _, t := range o.trans {
			if (eier != "" && t.Brukernavn != eier) || (fra != "" && datePart(string(t.Tidspunkt)) < fra) {
				continue
			}
			if id := ids["vegobjektId"]; id != 0 && !touches(t, id, true) {
				continue
			}
			if id := ids["nettelementId"]; id != 0 && !touches(t, id, false) {
				continue
			}
			all = append(all, t)
		}
	}
	s.mu.Unlock()
	slices.SortStableFunc(all, func(a, b apiskriv.Transaksjon) int {
		c := 0
		switch p.sortKey {
		case "BRUKERNAVN":
			c = strings.Compare(a.Brukernavn, b.Brukernavn)
		default:
			c = strings.Compare(string(a.Tidspunkt), string(b.Tidspunkt))
		}
		if p.desc {
			return -c
		}
		return c
	})
	page := window(all, p)
	l := transaksjonerDoc{AntallTotalt: len(all), Transaksjoner: make([]apiskriv.Transaksjon, len(page))}
	for i, t := range page {
		l.Transaksjoner[i] = s.renderTransaksjon(r, t)
	}
	write(w, r, http.StatusOK, l, l)
}

// touches reports whether t wrote object id, a vegobjekt or (vegobjekt
// false) a network element.
func touches(t apiskriv.Transaksjon, id int64, vegobjekt bool) bool {
	for _, ot := range t.Objekttyper {
		if (ot.Objekttype == apiskriv.ObjekttypeVegobjekt) != vegobjekt {
			continue
		}
		for _, o := range ot.Objekter {
			if o.ObjektID == id {
				return true
			}
		}
	}
	return false
}

// datePart is the YYYY-MM-DD start of a timestamp.
func datePart(ts string) string {
	if len(ts) > 10 {
		return ts[:10]
	}
	return ts
}
