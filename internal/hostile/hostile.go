// Package hostile builds the hostile answers the packages' hostile_test.go
// files send through their public clients: bodies of any size generated
// on the fly (never held in memory), deep nesting, a way to measure what
// a call allocates, and a Log to search a client's log for secrets.
package hostile

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// GiB is the size of the streamed bodies: four times the clients' limit.
const GiB = 1 << 30

// Body returns prefix, then chunk repeated until the body is size bytes
// long (counting prefix and suffix), then suffix. Nothing is buffered.
func Body(prefix, chunk, suffix string, size int64) io.Reader {
	n := size - int64(len(prefix)) - int64(len(suffix))
	return io.MultiReader(strings.NewReader(prefix), io.LimitReader(&repeat{s: chunk}, max(n, 0)), strings.NewReader(suffix))
}

type repeat struct {
	s   string
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], r.s[r.off:])
		n += k
		r.off = (r.off + k) % len(r.s)
	}
	return n, nil
}

// Nested returns open repeated depth times, then mid, then close repeated
// depth times: 100 000 levels of [ in a few hundred KiB.
func Nested(open, mid, close string, depth int) string {
	return strings.Repeat(open, depth) + mid + strings.Repeat(close, depth)
}

// Handler answers every request with status, content type, the request id
// header and the body made by body (called once per request).
func Handler(status int, contentType, requestID string, body func() io.Reader) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		if requestID != "" {
			w.Header().Set("X-Request-ID", requestID)
		}
		w.WriteHeader(status)
		if body != nil {
			_, _ = io.Copy(w, body()) // the client hangs up early: ignore
		}
	})
}

// MiB is a byte count for messages.
const MiB = 1 << 20

// SkipUnderRace skips a test that streams hundreds of MiB: under the race
// detector its memory figures mean nothing and it takes a minute.
func SkipUnderRace(t interface{ Skip(...any) }) {
	if Race {
		t.Skip("huge bodies are measured without the race detector")
	}
}

// EnvHuge is the environment variable that turns on the tests streaming
// 1 GiB bodies (SkipUnlessHuge). .ci/run sets it in its race step and in
// its "long runs and hostile input without the race detector" step.
const EnvHuge = "VEGDATA_HOSTILE"

// SkipUnlessHuge skips a test that streams 1 GiB bodies unless
// VEGDATA_HOSTILE=1: each costs seconds of CPU, too much for the README's
// test command, which a developer runs over and over; CI runs them.
func SkipUnlessHuge(t interface{ Skip(...any) }) {
	if os.Getenv(EnvHuge) != "1" {
		t.Skip("streams 1 GiB bodies: runs with " + EnvHuge + "=1, as .ci/run's hostile step does")
	}
}

// Measure runs fn and returns the bytes it allocated in all (TotalAlloc,
// garbage included) and the highest live heap above the starting point
// (HeapInuse, sampled every millisecond while fn runs).
func Measure(fn func()) (total, peak uint64) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	peakc := make(chan uint64)
	go func() {
		var m runtime.MemStats
		var top uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
			select {
			case <-done:
				peakc <- top
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	top := <-peakc
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if top > before.HeapInuse {
		peak = top - before.HeapInuse
	}
	return after.TotalAlloc - before.TotalAlloc, peak
}

// Log collects what a client logs, from any number of goroutines, for a
// test to search for secrets a hostile answer tried to get printed.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
