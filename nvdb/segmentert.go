package nvdb

import (
	"context"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// SegmentertQuery holds the parameters of the segmented road network.
// Lists are sent comma-separated, as given; pointers are for booleans
// whose false matters.
type SegmentertQuery struct {
	Srid               Srid          `url:"srid,omitempty"`                     // coordinate system of the geometry
	Ider               []int64       `url:"ider,comma,omitempty"`               // only these veglenkesekvenser
	Fylke              []int         `url:"fylke,comma,omitempty"`              // fylke numbers
	Kommune            []int         `url:"kommune,comma,omitempty"`            // kommune numbers
	Kontraktsomrade    []string      `url:"kontraktsomrade,comma,omitempty"`    // contract areas, by name or id
	Riksvegrute        []string      `url:"riksvegrute,comma,omitempty"`        // national routes, by name or enum id
	Vegforvalter       []string      `url:"vegforvalter,comma,omitempty"`       // road authorities, by name or enum id
	Vegsystemreferanse []string      `url:"vegsystemreferanse,comma,omitempty"` // road references ("EV6S1D1")
	Veglenkesekvens    []string      `url:"veglenkesekvens,comma,omitempty"`    // positions or ranges ("0.37@319531", "0.83-0.97@41640")
	Kartutsnitt        string        `url:"kartutsnitt,omitempty"`              // bounding box "minX,minY,maxX,maxY" (see Kartutsnitt)
	Polygon            string        `url:"polygon,omitempty"`                  // polygon "x y, x y, ..." in UTM33
	Detaljniva         []Detaljniva  `url:"detaljniva,comma,omitempty"`         // detail level of the links
	TypeVeg            []TypeVeg     `url:"typeveg,comma,omitempty"`            // kind of road
	Superid            int64         `url:"superid,omitempty"`                  // detailed segments placed on this veglenkesekvens
	AdskilteLop        []AdskilteLop `url:"adskiltelop,comma,omitempty"`        // on separated carriageways
	Kryssystem         *bool         `url:"kryssystem,omitempty"`               // where there is a kryssystem
	Sideanlegg         *bool         `url:"sideanlegg,omitempty"`               // where there is a sideanlegg
	// Veglenketype is hoved, detaljert, konnektering or
	// detaljert_konnektering; the road network spells them its own way
	// ("Hoved"), which the client sends.
	Veglenketype      []Veglenketype  `url:"-"`
	Arm               *bool           `url:"arm,omitempty"`                           // on a Strekning marked as an arm
	Trafikantgruppe   Trafikantgruppe `url:"trafikantgruppe,omitempty"`               // motor vehicles or pedestrians and cyclists
	Geometritoleranse int             `url:"geometritoleranse,omitempty"`             // simplify geometry to this tolerance in metres
	Historisk         *bool           `url:"historisk,omitempty"`                     // include historic segments (default false)
	Tidspunkt         time.Time       `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the network as it was on this date
	Antall            int             `url:"antall,omitempty"`                        // page size (capped by the server)
	Start             string          `url:"start,omitempty"`                         // cursor of the page to fetch (a page's Next)
	InkluderAntall    bool            `url:"inkluderAntall,omitempty"`                // ask for the total count in the page metadata
}

func (q *SegmentertQuery) validate() error {
	var c checker
	enum(&c, "srid", q.Srid, validSrid)
	positives(&c, "ider", q.Ider)
	positives(&c, "fylke", q.Fylke)
	positives(&c, "kommune", q.Kommune)
	c.strs("kontraktsomrade", q.Kontraktsomrade)
	c.strs("riksvegrute", q.Riksvegrute)
	c.strs("vegforvalter", q.Vegforvalter)
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	c.strs("veglenkesekvens", q.Veglenkesekvens)
	c.kartutsnitt(q.Kartutsnitt)
	enums(&c, "detaljniva", q.Detaljniva, validDetaljniva)
	enums(&c, "typeveg", q.TypeVeg, validTypeVeg)
	nonNegative(&c, "superid", q.Superid)
	enums(&c, "adskiltelop", q.AdskilteLop, validAdskilteLop)
	for _, t := range q.Veglenketype {
		if _, ok := vegnettVeglenketype[t]; !ok {
			c.fail("invalid veglenketype %q for the road network: want hoved, detaljert, konnektering or detaljert_konnektering", t)
		}
	}
	enum(&c, "trafikantgruppe", q.Trafikantgruppe, validTrafikantgruppe)
	nonNegative(&c, "geometritoleranse", q.Geometritoleranse)
	nonNegative(&c, "antall", q.Antall)
	return c.err
}

const segmentertPath = VegnettPrefix + "/veglenkesekvenser/segmentert"

var (
	veglenkesekvenserSegmentert = listOf("Veglenkesekvenser.Segmentert", jsonPage[Veglenkesegment], false)
	veglenkesekvenserSegmenter  = opOf("Veglenkesekvenser.GetSegmentert", func(out *[]*Veglenkesegment) error {
		return checkSegmenter(*out, 0)
	})
)

func (s *VeglenkesekvenserService) segmentertCall(q *SegmentertQuery, iterate bool) endpoint.Call[string] {
	if q == nil {
		q = &SegmentertQuery{}
	}
	c := listCall((*service)(s), segmentertPath, nil, q, q.Start, iterate)
	if c.Err == nil && len(q.Veglenketype) > 0 {
		vt := make([]string, len(q.Veglenketype))
		for i, t := range q.Veglenketype {
			vt[i] = vegnettVeglenketype[t]
		}
		c.Query.Set("veglenketype", strings.Join(vt, ","))
	}
	return c
}

// Segmentert fetches one page of the segmented road network matching q
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert), from q.Start; the
// page's Next is the cursor of the next one.
func (s *VeglenkesekvenserService) Segmentert(ctx context.Context, q *SegmentertQuery) (*Page[Veglenkesegment], error) {
	return veglenkesekvenserSegmentert.List(ctx, s.t(), s.segmentertCall(q, false))
}

// SegmentertPages iterates over the pages of the segmented road network
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert), each with its Next
// cursor to save for a resume.
func (s *VeglenkesekvenserService) SegmentertPages(ctx context.Context, q *SegmentertQuery) iter.Seq2[*Page[Veglenkesegment], error] {
	return listingPages(ctx, s.t(), veglenkesekvenserSegmentert, s.segmentertCall(q, true))
}

// SegmentertAll iterates over every road segment matching q
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert), page by page from
// q.Start.
func (s *VeglenkesekvenserService) SegmentertAll(ctx context.Context, q *SegmentertQuery) iter.Seq2[*Veglenkesegment, error] {
	return listingAll(ctx, s.t(), veglenkesekvenserSegmentert, s.segmentertCall(q, true))
}

// SegmentertOptions shape the answer of GetSegmentert.
type SegmentertOptions struct {
	Srid      Srid      `url:"srid,omitempty"`                          // coordinate system of the geometry
	Historisk *bool     `url:"historisk,omitempty"`                     // include historic segments
	Tidspunkt time.Time `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the network as it was on this date
}

func (o *SegmentertOptions) validate() error {
	var c checker
	enum(&c, "srid", o.Srid, validSrid)
	return c.err
}

// GetSegmentert fetches the segments of one veglenkesekvens
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert/{veglenkesekvensId}).
// A segment of another veglenkesekvens, or an answer that is not a list,
// is ErrInvalidResponse.
func (s *VeglenkesekvenserService) GetSegmentert(ctx context.Context, id int64, opts *SegmentertOptions) ([]*Veglenkesegment, error) {
	if opts == nil {
		opts = &SegmentertOptions{}
	}
	r := endpoint.Fail(invalidf("nvdb: invalid veglenkesekvens id %d: must be > 0", id))
	if id > 0 {
		v, err := encode(opts)
		r = get(segmentertPath+"/"+strconv.FormatInt(id, 10), v, err)
	}
	out, err := asking(veglenkesekvenserSegmenter, func(out *[]*Veglenkesegment) error {
		return checkSegmenter(*out, id)
	}).Do(ctx, s.t(), r)
	if err != nil {
		return nil, err
	}
	return *out, nil
}
