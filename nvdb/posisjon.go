package nvdb

import (
	"context"
	"fmt"
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
	Vegsystemreferanse string
	Veglenkesekvens    string
	Tidspunkt          time.Time // the network as it was on this date
	Srid               Srid      // coordinate system of the answer
	Kommune            []int     // only in these kommuner
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

// Veg finds the point of a road reference or veglenkesekvens position.
func (s *VegnettService) Veg(ctx context.Context, q *VegQuery) (*Posisjon, error) {
	if q == nil || (q.Vegsystemreferanse == "") == (q.Veglenkesekvens == "") {
		return nil, invalidf("nvdb: veg needs exactly one of Vegsystemreferanse and Veglenkesekvens")
	}
	e := newEnc()
	if q.Veglenkesekvens != "" {
		if err := checkVls(q.Veglenkesekvens); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
		e.v.Set("veglenkesekvens", q.Veglenkesekvens)
	} else {
		if err := checkVsrMeter(q.Vegsystemreferanse); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
		e.v.Set("vegsystemreferanse", q.Vegsystemreferanse)
	}
	e.date("tidspunkt", q.Tidspunkt)
	e.enum("srid", string(q.Srid), validSrid)
	e.ints("kommune", q.Kommune)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	var out Posisjon
	if err := (*service)(s).get(ctx, VegnettPrefix+"/veg", e.v, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VegBatchQuery looks up many points at once, by road reference and/or
// veglenkesekvens position.
type VegBatchQuery struct {
	Vegsystemreferanser []string
	Veglenkesekvenser   []string
	Kommune             []int // only in these kommuner
	Srid                Srid  // coordinate system of the answer
}

// VegBatch finds the points of many road references and veglenkesekvens
// positions in one request. The answer maps each reference, as given, to
// its point; references NVDB cannot place are left out.
func (s *VegnettService) VegBatch(ctx context.Context, q *VegBatchQuery) (map[string]Posisjon, error) {
	if q == nil || len(q.Vegsystemreferanser)+len(q.Veglenkesekvenser) == 0 {
		return nil, invalidf("nvdb: veg/batch needs at least one vegsystemreferanse or veglenkesekvens")
	}
	for _, v := range q.Veglenkesekvenser {
		if err := checkVls(v); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
	}
	for _, v := range q.Vegsystemreferanser {
		if err := checkVsrMeter(v); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
	}
	e := newEnc()
	e.strs("vegsystemreferanser", q.Vegsystemreferanser)
	e.strs("veglenkesekvenser", q.Veglenkesekvenser)
	e.ints("kommune", q.Kommune)
	e.enum("srid", string(q.Srid), validSrid)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	out := map[string]Posisjon{}
	if err := (*service)(s).get(ctx, VegnettPrefix+"/veg/batch", e.v, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// PosisjonQuery asks for the road nearest a point, given in UTM33 as Nord
// and Ost or in WGS84 as Lat and Lon (set one pair).
type PosisjonQuery struct {
	Nord, Ost           *float64
	Lat, Lon            *float64
	MaksAvstand         int       // search radius in metres
	MaksAntall          int       // most hits to return
	Konnekteringslenker *bool     // include hits on connecting links
	DetaljerteLenker    *bool     // include hits on detailed links
	Tidspunkt           time.Time // the network as it was on this date
	Vegsystemreferanse  []string  // only on these roads
	Srid                Srid      // coordinate system of the answer
	Trafikantgruppe     Trafikantgruppe
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

// Posisjon finds the nearest points on the road network to a coordinate,
// nearest first, each with its distance.
func (s *VegnettService) Posisjon(ctx context.Context, q *PosisjonQuery) ([]*Posisjon, error) {
	if q == nil {
		return nil, invalidf("nvdb: posisjon needs Nord and Ost or Lat and Lon")
	}
	utm, wgs := q.Nord != nil || q.Ost != nil, q.Lat != nil || q.Lon != nil
	e := newEnc()
	switch {
	case utm && wgs:
		return nil, invalidf("nvdb: posisjon takes Nord and Ost or Lat and Lon, not both")
	case utm:
		if q.Nord == nil || q.Ost == nil || !finite(q.Nord, q.Ost) {
			return nil, invalidf("nvdb: posisjon needs both Nord and Ost as numbers")
		}
		e.v.Set("nord", strconv.FormatFloat(*q.Nord, 'f', -1, 64))
		e.v.Set("ost", strconv.FormatFloat(*q.Ost, 'f', -1, 64))
	case wgs:
		if q.Lat == nil || q.Lon == nil || !finite(q.Lat, q.Lon) || math.Abs(*q.Lat) > 90 || math.Abs(*q.Lon) > 180 {
			return nil, invalidf("nvdb: posisjon needs both Lat (-90..90) and Lon (-180..180)")
		}
		e.v.Set("lat", strconv.FormatFloat(*q.Lat, 'f', -1, 64))
		e.v.Set("lon", strconv.FormatFloat(*q.Lon, 'f', -1, 64))
	default:
		return nil, invalidf("nvdb: posisjon needs Nord and Ost or Lat and Lon")
	}
	if q.MaksAvstand < 0 || q.MaksAntall < 0 {
		return nil, invalidf("nvdb: posisjon: MaksAvstand and MaksAntall must be >= 0")
	}
	if q.MaksAvstand > 0 {
		e.v.Set("maks_avstand", strconv.Itoa(q.MaksAvstand))
	}
	if q.MaksAntall > 0 {
		e.v.Set("maks_antall", strconv.Itoa(q.MaksAntall))
	}
	e.boolp("konnekteringslenker", q.Konnekteringslenker)
	e.boolp("detaljerte_lenker", q.DetaljerteLenker)
	e.date("tidspunkt", q.Tidspunkt)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.enum("srid", string(q.Srid), validSrid)
	e.enum("trafikantgruppe", string(q.Trafikantgruppe), validTrafikantgruppe)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	var out []Posisjon
	if err := (*service)(s).get(ctx, VegnettPrefix+"/posisjon", e.v, &out); err != nil {
		return nil, err
	}
	return pointers(out), nil
}
