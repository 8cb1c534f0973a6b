package nvdb

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// StatistikkInkluder picks the figures of a statistikk answer.
type StatistikkInkluder string

// Values of inkluder for statistikk.
const (
	StatistikkAntall StatistikkInkluder = "antall"
	StatistikkLengde StatistikkInkluder = "lengde"
	StatistikkAlle   StatistikkInkluder = "alle"
)

// Gruppering is a field grouped statistics are grouped by.
type Gruppering string

// Values of gruppering.
const (
	GrupperingFylke       Gruppering = "fylke"
	GrupperingKommune     Gruppering = "kommune"
	GrupperingVegkategori Gruppering = "vegkategori"
)

// Statistikk is the number of objects matching a search and their summed
// length in metres (point objects count as 0 m).
type Statistikk struct {
	Antall int     `json:"antall"`
	Lengde float64 `json:"lengde"`
}

// Statistikk counts the objects of type typeID that match the filters of
// q. Parameters that only shape a page (inkluder, antall ...) are ignored;
// ider, alle_versjoner and start are refused, as the endpoint does not take
// them. inkluder limits the answer to StatistikkAntall or StatistikkLengde
// (the other figure is then 0); by default both are returned.
func (s *VegobjekterService) Statistikk(ctx context.Context, typeID int, q *VegobjektQuery, inkluder ...StatistikkInkluder) (*Statistikk, error) {
	q = q.clone()
	path, err := typePath(typeID, "statistikk")
	if err != nil {
		return nil, err
	}
	v, err := q.statistikkValues(inkluder)
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	var out Statistikk
	if err := (*service)(s).get(ctx, path, v, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// StatistikkQuery holds the parameters of grouped statistics.
type StatistikkQuery struct {
	Gruppering      []Gruppering         // required by StatistikkGruppert; not allowed by StatistikkPerEgenskap
	Inkluder        []StatistikkInkluder // figures to include (default both)
	Srid            Srid                 // coordinate system of Kartutsnitt and Polygon
	Kartutsnitt     string               // bounding box "minX,minY,maxX,maxY"
	Polygon         string               // polygon "x y, x y, ..."
	Veglenkesekvens []string             // placements ("0.37@319531")
	Tidspunkt       time.Time            // count versions valid on this date
}

func (q *StatistikkQuery) values(gruppering bool) (*enc, error) {
	e := newEnc()
	if q == nil {
		q = &StatistikkQuery{}
	}
	if gruppering {
		if len(q.Gruppering) == 0 {
			return nil, invalidf("gruppering needs at least one of fylke, kommune, vegkategori")
		}
		g := make([]string, len(q.Gruppering))
		for i, x := range q.Gruppering {
			g[i] = string(x)
		}
		e.enums("gruppering", g, validGruppering)
	} else if len(q.Gruppering) > 0 {
		return nil, invalidf("statistikk per egenskap takes no gruppering")
	}
	e.statInkluder(q.Inkluder)
	e.enum("srid", string(q.Srid), validSrid)
	e.kartutsnitt(q.Kartutsnitt)
	e.str("polygon", q.Polygon)
	e.strs("veglenkesekvens", q.Veglenkesekvens)
	e.date("tidspunkt", q.Tidspunkt)
	return e, e.err
}

// StatistikkGruppe is the statistikk of one group. Only the fields grouped
// by are set.
type StatistikkGruppe struct {
	Antall      int     `json:"antall"`
	Lengde      float64 `json:"lengde"`
	Fylke       int     `json:"fylke,omitempty"`
	Kommune     int     `json:"kommune,omitempty"`
	Vegkategori string  `json:"vegkategori,omitempty"`
}

// StatistikkGruppert counts objects of type typeID grouped by fylke,
// kommune and/or vegkategori.
func (s *VegobjekterService) StatistikkGruppert(ctx context.Context, typeID int, q *StatistikkQuery) ([]*StatistikkGruppe, error) {
	path, err := typePath(typeID, "statistikk", "gruppert")
	if err != nil {
		return nil, err
	}
	e, err := q.values(true)
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	var out []StatistikkGruppe
	if err := (*service)(s).get(ctx, path, e.v, &out); err != nil {
		return nil, err
	}
	return pointers(out), nil
}

// StatistikkEgenskapGruppe is the statistikk of the objects whose enum
// egenskap has one value. EgenskapsVerdi is the enum id, nil for objects
// without a value.
type StatistikkEgenskapGruppe struct {
	Antall         int     `json:"antall"`
	Lengde         float64 `json:"lengde"`
	EgenskapsVerdi *int    `json:"egenskapsVerdi"`
}

// StatistikkPerEgenskap counts objects of type typeID grouped by the enum
// value of egenskapstype egenskapstypeID (for example speed limits by
// 2021 Fartsgrense).
func (s *VegobjekterService) StatistikkPerEgenskap(ctx context.Context, typeID, egenskapstypeID int, q *StatistikkQuery) ([]*StatistikkEgenskapGruppe, error) {
	if egenskapstypeID <= 0 {
		return nil, invalidf("nvdb: invalid egenskapstype id %d: must be > 0", egenskapstypeID)
	}
	path, err := typePath(typeID, "statistikk", "gruppert", "egenskap")
	if err != nil {
		return nil, err
	}
	e, err := q.values(false)
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	e.v.Set("egenskapstypeId", strconv.Itoa(egenskapstypeID))
	var out []StatistikkEgenskapGruppe
	if err := (*service)(s).get(ctx, path, e.v, &out); err != nil {
		return nil, err
	}
	return pointers(out), nil
}

// TypeStatistikk is the statistikk of one vegobjekttype.
type TypeStatistikk struct {
	ID         int        `json:"id"`
	Navn       string     `json:"navn"`
	Href       string     `json:"href"`
	Statistikk Statistikk `json:"statistikk"`
}

// StatistikkAlleTyperQuery holds the parameters of StatistikkAlleTyper.
type StatistikkAlleTyperQuery struct {
	Inkluder           []StatistikkInkluder
	Kontraktsomrade    []string
	Vegsystemreferanse []string
	Tidspunkt          time.Time
}

// StatistikkAlleTyper counts the objects of every vegobjekttype.
func (s *VegobjekterService) StatistikkAlleTyper(ctx context.Context, q *StatistikkAlleTyperQuery) ([]*TypeStatistikk, error) {
	e := newEnc()
	if q != nil {
		e.statInkluder(q.Inkluder)
		e.strs("kontraktsomrade", q.Kontraktsomrade)
		e.strs("vegsystemreferanse", q.Vegsystemreferanse)
		e.date("tidspunkt", q.Tidspunkt)
	}
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	var out []TypeStatistikk
	if err := (*service)(s).get(ctx, VegobjekterPrefix+"/vegobjekter/statistikk", e.v, &out); err != nil {
		return nil, err
	}
	return pointers(out), nil
}
