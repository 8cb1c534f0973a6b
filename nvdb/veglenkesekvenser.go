package nvdb

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"
)

// VeglenkesekvensQuery holds the parameters of a veglenkesekvenser listing.
type VeglenkesekvensQuery struct {
	Ider               []int64      // only these veglenkesekvenser
	Fylke              []int        // fylke numbers
	Kommune            []int        // kommune numbers
	Kontraktsomrade    []string     // contract areas, by name or id
	Riksvegrute        []string     // national routes, by name or enum id
	Vegsystemreferanse []string     // road references ("EV6S1D1"; prefix a kommune number to limit the area)
	Topologiniva       Topologiniva // only links at this topology level
	Superid            int64        // detailed veglenkesekvenser placed on this one
	Srid               Srid         // coordinate system of the geometry
	Polygon            string       // polygon "x y, x y, ..." in UTM33
	Antall             int          // page size (capped by the server)
	Start              string       // cursor of the page to fetch (a page's Neste)
	InkluderAntall     bool         // ask for the total count in the page metadata
}

func (q *VeglenkesekvensQuery) values() (url.Values, error) {
	e := newEnc()
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("riksvegrute", q.Riksvegrute)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.enum("topologiniva", string(q.Topologiniva), validTopologiniva)
	e.int64v("superid", q.Superid)
	e.enum("srid", string(q.Srid), validSrid)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.pageParams(q.Antall, q.Start, q.InkluderAntall)
	return e.v, e.err
}

func (q *VeglenkesekvensQuery) clone() *VeglenkesekvensQuery {
	if q == nil {
		return &VeglenkesekvensQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Riksvegrute = append([]string(nil), q.Riksvegrute...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	return &c
}

const veglenkesekvenserPath = VegnettPrefix + "/veglenkesekvenser"

func (s *VegnettService) veglenkesekvenser() lister[Veglenkesekvens] {
	return lister[Veglenkesekvens]{s: (*service)(s), op: "Vegnett.Veglenkesekvenser", path: veglenkesekvenserPath, decode: jsonPage[Veglenkesekvens]}
}

// ListVeglenkesekvenser fetches one page of veglenkesekvenser matching q
// (GET /vegnett/api/v4/veglenkesekvenser), from q.Start; the page's Neste
// is the cursor of the next one.
func (s *VegnettService) ListVeglenkesekvenser(ctx context.Context, q *VeglenkesekvensQuery) (*Page[Veglenkesekvens], error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.veglenkesekvenser().page(ctx, v, q.Start)
}

// PagesVeglenkesekvenser iterates over the pages of veglenkesekvenser
// matching q (GET /vegnett/api/v4/veglenkesekvenser), each with its Neste
// cursor to save for a resume. No request is made until it is ranged; an
// error is yielded once and ends it.
func (s *VegnettService) PagesVeglenkesekvenser(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Page[Veglenkesekvens], error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	if err != nil {
		err = fmt.Errorf("nvdb: %w", err)
	}
	return s.veglenkesekvenser().pages(ctx, v, err, q.Start)
}

// AllVeglenkesekvenser iterates over every veglenkesekvens matching q
// (GET /vegnett/api/v4/veglenkesekvenser), page by page from q.Start.
func (s *VegnettService) AllVeglenkesekvenser(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Veglenkesekvens, error] {
	return items(s.PagesVeglenkesekvenser(ctx, q))
}

// GetVeglenkesekvens fetches one veglenkesekvens
// (GET /vegnett/api/v4/veglenkesekvenser/{veglenkesekvensId}); srid may be "".
func (s *VegnettService) GetVeglenkesekvens(ctx context.Context, id int64, srid Srid) (*Veglenkesekvens, error) {
	return getBySrid[Veglenkesekvens](ctx, s, "Vegnett.GetVeglenkesekvens", veglenkesekvenserPath, "veglenkesekvens", id, srid)
}
