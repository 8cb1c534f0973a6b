package nvdb

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// RuteQuery asks for a route (beta): from Start to Slutt, each a point
// "x, y" or a position "0.1@1234", or along a Geometri (WKT linestring).
type RuteQuery struct {
	Start, Slutt          string
	Geometri              string          // a WKT line to match the network to; not with LinjeGeometri
	LinjeGeometri         string          // a WKT line bounding the search corridor between Start and Slutt
	MaksAvstand           int             // largest distance in metres to the links (server default 10)
	Omkrets               int             // envelope around Start and Slutt in metres, 1..15000 (default 200)
	Konnekteringslenker   *bool           // include connecting links (default true)
	DetaljerteLenker      *bool           // include detailed links (default false)
	Kortform              bool            // ask for the short form (Rute.Kortform)
	Vegsystemreferanse    []string        // only on these roads ("EV6", "R", "F")
	Trafikantgruppe       Trafikantgruppe // route for this group
	BeholdTrafikantgruppe *bool           // keep the group of the first and last point along the route
	TypeVeg               []TypeVeg       // only on these kinds of road
	Tidspunkt             time.Time       // the network as it was on this date
	Srid                  Srid            // coordinate system of points and answer
}

// MaxOmkrets is the largest envelope a route may search in.
const MaxOmkrets = 15000

func checkRutePunkt(name, s string) error {
	if strings.Contains(s, "@") {
		return checkVls(s)
	}
	x, y, ok := strings.Cut(s, ",")
	_, err1 := strconv.ParseFloat(strings.TrimSpace(x), 64)
	_, err2 := strconv.ParseFloat(strings.TrimSpace(y), 64)
	if !ok || err1 != nil || err2 != nil {
		return invalidf("invalid %s %q: want a point \"x, y\" or a position 0.1@1234", name, s)
	}
	return nil
}

// Rute finds a route through the road network (a beta endpoint of NVDB).
// Long geometries are sent in a POST body instead of the query string.
func (s *VegnettService) Rute(ctx context.Context, q *RuteQuery) (*Rute, error) {
	if q == nil {
		return nil, invalidf("nvdb: rute needs Start and Slutt or Geometri")
	}
	switch {
	case q.Geometri != "" && (q.Start != "" || q.Slutt != ""):
		return nil, invalidf("nvdb: rute takes Start and Slutt or Geometri, not both")
	case q.Geometri != "" && q.LinjeGeometri != "":
		return nil, invalidf("nvdb: rute: LinjeGeometri cannot be combined with Geometri")
	case q.Geometri == "" && (q.Start == "" || q.Slutt == ""):
		return nil, invalidf("nvdb: rute needs both Start and Slutt, or Geometri")
	}
	if q.Geometri == "" {
		if err := checkRutePunkt("start", q.Start); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
		if err := checkRutePunkt("slutt", q.Slutt); err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
	}
	for _, g := range []string{q.Geometri, q.LinjeGeometri} {
		if g != "" && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(g)), "LINESTRING") {
			return nil, invalidf("nvdb: rute: geometry %.40q is not a WKT LINESTRING", g)
		}
	}
	if q.MaksAvstand < 0 {
		return nil, invalidf("nvdb: rute: invalid MaksAvstand %d", q.MaksAvstand)
	}
	if q.Omkrets < 0 || q.Omkrets > MaxOmkrets {
		return nil, invalidf("nvdb: rute: invalid Omkrets %d: must be 1..%d", q.Omkrets, MaxOmkrets)
	}
	e := newEnc()
	e.str("start", q.Start)
	e.str("slutt", q.Slutt)
	e.str("geometri", q.Geometri)
	e.str("linje_geometri", q.LinjeGeometri)
	if q.MaksAvstand > 0 {
		e.v.Set("maks_avstand", strconv.Itoa(q.MaksAvstand))
	}
	if q.Omkrets > 0 {
		e.v.Set("omkrets", strconv.Itoa(q.Omkrets))
	}
	e.boolp("konnekteringslenker", q.Konnekteringslenker)
	e.boolp("detaljerte_lenker", q.DetaljerteLenker)
	if q.Kortform {
		e.v.Set("kortform", "true")
	}
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.enum("trafikantgruppe", string(q.Trafikantgruppe), validTrafikantgruppe)
	e.boolp("behold_trafikantgruppe", q.BeholdTrafikantgruppe)
	var navn []string
	for _, t := range q.TypeVeg {
		n, ok := typeVegNavn[t]
		if !ok {
			e.fail("invalid typeveg %q", t)
		}
		navn = append(navn, n)
	}
	if len(navn) > 0 {
		e.v.Set("typeveg", strings.Join(dedupe(navn), ","))
	}
	e.date("tidspunkt", q.Tidspunkt)
	e.enum("srid", string(q.Srid), validSrid)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	const path = VegnettPrefix + "/beta/vegnett/rute"
	var out Rute
	if len(q.Geometri)+len(q.LinjeGeometri) <= maxRuteQuery {
		if err := (*service)(s).get(ctx, path, e.v, &out); err != nil {
			return nil, err
		}
		return &out, nil
	}
	body, err := json.Marshal(ruteBody(q, navn))
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	// The route only reads, so repeating the POST is safe.
	req := &transport.Request{Method: "POST", Path: path, Body: body, ContentType: "application/json", RetrySafe: true}
	if _, err := s.client.tc.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// maxRuteQuery is the length of geometry above which Rute sends a POST.
const maxRuteQuery = 4000

func ruteBody(q *RuteQuery, typeveg []string) map[string]any {
	b := map[string]any{
		"maks_avstand": q.MaksAvstand, "omkrets": q.Omkrets, "kortform": q.Kortform,
		"konnekteringslenker": true, "detaljerte_lenker": false, "behold_trafikantgruppe": false,
	}
	if q.MaksAvstand == 0 {
		b["maks_avstand"] = 10
	}
	if q.Omkrets == 0 {
		b["omkrets"] = 200
	}
	if q.Konnekteringslenker != nil {
		b["konnekteringslenker"] = *q.Konnekteringslenker
	}
	if q.DetaljerteLenker != nil {
		b["detaljerte_lenker"] = *q.DetaljerteLenker
	}
	if q.BeholdTrafikantgruppe != nil {
		b["behold_trafikantgruppe"] = *q.BeholdTrafikantgruppe
	}
	for k, v := range map[string]string{"start": q.Start, "slutt": q.Slutt, "geometri": q.Geometri, "linje_geometri": q.LinjeGeometri,
		"trafikantgruppe": string(q.Trafikantgruppe), "srid": string(q.Srid)} {
		if v != "" {
			b[k] = v
		}
	}
	if len(q.Vegsystemreferanse) > 0 {
		b["vegsystemreferanse"] = q.Vegsystemreferanse
	}
	if len(typeveg) > 0 {
		b["typeveg"] = typeveg
	}
	if !q.Tidspunkt.IsZero() {
		b["tidspunkt"] = q.Tidspunkt.Format(time.DateOnly)
	}
	return b
}
