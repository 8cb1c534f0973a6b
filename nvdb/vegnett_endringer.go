package nvdb

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// VeglenkesekvensEndringerQuery holds the parameters of the road
// network's change feed (the last 30 days).
type VeglenkesekvensEndringerQuery struct {
	// Start is where to begin: a date, a timestamp with zone, or a page's
	// Neste. Empty starts with the oldest change. Fra is the same as a
	// time.Time; set at most one of the two.
	Start string
	Fra   time.Time
	// Slutt ends the feed before this date or timestamp; Til likewise.
	Slutt   string
	Til     time.Time
	Ider    []int64 // only these veglenkesekvenser
	Fylke   []int   // fylke numbers
	Kommune []int   // kommune numbers
	Antall  int     // page size, at most MaxEndringerAntall
}

func (q *VeglenkesekvensEndringerQuery) values() (url.Values, error) {
	e := newEnc()
	if q == nil {
		return e.v, nil
	}
	start, err := tidOrString("start", q.Start, q.Fra, true)
	if err != nil {
		return nil, err
	}
	slutt, err := tidOrString("slutt", q.Slutt, q.Til, false)
	if err != nil {
		return nil, err
	}
	e.str("start", start)
	e.str("slutt", slutt)
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	switch {
	case q.Antall < 0 || q.Antall > MaxEndringerAntall:
		e.fail("invalid antall %d: must be between 1 and %d", q.Antall, MaxEndringerAntall)
	case q.Antall > 0:
		e.v.Set("antall", strconv.Itoa(q.Antall))
	}
	return e.v, e.err
}

const vegnettEndringerPath = VegnettPrefix + "/veglenkesekvenser/endringer"

// vegnettEndringerWire is a page of the road network's change feed as
// NVDB sends it.
type vegnettEndringerWire struct {
	Fjernet    []VeglenkesekvensEndring `json:"veglenkesekvenserFjernet"`
	Segmentert []VeglenkesekvensEndring `json:"veglenkesekvenserSegmentert"`
	Metadata   PageMetadata             `json:"metadata"`
}

// decodeVegnettEndringer merges the two lists of a page of the road
// network's change feed, in the order the changes became visible.
func decodeVegnettEndringer(r io.Reader) (*Page[VeglenkesekvensEndring], error) {
	var w vegnettEndringerWire
	if err := decodeJSONPage(r, &w); err != nil {
		return nil, err
	}
	p := &Page[VeglenkesekvensEndring]{Metadata: w.Metadata, Objekter: make([]VeglenkesekvensEndring, 0, len(w.Fjernet)+len(w.Segmentert))}
	for _, e := range w.Fjernet {
		e.Endring = EndringFjernet
		p.Objekter = append(p.Objekter, e)
	}
	for _, e := range w.Segmentert {
		e.Endring = EndringSegmentert
		p.Objekter = append(p.Objekter, e)
	}
	slices.SortStableFunc(p.Objekter, func(a, b VeglenkesekvensEndring) int {
		return cmp.Or(a.Tidspunkt.Compare(b.Tidspunkt), cmp.Compare(a.ID, b.ID))
	})
	return p, nil
}

func (s *VegnettService) endringer() lister[VeglenkesekvensEndring] {
	return lister[VeglenkesekvensEndring]{s: (*service)(s), op: "Vegnett.Endringer", path: vegnettEndringerPath, decode: decodeVegnettEndringer, feed: true}
}

// ListEndringer fetches one page of the road network's change feed
// (GET /vegnett/api/v4/veglenkesekvenser/endringer). The page's Neste is
// where to continue; when the page is empty the feed is caught up and
// Neste is the cursor to poll with later.
func (s *VegnettService) ListEndringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) (*Page[VeglenkesekvensEndring], error) {
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.endringer().page(ctx, v, v.Get("start"))
}

// PagesEndringer iterates over the pages of the road network's change
// feed (GET /vegnett/api/v4/veglenkesekvenser/endringer) from q's start
// until it is caught up (an empty page or a repeated cursor). The last
// page's Neste is where a later poll continues.
func (s *VegnettService) PagesEndringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) iter.Seq2[*Page[VeglenkesekvensEndring], error] {
	v, err := q.values()
	if err != nil {
		err = fmt.Errorf("nvdb: %w", err)
	}
	return s.endringer().pages(ctx, v, err, v.Get("start"))
}

// AllEndringer iterates over every change in the road network's feed
// (GET /vegnett/api/v4/veglenkesekvenser/endringer) from q's start until
// it is caught up. To poll later from where it stopped, range over
// PagesEndringer and save the last page's Neste.
func (s *VegnettService) AllEndringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) iter.Seq2[*VeglenkesekvensEndring, error] {
	return items(s.PagesEndringer(ctx, q))
}
