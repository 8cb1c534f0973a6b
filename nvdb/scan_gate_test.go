package nvdb

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitQueued returns when n requests wait at the gate.
func waitQueued(g *scanGate, n int) {
	for {
		g.mu.Lock()
		l := g.waiting.Len()
		g.mu.Unlock()
		if l == n {
			return
		}
		runtime.Gosched()
	}
}

// The gate lets gateDepth requests through at once and then the one whose
// partition has the most pages left; among equals the one asking for the
// most objects (last pages are not full, and the smallest answer soonest,
// so they go last), then the oldest.
func TestScanGateOrder(t *testing.T) {
	ctx := context.Background()
	var g scanGate
	for range gateDepth {
		require.NoError(t, g.enter(ctx, 1, 0))
	}
	order := make(chan int, 8)
	for i, w := range []struct{ left, size int }{{2, 1000}, {7, 1000}, {4, 1000}, {7, 1000}, {1, 200}, {1, 900}, {1, 200}} {
		go func() {
			if g.enter(ctx, w.left, w.size) == nil {
				order <- i
			}
		}()
		waitQueued(&g, i+1) // queue them in this order
	}
	var got []int
	for range 7 {
		g.leave()
		got = append(got, <-order)
	}
	assert.Equal(t, []int{1, 3, 2, 0, 5, 4, 6}, got)
}

// A request that has waited its turn for maxWait goes next, the oldest
// first, whatever its rank.
func TestScanGateMaxWait(t *testing.T) {
	ctx := context.Background()
	g := scanGate{maxWait: time.Nanosecond}
	for range gateDepth {
		require.NoError(t, g.enter(ctx, 1, 0))
	}
	order := make(chan int, 8)
	for i, left := range []int{2, 7, 4} {
		go func() {
			if g.enter(ctx, left, 0) == nil {
				order <- i
			}
		}()
		waitQueued(&g, i+1)
	}
	time.Sleep(time.Millisecond) // every waiter is past maxWait
	var got []int
	for range 3 {
		g.leave()
		got = append(got, <-order)
	}
	assert.Equal(t, []int{0, 1, 2}, got)
}

// A request that gives up while waiting leaves the queue; one that gives
// up just as it was let through passes its turn on, so the gate never
// loses a place at the limiter.
func TestScanGateCancel(t *testing.T) {
	var g scanGate
	for range gateDepth {
		require.NoError(t, g.enter(context.Background(), 1, 0))
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { errc <- g.enter(ctx, 9, 0) }()
	waitQueued(&g, 1)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	assert.Equal(t, 0, g.waiting.Len())

	// Let a waiter through and cancel it at once: whichever the select
	// picks, the place at the limiter ends up held exactly once.
	ctx, cancel = context.WithCancel(context.Background())
	go func() { errc <- g.enter(ctx, 3, 0) }()
	waitQueued(&g, 1)
	g.leave()
	cancel()
	if err := <-errc; err == nil {
		g.leave()
	}
	g.mu.Lock()
	assert.Equal(t, gateDepth-1, g.atLimit)
	g.mu.Unlock()
	g.leave()
	require.NoError(t, g.enter(context.Background(), 1, 0)) // a free place is used at once
}

// Turned off (the transport hides when a request leaves the limiter), the
// gate lets every request through, waiting ones included.
func TestScanGateOff(t *testing.T) {
	ctx := context.Background()
	var g scanGate
	for range gateDepth {
		require.NoError(t, g.enter(ctx, 1, 0))
	}
	done := make(chan struct{})
	go func() {
		_ = g.enter(ctx, 1, 0)
		close(done)
	}()
	waitQueued(&g, 1)
	g.turnOff()
	<-done
	for range 10 {
		require.NoError(t, g.enter(ctx, 1, 0))
	}
}

// Packing cuts exactly the asked number of runs where there are pages
// for them, keeps every run within its length, fills last pages, and
// makes one run of a type too small for more.
func TestPackKommuner(t *testing.T) {
	total := func(sizes []int) (pages, longest int) {
		for _, s := range sizes {
			pages += pageCount(s, 1000)
			longest = max(longest, pageCount(s, 1000))
		}
		return
	}
	// 40 kommuner of 700 objects: 28 000 objects, 28 pages at best.
	ks, cs := make([]int, 40), make([]int, 40)
	for i := range ks {
		ks[i], cs[i] = 100+i, 700
	}
	groups, sizes := packKommuner(ks, cs, 1000, 4)
	pages, longest := total(sizes)
	assert.Len(t, groups, 4)
	assert.Equal(t, 28, pages)
	assert.LessOrEqual(t, longest, 8) // 1.2 × 7
	seen := map[int]bool{}
	for i, g := range groups {
		sum := 0
		for _, k := range g {
			require.False(t, seen[k])
			seen[k] = true
			sum += 700
		}
		assert.Equal(t, sizes[i], sum)
	}
	assert.Len(t, seen, 40)

	// A run whose last page holds 50 objects hands its small kommune to
	// a run with room on its own last page: a request less, none more.
	groups = [][]int{{1, 2}, {3, 4}}
	sizes = []int{1050, 900}
	fillLastPages(groups, sizes, map[int]int{1: 1000, 2: 50, 3: 500, 4: 400}, 1000)
	assert.Equal(t, [][]int{{1}, {2, 3, 4}}, groups)
	assert.Equal(t, []int{1000, 950}, sizes)
	// Where no run has room, nothing moves.
	groups = [][]int{{1, 2}, {3}}
	sizes = []int{1050, 980}
	fillLastPages(groups, sizes, map[int]int{1: 1000, 2: 50, 3: 980}, 1000)
	assert.Equal(t, [][]int{{1, 2}, {3}}, groups)

	// Cutting 10 kommuner of 990 into 3 runs costs as many pages as one
	// run each: the fewer runs win.
	ks, cs = make([]int, 10), make([]int, 10)
	for i := range ks {
		ks[i], cs[i] = i+1, 990
	}
	groups, _ = packKommuner(ks, cs, 1000, 3)
	assert.Len(t, groups, 3)

	// 300 objects over 50 kommuner: one request, not one per kommune.
	ks, cs = make([]int, 50), make([]int, 50)
	for i := range ks {
		ks[i], cs[i] = i+1, 6
	}
	groups, _ = packKommuner(ks, cs, 1000, 48)
	assert.Len(t, groups, 1)
}
