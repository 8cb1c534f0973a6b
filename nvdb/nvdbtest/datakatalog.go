package nvdbtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/nvdb"
)

// katalog is the fake's data catalogue. It is derived from the data it
// serves: every egenskap seen on an object of a type becomes one of the
// type's egenskapstyper, with the enum values seen (and, for 2021
// Fartsgrense, every real one) as its tillatte_verdier.
type katalog struct {
	types      map[int]*nvdb.Vegobjekttype
	ids        []int
	egenskaper map[int]*nvdb.EgenskapstypeInfo
}

// The catalogue's categories (real ids and names of NVDB).
var (
	kategorier = []nvdb.Kategori{
		{ID: 3, Navn: "Byggverk - Tunnel - Bru", Kortnavn: "Tunnel og bru", Sorteringsnummer: 3, StartDato: "2012-05-08"},
		{ID: 19, Navn: "Vegnett - Regulering - Trafikk", Kortnavn: "Trafikk", Sorteringsnummer: 19, StartDato: "2012-05-08"},
		{ID: 38, Navn: "Alle", Kortnavn: "Alle", Sorteringsnummer: 38, StartDato: "2012-05-08"},
	}
	typeKategori = map[int]int{45: 19, 67: 3, 105: 19, 581: 3}
	enheter      = []nvdb.Enhet{*enhetMeter, *enhetKmh, *enhetStk, *enhetKroner, *enhetMinutt}
	egKategorier = []nvdb.EgenskapstypeKategori{
		{ID: 1, Navn: "Grunndata", Kortnavn: "Grunndata", Sorteringsnummer: 1},
		{ID: 3, Navn: "Regulering", Kortnavn: "Regulering", Sorteringsnummer: 3},
	}
	katalogVersjon = nvdb.DatakatalogVersjon{ID: 2350, Versjon: "2.35", Dato: "2026-09-10"}
)

func newKatalog(d *store) *katalog {
	k := &katalog{types: map[int]*nvdb.Vegobjekttype{}, egenskaper: map[int]*nvdb.EgenskapstypeInfo{}}
	for _, typ := range d.typeIDs() {
		set := d.sets[typ]
		var objs []*nvdb.Vegobjekt
		n := set.len()
		if set.gen != nil {
			n = min(n, 64)
		}
		for i := 0; i < n; i++ {
			objs = append(objs, set.versionsAt(i)...)
		}
		k.types[typ] = buildType(typ, objs)
		k.ids = append(k.ids, typ)
		for i := range k.types[typ].Egenskapstyper {
			et := &k.types[typ].Egenskapstyper[i]
			k.egenskaper[et.ID] = et
		}
	}
	return k
}

func bp(b bool) *bool { return &b }

func buildType(typ int, objs []*nvdb.Vegobjekt) *nvdb.Vegobjekttype {
	info, ok := catalogue[typ]
	if !ok {
		info = typeInfo{ID: typ, Navn: typeName(typ), Kortnavn: typeName(typ), Sortnr: typ * 10}
	}
	kat := typeKategori[typ]
	if kat == 0 {
		kat = 19
	}
	var kn nvdb.Kategori
	for _, c := range kategorier {
		if c.ID == kat {
			kn = c
		}
	}
	t := &nvdb.Vegobjekttype{
		ID: typ, Navn: info.Navn, Kortnavn: info.Kortnavn, Beskrivelse: info.Beskr, ObjektlisteDato: "2012-05-08",
		Sosinavn: info.Navn, Sosinvdbnavn: strings.ReplaceAll(info.Navn, " ", "_") + "_" + itoa(typ),
		Sorteringsnummer: info.Sortnr, Status: "NVDB, ok", Hovedkategori: "Detaljinfo", TidsromRelevant: true,
		KonnekteringslenkeOK: true,
		Kategorier: []nvdb.VegobjektKategori{
			{ID: kn.ID, Primaerkategori: true, Nummer: 10, Navn: kn.Navn, Sorteringsnummer: kn.Sorteringsnummer},
			{ID: 38, Nummer: 210, Navn: "Alle", Sorteringsnummer: 38},
		},
		Relasjonstyper: &nvdb.Relasjonstyper{Foreldre: []nvdb.Assosiasjonstype{}, Barn: []nvdb.Assosiasjonstype{}},
	}
	point := true
	byID := map[int]*nvdb.EgenskapstypeInfo{}
	enums := map[int]map[int]nvdb.Verdi{}
	foreldre, barn := map[int]nvdb.Relasjon{}, map[int]nvdb.Relasjon{}
	for _, o := range objs {
		if o.Lokasjon != nil {
			for _, st := range o.Lokasjon.Stedfestinger {
				if st.RelativPosisjon == nil {
					point = false
				}
			}
		}
		if o.Relasjoner != nil {
			for _, r := range o.Relasjoner.Foreldre {
				foreldre[r.ID] = r
			}
			for _, r := range o.Relasjoner.Barn {
				barn[r.ID] = r
			}
		}
		for _, e := range o.Egenskaper {
			et := byID[e.ID]
			if et == nil {
				et = egenskapstypeOf(e, len(byID)+1)
				byID[e.ID] = et
			}
			if e.Egenskapstype.IsEnum() && e.EnumID != 0 {
				if enums[e.ID] == nil {
					enums[e.ID] = map[int]nvdb.Verdi{}
				}
				enums[e.ID][e.EnumID] = e.Verdi
			}
		}
	}
	if et := byID[2021]; et != nil {
		for kmh, id := range fartsgrenseEnum {
			enums[2021][id] = nvdb.IntVerdi(int64(kmh))
		}
		et.Viktighet, et.ObligatoriskVerdi, et.Kategori, et.Kortnavn = "PÅKREVD_ABSOLUTT", true, 3, "fagr"
	}
	for id, vals := range enums {
		et := byID[id]
		ids := make([]int, 0, len(vals))
		for eid := range vals {
			ids = append(ids, eid)
		}
		sort.Slice(ids, func(a, b int) bool { return lessVerdi(vals[ids[a]], vals[ids[b]]) })
		kind := "Tekst"
		if et.Egenskapstype == nvdb.EgenskapstypeHeltallenum {
			kind = "Heltall"
		} else if et.Egenskapstype == nvdb.EgenskapstypeFlyttallenum {
			kind = "Flyttall"
		}
		for i, eid := range ids {
			v := vals[eid]
			txt, _ := json.Marshal(v)
			kort := strings.Trim(string(txt), `"`)
			et.TillatteVerdier = append(et.TillatteVerdier, nvdb.TillattVerdi{
				ID: eid, Verdi: v, Kortnavn: kort, Kortnavnlengde: len(kort), Sorteringsnummer: i + 1, Type: kind,
				ObjektlisteDato: "2012-05-08", Standardverdi: id == 2021 && eid == fartsgrenseEnum[80],
			})
		}
	}
	for _, et := range byID {
		t.Egenskapstyper = append(t.Egenskapstyper, *et)
	}
	sort.Slice(t.Egenskapstyper, func(a, b int) bool { return t.Egenskapstyper[a].ID < t.Egenskapstyper[b].ID })
	for i := range t.Egenskapstyper {
		t.Egenskapstyper[i].Sorteringsnummer = i + 1
	}
	stedfesting := nvdb.EgenskapstypeInfo{
		ID: 100000 + typ, Egenskapstype: nvdb.EgenskapstypeStedfesting, Navn: "LinjeTilknytning", Kortnavn: "LT", Kategori: 1000,
		Viktighet: "IKKE_SATT", Stedfestingstype: "Linje", Geometritype: "LINJE", OverlappOK: bp(typ != 105),
		KjorefeltRelevant: "KAN", SideposisjonRelevant: "NEI", VegnettsajourholdSplitt: "KAN_SPLITTES", RetningRelevant: bp(false),
	}
	if point {
		stedfesting.Navn, stedfesting.Kortnavn, stedfesting.Stedfestingstype, stedfesting.Geometritype = "PunktTilknytning", "PT", "Punkt", "PUNKT"
	}
	t.Stedfesting = &stedfesting
	t.Relasjonstyper.Foreldre = assosiasjoner(foreldre, typ, false)
	t.Relasjonstyper.Barn = assosiasjoner(barn, typ, true)
	return t
}

func assosiasjoner(rs map[int]nvdb.Relasjon, typ int, barn bool) []nvdb.Assosiasjonstype {
	out := []nvdb.Assosiasjonstype{}
	for _, r := range rs {
		other := r.Type
		a := nvdb.Assosiasjonstype{ID: r.ID, Navn: "Assosierte " + other.Navn, Egenskapstype: nvdb.EgenskapstypeListe, MaksimaltAntallVerdier: 999999,
			Innhold: &nvdb.AssosiasjonstypeInnhold{ID: r.ID - 20000, Navn: typeName(typ), Egenskapstype: nvdb.EgenskapstypeAssosiasjon,
				Type: nvdb.AssosiasjonstypeVegobjekttype{ID: other.ID, Navn: other.Navn, ObjektlisteDato: "2012-05-08"}, Relasjonstype: "KOMPOSISJON"}}
		if !barn {
			a.Innhold.Navn = other.Navn
			a.Innhold.Type = nvdb.AssosiasjonstypeVegobjekttype{ID: other.ID, Navn: other.Navn}
		}
		out = append(out, a)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

func lessVerdi(a, b nvdb.Verdi) bool {
	fa, oka := a.Float()
	fb, okb := b.Float()
	if oka && okb {
		return fa < fb
	}
	sa, _ := a.String()
	sb, _ := b.String()
	return sa < sb
}

func egenskapstypeOf(e nvdb.Egenskap, sortnr int) *nvdb.EgenskapstypeInfo {
	et := &nvdb.EgenskapstypeInfo{
		ID: e.ID, Egenskapstype: e.Egenskapstype, Navn: e.Navn, Kortnavn: e.Navn, Beskrivelse: e.Navn,
		Sosinvdbnavn: strings.ReplaceAll(e.Navn, " ", "_") + "_" + itoa(e.ID), Sorteringsnummer: sortnr,
		Viktighet: "OPSJONELL", Kategori: 1,
	}
	switch e.Egenskapstype {
	case nvdb.EgenskapstypeGeometri:
		et.Dimensjoner, et.Geometritype = 3, "PUNKT"
		if w, _ := e.Verdi.String(); strings.HasPrefix(w, "LINESTRING") {
			et.Geometritype = "LINJE"
		} else if strings.HasPrefix(w, "POLYGON") {
			et.Geometritype = "POLYGON"
		}
		et.InnenforMor = nvdb.BoolVerdi(false)
		return et
	case nvdb.EgenskapstypeListe, nvdb.EgenskapstypeStruktur:
		return et
	}
	et.ObjektlisteDato, et.LengdeavhengigVerdi, et.AjourholdSnu = "2012-05-08", bp(false), bp(false)
	switch e.Egenskapstype {
	case nvdb.EgenskapstypeHeltall, nvdb.EgenskapstypeFlyttall, nvdb.EgenskapstypeHeltallenum, nvdb.EgenskapstypeFlyttallenum:
		et.FortegnsendringSnu = bp(false)
		if e.Enhet != nil {
			u := *e.Enhet
			et.Enhet = &u
		}
		et.Feltlengde = 10
	case nvdb.EgenskapstypeTekst, nvdb.EgenskapstypeTekstenum:
		et.Feltlengde = 255
	}
	return et
}

func etagOf(b []byte) string {
	h := sha256.Sum256(b)
	return `"` + hex.EncodeToString(h[:12]) + `"`
}

// writeCached answers with v and a strong ETag of its body, or with 304
// Not Modified and no body when If-None-Match holds that ETag, as the
// datakatalog and omrader services do.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	tag := etagOf(b)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	for _, m := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if m = strings.TrimSpace(m); m == tag || m == "*" {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	out, _, done := s.jsonWriter(w, r)
	_, _ = out.Write(b)
	done()
}

// NotModified is the number of requests answered 304 Not Modified.
func (s *Server) NotModified() int { return int(s.notModified.Load()) }

var validTypeInkluder = map[string]bool{"egenskapstyper": true, "relasjonstyper": true, "stedfesting": true, "alle": true, "minimum": true}

// shapeType applies inkluder to a copy of t.
func shapeType(t *nvdb.Vegobjekttype, inkl []string) nvdb.Vegobjekttype {
	c := *t
	if len(inkl) == 0 {
		return c
	}
	has := map[string]bool{}
	for _, x := range inkl {
		has[x] = true
	}
	if has["alle"] {
		return c
	}
	if !has["egenskapstyper"] {
		c.Egenskapstyper = nil
	}
	if !has["relasjonstyper"] {
		c.Relasjonstyper = nil
	}
	if !has["stedfesting"] {
		c.Stedfesting = nil
	}
	return c
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// katalogInkluder checks the inkluder every datakatalog path takes and
// hands the parts asked for to h.
func (s *Server) katalogInkluder(h func(w http.ResponseWriter, r *http.Request, inkl []string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		inkl := splitList(r.URL.Query().Get("inkluder"))
		for _, x := range inkl {
			if !validTypeInkluder[x] {
				writeProblem(w, r, http.StatusBadRequest, "Ugyldig verdi for inkluder: "+x)
				return
			}
		}
		h(w, r, inkl)
	}
}

// cachedValue answers a fixed catalogue value with its ETag.
func (s *Server) cachedValue(v any) http.HandlerFunc {
	return s.katalogInkluder(func(w http.ResponseWriter, r *http.Request, _ []string) { s.writeCached(w, r, v) })
}

// katalogID parses the path value name as an id; it answers 400 and
// reports false when it is not one.
func katalogID(w http.ResponseWriter, r *http.Request, name, what string) (int, bool) {
	id, err := strconv.Atoi(r.PathValue(name))
	if err != nil || id <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig "+what+" "+strconv.Quote(r.PathValue(name)))
		return 0, false
	}
	return id, true
}

// egenskapstype answers /egenskapstyper/{egenskapstypeid}.
func (s *Server) egenskapstype(w http.ResponseWriter, r *http.Request, _ []string) {
	id, ok := katalogID(w, r, "egenskapstypeid", "egenskapstypeid")
	if !ok {
		return
	}
	et := s.katalog.egenskaper[id]
	if et == nil {
		writeProblem(w, r, http.StatusNotFound, "Egenskapstype "+itoa(id)+" finnes ikke")
		return
	}
	s.writeCached(w, r, et)
}

// vegobjekttyper answers /vegobjekttyper and, with a versjon,
// /vegobjekttyper/historisk/{versjon} (not cached).
func (s *Server) vegobjekttyper(w http.ResponseWriter, r *http.Request, inkl []string) {
	kat := 0
	if v := r.URL.Query().Get("kategori"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig kategori "+strconv.Quote(v))
			return
		}
		kat = n
	}
	versjon := r.PathValue("versjon")
	if versjon != "" && versjon != katalogVersjon.Versjon {
		writeProblem(w, r, http.StatusNotFound, "Datakatalogversjon "+versjon+" finnes ikke")
		return
	}
	k := s.katalog
	out := []nvdb.Vegobjekttype{}
	for _, id := range k.ids {
		t := k.types[id]
		if kat != 0 {
			found := false
			for _, c := range t.Kategorier {
				found = found || c.ID == kat
			}
			if !found {
				continue
			}
		}
		out = append(out, shapeType(t, inkl))
	}
	if versjon != "" {
		s.writeJSON(w, r, out)
		return
	}
	s.writeCached(w, r, out)
}

// vegobjekttypeOf parses {vegobjekttypeid} and finds the type; it answers
// the error and reports nil when there is none.
func (s *Server) vegobjekttypeOf(w http.ResponseWriter, r *http.Request) *nvdb.Vegobjekttype {
	id, ok := katalogID(w, r, "vegobjekttypeid", "vegobjekttypeid")
	if !ok {
		return nil
	}
	t := s.katalog.types[id]
	if t == nil {
		writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+itoa(id)+" finnes ikke")
	}
	return t
}

// vegobjekttype answers /vegobjekttyper/{vegobjekttypeid}.
func (s *Server) vegobjekttype(w http.ResponseWriter, r *http.Request, inkl []string) {
	if t := s.vegobjekttypeOf(w, r); t != nil {
		s.writeCached(w, r, shapeType(t, inkl))
	}
}

// vegobjekttypeDel answers /vegobjekttyper/{vegobjekttypeid}/{del}: its
// produktspesifikasjon, or one of its egenskapstyper by id.
func (s *Server) vegobjekttypeDel(w http.ResponseWriter, r *http.Request, _ []string) {
	t := s.vegobjekttypeOf(w, r)
	if t == nil {
		return
	}
	if r.PathValue("del") == "produktspesifikasjon" {
		s.writeJSON(w, r, nvdb.Produktspesifikasjon{
			URL:                     "https://www.vegvesen.no/fag/teknologi/nasjonal-vegdatabank/datakatalogen/produktspesifikasjon/" + itoa(t.ID),
			RegistrationConstraints: []nvdb.RegistreringsBegrensning{{Title: "Stedfesting", Content: t.Navn + " stedfestes på vegnettet."}},
			Examples:                []nvdb.ProduktEksempel{{Title: t.Navn, URL: "https://vegkart.atlas.vegvesen.no/#valgt:" + itoa(t.ID)}},
		})
		return
	}
	eid, ok := katalogID(w, r, "del", "egenskapstypeid")
	if !ok {
		return
	}
	et := t.EgenskapstypeByID(eid)
	if et == nil {
		writeProblem(w, r, http.StatusNotFound, "Egenskapstype "+itoa(eid)+" finnes ikke for vegobjekttype "+itoa(t.ID))
		return
	}
	s.writeCached(w, r, et)
}
