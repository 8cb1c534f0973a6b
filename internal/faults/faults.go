// Package faults injects failures into the fake servers: latency, 429 with
// Retry-After, 5xx, dropped connections and truncated bodies, either on a
// seeded random schedule or scripted request by request.
package faults

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Config is a random fault schedule. Probabilities are per request and are
// tried in the order listed; Seed makes the schedule repeatable.
type Config struct {
	Seed          uint64
	Latency       time.Duration // added to every answer
	RateLimit     float64       // probability of 429
	RetryAfterMax time.Duration // 429 carries Retry-After uniformly in [0, RetryAfterMax] (whole seconds)
	Unavailable   float64       // probability of 503
	Drop          float64       // probability of closing the connection without an answer
	Truncate      float64       // probability of cutting the body in half
	SlowProb      float64       // probability of an extra SlowDelay
	SlowDelay     time.Duration
}

// Fault is one scripted failure for the next request.
type Fault struct {
	Status     int           // answer with this status (and Body) instead of the handler's
	RetryAfter string        // Retry-After header value sent with Status
	Body       string        // body sent with Status
	Drop       bool          // close the connection without an answer
	Truncate   bool          // serve the handler's answer cut in half
	Delay      time.Duration // wait before answering
}

// Injector wraps a handler. It is safe for concurrent use.
type Injector struct {
	mu       sync.Mutex
	cfg      Config
	rnd      *rand.Rand
	script   []Fault
	requests atomic.Int64
	injected atomic.Int64
}

// New returns an injector with the random schedule cfg (the zero Config
// injects nothing).
func New(cfg Config) *Injector {
	return &Injector{cfg: cfg, rnd: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
}

// SetConfig replaces the random schedule.
func (in *Injector) SetConfig(cfg Config) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.cfg = cfg
	in.rnd = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
}

// Script queues faults for the next requests, one per request, before the
// random schedule applies again.
func (in *Injector) Script(f ...Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.script = append(in.script, f...)
}

// Requests is the number of requests seen.
func (in *Injector) Requests() int { return int(in.requests.Load()) }

// Injected is the number of requests that got a fault.
func (in *Injector) Injected() int { return int(in.injected.Load()) }

func (in *Injector) next() (Fault, time.Duration, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	lat := in.cfg.Latency
	if len(in.script) > 0 {
		f := in.script[0]
		in.script = in.script[1:]
		return f, lat, true
	}
	c := in.cfg
	if c.SlowProb > 0 && in.rnd.Float64() < c.SlowProb {
		lat += c.SlowDelay
	}
	r := in.rnd.Float64()
	switch {
	case r < c.RateLimit:
		ra := 0
		if c.RetryAfterMax > 0 {
			ra = in.rnd.IntN(int(c.RetryAfterMax/time.Second) + 1)
		}
		return Fault{Status: http.StatusTooManyRequests, RetryAfter: strconv.Itoa(ra)}, lat, true
	case r < c.RateLimit+c.Unavailable:
		return Fault{Status: http.StatusServiceUnavailable}, lat, true
	case r < c.RateLimit+c.Unavailable+c.Drop:
		return Fault{Drop: true}, lat, true
	case r < c.RateLimit+c.Unavailable+c.Drop+c.Truncate:
		return Fault{Truncate: true}, lat, true
	}
	return Fault{}, lat, false
}

// Wrap returns h with faults applied. errBody formats the body of an
// injected status in the API's own error shape (nil for plain text).
func (in *Injector) Wrap(h http.Handler, errBody func(status int) (contentType, body string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.requests.Add(1)
		f, lat, ok := in.next()
		if d := lat + f.Delay; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-r.Context().Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		// A scripted fault with nothing but a delay (or nothing at all) is a
		// slow or normal answer, not an error.
		if !ok || (f.Status == 0 && !f.Drop && !f.Truncate) {
			h.ServeHTTP(w, r)
			return
		}
		in.injected.Add(1)
		switch {
		case f.Drop:
			hijackClose(w)
		case f.Truncate:
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body[:len(body)/2])
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			hijackClose(w)
		default:
			ct, body := "text/plain; charset=utf-8", f.Body
			if body == "" && errBody != nil {
				ct, body = errBody(f.Status)
			}
			if body == "" {
				body = fmt.Sprintf("%d %s\n", f.Status, http.StatusText(f.Status))
			}
			w.Header().Set("Content-Type", ct)
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(body))
		}
	})
}

// hijackClose closes the client connection abruptly.
func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection quietly
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if buf != nil {
		_ = buf.Flush()
	}
	_ = conn.Close()
}
