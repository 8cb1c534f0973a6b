package synsbasen

import (
	"context"
	"iter"
	"net/http"

	"github.com/vegdata/go-vegdata/internal/paginate"
)

// Page is one page of a SELECT search or of a list.
type Page[T any] struct {
	Data       []T     // the resources of this page
	HasMore    bool    // another page follows
	Page       int     // this page's number, from 1
	TotalPages int     // pages in all
	TotalCount int     // matches in all
	PerPage    int     // page size (0 when the API did not say)
	Cost       float64 // tokens charged for this page
}

// searchRequest builds the request of s against resource ("vehicles").
func searchRequest(resource string, s *Search) (*call, error) {
	p, err := path(resource, "search")
	if err != nil {
		return nil, err
	}
	q, err := expandQuery(nil, s.Expand)
	if err != nil {
		return nil, err
	}
	// A search only reads: it changes nothing on the server, and only a 200
	// answer costs tokens, so an attempt that failed with 429, 5xx or a
	// dropped connection can be repeated without double charge or effect.
	return &call{method: http.MethodPost, path: p, query: q, body: s, retrySafe: true}, nil
}

// searchPage runs a SELECT search and returns one page.
func searchPage[T any](ctx context.Context, c *Client, resource string, s *Search) (*Page[T], error) {
	s = s.clone()
	if err := s.validate(false); err != nil {
		return nil, err
	}
	return searchPageValid[T](ctx, c, resource, s)
}

func searchPageValid[T any](ctx context.Context, c *Client, resource string, s *Search) (*Page[T], error) {
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	var env envelope[[]T]
	k.out = &env
	// A page without "data" (a proxy's {}) is refused rather than read as an
	// empty last page, which would end an iteration early without a word.
	k.missing = func() bool { return env.Data == nil }
	if err := c.do(ctx, k, func() float64 { return env.Cost }); err != nil {
		return nil, err
	}
	return pageOf(&env), nil
}

func pageOf[T any](env *envelope[[]T]) *Page[T] {
	p := &Page[T]{Data: env.Data, Page: env.Page, TotalPages: env.TotalPages, TotalCount: env.TotalCount,
		PerPage: env.PerPage, Cost: env.Cost}
	if p.Data == nil {
		p.Data = []T{}
	}
	if env.HasMore != nil {
		p.HasMore = *env.HasMore
	} else {
		p.HasMore = p.TotalPages > 0 && p.Page > 0 && p.Page < p.TotalPages
	}
	return p
}

// searchAll iterates every page of a SELECT search. Pages are fetched one at
// a time, when the caller reaches them: each page costs tokens, so none is
// fetched ahead of need.
func searchAll[T any](ctx context.Context, c *Client, resource string, s *Search) iter.Seq2[T, error] {
	s = s.clone()
	start := s.Page
	if start == 0 {
		start = 1
	}
	fetch := func(ctx context.Context, page int) (paginate.Page[T, int], error) {
		q := s.clone()
		q.Page = page
		if err := q.validate(false); err != nil {
			return paginate.Page[T, int]{}, err
		}
		p, err := searchPageValid[T](ctx, c, resource, q)
		if err != nil {
			return paginate.Page[T, int]{}, err
		}
		return paginate.Page[T, int]{Items: p.Data, Next: page + 1, Last: !p.HasMore}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
}

// aggregate runs a COUNT, PERCENTAGE or AVG() search.
func aggregate(ctx context.Context, c *Client, resource string, s *Search) (*Aggregate, error) {
	s = s.clone()
	if err := s.validate(true); err != nil {
		return nil, err
	}
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	var a Aggregate
	k.out = &a
	if err := c.do(ctx, k, func() float64 { return a.Cost }); err != nil {
		return nil, err
	}
	return &a, nil
}
