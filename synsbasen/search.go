package synsbasen

import (
	"context"
	"net/http"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// searchCall is the call of a search of kind against resource ("vehicles"):
// the search is checked and copied, so a caller may reuse or change q
// while an iterator is running.
func searchCall(resource string, q *Search, kind searchKind) endpoint.Call[int] {
	s := q.clone()
	if kind == kindDistinct && s.Method == "" {
		s.Method = MethodDistinct
	}
	if err := s.validate(kind); err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(err)}
	}
	p, err := path(resource, "search")
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(err)}
	}
	qv, err := expandQuery(nil, s.Expand)
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(err)}
	}
	return endpoint.Call[int]{Request: endpoint.Request{Path: p, Query: qv, Body: s}, Start: s.Page}
}

// searchSpec is how every search is sent. A search only reads: it changes
// nothing on the server, and only a 200 answer costs tokens, so an attempt
// that failed with 429, 5xx or a dropped connection can be repeated
// without double charge or effect.
func searchSpec(name string) endpoint.Spec {
	return endpoint.Spec{Name: name, Method: http.MethodPost, RetrySafe: true}
}

// aggregateOf declares a COUNT, PERCENTAGE or AVG() search.
func aggregateOf(name string) *endpoint.Op[Aggregate] {
	return &endpoint.Op[Aggregate]{Spec: searchSpec(name),
		Check: func(a *Aggregate) error {
			if !a.hasData {
				return errNoData
			}
			return nil
		},
		Meta: func(a *Aggregate, m *vegdata.Meta) { chargeCost(m, a.Cost) }}
}

// distinctOf declares a DISTINCT search.
func distinctOf(name string) *endpoint.Op[Distinct] {
	return &endpoint.Op[Distinct]{Spec: searchSpec(name),
		Check: func(d *Distinct) error {
			if !d.hasData {
				return errNoData
			}
			return nil
		},
		Meta: func(d *Distinct, m *vegdata.Meta) { chargeCost(m, d.Cost) }}
}

// runAggregate runs an aggregate search of resource.
func runAggregate(ctx context.Context, op *endpoint.Op[Aggregate], t endpoint.Transport, resource string, q *Search) (*Aggregate, error) {
	return op.Do(ctx, t, searchCall(resource, q, kindAggregate).Request)
}

// runDistinct runs a DISTINCT search of resource; the answer names its
// columns after the search's GroupBy.
func runDistinct(ctx context.Context, op *endpoint.Op[Distinct], t endpoint.Transport, resource string, q *Search) (*Distinct, error) {
	c := searchCall(resource, q, kindDistinct)
	d, err := op.Do(ctx, t, c.Request)
	if err != nil {
		return nil, err
	}
	if s, ok := c.Body.(*Search); ok {
		d.Columns = append([]string(nil), s.GroupBy...)
	}
	return d, nil
}
