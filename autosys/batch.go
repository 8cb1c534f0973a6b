package autosys

import (
	"context"
	"errors"
	"iter"
	"sync"
)

// DefaultConcurrency is the number of lookups LookupMany runs at once when
// BatchOptions does not say.
const DefaultConcurrency = 4

// BatchOptions tunes LookupMany.
type BatchOptions struct {
	// Concurrency is the most lookups in flight at once (default
	// DefaultConcurrency). The client's rate limit and quota still apply.
	Concurrency int
}

// Result is the outcome of one lookup in a batch.
type Result struct {
	Index        int           // position of the input in the slice given to LookupMany
	Oppslag      Oppslag       // the input as given
	Kjoretoydata *Kjoretoydata // the vehicle; nil when the lookup failed
}

// LookupMany looks up a fleet. It yields one pair per input, in input
// order: the Result tagged with its input and the error of that lookup
// (nil on success). One failed lookup (not found, bad input) does not stop
// the rest. When ctx is done, the lookups not yet started are dropped and
// a final (&Result{Index: -1}, ctx.Err()) is yielded. The *Result is never nil.
//
// Nothing is sent until the sequence is ranged over; the inputs are copied
// when LookupMany is called. Breaking out of the loop cancels the lookups
// in flight and waits for them, so no goroutine is left behind. The
// workers run at most 2×Concurrency lookups ahead of the loop, so a break
// after the first result has spent at most that many requests.
func (c *Client) LookupMany(ctx context.Context, oppslag []Oppslag, opts *BatchOptions) iter.Seq2[*Result, error] {
	in := append([]Oppslag(nil), oppslag...)
	conc := DefaultConcurrency
	if opts != nil && opts.Concurrency > 0 {
		conc = opts.Concurrency
	}
	conc = min(conc, max(len(in), 1))
	return func(yield func(*Result, error) bool) {
		if len(in) == 0 {
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		type outcome struct {
			k   *Kjoretoydata
			err error
		}
		slots := make([]chan outcome, len(in))
		for i := range slots {
			slots[i] = make(chan outcome, 1)
		}
		next := make(chan int)
		var wg sync.WaitGroup
		defer func() {
			cancel()
			wg.Wait()
		}()
		wg.Add(1)
		// window bounds how far the workers run ahead of the caller, so a
		// slow first lookup or an early break cannot spend the quota (or
		// memory) on the whole list.
		window := make(chan struct{}, 2*conc)
		go func() { // hands out indices until all are taken or ctx is done
			defer wg.Done()
			defer close(next)
			for i := range in {
				select {
				case window <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case next <- i:
				case <-ctx.Done():
					return
				}
			}
		}()
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					k, err := first(c.lookup(ctx, manyLookup, in[i]))
					slots[i] <- outcome{k, err}
				}
			}()
		}
		for i := range in {
			var o outcome
			select {
			case o = <-slots[i]:
			case <-ctx.Done():
				// The parent context ended; report the results that are
				// already in, then the context's error once.
				select {
				case o = <-slots[i]:
				default:
					yield(&Result{Index: -1}, ctx.Err())
					return
				}
			}
			if o.err != nil && ctx.Err() != nil && errors.Is(o.err, ctx.Err()) {
				yield(&Result{Index: -1}, o.err)
				return
			}
			if !yield(&Result{Index: i, Oppslag: in[i], Kjoretoydata: o.k}, o.err) {
				return
			}
			<-window
		}
	}
}
