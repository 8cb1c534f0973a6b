package synsbasen

import (
	"context"
	"iter"
	"net/http"
	"slices"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a SELECT search or of a list.
type Page[T any] struct {
	Data       []*T    // the resources of this page, never nil
	HasMore    bool    // another page follows
	Page       int     // this page's number, from 1
	Next       int     // the next page's number (Search.Page or ListOptions.Page to resume), 0 on the last page
	TotalPages int     // pages in all
	TotalCount int     // matches in all
	PerPage    int     // page size (0 when the API did not say)
	Cost       float64 // tokens charged for this page
}

// ListOptions selects a page of a list. Zero values let the API choose
// (page 1 and its default page size).
type ListOptions struct {
	Page    int `url:"page,omitempty"`
	PerPage int `url:"per_page,omitempty"`
}

func (o *ListOptions) query() (ListOptions, error) {
	var cp ListOptions
	if o != nil {
		cp = *o
	}
	if cp.Page < 0 || cp.PerPage < 0 {
		return cp, invalid("page and per_page must not be negative")
	}
	return cp, nil
}

// fetchPage sends k and reads a page envelope.
func fetchPage[T any](ctx context.Context, c *Client, k *call) (*Page[T], error) {
	var env envelope[[]*T]
	k.out = &env
	// A page without "data" (a proxy's {}) is refused rather than read as an
	// empty last page, which would end an iteration early without a word;
	// a null item is refused rather than yielded as a nil model.
	k.missing = func() bool { return env.Data == nil || slices.Contains(env.Data, nil) }
	if err := c.do(ctx, k, func() float64 { return env.Cost }); err != nil {
		return nil, err
	}
	return pageOf(&env), nil
}

func pageOf[T any](env *envelope[[]*T]) *Page[T] {
	p := &Page[T]{Data: env.Data, Page: env.Page, TotalPages: env.TotalPages, TotalCount: env.TotalCount,
		PerPage: env.PerPage, Cost: env.Cost}
	if p.Page == 0 {
		p.Page = env.CurrentPage // the name the search answer carried before "page"
	}
	if p.Data == nil {
		p.Data = []*T{}
	}
	if env.HasMore != nil {
		p.HasMore = *env.HasMore
	} else {
		p.HasMore = p.TotalPages > 0 && p.Page > 0 && p.Page < p.TotalPages
	}
	if p.HasMore && p.Page > 0 {
		p.Next = p.Page + 1
	}
	return p
}

// pageSeq iterates pages from start (0 means 1) until one says it is the
// last or comes back empty.
func pageSeq[T any](ctx context.Context, start int, fetch func(context.Context, int) (*Page[T], error)) iter.Seq2[*Page[T], error] {
	return paginate.Seq(ctx, max(start, 1), func(ctx context.Context, page int) (paginate.Page[*Page[T], int], error) {
		p, err := fetch(ctx, page)
		if err != nil {
			return paginate.Page[*Page[T], int]{}, err
		}
		return paginate.Page[*Page[T], int]{Items: []*Page[T]{p}, Next: page + 1,
			Last: !p.HasMore || len(p.Data) == 0}, nil
	}, paginate.Options{})
}

// itemsOf flattens pages into their items.
func itemsOf[T any](pages iter.Seq2[*Page[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, it := range p.Data {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// listPage fetches one page of a GET list.
func listPage[T any](ctx context.Context, c *Client, p string, o ListOptions) (*Page[T], error) {
	q, err := transport.Values(o)
	if err != nil {
		return nil, invalid("%v", err)
	}
	return fetchPage[T](ctx, c, &call{method: http.MethodGet, path: p, query: q})
}

// listPages iterates a GET list page by page.
func listPages[T any](ctx context.Context, c *Client, p string, opts *ListOptions) iter.Seq2[*Page[T], error] {
	o, oerr := opts.query()
	return pageSeq(ctx, o.Page, func(ctx context.Context, page int) (*Page[T], error) {
		if oerr != nil {
			return nil, oerr
		}
		q := o
		q.Page = page
		return listPage[T](ctx, c, p, q)
	})
}

// listAll iterates every item of a GET list.
func listAll[T any](ctx context.Context, c *Client, p string, opts *ListOptions) iter.Seq2[*T, error] {
	return itemsOf(listPages[T](ctx, c, p, opts))
}

// errSeq yields err once when ranged.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
