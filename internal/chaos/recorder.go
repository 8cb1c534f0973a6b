package chaos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/vegdata/go-vegdata"
)

// Cause classifies an attempt that did not deliver a whole answer.
type Cause string

// The causes a Recorder tells apart.
const (
	ResetBeforeAnswer Cause = "reset before the answer"
	EOFBeforeAnswer   Cause = "closed before the answer"
	HeadersCut        Cause = "headers cut short"
	StallBeforeAnswer Cause = "stall before the answer"
	RefusedConn       Cause = "connection refused"
	ResetMidBody      Cause = "reset mid-body"
	CutMidBody        Cause = "closed mid-body"
	StallMidBody      Cause = "stall mid-body"
	OtherFailure      Cause = "other"
)

// Recorder is an http.RoundTripper that counts, for one client, what its
// attempts met on the wire. It sits under the SDK's transport (pass it in
// the *http.Client of WithHTTPClient), so it sees every attempt with the
// vegdata.Attempt of its call. It is safe for concurrent use.
type Recorder struct {
	Next http.RoundTripper
	// Churn is the share of requests sent with "Connection: close", drawn
	// from a generator seeded with Seed, so that connections are dialled
	// (and their kind drawn) again and again rather than kept alive for
	// the whole run.
	Churn float64
	Seed  uint64

	rnd         *rand.Rand
	samples     map[Cause]string
	mu          sync.Mutex
	attempts    int
	calls       map[string]int // request id → highest attempt number
	status      map[int]int
	framing     map[string]int // "content-length", "chunked", "close-delimited", "gzip"
	causes      map[Cause]int
	byKind      map[Kind]int // failed attempts by the kind of their connection
	broken      map[net.Conn]bool
	reuseBroken int    // attempts on a connection that had broken before
	nextReused  []bool // GotConnInfo.Reused of each attempt that followed a broken one of the same call
	lastBroken  map[string]bool
	conns       map[net.Conn]bool
}

// Client returns an *http.Client sending through r.
func (r *Recorder) Client() *http.Client { return &http.Client{Transport: r} }

// CloseIdleConnections closes the idle connections of Next.
func (r *Recorder) CloseIdleConnections() {
	type closer interface{ CloseIdleConnections() }
	if cl, ok := r.Next.(closer); ok {
		cl.CloseIdleConnections()
	}
}

func (r *Recorder) init() {
	if r.calls == nil {
		r.calls = map[string]int{}
		r.status = map[int]int{}
		r.framing = map[string]int{}
		r.causes = map[Cause]int{}
		r.byKind = map[Kind]int{}
		r.broken = map[net.Conn]bool{}
		r.lastBroken = map[string]bool{}
		r.conns = map[net.Conn]bool{}
		r.samples = map[Cause]string{}
		r.rnd = rand.New(rand.NewPCG(r.Seed, r.Seed^0xc4a05))
	}
}

// RoundTrip sends one attempt and watches its answer.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	a, _ := vegdata.AttemptFromContext(req.Context())
	at := &attempt{r: r, call: a.RequestID, ctx: req.Context()}
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.init()
		at.conn = info.Conn
		r.conns[info.Conn] = true
		if r.broken[info.Conn] {
			r.reuseBroken++
		}
		if r.lastBroken[at.call] {
			r.nextReused = append(r.nextReused, info.Reused)
			delete(r.lastBroken, at.call)
		}
	}}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	r.mu.Lock()
	r.init()
	r.attempts++
	if r.Churn > 0 && r.rnd.Float64() < r.Churn {
		req.Close = true // req is already our copy
	}
	if a.Number > r.calls[a.RequestID] {
		r.calls[a.RequestID] = a.Number
	}
	r.mu.Unlock()

	next := r.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		at.fail(err, false)
		return nil, err
	}
	r.mu.Lock()
	r.status[resp.StatusCode]++
	switch {
	case resp.ContentLength >= 0 && !resp.Uncompressed:
		r.framing["content-length"]++
	case len(resp.TransferEncoding) > 0 && resp.TransferEncoding[0] == "chunked":
		r.framing["chunked"]++
	case resp.Uncompressed:
		// net/http hides the framing of a body it decompresses.
	default:
		r.framing["close-delimited"]++
	}
	if resp.Uncompressed {
		r.framing["gzip"]++
	}
	r.mu.Unlock()
	resp.Body = &watchBody{ReadCloser: resp.Body, at: at}
	return resp, nil
}

type attempt struct {
	r    *Recorder
	call string
	ctx  context.Context
	conn net.Conn
	once sync.Once
}

// fail records a failed attempt; mid says whether headers had arrived.
func (a *attempt) fail(err error, mid bool) {
	a.once.Do(func() {
		c := classify(a.ctx, err, mid)
		r := a.r
		r.mu.Lock()
		defer r.mu.Unlock()
		r.init()
		r.causes[c]++
		if _, ok := r.samples[c]; !ok {
			r.samples[c] = err.Error()
		}
		kind := Kind("direct")
		if a.conn != nil {
			r.broken[a.conn] = true
			if cc, ok := a.conn.(*Conn); ok {
				kind = cc.Kind
			}
		}
		r.byKind[kind]++
		if a.call != "" {
			r.lastBroken[a.call] = true
		}
	})
}

func classify(ctx context.Context, err error, mid bool) Cause {
	// The SDK's stall watchdog cancels the attempt's context with a cause
	// of its own; a plain Canceled is the end of a finished attempt.
	stalled := false
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) && !errors.Is(cause, context.DeadlineExceeded) {
		stalled = true
	}
	switch {
	case stalled && mid:
		return StallMidBody
	case stalled:
		return StallBeforeAnswer
	case errors.Is(err, syscall.ECONNREFUSED):
		return RefusedConn
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		if mid {
			return ResetMidBody
		}
		return ResetBeforeAnswer
	case !mid && strings.Contains(err.Error(), "malformed"):
		return HeadersCut
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF"):
		if mid {
			return CutMidBody
		}
		return EOFBeforeAnswer
	}
	return OtherFailure
}

type watchBody struct {
	io.ReadCloser
	at *attempt
}

func (b *watchBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.at.fail(err, true)
	}
	return n, err
}

// Stats is a snapshot of a Recorder.
type Stats struct {
	Attempts    int
	Calls       int
	MaxAttempts int // the most attempts any one call made
	Status      map[int]int
	Framing     map[string]int
	Causes      map[Cause]int
	FailedKinds map[Kind]int
	Conns       int // connections used
	ReuseBroken int // attempts on a connection that had broken before: must be 0
	NextReused  []bool
	Samples     map[Cause]string // the first error of each cause
}

// Failures is the number of attempts that lost their answer.
func (s Stats) Failures() int {
	n := 0
	for _, v := range s.Causes {
		n += v
	}
	return n
}

// Stats returns the counts so far.
func (r *Recorder) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	s := Stats{Attempts: r.attempts, Calls: len(r.calls), Status: map[int]int{}, Framing: map[string]int{},
		Causes: map[Cause]int{}, FailedKinds: map[Kind]int{}, Conns: len(r.conns), ReuseBroken: r.reuseBroken,
		NextReused: append([]bool(nil), r.nextReused...)}
	for _, n := range r.calls {
		s.MaxAttempts = max(s.MaxAttempts, n)
	}
	for k, v := range r.status {
		s.Status[k] = v
	}
	for k, v := range r.framing {
		s.Framing[k] = v
	}
	for k, v := range r.causes {
		s.Causes[k] = v
	}
	s.Samples = map[Cause]string{}
	for k, v := range r.samples {
		s.Samples[k] = v
	}
	for k, v := range r.byKind {
		s.FailedKinds[k] = v
	}
	return s
}

// String summarises the stats on one line.
func (s Stats) String() string {
	return fmt.Sprintf("%d attempts for %d calls (max %d per call) on %d connections; failed %d: %s; by kind: %s; framing: %s; reused broken: %d",
		s.Attempts, s.Calls, s.MaxAttempts, s.Conns, s.Failures(), sortedMap(s.Causes), sortedMap(s.FailedKinds), sortedMap(s.Framing), s.ReuseBroken)
}

func sortedMap[K ~string](m map[K]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[K(k)])
	}
	return strings.Join(parts, " ")
}
