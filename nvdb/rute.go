package nvdb

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// RuteQuery asks for a route (beta): from Start to Slutt, each a point
// "x, y" or a position "0.1@1234", or along a Geometri (WKT linestring).
type RuteQuery struct {
	Start                 string          `url:"start,omitempty"`
	Slutt                 string          `url:"slutt,omitempty"`
	Geometri              string          `url:"geometri,omitempty"`                 // a WKT line to match the network to; not with LinjeGeometri
	LinjeGeometri         string          `url:"linje_geometri,omitempty"`           // a WKT line bounding the search corridor between Start and Slutt
	MaksAvstand           int             `url:"maks_avstand,omitempty"`             // largest distance in metres to the links (server default 10)
	Omkrets               int             `url:"omkrets,omitempty"`                  // envelope around Start and Slutt in metres, 1..15000 (default 200)
	Konnekteringslenker   *bool           `url:"konnekteringslenker,omitempty"`      // include connecting links (default true)
	DetaljerteLenker      *bool           `url:"detaljerte_lenker,omitempty"`        // include detailed links (default false)
	Kortform              bool            `url:"kortform,omitempty"`                 // ask for the short form (Rute.Kortform)
	Vegsystemreferanse    []string        `url:"vegsystemreferanse,comma,omitempty"` // only on these roads ("EV6", "R", "F")
	Trafikantgruppe       Trafikantgruppe `url:"trafikantgruppe,omitempty"`          // route for this group
	BeholdTrafikantgruppe *bool           `url:"behold_trafikantgruppe,omitempty"`   // keep the group of the first and last point along the route
	// TypeVeg limits the route to these kinds of road; the route takes
	// them by display name ("Enkel bilveg"), which the client sends.
	TypeVeg   []TypeVeg `url:"-"`
	Tidspunkt time.Time `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the network as it was on this date
	Srid      Srid      `url:"srid,omitempty"`                          // coordinate system of points and answer
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

func (q *RuteQuery) validate() error {
	switch {
	case q.Geometri != "" && (q.Start != "" || q.Slutt != ""):
		return invalidf("rute takes Start and Slutt or Geometri, not both")
	case q.Geometri != "" && q.LinjeGeometri != "":
		return invalidf("rute: LinjeGeometri cannot be combined with Geometri")
	case q.Geometri == "" && (q.Start == "" || q.Slutt == ""):
		return invalidf("rute needs both Start and Slutt, or Geometri")
	}
	if q.Geometri == "" {
		if err := checkRutePunkt("start", q.Start); err != nil {
			return err
		}
		if err := checkRutePunkt("slutt", q.Slutt); err != nil {
			return err
		}
	}
	for _, g := range []string{q.Geometri, q.LinjeGeometri} {
		if g != "" && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(g)), "LINESTRING") {
			return invalidf("rute: geometry %.40q is not a WKT LINESTRING", g)
		}
	}
	if q.MaksAvstand < 0 {
		return invalidf("rute: invalid MaksAvstand %d", q.MaksAvstand)
	}
	if q.Omkrets < 0 || q.Omkrets > MaxOmkrets {
		return invalidf("rute: invalid Omkrets %d: must be 1..%d", q.Omkrets, MaxOmkrets)
	}
	var c checker
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	enum(&c, "trafikantgruppe", q.Trafikantgruppe, validTrafikantgruppe)
	for _, t := range q.TypeVeg {
		if _, ok := typeVegNavn[t]; !ok {
			c.fail("invalid typeveg %q", t)
		}
	}
	enum(&c, "srid", q.Srid, validSrid)
	return c.err
}

const rutePath = VegnettPrefix + "/beta/vegnett/rute"

var (
	vegnettRute = opOf("Vegnett.Rute", checkRute)
	// The route only reads, so repeating its POST is safe.
	vegnettRutePost = &endpoint.Op[Rute]{
		Spec:   endpoint.Spec{Name: "Vegnett.Rute", Method: http.MethodPost, RetrySafe: true},
		Decode: decodeJSON[Rute],
		Check:  checkRute,
	}
)

// checkRute refuses an answer that is not a route of either form (a
// proxy's {}).
func checkRute(r *Rute) error {
	if r.Type != "Rute" && r.Type != "RuteKortform" {
		return fmt.Errorf("a route of type %q", r.Type)
	}
	return nil
}

// Rute finds a route through the road network, a beta endpoint of NVDB
// (GET /vegnett/api/v4/beta/vegnett/rute). Long geometries are sent in a
// POST body instead of the query string.
func (s *VegnettService) Rute(ctx context.Context, q *RuteQuery) (*Rute, error) {
	if q == nil {
		return nil, invalidf("nvdb: rute needs Start and Slutt or Geometri")
	}
	v, err := encode(q)
	if err != nil {
		return nil, err
	}
	navn := make([]string, len(q.TypeVeg))
	for i, t := range q.TypeVeg {
		navn[i] = typeVegNavn[t]
	}
	if len(navn) > 0 {
		v.Set("typeveg", strings.Join(navn, ","))
	}
	if len(q.Geometri)+len(q.LinjeGeometri) <= maxRuteQuery {
		return vegnettRute.Do(ctx, s.t(), endpoint.Request{Path: rutePath, Query: v})
	}
	return vegnettRutePost.Do(ctx, s.t(), endpoint.Request{Path: rutePath, Body: ruteBody(q, navn)})
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
