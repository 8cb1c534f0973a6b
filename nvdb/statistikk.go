package nvdb

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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

// statistikkWire tells a figure of 0 from a missing one: NVDB leaves out
// the figure inkluder did not ask for, never both.
type statistikkWire struct {
	Antall *int     `json:"antall"`
	Lengde *float64 `json:"lengde"`
}

var (
	vegobjekterStatistikk = &endpoint.Op[Statistikk]{
		Spec: endpoint.Spec{Name: "Vegobjekter.Statistikk"},
		Decode: func(resp *endpoint.Response, out *Statistikk) error {
			var w statistikkWire
			if err := decodeJSON(resp, &w); err != nil {
				return err
			}
			if w.Antall == nil && w.Lengde == nil {
				return errors.New("statistikk without antall or lengde")
			}
			if w.Antall != nil {
				out.Antall = *w.Antall
			}
			if w.Lengde != nil {
				out.Lengde = *w.Lengde
			}
			return nil
		},
	}
	vegobjekterStatistikkGruppert    = opOf("Vegobjekter.StatistikkGruppert", checkList[StatistikkGruppe])
	vegobjekterStatistikkPerEgenskap = opOf("Vegobjekter.StatistikkPerEgenskap", checkList[StatistikkEgenskapGruppe])
	vegobjekterStatistikkAlleTyper   = opOf("Vegobjekter.StatistikkAlleTyper", checkList[TypeStatistikk])
)

// Statistikk counts the objects of type typeID that match the filters of
// q (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/statistikk).
// Parameters that only shape a page (inkluder, antall ...) are ignored;
// ider, alle_versjoner and start are refused, as the endpoint does not take
// them. inkluder limits the answer to StatistikkAntall or StatistikkLengde
// (the other figure is then 0); by default both are returned.
func (s *VegobjekterService) Statistikk(ctx context.Context, typeID int, q *VegobjektQuery, inkluder ...StatistikkInkluder) (*Statistikk, error) {
	if q == nil {
		q = &VegobjektQuery{}
	}
	path, err := typePath(typeID, "statistikk")
	var v url.Values
	if err == nil {
		v, err = q.statistikkValues(inkluder)
	}
	return vegobjekterStatistikk.Do(ctx, s.t(), get(path, v, err))
}

// StatistikkQuery holds the parameters of grouped statistics.
type StatistikkQuery struct {
	Gruppering      []Gruppering         `url:"gruppering,comma,omitempty"`              // required by StatistikkGruppert; not allowed by StatistikkPerEgenskap
	Inkluder        []StatistikkInkluder `url:"inkluder,comma,omitempty"`                // figures to include (default both)
	Srid            Srid                 `url:"srid,omitempty"`                          // coordinate system of Kartutsnitt and Polygon
	Kartutsnitt     string               `url:"kartutsnitt,omitempty"`                   // bounding box "minX,minY,maxX,maxY"
	Polygon         string               `url:"polygon,omitempty"`                       // polygon "x y, x y, ..."
	Veglenkesekvens []string             `url:"veglenkesekvens,comma,omitempty"`         // placements ("0.37@319531")
	Tidspunkt       time.Time            `url:"tidspunkt,omitempty" layout:"2006-01-02"` // count versions valid on this date
}

func (q *StatistikkQuery) validate() error {
	var c checker
	enums(&c, "gruppering", q.Gruppering, validGruppering)
	enums(&c, "inkluder", q.Inkluder, validStatInkluder)
	enum(&c, "srid", q.Srid, validSrid)
	c.kartutsnitt(q.Kartutsnitt)
	c.strs("veglenkesekvens", q.Veglenkesekvens)
	return c.err
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
// kommune and/or vegkategori
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/statistikk/gruppert).
func (s *VegobjekterService) StatistikkGruppert(ctx context.Context, typeID int, q *StatistikkQuery) ([]*StatistikkGruppe, error) {
	path, err := typePath(typeID, "statistikk", "gruppert")
	var v url.Values
	switch {
	case err != nil:
	case q == nil || len(q.Gruppering) == 0:
		err = invalidf("nvdb: gruppering needs at least one of fylke, kommune, vegkategori")
	default:
		v, err = encode(q)
	}
	return many(vegobjekterStatistikkGruppert.Do(ctx, s.t(), get(path, v, err)))
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
// value of egenskapstype egenskapstypeID, for example speed limits by
// 2021 Fartsgrense
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/statistikk/gruppert/egenskap).
func (s *VegobjekterService) StatistikkPerEgenskap(ctx context.Context, typeID, egenskapstypeID int, q *StatistikkQuery) ([]*StatistikkEgenskapGruppe, error) {
	if q == nil {
		q = &StatistikkQuery{}
	}
	path, err := typePath(typeID, "statistikk", "gruppert", "egenskap")
	var v url.Values
	switch {
	case err != nil:
	case egenskapstypeID <= 0:
		err = invalidf("nvdb: invalid egenskapstype id %d: must be > 0", egenskapstypeID)
	case len(q.Gruppering) > 0:
		err = invalidf("nvdb: statistikk per egenskap takes no gruppering")
	default:
		if v, err = encode(q); err == nil {
			v.Set("egenskapstypeId", strconv.Itoa(egenskapstypeID))
		}
	}
	return many(vegobjekterStatistikkPerEgenskap.Do(ctx, s.t(), get(path, v, err)))
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
	Inkluder           []StatistikkInkluder `url:"inkluder,comma,omitempty"`
	Kontraktsomrade    []string             `url:"kontraktsomrade,comma,omitempty"`
	Vegsystemreferanse []string             `url:"vegsystemreferanse,comma,omitempty"`
	Tidspunkt          time.Time            `url:"tidspunkt,omitempty" layout:"2006-01-02"`
}

func (q *StatistikkAlleTyperQuery) validate() error {
	var c checker
	enums(&c, "inkluder", q.Inkluder, validStatInkluder)
	c.strs("kontraktsomrade", q.Kontraktsomrade)
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	return c.err
}

// StatistikkAlleTyper counts the objects of every vegobjekttype
// (GET /vegobjekter/api/v4/vegobjekter/statistikk).
func (s *VegobjekterService) StatistikkAlleTyper(ctx context.Context, q *StatistikkAlleTyperQuery) ([]*TypeStatistikk, error) {
	if q == nil {
		q = &StatistikkAlleTyperQuery{}
	}
	v, err := encode(q)
	return many(vegobjekterStatistikkAlleTyper.Do(ctx, s.t(), get(VegobjekterPrefix+"/vegobjekter/statistikk", v, err)))
}
