// Package uberikettest is an in-process fake of NVDB API Les Uberiket v1
// for tests: all 28 operations under the real host's paths
// (/uberiket/api/v1/...), with NDJSON streams, pages with neste.start,
// hendelser that record every change, and ProblemDetail errors, backed by
// real objects and by generated data sets of any size.
//
//	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 300_000))
//	defer srv.Close()
//	srv.Change(105, 50)                 // 50 random changes, each recorded as hendelser
//	want := srv.Snapshot(105)           // what a correct copy holds now: id → versjon
//
// # Data
//
// The fixtures are the real objects of NVDB's own TN-ITS tool, under their
// real ids: Fartsgrense (105) 323113504 and 85283803 (two versions),
// Høydebegrensning (591) 848324148, Feltstrekning (616) 1020150975,
// Funksjonell vegklasse (821) 642414069 and Gate (538) 977736797, with the
// documentation's objects of the other fakes: Fartsgrense 78697179,
// Tunnelløp (67) 89204552 (three versions), Tunnel (581) 79608124 and
// 89204551, Bomstasjon (45) 79632559. The road network holds
// veglenkesekvens 1951809 and 41423 and the nodes at their ports, among
// them the real nodes 95513 and 95522.
//
// WithGenerated replaces a type's fixtures with n Fartsgrense-shaped
// objects: speed limits (egenskap 2021, real enum ids) placed along one to
// eight veglenkesekvenser, some with older, closed versions, their ids
// spread over NVDB's id space as the real ones are (dense runs from bulk
// imports, wide gaps, most between 7e7 and 1.1e9). Each object's stream
// line is encoded once, at start, so a stream is as fast as the client
// reads it.
//
// # Hendelser
//
// The hendelse log begins, as NVDB's does, with one VegobjektImportert for
// every object there at start (versjon 0, all versions in data.versjoner;
// ids from 150000001, in type and id order, at 2025-05-02T20:00:00Z), and
// the road network's fixtures with a VeglenkesekvensOpprettet or
// NodeOpprettet each (ids from 90000001; nettelementType 1 for
// veglenkesekvenser and 2 for nodes, as the specification names none). Change adds what NVDB records for each change:
// VegobjektVersjonOpprettet for a new object (versjon 1) or a new version,
// the latter after a VegobjektVersjonEndret that closes the version before
// it (gyldighetsperiode with sluttdato); VegobjektVersjonEndret alone for a
// correction in place (egenskapEndringer) or for an object ended
// (sluttdato today: no longer active, gone from the stream); one
// VegobjektVersjonFjernet per version, newest first, for an object removed.
// Each call to Change is one endringssett.
//
// WithHendelseRetention keeps only the newest hendelser, as a log that
// drops its oldest does. NVDB does not document what it answers for a
// start before what it keeps; the fake answers 400 with a ProblemDetail
// whose detail names the oldest hendelse id it still has, so a copy can
// tell that its position is too old and copy the type anew.
//
// # Behaviour
//
// Like the real service it refuses requests without X-Client, serves
// public data without a token (WithKeys checks a bearer token when one is
// sent), answers bad parameters with 400 and unknown ids with 404, both as
// ProblemDetail, and can enforce NVDB's 40 requests per second per client
// with its one-second queue (WithRateLimit). Options and Script add
// latency, 429 with Retry-After, 5xx, dropped connections, truncated and
// stalled bodies; Requests lists what arrived. The filters the fake has no
// data for (vegsystemreferanse, polygon) are refused with 400 rather than
// ignored, and a vegobjekttype it has no objects of is unknown (404),
// where NVDB knows every type of its datakatalog. Pages hold 500 items
// when antall is not given (the sidestorrelse of NVDB's own pages), streams
// 1000; the vegobjekt pages list every version (those valid on dato, when
// given) in id and versjon order, the streams the active objects.
package uberikettest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// Server is a running fake. Point a client at URL.
type Server struct {
	// URL is the base URL of the fake (the paths begin /uberiket/api/v1).
	URL string

	fs       *fakeserver.Server
	w        *world
	limiter  *fakeserver.RateLimiter
	gzip     bool
	pageTime time.Duration
	opts     options // what the options set, read once by NewServer
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

type options struct {
	fixtures  bool
	gens      map[int]int
	fake      fakeserver.Config
	limit     int
	gzip      bool
	pageTime  time.Duration
	seed      uint64
	clock     func() time.Time
	retention int
}

// Option configures a Server, as in every fake of the project.
type Option func(*Server)

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.opts.fake.Latency = d } }

// WithPageTime makes an answer that carries objects or hendelser take d
// longer for every 1000 of them (in proportion for fewer), the time NVDB
// takes to produce them; WithLatency still applies to every answer.
func WithPageTime(d time.Duration) Option { return func(s *Server) { s.opts.pageTime = d } }

// WithFaults injects failures on a seeded random schedule.
func WithFaults(f Faults) Option { return func(s *Server) { s.opts.fake.Faults = f } }

// WithKeys accepts only the given bearer tokens (401 for others) from a
// request that carries one. Like NVDB API Les, the fake serves requests
// without a token; by default it accepts any non-empty one.
func WithKeys(tokens ...string) Option {
	return func(s *Server) { s.opts.fake.Keys = append([]string{}, tokens...) }
}

// WithGenerated serves n generated Fartsgrense-shaped objects as type
// typeID (replacing its fixtures). Their stream lines are encoded once, at
// start: a million objects take a few seconds of CPU and about 500 MB.
// NewServer keeps the generated types of the servers started last (up to
// 50 000 generated objects a server, 100 000 in all, about 60 MB), and a
// server with the same options (fixtures, seed, generated types) starts
// from them, as tests start server after server: the same data, its
// changes its own.
func WithGenerated(typeID, n int) Option {
	return func(s *Server) {
		o := &s.opts
		if o.gens == nil {
			o.gens = map[int]int{}
		}
		o.gens[typeID] = max(n, 0)
	}
}

// WithoutFixtures starts with no hand-made objects, network or hendelser.
func WithoutFixtures() Option { return func(s *Server) { s.opts.fixtures = false } }

// WithRateLimit admits at most perSecond requests of one X-Client within
// any one second, as NVDB does at 40 (shared by Les v4 and Uberiket): a
// request beyond that waits in a queue for a free slot, and is refused with
// 429 (Retry-After: 1) when none comes within one second
// (nvdbapil/v4/introduksjon/Begrensninger).
func WithRateLimit(perSecond int) Option {
	return func(s *Server) { s.opts.limit = perSecond }
}

// rateQueueTimeout is how long NVDB lets a request wait for a slot.
const rateQueueTimeout = time.Second

// ndjson is the Content-Type of every stream's 200, exactly as the
// specification documents it (Sync refuses any other).
const ndjson = "application/x-ndjson"

// WithSeed makes the generated data and the changes of Change depend on
// seed; the same seed and the same calls give the same data and
// hendelser. The default seed is 1.
func WithSeed(seed uint64) Option { return func(s *Server) { s.opts.seed = seed } }

// WithClock replaces the clock that dates changes (hendelse tidspunkt,
// sistEndret, and "today" for startdato and sluttdato).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.opts.clock = now } }

// WithHendelseRetention keeps only the newest n vegobjekt hendelser,
// dropping the oldest as Change adds more; a request for hendelser after
// an id the fake no longer has is answered 400 (see the package
// documentation). 0, the default, keeps them all.
func WithHendelseRetention(n int) Option {
	return func(s *Server) { s.opts.retention = max(n, 0) }
}

// WithGzip compresses answers when the client asks (Accept-Encoding:
// gzip), as the real host does. It is off by default, so that a benchmark
// of a client measures the client rather than compression on both sides.
func WithGzip(on bool) Option { return func(s *Server) { s.opts.gzip = on } }

// NewServer starts a fake NVDB API Les Uberiket.
func NewServer(opts ...Option) *Server {
	s := &Server{opts: options{fixtures: true, seed: 1, clock: time.Now}}
	for _, f := range opts {
		if f != nil {
			f(s)
		}
	}
	o := s.opts
	s.gzip, s.pageTime, s.limiter = o.gzip, o.pageTime, fakeserver.NewRateLimiter(o.limit, rateQueueTimeout)
	s.w = newWorld(o)
	o.fake.ErrorBody = problemBody
	o.fake.BodyType = bodyType
	o.fake.RequestIDHeader = "X-REQUEST-ID"
	o.fake.Auth = fakeserver.Auth{Header: "Authorization", Scheme: "Bearer", Optional: true,
		Refuse: func(w http.ResponseWriter, r *http.Request, status int) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="nvdbapiles"`)
			writeProblem(w, r, status, "Ugyldig eller utløpt token")
		}}
	s.fs = fakeserver.NewUnstarted(s.handler(), o.fake)
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
// request through untouched. A 2xx Body is sent with the Content-Type
// of its route (application/x-ndjson on a stream), as if it were the
// API's answer.
func (s *Server) Script(fs ...Fault) { s.fs.Script(fs...) }

// Requests returns the requests received so far, oldest first, faulted
// ones included, with the token masked.
func (s *Server) Requests() []Request { return s.fs.Requests() }

// OpenConns is the number of client connections the server holds open; it
// returns to zero shortly after the client closes its idle connections.
func (s *Server) OpenConns() int { return s.fs.OpenConns() }

// PeakPerSecond is the largest number of requests one client sent within
// any one second, counted as they arrived (before the queue; measured only
// WithRateLimit).
func (s *Server) PeakPerSecond() int { return s.limiter.Peak() }

// RateLimited is the number of requests refused with 429 by WithRateLimit.
func (s *Server) RateLimited() int { return s.limiter.Limited() }

// Queued is the number of requests WithRateLimit held back in its queue
// before admitting them.
func (s *Server) Queued() int { return s.limiter.Queued() }

// Change makes n random changes to the objects of typeID, each recorded as
// the hendelser NVDB would send: new objects, new versions of active ones,
// corrections in place, objects ended (sluttdato today), objects
// removed, and newest versions removed (the version before current
// again, at a lower versjon than a copy holds). The changes depend only on the seed (WithSeed) and the calls
// made; Change is safe to call while clients read. It returns the id of the
// endringssett the changes belong to ("" when n is 0 or the type unknown).
func (s *Server) Change(typeID, n int) string { return s.w.change(typeID, n) }

// Snapshot returns the active objects of typeID now, id → versjon: what a
// correct copy of the type holds.
func (s *Server) Snapshot(typeID int) map[int64]int { return s.w.snapshot(typeID) }

// SisteHendelse returns the id of the newest vegobjekt hendelse of typeID
// (0 when it has none).
func (s *Server) SisteHendelse(typeID int) int64 { return s.w.lastHendelse(typeID) }

// produce waits the WithPageTime share of n items; it reports false when
// the client gave up or the server closed first.
func (s *Server) produce(r *http.Request, n int) bool {
	d := s.pageTime * time.Duration(n) / 1000
	return d <= 0 || s.fs.Wait(r, d)
}

// guard runs before every route: X-Client, the token and the rate limit,
// as the real host checks them.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
			writeProblem(w, r, http.StatusTooManyRequests,
				"For mange forespørsler: maks "+strconv.Itoa(s.limiter.PerSecond())+" kall per sekund per klient")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// problemDetail is the RFC 9457 body of every error answer.
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

func problemBody(status int) (string, string) {
	b, _ := json.Marshal(problem(status, "", ""))
	return "application/problem+json", string(b)
}

// bodyType is the Content-Type the route of r answers a 200 with: the
// specification's application/x-ndjson for a stream, JSON for the rest.
func bodyType(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, "/stream") {
		return ndjson
	}
	return "application/json"
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

// writer starts a 200 answer of the content type, gzip-compressed when on
// and asked for, buffered; done flushes it.
func (s *Server) writer(w http.ResponseWriter, r *http.Request, contentType string) (*bufio.Writer, func()) {
	w.Header().Set("Content-Type", contentType)
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
	bw := bufWriters.Get().(*bufio.Writer)
	bw.Reset(out)
	return bw, func() { _ = bw.Flush(); done(); bw.Reset(nil); bufWriters.Put(bw) }
}

// bufWriters reuses the buffers of the answers: a new one of 64 KiB is a
// large allocation, cleared for every request.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// writeJSON answers v as JSON.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	bw, done := s.writer(w, r, "application/json")
	_, _ = bw.Write(b)
	done()
}
