package nvdb

import (
	"context"
	"fmt"
	"iter"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Side is one page of a paginated road-network listing, as NVDB sends it
// ({"objekter":[...],"metadata":{...}}).
type Side[T any] struct {
	Objekter []T          `json:"objekter"`
	Metadata SideMetadata `json:"metadata"`
	// Neste is the cursor of the following page, or "" when this page
	// ended the result. A query with Start set to Neste resumes after it.
	Neste string `json:"-"`
}

// fetchSide fetches one page and works out its Neste: NVDB repeats the
// cursor after the last page, so an empty page or a repeated cursor ends.
func fetchSide[T any](ctx context.Context, s *service, path string, v url.Values, start string) (*Side[T], error) {
	var side Side[T]
	if _, err := s.client.tc.JSON(ctx, &transport.Request{Path: path, Query: v}, &side); err != nil {
		return nil, err
	}
	if n := side.Metadata.Neste; n != nil && n.Start != "" && n.Start != start && len(side.Objekter) > 0 {
		side.Neste = n.Start
	}
	return &side, nil
}

// pagesOf iterates the pages of a listing from start, fetching the next
// page while the caller works on the current one unless prefetch is off.
func pagesOf[T any](ctx context.Context, s *service, path string, v url.Values, verr error, start string) iter.Seq2[*Side[T], error] {
	fetch := func(ctx context.Context, cursor string) (paginate.Page[*Side[T], string], error) {
		if verr != nil {
			return paginate.Page[*Side[T], string]{}, fmt.Errorf("nvdb: %w", verr)
		}
		pv := make(url.Values, len(v)+1)
		for k, x := range v {
			pv[k] = x
		}
		pv.Del("start")
		if cursor != "" {
			pv.Set("start", cursor)
		}
		side, err := fetchSide[T](ctx, s, path, pv, cursor)
		if err != nil {
			return paginate.Page[*Side[T], string]{}, err
		}
		if len(side.Objekter) == 0 {
			return paginate.Page[*Side[T], string]{Last: true}, nil
		}
		return paginate.Page[*Side[T], string]{Items: []*Side[T]{side}, Next: side.Neste, Last: side.Neste == ""}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{Prefetch: s.client.prefetch})
}

// itemsOf flattens pages into their items.
func itemsOf[T any](pages iter.Seq2[*Side[T], error]) iter.Seq2[*T, error] {
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
