package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// StallError is the failure of an attempt whose answer stopped arriving:
// no byte of headers or body for After (the stall timeout), or, when Slow,
// a body that kept dripping: fewer than MinBytesPerStall bytes in a stall
// timeout's worth of waiting. It is retried like a dropped connection, and
// is the cause of an ErrUnavailable when every attempt stalled.
type StallError struct {
	After time.Duration
	Slow  bool  // the body dripped rather than stopped
	Got   int64 // bytes that came in the last window, when Slow
}

func (e *StallError) Error() string {
	if e.Slow {
		return fmt.Sprintf("the answer is dripping: %d bytes in %s of waiting, less than the %d per stall timeout an answer must bring (stall timeout)",
			e.Got, e.After, MinBytesPerStall)
	}
	return fmt.Sprintf("no byte of the answer for %s (stall timeout)", e.After)
}

// MinBytesPerStall is the least a body must bring for every stall timeout
// the reader spends waiting for it, once its first byte has come: 4 KiB,
// 68 bytes/s at the default 60 s, 4 KiB/s at 1 s. Only time spent inside
// Read counts, for this rate as for the other rule (no byte for a whole
// stall timeout), so a caller that reads slowly or pauses between Reads (a
// download copied to a slow disk, a stream whose consumer works on each
// item) is never taken for a silent or dripping server; and any link that
// moves at all (a 256 MiB download at 100 KiB/s takes 44 minutes and
// passes) brings far more. A server that sends one byte more often than
// the stall timeout is abandoned after one stall timeout of waiting.
const MinBytesPerStall = 4 << 10

var errStalled = errors.New("stalled")

// watchdog cancels one attempt when its timer runs out. Until the
// answer's headers are in, the clock runs, and every chunk of the request
// that goes out winds it up again; after them it runs only while a Read
// of the body waits for the server.
type watchdog struct {
	cancel   context.CancelCauseFunc
	d        time.Duration
	timer    *time.Timer
	fired    atomic.Bool
	mu       sync.Mutex // Reset comes from the request writer and the body reader
	answered bool       // the headers are in; under mu
}

// kick winds the timer up again as the request goes out. Once the answer
// is in, an upload still going out (net/http hands over the headers
// before the request is written whole when the server answers early)
// no longer starts the clock: the caller may not read for a while.
func (w *watchdog) kick() {
	if w.fired.Load() {
		return
	}
	w.mu.Lock()
	if !w.answered {
		w.timer.Reset(w.d)
	}
	w.mu.Unlock()
}

// answer stops the clock when the headers are in, until the body's first
// Read.
func (w *watchdog) answer() {
	w.mu.Lock()
	w.answered = true
	w.timer.Stop()
	w.mu.Unlock()
}

// wait starts the clock afresh for one Read of the body.
func (w *watchdog) wait() {
	if w.fired.Load() {
		return
	}
	w.mu.Lock()
	w.timer.Reset(w.d)
	w.mu.Unlock()
}

func (w *watchdog) fire() {
	w.fired.Store(true)
	w.cancel(errStalled)
}

func (w *watchdog) stalled() bool { return w.fired.Load() }

// pause stops the clock: the answer's body is in the caller's hands
// between two Reads, and the time it spends there is not the server's
// silence.
func (w *watchdog) pause() {
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
}

// abandon ends the attempt at once, as a stall does: the connection is
// closed, never put back in the pool.
func (w *watchdog) abandon() {
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
	w.fire()
}

func (w *watchdog) stop() {
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
	w.cancel(context.Canceled)
}

// progressBody is a request body whose every chunk read for sending winds
// the watchdog up: an upload that moves is not a stall.
type progressBody struct {
	rc io.ReadCloser
	w  *watchdog
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.kick()
	}
	return n, err
}

func (b *progressBody) Close() error { return b.rc.Close() }

// watchedBody is an answer's body under the watchdog: its clock runs only
// while a Read waits for the server, so a Read that brings no byte for a
// stall timeout ends the attempt, and so does a body that drips (fewer
// than MinBytesPerStall bytes for a stall timeout of waiting in Read);
// whatever the caller does between Reads is not counted. It is read by
// one goroutine at a time, as any body.
type watchedBody struct {
	rc   io.ReadCloser
	w    *watchdog
	once sync.Once

	started bool          // the first byte has come: the rate is measured from it
	waited  time.Duration // time spent in Read in this window
	got     int64         // bytes that came in this window
	slow    *StallError   // set once the body was found dripping
}

func (b *watchedBody) Read(p []byte) (int, error) {
	if b.slow != nil {
		return 0, b.slow
	}
	b.w.wait()
	start := time.Now()
	n, err := b.rc.Read(p)
	b.w.pause()
	if n > 0 {
		if b.started {
			b.waited += time.Since(start)
		}
		b.started = true
		b.got += int64(n)
		if err == nil && b.waited >= b.w.d {
			if b.got < MinBytesPerStall {
				b.slow = &StallError{After: b.w.d, Slow: true, Got: b.got}
				b.w.abandon()
				return 0, b.slow
			}
			b.waited, b.got = 0, 0
		}
	}
	if err != nil && err != io.EOF && b.w.stalled() {
		err = &StallError{After: b.w.d}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	err := b.rc.Close()
	b.once.Do(b.w.stop)
	return err
}

func sameHost(a, b *url.URL) bool { return strings.EqualFold(a.Host, b.Host) }

// sensitiveParams are query parameters whose values never leave redactURL.
var sensitiveParams = []string{"key", "apikey", "api_key", "token", "access_token", "refresh_token", "password", "secret", "client_secret", "signature"}

func (c *Client) redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	cp := *u
	cp.User = nil
	if cp.RawQuery != "" {
		q := cp.Query()
		changed := false
		for k := range q {
			for _, s := range c.sensitive {
				if strings.EqualFold(k, s) {
					q[k] = []string{"REDACTED"}
					changed = true
				}
			}
		}
		if changed {
			cp.RawQuery = q.Encode()
		}
	}
	return c.text(cp.String())
}
