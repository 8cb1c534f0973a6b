// Package nvdbtest is an in-process fake of NVDB API Les v4 (the
// vegobjekter, vegnett, omrader and datakatalog services) for tests: the real host's paths, envelopes, opaque
// expiring cursors, filters, statistikk and change feed, backed by
// realistic fixtures and by generated data sets of any size.
//
//	srv := nvdbtest.NewServer()
//	defer srv.Close()
//	c, _ := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL))
//
// The fixtures hold the objects of the NVDB documentation under their real
// ids: Bomstasjon (45) 79632559, Tunnelløp (67) 89204552, Tunnel (581)
// 79608124 and Fartsgrense (105) 78697179, with a few neighbours each.
// WithGenerated adds a type with any number of objects that are built from
// their index when asked for, so a million objects need no memory.
//
// Searches honour ider, fylke, kommune, kontraktsomrade, riksvegrute,
// vegforvalter, vegsystemreferanse, kartutsnitt, typeveg, adskiltelop,
// kryssystem, sideanlegg, trafikantgruppe, veglenkesekvens, veglenketype,
// detaljniva, endret_etter, tidspunkt, alle_versjoner, the egenskap filter
// language (comparisons, in/notin, AND/OR, parentheses, null, relasjon())
// and overlapp (against sets of up to 10 000 objects); inkluder,
// inkludergeometri, inkluder_egenskaper, srid (coordinates are transformed),
// geometritoleranse, dybde and inkluderAntall shape the answer. polygon is
// refused with 400 rather than ignored; segmentering has no effect, as every
// object lies in one kommune. Statistics are computed from the same data:
// for generated sets from counts kept per kommune and road when the set is
// made (and a grid of the objects for kartutsnitt), so a grouped count
// over a million objects takes a millisecond, not seconds.
//
// The road network (/vegnett/api/v4) holds a veglenkesekvens under every
// fixture object, with the object's road reference, areas and geometry,
// and WithGeneratedVegnett adds chains of generated ones. Listings page
// with the same expiring cursors; veg, veg/batch, posisjon (nearest road),
// the beta route (GET and POST; within one veglenkesekvens or along a
// generated chain) and the change feed work on it.
//
// The areas (/omrader/api/v4) are those the data lies in: fylker and
// kommuner with their real names and numbers (kartutsnitt and senterpunkt
// from the data's extent), contract areas, national routes and road
// authorities found on the objects, and streets in Oslo.
//
// The datakatalog (/datakatalog/api/v1) is derived from the data served:
// each type's egenskapstyper are those its objects carry, with the enum
// values seen as tillatte_verdier (all real ones for 2021 Fartsgrense).
// Cacheable answers carry a strong ETag and are answered 304 Not Modified
// when If-None-Match holds it (see NotModified).
//
// Like the real service it refuses requests without X-Client and serves
// public data without a token (WithKeys checks a bearer token when one is
// sent; WithSensitiveTokens restricts the tokens that open sensitive
// types). Options and Script add latency, 429 with Retry-After, 5xx,
// dropped connections, truncated and stalled bodies, and can enforce
// NVDB's limit of 40 requests per second; Requests lists what arrived.
package nvdbtest

import (
	"bufio"
	"compress/gzip"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// Server is a running fake. Point a client at URL.
type Server struct {
	// URL is the base URL of the fake, to pass to nvdb.WithBaseURL.
	URL string

	fs      *fakeserver.Server
	data    *store
	key     []byte
	maxPage int
	ttl     time.Duration
	clock   func() time.Time
	gzip    bool
	katalog *katalog
	omr     *omrader
	net     *network

	notModified atomic.Int64
	auth        authConfig // sensitive types and tokens (auth.go)

	limiter   *fakeserver.RateLimiter // WithRateLimit; nil for none
	pageTime  time.Duration
	opt       options        // what the options asked for, read by NewServer
	mux       *http.ServeMux // the API's routes (routes.go)
	mu        sync.Mutex
	statMemo  sync.Map // statistics answers by path and query (statistikk.go)
	lastQuery map[string]string
}

// Fault is one scripted answer for the next request (see Server.Script).
// An injected status without a Body gets a ProblemDetail body; NVDB has no
// quota, so a Quota fault is a 429.
type Fault = vegdatatest.Fault

// Faults is a random schedule of failures; probabilities are per request.
type Faults = vegdatatest.Faults

// Request is a request the fake received (see Server.Requests), the token
// masked.
type Request = vegdatatest.Request

// options is what the options ask for; NewServer builds the server from
// it.
type options struct {
	fixtures bool
	gens     map[int]int
	fake     fakeserver.Config
	maxPage  int
	ttl      time.Duration
	clock    func() time.Time
	limit    int
	gzip     bool
	vegnett  int
	auth     authConfig // sensitive types and tokens (auth.go)
	spread   bool
	pageTime time.Duration
}

// Option configures a Server.
type Option func(*Server)

// WithLatency delays every answer by d (the time a page takes to arrive).
func WithLatency(d time.Duration) Option { return func(s *Server) { s.opt.fake.Latency = d } }

// WithPageTime makes an answer that carries vegobjekter take d longer for
// every 1000 objects in it (in proportion for fewer): the time NVDB takes
// to produce and send them, which grows with the page while a small answer
// (statistikk, a count) does not. WithLatency still applies to every
// answer; the two together model "small answers take 200 ms, a full page
// with inkluder=alle a second" as WithLatency(200ms), WithPageTime(800ms).
func WithPageTime(d time.Duration) Option { return func(s *Server) { s.opt.pageTime = d } }

// WithFaults injects failures on a seeded random schedule.
func WithFaults(f Faults) Option { return func(s *Server) { s.opt.fake.Faults = f } }

// WithKeys accepts only the given bearer tokens (401 for others) from a
// request that carries one. Like NVDB API Les, the fake serves requests
// without a token; by default it accepts any non-empty one.
func WithKeys(tokens ...string) Option {
	return func(s *Server) { s.opt.fake.Keys = append([]string{}, tokens...) }
}

// WithGenerated serves n generated Fartsgrense-shaped objects as type
// typeID (replacing its fixtures). Objects are built on demand.
func WithGenerated(typeID, n int) Option {
	return func(s *Server) {
		if s.opt.gens == nil {
			s.opt.gens = map[int]int{}
		}
		s.opt.gens[typeID] = n
	}
}

// WithGeneratedVegnett adds n generated veglenkesekvenser to the road
// network, in eight chains of 50 m links (one per kommune of the generated
// objects), built on demand so any number costs no memory.
func WithGeneratedVegnett(n int) Option { return func(s *Server) { s.opt.vegnett = max(n, 0) } }

// WithoutFixtures starts with no hand-made objects.
func WithoutFixtures() Option { return func(s *Server) { s.opt.fixtures = false } }

// WithMaxPageSize caps antall (the page's sidestørrelse); default 1000.
func WithMaxPageSize(n int) Option { return func(s *Server) { s.opt.maxPage = n } }

// WithCursorTTL sets how long a start cursor stays valid; default 1 hour.
func WithCursorTTL(d time.Duration) Option { return func(s *Server) { s.opt.ttl = d } }

// WithClock replaces the clock used for cursor expiry and the change feed.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.opt.clock = now } }

// WithRateLimit admits at most perSecond requests of one X-Client within
// any one second, as NVDB API Les v4 does at 40: a request beyond that
// waits in a queue for a free slot, and is refused with 429 (Retry-After:
// 1) when none comes within the queue timeout of one second
// (nvdbapil/v4/introduksjon/Begrensninger).
func WithRateLimit(perSecond int) Option { return func(s *Server) { s.opt.limit = perSecond } }

// rateQueueTimeout is how long NVDB lets a request wait for a slot.
const rateQueueTimeout = time.Second

// WithGzip turns gzip compression of answers on (the default) or off.
func WithGzip(on bool) Option { return func(s *Server) { s.opt.gzip = on } }

// NewServer starts a fake NVDB API Les.
func NewServer(opts ...Option) *Server {
	s := &Server{opt: options{fixtures: true, maxPage: 1000, ttl: time.Hour, clock: time.Now, gzip: true}}
	for _, f := range opts {
		if f != nil {
			f(s)
		}
	}
	o := &s.opt
	if o.maxPage <= 0 {
		o.maxPage = 1000
	}
	s.maxPage, s.ttl, s.clock, s.gzip, s.pageTime = o.maxPage, o.ttl, o.clock, o.gzip, o.pageTime
	s.limiter = fakeserver.NewRateLimiter(o.limit, rateQueueTimeout)
	s.key, s.lastQuery = make([]byte, 32), map[string]string{}
	_, _ = rand.Read(s.key)
	s.data = newStore(o.fixtures, o.gens, o.clock())
	if o.spread {
		spreadAll(s.data)
	}
	s.katalog = newKatalog(s.data)
	s.auth = o.auth
	s.katalog.markSensitive(o.auth)
	s.omr = newOmrader(s.data)
	s.net = newNetwork(s.data, o.vegnett)
	o.fake.ErrorBody = problemBody
	o.fake.RequestIDHeader = "X-REQUEST-ID"
	o.fake.Auth = fakeserver.Auth{Header: "Authorization", Scheme: "Bearer", Optional: true,
		Refuse: func(w http.ResponseWriter, r *http.Request, status int) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="nvdbapiles"`)
			writeProblem(w, r, status, "Ugyldig eller utløpt token")
		}}
	s.mux = s.routes()
	s.fs = fakeserver.NewUnstarted(http.HandlerFunc(s.serve), o.fake)
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
// request through untouched.
func (s *Server) Script(fs ...Fault) { s.fs.Script(fs...) }

func problemBody(status int) (string, string) {
	b, _ := json.Marshal(problem(status, "", ""))
	return "application/problem+json", string(b)
}

// Requests returns the requests received so far, oldest first, faulted
// ones included, with the token masked.
func (s *Server) Requests() []Request { return s.fs.Requests() }

// OpenConns is the number of client connections the server holds open; it
// returns to zero shortly after the client closes its idle connections.
func (s *Server) OpenConns() int { return s.fs.OpenConns() }

// PeakPerSecond is the largest number of requests one client sent within
// any one-second window, counted as they arrived (before the queue;
// measured only WithRateLimit).
func (s *Server) PeakPerSecond() int { return s.limiter.Peak() }

// RateLimited is the number of requests refused with 429 by WithRateLimit:
// those that found no free slot within the one-second queue.
func (s *Server) RateLimited() int { return s.limiter.Limited() }

// Queued is the number of requests WithRateLimit held back in its queue
// before admitting them.
func (s *Server) Queued() int { return s.limiter.Queued() }

// LastQuery returns the raw query string of the last request to path
// (for example "/vegobjekter/api/v4/vegobjekter/105").
func (s *Server) LastQuery(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastQuery[path]
}

// produce waits the WithPageTime share of n objects; it reports false when
// the client gave up or the server closed first.
func (s *Server) produce(r *http.Request, n int) bool {
	d := s.pageTime * time.Duration(n) / 1000
	return d <= 0 || s.fs.Wait(r, d)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && r.URL.Path == vegnettV4+"/beta/vegnett/rute") {
		writeProblem(w, r, http.StatusMethodNotAllowed, "Kun GET er støttet")
		return
	}
	client := strings.TrimSpace(r.Header.Get("X-Client"))
	if client == "" {
		writeProblem(w, r, http.StatusBadRequest, "X-Client må settes til en verdi som identifiserer klienten (se /nvdbapil/v4/introduksjon/Sporing)")
		return
	}
	if _, ok := s.fs.Key(w, r); !ok {
		return
	}
	if !s.limiter.Admit(r.Context(), client) {
		w.Header().Set("Retry-After", "1")
		writeProblem(w, r, http.StatusTooManyRequests, "For mange forespørsler: maks "+itoa(s.limiter.PerSecond())+" kall per sekund per klient")
		return
	}
	s.mu.Lock()
	s.lastQuery[r.URL.Path] = r.URL.RawQuery
	s.mu.Unlock()
	s.mux.ServeHTTP(w, r)
}

// ProblemDetail is the RFC 7807 body of every error answer.
type problemDetail struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

func problem(status int, detail, instance string) problemDetail {
	return problemDetail{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Instance: instance}
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problem(status, detail, r.URL.Path))
}

// gzipWriters reuses compressors: a new one allocates and clears about
// 1 MiB, more than compressing a page of objects costs.
var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return gz
}}

// jsonWriter starts a 200 answer, gzip-compressed when the client asks.
func (s *Server) jsonWriter(w http.ResponseWriter, r *http.Request) (io.Writer, *json.Encoder, func()) {
	w.Header().Set("Content-Type", "application/json")
	var out io.Writer = w
	done := func() {}
	if s.gzip && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		gz := gzipWriters.Get().(*gzip.Writer)
		gz.Reset(w)
		out, done = gz, func() { _ = gz.Close(); gzipWriters.Put(gz) }
	}
	w.WriteHeader(http.StatusOK)
	jw := jsonWriters.Get().(*pooledJSON)
	jw.bw.Reset(out)
	return jw.bw, jw.enc, func() {
		err := jw.bw.Flush()
		done()
		if err == nil { // no write failed, so neither writer holds an error
			jw.bw.Reset(nil)
			jsonWriters.Put(jw)
		}
	}
}

// pooledJSON is a buffer and an encoder writing to it, reused from answer
// to answer: most answers are small, and a new buffer of 32 KiB each was
// much of their cost.
type pooledJSON struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

var jsonWriters = sync.Pool{New: func() any {
	bw := bufio.NewWriterSize(nil, 32<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &pooledJSON{bw, enc}
}}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	_, enc, done := s.jsonWriter(w, r)
	_ = enc.Encode(v)
	done()
}
