package apiskriv

import (
	"context"
	"iter"
	"net/http"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Every operation of the package is a declaration (endpoint.Op or
// endpoint.List) made once for each wire format: a client sends its body
// and asks for its answer in the format WithFormat chose, and everything
// else (name, method, retry safety, decoding and the envelope check) is
// the same in both.

// op is an operation with one answer: the API's document A (an envelope
// with its check), handed to the caller as its *T.
type op[A, T any] struct {
	decl  [2]endpoint.Op[A] // indexed by Format
	value func(*A) *T
}

// Do sends r in the client's format and returns the checked answer's value.
func (o *op[A, T]) Do(ctx context.Context, s *service, r endpoint.Request) (*T, error) {
	a, err := o.decl[s.format()].Do(ctx, s.transport(), r)
	if err != nil {
		return nil, err
	}
	return o.value(a), nil
}

// declare declares o in both formats; value turns its answer into the
// caller's value.
func declare[A, T any](o endpoint.Op[A], value func(*A) *T) *op[A, T] {
	if o.Decode == nil {
		o.Decode = decodeEither[A]
	}
	d := &op[A, T]{decl: [2]endpoint.Op[A]{o, o}, value: value}
	d.decl[JSON].Format, d.decl[XML].Format = transport.JSON, transport.XML
	return d
}

// answer is a document of the API that checks its own envelope (root
// element, namespace, the members the XML form always has) and holds a T.
type answer[T any] interface {
	check() error
	value() *T
}

// opOf declares an operation whose answer is the document A.
func opOf[T, A any, PA interface {
	*A
	answer[T]
}](spec endpoint.Spec) *op[A, T] {
	return declare(endpoint.Op[A]{Spec: spec, Check: func(a *A) error { return PA(a).check() }},
		func(a *A) *T { return PA(a).value() })
}

// get is the Spec of a GET named name.
func get(name string) endpoint.Spec { return endpoint.Spec{Name: name} }

// post is the Spec of a POST named name. retrySafe marks one the API makes
// safe to repeat (nothing is written); any other is sent again only after
// a 429, when the server did nothing.
func post(name string, retrySafe bool) endpoint.Spec {
	return endpoint.Spec{Name: name, Method: http.MethodPost, RetrySafe: retrySafe}
}

// list is a paginated operation (see listOf) declared in both formats.
type list[T any] [2]endpoint.List[Page[T], T, int]

// List fetches the page at c.Start.
func (l *list[T]) List(ctx context.Context, s *service, c endpoint.Call[int]) (*Page[T], error) {
	return l[s.format()].List(ctx, s.transport(), c)
}

// Pages iterates the pages from c.Start.
func (l *list[T]) Pages(ctx context.Context, s *service, c endpoint.Call[int]) iter.Seq2[*Page[T], error] {
	return l[s.format()].Pages(ctx, s.transport(), c)
}

// All iterates the items of every page from c.Start.
func (l *list[T]) All(ctx context.Context, s *service, c endpoint.Call[int]) iter.Seq2[*T, error] {
	return l[s.format()].All(ctx, s.transport(), c)
}

func declareList[T any](l endpoint.List[Page[T], T, int]) *list[T] {
	if l.Decode == nil {
		l.Decode = decodeEither[Page[T]]
	}
	d := &list[T]{l, l}
	d[JSON].Format, d[XML].Format = transport.JSON, transport.XML
	return d
}

// decodeEither reads an answer in whichever format arrived: the API
// answers some resources in one format whatever Accept asks for, so a
// client in either format reads both (the envelope check still holds).
func decodeEither[A any](resp *endpoint.Response, a *A) error {
	return endpoint.DecodeBody(resp.Body, a)
}
