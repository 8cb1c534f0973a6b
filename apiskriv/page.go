package apiskriv

import (
	"context"
	"iter"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a list: the items from index Start (1-based) and the
// total the server reported (antallTotalt). Next is the start of the
// following page, 0 when this page is the last; store it to resume a scan
// (pass it as the query's Start). The page's response metadata is reported
// through vegdata.OnMeta.
type Page[T any] struct {
	Items        []T
	AntallTotalt int
	Start        int
	Next         int
}

// Sortering is a sort key of the list endpoints (sorterPå).
type Sortering string

// Sort keys of oppdrag and transaksjon lists.
const (
	SorterBrukernavn Sortering = "BRUKERNAVN"
	SorterTid        Sortering = "TID"
)

// listParams are the paging and sorting parameters every list shares.
type listParams struct {
	Antall         int    `url:"antall,omitempty"`
	Start          int    `url:"start,omitempty"`
	SorterPaa      string `url:"sorterPå,omitempty"`
	SorterStigende string `url:"sorterStigende,omitempty"`
}

func newListParams(antall, start int, sort Sortering, asc *bool) (listParams, error) {
	if antall < 0 || antall > MaxAntall {
		return listParams{}, invalid("antall must be between 1 and %d, got %d", MaxAntall, antall)
	}
	if start < 0 {
		return listParams{}, invalid("start is 1-based, got %d", start)
	}
	switch sort {
	case "", SorterBrukernavn, SorterTid:
	default:
		return listParams{}, invalid("sorterPå must be BRUKERNAVN or TID, got %q", string(sort))
	}
	return listParams{Antall: antall, Start: start, SorterPaa: string(sort), SorterStigende: jaNei(asc)}, nil
}

// jaNei writes a boolean as the API's JA/NEI ("" for unset).
func jaNei(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "JA"
	}
	return "NEI"
}

func encodeQuery(v any) (url.Values, error) {
	q, err := transport.Values(v)
	if err != nil {
		return nil, invalid("%v", err)
	}
	return q, nil
}

// nextStart is the start of the page after items [start, start+n), or 0
// when there is none.
func nextStart(start, n, total int) int {
	next := max(start, 1) + n
	if n == 0 || next > total {
		return 0
	}
	return next
}

// pages iterates the pages list returns, from start. No request is made
// until the sequence is ranged. An error is yielded once as (nil, err) and
// ends the sequence; so does a page that repeats its own start (a server
// that does so would otherwise loop forever). It ends without an error
// only after the page that reaches antallTotalt: list's envelope check
// refuses a page that is empty before it (ErrInvalidResponse).
func pages[T any](ctx context.Context, start int, list func(ctx context.Context, start int) (*Page[T], error)) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		cursor := max(start, 1)
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			p, err := list(ctx, cursor)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(p, nil) {
				return
			}
			if p.Next == 0 || p.Next <= cursor || len(p.Items) == 0 {
				return
			}
			cursor = p.Next
		}
	}
}

// items iterates the items of pages, each as a pointer into its page.
func items[T any](ps iter.Seq2[*Page[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for p, err := range ps {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range p.Items {
				if !yield(&p.Items[i], nil) {
					return
				}
			}
		}
	}
}

// newPage builds the page of items [start, start+len(items)) of total.
func newPage[T any](items []T, total, start int) *Page[T] {
	start = max(start, 1)
	return &Page[T]{Items: items, AntallTotalt: total, Start: start, Next: nextStart(start, len(items), total)}
}
