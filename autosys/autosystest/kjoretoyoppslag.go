package autosystest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
)

// Paths of the kjøretøyoppslag operations the fake serves, which give out
// owner data.
const (
	BulkKjennemerkePath       = "/kjoretoyoppslag/bulk/kjennemerke"
	BulkKuidPath              = "/kjoretoyoppslag/bulk/kuid"
	BulkUnderstellsnummerPath = "/kjoretoyoppslag/bulk/understellsnummer"
	PersonPath                = "/kjoretoyoppslag/person"
	OrganisasjonPath          = "/kjoretoyoppslag/organisasjon"
)

// DefaultBulkLimit is the most items the fake takes in one bulk request
// (WithBulkLimit). The OpenAPI file says a longer list is answered with
// 400 but does not give the real service's number.
const DefaultBulkLimit = 1000

// WithBulkLimit sets the most items a bulk request may hold; longer lists
// get 400 as the OpenAPI file documents.
func WithBulkLimit(n int) Option { return func(s *Server) { s.bulkLimit = n } }

// Owner is a synthetic owner in the fake's register: a person (Fodselsnummer,
// Etternavn) or an organisation (Organisasjonsnummer). The numbers have
// valid control digits; the persons' are synthetic (month + 80, as in the
// test register), so they belong to no one.
type Owner struct {
	Fodselsnummer       string
	Fornavn, Etternavn  string
	Organisasjonsnummer string
	Organisasjonsnavn   string
}

// The fake's owners.
var (
	OwnerKari            = Owner{Fodselsnummer: "15838510075", Fornavn: "Kari", Etternavn: "Nordmann"}
	OwnerOla             = Owner{Fodselsnummer: "02887210066", Fornavn: "Ola", Etternavn: "Nordmann"}
	OwnerFiktivTransport = Owner{Organisasjonsnummer: "912340007", Organisasjonsnavn: "FIKTIV TRANSPORT AS"}
	OwnerFiktivLeasing   = Owner{Organisasjonsnummer: "987650001", Organisasjonsnavn: "FIKTIV LEASING AS"}
)

// ownership is who holds one vehicle, from when.
type ownership struct {
	kuid                  string
	fom                   string // RFC 3339
	eier, medeier, leaser *Owner
	underenhet            *Owner
}

// owners maps the normalised plate of each built-in vehicle to its owners.
var owners = map[string]ownership{
	"EK39085": {kuid: "3378041301", fom: "2019-06-01T10:00:00+02:00", eier: &OwnerKari},
	"BE12335": {kuid: "3378041302", fom: "2017-09-14T12:30:00+02:00", eier: &OwnerOla, medeier: &OwnerKari},
	"SP23005": {kuid: "3378041303", fom: "1994-04-20T09:00:00+02:00", eier: &OwnerOla},
	"CD19650": {kuid: "3378041304", fom: "2005-05-17T08:00:00+02:00", eier: &OwnerOla},
	"EC45678": {kuid: "3378041305", fom: "2023-03-01T09:00:00+01:00", eier: &OwnerFiktivLeasing, leaser: &OwnerKari},
	"ZT40123": {kuid: "3378041306", fom: "2020-02-03T08:00:00+01:00", eier: &OwnerFiktivTransport, underenhet: &Owner{Organisasjonsnummer: "975310000", Organisasjonsnavn: "FIKTIV TRANSPORT AS AVD TRONDHEIM"}},
	"JV7731":  {kuid: "3378041307", fom: "2018-04-11T08:00:00+02:00", eier: &OwnerFiktivTransport},
	"VH33445": {kuid: "3378041308", fom: "2016-10-05T08:00:00+02:00", eier: &OwnerFiktivTransport},
	"KT4821":  {kuid: "3378041309", fom: "2021-05-02T08:00:00+02:00", eier: &OwnerFiktivTransport},
	"KH54321": {kuid: "3378041310", fom: "2019-08-20T08:00:00+02:00", eier: &OwnerFiktivTransport},
	"HEIA":    {kuid: "3378041311", fom: "2023-05-10T11:20:00+02:00", eier: &OwnerFiktivTransport},
}

// Owners lists the fake's owners: the persons and organisations the owner
// searches find.
func Owners() []Owner {
	return []Owner{OwnerKari, OwnerOla, OwnerFiktivTransport, OwnerFiktivLeasing}
}

// Kuid returns the register id the fake gives the built-in vehicle with
// the plate kjennemerke, or "" for an unknown plate.
func Kuid(kjennemerke string) string { return owners[plateKey(kjennemerke)].kuid }

// party is the JSON of a PersonEnhetBegrenset.
func party(o *Owner, fom string) map[string]any {
	if o == nil {
		return nil
	}
	p := map[string]any{"fomTidspunkt": fom}
	if o.Fodselsnummer != "" {
		p["person"] = map[string]any{"fornavn": o.Fornavn, "etternavn": o.Etternavn, "fodselsdato": birthDate(o.Fodselsnummer)}
		p["adresse"] = map[string]any{"adresselinje1": "Fiktivveien 1", "postnummer": "0150", "poststed": "OSLO",
			"kommunenummer": "0301", "kommunenavn": "OSLO", "land": "NORGE", "landkode": "NO"}
	} else {
		p["enhet"] = map[string]any{"organisasjonsnummer": o.Organisasjonsnummer, "organisasjonsnavn": o.Organisasjonsnavn}
		p["adresse"] = map[string]any{"adresselinje1": "Postboks 123", "postnummer": "7010", "poststed": "TRONDHEIM",
			"kommunenummer": "5001", "kommunenavn": "TRONDHEIM", "land": "NORGE", "landkode": "NO"}
	}
	return p
}

// birthDate reads the date of birth from a synthetic fødselsnummer
// (month + 80) with a century guess good enough for the fake.
func birthDate(fnr string) string {
	d, _ := strconv.Atoi(fnr[0:2])
	m, _ := strconv.Atoi(fnr[2:4])
	y, _ := strconv.Atoi(fnr[4:6])
	if d > 40 {
		d -= 40 // D-nummer
	}
	m %= 40
	century := 1900
	if y < 30 {
		century = 2000
	}
	return fmt.Sprintf("%04d-%02d-%02d", century+y, m, d)
}

// ownedVehicle is one vehicle with owner data, as the kjøretøyoppslag
// operations give it out.
type ownedVehicle struct {
	plate string
	own   ownership
	data  map[string]any // the EnkeltOppslagKjoretoydata
}

// withOwners returns the vehicle's JSON with kuid and eierskap as valid at
// dtg (zero: now); an ownership that began after dtg is left out.
func (v *ownedVehicle) withOwners(dtg time.Time) map[string]any {
	out := make(map[string]any, len(v.data)+1)
	for k, x := range v.data {
		out[k] = x
	}
	if id, ok := v.data["kjoretoyId"].(map[string]any); ok {
		cp := map[string]any{"kuid": v.own.kuid}
		for k, x := range id {
			cp[k] = x
		}
		out["kjoretoyId"] = cp
	}
	fom, _ := time.Parse(time.RFC3339, v.own.fom)
	if !dtg.IsZero() && dtg.Before(fom) {
		return out
	}
	e := map[string]any{"vedtakstidspunkt": v.own.fom}
	for k, o := range map[string]*Owner{"eier": v.own.eier, "medeier": v.own.medeier, "leasingtaker": v.own.leaser, "underenhet": v.own.underenhet} {
		if p := party(o, v.own.fom); p != nil {
			e[k] = p
		}
	}
	out["eierskap"] = e
	return out
}

// ownedVehicles indexes the vehicles that have owners in the fake.
func (s *Server) ownedVehicles() (byPlate, byKuid map[string]*ownedVehicle, byVIN map[string][]*ownedVehicle, all []*ownedVehicle) {
	byPlate, byKuid, byVIN = map[string]*ownedVehicle{}, map[string]*ownedVehicle{}, map[string][]*ownedVehicle{}
	plates := make([]string, 0, len(owners))
	for p := range owners {
		plates = append(plates, p)
	}
	sort.Strings(plates)
	for _, p := range plates {
		body := s.data.byPlate[p]
		var r struct {
			KjoretoydataListe []map[string]any `json:"kjoretoydataListe"`
		}
		if body == nil || json.Unmarshal(body, &r) != nil || len(r.KjoretoydataListe) == 0 {
			continue
		}
		v := &ownedVehicle{plate: p, own: owners[p], data: r.KjoretoydataListe[0]}
		byPlate[p] = v
		byKuid[v.own.kuid] = v
		if id, ok := v.data["kjoretoyId"].(map[string]any); ok {
			if vin, ok := id["understellsnummer"].(string); ok {
				byVIN[strings.ToUpper(vin)] = append(byVIN[strings.ToUpper(vin)], v)
			}
		}
		all = append(all, v)
	}
	return byPlate, byKuid, byVIN, all
}

// authorize checks the key as serveLookup does and returns it.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (string, bool) {
	return s.fs.Key(w, r)
}

// spend counts n vehicles given out against key's quota and returns what
// is left, or answers 422 (429, WithQuotaStatus) when they do not fit:
// "Antall kjoretoy i respons overstiger kvote".
func (s *Server) spend(w http.ResponseWriter, key string, n int) (left int, ok bool) {
	s.mu.Lock()
	now := s.roll()
	fits := s.used[key]+max(n, 1) <= s.limit
	if fits {
		s.used[key] += max(n, 1)
		left = s.limit - s.used[key]
	}
	s.mu.Unlock()
	if fits {
		return left, true
	}
	reset := autosys.NextOsloMidnight(now)
	if s.retryAfterSecs {
		w.Header().Set("Retry-After", fmt.Sprint(int(reset.Sub(now).Seconds()+0.999)))
	} else {
		w.Header().Set("Retry-After", reset.UTC().Format(http.TimeFormat))
	}
	if s.quotaStatus == http.StatusUnprocessableEntity {
		w.WriteHeader(s.quotaStatus)
		return 0, false
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(s.quotaStatus)
	fmt.Fprint(w, "Bruker har brukt opp kvoten i inneværende periode. Prøv igjen etter midnatt (norsk tid).")
	return 0, false
}

// parseDtg reads an optional dato-tidsgruppe.
func parseDtg(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// serveBulk answers POST path, one of the three
// /kjoretoyoppslag/bulk/… operations.
func (s *Server) serveBulk(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.bulk(w, r, path) }
}

func (s *Server) bulk(w http.ResponseWriter, r *http.Request, path string) {
	key, ok := s.authorize(w, r)
	if !ok {
		return
	}
	var items []map[string]any
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<20))
	if err := dec.Decode(&items); err != nil || items == nil {
		writeSpringError(w, r, http.StatusBadRequest, "Required request body is missing or is not a JSON array")
		return
	}
	s.mu.Lock()
	left := s.limit - s.used[key]
	s.mu.Unlock()
	if len(items) > s.bulkLimit {
		writeJSON(w, http.StatusBadRequest, map[string]any{"gjenstaendeKvote": max(left, 0), "responser": []any{}})
		return
	}
	byPlate, byKuid, byVIN, _ := s.ownedVehicles()
	str := func(m map[string]any, k string) string { v, _ := m[k].(string); return strings.TrimSpace(v) }
	responser := make([]map[string]any, 0, len(items))
	given := 0
	for _, it := range items {
		dtg, err := parseDtg(str(it, "dtg"))
		if err != nil {
			writeSpringError(w, r, http.StatusBadRequest, "Ugyldig dtg: "+str(it, "dtg"))
			return
		}
		resp := map[string]any{"request": it}
		switch path {
		case BulkKjennemerkePath:
			k := plateKey(str(it, "kjennemerke"))
			if _, err := autosys.NormalizeKjennemerke(k); err != nil {
				resp["feilmelding"] = autosys.FeilmeldingKjennemerkeUgyldig
			} else if v := byPlate[k]; v == nil {
				resp["feilmelding"] = autosys.FeilmeldingKjennemerkeUkjent
			} else {
				resp["kjoretoydata"] = v.withOwners(dtg)
				given++
			}
		case BulkKuidPath:
			if v := byKuid[str(it, "kuid")]; v == nil {
				resp["feilmelding"] = autosys.FeilmeldingIkkeTilgjengelig
			} else {
				resp["kjoretoydata"] = v.withOwners(dtg)
				given++
			}
		default:
			vs := byVIN[strings.ToUpper(str(it, "understellsnummer"))]
			if len(vs) == 0 {
				resp["feilmelding"] = autosys.FeilmeldingIkkeTilgjengelig
			} else {
				list := make([]any, len(vs))
				for i, v := range vs {
					list[i] = map[string]any{"kjoretoydata": v.withOwners(dtg)}
				}
				resp["kjoretoydataListe"] = list
				given += len(vs)
			}
		}
		responser = append(responser, resp)
	}
	left, ok = s.spend(w, key, given)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"gjenstaendeKvote": left, "responser": responser})
}

// serveOwnerSearch answers GET path: /kjoretoyoppslag/person or
// /kjoretoyoppslag/organisasjon.
func (s *Server) serveOwnerSearch(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.ownerSearch(w, r, path) }
}

func (s *Server) ownerSearch(w http.ResponseWriter, r *http.Request, path string) {
	key, ok := s.authorize(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	dtg, err := parseDtg(q.Get("dtg"))
	if err != nil {
		writeSpringError(w, r, http.StatusBadRequest, "Ugyldig dtg: "+q.Get("dtg"))
		return
	}
	request := map[string]any{}
	if q.Get("dtg") != "" {
		request["dtg"] = q.Get("dtg")
	}
	_, _, _, all := s.ownedVehicles()
	var hits []*ownedVehicle
	side, antall := 0, autosys.MaxAntall
	if path == PersonPath {
		fnr, etternavn := q.Get("fodselsnummer"), q.Get("etternavn")
		if fnr == "" || etternavn == "" {
			writeSpringError(w, r, http.StatusBadRequest, "Required request parameter 'fodselsnummer' and 'etternavn' are not present")
			return
		}
		request["fodselsnummer"], request["etternavn"] = fnr, etternavn
		match := func(o *Owner) bool {
			return o != nil && o.Fodselsnummer == fnr && strings.EqualFold(o.Etternavn, etternavn)
		}
		for _, v := range all {
			if match(v.own.eier) || match(v.own.medeier) || match(v.own.leaser) {
				hits = append(hits, v)
			}
		}
	} else {
		orgnr := q.Get("organisasjonsnummer")
		if orgnr == "" {
			writeSpringError(w, r, http.StatusBadRequest, "Required request parameter 'organisasjonsnummer' is not present")
			return
		}
		request["organisasjonsnummer"] = orgnr
		for name, p := range map[string]*int{"side": &side, "antall": &antall} {
			if v := q.Get(name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 || (name == "antall" && n < 1) {
					writeSpringError(w, r, http.StatusBadRequest, "Ugyldig verdi for "+name+": "+v)
					return
				}
				*p = n
			}
		}
		request["side"], request["antall"] = side, antall
		if antall > autosys.MaxAntall {
			writeJSON(w, http.StatusBadRequest, map[string]any{"feilmelding": "Antall-parameter er høyere enn tillatt antall treff", "request": request})
			return
		}
		match := func(o *Owner) bool { return o != nil && o.Organisasjonsnummer == orgnr }
		for _, v := range all {
			if match(v.own.eier) || match(v.own.medeier) {
				hits = append(hits, v)
			}
		}
	}
	// An owner at dtg only: a vehicle owned since later is not theirs then.
	kept := hits[:0]
	for _, v := range hits {
		if _, owned := v.withOwners(dtg)["eierskap"]; owned {
			kept = append(kept, v)
		}
	}
	hits = kept
	from := min(side*antall, len(hits))
	page := hits[from:min(from+antall, len(hits))]
	left, ok := s.spend(w, key, len(page))
	if !ok {
		return
	}
	list := make([]any, len(page))
	for i, v := range page {
		list[i] = map[string]any{"kjoretoydata": v.withOwners(dtg)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"gjenstaendeKvote": left, "request": request, "kjoretoydataListe": list})
}
