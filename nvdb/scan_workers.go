package nvdb

import (
	"context"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultScanMaxWorkers caps the adaptive worker count of Scan.
const DefaultScanMaxWorkers = 64

// scanStartWorkers is how many workers an adaptive scan starts with at
// least (a resumed plan, or a plan whose answer time is not known).
const scanStartWorkers = 2

// scanTick is how often an adaptive scan looks whether to add a worker:
// well under the 25 ms between two requests at 40 per second, so a free
// slot of the limiter is seen before it passes.
const scanTick = 5 * time.Millisecond

// scanQueued is the share of the page time that requests may wait for the
// limiter on average before the limiter counts as the bottleneck.
const scanQueued = 0.1

// scanPool hands partitions to workers and decides how many run.
type scanPool struct {
	fixed, maxWorkers int
	start0            int // adaptive workers to start with

	mu   sync.Mutex
	todo []int // partition indices not yet taken, in order

	workers    atomic.Int32 // workers started
	waiting    atomic.Int32 // page requests waiting for the rate limiter
	delivering atomic.Int32 // workers handing a page to the caller
	requests   atomic.Int64 // page requests sent
	untraced   atomic.Bool  // a request finished without GetConn: no view of the limiter
	finished   atomic.Int64 // page requests finished

	statMu            sync.Mutex
	pageAvg, waitAvg  float64 // seconds, moving averages
	callAvg, callMin  float64 // seconds, whole call (untraced mode)
	haveStats         bool
	finishedAtLastAdd int64

	yielded int // objects yielded in this run; the ranging goroutine only
}

func newScanPool(o *ScanOptions, todo []int, latency time.Duration) *scanPool {
	sc := &scanPool{fixed: o.Workers, maxWorkers: o.MaxWorkers, todo: todo}
	if sc.maxWorkers == 0 {
		sc.maxWorkers = DefaultScanMaxWorkers
	}
	// The chains 40 requests a second need at the plan's measured answer
	// time; the pool adapts from there instead of climbing from two.
	sc.start0 = max(scanStartWorkers, min(int(40*latency.Seconds()), sc.maxWorkers))
	return sc
}

// take returns the next partition to read, or -1.
func (sc *scanPool) take() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.todo) == 0 {
		return -1
	}
	i := sc.todo[0]
	sc.todo = sc.todo[1:]
	return i
}

func (sc *scanPool) untaken() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return len(sc.todo)
}

// start runs the workers: a fixed number, or two and then more while the
// rate limiter has room. Every goroutine it starts is counted in wg.
func (sc *scanPool) start(ctx context.Context, wg *sync.WaitGroup, read func(ctx context.Context, idx int) bool) {
	spawn := func() {
		sc.workers.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				idx := sc.take()
				if idx < 0 || !read(ctx, idx) {
					return
				}
			}
		}()
	}
	n := sc.fixed
	if n == 0 {
		n = sc.start0
	}
	for range min(n, sc.untaken()) {
		spawn()
	}
	if sc.fixed > 0 {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(scanTick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if sc.untaken() == 0 || int(sc.workers.Load()) >= sc.maxWorkers {
				return
			}
			if sc.roomForMore() {
				spawn()
			}
		}
	}()
}

// roomForMore reports whether another cursor chain would raise the request
// rate: no request is waiting for the limiter (so it has a free slot),
// recent requests waited for it only briefly, and the caller is keeping up
// with the pages. Without a view of the limiter,
// it is whether recent calls take no longer than the quickest (no queue
// at the limiter), at most one addition per finished request.
func (sc *scanPool) roomForMore() bool {
	if sc.delivering.Load() > 0 {
		return false
	}
	sc.statMu.Lock()
	defer sc.statMu.Unlock()
	if !sc.untraced.Load() {
		// A free slot now, and recent requests did not queue at the
		// limiter: a moment with nobody waiting while requests usually
		// wait (a stall, a burst of answers) is no reason to add.
		return sc.waiting.Load() == 0 && (!sc.haveStats || sc.waitAvg < scanQueued*sc.pageAvg)
	}
	fin := sc.finished.Load()
	if !sc.haveStats || fin == sc.finishedAtLastAdd || sc.callAvg > 1.25*sc.callMin {
		return false
	}
	sc.finishedAtLastAdd = fin
	return true
}

// page runs one page request, measuring how long it waited for the rate
// limiter (until the HTTP transport asked for a connection) and how long
// the page then took.
func (sc *scanPool) page(ctx context.Context, fetch func(context.Context) (*Page[Vegobjekt], error)) (*Page[Vegobjekt], error) {
	sc.requests.Add(1)
	sc.waiting.Add(1)
	var released atomic.Bool
	var sent atomic.Int64
	t0 := time.Now()
	tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: func(string) {
		if released.CompareAndSwap(false, true) {
			sent.Store(time.Now().UnixNano())
			sc.waiting.Add(-1)
		}
	}})
	side, err := fetch(tctx)
	end := time.Now()
	sc.finished.Add(1)
	hidden := !released.Swap(true)
	if hidden {
		// GetConn never fired: the transport hides the limiter's wait.
		sc.waiting.Add(-1)
		if err == nil {
			sc.untraced.Store(true)
		}
	}
	if err == nil {
		sc.record(t0, time.Unix(0, sent.Load()), end, !hidden)
	}
	return side, err
}

const ewma = 0.2

func (sc *scanPool) record(t0, sent, end time.Time, traced bool) {
	call := end.Sub(t0).Seconds()
	sc.statMu.Lock()
	defer sc.statMu.Unlock()
	wait, page := 0.0, call
	if traced {
		wait, page = sent.Sub(t0).Seconds(), end.Sub(sent).Seconds()
	}
	if !sc.haveStats {
		sc.haveStats = true
		sc.pageAvg, sc.waitAvg, sc.callAvg, sc.callMin = page, wait, call, call
		return
	}
	sc.pageAvg += ewma * (page - sc.pageAvg)
	sc.waitAvg += ewma * (wait - sc.waitAvg)
	sc.callAvg += ewma * (call - sc.callAvg)
	sc.callMin = min(sc.callMin, call)
}

func (sc *scanPool) averages() (page, wait time.Duration) {
	sc.statMu.Lock()
	defer sc.statMu.Unlock()
	return time.Duration(sc.pageAvg * float64(time.Second)), time.Duration(sc.waitAvg * float64(time.Second))
}
