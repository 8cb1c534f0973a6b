package nvdb

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SegmentertQuery holds the parameters of the segmented road network.
// Lists are sent comma-separated; pointers are for booleans whose false
// matters.
type SegmentertQuery struct {
	Srid               Srid            // coordinate system of the geometry
	Ider               []int64         // only these veglenkesekvenser
	Fylke              []int           // fylke numbers
	Kommune            []int           // kommune numbers
	Kontraktsomrade    []string        // contract areas, by name or id
	Riksvegrute        []string        // national routes, by name or enum id
	Vegforvalter       []string        // road authorities, by name or enum id
	Vegsystemreferanse []string        // road references ("EV6S1D1")
	Veglenkesekvens    []string        // positions or ranges ("0.37@319531", "0.83-0.97@41640")
	Kartutsnitt        string          // bounding box "minX,minY,maxX,maxY" (see Kartutsnitt)
	Polygon            string          // polygon "x y, x y, ..." in UTM33
	Detaljniva         []Detaljniva    // detail level of the links
	TypeVeg            []TypeVeg       // kind of road
	Superid            int64           // detailed segments placed on this veglenkesekvens
	AdskilteLop        []AdskilteLop   // on separated carriageways
	Kryssystem         *bool           // where there is a kryssystem
	Sideanlegg         *bool           // where there is a sideanlegg
	Veglenketype       []Veglenketype  // hoved, detaljert, konnektering, detaljert_konnektering
	Arm                *bool           // on a Strekning marked as an arm
	Trafikantgruppe    Trafikantgruppe // motor vehicles or pedestrians and cyclists
	Geometritoleranse  int             // simplify geometry to this tolerance in metres
	Historisk          *bool           // include historic segments (default false)
	Tidspunkt          time.Time       // the network as it was on this date
	Antall             int             // page size (capped by the server)
	Start              string          // cursor of the page to fetch (a page's Neste)
	InkluderAntall     bool            // ask for the total count in the page metadata
}

func (q *SegmentertQuery) clone() *SegmentertQuery {
	if q == nil {
		return &SegmentertQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Riksvegrute = append([]string(nil), q.Riksvegrute...)
	c.Vegforvalter = append([]string(nil), q.Vegforvalter...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	c.Veglenkesekvens = append([]string(nil), q.Veglenkesekvens...)
	c.Detaljniva = append([]Detaljniva(nil), q.Detaljniva...)
	c.TypeVeg = append([]TypeVeg(nil), q.TypeVeg...)
	c.AdskilteLop = append([]AdskilteLop(nil), q.AdskilteLop...)
	c.Veglenketype = append([]Veglenketype(nil), q.Veglenketype...)
	return &c
}

func (q *SegmentertQuery) values() (url.Values, error) {
	e := newEnc()
	e.enum("srid", string(q.Srid), validSrid)
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("riksvegrute", q.Riksvegrute)
	e.strs("vegforvalter", q.Vegforvalter)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.strs("veglenkesekvens", q.Veglenkesekvens)
	e.kartutsnitt(q.Kartutsnitt)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.enums("detaljniva", strList(q.Detaljniva), validDetaljniva)
	e.enums("typeveg", strList(q.TypeVeg), validTypeVeg)
	e.int64v("superid", q.Superid)
	e.enums("adskiltelop", strList(q.AdskilteLop), validAdskilteLop)
	e.boolp("kryssystem", q.Kryssystem)
	e.boolp("sideanlegg", q.Sideanlegg)
	if len(q.Veglenketype) > 0 {
		vt := make([]string, len(q.Veglenketype))
		for i, t := range q.Veglenketype {
			s, ok := vegnettVeglenketype[t]
			if !ok {
				e.fail("invalid veglenketype %q for the road network: want hoved, detaljert, konnektering or detaljert_konnektering", t)
			}
			vt[i] = s
		}
		e.v.Set("veglenketype", strings.Join(dedupe(vt), ","))
	}
	e.boolp("arm", q.Arm)
	e.enum("trafikantgruppe", string(q.Trafikantgruppe), validTrafikantgruppe)
	if q.Geometritoleranse < 0 {
		e.fail("invalid geometritoleranse %d: must be >= 0", q.Geometritoleranse)
	} else if q.Geometritoleranse > 0 {
		e.v.Set("geometritoleranse", strconv.Itoa(q.Geometritoleranse))
	}
	e.boolp("historisk", q.Historisk)
	e.date("tidspunkt", q.Tidspunkt)
	e.pageParams(q.Antall, q.Start, q.InkluderAntall)
	return e.v, e.err
}

const segmentertPath = VegnettPrefix + "/veglenkesekvenser/segmentert"

func (s *VegnettService) segmentert() lister[Veglenkesegment] {
	return lister[Veglenkesegment]{s: (*service)(s), op: "Vegnett.Segmentert", path: segmentertPath, decode: jsonPage[Veglenkesegment]}
}

// ListSegmentert fetches one page of the segmented road network matching
// q (GET /vegnett/api/v4/veglenkesekvenser/segmentert), from q.Start; the
// page's Neste is the cursor of the next one.
func (s *VegnettService) ListSegmentert(ctx context.Context, q *SegmentertQuery) (*Page[Veglenkesegment], error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.segmentert().page(ctx, v, q.Start)
}

// PagesSegmentert iterates over the pages of the segmented road network
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert), each with its Neste
// cursor to save for a resume.
func (s *VegnettService) PagesSegmentert(ctx context.Context, q *SegmentertQuery) iter.Seq2[*Page[Veglenkesegment], error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	if err != nil {
		err = fmt.Errorf("nvdb: %w", err)
	}
	return s.segmentert().pages(ctx, v, err, q.Start)
}

// AllSegmentert iterates over every road segment matching q
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert), page by page from
// q.Start.
func (s *VegnettService) AllSegmentert(ctx context.Context, q *SegmentertQuery) iter.Seq2[*Veglenkesegment, error] {
	return items(s.PagesSegmentert(ctx, q))
}

// SegmentertOptions shape the answer of GetSegmentert.
type SegmentertOptions struct {
	Srid      Srid      // coordinate system of the geometry
	Historisk *bool     // include historic segments
	Tidspunkt time.Time // the network as it was on this date
}

// GetSegmentert fetches the segments of one veglenkesekvens.
func (s *VegnettService) GetSegmentert(ctx context.Context, id int64, opts *SegmentertOptions) ([]*Veglenkesegment, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid veglenkesekvens id %d: must be > 0", id)
	}
	e := newEnc()
	if opts != nil {
		e.enum("srid", string(opts.Srid), validSrid)
		e.boolp("historisk", opts.Historisk)
		e.date("tidspunkt", opts.Tidspunkt)
	}
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	out, err := getChecked(ctx, (*service)(s), "Vegnett.GetSegmentert", segmentertPath+"/"+strconv.FormatInt(id, 10), e.v, func(out *[]Veglenkesegment) error {
		return checkSegmenter(out, id)
	})
	if err != nil {
		return nil, err
	}
	return pointers(*out), nil
}
