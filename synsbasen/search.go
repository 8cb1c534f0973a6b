package synsbasen

import (
	"context"
	"iter"
	"net/http"
)

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
	if err := s.validate(kindSelect); err != nil {
		return nil, err
	}
	return searchPageValid[T](ctx, c, resource, s)
}

func searchPageValid[T any](ctx context.Context, c *Client, resource string, s *Search) (*Page[T], error) {
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	return fetchPage[T](ctx, c, k)
}

// searchPages iterates the pages of a SELECT search from s.Page. Pages are
// fetched one at a time, when the caller reaches them: each page costs
// tokens, so none is fetched ahead of need.
func searchPages[T any](ctx context.Context, c *Client, resource string, s *Search) iter.Seq2[*Page[T], error] {
	s = s.clone()
	err := s.validate(kindSelect)
	return pageSeq(ctx, s.Page, func(ctx context.Context, page int) (*Page[T], error) {
		if err != nil {
			return nil, err
		}
		q := s.clone()
		q.Page = page
		return searchPageValid[T](ctx, c, resource, q)
	})
}

// searchAll iterates every item of a SELECT search, page by page.
func searchAll[T any](ctx context.Context, c *Client, resource string, s *Search) iter.Seq2[*T, error] {
	return itemsOf(searchPages[T](ctx, c, resource, s))
}

// aggregate runs a COUNT, PERCENTAGE or AVG() search.
func aggregate(ctx context.Context, c *Client, resource string, s *Search) (*Aggregate, error) {
	s = s.clone()
	if err := s.validate(kindAggregate); err != nil {
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

// distinct runs a DISTINCT search.
func distinct(ctx context.Context, c *Client, resource string, s *Search) (*Distinct, error) {
	s = s.clone()
	if s.Method == "" {
		s.Method = MethodDistinct
	}
	if err := s.validate(kindDistinct); err != nil {
		return nil, err
	}
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	var d Distinct
	k.out = &d
	k.missing = func() bool { return !d.hasData }
	if err := c.do(ctx, k, func() float64 { return d.Cost }); err != nil {
		return nil, err
	}
	d.Columns = append([]string(nil), s.GroupBy...)
	return &d, nil
}
