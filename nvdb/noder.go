package nvdb

import (
	"context"
	"iter"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// NoderService reads the nodes of the road network
// (/vegnett/api/v4/noder), where veglenkesekvenser meet.
type NoderService service

func (s *NoderService) t() endpoint.Transport { return (*service)(s).transport() }

// NodeQuery holds the parameters of a node listing.
type NodeQuery struct {
	Srid               Srid     `url:"srid,omitempty"`                     // coordinate system of the geometry
	Ider               []int64  `url:"ider,comma,omitempty"`               // only these nodes
	Fylke              []int    `url:"fylke,comma,omitempty"`              // fylke numbers
	Kommune            []int    `url:"kommune,comma,omitempty"`            // kommune numbers
	Kontraktsomrade    []string `url:"kontraktsomrade,comma,omitempty"`    // contract areas, by name or id
	Vegsystemreferanse []string `url:"vegsystemreferanse,comma,omitempty"` // road references
	Kartutsnitt        string   `url:"kartutsnitt,omitempty"`              // bounding box "minX,minY,maxX,maxY"
	Polygon            string   `url:"polygon,omitempty"`                  // polygon "x y, x y, ..." in UTM33
	Superid            int64    `url:"superid,omitempty"`                  // nodes of detailed links on this veglenkesekvens
	Antall             int      `url:"antall,omitempty"`                   // page size (capped by the server)
	Start              string   `url:"start,omitempty"`                    // cursor of the page to fetch (a page's Next)
	InkluderAntall     bool     `url:"inkluderAntall,omitempty"`           // ask for the total count in the page metadata
}

func (q *NodeQuery) validate() error {
	var c checker
	enum(&c, "srid", q.Srid, validSrid)
	positives(&c, "ider", q.Ider)
	positives(&c, "fylke", q.Fylke)
	positives(&c, "kommune", q.Kommune)
	c.strs("kontraktsomrade", q.Kontraktsomrade)
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	c.kartutsnitt(q.Kartutsnitt)
	nonNegative(&c, "superid", q.Superid)
	nonNegative(&c, "antall", q.Antall)
	return c.err
}

const noderPath = VegnettPrefix + "/noder"

var (
	noderList = listOf("Noder.List", jsonPage[Node], false)
	noderGet  = elementOf[Node]("Noder.Get")
)

func (s *NoderService) listCall(q *NodeQuery, iterate bool) endpoint.Call[string] {
	if q == nil {
		q = &NodeQuery{}
	}
	return listCall((*service)(s), noderPath, nil, q, q.Start, iterate)
}

// List fetches one page of nodes matching q (GET /vegnett/api/v4/noder),
// from q.Start; the page's Next is the cursor of the next one.
func (s *NoderService) List(ctx context.Context, q *NodeQuery) (*Page[Node], error) {
	return noderList.List(ctx, s.t(), s.listCall(q, false))
}

// Pages iterates over the pages of nodes matching q
// (GET /vegnett/api/v4/noder), each with its Next cursor.
func (s *NoderService) Pages(ctx context.Context, q *NodeQuery) iter.Seq2[*Page[Node], error] {
	return listingPages(ctx, s.t(), noderList, s.listCall(q, true))
}

// All iterates over every node matching q (GET /vegnett/api/v4/noder),
// page by page from q.Start.
func (s *NoderService) All(ctx context.Context, q *NodeQuery) iter.Seq2[*Node, error] {
	return listingAll(ctx, s.t(), noderList, s.listCall(q, true))
}

// Get fetches one node (GET /vegnett/api/v4/noder/{nodeId}); srid may be
// "". An answer that is not that node is ErrInvalidResponse.
func (s *NoderService) Get(ctx context.Context, id int64, srid Srid) (*Node, error) {
	return getElement(ctx, s.t(), noderGet, noderPath, "node", id, srid)
}
