package nvdb

import (
	"context"
	"io"
	"iter"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a listing or of a change feed, as NVDB sends it
// ({"objekter":[...],"metadata":{...}}; a change feed's lists are merged
// into Objekter).
type Page[T any] struct {
	// Objekter holds the page's items in the order NVDB sent them.
	Objekter []T `json:"objekter"`
	// Metadata is the page's metadata as NVDB sent it.
	Metadata PageMetadata `json:"metadata"`
	// Neste is the resume cursor: a query with Start set to Neste yields
	// exactly the items after this page. In a listing it is "" when this
	// page ended the result. In a change feed it is never "" after a page
	// was read: when the feed is caught up it is the cursor to poll with
	// later.
	Neste string `json:"-"`
}

// Len returns the number of items in the page; 0 for a nil page.
func (p *Page[T]) Len() int {
	if p == nil {
		return 0
	}
	return len(p.Objekter)
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

// lister is the one adapter between an NVDB cursor listing and
// internal/paginate: where the listing lives, how one page decodes and
// whether it is a change feed.
type lister[T any] struct {
	s    *service
	path string
	op   string // Operation named in logs and traces
	// decode reads one page; a body that arrived whole but is not a page
	// is a *decodeError, a read error is returned as it is so the
	// transport can fetch the page again.
	decode func(io.Reader) (*Page[T], error)
	// streaming decoders read through a fixed window; the others hold the
	// page whole and get the transport's smaller limit for such answers.
	streaming bool
	// feed: NVDB's change feeds repeat their cursor when caught up; Neste
	// keeps it so a later poll continues there.
	feed bool
}

// page fetches the page at start (v's own "start" is replaced) in one
// transport call, the decode running inside it.
func (l lister[T]) page(ctx context.Context, v url.Values, start string) (*Page[T], error) {
	pv := make(url.Values, len(v)+1)
	for k, x := range v {
		pv[k] = x
	}
	pv.Del("start")
	if start != "" {
		pv.Set("start", start)
	}
	req := &transport.Request{Path: l.path, Query: pv, Accept: "application/json", Operation: l.op}
	if !l.streaming {
		req.MaxBody = transport.DefaultMaxDecodedBody
	}
	var out *Page[T]
	_, err := l.s.client.tc.Fetch(ctx, req, func(resp *transport.Response) error {
		p, err := l.decode(resp.Body)
		out = p
		return err
	})
	if err != nil {
		return nil, err
	}
	out.Neste = ""
	n := out.Metadata.Neste
	switch {
	case l.feed:
		out.Neste = start
		if n != nil && n.Start != "" {
			out.Neste = n.Start
		}
	case n != nil && n.Start != "" && n.Start != start && len(out.Objekter) > 0:
		out.Neste = n.Start
	}
	return out, nil
}

// pages iterates over the pages from start, stopping on an empty page or
// a repeated cursor. verr, the error (if any) found while checking the
// query, is yielded when the sequence is ranged. Unless the client turned prefetch off the next page is
// fetched while the caller works on the current one.
func (l lister[T]) pages(ctx context.Context, v url.Values, verr error, start string) iter.Seq2[*Page[T], error] {
	type pg = paginate.Page[*Page[T], string]
	fetch := func(ctx context.Context, cursor string) (pg, error) {
		if verr != nil {
			return pg{}, verr
		}
		p, err := l.page(ctx, v, cursor)
		if err != nil {
			return pg{}, err
		}
		if len(p.Objekter) == 0 {
			return pg{Last: true}, nil
		}
		return pg{Items: []*Page[T]{p}, Next: p.Neste, Last: p.Neste == ""}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{Prefetch: l.s.client.prefetch})
}

// items flattens pages into their items.
func items[T any](pages iter.Seq2[*Page[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range p.Objekter {
				if !yield(&p.Objekter[i], nil) {
					return
				}
			}
		}
	}
}

// jsonPage decodes a page with encoding/json, keeping the distinction the
// transport needs: a read error passes through as it is, a body that
// arrived whole but does not decode (even one ending mid-page) is a
// *decodeError.
func jsonPage[T any](r io.Reader) (*Page[T], error) {
	var p Page[T]
	if err := decodeJSONPage(r, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// decodeJSONPage decodes one JSON value from r into out; see jsonPage.
func decodeJSONPage(r io.Reader, out any) error {
	rr := &readErr{r: r}
	err := transport.DecodeJSON(rr, out)
	switch {
	case err == nil:
		return nil
	case rr.err != nil:
		return err // the body broke off while read: worth fetching again
	}
	return &decodeError{err}
}

// readErr remembers the first read error other than io.EOF.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}
