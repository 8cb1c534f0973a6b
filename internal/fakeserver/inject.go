package fakeserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// next pops the scripted fault or draws one from the schedule, and returns
// it with the delay before answering and whether it is a fault at all (a
// scripted Fault with nothing but a Delay is a slow normal answer). s.mu
// is held.
func (s *Server) next() (Fault, time.Duration, bool) {
	c := s.cfg.Faults
	lat := s.cfg.Latency + c.Latency
	if len(s.script) > 0 {
		f := s.script[0]
		s.script = s.script[1:]
		return f, lat + f.Delay, isFault(f)
	}
	// The order of the draws is fixed, so a seed gives the same schedule
	// whichever probabilities are set.
	if c.Slow > 0 && s.rnd.Float64() < c.Slow {
		lat += c.SlowDelay
	}
	r := s.rnd.Float64()
	var f Fault
	switch p := 0.0; {
	case r < p+c.RateLimited:
		ra := 0
		if c.RetryAfterMax > 0 {
			ra = s.rnd.IntN(int(c.RetryAfterMax/time.Second) + 1)
		}
		f = Fault{Status: http.StatusTooManyRequests, RetryAfter: strconv.Itoa(ra)}
	case r < p+c.RateLimited+c.Unavailable:
		f = Fault{Status: http.StatusServiceUnavailable}
	case r < p+c.RateLimited+c.Unavailable+c.Drop:
		f = Fault{Drop: true}
	case r < p+c.RateLimited+c.Unavailable+c.Drop+c.Truncate:
		f = Fault{Truncate: true}
	case r < p+c.RateLimited+c.Unavailable+c.Drop+c.Truncate+c.ServerError:
		f = Fault{Status: http.StatusInternalServerError}
	case r < p+c.RateLimited+c.Unavailable+c.Drop+c.Truncate+c.ServerError+c.Quota:
		f = Fault{Quota: true}
	case r < p+c.RateLimited+c.Unavailable+c.Drop+c.Truncate+c.ServerError+c.Quota+c.Stall:
		f = Fault{Stall: true}
	default:
		return Fault{}, lat, false
	}
	return f, lat, true
}

func isFault(f Fault) bool { return f.Status != 0 || f.Drop || f.Truncate || f.Stall || f.Quota }

// serve answers one request: after the delay, with the fault or with h.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, h http.Handler, f Fault, delay time.Duration, injected bool) {
	if delay > 0 && !s.Wait(r, delay) {
		return
	}
	switch {
	case !injected:
		h.ServeHTTP(w, r)
	case f.Drop:
		hijackClose(w)
	case f.Quota:
		if s.cfg.Quota != nil {
			s.cfg.Quota(w, r)
			return
		}
		s.writeStatus(w, r, Fault{Status: http.StatusTooManyRequests, RetryAfter: f.RetryAfter, Body: f.Body})
	case f.Truncate, f.Stall:
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
		if f.Stall {
			// Silent until the client gives up or the fake closes.
			select {
			case <-r.Context().Done():
			case <-s.closing:
			}
		}
		hijackClose(w)
	default:
		s.writeStatus(w, r, f)
	}
}

// Wait sleeps d unless the client gives up or the server closes first; it
// reports whether the whole delay passed. Fakes use it for delays of their
// own (nvdbtest's page time).
func (s *Server) Wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	case <-t.C:
		return true
	}
}

// writeStatus answers f.Status with f.Body, or the API's error body.
func (s *Server) writeStatus(w http.ResponseWriter, r *http.Request, f Fault) {
	ct, body := "text/plain; charset=utf-8", f.Body
	if body != "" && f.Status >= 200 && f.Status <= 299 && s.cfg.BodyType != nil {
		if t := s.cfg.BodyType(r); t != "" {
			ct = t
		}
	}
	if body == "" && s.cfg.ErrorBody != nil {
		ct, body = s.cfg.ErrorBody(f.Status)
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
