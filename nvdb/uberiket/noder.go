package uberiket

import (
	"context"
	"iter"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// NoderService reads the road network's nodes, where veglenkesekvenser
// meet.
type NoderService service

func (s *NoderService) t() endpoint.Transport { return (*service)(s).transport() }

// NodeQuery selects the nodes of a page.
type NodeQuery struct {
	// IDs lists only these.
	IDs []int64 `url:"ider,omitempty,comma"`
	// Polygon lists only those within a polygon in UTM 33.
	Polygon string `url:"polygon,omitempty"`
	// Vegsystemreferanse lists only those on these road references.
	Vegsystemreferanse []string `url:"vegsystemreferanse,omitempty,comma"`
	// Antall is the page size, 1 to 1000 (0: the server's default).
	Antall int `url:"antall,omitempty"`
	// Start is the cursor of the page to begin with (a Page's Next).
	Start string `url:"-"`
}

func (q *NodeQuery) check() error {
	if q == nil {
		return nil
	}
	return firstErr(checkIDs("node id", q.IDs), checkAntall(q.Antall, MaxSide))
}

func (q *NodeQuery) start() string {
	if q == nil {
		return ""
	}
	return q.Start
}

var (
	noderList = listOf[Node, noderSide]("Noder.List")
	nodeGet   = objectOf[Node]("Noder.Get")
)

func noderCall(q *NodeQuery) endpoint.Call[string] {
	return call(q.check(), q.start(), q, "vegnett", "noder")
}

// List returns one page of nodes in id order (GET /vegnett/noder).
func (s *NoderService) List(ctx context.Context, q *NodeQuery) (*Page[Node], error) {
	return noderList.List(ctx, s.t(), noderCall(q))
}

// Pages iterates the pages List returns, from q.Start.
func (s *NoderService) Pages(ctx context.Context, q *NodeQuery) iter.Seq2[*Page[Node], error] {
	return noderList.Pages(ctx, s.t(), noderCall(q))
}

// All iterates the nodes of every page List returns.
func (s *NoderService) All(ctx context.Context, q *NodeQuery) iter.Seq2[*Node, error] {
	return noderList.All(ctx, s.t(), noderCall(q))
}

// Get returns one node (GET /vegnett/noder/{nodeId}).
func (s *NoderService) Get(ctx context.Context, id int64) (*Node, error) {
	if err := checkID("node id", id); err != nil {
		return nil, err
	}
	return nodeGet.Do(ctx, s.t(), request(nil, "vegnett", "noder", strconv.FormatInt(id, 10)))
}
