package nvdb

import (
	"context"
	"iter"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VeglenkesekvenserService reads the road network's veglenkesekvenser
// (/vegnett/api/v4/veglenkesekvenser) and the segmented road network
// (/vegnett/api/v4/veglenkesekvenser/segmentert).
type VeglenkesekvenserService service

func (s *VeglenkesekvenserService) t() endpoint.Transport { return (*service)(s).transport() }

// VeglenkesekvensQuery holds the parameters of a veglenkesekvenser listing.
type VeglenkesekvensQuery struct {
	Ider            []int64  `url:"ider,comma,omitempty"`            // only these veglenkesekvenser
	Fylke           []int    `url:"fylke,comma,omitempty"`           // fylke numbers
	Kommune         []int    `url:"kommune,comma,omitempty"`         // kommune numbers
	Kontraktsomrade []string `url:"kontraktsomrade,comma,omitempty"` // contract areas, by name or id
	Riksvegrute     []string `url:"riksvegrute,comma,omitempty"`     // national routes, by name or enum id
	// Vegsystemreferanse is road references ("EV6S1D1"; prefix a kommune
	// number to limit the area).
	Vegsystemreferanse []string     `url:"vegsystemreferanse,comma,omitempty"`
	Topologiniva       Topologiniva `url:"topologiniva,omitempty"`   // only links at this topology level
	Superid            int64        `url:"superid,omitempty"`        // detailed veglenkesekvenser placed on this one
	Srid               Srid         `url:"srid,omitempty"`           // coordinate system of the geometry
	Polygon            string       `url:"polygon,omitempty"`        // polygon "x y, x y, ..." in UTM33
	Antall             int          `url:"antall,omitempty"`         // page size (capped by the server)
	Start              string       `url:"start,omitempty"`          // cursor of the page to fetch (a page's Next)
	InkluderAntall     bool         `url:"inkluderAntall,omitempty"` // ask for the total count in the page metadata
}

func (q *VeglenkesekvensQuery) validate() error {
	var c checker
	positives(&c, "ider", q.Ider)
	positives(&c, "fylke", q.Fylke)
	positives(&c, "kommune", q.Kommune)
	c.strs("kontraktsomrade", q.Kontraktsomrade)
	c.strs("riksvegrute", q.Riksvegrute)
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	enum(&c, "topologiniva", q.Topologiniva, validTopologiniva)
	nonNegative(&c, "superid", q.Superid)
	enum(&c, "srid", q.Srid, validSrid)
	nonNegative(&c, "antall", q.Antall)
	return c.err
}

const veglenkesekvenserPath = VegnettPrefix + "/veglenkesekvenser"

var (
	veglenkesekvenserList = listOf("Veglenkesekvenser.List", jsonPage[Veglenkesekvens], false)
	veglenkesekvenserGet  = elementOf[Veglenkesekvens]("Veglenkesekvenser.Get")
)

func (s *VeglenkesekvenserService) listCall(q *VeglenkesekvensQuery, iterate bool) endpoint.Call[string] {
	if q == nil {
		q = &VeglenkesekvensQuery{}
	}
	return listCall((*service)(s), veglenkesekvenserPath, nil, q, q.Start, iterate)
}

// List fetches one page of veglenkesekvenser matching q
// (GET /vegnett/api/v4/veglenkesekvenser), from q.Start; the page's Next
// is the cursor of the next one.
func (s *VeglenkesekvenserService) List(ctx context.Context, q *VeglenkesekvensQuery) (*Page[Veglenkesekvens], error) {
	return veglenkesekvenserList.List(ctx, s.t(), s.listCall(q, false))
}

// Pages iterates over the pages of veglenkesekvenser matching q
// (GET /vegnett/api/v4/veglenkesekvenser), each with its Next cursor to
// save for a resume. No request is made until it is ranged; an error is
// yielded once and ends it.
func (s *VeglenkesekvenserService) Pages(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Page[Veglenkesekvens], error] {
	return listingPages(ctx, s.t(), veglenkesekvenserList, s.listCall(q, true))
}

// All iterates over every veglenkesekvens matching q
// (GET /vegnett/api/v4/veglenkesekvenser), page by page from q.Start.
func (s *VeglenkesekvenserService) All(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Veglenkesekvens, error] {
	return listingAll(ctx, s.t(), veglenkesekvenserList, s.listCall(q, true))
}

// Get fetches one veglenkesekvens
// (GET /vegnett/api/v4/veglenkesekvenser/{veglenkesekvensId}); srid may be
// "". An answer that is not that veglenkesekvens is ErrInvalidResponse.
func (s *VeglenkesekvenserService) Get(ctx context.Context, id int64, srid Srid) (*Veglenkesekvens, error) {
	return getElement(ctx, s.t(), veglenkesekvenserGet, veglenkesekvenserPath, "veglenkesekvens", id, srid)
}
