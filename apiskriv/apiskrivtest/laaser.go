package apiskrivtest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// laasRec is a lock. objekter are the vegobjekter (WithLocked) it keeps
// other sets from; such a lock lives while the objects are locked.
type laasRec struct {
	l        apiskriv.Laas
	objekter []int64
}

type laasDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/lock/v1 lås"`
	*apiskriv.Laas
}

// laasIn reads a posted lock in any namespace.
type laasIn struct {
	XMLName xml.Name `xml:"lås"`
	*apiskriv.Laas
}

// laasListeDoc is the answer of the lock search: <låsliste antallTotalt>,
// in JSON {"antallTotalt":n,"lås":[…]}.
type laasListeDoc struct {
	XMLName      xml.Name        `xml:"http://nvdb.vegvesen.no/apiskriv/domain/lock/v1 låsliste" json:"-"`
	AntallTotalt int             `xml:"antallTotalt,attr" json:"antallTotalt"`
	Laaser       []apiskriv.Laas `xml:"lås" json:"lås"`
}

// DocLaasID is the documentation's lock, held by oppdrag 3466724 (olanor).
const DocLaasID = 17900713

// seedLaaser loads the documentation's lock 17900713 and 42 more of
// olanor's (43 in all, as in the documentation's list), a few of karnor's,
// and one lock (of karnor) per object given to WithLocked.
func (s *Server) seedLaaser() {
	ola, kari := s.userByName("olanor"), s.userByName("karnor")
	doc := apiskriv.Laas{ID: DocLaasID, OppdragID: 3466724, Eier: &apiskriv.Eier{Brukernavn: ola.Brukernavn, FulltNavn: ola.FulltNavn},
		Opprettet: "2020-07-14T08:32:07Z", Opphav: apiskriv.OpphavKlassiskAPI,
		Vegobjekttyper: []apiskriv.LaastVegobjekttype{
			{TypeID: 852, Laastype: apiskriv.LaastypeNormal, Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens},
			{TypeID: 446, Laastype: apiskriv.LaastypeSekundaer, Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens}},
		Lokasjon: []apiskriv.LaastStrekning{{VeglenkesekvensID: 921808, Fra: 0.16808652, Til: 1}, {VeglenkesekvensID: 921809, Fra: 0, Til: 1},
			{VeglenkesekvensID: 921810, Fra: 0, Til: 1}}}
	s.more.laaser = append(s.more.laaser, &laasRec{l: doc})
	base := time.Date(2020, 7, 15, 6, 0, 0, 0, time.UTC)
	typer := []int{95, 96, 105, 581, 83}
	for i := range 47 {
		u := ola
		if i >= 42 {
			u = kari
		}
		t := typer[i%len(typer)]
		l := apiskriv.Laas{ID: int64(DocLaasID + 1 + i), OppdragID: int64(3466725 + (i%24)*1117),
			Eier:      &apiskriv.Eier{Brukernavn: u.Brukernavn, FulltNavn: u.FulltNavn},
			Opprettet: apiskriv.Tidspunkt(base.Add(time.Duration(i) * 53 * time.Hour).Format("2006-01-02T15:04:05Z")),
			Opphav:    apiskriv.OpphavKlassiskAPI, Vegnettlaas: i%11 == 0,
			Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: t, Laastype: apiskriv.LaastypeNormal,
				Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens}},
			Lokasjon: []apiskriv.LaastStrekning{{VeglenkesekvensID: int64(930000 + i), Fra: 0, Til: 1}}}
		s.more.laaser = append(s.more.laaser, &laasRec{l: l})
	}
	ids := make([]int64, 0, len(s.locked))
	for id := range s.locked {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		typ := 83
		if o, ok := s.objekter[id]; ok {
			typ = o.typeID
		}
		l := apiskriv.Laas{ID: int64(18000001 + i), OppdragID: 3466725, Eier: &apiskriv.Eier{Brukernavn: kari.Brukernavn, FulltNavn: kari.FulltNavn},
			Opprettet: "2024-01-02T08:00:00Z", Opphav: apiskriv.OpphavKlassiskAPI,
			Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: typ, Laastype: apiskriv.LaastypeNormal, Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens}},
			Lokasjon:       []apiskriv.LaastStrekning{{VeglenkesekvensID: 1125766, Fra: 0, Til: 1}}}
		s.more.laaser = append(s.more.laaser, &laasRec{l: l, objekter: []int64{id}})
	}
	s.more.nextLaas = 18100001
}

// liveLocked reports whether the lock still holds: a lock on WithLocked
// objects lives until every one of them is unlocked.
func (s *Server) liveLocked(rec *laasRec) bool {
	if len(rec.objekter) == 0 {
		return true
	}
	for _, id := range rec.objekter {
		if s.locked[id] {
			return true
		}
	}
	return false
}

// blockingLocked returns the ids of the live locks that keep set waiting.
func (s *Server) blockingLocked(set *setRec) []int64 {
	var out []int64
	touched := map[int64]bool{}
	for _, o := range ops(&set.doc) {
		touched[o.v.NvdbID] = true
	}
	for _, rec := range s.more.laaser {
		if !s.liveLocked(rec) || (set.doc.Laasing != nil && set.doc.Laasing.LaasID == rec.l.ID) {
			continue
		}
		for _, id := range rec.objekter {
			if touched[id] && s.locked[id] {
				out = append(out, rec.l.ID)
				break
			}
		}
	}
	return out
}

// releaseLocked removes the lock a set named in låsing once the set has
// reached its slettLåsAutomatiskNår.
func (s *Server) releaseLocked(set *setRec) {
	l := set.doc.Laasing
	if l == nil || l.SlettLaasAutomatiskNaar == "" {
		return
	}
	reached := set.fremdrift == l.SlettLaasAutomatiskNaar ||
		(l.SlettLaasAutomatiskNaar == apiskriv.FremdriftUtfort && set.fremdrift == apiskriv.FremdriftUtfortOgEtterbehandlet)
	if !reached || set.dryRun {
		return
	}
	s.more.laaser = slices.DeleteFunc(s.more.laaser, func(rec *laasRec) bool {
		return rec.l.ID == l.LaasID && rec.l.EierBrukernavn() == set.owner.Brukernavn
	})
}

// getLaas answers GET rest/v1/lås/{id}.
func (s *Server) getLaas(w http.ResponseWriter, r *http.Request, _ User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeFault(w, r, http.StatusBadRequest, "Ugyldig lås-id "+r.PathValue("id"))
		return
	}
	s.mu.Lock()
	var found *apiskriv.Laas
	for _, rec := range s.more.laaser {
		if rec.l.ID == id && s.liveLocked(rec) {
			cp := rec.l
			found = &cp
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeFault(w, r, http.StatusNotFound, fmt.Sprintf("Fant ikke lås med id %d", id))
		return
	}
	write(w, r, http.StatusOK, found, laasDoc{Laas: found})
}

// listLaaser answers GET rest/v1/lås.
func (s *Server) listLaaser(w http.ResponseWriter, r *http.Request, _ User) {
	q := r.URL.Query()
	p, msg := readPaging(q)
	var oppdragID int64
	if v := q.Get("oppdragId"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			msg = "oppdragId må være et positivt heltall"
		}
		oppdragID = n
	}
	blokkerer := strings.ToLower(q.Get("blokkererEndringssettId"))
	if blokkerer != "" && !uuidRE.MatchString(blokkerer) {
		msg = "blokkererEndringssettId må være en UUID"
	}
	if msg != "" {
		writeFault(w, r, http.StatusBadRequest, msg)
		return
	}
	eier := q.Get("eier")
	s.mu.Lock()
	var blocking []int64
	if blokkerer != "" {
		if set, ok := s.sets[blokkerer]; ok && set.fremdrift == apiskriv.FremdriftVenter {
			blocking = s.blockingLocked(set)
		}
	}
	var all []apiskriv.Laas
	for _, rec := range s.more.laaser {
		if !s.liveLocked(rec) || (eier != "" && rec.l.EierBrukernavn() != eier) || (oppdragID != 0 && rec.l.OppdragID != oppdragID) ||
			(blokkerer != "" && !slices.Contains(blocking, rec.l.ID)) {
			continue
		}
		all = append(all, rec.l)
	}
	s.mu.Unlock()
	slices.SortStableFunc(all, func(a, b apiskriv.Laas) int {
		c := 0
		switch p.sortKey {
		case "TID":
			c = strings.Compare(string(a.Opprettet), string(b.Opprettet))
		case "BRUKERNAVN":
			c = strings.Compare(a.EierBrukernavn(), b.EierBrukernavn())
		}
		if c == 0 {
			c = cmpInt(a.ID, b.ID)
		}
		if p.desc {
			return -c
		}
		return c
	})
	l := laasListeDoc{AntallTotalt: len(all), Laaser: window(all, p)}
	if l.Laaser == nil {
		l.Laaser = []apiskriv.Laas{}
	}
	write(w, r, http.StatusOK, l, l)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// createLaas answers POST rest/v1/lås: X-Client is required (400), more
// than 999 veglenkesekvenser gives 422 FOR_MANGE_LENKESEKVENSER, missing
// rights to a vegobjekttype or to network changes give 403 with a fault;
// else 201 with Location and the lock.
func (s *Server) createLaas(w http.ResponseWriter, r *http.Request, u User) {
	if strings.TrimSpace(r.Header.Get("X-Client")) == "" {
		writeFault(w, r, http.StatusBadRequest, "Header X-Client mangler")
		return
	}
	in := &apiskriv.Laas{}
	var target any = in
	if !strings.Contains(r.Header.Get("Content-Type"), "json") {
		target = &laasIn{Laas: in}
	}
	if !readBody(w, r, target) {
		return
	}
	if len(in.Lokasjon) > apiskriv.MaxLaasVeglenkesekvenser {
		writeFault(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("FOR_MANGE_LENKESEKVENSER: låsen inneholder %d veglenkesekvenser, høyst %d er tillatt",
			len(in.Lokasjon), apiskriv.MaxLaasVeglenkesekvenser))
		return
	}
	if len(in.Lokasjon) == 0 || (len(in.Vegobjekttyper) == 0 && !in.Vegnettlaas) {
		writeFault(w, r, http.StatusUnprocessableEntity, "Låsen må angi lokasjon og vegobjekttyper eller vegnettlås")
		return
	}
	rights := autorisasjonOf(u)
	var denied []string
	if in.Vegnettlaas && !rights.KanEndreVegnett() {
		denied = append(denied, fmt.Sprintf("Brukeren %s mangler rettighet til å utføre vegnettsendringer", u.Brukernavn))
	}
	for _, t := range in.Vegobjekttyper {
		if !rights.KanEndre(t.TypeID) {
			denied = append(denied, fmt.Sprintf("Brukeren %s mangler rettighet til vegobjekttype %d", u.Brukernavn, t.TypeID))
		}
	}
	if len(denied) > 0 {
		writeFault(w, r, http.StatusForbidden, denied...)
		return
	}
	s.mu.Lock()
	l := *in
	l.ID = s.more.nextLaas
	s.more.nextLaas++
	l.Eier = &apiskriv.Eier{Brukernavn: u.Brukernavn, FulltNavn: u.FulltNavn}
	l.Opprettet = apiskriv.Tidspunkt(s.now().UTC().Format("2006-01-02T15:04:05Z"))
	l.Opphav = apiskriv.OpphavKlassiskAPI
	for i := range l.Vegobjekttyper {
		if l.Vegobjekttyper[i].Laastype == "" {
			l.Vegobjekttyper[i].Laastype = apiskriv.LaastypeNormal
		}
		if l.Vegobjekttyper[i].Lokasjonrelevans == "" {
			l.Vegobjekttyper[i].Lokasjonrelevans = apiskriv.LokasjonrelevansVeglenkesekvens
		}
	}
	s.more.laaser = append(s.more.laaser, &laasRec{l: l})
	s.mu.Unlock()
	w.Header().Set("Location", fmt.Sprintf("%s/rest/v1/l%%C3%%A5s/%d", s.base(r), l.ID))
	write(w, r, http.StatusCreated, l, laasDoc{Laas: &l})
}
