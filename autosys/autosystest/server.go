// Package autosystest is an in-process fake of the Autosys kjøretøydata
// enkeltoppslag API, for testing code that uses package autosys without a
// key or network.
//
// The fake serves GET /enkeltoppslag/kjoretoydata at its root, as the
// akfell-datautlevering host does, and the same resource under the
// www.vegvesen.no path prefix (/ws/no/vegvesen/kjoretoy/felles/datautlevering).
// It holds eleven vehicles (see Kjennemerker), among them the three real
// ones captured from the live API (EK 39085, BE 12335, SP 23005), and
// answers as the real service is documented and observed to:
//
//   - 200 with {"kjoretoydataListe":[…]} for a known kjennemerke or
//     understellsnummer (spaces, hyphens and case ignored);
//   - 200 with {"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE"} for an
//     unknown one, or any other observed not-found form (WithNotFound);
//   - 400 when both or neither query parameter is given;
//   - 401 without an "SVV-Authorization: Apikey <key>" header, 403 for a key
//     not accepted (WithKeys);
//   - 422 (or 429, WithQuotaStatus) with Retry-After at the next Oslo
//     midnight once a key's daily quota (50 000, WithDailyQuota) is spent;
//   - latency, 429, 5xx, dropped connections, truncated or stalled bodies
//     and the spent-quota answer on demand (WithLatency, WithFaults,
//     Server.Script); Requests lists what arrived, the key masked.
//
// It also serves the kjøretøyoppslag operations, which give out owner data:
// POST /kjoretoyoppslag/bulk/kjennemerke, /bulk/kuid and
// /bulk/understellsnummer, GET /kjoretoyoppslag/person and
// /kjoretoyoppslag/organisasjon (paged with side and antall), with
// synthetic owners (see Owners) for the built-in vehicles and the quota
// counted in vehicles given out (gjenstaendeKvote).
//
// Its 200, 400 and 422 answers validate against the official OpenAPI file.
package autosystest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// Paths the fake serves.
const (
	Path            = "/enkeltoppslag/kjoretoydata"
	AlternativePath = "/ws/no/vegvesen/kjoretoy/felles/datautlevering/enkeltoppslag/kjoretoydata"
)

// NotFoundForm selects how the fake says "no data for this vehicle"; the
// real service has been seen answering in each of these forms.
type NotFoundForm int

const (
	// NotFoundFeilmelding: 200 {"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE"} (default).
	NotFoundFeilmelding NotFoundForm = iota
	// NotFoundEmptyList: 200 {"kjoretoydataListe":[]}.
	NotFoundEmptyList
	// NotFoundNoContent: 204 with an empty body.
	NotFoundNoContent
	// NotFoundPlainText: 200 with the body OPPLYSNINGER_IKKE_TILGJENGELIGE as text/plain.
	NotFoundPlainText
	// NotFoundStatus: 404.
	NotFoundStatus
)

// Fault is one scripted answer for the next request; see Server.Script.
// An injected status without a Body gets the plain-text body the host
// sends; a Quota fault gets the spent-quota answer (WithQuotaStatus).
type Fault = vegdatatest.Fault

// Faults is a seeded random schedule of failures; see WithFaults.
type Faults = vegdatatest.Faults

// Request is a request the server received; see Server.Requests.
type Request = vegdatatest.Request

// Option configures a Server.
type Option func(*Server)

// WithKeys accepts only the given API keys (403 for others). By default any
// non-empty key is accepted and a missing one refused with 401.
func WithKeys(keys ...string) Option {
	return func(s *Server) { s.cfg.Keys = append([]string{}, keys...) }
}

// WithDailyQuota sets the calls each key may make per Oslo day (default
// autosys.DailyQuota).
func WithDailyQuota(n int) Option { return func(s *Server) { s.limit = n } }

// WithQuotaStatus sets the status of the spent-quota answer: 422 (the
// OpenAPI file's, default, empty body) or 429 (the portal page's, plain-text
// body). Both carry Retry-After with the next Oslo midnight.
func WithQuotaStatus(status int) Option { return func(s *Server) { s.quotaStatus = status } }

// WithRetryAfterSeconds sends Retry-After as a number of seconds instead of
// an HTTP date.
func WithRetryAfterSeconds() Option { return func(s *Server) { s.retryAfterSecs = true } }

// WithNotFound selects the not-found answer.
func WithNotFound(f NotFoundForm) Option { return func(s *Server) { s.notFound = f } }

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.cfg.Latency = d } }

// WithFaults injects failures on a seeded random schedule.
func WithFaults(f Faults) Option { return func(s *Server) { s.cfg.Faults = f } }

// WithClock sets the fake's clock, which decides the Oslo day of the quota.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithVehicles adds vehicles, each a KjoretoydataResponse body
// ({"kjoretoydataListe":[…]}) as the real API returns it. Bodies that do
// not parse are skipped; NewServer's caller sees them missing.
func WithVehicles(bodies ...[]byte) Option {
	return func(s *Server) { s.extra = append(s.extra, bodies...) }
}

// Server is a running fake. Close it when done.
type Server struct {
	// URL is the base URL to give autosys.WithBaseURL.
	URL string

	fs             *fakeserver.Server
	cfg            fakeserver.Config
	limit          int
	quotaStatus    int
	retryAfterSecs bool
	notFound       NotFoundForm
	now            func() time.Time
	extra          [][]byte
	data           *dataset
	bulkLimit      int

	mu   sync.Mutex
	day  autosys.Date
	used map[string]int // calls per key today
}

// NewServer starts a fake.
func NewServer(opts ...Option) *Server {
	s := &Server{limit: autosys.DailyQuota, quotaStatus: http.StatusUnprocessableEntity, now: time.Now, used: map[string]int{}, bulkLimit: DefaultBulkLimit}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.data = loadDataset(s.extra)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Path, s.serveLookup)
	mux.HandleFunc("GET "+AlternativePath, s.serveLookup)
	mux.HandleFunc("POST "+BulkKjennemerkePath, s.serveBulk(BulkKjennemerkePath))
	mux.HandleFunc("POST "+BulkKuidPath, s.serveBulk(BulkKuidPath))
	mux.HandleFunc("POST "+BulkUnderstellsnummerPath, s.serveBulk(BulkUnderstellsnummerPath))
	mux.HandleFunc("GET "+PersonPath, s.serveOwnerSearch(PersonPath))
	mux.HandleFunc("GET "+OrganisasjonPath, s.serveOwnerSearch(OrganisasjonPath))
	// Another method on a known path is answered 405 in the host's shape.
	for path, allow := range map[string]string{Path: "GET", AlternativePath: "GET", BulkKjennemerkePath: "POST",
		BulkKuidPath: "POST", BulkUnderstellsnummerPath: "POST", PersonPath: "GET", OrganisasjonPath: "GET"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeSpringError(w, r, http.StatusMethodNotAllowed, "Request method '"+r.Method+"' is not supported")
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeSpringError(w, r, http.StatusNotFound, "No static resource "+strings.TrimPrefix(r.URL.Path, "/"))
	})
	s.cfg.ErrorBody = func(status int) (string, string) {
		return "text/plain;charset=UTF-8", fmt.Sprintf("%d %s", status, http.StatusText(status))
	}
	s.cfg.Auth = fakeserver.Auth{Header: "SVV-Authorization", Scheme: "Apikey", Rejected: http.StatusForbidden,
		Refuse: func(w http.ResponseWriter, r *http.Request, status int) {
			msg := "Mangler API-nøkkel i SVV-Authorization"
			if status == http.StatusForbidden {
				msg = "API-nøkkelen eksisterer ikke, er ikke aktiv eller brukeren er sperret"
			}
			writeSpringError(w, r, status, msg)
		}}
	s.cfg.Quota = func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		now := s.roll()
		s.mu.Unlock()
		s.writeQuota(w, now)
	}
	s.fs = fakeserver.NewUnstarted(mux, s.cfg)
	s.fs.Start() // after s.fs is set: the handlers read it
	s.URL = s.fs.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.fs.Close() }

// Client returns an *http.Client that talks to the server.
func (s *Server) Client() *http.Client { return s.fs.Client() }

// Script queues answers for the next requests, one per request, before the
// random schedule of WithFaults applies again. A zero Fault lets its
// request through.
func (s *Server) Script(f ...Fault) { s.fs.Script(f...) }

// Requests returns the requests the server received, oldest first, faulted
// ones included, with the key masked.
func (s *Server) Requests() []Request { return s.fs.Requests() }

// OpenConns is the number of client connections the server holds open; it
// returns to zero shortly after the client closes its idle connections.
func (s *Server) OpenConns() int { return s.fs.OpenConns() }

// QuotaUsed returns the calls key has made today (Oslo time).
func (s *Server) QuotaUsed(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll()
	return s.used[key]
}

// SetQuotaUsed sets the calls key has made today, to test a spent quota
// without making 50 000 calls.
func (s *Server) SetQuotaUsed(key string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll()
	s.used[key] = n
}

// roll starts a new quota day at Oslo midnight; s.mu is held.
func (s *Server) roll() time.Time {
	now := s.now()
	if d := autosys.DateOf(now.In(autosys.Oslo())); d != s.day {
		s.day, s.used = d, map[string]int{}
	}
	return now
}

// serveLookup answers GET /enkeltoppslag/kjoretoydata.
func (s *Server) serveLookup(w http.ResponseWriter, r *http.Request) {
	key, ok := s.fs.Key(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	now := s.roll()
	spent := s.used[key] >= s.limit
	if !spent {
		s.used[key]++
	}
	s.mu.Unlock()
	if spent {
		s.writeQuota(w, now)
		return
	}

	q := r.URL.Query()
	kj, vin := strings.TrimSpace(q.Get("kjennemerke")), strings.TrimSpace(q.Get("understellsnummer"))
	switch {
	case kj != "" && vin != "":
		writeSpringError(w, r, http.StatusBadRequest, "Mer enn ett av feltene er fylt ut i forespørselen (både understellsnummer og kjennemerke)")
		return
	case kj == "" && vin == "":
		writeSpringError(w, r, http.StatusBadRequest, "Enten kjennemerke eller understellsnummer må fylles ut")
		return
	}
	var body []byte
	if kj != "" {
		body = s.data.byPlate[plateKey(kj)]
	} else {
		body = s.data.byVIN[strings.ToUpper(vin)]
	}
	if body == nil {
		s.writeNotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// writeQuota answers as the host does once a key's daily quota is spent:
// Retry-After at the next Oslo midnight.
func (s *Server) writeQuota(w http.ResponseWriter, now time.Time) {
	reset := autosys.NextOsloMidnight(now)
	if s.retryAfterSecs {
		w.Header().Set("Retry-After", fmt.Sprint(int(reset.Sub(now).Seconds()+0.999)))
	} else {
		w.Header().Set("Retry-After", reset.UTC().Format(http.TimeFormat))
	}
	if s.quotaStatus == http.StatusUnprocessableEntity {
		w.WriteHeader(s.quotaStatus) // the OpenAPI file declares no body
		return
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(s.quotaStatus)
	fmt.Fprint(w, "Bruker har brukt opp kvoten i inneværende periode. Prøv igjen etter midnatt (norsk tid).")
}

func (s *Server) writeNotFound(w http.ResponseWriter, r *http.Request) {
	switch s.notFound {
	case NotFoundEmptyList:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kjoretoydataListe":[]}`))
	case NotFoundNoContent:
		w.WriteHeader(http.StatusNoContent)
	case NotFoundPlainText:
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		_, _ = w.Write([]byte(autosys.FeilmeldingIkkeTilgjengelig))
	case NotFoundStatus:
		writeSpringError(w, r, http.StatusNotFound, autosys.FeilmeldingIkkeTilgjengelig)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"feilmelding":"` + autosys.FeilmeldingIkkeTilgjengelig + `"}`))
	}
}

// writeSpringError answers in the shape Spring Boot gives errors on the
// real host.
func writeSpringError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		"status":    status,
		"error":     http.StatusText(status),
		"message":   msg,
		"path":      r.URL.Path,
	})
}
