package nvdb

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// VegQuery looks up one point on the road network: by road reference with
// a single metre value ("EV6 S1D1 m12", a kommune number first to limit
// the area) or by position on a veglenkesekvens ("0.456@1226"). Set
// exactly one of the two.
type VegQuery struct {
	Vegsystemreferanse string    `url:"vegsystemreferanse,omitempty"`
	Veglenkesekvens    string    `url:"veglenkesekvens,omitempty"`
	Tidspunkt          time.Time `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the network as it was on this date
	Srid               Srid      `url:"srid,omitempty"`                          // coordinate system of the answer
	Kommune            []int     `url:"kommune,comma,omitempty"`                 // only in these kommuner
}

func (q *VegQuery) validate() error {
	switch {
	case (q.Vegsystemreferanse == "") == (q.Veglenkesekvens == ""):
		return invalidf("veg needs exactly one of Vegsystemreferanse and Veglenkesekvens")
	case q.Veglenkesekvens != "":
		if err := checkVls(q.Veglenkesekvens); err != nil {
			return err
		}
	default:
		if err := checkVsrMeter(q.Vegsystemreferanse); err != nil {
			return err
		}
	}
	var c checker
	enum(&c, "srid", q.Srid, validSrid)
	positives(&c, "kommune", q.Kommune)
	return c.err
}

func checkVls(s string) error {
	pos, id, ok := strings.Cut(s, "@")
	p, err1 := strconv.ParseFloat(pos, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || p < 0 || p > 1 || n <= 0 {
		return invalidf("invalid veglenkesekvens position %q: want posisjon@veglenkesekvensid, posisjon in 0..1 (0.456@1226)", s)
	}
	return nil
}

func checkVsrMeter(s string) error {
	if strings.TrimSpace(s) == "" || strings.Contains(s, ",") || !strings.Contains(strings.ToLower(s), "m") {
		return invalidf("invalid vegsystemreferanse %q: want one with a single metre value (EV6 S1D1 m12)", s)
	}
	return nil
}

var (
	vegnettVeg      = opOf("Vegnett.Veg", checkPosisjon)
	vegnettVegBatch = opOf("Vegnett.VegBatch", func(m *map[string]Posisjon) error {
		if *m == nil {
			return errNullAnswer
		}
		return nil
	})
	vegnettPosisjon = opOf("Vegnett.Posisjon", checkList[Posisjon])
)

// checkPosisjon refuses a point that is not on a veglenkesekvens (a
// proxy's {}).
func checkPosisjon(p *Posisjon) error {
	if p.Veglenkesekvens.Veglenkesekvensid <= 0 {
		return errors.New("posisjon without veglenkesekvens")
	}
	return nil
}

// Veg finds the point of a road reference or veglenkesekvens position
// (GET /vegnett/api/v4/veg).
func (s *VegnettService) Veg(ctx context.Context, q *VegQuery) (*Posisjon, error) {
	if q == nil {
		q = &VegQuery{}
	}
	v, err := encode(q)
	return vegnettVeg.Do(ctx, s.t(), get(VegnettPrefix+"/veg", v, err))
}

// VegBatchQuery looks up many points at once, by road reference and/or
// veglenkesekvens position.
type VegBatchQuery struct {
	Vegsystemreferanser []string `url:"vegsystemreferanser,comma,omitempty"`
	Veglenkesekvenser   []string `url:"veglenkesekvenser,comma,omitempty"`
	Kommune             []int    `url:"kommune,comma,omitempty"` // only in these kommuner
	Srid                Srid     `url:"srid,omitempty"`          // coordinate system of the answer
}

func (q *VegBatchQuery) validate() error {
	if len(q.Vegsystemreferanser)+len(q.Veglenkesekvenser) == 0 {
		return invalidf("veg/batch needs at least one vegsystemreferanse or veglenkesekvens")
	}
	for _, v := range q.Veglenkesekvenser {
		if err := checkVls(v); err != nil {
			return err
		}
	}
	for _, v := range q.Vegsystemreferanser {
		if err := checkVsrMeter(v); err != nil {
			return err
		}
	}
	var c checker
	c.strs("vegsystemreferanser", q.Vegsystemreferanser)
	c.strs("veglenkesekvenser", q.Veglenkesekvenser)
	positives(&c, "kommune", q.Kommune)
	enum(&c, "srid", q.Srid, validSrid)
	return c.err
}

// VegBatch finds the points of many road references and veglenkesekvens
// positions in one request (GET /vegnett/api/v4/veg/batch). The answer
// maps each reference, as given, to its point; references NVDB cannot
// place are left out.
func (s *VegnettService) VegBatch(ctx context.Context, q *VegBatchQuery) (map[string]Posisjon, error) {
	if q == nil {
		q = &VegBatchQuery{}
	}
	v, err := encode(q)
	out, err := vegnettVegBatch.Do(ctx, s.t(), get(VegnettPrefix+"/veg/batch", v, err))
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// PosisjonQuery asks for the road nearest a point, given in UTM33 as Nord
// and Ost or in WGS84 as Lat and Lon (set one pair).
type PosisjonQuery struct {
	// The coordinates are sent as decimals (never with an exponent).
	Nord, Ost           *float64        `url:"-"`
	Lat, Lon            *float64        `url:"-"`
	MaksAvstand         int             `url:"maks_avstand,omitempty"`                  // search radius in metres
	MaksAntall          int             `url:"maks_antall,omitempty"`                   // most hits to return
	Konnekteringslenker *bool           `url:"konnekteringslenker,omitempty"`           // include hits on connecting links
	DetaljerteLenker    *bool           `url:"detaljerte_lenker,omitempty"`             // include hits on detailed links
	Tidspunkt           time.Time       `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the network as it was on this date
	Vegsystemreferanse  []string        `url:"vegsystemreferanse,comma,omitempty"`      // only on these roads
	Srid                Srid            `url:"srid,omitempty"`                          // coordinate system of the answer
	Trafikantgruppe     Trafikantgruppe `url:"trafikantgruppe,omitempty"`
}

// Float returns a pointer to f, for the coordinates of a PosisjonQuery.
func Float(f float64) *float64 { return &f }

func finite(fs ...*float64) bool {
	for _, f := range fs {
		if math.IsNaN(*f) || math.IsInf(*f, 0) {
			return false
		}
	}
	return true
}

func (q *PosisjonQuery) validate() error {
	utm, wgs := q.Nord != nil || q.Ost != nil, q.Lat != nil || q.Lon != nil
	switch {
	case utm && wgs:
		return invalidf("posisjon takes Nord and Ost or Lat and Lon, not both")
	case utm:
		if q.Nord == nil || q.Ost == nil || !finite(q.Nord, q.Ost) {
			return invalidf("posisjon needs both Nord and Ost as numbers")
		}
	case wgs:
		if q.Lat == nil || q.Lon == nil || !finite(q.Lat, q.Lon) || math.Abs(*q.Lat) > 90 || math.Abs(*q.Lon) > 180 {
			return invalidf("posisjon needs both Lat (-90..90) and Lon (-180..180)")
		}
	default:
		return invalidf("posisjon needs Nord and Ost or Lat and Lon")
	}
	if q.MaksAvstand < 0 || q.MaksAntall < 0 {
		return invalidf("posisjon: MaksAvstand and MaksAntall must be >= 0")
	}
	var c checker
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	enum(&c, "srid", q.Srid, validSrid)
	enum(&c, "trafikantgruppe", q.Trafikantgruppe, validTrafikantgruppe)
	return c.err
}

// Posisjon finds the nearest points on the road network to a coordinate,
// nearest first, each with its distance (GET /vegnett/api/v4/posisjon).
func (s *VegnettService) Posisjon(ctx context.Context, q *PosisjonQuery) ([]*Posisjon, error) {
	if q == nil {
		q = &PosisjonQuery{}
	}
	v, err := encode(q)
	if err == nil {
		f := func(p *float64) string { return strconv.FormatFloat(*p, 'f', -1, 64) }
		if q.Nord != nil {
			v.Set("nord", f(q.Nord))
			v.Set("ost", f(q.Ost))
		} else {
			v.Set("lat", f(q.Lat))
			v.Set("lon", f(q.Lon))
		}
	}
	return many(vegnettPosisjon.Do(ctx, s.t(), get(VegnettPrefix+"/posisjon", v, err)))
}
