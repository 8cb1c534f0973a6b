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
