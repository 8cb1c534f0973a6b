package apiskriv

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Page is one page of a list: the items from index Start (1-based) of a
// search whose total the server reported (antallTotalt). Next is the start
// of the following page, 0 when this page is the last; store it to resume
// a scan (pass it as the query's Start). The page's response metadata is
// reported through vegdata.OnMeta.
type Page[T any] struct {
	Items        []*T // the items of this page, never nil
	Next         int  // 1-based start of the next page, 0 on the last page
	AntallTotalt int  // the total of the search (antallTotalt)
	Start        int  // 1-based index of Items[0] in the search
}

// Sortering is a sort key of the list endpoints (sorterPå).
type Sortering string

// Sort keys of oppdrag, transaksjon and lock lists.
const (
	SorterBrukernavn Sortering = "BRUKERNAVN"
	SorterTid        Sortering = "TID"
)

// checkPaging checks the paging and sorting parameters every list shares.
func checkPaging(antall, start int, sort Sortering, asc JaNei) error {
	if antall < 0 || antall > MaxAntall {
		return invalid("antall must be between 1 and %d, got %d", MaxAntall, antall)
	}
	if start < 0 {
		return invalid("start is 1-based, got %d", start)
	}
	switch sort {
	case "", SorterBrukernavn, SorterTid:
	default:
		return invalid("sorterPå must be BRUKERNAVN or TID, got %q", string(sort))
	}
	return checkJaNei("sorterStigende", asc)
}

// checkJaNei refuses a JaNei that is neither JA, NEI nor unset.
func checkJaNei(name string, v JaNei) error {
	switch v {
	case "", Ja, Nei:
		return nil
	}
	return invalid("%s must be JA or NEI, got %q", name, string(v))
}

// listCall is the call of the list at path with the query q (a
// go-querystring struct) from start, or err, a bad argument.
func listCall(path string, q any, start int, err error) endpoint.Call[int] {
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(err)}
	}
	v, err := endpoint.Values(q)
	if err != nil {
		return endpoint.Call[int]{Request: endpoint.Fail(invalid("%v", err))}
	}
	return endpoint.Call[int]{Request: endpoint.Request{Path: path, Query: v}, Start: start}
}

// pageSize is the antall of a call: an iteration (Pages, All) asks for
// MaxAntall when the caller left it to the server, a single page does not.
func pageSize(antall int, iterate bool) int {
	if iterate && antall == 0 {
		return MaxAntall
	}
	return antall
}

// listDoc is a list answer as the API sends it: <…liste antallTotalt="n">
// with the items as elements, in JSON {"antallTotalt":n,"<element>":[…]}.
type listDoc[T any] interface {
	parts() (root xml.Name, total *int, items []*T)
}

// listHead is what every list answer carries besides its items: the total
// of the search. It is a pointer so that an answer without it ({} or a
// foreign document) is told from an empty list.
type listHead struct {
	AntallTotalt *int `xml:"antallTotalt,attr" json:"antallTotalt"`
}

// listOf declares the list name whose answer is the document D, its root
// element in namespace ns (or none), each item checked by checkItem.
//
// The document is read whole (a page is at most 1000 items): XML with
// another root element, or in a foreign namespace, and JSON without
// antallTotalt are not a list. A page that holds no items where
// antallTotalt says items from its start exist is refused, so List never
// returns a page that silently ends the search early; an iteration ends
// only when the total is reached (Remaining).
func listOf[T, D any, PD interface {
	*D
	listDoc[T]
}](name, ns string, checkItem func(*T) error) *list[T] {
	return declareList(endpoint.List[Page[T], T, int]{
		Op: endpoint.Op[Page[T]]{
			Spec: get(name),
			Decode: func(resp *endpoint.Response, p *Page[T]) error {
				d := PD(new(D))
				if err := endpoint.DecodeBody(resp.Body, d); err != nil {
					return err
				}
				root, total, items := d.parts()
				if err := checkRoot(root, ns); err != nil {
					return err
				}
				if total == nil {
					return errors.New("the list answer has no antallTotalt")
				}
				if items == nil {
					items = []*T{}
				}
				*p = Page[T]{Items: items, AntallTotalt: *total, Start: startOf(resp)}
				return nil
			},
			Check: func(p *Page[T]) error {
				if p.AntallTotalt < 0 {
					return fmt.Errorf("antallTotalt is negative (%d)", p.AntallTotalt)
				}
				if len(p.Items) == 0 && p.Start <= p.AntallTotalt {
					return fmt.Errorf("the page from start %d holds no items, though antallTotalt is %d", p.Start, p.AntallTotalt)
				}
				for i, it := range p.Items {
					if it == nil {
						continue // the kernel refuses a null item
					}
					if err := checkItem(it); err != nil {
						return fmt.Errorf("item %d of the page: %w", i+1, err)
					}
				}
				return nil
			},
		},
		Items: func(p *Page[T]) []*T { return p.Items },
		Next: func(p *Page[T], _ int) (int, bool) {
			p.Next = nextStart(p.Start, len(p.Items), p.AntallTotalt)
			return p.Next, p.Next != 0
		},
		SetCursor: func(r *endpoint.Request, start int) {
			if start > 0 {
				r.Query.Set("start", strconv.Itoa(start))
			}
		},
		Remaining: func(p *Page[T], _ int) int { return p.AntallTotalt - (p.Start - 1 + len(p.Items)) },
	})
}

// startOf is the 1-based start the answered request asked for: the cursor,
// or the start a followed link names.
func startOf(resp *endpoint.Response) int {
	if resp.Request != nil && resp.Request.URL != nil {
		if n, err := strconv.Atoi(resp.Request.URL.Query().Get("start")); err == nil && n > 0 {
			return n
		}
	}
	return 1
}

// nextStart is the start of the page after items [start, start+n) of
// total, or 0 when there is none.
func nextStart(start, n, total int) int {
	next := max(start, 1) + n
	if n == 0 || next > total {
		return 0
	}
	return next
}
