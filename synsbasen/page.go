package synsbasen

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a SELECT search or of a list.
type Page[T any] struct {
	Items      []*T    // the resources of this page, never nil
	Next       int     // the next page's number (Search.Page or ListOptions.Page to resume), 0 on the last page
	HasMore    bool    // another page follows
	Page       int     // this page's number, from 1
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

// envelope is the API's answer: data, cost and, on lists, pagination.
type envelope[T any] struct {
	Data    T       `json:"data"`
	Cost    float64 `json:"cost"`
	HasMore *bool   `json:"has_more"`
	Page    int     `json:"page"`
	// CurrentPage is read when "page" is missing: the API's changelog
	// names a current_page in search answers.
	CurrentPage int `json:"current_page"`
	TotalPages  int `json:"total_pages"`
	TotalCount  int `json:"total_count"`
	PerPage     int `json:"per_page"`
}

// errNoData is the envelope check of every answer: a 2xx without "data" (a
// proxy's {}) is refused rather than read as an empty answer.
var errNoData = errors.New(`the answer has no "data"`)

// getOf declares a GET of one resource, answered as {"data": {…}, "cost": …}.
func getOf[T any](name string) *endpoint.Op[envelope[*T]] {
	return &endpoint.Op[envelope[*T]]{
		Spec:  endpoint.Spec{Name: name},
		Check: func(e *envelope[*T]) error { return nonNil(e.Data) },
		Meta:  func(e *envelope[*T], m *vegdata.Meta) { chargeCost(m, e.Cost) },
	}
}

func nonNil[T any](p *T) error {
	if p == nil {
		return errNoData
	}
	return nil
}

// chargeCost reports a call's cost: only a 200 answer is charged.
func chargeCost(m *vegdata.Meta, cost float64) {
	if m.StatusCode == http.StatusOK {
		m.Cost = cost
	}
}

// listOf declares a GET list of T, paged with ?page=&per_page=.
func listOf[T any](name string) *endpoint.List[Page[T], T, int] {
	l := pagesOf[T](endpoint.Spec{Name: name})
	l.SetCursor = func(r *endpoint.Request, page int) {
		if page > 0 { // 0 lets the API choose, which is 1
			r.Query.Set("page", strconv.Itoa(page))
		}
	}
	return l
}

// searchOf declares a SELECT search of T (POST /v1/<resource>/search), paged
// with the page member of its body.
func searchOf[T any](name string) *endpoint.List[Page[T], T, int] {
	// A search only reads: it changes nothing on the server, and only a 200
	// answer costs tokens, so an attempt that failed with 429, 5xx or a
	// dropped connection can be repeated without double charge or effect.
	l := pagesOf[T](endpoint.Spec{Name: name, Method: http.MethodPost, RetrySafe: true})
	l.SetCursor = func(r *endpoint.Request, page int) {
		if page <= 0 {
			return
		}
		s := *r.Body.(*Search) // a copy: the caller's search and the call's stay as they are
		s.Page = page
		r.Body = &s
	}
	return l
}

// pagesOf is what every list of the API shares: the envelope, its checks,
// the page numbers and the cost. Pages are fetched one at a time, when the
// caller reaches them: each page costs tokens, so none is fetched ahead of
// need.
func pagesOf[T any](spec endpoint.Spec) *endpoint.List[Page[T], T, int] {
	return &endpoint.List[Page[T], T, int]{
		Op: endpoint.Op[Page[T]]{
			Spec: spec,
			Decode: func(resp *endpoint.Response, p *Page[T]) error {
				var env envelope[[]*T]
				if err := transport.DecodeJSON(resp.Body, &env); err != nil {
					return err
				}
				if env.Data == nil {
					return transport.Invalid(errNoData)
				}
				*p = pageOf(&env)
				return nil
			},
			Meta: func(p *Page[T], m *vegdata.Meta) { chargeCost(m, p.Cost) },
		},
		Items: func(p *Page[T]) []*T { return p.Items },
		Next: func(p *Page[T], used int) (int, bool) {
			if p.Page == 0 {
				p.Page = max(used, 1)
			}
			if p.HasMore && p.Page > 0 {
				p.Next = p.Page + 1
			}
			return p.Next, p.Next != 0
		},
		Remaining: func(p *Page[T], _ int) int {
			if p.PerPage <= 0 || p.Page <= 0 || p.TotalCount <= 0 {
				return 0
			}
			return p.TotalCount - ((p.Page-1)*p.PerPage + len(p.Items))
		},
	}
}

func pageOf[T any](env *envelope[[]*T]) Page[T] {
	p := Page[T]{Items: env.Data, Page: env.Page, TotalPages: env.TotalPages, TotalCount: env.TotalCount,
		PerPage: env.PerPage, Cost: env.Cost}
	if p.Page == 0 {
		p.Page = env.CurrentPage // the name the search answer carried before "page"
	}
	if env.HasMore != nil {
		p.HasMore = *env.HasMore
	} else {
		p.HasMore = p.TotalPages > 0 && p.Page > 0 && p.Page < p.TotalPages
	}
	return p
}

// listCall is the call of a GET list at path.
func listCall(path string, opts *ListOptions) endpoint.Call[int] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.Page < 0 || o.PerPage < 0 {
		return endpoint.Call[int]{Request: endpoint.Fail(invalid("page and per_page must not be negative"))}
	}
	q, err := endpoint.Values(o)
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(invalid("%v", err))}
	}
	return endpoint.Call[int]{Request: endpoint.Request{Path: path, Query: q}, Start: o.Page}
}

// pathCall is the call of a GET of path, or the error building path.
func pathCall(path string, err error, q url.Values) endpoint.Request {
	if err != nil {
		return endpoint.Fail(err)
	}
	return endpoint.Request{Path: path, Query: q}
}
