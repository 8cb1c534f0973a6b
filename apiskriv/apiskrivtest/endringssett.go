package apiskrivtest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/internal/transport"
)

type setRec struct {
	id          string
	doc         apiskriv.Endringssett
	owner       User
	klient      string
	mottatt     time.Time
	fremdrift   apiskriv.Fremdrift
	oppdatert   time.Time
	venteårsak  apiskriv.Venteaarsak
	avvistårsak apiskriv.Avvistaarsak
	dryRun      bool
	polls       int
	cancelled   bool
	resultat    *apiskriv.Resultat
	oppdragID   int64
	tidspunkt   apiskriv.Tidspunkt
}

type endringssettDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 endringssett"`
	*apiskriv.Endringssett
}

// endringssettIn reads a posted document in any namespace.
type endringssettIn struct {
	XMLName xml.Name `xml:"endringssett"`
	*apiskriv.Endringssett
}

// endringssettListeDoc is the answer of the endringssett search:
// <endringssettliste antallTotalt>, in JSON
// {"antallTotalt":n,"endringssett":[…]}.
type endringssettListeDoc struct {
	XMLName      xml.Name                `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 endringssettliste" json:"-"`
	AntallTotalt int                     `xml:"antallTotalt,attr" json:"antallTotalt"`
	Endringssett []apiskriv.Endringssett `xml:"endringssett" json:"endringssett"`
}

type statusDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 status"`
	*apiskriv.Status
}

type ressurserDoc struct {
	XMLName xml.Name           `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 ressurser"`
	Ressurs []apiskriv.Ressurs `xml:"ressurs"`
}

type fremdriftDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 fremdrift"`
	Value   string   `xml:",chardata"`
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// onSet runs h for the set named by the path's {id}, which the caller may
// see (its owner, or a service account reading) and, for a POST, change
// (its owner only).
func (s *Server) onSet(h func(http.ResponseWriter, *http.Request, *setRec)) func(http.ResponseWriter, *http.Request, User) {
	return func(w http.ResponseWriter, r *http.Request, u User) {
		raw := r.PathValue("id")
		id := strings.ToLower(raw)
		s.mu.Lock()
		set, ok := s.sets[id]
		s.mu.Unlock()
		if !uuidRE.MatchString(id) || !ok {
			writeFault(w, r, http.StatusNotFound, "Fant ikke endringssett med id "+raw)
			return
		}
		mutating := r.Method == http.MethodPost
		if set.owner.Brukernavn != u.Brukernavn && (mutating || u.Realm != apiskriv.RealmServiceAccount) {
			writeFault(w, r, http.StatusForbidden, fmt.Sprintf("Brukeren %s har ikke tilgang til endringssett %s", u.Brukernavn, id))
			return
		}
		h(w, r, set)
	}
}

// getSet answers GET rest/v3/endringssett/{id}: the document with its status.
func (s *Server) getSet(w http.ResponseWriter, r *http.Request, set *setRec) {
	s.mu.Lock()
	doc := set.doc
	st := s.statusLocked(r, set, r.URL.Query())
	s.mu.Unlock()
	doc.ID = set.id
	doc.Status = &st
	writeDoc(w, r, http.StatusOK, &doc)
}

// getStatus answers GET …/{id}/status.
func (s *Server) getStatus(w http.ResponseWriter, r *http.Request, set *setRec) {
	s.mu.Lock()
	st := s.statusLocked(r, set, r.URL.Query())
	s.mu.Unlock()
	writeStatus(w, r, http.StatusOK, &st)
}

// progress advances a started set one step (see the package doc) and
// returns its fremdrift and årsak.
func (s *Server) progress(set *setRec) (apiskriv.Fremdrift, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceLocked(set)
	return set.fremdrift, string(set.venteårsak) + string(set.avvistårsak)
}

// getFremdrift answers GET …/{id}/fremdrift.
func (s *Server) getFremdrift(w http.ResponseWriter, r *http.Request, set *setRec) {
	f, _ := s.progress(set)
	write(w, r, http.StatusOK, string(f), fremdriftDoc{Value: string(f)})
}

// getFremdriftOgAarsak answers GET …/{id}/fremdriftOgÅrsak, always as
// text/plain: FREMDRIFT or FREMDRIFT:ÅRSAK.
func (s *Server) getFremdriftOgAarsak(w http.ResponseWriter, r *http.Request, set *setRec) {
	f, årsak := s.progress(set)
	txt := string(f)
	if årsak != "" {
		txt += ":" + årsak
	}
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	_, _ = w.Write([]byte(txt))
}

func writeStatus(w http.ResponseWriter, r *http.Request, code int, st *apiskriv.Status) {
	write(w, r, code, st, statusDoc{Status: st})
}

func writeDoc(w http.ResponseWriter, r *http.Request, code int, e *apiskriv.Endringssett) {
	write(w, r, code, e, endringssettDoc{Endringssett: e})
}

func writeLinks(w http.ResponseWriter, r *http.Request, code int, l apiskriv.Ressurser) {
	write(w, r, code, l, ressurserDoc{Ressurs: l})
}

func readDoc(w http.ResponseWriter, r *http.Request) (*apiskriv.Endringssett, bool) {
	doc := &apiskriv.Endringssett{}
	var target any = doc
	if !strings.Contains(r.Header.Get("Content-Type"), "json") {
		target = &endringssettIn{Endringssett: doc}
	}
	if !readBody(w, r, target) {
		return nil, false
	}
	doc.Status = nil
	if err := doc.Check(); err != nil {
		msg := strings.TrimPrefix(err.Error(), "apiskriv: "+apiskriv.ErrInvalidArgument.Error()+": ")
		writeFault(w, r, http.StatusUnprocessableEntity, strings.Split(msg, "; ")...)
		return nil, false
	}
	return doc, true
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request, u User) {
	doc, ok := readDoc(w, r)
	if !ok {
		return
	}
	now := s.now()
	s.mu.Lock()
	set := &setRec{doc: *doc, owner: u, klient: r.Header.Get("X-Client"), mottatt: now, oppdatert: now, dryRun: true}
	res := s.checkLocked(set)
	s.mu.Unlock()
	set.fremdrift = apiskriv.FremdriftUtfort
	if len(res.AlleFeil()) > 0 {
		set.fremdrift, set.avvistårsak = apiskriv.FremdriftAvvist, apiskriv.AvvistaarsakValideringsfeil
	}
	set.resultat = res
	s.mu.Lock()
	st := s.statusLocked(r, set, nil)
	s.mu.Unlock()
	// The validator's answer has no links and no processing parameters.
	st.Ressurser, st.Behandlingsparametere, st.KanselleringBestilt = nil, nil, nil
	writeStatus(w, r, http.StatusOK, &st)
}

func (s *Server) register(w http.ResponseWriter, r *http.Request, u User) {
	if strings.TrimSpace(r.Header.Get("X-Client")) == "" {
		writeFault(w, r, http.StatusBadRequest, "Header X-Client mangler")
		return
	}
	doc, ok := readDoc(w, r)
	if !ok {
		return
	}
	dry := strings.EqualFold(r.Header.Get("X-NVDB-DryRun"), "true") || r.Header.Get("X-NVDB-DryRun") == "JA" ||
		r.Header.Get("X-NVDB-DryRun-NoLocking") == "JA"
	now := s.now()
	set := &setRec{id: transport.NewUUID(), doc: *doc, owner: u, klient: r.Header.Get("X-Client"), mottatt: now,
		fremdrift: apiskriv.FremdriftIkkeStartet, oppdatert: now, dryRun: dry}
	s.mu.Lock()
	s.sets[set.id] = set
	s.setOrder = append(s.setOrder, set.id)
	s.mu.Unlock()
	p := "rest/v3/endringssett/" + set.id
	w.Header().Set("Location", s.base(r)+"/"+p)
	writeLinks(w, r, http.StatusCreated, s.links(r, "self", p, "start", p+"/start", "kanseller", p+"/kanseller",
		"status", p+"/status", "fremdrift", p+"/fremdrift", "fremdriftOgÅrsak", p+"/fremdriftOgÅrsak"))
}

// act answers POST …/{id}/start, …/kanseller and …/restart.
func (s *Server) act(action string) func(http.ResponseWriter, *http.Request, *setRec) {
	return func(w http.ResponseWriter, r *http.Request, set *setRec) { s.actOn(w, r, set, action) }
}

func (s *Server) actOn(w http.ResponseWriter, r *http.Request, set *setRec, action string) {
	p := "rest/v3/endringssett/" + set.id
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	switch action {
	case "start":
		if set.fremdrift != apiskriv.FremdriftIkkeStartet {
			writeFault(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("Endringssettet er allerede startet (%s)", set.fremdrift))
			return
		}
		set.fremdrift, set.oppdatert = apiskriv.FremdriftBehandles, now
		if s.lockedLocked(set) {
			set.fremdrift, set.venteårsak = apiskriv.FremdriftVenter, apiskriv.VenteaarsakLaas
		}
		writeLinks(w, r, http.StatusAccepted, s.links(r, "fremdrift", p+"/fremdrift", "status", p+"/status", "self", p))
	case "kanseller":
		switch set.fremdrift {
		case apiskriv.FremdriftIkkeStartet, apiskriv.FremdriftBehandles, apiskriv.FremdriftVenter:
			set.fremdrift, set.venteårsak, set.oppdatert, set.cancelled = apiskriv.FremdriftKansellert, "", now, true
			writeLinks(w, r, http.StatusAccepted, s.links(r, "status", p+"/status", "self", p))
		default:
			writeFault(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("Endringssettet kan ikke kanselleres i tilstanden %s", set.fremdrift))
		}
	case "restart":
		if set.fremdrift != apiskriv.FremdriftVenter {
			writeFault(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("Bare endringssett som venter kan restartes, dette er %s", set.fremdrift))
			return
		}
		if !s.lockedLocked(set) {
			set.fremdrift, set.venteårsak, set.oppdatert, set.polls = apiskriv.FremdriftBehandles, "", now, 0
		}
		writeLinks(w, r, http.StatusAccepted, s.links(r, "fremdrift", p+"/fremdrift", "status", p+"/status", "self", p))
	}
}

type opEntry struct {
	name string
	v    *apiskriv.Vegobjekt
}

func ops(e *apiskriv.Endringssett) []opEntry {
	var out []opEntry
	for _, op := range []struct {
		name string
		v    *apiskriv.Vegobjekter
	}{{"registrer", e.Registrer}, {"oppdater", e.Oppdater}, {"delvisOppdater", e.DelvisOppdater},
		{"korriger", e.Korriger}, {"delvisKorriger", e.DelvisKorriger}, {"lukk", e.Lukk},
		{"fjern", e.Fjern}, {"gjenopprett", e.Gjenopprett}} {
		if op.v == nil {
			continue
		}
		for _, v := range op.v.Vegobjekter {
			out = append(out, opEntry{op.name, v})
		}
	}
	return out
}

func (s *Server) lockedLocked(set *setRec) bool {
	return len(s.blockingLocked(set)) > 0
}

// checkLocked applies the fake's datakatalog rules: egenskap type ids must
// be positive (UKJENT_EGENSKAPSTYPE) and a known object's versjon must be
// its current one (VERSJONSKONFLIKT).
func (s *Server) checkLocked(set *setRec) *apiskriv.Resultat {
	res := &apiskriv.Resultat{Feil: []apiskriv.Melding{}, Advarsler: []apiskriv.Melding{}, Notabener: []apiskriv.Melding{}}
	if set.doc.Datakatalogversjon != DatakatalogVersjon {
		res.Advarsler = append(res.Advarsler, apiskriv.Melding{Kode: "IKKE_GJELDENDE_DATAKATALOGVERSJON",
			Melding: "Datakatalogversjonen i endringssettet er ulik nåværende datakatalogversjon: " + DatakatalogVersjon})
	}
	for _, o := range ops(&set.doc) {
		vr := apiskriv.VegobjektResultat{TempID: o.v.TempID, NvdbID: o.v.NvdbID, Feil: []apiskriv.Melding{},
			Advarsler: []apiskriv.Melding{}, Notabener: []apiskriv.Melding{}}
		ref := fmt.Sprintf("https://datakatalogen.vegdata.no/%d", o.v.TypeID)
		for _, e := range o.v.Egenskaper {
			if e.TypeID <= 0 {
				id := e.TypeID
				vr.Feil = append(vr.Feil, apiskriv.Melding{Kode: "UKJENT_EGENSKAPSTYPE", Referanse: ref, EgenskapTypeID: &id,
					Melding: fmt.Sprintf("Egenskapstypen %d finnes ikke i datakatalogen", e.TypeID)})
			}
		}
		if cur, ok := s.objekter[o.v.NvdbID]; ok && o.name != "registrer" && o.v.Versjon != 0 && o.v.Versjon != cur.versjon {
			vr.Feil = append(vr.Feil, apiskriv.Melding{Kode: "VERSJONSKONFLIKT", Referanse: ref,
				Melding: fmt.Sprintf("Vegobjekt %d har versjon %d, ikke %d", o.v.NvdbID, cur.versjon, o.v.Versjon)})
		}
		res.Vegobjekter = append(res.Vegobjekter, vr)
	}
	return res
}

// advanceLocked moves a started set one step on.
func (s *Server) advanceLocked(set *setRec) {
	now := s.now()
	switch set.fremdrift {
	case apiskriv.FremdriftVenter:
		if !s.lockedLocked(set) {
			set.fremdrift, set.venteårsak, set.oppdatert, set.polls = apiskriv.FremdriftBehandles, "", now, 0
		}
	case apiskriv.FremdriftBehandles:
		if set.polls < s.processingPolls {
			set.polls++
			return
		}
		s.finishLocked(set, now)
	case apiskriv.FremdriftUtfort:
		set.fremdrift, set.oppdatert = apiskriv.FremdriftUtfortOgEtterbehandlet, now
	}
	s.releaseLocked(set)
}

var transaksjonstyper = map[string]apiskriv.Transaksjonstype{
	"registrer": apiskriv.TransaksjonstypeNy, "oppdater": "ENDRET", "delvisOppdater": "ENDRET",
	"korriger": "KORRIGERT", "delvisKorriger": "KORRIGERT", "lukk": "LUKKET", "fjern": "FJERNET", "gjenopprett": "GJENOPPRETTET",
}

// finishLocked processes the set: AVVIST with the errors, or UTFØRT with
// the objects written and (unless a dry run) an oppdrag and transaksjon.
func (s *Server) finishLocked(set *setRec, now time.Time) {
	res := s.checkLocked(set)
	set.resultat, set.oppdatert = res, now
	if len(res.AlleFeil()) > 0 {
		set.fremdrift, set.avvistårsak = apiskriv.FremdriftAvvist, apiskriv.AvvistaarsakValideringsfeil
		return
	}
	set.fremdrift = apiskriv.FremdriftUtfort
	byType := map[int]*apiskriv.TransaksjonObjekttype{}
	var order []int
	for i, o := range ops(&set.doc) {
		vr := &res.Vegobjekter[i]
		id, ver := o.v.NvdbID, o.v.Versjon
		cur, known := s.objekter[id]
		switch o.name {
		case "registrer":
			id, ver = s.nextNvdbID, 1
			s.nextNvdbID++
		case "oppdater", "delvisOppdater":
			ver = max(ver, cur.versjon) + 1
		case "fjern", "lukk", "gjenopprett", "korriger", "delvisKorriger":
			if ver == 0 {
				ver = max(cur.versjon, 1)
			}
		}
		vr.NvdbID, vr.Versjon = id, ver
		if set.dryRun {
			continue
		}
		_ = known
		s.objekter[id] = objektRec{typeID: o.v.TypeID, versjon: ver, lukket: o.name == "lukk", fjernet: o.name == "fjern"}
		ot := byType[o.v.TypeID]
		if ot == nil {
			ot = &apiskriv.TransaksjonObjekttype{TypeID: o.v.TypeID, Objekttype: apiskriv.ObjekttypeVegobjekt}
			byType[o.v.TypeID] = ot
			order = append(order, o.v.TypeID)
		}
		start := apiskriv.Dato(now.Format("2006-01-02"))
		if o.v.Gyldighetsperiode != nil && o.v.Gyldighetsperiode.Startdato != "" {
			start = o.v.Gyldighetsperiode.Startdato
		}
		ot.Objekter = append(ot.Objekter, apiskriv.TransaksjonObjekt{ObjektID: id, Transaksjonstype: transaksjonstyper[o.name],
			Objektversjon: ver, Startdato: start, Ressurser: objektLinks(o.v.TypeID, id, ver)})
	}
	if set.dryRun {
		return
	}
	oid := s.nextOppdrag
	s.nextOppdrag++
	set.oppdragID, set.tidspunkt = oid, localTime(now)
	navn := "Endringssett " + set.id
	if set.doc.EksternRef != "" {
		navn = set.doc.EksternRef
	}
	t := apiskriv.Transaksjon{OppdragID: oid, Tidspunkt: set.tidspunkt, Brukernavn: set.owner.Brukernavn,
		Ressurser: rel("oppdrag", fmt.Sprintf("rest/v1/oppdrag/%d", oid))}
	for _, typ := range order {
		t.Objekttyper = append(t.Objekttyper, *byType[typ])
	}
	s.oppdrag = append(s.oppdrag, &oppdragRec{endringssettID: set.id, trans: []apiskriv.Transaksjon{t}, o: apiskriv.Oppdrag{
		ID: oid, TypeID: 24598, Navn: navn, Beskrivelse: "Skrevet av " + set.klient + " via API Skriv",
		Sluttidspunkt: apiskriv.Tidspunkt(now.UTC().Format("2006-01-02T15:04:05Z")),
		Bruker:        apiskriv.Bruker{ID: set.owner.ID, Brukernavn: set.owner.Brukernavn, FulltNavn: set.owner.FulltNavn},
		Tjenesteregel: apiskriv.TjenesteregelVegnettsoppdrag, Ressurser: oppdragLinks(oid)}})
}

func localMillis(t time.Time) apiskriv.Tidspunkt {
	s := string(localTime(t))
	return apiskriv.Tidspunkt(fmt.Sprintf("%s.%03d", s, t.Nanosecond()/1e6))
}

// statusLocked renders the status of set; q may turn off resultat or
// varsler (advarsler and notabener).
func (s *Server) statusLocked(r *http.Request, set *setRec, q map[string][]string) apiskriv.Status {
	p := "rest/v3/endringssett/" + set.id
	cancel := set.cancelled
	st := apiskriv.Status{Mottatt: localMillis(set.mottatt), Fremdrift: set.fremdrift, FremdriftOppdatert: localMillis(set.oppdatert),
		Venteaarsak: set.venteårsak, Avvistaarsak: set.avvistårsak, Behandlingsparametere: &apiskriv.Behandlingsparametere{Dryrun: set.dryRun},
		KanselleringBestilt: &cancel, Eier: set.owner.Brukernavn, Klient: set.klient, Apiversjon: "3",
		Transaksjon: &apiskriv.StatusTransaksjon{}}
	if set.fremdrift == apiskriv.FremdriftUtfort || set.fremdrift == apiskriv.FremdriftUtfortOgEtterbehandlet || set.fremdrift == apiskriv.FremdriftAvvist {
		st.Etterbehandling = &apiskriv.Etterbehandling{TilgjengeligILes: set.fremdrift == apiskriv.FremdriftUtfortOgEtterbehandlet && !set.dryRun}
	}
	if set.oppdragID != 0 {
		st.Transaksjon = &apiskriv.StatusTransaksjon{OppdragID: set.oppdragID, Tidspunkt: set.tidspunkt}
	}
	if set.fremdrift == apiskriv.FremdriftVenter && set.venteårsak == apiskriv.VenteaarsakLaas {
		st.BlokkerendeLaaser = s.blockingLocked(set)
	}
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if set.resultat != nil && get("inkluderResultat") != "NEI" {
		res := *set.resultat
		if get("inkluderVarsler") == "NEI" {
			res.Advarsler, res.Notabener = []apiskriv.Melding{}, []apiskriv.Melding{}
			vs := slices.Clone(res.Vegobjekter)
			for i := range vs {
				vs[i].Advarsler, vs[i].Notabener = []apiskriv.Melding{}, []apiskriv.Melding{}
			}
			res.Vegobjekter = vs
		}
		st.Resultat = &res
	}
	links := []string{"self", p + "/status", "endringssett", p}
	switch set.fremdrift {
	case apiskriv.FremdriftIkkeStartet, apiskriv.FremdriftBehandles:
		links = append(links, "kanseller", p+"/kanseller")
	case apiskriv.FremdriftVenter:
		links = append(links, "kanseller", p+"/kanseller", "restart", p+"/restart")
	}
	if set.oppdragID != 0 {
		links = append(links, "oppdrag", fmt.Sprintf("rest/v1/oppdrag/%d", set.oppdragID))
	}
	st.Ressurser = s.links(r, links...)
	return st
}

func (s *Server) listSets(w http.ResponseWriter, r *http.Request, u User) {
	q := r.URL.Query()
	p, msg := readPaging(q)
	var fra, til int64
	for _, k := range []string{"fraEpochMs", "tilEpochMs"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				msg = k + " må være et heltall (millisekunder)"
			}
			if k == "fraEpochMs" {
				fra = n
			} else {
				til = n
			}
		}
	}
	if msg != "" {
		writeFault(w, r, http.StatusBadRequest, msg)
		return
	}
	status, årsak, who := q.Get("status"), q.Get("årsak"), q.Get("brukernavnEllerKlient")
	s.mu.Lock()
	var all []apiskriv.Endringssett
	for _, id := range s.setOrder {
		set := s.sets[id]
		ms := set.mottatt.UnixMilli()
		if set.owner.Brukernavn != u.Brukernavn || (status != "" && string(set.fremdrift) != status) ||
			(årsak != "" && string(set.venteårsak) != årsak && string(set.avvistårsak) != årsak) ||
			(who != "" && set.owner.Brukernavn != who && set.klient != who) ||
			(fra != 0 && ms < fra) || (til != 0 && ms > til) {
			continue
		}
		st := s.statusLocked(r, set, map[string][]string{"inkluderResultat": {"NEI"}})
		all = append(all, apiskriv.Endringssett{ID: set.id, Datakatalogversjon: set.doc.Datakatalogversjon, Status: &st})
	}
	s.mu.Unlock()
	if p.desc {
		slices.Reverse(all)
	}
	page := window(all, p)
	l := endringssettListeDoc{AntallTotalt: len(all), Endringssett: page}
	if l.Endringssett == nil {
		l.Endringssett = []apiskriv.Endringssett{}
	}
	write(w, r, http.StatusOK, l, l)
}
