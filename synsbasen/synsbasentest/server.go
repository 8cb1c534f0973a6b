// Package synsbasentest is an in-process fake of Synsbasen API v1 for tests
// and offline examples. It serves the real host's paths (/v1/vehicles/…,
// /v1/<resource>/search …) with the documented envelopes, pagination,
// search predicates, methods (SELECT, COUNT, PERCENTAGE and DISTINCT, the
// distinct values of the group_by expressions) and group_by functions, and
// with token accounting: only 200 answers cost tokens, and a spent balance
// is refused.
//
// Its data is a small Danish register: the documentation's examples with
// their ids (vehicle 1004501200018020 / AS87640 with every expand exactly as
// documented, vehicle 9000000000970539 / AS67902, inspection 26939482), 80
// generated vehicles of nine brands with inspections and error codes, test
// centers with smileys, and the brand → model → variant → version
// catalogue. Everything is computed against the fixed DataDate, so
// answers never change.
//
// Where the docs leave the real API's behaviour open, the fake makes a
// choice and the client follows the same one: errors are {"error": "…"};
// a spent token balance is 429 with a Retry-After of 30 days and a message
// naming the quota; an unknown search attribute, expand or group_by is
// 400; COUNT and AVG() without group_by answer a single number; grouped
// aggregates answer an object from group key to value, with several
// group_by columns keyed by a JSON array; DISTINCT needs group_by, takes
// no select and answers an array of values (of arrays for several
// group_by columns), costing what an aggregate costs; vehicles and inspections cost 1
// token each (an aggregate over them costs 1), the live expands dmr_data,
// tinglysning_data and appraisals 1 more each, an expanded inspection 1;
// catalogue, test centers, watched vehicles and the balance are free; the
// token balance is at GET /v1/tokens and body types at /v1/body_types.
package synsbasentest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// DefaultTokens is the token balance a new server starts with.
const DefaultTokens = 100000

// DefaultPerPage and MaxPerPage bound page sizes.
const (
	DefaultPerPage = 10
	MaxPerPage     = 1000
)

// Faults is a random fault schedule: latency, 429 with Retry-After, 5xx,
// dropped connections, truncated or stalled bodies and the spent-quota
// answer, repeatable by Seed.
type Faults = vegdatatest.Faults

// Fault is one scripted answer for the next request (see Server.Script).
// An injected status without a Body gets {"error": "<status text>"}; a
// Quota fault gets the spent-balance answer.
type Fault = vegdatatest.Fault

// Request is a request the server received, as recorded by Requests, the
// API key masked.
type Request = vegdatatest.Request

// Option configures a Server.
type Option func(*Server)

// WithKeys makes the server accept only the given API keys (401 for
// others). By default any non-empty bearer key is accepted and a missing
// one refused with 401.
func WithKeys(keys ...string) Option {
	return func(s *Server) { s.cfg.Keys = append([]string{}, keys...) }
}

// WithTokenBalance sets the starting token balance (default DefaultTokens). Use
// a small balance to test quota exhaustion.
func WithTokenBalance(n int64) Option { return func(s *Server) { s.tokens = n } }

// WithFaults injects failures on a random, seeded schedule.
func WithFaults(f Faults) Option { return func(s *Server) { s.cfg.Faults = f } }

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.cfg.Latency = d } }

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give to synsbasen.WithBaseURL.
	URL string

	fs     *fakeserver.Server
	cfg    fakeserver.Config
	data   *dataset
	tables map[string]*table

	mu      sync.Mutex
	tokens  int64
	spent   int64
	watched []int64
}

// shared is the data set and its search tables, built once: they are the
// same for every server (generated from a fixed seed), and no server
// changes them (answers are copies; what a server changes, tokens and the
// watch list, is its own), so the servers of a test binary share them
// instead of building 4 MB each.
var shared = sync.OnceValues(func() (*dataset, map[string]*table) {
	d := newDataset()
	return d, buildTables(d)
})

// NewServer starts a fake. Close it when done.
func NewServer(opts ...Option) *Server {
	data, tables := shared()
	s := &Server{data: data, tables: tables, tokens: DefaultTokens}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.cfg.ErrorBody = func(status int) (string, string) {
		return "application/json; charset=utf-8", errorJSON(http.StatusText(status))
	}
	s.cfg.Auth = fakeserver.Auth{Header: "Authorization", Scheme: "Bearer",
		Refuse: func(w http.ResponseWriter, r *http.Request, status int) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Synsbasen API"`)
			fail(w, status, "Unauthorized: a valid API key is required")
		}}
	s.cfg.Quota = func(w http.ResponseWriter, r *http.Request) { writeQuota(w) }
	s.fs = fakeserver.NewUnstarted(s.authenticate(s.routes()), s.cfg)
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
// request through untouched, so a script can fail, say, only the second
// request.
func (s *Server) Script(f ...Fault) { s.fs.Script(f...) }

// Requests returns the requests received so far, oldest first, faulted
// ones included, with the API key masked.
func (s *Server) Requests() []Request { return s.fs.Requests() }

// OpenConns is the number of client connections the server holds open; it
// returns to zero shortly after the client closes its idle connections.
func (s *Server) OpenConns() int { return s.fs.OpenConns() }

// Tokens is the token balance left.
func (s *Server) Tokens() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens
}

// Spent is the number of tokens charged so far.
func (s *Server) Spent() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spent
}

// SetTokens sets the token balance, as at the start of a new period.
func (s *Server) SetTokens(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = n
}

// Watched returns the ids of the watched vehicles, in the order added.
func (s *Server) Watched() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.watched)
}

func errorJSON(msg string) string {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return string(b)
}

// fail answers status with {"error": msg}.
func fail(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, errorJSON(fmt.Sprintf(format, args...)))
}

func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.fs.Key(w, r); ok {
			next.ServeHTTP(w, r)
		}
	})
}

// writeQuota answers a request the token balance cannot cover.
func writeQuota(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(30*24*3600))
	fail(w, http.StatusTooManyRequests, "Token quota exhausted for the current billing period")
}

// answer is a 200 body: data, cost and, for pages, pagination.
type answer struct {
	data  any
	cost  int64
	page  *pageInfo
	plain bool // write data without the envelope
}

type pageInfo struct {
	hasMore                     bool
	page, totalPages, total, pp int
}

// respond charges the answer's cost and writes it, or refuses it when the
// balance cannot cover it. Nothing is charged for an answer that is not 200.
func (s *Server) respond(w http.ResponseWriter, a answer) {
	s.mu.Lock()
	if a.cost > s.tokens {
		s.mu.Unlock()
		writeQuota(w)
		return
	}
	s.tokens -= a.cost
	s.spent += a.cost
	s.mu.Unlock()

	var buf bytes.Buffer
	if a.plain {
		_ = json.NewEncoder(&buf).Encode(a.data)
	} else {
		buf.WriteString(`{"data":`)
		b, err := json.Marshal(a.data)
		if err != nil {
			fail(w, http.StatusInternalServerError, "encoding failed")
			return
		}
		buf.Write(b)
		if p := a.page; p != nil {
			fmt.Fprintf(&buf, `,"has_more":%t,"page":%d,"total_pages":%d,"total_count":%d,"per_page":%d`,
				p.hasMore, p.page, p.totalPages, p.total, p.pp)
		}
		fmt.Fprintf(&buf, `,"cost":%d}`, a.cost)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/vehicles/{id}", s.getVehicleByID)
	mux.HandleFunc("GET /v1/vehicles/registration/{registration}", s.getVehicleBy("registration"))
	mux.HandleFunc("GET /v1/vehicles/vin/{vin}", s.getVehicleBy("vin"))
	mux.HandleFunc("GET /v1/inspections/{id}", s.getInspection)
	for _, t := range []string{"vehicles", "inspections", "brands", "models", "variants", "versions",
		"leasing_periods", "error_codes", "inspection_test_centers"} {
		mux.HandleFunc("POST /v1/"+t+"/search", s.search(t))
	}
	mux.HandleFunc("GET /v1/brands", s.list(func() []map[string]any { return s.data.brands }))
	mux.HandleFunc("GET /v1/brands/{id}", s.getCatalogue(func() []map[string]any { return s.data.brands }))
	mux.HandleFunc("GET /v1/brands/{id}/models", s.children(func() []map[string]any { return s.data.brands },
		func() []map[string]any { return s.data.models }, "brand_id"))
	mux.HandleFunc("GET /v1/models/{id}", s.getCatalogue(func() []map[string]any { return s.data.models }))
	mux.HandleFunc("GET /v1/models/{id}/variants", s.children(func() []map[string]any { return s.data.models },
		func() []map[string]any { return s.data.variants }, "model_id"))
	mux.HandleFunc("GET /v1/variants/{id}", s.getCatalogue(func() []map[string]any { return s.data.variants }))
	mux.HandleFunc("GET /v1/variants/{id}/versions", s.children(func() []map[string]any { return s.data.variants },
		func() []map[string]any { return s.data.versions }, "variant_id"))
	mux.HandleFunc("GET /v1/versions/{id}", s.getCatalogue(func() []map[string]any { return s.data.versions }))
	mux.HandleFunc("GET /v1/body_types", s.list(func() []map[string]any { return s.data.bodyTypes }))
	mux.HandleFunc("GET /v1/body_types/{id}", s.getCatalogue(func() []map[string]any { return s.data.bodyTypes }))
	mux.HandleFunc("GET /v1/test_centers", func(w http.ResponseWriter, r *http.Request) {
		s.respond(w, answer{data: s.data.testCenters})
	})
	mux.HandleFunc("GET /v1/inspection_test_centers", s.list(func() []map[string]any { return s.data.inspCenters }))
	mux.HandleFunc("GET /v1/tokens", func(w http.ResponseWriter, r *http.Request) {
		s.respond(w, answer{data: map[string]any{"tokens": s.Tokens()}})
	})
	mux.HandleFunc("GET /v1/watched_vehicles", s.listWatched)
	mux.HandleFunc("POST /v1/watched_vehicles", s.addWatched)
	mux.HandleFunc("DELETE /v1/watched_vehicles/{vehicle_id}", s.removeWatched)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "Not found: %s %s", r.Method, r.URL.Path)
	})
	return mux
}

// liveExpands query a remote register and cost a token each.
var liveExpands = map[string]bool{"dmr_data": true, "tinglysning_data": true, "appraisals": true}

var knownExpands = map[string]bool{"emission": true, "engine": true, "weight": true, "axle": true, "body": true,
	"permits": true, "age": true, "equipment": true, "manufacturer": true, "driving_license": true, "periodic_taxes": true,
	"dmr_data": true, "tinglysning_data": true, "leasing_periods": true, "supplementary_body_types": true,
	"appraisals": true, "inspections": true}

// expands reads expand[] (and, leniently, expand) from the query string.
func expands(r *http.Request) ([]string, error) {
	q := r.URL.Query()
	var out []string
	for _, e := range append(q["expand[]"], q["expand"]...) {
		for _, name := range strings.Split(e, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !knownExpands[name] {
				return nil, fmt.Errorf("unknown expand %q", name)
			}
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out, nil
}

// renderVehicle returns the vehicle's JSON with expands, and its cost.
func renderVehicle(v *vehicle, exp []string) (map[string]any, int64) {
	out := make(map[string]any, len(v.base)+len(exp))
	for k, val := range v.base {
		out[k] = val
	}
	cost := int64(1)
	full := slices.Contains(exp, "inspections")
	ins := make([]any, 0, len(v.inspections))
	for _, in := range v.inspections {
		if full {
			ins = append(ins, in)
			cost++
			continue
		}
		ins = append(ins, map[string]any{"id": in["id"], "vehicle_id": in["vehicle_id"], "registration": in["registration"],
			"vin": in["vin"], "date": in["date"], "result": in["result"], "mileage": in["mileage"], "pdf": in["pdf"]})
	}
	out["inspections"] = ins
	for _, e := range exp {
		switch e {
		case "inspections":
		case "age":
			out["age"] = vehicleAge(v)
		default:
			out[e] = v.expands[e]
		}
		if liveExpands[e] {
			cost++
		}
	}
	return out, cost
}

func (s *Server) getVehicleByID(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		fail(w, http.StatusNotFound, "Vehicle not found")
		return
	}
	s.serveVehicle(w, r, s.data.byID[id])
}

func (s *Server) getVehicleBy(field string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		val := strings.ToUpper(strings.TrimSpace(r.PathValue(field)))
		if field == "registration" {
			s.serveVehicle(w, r, s.data.byReg[val])
			return
		}
		s.serveVehicle(w, r, s.data.byVIN[val])
	}
}

func (s *Server) serveVehicle(w http.ResponseWriter, r *http.Request, v *vehicle) {
	exp, err := expands(r)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if v == nil {
		fail(w, http.StatusNotFound, "Vehicle not found")
		return
	}
	out, cost := renderVehicle(v, exp)
	s.respond(w, answer{data: out, cost: cost})
}

func (s *Server) getInspection(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in := s.data.inspByID[id]
	if err != nil || in == nil {
		fail(w, http.StatusNotFound, "Inspection not found")
		return
	}
	s.respond(w, answer{data: in, cost: 1})
}

// pageParams reads page and per_page from the query string.
func pageParams(r *http.Request) (page, perPage int, err error) {
	page, perPage = 1, DefaultPerPage
	q := r.URL.Query()
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			return 0, 0, fmt.Errorf("page must be a positive integer")
		}
	}
	if v := q.Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > MaxPerPage {
			return 0, 0, fmt.Errorf("per_page must be between 1 and %d", MaxPerPage)
		}
	}
	return page, perPage, nil
}

func paginate[T any](items []T, page, perPage int) ([]T, *pageInfo) {
	total := len(items)
	pages := (total + perPage - 1) / perPage
	lo := min((page-1)*perPage, total)
	hi := min(lo+perPage, total)
	return items[lo:hi], &pageInfo{hasMore: page < pages, page: page, totalPages: pages, total: total, pp: perPage}
}

func (s *Server) list(items func() []map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page, pp, err := pageParams(r)
		if err != nil {
			fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		data, info := paginate(items(), page, pp)
		s.respond(w, answer{data: data, page: info})
	}
}

func find(items []map[string]any, id string) map[string]any {
	for _, it := range items {
		if it["id"] == id {
			return it
		}
	}
	return nil
}

// catalogueItem is the public form of a catalogue entry: id and name.
func catalogueItem(m map[string]any) map[string]any {
	return map[string]any{"id": m["id"], "name": m["name"]}
}

func (s *Server) getCatalogue(items func() []map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		it := find(items(), r.PathValue("id"))
		if it == nil {
			fail(w, http.StatusNotFound, "Not found")
			return
		}
		s.respond(w, answer{data: catalogueItem(it)})
	}
}

func (s *Server) children(parents, kids func() []map[string]any, parentKey string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if find(parents(), id) == nil {
			fail(w, http.StatusNotFound, "Not found")
			return
		}
		page, pp, err := pageParams(r)
		if err != nil {
			fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		var mine []map[string]any
		for _, k := range kids() {
			if k[parentKey] == id {
				mine = append(mine, catalogueItem(k))
			}
		}
		data, info := paginate(mine, page, pp)
		if data == nil {
			data = []map[string]any{}
		}
		s.respond(w, answer{data: data, page: info})
	}
}

func (s *Server) listWatched(w http.ResponseWriter, r *http.Request) {
	page, pp, err := pageParams(r)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	ids := s.Watched()
	items := make([]map[string]any, len(ids))
	for i, id := range ids {
		items[i] = map[string]any{"vehicle_id": id}
	}
	data, info := paginate(items, page, pp)
	s.respond(w, answer{data: data, page: info})
}

func (s *Server) addWatched(w http.ResponseWriter, r *http.Request) {
	var body struct {
		VehicleID json.Number `json:"vehicle_id"`
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		fail(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	id, err := body.VehicleID.Int64()
	if err != nil || id <= 0 {
		fail(w, http.StatusUnprocessableEntity, "vehicle_id must be a vehicle id")
		return
	}
	if s.data.byID[id] == nil {
		fail(w, http.StatusNotFound, "Vehicle not found")
		return
	}
	s.mu.Lock()
	if slices.Contains(s.watched, id) {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "Vehicle is already watched")
		return
	}
	s.watched = append(s.watched, id)
	s.mu.Unlock()
	// The docs show the created record without the data envelope.
	s.respond(w, answer{data: map[string]any{"vehicle_id": id}, plain: true})
}

func (s *Server) removeWatched(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("vehicle_id"), 10, 64)
	if err != nil {
		fail(w, http.StatusNotFound, "Watched vehicle not found")
		return
	}
	s.mu.Lock()
	i := slices.Index(s.watched, id)
	if i < 0 {
		s.mu.Unlock()
		fail(w, http.StatusNotFound, "Watched vehicle not found")
		return
	}
	s.watched = slices.Delete(s.watched, i, i+1)
	s.mu.Unlock()
	s.respond(w, answer{data: map[string]any{"vehicle_id": id}, plain: true})
}
