package uberiket

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultParallel is how many id ranges a stream reads at once unless
// StreamQuery.Parallel says otherwise. At 200 ms per request, eight ranges
// of 10 000 objects keep about 25 requests per second in flight, under
// NVDB's 40, and past the 40 000 objects per second that pages of 1000
// allow.
const DefaultParallel = 8

// DefaultIDBatch is how many ids one request of a stream by ids asks for,
// as NVDB's own TN-ITS tool does: enough to be worth a request, few
// enough to keep the URL short.
const DefaultIDBatch = 100

// maxIDBatch bounds a batch of ids: the server's default answer holds 1000
// objects, so a batch no larger is answered whole by one request.
const maxIDBatch = 1000

// chunkSize is how many items a range reader hands over at once: small
// enough that memory stays bounded (readers × chunks in flight), large
// enough that handing over is cheap.
const chunkSize = 1000

// StreamQuery selects what a stream reads. The zero value (or nil) reads
// every active object of the type, in DefaultParallel ranges at once.
type StreamQuery struct {
	// IDs reads only these objects (the active ones among them), in
	// batches of IDBatch, Parallel batches at once.
	IDs []int64
	// IDBatch is how many ids one request asks for (default
	// DefaultIDBatch, at most 1000).
	IDBatch int
	// Ranges reads only these id ranges, in id order and not overlapping;
	// only the last may be open (Until 0). A stream resumes from the
	// Remaining of the last chunk it handed over, or from a store's
	// Position.Backfill.Ranges. nil reads the whole id space.
	Ranges []Range
	// Parallel is how many ranges (or batches of ids) are read at once
	// (default DefaultParallel); 1 reads them one after the other, as
	// NVDB's own tools do. The ranges are split as readers become free, so
	// any number of ranges keeps Parallel readers busy.
	Parallel int
	// Antall is how many objects one request asks for (default and at
	// most MaxStream, 10 000).
	Antall int
}

// Chunk is a part of a stream as it arrives: objects of one id range, in id
// order, and where the stream stands once they are handled. A copy that
// keeps Remaining with the objects (as Sync does) resumes exactly where it
// stopped.
type Chunk[T any] struct {
	// Items holds the objects, in id order; possibly none.
	Items []*T
	// Covered is the part of the id space the chunk accounts for: the
	// objects with After < id <= Until (Until 0: no upper end) are exactly
	// Items. Zero when the stream reads by ids.
	Covered Range
	// Remaining is what is left to read once Items are handled, in id
	// order: pass it as StreamQuery.Ranges to resume. nil when reading by
	// ids, and empty when the stream is done.
	Remaining []Range
}

// rangeStream is how the streams of one kind read an id space: the
// declaration of one request and how its items map to ids.
type rangeStream[T any, C comparable] struct {
	decl *endpoint.Stream[T, C]
	// key is the id an item counts as in the ranges (a veglenke: its
	// veglenkesekvens).
	key func(*T) int64
	// from is the cursor that reads after key k (zero C: from the start).
	from func(k int64) C
	// grouped: several items share a key, so a range can only end, and a
	// chunk only be handed over, between keys.
	grouped bool
}

// streamCall is one stream as a method asks for it.
type streamCall struct {
	name     string           // the operation the caller called
	req      endpoint.Request // path and query of every request (antall included)
	ids      []int64          // sorted, unique; nil for ranges
	idBatch  int
	ranges   []Range
	parallel int
	antall   int
	split    bool // ranges may be split as readers become free
}

// newStreamCall validates q and builds the call of a stream at req.
func newStreamCall(name string, req endpoint.Request, q *StreamQuery, what string) streamCall {
	var sq StreamQuery
	if q != nil {
		sq = *q
	}
	c := streamCall{name: name, req: req, parallel: cmp.Or(sq.Parallel, DefaultParallel), antall: cmp.Or(sq.Antall, MaxStream),
		idBatch: cmp.Or(sq.IDBatch, DefaultIDBatch), split: true}
	err := firstErr(req.Err, checkAntall(sq.Antall, MaxStream), checkIDs(what, sq.IDs))
	switch {
	case err != nil:
	case sq.Parallel < 0:
		err = invalid("parallel %d must be >= 0", sq.Parallel)
	case sq.IDBatch < 0 || sq.IDBatch > maxIDBatch:
		err = invalid("id batch %d must be between 1 and %d (0 for the default)", sq.IDBatch, maxIDBatch)
	case sq.IDs != nil && sq.Ranges != nil:
		err = invalid("give IDs or Ranges, not both")
	case sq.IDs != nil && len(sq.IDs) == 0:
		err = invalid("IDs is empty: nil reads every object")
	default:
		err = checkRanges(sq.Ranges)
	}
	if err != nil {
		c.req = endpoint.Fail(err)
		return c
	}
	if sq.IDs != nil {
		c.ids = slices.Compact(slices.Sorted(slices.Values(sq.IDs)))
	}
	c.ranges = slices.Clone(sq.Ranges)
	if c.ranges == nil {
		c.ranges = []Range{{}}
	}
	c.req = withQuery(req, "antall", strconv.Itoa(c.antall))
	return c
}

// checkRanges accepts ranges in id order, not overlapping, only the last
// open.
func checkRanges(rs []Range) error {
	if rs != nil && len(rs) == 0 {
		return invalid("Ranges is empty: nil reads the whole id space")
	}
	for i, r := range rs {
		switch {
		case r.After < 0:
			return invalid("range %d: after %d must be >= 0", i, r.After)
		case r.Until != 0 && r.Until <= r.After:
			return invalid("range %d: until %d must be above after %d (or 0, no upper end)", i, r.Until, r.After)
		case i > 0 && (rs[i-1].Until == 0 || r.After < rs[i-1].Until):
			return invalid("range %d overlaps range %d or is out of order", i, i-1)
		}
	}
	return nil
}

// errRangeEnd stops a read at the first item past its range.
var errRangeEnd = errors.New("past the end of the range")

// items flattens chunks into their items.
func items[T any](chunks iter.Seq2[*Chunk[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for ch, err := range chunks {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, it := range ch.Items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// chunks runs a stream: readers of ranges (or batches of ids) send what
// they read over a bounded channel to the loop in the caller's goroutine,
// which hands it over and splits ranges as readers become free. Nothing is
// sent until the sequence is ranged; stopping it early, or an error,
// cancels the readers, and it returns only when they are gone. check,
// when set, refuses an item that does not belong in the stream (an object
// of another type) as a fault of the answer.
func (rs *rangeStream[T, C]) chunks(ctx context.Context, t endpoint.Transport, c streamCall, check func(*T) error) iter.Seq2[*Chunk[T], error] {
	return func(yield func(*Chunk[T], error) bool) {
		if t == nil {
			yield(nil, transport.InvalidArgument(fmt.Errorf("%s: the client was not made by NewClient", c.name)))
			return
		}
		if c.req.Err != nil {
			yield(nil, c.req.Err)
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		e := &streamRun[T, C]{rs: rs, t: t, c: c, ctx: ctx, decl: *rs.decl, check: check,
			events: make(chan event[T], 2*c.parallel)}
		e.decl.Name = c.name
		defer e.wg.Wait() // after cancel: the readers see it and end
		defer cancel()
		if c.ids != nil {
			e.runIDs(yield)
			return
		}
		e.runRanges(yield)
	}
}

// streamRun is the state of one running stream.
type streamRun[T any, C comparable] struct {
	rs     *rangeStream[T, C]
	decl   endpoint.Stream[T, C]
	check  func(*T) error
	t      endpoint.Transport
	c      streamCall
	ctx    context.Context
	wg     sync.WaitGroup
	events chan event[T]

	ranges  []*span // unfinished, in id order
	running int
	bound   int64 // above every id of the type, once probed; 0 unknown
	probing bool
	probed  bool
	gaps    []Range // stretches probes found empty
}

// span is one range being read: its reader and the loop share until,
// seen, count and finished under mu.
type span struct {
	after int64 // handed over up to here (the loop's)
	begin int64 // where its reader began
	live  bool  // a reader runs (the loop's)

	mu       sync.Mutex
	until    int64 // 0: no upper end
	seen     int64 // the last key its reader accepted
	count    int64 // items its reader accepted
	finished bool  // its reader reached until (or the end)
	// The last whole answer: its items, and the keys it began after and
	// ended at, for the density of what follows.
	lastN            int64
	lastFrom, lastTo int64
}

// density is the items per key its reader found: over its last whole
// answer when it has one (ids come in clusters, so the last stretch says
// more of the next than the average does), else over all it read. 0 when
// it has read nothing. mu is held.
func (s *span) density(e interface{ eff(a, b int64) int64 }) float64 {
	if s.lastN > 0 {
		if l := e.eff(s.lastFrom, s.lastTo); l > 0 {
			return float64(s.lastN) / float64(l)
		}
	}
	if l := e.eff(s.begin, s.seen); s.count > 0 && l > 0 {
		return float64(s.count) / float64(l)
	}
	return 0
}

// event is what a reader sends: a chunk, the end of its range, an error,
// or the results of the probes.
type event[T any] struct {
	s        *span
	items    []*T
	from, to int64
	done     bool
	err      error
	probe    *probeResult
}

type probeResult struct {
	bound int64
	gaps  []Range
}

func (e *streamRun[T, C]) send(ev event[T]) bool {
	select {
	case e.events <- ev:
		return true
	case <-e.ctx.Done():
		return false
	}
}

func (e *streamRun[T, C]) runRanges(yield func(*Chunk[T], error) bool) {
	for _, r := range e.c.ranges {
		e.ranges = append(e.ranges, &span{after: r.After, until: r.Until})
	}
	for {
		e.fill()
		if len(e.ranges) == 0 {
			return
		}
		var ev event[T]
		select {
		case ev = <-e.events:
		case <-e.ctx.Done():
		}
		if err := e.ctx.Err(); err != nil { // what was read before a cancel is not handed over after it
			yield(nil, err)
			return
		}
		switch {
		case ev.err != nil:
			yield(nil, ev.err)
			return
		case ev.probe != nil:
			e.probing, e.probed = false, true
			e.bound, e.gaps = ev.probe.bound, ev.probe.gaps
			e.fanOut()
			continue
		}
		s := ev.s
		s.after = ev.to
		if ev.done {
			s.live = false
			e.running--
			e.ranges = slices.DeleteFunc(e.ranges, func(x *span) bool { return x == s })
		}
		ch := &Chunk[T]{Items: ev.items, Covered: Range{After: ev.from, Until: ev.to}, Remaining: e.remaining()}
		if !yield(ch, nil) {
			return
		}
	}
}

// remaining is what is left to read, in id order.
func (e *streamRun[T, C]) remaining() []Range {
	out := make([]Range, 0, len(e.ranges))
	for _, s := range e.ranges {
		out = append(out, Range{After: s.after, Until: s.until}) // until changes only in the loop
	}
	return out
}

// fill starts readers until Parallel run: first for ranges without one,
// then by splitting the range with the most left to read.
func (e *streamRun[T, C]) fill() {
	for e.running < e.c.parallel {
		var idle *span
		for _, s := range e.ranges {
			if !s.live {
				idle = s
				break
			}
		}
		if idle == nil {
			if !e.c.split || !e.split() {
				return
			}
			continue
		}
		e.start(idle)
	}
}

func (e *streamRun[T, C]) start(s *span) {
	s.live, s.begin, s.seen = true, s.after, s.after
	e.running++
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.read(s)
	}()
}

// split cuts the range with the most objects left to read, by the density
// its reader found, into as many parts as there are free readers (each
// worth one full request at least: the last range of a stream would
// otherwise read its final requests one after the other while the other
// readers sit idle, half a second of a 300 000-object stream), and starts
// a reader for each part above the first. The open range is split once probes have bounded the id
// space (and asks for the probes when they have not).
func (e *streamRun[T, C]) split() bool {
	var best *span
	var bestLeft, bestDensity float64
	var bestSeen, bestEnd int64
	var openSeen int64 = -1 // the open range's reader, when it wants the id space bounded
	for _, s := range e.ranges {
		if !s.live {
			continue
		}
		s.mu.Lock()
		until, seen, fin, density, count := s.until, s.seen, s.finished, s.density(e), s.count
		s.mu.Unlock()
		if fin || density == 0 {
			continue
		}
		end := until
		if end == 0 {
			if e.bound <= seen {
				// A type of a few objects is read before probes return.
				if !e.probed && count >= int64(min(e.c.antall, chunkSize)) {
					openSeen = seen
				}
				continue
			}
			end = e.bound
		}
		if left := float64(e.eff(seen, end)) * density; left > bestLeft {
			best, bestLeft, bestSeen, bestEnd, bestDensity = s, left, seen, end, density
		}
	}
	if openSeen >= 0 && !e.probing {
		e.probing = true
		e.probe(openSeen)
	}
	parts := min(int64(e.c.parallel-e.running+1), int64(bestLeft/float64(e.c.antall)))
	if best == nil || parts < 2 {
		return false
	}
	// The first part goes past the answer in flight, so its reader is not
	// cut short; the others share the rest.
	l := e.eff(bestSeen, bestEnd)
	inFlight := int64(math.Ceil(float64(e.c.antall) / bestDensity))
	first := max(l/parts, inFlight)
	keys := []int64{e.locate(bestSeen, first)}
	for k := int64(1); k < parts-1; k++ {
		if at := e.locate(bestSeen, first+(l-first)*k/(parts-1)); at > keys[len(keys)-1] {
			keys = append(keys, at)
		}
	}
	return e.cut(best, keys) > 0
}

// cut ends range s at the first of keys (increasing, above what its reader
// has seen) and starts a reader for each range between them and above the
// last, up to where s ended. It returns how many it started.
func (e *streamRun[T, C]) cut(s *span, keys []int64) int {
	s.mu.Lock()
	end := s.until
	for len(keys) > 0 && (keys[0] <= s.seen || (end != 0 && keys[len(keys)-1] >= end)) {
		if keys[0] <= s.seen {
			keys = keys[1:]
		} else {
			keys = keys[:len(keys)-1]
		}
	}
	if s.finished || len(keys) == 0 {
		s.mu.Unlock()
		return 0
	}
	s.until = keys[0]
	s.mu.Unlock()
	i := slices.Index(e.ranges, s)
	for k, at := range keys {
		upper := &span{after: at, until: end}
		if k+1 < len(keys) {
			upper.until = keys[k+1]
		}
		e.ranges = slices.Insert(e.ranges, i+1+k, upper)
		e.start(upper)
	}
	return len(keys)
}

// fanOut, once probes have bounded the id space, cuts what is left of the
// open range into as many parts as there are free readers, even in the
// ids outside the stretches the probes found empty: the density of a part
// is not known until it is read, and split evens them out from there.
func (e *streamRun[T, C]) fanOut() {
	free := e.c.parallel - e.running
	if !e.c.split || free <= 0 || e.bound == 0 {
		return
	}
	for _, s := range e.ranges {
		s.mu.Lock()
		open, seen, density := s.until == 0 && s.live && !s.finished, s.seen, s.density(e)
		s.mu.Unlock()
		if !open || seen >= e.bound {
			continue
		}
		l := e.eff(seen, e.bound)
		parts := int64(free + 1)
		if density > 0 {
			parts = min(parts, int64(float64(l)*density/float64(2*e.c.antall)))
		}
		if parts < 2 {
			return
		}
		keys := make([]int64, 0, parts-1)
		for k := int64(1); k < parts; k++ {
			if at := e.locate(seen, l*k/parts); len(keys) == 0 || at > keys[len(keys)-1] {
				keys = append(keys, at)
			}
		}
		e.cut(s, keys)
		return
	}
}

// eff is the length of (a, b] outside the stretches the probes found
// empty.
func (e *streamRun[T, C]) eff(a, b int64) int64 {
	n := b - a
	for _, g := range e.gaps {
		if lo, hi := max(a, g.After), min(b, g.Until-1); hi > lo {
			n -= hi - lo
		}
	}
	return n
}

// locate returns the key x with eff(a, x) = l, never inside an empty
// stretch: one that would be is moved to its end, where objects are.
func (e *streamRun[T, C]) locate(a, l int64) int64 {
	x := a
	for _, g := range e.gaps {
		if g.Until-1 <= x {
			continue
		}
		if lo := max(g.After, x); lo-x >= l {
			return x + l
		} else {
			l -= lo - x
		}
		x = g.Until - 1
	}
	return x + l
}

// probe bounds the id space above seen with requests for one object after
// each power of two, read at once, and reports what they found: the first
// power of two with nothing after it, and the empty stretches below.
func (e *streamRun[T, C]) probe(seen int64) {
	lo := max(bits.Len64(uint64(max(seen, 1))), 8)
	const hi = 36
	if lo > hi {
		lo = hi
	}
	req := withQuery(e.c.req, "antall", "1")
	first := make([]int64, hi-lo+1) // the first key after 2^k, 0 for none, -1 unknown
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		var wg sync.WaitGroup
		for i := range first {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := int64(1) << (lo + i)
				_, _, err := e.decl.Read(e.ctx, e.t, req, e.rs.from(at), func(it *T) error {
					if first[i] == 0 {
						first[i] = e.rs.key(it)
					}
					return nil
				})
				if err != nil {
					first[i] = -1
				}
			}()
		}
		wg.Wait()
		res := &probeResult{}
		for i, f := range first {
			at := int64(1) << (lo + i)
			switch {
			case f == 0 && res.bound == 0:
				res.bound = at
			case res.bound == 0 && f > at+1 && (len(res.gaps) == 0 || f > res.gaps[len(res.gaps)-1].Until):
				res.gaps = append(res.gaps, Range{After: at, Until: f})
			}
		}
		if res.bound == 0 {
			res.bound = int64(1) << (hi + 1)
		}
		e.send(event[T]{probe: res})
	}()
}

// read reads range s until its end, handing over chunks; it ends with an
// event that says done, or with an error.
func (e *streamRun[T, C]) read(s *span) {
	from := s.begin
	var buf []*T
	var lastKey int64 = -1 // the key of the last item read
	cursor := e.rs.from(s.begin)
	flush := func(to int64, done bool) bool {
		ev := event[T]{s: s, items: buf, from: from, to: to, done: done}
		buf, from = nil, to
		return e.send(ev)
	}
	for {
		reqFrom := max(lastKey, s.begin)
		n, last, err := e.decl.Read(e.ctx, e.t, e.c.req, cursor, func(it *T) error {
			if err := e.accept(it); err != nil {
				return err
			}
			k := e.rs.key(it)
			s.mu.Lock()
			if k < s.seen || k <= s.begin || (!e.rs.grouped && k == s.seen && lastKey >= 0) {
				s.mu.Unlock()
				return endpoint.BadItem(fmt.Errorf("id %d after %d: the stream is not in id order", k, max(s.seen, s.begin)))
			}
			if s.until != 0 && k > s.until {
				s.finished = true
				s.mu.Unlock()
				return errRangeEnd
			}
			s.seen = k
			s.count++
			s.mu.Unlock()
			if len(buf) >= chunkSize && (!e.rs.grouped || k != lastKey) {
				if !flush(lastKey, false) {
					return e.ctx.Err()
				}
			}
			buf = append(buf, it)
			lastKey = k
			return nil
		})
		switch {
		case errors.Is(err, errRangeEnd):
			flush(s.until, true) // until is final once finished is set
			return
		case err != nil:
			e.send(event[T]{err: err})
			return
		case n == 0:
			s.mu.Lock()
			s.finished = true
			until := s.until
			s.mu.Unlock()
			flush(until, true)
			return
		}
		cursor = last
		s.mu.Lock()
		s.lastN, s.lastFrom, s.lastTo = int64(n), reqFrom, lastKey
		s.mu.Unlock()
		if !e.rs.grouped {
			s.mu.Lock()
			end := s.until != 0 && lastKey == s.until
			if end {
				s.finished = true
			}
			s.mu.Unlock()
			if !flush(lastKey, end) || end {
				return
			}
			continue
		}
		// A veglenkesekvens may go on in the next answer: hand over the
		// ones that are whole.
		k := len(buf)
		for k > 0 && e.rs.key(buf[k-1]) == lastKey {
			k--
		}
		if k > 0 {
			rest := slices.Clone(buf[k:])
			buf = buf[:k]
			if !flush(e.rs.key(buf[k-1]), false) {
				return
			}
			buf = rest
		}
	}
}

// runIDs reads batches of ids, Parallel at once, each with one request
// (or, for grouped items, until an answer brings none).
func (e *streamRun[T, C]) runIDs(yield func(*Chunk[T], error) bool) {
	batches := slices.Collect(slices.Chunk(e.c.ids, e.c.idBatch))
	next, running := 0, 0
	for {
		for running < e.c.parallel && next < len(batches) {
			b := batches[next]
			next++
			running++
			e.wg.Add(1)
			go func() {
				defer e.wg.Done()
				e.readIDs(b)
			}()
		}
		if running == 0 {
			return
		}
		var ev event[T]
		select {
		case ev = <-e.events:
		case <-e.ctx.Done():
		}
		if err := e.ctx.Err(); err != nil { // what was read before a cancel is not handed over after it
			yield(nil, err)
			return
		}
		if ev.err != nil {
			yield(nil, ev.err)
			return
		}
		if ev.done {
			running--
		}
		if len(ev.items) > 0 && !yield(&Chunk[T]{Items: ev.items}, nil) {
			return
		}
	}
}

// readIDs reads one batch of ids: the items must be of those ids, in id
// order, each id once (a veglenkesekvens: its veglenker together).
func (e *streamRun[T, C]) readIDs(batch []int64) {
	req := withQuery(e.c.req, "ider", joinIDs(batch))
	var buf []*T
	next := 0 // index in batch of the next id an item may have
	var cursor C
	for {
		n, last, err := e.decl.Read(e.ctx, e.t, req, cursor, func(it *T) error {
			if err := e.accept(it); err != nil {
				return err
			}
			k := e.rs.key(it)
			if e.rs.grouped && next > 0 && batch[next-1] == k {
				buf = append(buf, it)
				return nil
			}
			for next < len(batch) && batch[next] < k {
				next++
			}
			if next == len(batch) || batch[next] != k {
				return endpoint.BadItem(fmt.Errorf("id %d was not asked for, or is out of order", k))
			}
			next++
			buf = append(buf, it)
			return nil
		})
		if err != nil {
			e.send(event[T]{err: err})
			return
		}
		if !e.rs.grouped || n == 0 {
			e.send(event[T]{items: buf, done: true})
			return
		}
		cursor = last
	}
}

// accept runs the stream's check on an item; its error is the answer's.
func (e *streamRun[T, C]) accept(it *T) error {
	if e.check == nil {
		return nil
	}
	if err := e.check(it); err != nil {
		return endpoint.BadItem(err)
	}
	return nil
}

func joinIDs(ids []int64) string {
	b := make([]byte, 0, len(ids)*11)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}
