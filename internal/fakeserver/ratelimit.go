package fakeserver

import (
	"context"
	"slices"
	"sync"
	"time"
)

// RateLimiter is NVDB's per-client limit as the NVDB fakes enforce it: at
// most PerSecond requests of one X-Client within any one second; a request
// beyond that waits in a queue for a free slot and is refused when none
// comes within the queue timeout (nvdbapil/v4/introduksjon/Begrensninger:
// one second). Les v4 and Uberiket share the limit, so two fakes of one
// test can share one RateLimiter. A nil *RateLimiter admits everything.
type RateLimiter struct {
	perSecond int
	queue     time.Duration
	second    time.Duration // the window: NVDB's second; shorter in this package's tests

	mu       sync.Mutex
	window   map[string][]time.Time // arrivals of the last second, per client
	admitted map[string][]time.Time // admissions (now or reserved) of the last second
	peak     int
	limited  int
	queued   int
}

// NewRateLimiter returns a limiter of perSecond requests per client with a
// queue of the given timeout; nil when perSecond is not positive.
func NewRateLimiter(perSecond int, queue time.Duration) *RateLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &RateLimiter{perSecond: perSecond, queue: queue, second: time.Second,
		window: map[string][]time.Time{}, admitted: map[string][]time.Time{}}
}

// PerSecond is the limit (0 for none).
func (l *RateLimiter) PerSecond() int {
	if l == nil {
		return 0
	}
	return l.perSecond
}

// Admit records a request of client and waits, as NVDB's queue does, until
// it fits within the limit. It reports false when no slot comes within the
// queue timeout, or the client gave up waiting (ctx).
func (l *RateLimiter) Admit(ctx context.Context, client string) bool {
	if l == nil {
		return true
	}
	now := time.Now()
	l.mu.Lock()
	w := dropOlder(l.window[client], now.Add(-l.second))
	w = append(w, now)
	l.window[client] = w
	l.peak = max(l.peak, len(w))
	a := dropOlder(l.admitted[client], now.Add(-l.second))
	slot := now
	if len(a) >= l.perSecond {
		// The slot frees when the limit-th latest admission is a second old.
		slot = a[len(a)-l.perSecond].Add(l.second)
	}
	if slot.Sub(now) > l.queue {
		l.admitted[client] = a
		l.limited++
		l.mu.Unlock()
		return false
	}
	// Keep the window sorted: a slot freed by time can come before slots
	// reserved further ahead.
	i, _ := slices.BinarySearchFunc(a, slot, func(x, t time.Time) int { return x.Compare(t) })
	l.admitted[client] = slices.Insert(a, i, slot)
	if slot.After(now) {
		l.queued++
	}
	l.mu.Unlock()
	if d := time.Until(slot); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// Peak is the largest number of requests one client sent within any one
// second, counted as they arrived (before the queue).
func (l *RateLimiter) Peak() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak
}

// Limited is the number of requests refused: those that found no free
// slot within the queue timeout.
func (l *RateLimiter) Limited() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limited
}

// Queued is the number of requests held back in the queue before being
// admitted.
func (l *RateLimiter) Queued() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.queued
}

// dropOlder drops the times before cut from the front of a sorted window.
func dropOlder(w []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(w) && w[i].Before(cut) {
		i++
	}
	return w[i:]
}
