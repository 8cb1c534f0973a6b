package nvdb

import (
	"context"
	"fmt"
)

// VegnettStatistikk is the number and total length in metres of the
// segments of the current road network.
type VegnettStatistikk struct {
	Antall      int     `json:"antall"`
	TotalLengde float64 `json:"totalLengde"`
}

// SegmentertStatistikk counts the segments of the current road network
// and sums their length.
func (s *VegnettService) SegmentertStatistikk(ctx context.Context) (*VegnettStatistikk, error) {
	var out VegnettStatistikk
	if err := (*service)(s).get(ctx, segmentertPath+"/statistikk", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
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
	Gruppering  []Gruppering // required: GrupperingFylke and/or GrupperingVegkategori
	Kartutsnitt string       // bounding box "minX,minY,maxX,maxY"
	Srid        Srid         // coordinate system of Kartutsnitt
}

// SegmentertStatistikkGruppert counts the segments of the road network
// grouped by fylke and/or vegkategori.
func (s *VegnettService) SegmentertStatistikkGruppert(ctx context.Context, q *SegmentertStatistikkQuery) ([]*VegnettStatistikkGruppe, error) {
	if q == nil || len(q.Gruppering) == 0 {
		return nil, invalidf("nvdb: road network statistics need Gruppering (fylke and/or vegkategori)")
	}
	e := newEnc()
	e.enums("gruppering", strList(q.Gruppering), set("fylke", "vegkategori"))
	e.kartutsnitt(q.Kartutsnitt)
	e.enum("srid", string(q.Srid), validSrid)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	var out []VegnettStatistikkGruppe
	if err := (*service)(s).get(ctx, segmentertPath+"/statistikk/gruppert", e.v, &out); err != nil {
		return nil, err
	}
	return pointers(out), nil
}
