package nvdb

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// gateDepth is how many page requests of a scan may wait at the client's
// rate limiter at once. The limiter grants a slot every 25 ms at 40 per
// second; one request ready behind the one being let through keeps it
// busy, and the order of all others is still the gate's to decide.
const gateDepth = 2

// scanGate decides which partition's next page request goes to the rate
// limiter when more are ready than it lets through: the one whose
// partition has the most pages left, and of those with as many left, the
// one asking for the most objects (a partition's last page is not full),
// so that the scan's last requests are its smallest pages, which NVDB
// answers soonest: with pages of 1000 objects taking 1 s, the scan ends
// when its last request is answered. A partition is a chain of requests,
// one after the other, so the scan ends when its longest chain ends; a
// limiter that served chains in arrival order would advance them all at
// the same pace and leave the largest ones running alone at the end, one
// page per answer time. The gate only orders: it never holds a request
// while the limiter has room (fewer than gateDepth waiting there), so the
// limiter stays the only pacing.
//
// A request that has waited gateMaxWait goes next whatever its rank: a
// partition with little left must not hold its cursor until the long ones
// have shrunk to its length, which in a long scan could outlast the
// cursor's life on NVDB's side.
//
// It needs to see a request leave the limiter (httptrace GetConn); Scan
// turns it off for a transport that does not report that.
type scanGate struct {
	mu      sync.Mutex
	off     bool
	atLimit int // requests let through and not yet past the limiter
	seq     int64
	waiting gateQueue
	maxWait time.Duration // gateMaxWait when zero
}

// gateMaxWait is how long a request waits its turn at most before it goes
// next.
const gateMaxWait = time.Minute

type gateWaiter struct {
	pagesLeft int
	size      int // objects the request asks for (estimated)
	seq       int64
	since     time.Time
	ready     chan struct{}
	index     int // in the heap; -1 once let through
}

// enter waits until a request for size objects of a partition with
// pagesLeft pages left may go to the limiter. Each enter that returns nil
// is paired with one leave.
func (g *scanGate) enter(ctx context.Context, pagesLeft, size int) error {
	g.mu.Lock()
	if g.off || (g.atLimit < gateDepth && g.waiting.Len() == 0) {
		g.atLimit++
		g.mu.Unlock()
		return nil
	}
	g.seq++
	w := &gateWaiter{pagesLeft: pagesLeft, size: size, seq: g.seq, since: time.Now(), ready: make(chan struct{})}
	heap.Push(&g.waiting, w)
	g.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		defer g.mu.Unlock()
		if w.index < 0 { // let through just now: pass the turn on
			g.atLimit--
			g.admit()
		} else {
			heap.Remove(&g.waiting, w.index)
		}
		return ctx.Err()
	}
}

// leave records that a request let through by enter has passed the
// limiter (or ended without reaching it).
func (g *scanGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.atLimit--
	g.admit()
}

// turnOff lets every request through from now on, waiting ones included.
func (g *scanGate) turnOff() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.off = true
	for g.waiting.Len() > 0 {
		w := heap.Pop(&g.waiting).(*gateWaiter)
		g.atLimit++
		close(w.ready)
	}
}

// admit lets the most urgent waiters through while the limiter has room:
// the oldest one that has waited maxWait, else the highest ranked. g.mu is
// held.
func (g *scanGate) admit() {
	maxWait := g.maxWait
	if maxWait == 0 {
		maxWait = gateMaxWait
	}
	now := time.Now()
	for g.atLimit < gateDepth && g.waiting.Len() > 0 {
		next := g.waiting[0]
		for _, w := range g.waiting { // one waiter per worker at most
			if w.seq < next.seq && now.Sub(w.since) >= maxWait {
				next = w
			}
		}
		heap.Remove(&g.waiting, next.index)
		g.atLimit++
		close(next.ready)
	}
}

// gateQueue is a heap of waiters: most pages left first, then largest
// request, then oldest.
type gateQueue []*gateWaiter

func (q gateQueue) Len() int { return len(q) }
func (q gateQueue) Less(i, j int) bool {
	if q[i].pagesLeft != q[j].pagesLeft {
		return q[i].pagesLeft > q[j].pagesLeft
	}
	if q[i].size != q[j].size {
		return q[i].size > q[j].size
	}
	return q[i].seq < q[j].seq
}
func (q gateQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *gateQueue) Push(x any) {
	w := x.(*gateWaiter)
	w.index = len(*q)
	*q = append(*q, w)
}
func (q *gateQueue) Pop() any {
	old := *q
	w := old[len(old)-1]
	old[len(old)-1] = nil
	w.index = -1
	*q = old[:len(old)-1]
	return w
}
