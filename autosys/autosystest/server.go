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
//   - latency, 429/503, dropped connections and truncated bodies on demand
//     (WithLatency, WithFaults, Server.Fail).
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
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/internal/faults"
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

// FaultConfig is a seeded random schedule of failures; see WithFaults.
type FaultConfig struct {
	Seed          uint64
	RateLimit     float64       // probability of a 429
	RetryAfterMax time.Duration // the 429 carries Retry-After in [0, RetryAfterMax] (whole seconds)
	Unavailable   float64       // probability of a 503
	Drop          float64       // probability of closing the connection without an answer
	Truncate      float64       // probability of cutting the body in half
	SlowProb      float64       // probability of an extra SlowDelay
	SlowDelay     time.Duration
}

// Fault is one scripted failure for the next request; see Server.Fail.
type Fault struct {
	Status     int           // answer with this status (and Body) instead of the real answer
	RetryAfter string        // Retry-After value sent with Status
	Body       string        // body sent with Status (plain text)
	Drop       bool          // close the connection without an answer
	Truncate   bool          // send the real answer cut in half
	Delay      time.Duration // wait before answering
}

// Option configures a Server.
type Option func(*Server)

// WithKeys accepts only the given API keys (403 for others). By default any
// non-empty key is accepted.
func WithKeys(keys ...string) Option {
	return func(s *Server) {
		s.keys = map[string]bool{}
		for _, k := range keys {
			s.keys[k] = true
		}
	}
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
func WithLatency(d time.Duration) Option { return func(s *Server) { s.fault.Latency = d } }

// WithFaults injects failures on a seeded random schedule.
func WithFaults(c FaultConfig) Option {
	return func(s *Server) {
		lat := s.fault.Latency
		s.fault = faults.Config{Seed: c.Seed, Latency: lat, RateLimit: c.RateLimit, RetryAfterMax: c.RetryAfterMax,
			Unavailable: c.Unavailable, Drop: c.Drop, Truncate: c.Truncate, SlowProb: c.SlowProb, SlowDelay: c.SlowDelay}
	}
}

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

	srv            *httptest.Server
	inj            *faults.Injector
	fault          faults.Config
	keys           map[string]bool
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
	s.inj = faults.New(s.fault)
	mux := http.NewServeMux()
	h := http.HandlerFunc(s.serveLookup)
	mux.Handle(Path, h)
	mux.Handle(AlternativePath, h)
	s.registerKjoretoyoppslag(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeSpringError(w, r, http.StatusNotFound, "No static resource "+strings.TrimPrefix(r.URL.Path, "/"))
	})
	s.srv = httptest.NewServer(s.inj.Wrap(mux, func(status int) (string, string) {
		return "text/plain;charset=UTF-8", fmt.Sprintf("%d %s", status, http.StatusText(status))
	}))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an *http.Client that talks to the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Fail queues failures for the next requests, one per request.
func (s *Server) Fail(f ...Fault) {
	for _, x := range f {
		s.inj.Script(faults.Fault{Status: x.Status, RetryAfter: x.RetryAfter, Body: x.Body, Drop: x.Drop, Truncate: x.Truncate, Delay: x.Delay})
	}
}

// Requests returns the number of HTTP requests the server received, faults
// included.
func (s *Server) Requests() int { return s.inj.Requests() }

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

func (s *Server) serveLookup(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		writeSpringError(w, r, http.StatusMethodNotAllowed, "Request method '"+r.Method+"' is not supported")
		return
	}
	key, ok := strings.CutPrefix(r.Header.Get("SVV-Authorization"), "Apikey ")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		writeSpringError(w, r, http.StatusUnauthorized, "Mangler API-nøkkel i SVV-Authorization")
		return
	}
	if s.keys != nil && !s.keys[key] {
		writeSpringError(w, r, http.StatusForbidden, "API-nøkkelen eksisterer ikke, er ikke aktiv eller brukeren er sperret")
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
