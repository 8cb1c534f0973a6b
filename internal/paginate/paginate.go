// Package paginate turns a page fetcher into an iter.Seq2. One mechanism
// serves the three styles the APIs use: NVDB's opaque cursor, API Skriv's
// start/antall and Synsbasen's page/per_page; each is a Fetch that returns
// the items and the cursor of the following page.
package paginate

import (
	"context"
	"iter"
)

// Page is one page of items and the cursor that fetches the next one.
type Page[T any, C comparable] struct {
	Items []T
	Next  C    // cursor of the following page
	Last  bool // the server said there is nothing after this page
}

// Fetch loads the page at cursor.
type Fetch[T any, C comparable] func(ctx context.Context, cursor C) (Page[T, C], error)

// Options tune iteration.
type Options struct {
	// Prefetch loads the next page while the caller works on the current one.
	Prefetch bool
}

// Seq iterates all items from the page at start. No request is made until
// the sequence is ranged; each range starts afresh. An error is yielded once
// as (zero, err) and ends the sequence. Iteration stops on an empty page, a
// page marked Last, or a cursor equal to the one just used (a server that
// repeats its cursor would otherwise loop forever). Stopping early sends no
// further request and leaves no goroutine behind.
func Seq[T any, C comparable](ctx context.Context, start C, fetch Fetch[T, C], opt Options) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if opt.Prefetch {
			prefetchLoop(ctx, start, fetch, yield)
			return
		}
		cursor := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !hasNext(page, cursor) {
				return
			}
			cursor = page.Next
		}
	}
}

func hasNext[T any, C comparable](p Page[T, C], used C) bool {
	return !p.Last && len(p.Items) > 0 && p.Next != used
}

type result[T any, C comparable] struct {
	page Page[T, C]
	err  error
}

func prefetchLoop[T any, C comparable](ctx context.Context, start C, fetch Fetch[T, C], yield func(T, error) bool) {
	var zero T
	ctx, cancel := context.WithCancel(ctx)
	// pending is the channel of the fetch in flight, if any; on early stop we
	// cancel it and wait for it so no goroutine outlives the range loop.
	var pending chan result[T, C]
	defer func() {
		cancel()
		if pending != nil {
			<-pending
		}
	}()
	launch := func(cursor C) {
		ch := make(chan result[T, C], 1)
		pending = ch
		go func() {
			p, err := fetch(ctx, cursor)
			ch <- result[T, C]{p, err}
		}()
	}
	cursor := start
	launch(cursor)
	for {
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		r := <-pending
		pending = nil
		if r.err != nil {
			yield(zero, r.err)
			return
		}
		more := hasNext(r.page, cursor)
		if more {
			cursor = r.page.Next
			launch(cursor)
		}
		for _, it := range r.page.Items {
			if !yield(it, nil) {
				return
			}
		}
		if !more {
			return
		}
	}
}
