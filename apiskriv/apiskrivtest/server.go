// Package apiskrivtest is an in-process fake of NVDB API Skriv for tests:
// login and refresh, oppdrag, transaksjoner and endringssett with their
// processing state machine, in XML and JSON, with the API's fault bodies and
// optional injected failures (latency, 429 with Retry-After, 503, dropped
// connections, truncated bodies). It also serves
//
//   - binary objects: POST rest/v3/binaer (raw or multipart) and GET
//     rest/v3/binaer/{id}, with the content type and file name given;
//   - locks (lås): GET rest/v1/lås and rest/v1/lås/{id}, and POST
//     rest/v1/lås with the API's refusals (422 FOR_MANGE_LENKESEKVENSER,
//     403 without the rights); WithLocked locks hold sets in VENTER;
//   - stedfesting: POST rest/v3/stedfest, projecting each object's
//     geometry onto the nearest veglenkesekvens of a small road network;
//   - conversion: POST rest/v3/konverter/sosiGeoJson and
//     rest/v3/konverter/sosi, from SOSI-GeoJSON or SOSI to an endringssett;
//   - data rights: GET rest/v1/autorisasjon/{brukernavn};
//   - rule sets: GET rest/v1/regelsett/{vegnettobjekttype,veglenke} and
//     their …/versjon.
//
// The fake holds the documentation's oppdrag 3466724 and its transaksjon
// with the same ids and content (links point at the fake instead of the
// real host), the documentation's lock 17900713 among olanor's 43, plus
// generated oppdrag for the fixed users.
//
//	srv := apiskrivtest.NewServer()
//	defer srv.Close()
//	ts, _ := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
//	c, _ := apiskriv.NewClient("test", ts, apiskriv.WithBaseURL(srv.URL))
//
// A started endringssett advances one step each time its progress is read
// (…/fremdrift or …/fremdriftOgÅrsak), so tests run as fast as they poll:
// BEHANDLES, then UTFØRT (or AVVIST), then UTFØRT_OG_ETTERBEHANDLET. A set
// that touches a locked object (WithLocked) waits in VENTER (VENTER_PÅ_LÅS)
// until Unlock; Cancel gives KANSELLERT. A finished set that is not a dry run
// becomes an oppdrag with one transaksjon.
//
// By default any non-empty bearer token is accepted; WithStrictTokens and
// WithKeys restrict that. Script, WithFaults and WithLatency inject
// failures; Requests lists what arrived, tokens and passwords masked.
//
// Where the real API is undocumented the fake chooses one form and the
// client reads it: JSON lists are {"antallTotalt":n,"<element>":[…]}, JSON
// faults are {"messages":[…]}, transaksjonstype values other than NY
// (ENDRET, KORRIGERT, LUKKET, FJERNET, GJENOPPRETTET) are guesses.
package apiskrivtest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// Credentials of the fixed users. Every user's password is Password.
const (
	Username = "olanor"   // Ola Nordmann, EMPLOYEE, owner of oppdrag 3466724
	Password = "hemmelig" // password of every fixed user
)

// DatakatalogVersjon is the fake's current datakatalog version; sets with
// another version get the advarsel IKKE_GJELDENDE_DATAKATALOGVERSJON.
const DatakatalogVersjon = "2.37"

// User is a login the fake accepts.
type User struct {
	ID         int64
	Brukernavn string
	FulltNavn  string
	Password   string
	Realm      apiskriv.Realm
}

// DefaultUsers are the fixed users: olanor and karnor (EMPLOYEE), a service
// account and an external user, all with Password.
func DefaultUsers() []User {
	return []User{
		{ID: 42, Brukernavn: "olanor", FulltNavn: "Ola Nordmann", Password: Password, Realm: apiskriv.RealmEmployee},
		{ID: 43, Brukernavn: "karnor", FulltNavn: "Kari Nordmann", Password: Password, Realm: apiskriv.RealmEmployee},
		{ID: 77, Brukernavn: "svc-vegdata", FulltNavn: "Tjenestebruker Vegdata", Password: Password, Realm: apiskriv.RealmServiceAccount},
		{ID: 88, Brukernavn: "entrep", FulltNavn: "Entreprenør AS", Password: Password, Realm: apiskriv.RealmExternal},
	}
}

// Faults is a random fault schedule; Seed makes it repeatable.
type Faults = vegdatatest.Faults

// Fault is one scripted answer for the next request (see Server.Script).
// An injected status without a Body gets the API's XML fault body.
type Fault = vegdatatest.Fault

// Request is a request the fake received (see Server.Requests); its Path
// leaves out the prefix, tokens and passwords are masked.
type Request = vegdatatest.Request

// Option configures the fake.
type Option func(*Server)

// WithPrefix serves the API under a path prefix, as the Docker image and
// the legacy host do ("/nvdb/apiskriv"). URL then includes the prefix.
func WithPrefix(prefix string) Option {
	return func(s *Server) { s.prefix = "/" + strings.Trim(prefix, "/") }
}

// WithUsers replaces the fixed users.
func WithUsers(u ...User) Option { return func(s *Server) { s.users = append([]User(nil), u...) } }

// WithStrictTokens accepts only unexpired tokens issued by the fake's own
// login. By default any non-empty bearer token is accepted (as user
// olanor unless the fake issued it) and a missing one is refused with 401.
func WithStrictTokens() Option { return func(s *Server) { s.strict = true } }

// WithKeys restricts the fake to the given static bearer tokens (acting as
// the first user) and the tokens its own login issues.
func WithKeys(tokens ...string) Option {
	return func(s *Server) { s.cfg.Keys = append([]string{}, tokens...) }
}

// WithTokenLifetime sets how long issued id and access tokens live
// (default 15 minutes, as the docs say is common).
func WithTokenLifetime(d time.Duration) Option { return func(s *Server) { s.tokenLife = d } }

// WithFaults injects failures on a seeded random schedule.
func WithFaults(f Faults) Option { return func(s *Server) { s.cfg.Faults = f } }

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.cfg.Latency = d } }

// WithLocked makes the given vegobjekter locked by another oppdrag: a set
// that touches one waits in VENTER (VENTER_PÅ_LÅS) until Unlock.
func WithLocked(nvdbID ...int64) Option {
	return func(s *Server) {
		for _, id := range nvdbID {
			s.locked[id] = true
		}
	}
}

// WithProcessingPolls sets how many progress reads a started set stays in
// BEHANDLES before it finishes (default 1).
func WithProcessingPolls(n int) Option { return func(s *Server) { s.processingPolls = max(n, 0) } }

// Server is the fake. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give the client, including any prefix.
	URL string

	fs     *fakeserver.Server
	cfg    fakeserver.Config
	prefix string

	mu              sync.Mutex
	users           []User
	strict          bool
	tokenLife       time.Duration
	tokens          map[string]issued // id/access tokens
	refreshTokens   map[string]issued
	logins          int
	refreshes       int
	oppdrag         []*oppdragRec
	nextOppdrag     int64
	nextNvdbID      int64
	objekter        map[int64]objektRec // nvdbId -> current state
	sets            map[string]*setRec
	setOrder        []string
	locked          map[int64]bool
	processingPolls int
	now             func() time.Time
	more            moreState // binaer, låser, autorisasjon (routes.go)
}

// NewServer starts the fake on a loopback port.
func NewServer(opts ...Option) *Server {
	s := &Server{
		users: DefaultUsers(), tokenLife: 15 * time.Minute,
		tokens: map[string]issued{}, refreshTokens: map[string]issued{}, objekter: map[int64]objektRec{},
		sets: map[string]*setRec{}, locked: map[int64]bool{}, processingPolls: 1,
		nextOppdrag: 14534548, nextNvdbID: 1020000001, now: time.Now,
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.prefix == "/" {
		s.prefix = ""
	}
	s.seed()
	s.cfg.Prefix = s.prefix
	s.cfg.ErrorBody = faultBody
	s.cfg.Auth = fakeserver.Auth{Header: "Authorization", Scheme: "Bearer"}
	s.fs = fakeserver.NewUnstarted(s.routes(), s.cfg)
	s.fs.Start() // after s.fs is set: the handlers read it
	s.URL = s.fs.URL + s.prefix
	return s
}

// Close shuts the fake down.
func (s *Server) Close() { s.fs.Close() }

// Client returns an *http.Client that talks to the fake.
func (s *Server) Client() *http.Client { return s.fs.Client() }

// Script queues answers for the next requests, one per request, in the
// order requests arrive, before the random schedule of WithFaults applies
// again. A Fault with only a Delay (or the zero Fault) passes its request
// through, after the delay.
func (s *Server) Script(f ...Fault) { s.fs.Script(f...) }

func faultBody(status int) (string, string) {
	return "application/xml; charset=UTF-8", faultXMLBody(fmt.Sprintf("%d %s", status, http.StatusText(status)))
}

// Requests returns the requests received so far, oldest first, faulted
// ones included, with tokens and passwords masked.
func (s *Server) Requests() []Request { return s.fs.Requests() }

// OpenConns is the number of client connections the fake holds open; it
// returns to zero shortly after the client closes its idle connections.
func (s *Server) OpenConns() int { return s.fs.OpenConns() }

// Logins is the number of successful logins.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// Refreshes is the number of successful token refreshes.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// ExpireTokens makes every issued token and refresh token invalid, as if
// they had all expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
	clear(s.refreshTokens)
}

// Unlock releases locks set with WithLocked; waiting sets resume at their
// next progress read.
func (s *Server) Unlock(nvdbID ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range nvdbID {
		delete(s.locked, id)
	}
}

// base is the absolute base URL links point at, as seen by the caller.
func (s *Server) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + s.prefix
}

func (s *Server) links(r *http.Request, rel ...string) apiskriv.Ressurser {
	out := make(apiskriv.Ressurser, 0, len(rel)/2)
	for i := 0; i+1 < len(rel); i += 2 {
		out = append(out, apiskriv.Ressurs{Rel: rel[i], Src: s.base(r) + "/" + rel[i+1]})
	}
	return out
}

// --- encoding ---

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "json")
}

// write answers v in the format the request asked for: JSON if Accept names
// it, else XML (the API's default). xmlRoot wraps v for XML.
func write(w http.ResponseWriter, r *http.Request, status int, jsonV, xmlV any) {
	if wantsJSON(r) {
		b, err := json.Marshal(jsonV)
		if err != nil {
			writeFault(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(b)
		return
	}
	b, err := xml.MarshalIndent(xmlV, "", "  ")
	if err != nil {
		writeFault(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"))
	_, _ = w.Write(b)
}

type faultDoc struct {
	XMLName  xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/fault/v1 fault"`
	Messages []string `xml:"messages>message,omitempty"`
	Message  []string `xml:"message,omitempty"`
}

func faultXMLBody(msg ...string) string {
	b, _ := xml.Marshal(faultDoc{Message: msg})
	return string(b)
}

// writeFault answers the API's fault body: one <message> for one message,
// <messages><message>… for several; {"messages":[…]} in JSON.
func writeFault(w http.ResponseWriter, r *http.Request, status int, msg ...string) {
	doc := faultDoc{Message: msg}
	if len(msg) > 1 {
		doc = faultDoc{Messages: msg}
	}
	write(w, r, status, map[string][]string{"messages": msg}, doc)
}

// readBody decodes a request body in the format its Content-Type names.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	ct := r.Header.Get("Content-Type")
	body := http.MaxBytesReader(w, r.Body, 32<<20)
	var err error
	switch {
	case strings.Contains(ct, "json"):
		dec := json.NewDecoder(body)
		err = dec.Decode(v)
	case strings.Contains(ct, "xml"):
		dec := xml.NewDecoder(body)
		dec.Strict = true
		err = dec.Decode(v)
	default:
		writeFault(w, r, http.StatusUnsupportedMediaType, "Content-Type må være application/json eller application/xml")
		return false
	}
	if err != nil {
		writeFault(w, r, http.StatusBadRequest, "Kunne ikke lese innholdet: "+err.Error())
		return false
	}
	return true
}
