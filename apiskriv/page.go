package apiskriv

import (
	"context"
	"iter"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a list: the items from index Start (1-based) and the
// total the server reported (antallTotalt). Next is the start of the
// following page, 0 when this page is the last; store it to resume a scan.
type Page[T any] struct {
	Items        []T
	AntallTotalt int
	Start        int
	Next         int
	Meta         Meta
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

// seq builds an iterator over the pages list returns, from start.
func seq[T any](ctx context.Context, start int, list func(ctx context.Context, start int) (*Page[T], error)) iter.Seq2[T, error] {
	if start < 1 {
		start = 1
	}
	fetch := func(ctx context.Context, cursor int) (paginate.Page[T, int], error) {
		p, err := list(ctx, cursor)
		if err != nil {
			return paginate.Page[T, int]{}, err
		}
		return paginate.Page[T, int]{Items: p.Items, Next: p.Next, Last: p.Next == 0}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
}
