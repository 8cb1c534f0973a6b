package endpoint

import (
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// List declares a paginated operation: one request per page, each page a
// P holding items *T, continued by a cursor C (NVDB's neste.start, API
// Skriv's 1-based start, Synsbasen's and Autosys' page number, Uberiket's
// last id). Its List, Pages and All methods are the package methods of the
// same names; a List named "Vehicles.Search" gives Search, SearchPages and
// SearchAll.
type List[P, T any, C comparable] struct {
	// Op fetches one page; its Name is the page method's ("Oppdrag.List").
	Op[P]
	// Items returns a page's items.
	Items func(*P) []*T
	// Next completes p's own cursor fields from the cursor it was fetched
	// with (its Next, its Start) and returns the cursor of the following
	// page and whether one follows.
	Next func(p *P, used C) (next C, more bool)
	// SetCursor puts cursor c into the request of one page: its Query (a
	// copy, so it may be changed) or its Body (replace it, never change
	// the value it points to).
	SetCursor func(r *Request, c C)
	// Remaining, when the API announces a total, returns how many items it
	// says follow this page, given seen, the items of the pages fetched so
	// far in this iteration (this one included). A page that ends the list
	// (no next page, or no items) while items remain is ErrInvalidResponse:
	// an iteration never ends short of a total without a word. It returns
	// 0 when the API gave no total.
	Remaining func(p *P, seen int) int
	// Order, when set, is the rule the items of an iteration follow from
	// the cursor on (a hendelse feed's ids growing after its start, each of
	// the kind asked for), checked on every page against the cursor it was
	// fetched at, inside the attempt: a page that breaks it is
	// ErrInvalidResponse with its status and request id, in List, Pages
	// and All alike. A declaration copied for one call may set it to that
	// call's rule.
	Order func(p *P, cursor C) error
}

// List fetches the page at c.Start.
func (l *List[P, T, C]) List(ctx context.Context, t Transport, c Call[C]) (*P, error) {
	p, _, _, err := l.page(ctx, t, l.Name, c.Request, c.Start, -1)
	return p, err
}

// Pages iterates the pages from c.Start. No request is made until the
// sequence is ranged; an error is yielded once and ends it.
func (l *List[P, T, C]) Pages(ctx context.Context, t Transport, c Call[C]) iter.Seq2[*P, error] {
	name, _ := Names(l.Name)
	return l.pages(ctx, t, name, c)
}

// All iterates the items of every page from c.Start, as Pages does.
func (l *List[P, T, C]) All(ctx context.Context, t Transport, c Call[C]) iter.Seq2[*T, error] {
	_, name := Names(l.Name)
	return func(yield func(*T, error) bool) {
		for p, err := range l.pages(ctx, t, name, c) {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, it := range l.Items(p) {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

func (l *List[P, T, C]) pages(ctx context.Context, t Transport, name string, c Call[C]) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		seen := 0 // items of the pages fetched so far; the fetches run one after another
		fetch := func(ctx context.Context, cursor C) (paginate.Step[P, C], error) {
			p, next, more, err := l.page(ctx, t, name, c.Request, cursor, seen)
			if err != nil {
				return paginate.Step[P, C]{}, err
			}
			seen += len(l.Items(p))
			return paginate.Step[P, C]{Page: p, Next: next, More: more}, nil
		}
		for p, err := range paginate.Pages(ctx, c.Start, fetch, paginate.Options{Prefetch: c.Prefetch}) {
			if !yield(p, err) {
				return
			}
		}
	}
}

// page fetches one page at cursor under the operation name the caller
// called. seen is the count of items before this page in an iteration,
// -1 for a single page (which has no count to check against).
func (l *List[P, T, C]) page(ctx context.Context, t Transport, name string, r Request, cursor C, seen int) (*P, C, bool, error) {
	var zero C
	if r.Err == nil && l.SetCursor != nil {
		r.Query = maps.Clone(r.Query)
		if r.Query == nil {
			r.Query = url.Values{}
		}
		l.SetCursor(&r, cursor)
	}
	op := l.Op
	var next C
	var more bool
	op.Check = func(p *P) error {
		if l.Op.Check != nil {
			if err := l.Op.Check(p); err != nil {
				return err
			}
		}
		for _, it := range l.Items(p) {
			if it == nil {
				return fmt.Errorf("the page holds a null item")
			}
		}
		if l.Order != nil {
			if err := l.Order(p, cursor); err != nil {
				return err
			}
		}
		next, more = l.Next(p, cursor)
		n := len(l.Items(p))
		if seen >= 0 && l.Remaining != nil && (!more || n == 0 || next == cursor) {
			if left := l.Remaining(p, seen+n); left > 0 {
				return fmt.Errorf("the list ends here, but the answer says %d more item(s) follow", left)
			}
		}
		return nil
	}
	p, err := op.do(ctx, t, name, &r)
	if err != nil {
		return nil, zero, false, err
	}
	if len(l.Items(p)) == 0 {
		more = false // an empty page ends a list in every API
	}
	return p, next, more, nil
}

// DecodeBody decodes a whole answer as JSON or XML, whichever arrived.
func DecodeBody(r io.Reader, v any) error { return transport.DecodeBody(r, v) }
