package nvdb

import (
	"context"
	"errors"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VegnettStatistikk is the number and total length in metres of the
// segments of the current road network.
type VegnettStatistikk struct {
	Antall      int     `json:"antall"`
	TotalLengde float64 `json:"totalLengde"`
}

// vegnettStatistikkWire tells a count of 0 from a missing one.
type vegnettStatistikkWire struct {
	Antall      *int     `json:"antall"`
	TotalLengde *float64 `json:"totalLengde"`
}

var (
	veglenkesekvenserStatistikk = &endpoint.Op[VegnettStatistikk]{
		Spec: endpoint.Spec{Name: "Veglenkesekvenser.SegmentertStatistikk"},
		Decode: func(resp *endpoint.Response, out *VegnettStatistikk) error {
			var w vegnettStatistikkWire
			if err := decodeJSON(resp, &w); err != nil {
				return err
			}
			if w.Antall == nil || w.TotalLengde == nil {
				return errors.New("statistikk without antall and totalLengde")
			}
			*out = VegnettStatistikk{Antall: *w.Antall, TotalLengde: *w.TotalLengde}
			return nil
		},
	}
	veglenkesekvenserStatistikkGruppert = opOf("Veglenkesekvenser.SegmentertStatistikkGruppert", checkList[VegnettStatistikkGruppe])
)

// SegmentertStatistikk counts the segments of the current road network
// and sums their length
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert/statistikk).
func (s *VeglenkesekvenserService) SegmentertStatistikk(ctx context.Context) (*VegnettStatistikk, error) {
	return veglenkesekvenserStatistikk.Do(ctx, s.t(), endpoint.Request{Path: segmentertPath + "/statistikk"})
}

// VegnettStatistikkGruppe is the number of segments in one group; only
// the fields grouped by are set.
type VegnettStatistikkGruppe struct {
	Antall      int    `json:"antall"`
	Fylke       int    `json:"fylke,omitempty"`
	Vegkategori string `json:"vegkategori,omitempty"`
}

// SegmentertStatistikkQuery holds the parameters of grouped road network
// statistics.
type SegmentertStatistikkQuery struct {
	Gruppering  []Gruppering `url:"gruppering,comma,omitempty"` // required: GrupperingFylke and/or GrupperingVegkategori
	Kartutsnitt string       `url:"kartutsnitt,omitempty"`      // bounding box "minX,minY,maxX,maxY"
	Srid        Srid         `url:"srid,omitempty"`             // coordinate system of Kartutsnitt
}

var validVegnettGruppering = set("fylke", "vegkategori")

func (q *SegmentertStatistikkQuery) validate() error {
	var c checker
	if len(q.Gruppering) == 0 {
		c.fail("road network statistics need Gruppering (fylke and/or vegkategori)")
	}
	enums(&c, "gruppering", q.Gruppering, validVegnettGruppering)
	c.kartutsnitt(q.Kartutsnitt)
	enum(&c, "srid", q.Srid, validSrid)
	return c.err
}

// SegmentertStatistikkGruppert counts the segments of the road network
// grouped by fylke and/or vegkategori
// (GET /vegnett/api/v4/veglenkesekvenser/segmentert/statistikk/gruppert).
func (s *VeglenkesekvenserService) SegmentertStatistikkGruppert(ctx context.Context, q *SegmentertStatistikkQuery) ([]*VegnettStatistikkGruppe, error) {
	if q == nil {
		q = &SegmentertStatistikkQuery{}
	}
	v, err := encode(q)
	return many(veglenkesekvenserStatistikkGruppert.Do(ctx, s.t(), get(segmentertPath+"/statistikk/gruppert", v, err)))
}
