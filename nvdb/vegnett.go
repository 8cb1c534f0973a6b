package nvdb

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// VegnettService reads the road network from /vegnett/api/v4:
// veglenkesekvenser, the segmented network, nodes, road references to and
// from positions, the nearest road to a point, routes and the change feed.
type VegnettService service

// Topologiniva is the topology level of the road network.
type Topologiniva string

// Values of topologiniva.
const (
	TopologinivaVegtrase  Topologiniva = "vegtrase"
	TopologinivaKjorebane Topologiniva = "kjørebane"
	TopologinivaKjorefelt Topologiniva = "kjørefelt"
)

var (
	validTopologiniva = set("vegtrase", "kjørebane", "kjørefelt")
	// The vegnett service spells veglenketype its own way.
	vegnettVeglenketype = map[Veglenketype]string{VeglenketypeHoved: "Hoved", VeglenketypeDetaljert: "Detaljert",
		VeglenketypeKonnektering: "Konnektering", VeglenketypeDetaljertKonnektering: "detaljert_konnektering"}
	// The route takes typeveg by display name.
	typeVegNavn = map[TypeVeg]string{TypeVegKanalisertVeg: "Kanalisert veg", TypeVegEnkelBilveg: "Enkel bilveg", TypeVegRampe: "Rampe",
		TypeVegRundkjoring: "Rundkjøring", TypeVegBilferje: "Bilferje", TypeVegPassasjerferje: "Passasjerferje",
		TypeVegGangOgSykkelveg: "Gang- og sykkelveg", TypeVegSykkelveg: "Sykkelveg", TypeVegGangveg: "Gangveg", TypeVegGagate: "Gågate",
		TypeVegFortau: "Fortau", TypeVegTrapp: "Trapp", TypeVegGangfelt: "Gangfelt", TypeVegGatetun: "Gatetun",
		TypeVegTraktorveg: "Traktorveg", TypeVegSti: "Sti", TypeVegAnnet: "Annet"}
)

// Aliases of Side for the road network's pages.
type (
	// VeglenkesekvenserSide is one page of veglenkesekvenser.
	VeglenkesekvenserSide = Side[Veglenkesekvens]
	// VeglenkesegmenterSide is one page of the segmented road network.
	VeglenkesegmenterSide = Side[Veglenkesegment]
	// NoderSide is one page of nodes.
	NoderSide = Side[Node]
)

func (e *enc) pageParams(antall int, start string, inkluderAntall bool) {
	if antall < 0 {
		e.fail("invalid antall %d: must be >= 0", antall)
	} else if antall > 0 {
		e.v.Set("antall", strconv.Itoa(antall))
	}
	e.str("start", start)
	if inkluderAntall {
		e.v.Set("inkluderAntall", "true")
	}
}

func (e *enc) int64v(name string, v int64) {
	if v < 0 {
		e.fail("invalid %s %d: must be > 0", name, v)
	} else if v > 0 {
		e.v.Set(name, strconv.FormatInt(v, 10))
	}
}

// VeglenkesekvensQuery holds the parameters of a veglenkesekvenser listing.
type VeglenkesekvensQuery struct {
	Ider               []int64      // only these veglenkesekvenser
	Fylke              []int        // fylke numbers
	Kommune            []int        // kommune numbers
	Kontraktsomrade    []string     // contract areas, by name or id
	Riksvegrute        []string     // national routes, by name or enum id
	Vegsystemreferanse []string     // road references ("EV6S1D1"; prefix a kommune number to limit the area)
	Topologiniva       Topologiniva // only links at this topology level
	Superid            int64        // detailed veglenkesekvenser placed on this one
	Srid               Srid         // coordinate system of the geometry
	Polygon            string       // polygon "x y, x y, ..." in UTM33
	Antall             int          // page size (capped by the server)
	Start              string       // cursor of the page to fetch (a page's Neste)
	InkluderAntall     bool         // ask for the total count in the page metadata
}

func (q *VeglenkesekvensQuery) values() (url.Values, error) {
	e := newEnc()
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("riksvegrute", q.Riksvegrute)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.enum("topologiniva", string(q.Topologiniva), validTopologiniva)
	e.int64v("superid", q.Superid)
	e.enum("srid", string(q.Srid), validSrid)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.pageParams(q.Antall, q.Start, q.InkluderAntall)
	return e.v, e.err
}

func (q *VeglenkesekvensQuery) clone() *VeglenkesekvensQuery {
	if q == nil {
		return &VeglenkesekvensQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Riksvegrute = append([]string(nil), q.Riksvegrute...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	return &c
}

const veglenkesekvenserPath = VegnettPrefix + "/veglenkesekvenser"

// ListVeglenkesekvenser fetches one page of veglenkesekvenser matching q,
// from q.Start; the page's Neste is the cursor of the next one.
func (s *VegnettService) ListVeglenkesekvenser(ctx context.Context, q *VeglenkesekvensQuery) (*VeglenkesekvenserSide, error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return fetchSide[Veglenkesekvens](ctx, (*service)(s), veglenkesekvenserPath, v, q.Start)
}

// AllVeglenkesekvenser iterates over every veglenkesekvens matching q,
// page by page from q.Start. No request is made until it is ranged; an
// error is yielded once and ends it.
func (s *VegnettService) AllVeglenkesekvenser(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Veglenkesekvens, error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	return itemsOf(pagesOf[Veglenkesekvens](ctx, (*service)(s), veglenkesekvenserPath, v, err, q.Start))
}

// GetVeglenkesekvens fetches one veglenkesekvens; srid may be "".
func (s *VegnettService) GetVeglenkesekvens(ctx context.Context, id int64, srid Srid) (*Veglenkesekvens, error) {
	return getBySrid[Veglenkesekvens](ctx, s, veglenkesekvenserPath, "veglenkesekvens", id, srid)
}

// getBySrid fetches one road-network element by id, with an optional srid.
func getBySrid[T any](ctx context.Context, s *VegnettService, path, what string, id int64, srid Srid) (*T, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid %s id %d: must be > 0", what, id)
	}
	e := newEnc()
	e.enum("srid", string(srid), validSrid)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	var out T
	if err := (*service)(s).get(ctx, path+"/"+strconv.FormatInt(id, 10), e.v, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

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

// ListSegmentert fetches one page of the segmented road network matching
// q, from q.Start; the page's Neste is the cursor of the next one.
func (s *VegnettService) ListSegmentert(ctx context.Context, q *SegmentertQuery) (*VeglenkesegmenterSide, error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return fetchSide[Veglenkesegment](ctx, (*service)(s), segmentertPath, v, q.Start)
}

// PagesSegmentert iterates over the pages of the segmented road network,
// each with its Neste cursor to save for a resume.
func (s *VegnettService) PagesSegmentert(ctx context.Context, q *SegmentertQuery) iter.Seq2[*VeglenkesegmenterSide, error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	return pagesOf[Veglenkesegment](ctx, (*service)(s), segmentertPath, v, err, q.Start)
}

// AllSegmentert iterates over every road segment matching q, page by page
// from q.Start.
func (s *VegnettService) AllSegmentert(ctx context.Context, q *SegmentertQuery) iter.Seq2[*Veglenkesegment, error] {
	return itemsOf(s.PagesSegmentert(ctx, q))
}

// SegmentertOptions shape the answer of GetSegmentert.
type SegmentertOptions struct {
	Srid      Srid      // coordinate system of the geometry
	Historisk *bool     // include historic segments
	Tidspunkt time.Time // the network as it was on this date
}

// GetSegmentert fetches the segments of one veglenkesekvens.
func (s *VegnettService) GetSegmentert(ctx context.Context, id int64, opts *SegmentertOptions) ([]Veglenkesegment, error) {
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
	var out []Veglenkesegment
	if err := (*service)(s).get(ctx, segmentertPath+"/"+strconv.FormatInt(id, 10), e.v, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// NodeQuery holds the parameters of a node listing.
type NodeQuery struct {
	Srid               Srid     // coordinate system of the geometry
	Ider               []int64  // only these nodes
	Fylke              []int    // fylke numbers
	Kommune            []int    // kommune numbers
	Kontraktsomrade    []string // contract areas, by name or id
	Vegsystemreferanse []string // road references
	Kartutsnitt        string   // bounding box "minX,minY,maxX,maxY"
	Polygon            string   // polygon "x y, x y, ..." in UTM33
	Superid            int64    // nodes of detailed links on this veglenkesekvens
	Antall             int      // page size (capped by the server)
	Start              string   // cursor of the page to fetch (a page's Neste)
	InkluderAntall     bool     // ask for the total count in the page metadata
}

func (q *NodeQuery) clone() *NodeQuery {
	if q == nil {
		return &NodeQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	return &c
}

func (q *NodeQuery) values() (url.Values, error) {
	e := newEnc()
	e.enum("srid", string(q.Srid), validSrid)
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.kartutsnitt(q.Kartutsnitt)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.int64v("superid", q.Superid)
	e.pageParams(q.Antall, q.Start, q.InkluderAntall)
	return e.v, e.err
}

const noderPath = VegnettPrefix + "/noder"

// ListNoder fetches one page of nodes matching q, from q.Start.
func (s *VegnettService) ListNoder(ctx context.Context, q *NodeQuery) (*NoderSide, error) {
	q = q.clone()
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return fetchSide[Node](ctx, (*service)(s), noderPath, v, q.Start)
}

// AllNoder iterates over every node matching q, page by page from q.Start.
func (s *VegnettService) AllNoder(ctx context.Context, q *NodeQuery) iter.Seq2[*Node, error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	v, err := q.values()
	return itemsOf(pagesOf[Node](ctx, (*service)(s), noderPath, v, err, q.Start))
}

// GetNode fetches one node; srid may be "".
func (s *VegnettService) GetNode(ctx context.Context, id int64, srid Srid) (*Node, error) {
	return getBySrid[Node](ctx, s, noderPath, "node", id, srid)
}

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
func (s *VegnettService) Posisjon(ctx context.Context, q *PosisjonQuery) ([]Posisjon, error) {
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
	return out, nil
}

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

// VeglenkesekvensEndringerQuery holds the parameters of the road
// network's change feed (the last 30 days).
type VeglenkesekvensEndringerQuery struct {
	// Start is where to begin: a date, a timestamp with zone, or a page's
	// Neste. Empty starts with the oldest change. Fra is the same as a
	// time.Time; set at most one of the two.
	Start string
	Fra   time.Time
	// Slutt ends the feed before this date or timestamp; Til likewise.
	Slutt   string
	Til     time.Time
	Ider    []int64 // only these veglenkesekvenser
	Fylke   []int   // fylke numbers
	Kommune []int   // kommune numbers
	Antall  int     // page size, at most MaxEndringerAntall
}

func (q *VeglenkesekvensEndringerQuery) values() (url.Values, error) {
	e := newEnc()
	if q == nil {
		return e.v, nil
	}
	start, err := tidOrString("start", q.Start, q.Fra, true)
	if err != nil {
		return nil, err
	}
	slutt, err := tidOrString("slutt", q.Slutt, q.Til, false)
	if err != nil {
		return nil, err
	}
	e.str("start", start)
	e.str("slutt", slutt)
	e.ids("ider", q.Ider)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	switch {
	case q.Antall < 0 || q.Antall > MaxEndringerAntall:
		e.fail("invalid antall %d: must be between 1 and %d", q.Antall, MaxEndringerAntall)
	case q.Antall > 0:
		e.v.Set("antall", strconv.Itoa(q.Antall))
	}
	return e.v, e.err
}

const vegnettEndringerPath = VegnettPrefix + "/veglenkesekvenser/endringer"

// Endringer fetches one page of the road network's change feed.
func (s *VegnettService) Endringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) (*VeglenkesekvensEndringerSide, error) {
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.endringerPage(ctx, v)
}

func (s *VegnettService) endringerPage(ctx context.Context, v url.Values) (*VeglenkesekvensEndringerSide, error) {
	var out VeglenkesekvensEndringerSide
	if err := (*service)(s).get(ctx, vegnettEndringerPath, v, &out); err != nil {
		return nil, err
	}
	out.Neste = v.Get("start")
	if n := out.Metadata.Neste; n != nil && n.Start != "" {
		out.Neste = n.Start
	}
	return &out, nil
}

// AlleEndringer iterates over the pages of the road network's change feed
// from q's start until it is caught up (an empty page or a repeated
// cursor). The last page's Neste is where a later poll continues.
func (s *VegnettService) AlleEndringer(ctx context.Context, q *VeglenkesekvensEndringerQuery) iter.Seq2[*VeglenkesekvensEndringerSide, error] {
	v, verr := q.values()
	start := v.Get("start")
	fetch := func(ctx context.Context, cursor string) (paginate.Page[*VeglenkesekvensEndringerSide, string], error) {
		if verr != nil {
			return paginate.Page[*VeglenkesekvensEndringerSide, string]{}, fmt.Errorf("nvdb: %w", verr)
		}
		pv := make(url.Values, len(v)+1)
		for k, x := range v {
			pv[k] = x
		}
		pv.Del("start")
		if cursor != "" {
			pv.Set("start", cursor)
		}
		side, err := s.endringerPage(ctx, pv)
		if err != nil {
			return paginate.Page[*VeglenkesekvensEndringerSide, string]{}, err
		}
		if side.Len() == 0 {
			return paginate.Page[*VeglenkesekvensEndringerSide, string]{Last: true}, nil
		}
		return paginate.Page[*VeglenkesekvensEndringerSide, string]{Items: []*VeglenkesekvensEndringerSide{side}, Next: side.Neste}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
}

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
func (s *VegnettService) SegmentertStatistikkGruppert(ctx context.Context, q *SegmentertStatistikkQuery) ([]VegnettStatistikkGruppe, error) {
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
	return out, nil
}
