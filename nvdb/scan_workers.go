package nvdb

import (
	"context"
	"math"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultScanMaxWorkers caps how many partitions Scan reads at once. A
// plan makes 48 partitions for answers up to 1.2 s and 64 up to 1.33 s,
// so by default every partition of a planned scan runs from the start; a
// longer list of Kommuner or Fylker, or a plan for slower answers, reads
// 64 at a time, which bounds the pages a slow caller leaves in memory.
const DefaultScanMaxWorkers = 64

// scanPool hands partitions to workers and orders their requests.
type scanPool struct {
	workersN int  // workers to run
	fewer    bool // fewer workers than partitions

	mu   sync.Mutex
	todo []int // partition indices not yet taken, in order

	workers  atomic.Int32 // workers started
	requests atomic.Int64 // page requests sent
	gate     scanGate     // orders requests at the limiter, longest chain first

	statMu           sync.Mutex
	pageAvg, waitAvg float64 // seconds, moving averages
	haveStats        bool

	yielded int // objects yielded in this run; the ranging goroutine only
}

func newScanPool(o *ScanOptions, todo []int) *scanPool {
	n := o.Workers
	if n == 0 {
		n = o.MaxWorkers
		if n == 0 {
			n = DefaultScanMaxWorkers
		}
	}
	n = max(1, min(n, len(todo)))
	return &scanPool{workersN: n, fewer: n < len(todo), todo: todo}
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

// start runs the workers, each reading partitions until none is left.
// Every goroutine it starts is counted in wg.
func (sc *scanPool) start(ctx context.Context, wg *sync.WaitGroup, read func(ctx context.Context, idx int) bool) {
	for range sc.workersN {
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
}

// page runs one page request of a partition with pagesLeft pages left
// (counting this one): through the gate, then the rate limiter. It
// measures how long the request waited for both (until the HTTP transport
// asked for a connection) and how long the page then took.
func (sc *scanPool) page(ctx context.Context, pagesLeft, size int, fetch func(context.Context) (*Page[Vegobjekt], error)) (*Page[Vegobjekt], error) {
	t0 := time.Now()
	if sc.fewer && sc.untaken() > 0 {
		// While partitions wait for a worker, a worker that ends its
		// partition takes the next: no chain is the last, so serve them in
		// turn, ahead of any ranked after the last partition was taken.
		pagesLeft = math.MaxInt
	}
	if err := sc.gate.enter(ctx, pagesLeft, size); err != nil {
		return nil, err
	}
	sc.requests.Add(1)
	var released atomic.Bool
	var sent atomic.Int64
	tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: func(string) {
		if released.CompareAndSwap(false, true) {
			sent.Store(time.Now().UnixNano())
			sc.gate.leave()
		}
	}})
	side, err := fetch(tctx)
	end := time.Now()
	traced := released.Swap(true)
	if !traced {
		// GetConn never fired: the transport does not show when a request
		// leaves the limiter, so the gate cannot keep its order.
		sc.gate.leave()
		if err == nil {
			sc.gate.turnOff()
		}
	}
	if err == nil {
		sc.record(t0, time.Unix(0, sent.Load()), end, traced)
	}
	return side, err
}

const ewma = 0.2

func (sc *scanPool) record(t0, sent, end time.Time, traced bool) {
	wait, page := 0.0, end.Sub(t0).Seconds()
	if traced {
		wait, page = sent.Sub(t0).Seconds(), end.Sub(sent).Seconds()
	}
	sc.statMu.Lock()
	defer sc.statMu.Unlock()
	if !sc.haveStats {
		sc.haveStats = true
		sc.pageAvg, sc.waitAvg = page, wait
		return
	}
	sc.pageAvg += ewma * (page - sc.pageAvg)
	sc.waitAvg += ewma * (wait - sc.waitAvg)
}

func (sc *scanPool) averages() (page, wait time.Duration) {
	sc.statMu.Lock()
	defer sc.statMu.Unlock()
	return time.Duration(sc.pageAvg * float64(time.Second)), time.Duration(sc.waitAvg * float64(time.Second))
}
