package nvdb

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// VeglenkesekvensEndringerQuery holds the parameters of the road
// network's change feed (the last 30 days).
type VeglenkesekvensEndringerQuery struct {
	// Start is where to begin: a date, a timestamp with zone, or a page's
	// Next. Empty starts with the oldest change. Fra is the same as a
	// time.Time; set at most one of the two.
	Start string    `url:"-"`
	Fra   time.Time `url:"-"`
	// Slutt ends the feed before this date or timestamp; Til likewise.
	Slutt   string    `url:"slutt,omitempty"`
	Til     time.Time `url:"-"`
	Ider    []int64   `url:"ider,comma,omitempty"`    // only these veglenkesekvenser
	Fylke   []int     `url:"fylke,comma,omitempty"`   // fylke numbers
	Kommune []int     `url:"kommune,comma,omitempty"` // kommune numbers
	Antall  int       `url:"antall,omitempty"`        // page size, at most MaxEndringerAntall
}

func (q *VeglenkesekvensEndringerQuery) validate() error {
	var c checker
	feedRange(&c, q.Start, q.Fra, q.Slutt, q.Til, q.Antall)
	positives(&c, "ider", q.Ider)
	positives(&c, "fylke", q.Fylke)
	positives(&c, "kommune", q.Kommune)
	return c.err
}

const vegnettEndringerPath = VegnettPrefix + "/veglenkesekvenser/endringer"

// vegnettEndringerWire is a page of the road network's change feed as
// NVDB sends it.
type vegnettEndringerWire struct {
	Fjernet    []VeglenkesekvensEndring `json:"veglenkesekvenserFjernet"`
	Segmentert []VeglenkesekvensEndring `json:"veglenkesekvenserSegmentert"`
	Metadata   *PageMetadata            `json:"metadata"`
}

// decodeVegnettEndringer merges the two lists of a page of the road
// network's change feed, in the order the changes became visible.
func decodeVegnettEndringer(resp *endpoint.Response, p *Page[VeglenkesekvensEndring]) error {
	var w vegnettEndringerWire
	if err := transport.DecodeJSON(resp.Body, &w); err != nil {
		return err
	}
	if w.Metadata == nil {
		return errNoMeta
	}
	*p = Page[VeglenkesekvensEndring]{Metadata: *w.Metadata, Items: make([]*VeglenkesekvensEndring, 0, len(w.Fjernet)+len(w.Segmentert))}
	for i := range w.Fjernet {
		w.Fjernet[i].Endring = EndringFjernet
		p.Items = append(p.Items, &w.Fjernet[i])
	}
	for i := range w.Segmentert {
		w.Segmentert[i].Endring = EndringSegmentert
		p.Items = append(p.Items, &w.Segmentert[i])
	}
	slices.SortStableFunc(p.Items, func(a, b *VeglenkesekvensEndring) int {
		return cmp.Or(a.Tidspunkt.Compare(b.Tidspunkt), cmp.Compare(a.ID, b.ID))
	})
	return nil
}

var vegnettEndringer = feedOf("Vegnett.Endringer", decodeVegnettEndringer)

func (s *VegnettService) endringerCall(q *VeglenkesekvensEndringerQuery) endpoint.Call[string] {
	if q == nil {
		q = &VeglenkesekvensEndringerQuery{}
	}
	return feedCall((*service)(s), vegnettEndringerPath, q, q.Start, q.Fra, q.Til)
}

// Endringer fetches one page of the road network's change feed
// (GET /vegnett/api/v4/veglenkesekvenser/endringer). The page's Next is
// where to continue; when the page is empty the feed is caught up and
// Next is the cursor to poll with later.
func (s *VegnettService) Endringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) (*Page[VeglenkesekvensEndring], error) {
	return vegnettEndringer.List(ctx, s.t(), s.endringerCall(q))
}

// EndringerPages iterates over the pages of the road network's change
// feed (GET /vegnett/api/v4/veglenkesekvenser/endringer) from q's start
// until it is caught up (an empty page or a repeated cursor). The last
// page's Next is where a later poll continues; it may be the empty page of
// a feed that is caught up.
func (s *VegnettService) EndringerPages(ctx context.Context, q *VeglenkesekvensEndringerQuery) iter.Seq2[*Page[VeglenkesekvensEndring], error] {
	return vegnettEndringer.Pages(ctx, s.t(), s.endringerCall(q))
}

// EndringerAll iterates over every change in the road network's feed
// (GET /vegnett/api/v4/veglenkesekvenser/endringer) from q's start until
// it is caught up. To poll later from where it stopped, range over
// EndringerPages and save the last page's Next.
func (s *VegnettService) EndringerAll(ctx context.Context, q *VeglenkesekvensEndringerQuery) iter.Seq2[*VeglenkesekvensEndring, error] {
	return vegnettEndringer.All(ctx, s.t(), s.endringerCall(q))
}
