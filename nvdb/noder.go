package nvdb

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"
)

// NodeQuery holds the parameters of a node listing.
type NodeQuery struct {
	Srid               Srid     // coordinate system of the geometry
	Ider               []int64  // only these nodes
	Fylke              []int    // fylke numbers
	Kommune            []int    // kommune numbers
	Kontraktsomrade    []string // contract areas, by name or id
	Vegsystemreferanse []string // road references
	Kartutsnitt        string   // bounding box "minX,minY,maxX,maxY"
	Polygon            string   // polygon "x y, x y, ..." in UTM33
	Superid            int64    // nodes of detailed links on this veglenkesekvens
	Antall             int      // page size (capped by the server)
	Start              string   // cursor of the page to fetch (a page's Neste)
	InkluderAntall     bool     // ask for the total count in the page metadata
}

func (q *NodeQuery) clone() *NodeQuery {
	if q == nil {
		return &NodeQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	return &c
}

func (q *NodeQuery) values() (url.Values, error) {
	e := newEnc()
	e.enum("srid", string(q.Srid), validSrid)
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.kartutsnitt(q.Kartutsnitt)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.int64v("superid", q.Superid)
	e.pageParams(q.Antall, q.Start, q.InkluderAntall)
	return e.v, e.err
}

const noderPath = VegnettPrefix + "/noder"

func (s *VegnettService) noder() lister[Node] {
	return lister[Node]{s: (*service)(s), op: "Vegnett.Noder", path: noderPath, decode: jsonPage[Node]}
}

// ListNoder fetches one page of nodes matching q
// (GET /vegnett/api/v4/noder), from q.Start.
func (s *VegnettService) ListNoder(ctx context.Context, q *NodeQuery) (*Page[Node], error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.noder().page(ctx, v, q.Start)
}

// PagesNoder iterates over the pages of nodes matching q
// (GET /vegnett/api/v4/noder), each with its Neste cursor.
func (s *VegnettService) PagesNoder(ctx context.Context, q *NodeQuery) iter.Seq2[*Page[Node], error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	if err != nil {
		err = fmt.Errorf("nvdb: %w", err)
	}
	return s.noder().pages(ctx, v, err, q.Start)
}

// AllNoder iterates over every node matching q
// (GET /vegnett/api/v4/noder), page by page from q.Start.
func (s *VegnettService) AllNoder(ctx context.Context, q *NodeQuery) iter.Seq2[*Node, error] {
	return items(s.PagesNoder(ctx, q))
}

// GetNode fetches one node (GET /vegnett/api/v4/noder/{nodeId}); srid may
// be "".
func (s *VegnettService) GetNode(ctx context.Context, id int64, srid Srid) (*Node, error) {
	return getBySrid[Node](ctx, s, "Vegnett.GetNode", noderPath, "node", id, srid)
}
