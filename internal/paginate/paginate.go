// Package paginate turns a page fetcher into an iterator of pages. One
// mechanism serves every style the APIs use (NVDB's opaque cursor, API
// Skriv's start/antall, Synsbasen's and Autosys' page numbers): each is a
// PageFetch that returns the page and the cursor of the following one.
// internal/endpoint's List is its user.
package paginate

import (
	"context"
	"iter"
)

// Options tune iteration.
type Options struct {
	// Prefetch loads the next page while the caller works on the current one.
	Prefetch bool
}

// Step is one page and how the iteration goes on from it.
type Step[P any, C comparable] struct {
	Page *P
	Next C    // cursor of the following page
	More bool // a following page exists
}

// PageFetch loads the page at cursor.
type PageFetch[P any, C comparable] func(ctx context.Context, cursor C) (Step[P, C], error)

// Pages iterates pages from start, yielding each page itself. No request
// is made until the sequence is ranged; each range starts afresh. An error
// is yielded once as (nil, err) and ends the sequence. Iteration stops
// after a page without More, or whose Next equals the cursor just used (a
// server that repeats its cursor would otherwise loop forever). With
// opt.Prefetch the next page is fetched while the caller works on the
// current one. Stopping early sends no further request and leaves no
// goroutine behind.
func Pages[P any, C comparable](ctx context.Context, start C, fetch PageFetch[P, C], opt Options) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		if opt.Prefetch {
			prefetchPages(ctx, start, fetch, yield)
			return
		}
		cursor := start
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			s, err := fetch(ctx, cursor)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(s.Page, nil) || !s.More || s.Next == cursor {
				return
			}
			cursor = s.Next
		}
	}
}

func prefetchPages[P any, C comparable](ctx context.Context, start C, fetch PageFetch[P, C], yield func(*P, error) bool) {
	type result struct {
		s   Step[P, C]
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	// pending is the fetch in flight, if any; on an early stop it is
	// cancelled and waited for, so no goroutine outlives the range loop.
	var pending chan result
	defer func() {
		cancel()
		if pending != nil {
			<-pending
		}
	}()
	launch := func(cursor C) {
		ch := make(chan result, 1)
		pending = ch
		go func() {
			s, err := fetch(ctx, cursor)
			ch <- result{s, err}
		}()
	}
	cursor := start
	launch(cursor)
	for {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		r := <-pending
		pending = nil
		if r.err != nil {
			yield(nil, r.err)
			return
		}
		more := r.s.More && r.s.Next != cursor
		if more {
			cursor = r.s.Next
			launch(cursor)
		}
		if !yield(r.s.Page, nil) || !more {
			return
		}
	}
}
