package nvdb

import (
	"context"
	"errors"
	"iter"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a listing or of a change feed, as NVDB sends it
// ({"objekter":[...],"metadata":{...}}; a change feed's lists are merged
// into Items).
type Page[T any] struct {
	// Items holds the page's items in the order NVDB sent them.
	Items []*T `json:"objekter"`
	// Next is the resume cursor: a query with Start set to Next yields
	// exactly the items after this page. In a listing it is "" when this
	// page ended the result. In a change feed it is never "" after a page
	// was read from a cursor: when the feed is caught up it is the cursor
	// to poll with later.
	Next string `json:"-"`
	// Metadata is the page's metadata as NVDB sent it.
	Metadata PageMetadata `json:"metadata"`
}

// Len returns the number of items in the page; 0 for a nil page.
func (p *Page[T]) Len() int {
	if p == nil {
		return 0
	}
	return len(p.Items)
}

// PageMetadata is the metadata of a page as NVDB sends it.
type PageMetadata struct {
	// Antall is the total number of hits; only with InkluderAntall.
	Antall *int `json:"antall,omitempty"`
	// Returnert is the number of items in this page.
	Returnert int `json:"returnert"`
	// Sidestorrelse is the largest page the server will return.
	Sidestorrelse int `json:"sidestørrelse"`
	// Neste points to the following page. NVDB sends it even after the
	// last page, then with the same start token.
	Neste *PageLink `json:"neste,omitempty"`
}

// PageLink is the cursor of the following page and its URL.
type PageLink struct {
	Start string `json:"start"`
	Href  string `json:"href"`
}

// list is the declaration of a paginated NVDB operation: pages of T
// continued by the opaque cursor metadata.neste.start.
type list[T any] = endpoint.List[Page[T], T, string]

var errNoObjekter = errors.New(`a page without "objekter"`)

// listOf declares a listing of T (GET, continued by neste.start), decoded
// by decode. NVDB sends neste.start even after the last page, with the
// start it was asked with; a page without items ends the listing too, so
// Next is "" on the page that ended it. A listing asked with
// inkluderAntall announces its total in metadata.antall: an iteration from
// the first page that ends short of it is ErrInvalidResponse (see from).
func listOf[T any](name string, decode func(*endpoint.Response, *Page[T]) error, streamed bool) *list[T] {
	return &list[T]{
		Op: endpoint.Op[Page[T]]{
			Spec:   endpoint.Spec{Name: name, Accept: "application/json", Streamed: streamed},
			Decode: decode,
			Check:  checkPage[T],
		},
		Items: func(p *Page[T]) []*T { return p.Items },
		Next: func(p *Page[T], used string) (string, bool) {
			p.Next = ""
			if n := p.Metadata.Neste; n != nil && n.Start != "" && n.Start != used && len(p.Items) > 0 {
				p.Next = n.Start
			}
			return p.Next, p.Next != ""
		},
		SetCursor: setStart,
		Remaining: func(p *Page[T], seen int) int {
			if a := p.Metadata.Antall; a != nil {
				return *a - seen
			}
			return 0
		},
	}
}

// feedOf declares a change feed of T. A feed that is caught up answers an
// empty page and repeats its cursor, so Next keeps the cursor to poll
// with later instead of ending in "".
func feedOf[T any](name string, decode func(*endpoint.Response, *Page[T]) error) *list[T] {
	return &list[T]{
		Op: endpoint.Op[Page[T]]{
			Spec:   endpoint.Spec{Name: name, Accept: "application/json"},
			Decode: decode,
			Check:  checkPage[T],
		},
		Items: func(p *Page[T]) []*T { return p.Items },
		Next: func(p *Page[T], used string) (string, bool) {
			p.Next = used
			if n := p.Metadata.Neste; n != nil && n.Start != "" {
				p.Next = n.Start
			}
			return p.Next, p.Next != used
		},
		SetCursor: setStart,
	}
}

// from returns l for an iteration that begins at cursor start. NVDB's
// total (metadata.antall) counts the whole result, not what follows a
// cursor, so it holds only an iteration from the first page.
func from[T any](l *list[T], start string) *list[T] {
	if start == "" || l.Remaining == nil {
		return l
	}
	c := *l
	c.Remaining = nil
	return &c
}

// listingPages iterates the pages of listing l. The empty page that ends
// an NVDB listing is its stop signal, not a page of results, and is not
// yielded: the last page yielded keeps the cursor to resume after it, so
// a caller who saves each page's Next never saves the "" of the end.
func listingPages[T any](ctx context.Context, t endpoint.Transport, l *list[T], c endpoint.Call[string]) iter.Seq2[*Page[T], error] {
	pages := from(l, c.Start).Pages(ctx, t, c)
	return func(yield func(*Page[T], error) bool) {
		for p, err := range pages {
			if err == nil && len(p.Items) == 0 {
				continue // the kernel ends the iteration on it
			}
			if !yield(p, err) {
				return
			}
		}
	}
}

// listingAll iterates the items of listing l.
func listingAll[T any](ctx context.Context, t endpoint.Transport, l *list[T], c endpoint.Call[string]) iter.Seq2[*T, error] {
	return from(l, c.Start).All(ctx, t, c)
}

func checkPage[T any](p *Page[T]) error {
	if p.Items == nil {
		return errNoObjekter
	}
	return nil
}

// setStart puts the cursor into a page's query (the query is the page's
// own copy).
func setStart(r *endpoint.Request, start string) {
	if start == "" {
		r.Query.Del("start")
		return
	}
	r.Query.Set("start", start)
}

// pageWire is a page decoded whole by encoding/json.
type pageWire[T any] struct {
	Objekter []*T          `json:"objekter"`
	Metadata *PageMetadata `json:"metadata"`
}

// jsonPage decodes a page of T with encoding/json; a page without
// metadata is not one.
func jsonPage[T any](resp *endpoint.Response, p *Page[T]) error {
	var w pageWire[T]
	if err := transport.DecodeJSON(resp.Body, &w); err != nil {
		return err
	}
	if w.Metadata == nil {
		return errNoMeta
	}
	*p = Page[T]{Items: w.Objekter, Metadata: *w.Metadata}
	return nil
}
