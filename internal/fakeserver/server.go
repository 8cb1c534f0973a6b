// Package fakeserver is what the four fake servers (autosystest, nvdbtest,
// apiskrivtest, synsbasentest) share: an httptest.Server base with a count
// of open connections, a request log with secrets masked, the script queue
// of Faults and the seeded schedule of failures, latency, and the key
// check. Each fake puts its API on top and re-exports the common names;
// the types a test sees (Fault, Faults, Request) live in the public package
// vegdatatest, since no exported name of a public package may point here.
package fakeserver

import (
	"bytes"
	"crypto/rand"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vegdata/go-vegdata/vegdatatest"
)

// The shared types, under short names for the fakes' own code.
type (
	Fault   = vegdatatest.Fault
	Faults  = vegdatatest.Faults
	Request = vegdatatest.Request
)

// MaxLoggedBody is how much of a request body the log keeps.
const MaxLoggedBody = 1 << 20

// Auth says how an API carries its key and how it refuses a request.
type Auth struct {
	// Header carries the key ("Authorization", "SVV-Authorization").
	Header string
	// Scheme is the word before the key ("Bearer", "Apikey").
	Scheme string
	// Optional lets a request without a key through (NVDB Les serves
	// public data without one); a key that is present is still checked.
	Optional bool
	// Rejected is the status for a key that is present but not accepted:
	// 401 (the default) or 403.
	Rejected int
	// Refuse writes the API's answer for a refused request with status
	// 401 (no key) or Rejected; nil writes the API's ErrorBody.
	Refuse func(w http.ResponseWriter, r *http.Request, status int)
}

// Config is what a fake hands to New.
type Config struct {
	// Latency delays every answer (WithLatency).
	Latency time.Duration
	// Faults is the random schedule (WithFaults).
	Faults Faults
	// Keys restricts the accepted keys (WithKeys); nil accepts any
	// non-empty key.
	Keys []string
	// Auth describes the API's key; see Server.Key.
	Auth Auth
	// ErrorBody formats the body of an injected status in the API's own
	// error shape; nil sends "<status> <text>" as plain text.
	ErrorBody func(status int) (contentType, body string)
	// BodyType is the Content-Type of a scripted 2xx Body answering r, the
	// one r's route answers with (a stream's NDJSON), so the body is read
	// as if it were the API's; nil, or "", sends it as plain text.
	BodyType func(r *http.Request) string
	// Quota writes the API's answer for a spent quota (Fault.Quota); nil
	// answers 429 with ErrorBody.
	Quota func(w http.ResponseWriter, r *http.Request)
	// Prefix is a path prefix the API is served under; the log leaves it
	// out of Request.Path.
	Prefix string
	// RequestIDHeader, when set, is the response header that echoes the
	// request's X-Request-ID, or a new id when it has none, on every
	// answer, injected faults included (NVDB's X-REQUEST-ID).
	RequestIDHeader string
}

// Server is a running fake base. It is safe for concurrent use.
type Server struct {
	// URL is the server's base URL (without Prefix).
	URL string

	ts      *httptest.Server
	cfg     Config
	keys    map[string]bool
	open    atomic.Int64
	closing chan struct{}
	once    sync.Once

	mu       sync.Mutex
	rnd      *mrand.Rand
	script   []Fault
	log      []Request
	injected int
}

// New builds a fake serving h and starts it. A fake whose handler reads
// the returned *Server (every xxxtest does, through a field) must use
// NewUnstarted and Start instead, so that the field is set before the first
// request can arrive.
func New(h http.Handler, cfg Config) *Server {
	s := NewUnstarted(h, cfg)
	s.Start()
	return s
}

// NewUnstarted builds a fake serving h without listening yet.
func NewUnstarted(h http.Handler, cfg Config) *Server {
	s := &Server{cfg: cfg, closing: make(chan struct{}), rnd: newRand(cfg.Faults.Seed)}
	if cfg.Keys != nil {
		s.keys = make(map[string]bool, len(cfg.Keys))
		for _, k := range cfg.Keys {
			s.keys[k] = true
		}
	}
	s.ts = httptest.NewUnstartedServer(s.wrap(h))
	s.ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.open.Add(1)
		case http.StateClosed, http.StateHijacked: // both are final
			s.open.Add(-1)
		}
	}
	return s
}

// Start starts listening on a loopback port and sets URL.
func (s *Server) Start() {
	s.ts.Start()
	s.URL = s.ts.URL
}

func newRand(seed uint64) *mrand.Rand {
	return mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// newID returns a random UUID-shaped request id.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// Close ends scripted delays and stalls, then shuts the server down and
// waits for its handlers to return.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.ts.Close()
}

// Client returns an *http.Client that talks to the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Script queues faults for the next requests, one per request.
func (s *Server) Script(f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, f...)
}

// Requests returns the requests received so far, oldest first, faulted
// ones included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Injected is the number of requests that got a fault (not a mere delay).
func (s *Server) Injected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.injected
}

// OpenConns is the number of client connections the server holds open,
// idle ones included. A client that closes its idle connections brings it
// back to zero, shortly after: the server notices a closed connection
// asynchronously, so a leak test polls (assert.Eventually).
func (s *Server) OpenConns() int { return int(s.open.Load()) }

// Key reads and checks the request's key. It answers a refused request
// itself (401 without a key, Auth.Rejected for a key not accepted) and
// reports false. With Auth.Optional a request without a key passes with
// key "".
func (s *Server) Key(w http.ResponseWriter, r *http.Request) (key string, ok bool) {
	a := s.cfg.Auth
	key, ok = strings.CutPrefix(r.Header.Get(a.Header), a.Scheme+" ")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		if a.Optional && r.Header.Get(a.Header) == "" {
			return "", true
		}
		s.refuse(w, r, http.StatusUnauthorized)
		return "", false
	}
	if s.keys != nil && !s.keys[key] {
		st := a.Rejected
		if st == 0 {
			st = http.StatusUnauthorized
		}
		s.refuse(w, r, st)
		return "", false
	}
	return key, true
}

// Accepts reports whether key is one WithKeys allows (any non-empty key
// when WithKeys was not given).
func (s *Server) Accepts(key string) bool {
	return key != "" && (s.keys == nil || s.keys[key])
}

// Restricted reports whether WithKeys was given.
func (s *Server) Restricted() bool { return s.keys != nil }

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int) {
	if s.cfg.Auth.Refuse != nil {
		s.cfg.Auth.Refuse(w, r, status)
		return
	}
	s.writeStatus(w, r, Fault{Status: status})
}

// wrap logs the request, then answers it with its fault or with h.
func (s *Server) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hdr := s.cfg.RequestIDHeader; hdr != "" {
			rid := r.Header.Get("X-Request-ID")
			if rid == "" {
				rid = newID()
			}
			w.Header().Set(hdr, rid)
		}
		body := s.readBody(r)
		rec := s.record(r, body)
		s.mu.Lock()
		f, lat, injected := s.next()
		rec.Fault = f
		if injected {
			s.injected++
		}
		s.log = append(s.log, rec)
		s.mu.Unlock()
		s.serve(w, r, h, f, lat, injected)
	})
}

// readBody keeps the first MaxLoggedBody bytes of the body for the log and
// leaves the whole body readable for the handler.
func (s *Server) readBody(r *http.Request) []byte {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	head, _ := io.ReadAll(io.LimitReader(r.Body, MaxLoggedBody))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	return head
}

func (s *Server) record(r *http.Request, body []byte) Request {
	h := maskHeader(r.Header)
	authHeader := s.cfg.Auth.Header
	if authHeader == "" {
		authHeader = "Authorization"
	}
	p := r.URL.Path // decoded, as the handler sees it: /rest/v1/lås, not l%C3%A5s
	if pre := s.cfg.Prefix; pre != "" && (p == pre || strings.HasPrefix(p, pre+"/")) {
		p = "/" + strings.TrimLeft(strings.TrimPrefix(p, pre), "/")
	}
	return Request{
		Method: r.Method, Path: p, Query: maskQuery(r.URL.RawQuery), Header: h,
		Auth: h.Get(authHeader), Client: r.Header.Get("X-Client"), RequestID: r.Header.Get("X-Request-ID"),
		Body: maskBody(body),
	}
}
