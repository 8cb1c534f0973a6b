package nvdb

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Inkluder names a part of a vegobjekt to include in answers.
type Inkluder string

// Values of the inkluder parameter for vegobjekter.
const (
	InkluderMetadata     Inkluder = "metadata"
	InkluderEgenskaper   Inkluder = "egenskaper"
	InkluderRelasjoner   Inkluder = "relasjoner"
	InkluderLokasjon     Inkluder = "lokasjon"
	InkluderVegsegmenter Inkluder = "vegsegmenter"
	InkluderGeometri     Inkluder = "geometri"
	InkluderAlle         Inkluder = "alle"
	InkluderMinimum      Inkluder = "minimum"
)

// Srid names the coordinate system of returned geometry.
type Srid string

// Values of the srid parameter. UTM33 (5973) is NVDB's own; 4326 gives
// WGS84 with latitude first.
const (
	Srid5972  Srid = "5972"
	Srid5973  Srid = "5973"
	Srid5975  Srid = "5975"
	Srid4326  Srid = "4326"
	SridUTM32 Srid = "UTM32"
	SridUTM33 Srid = "UTM33"
	SridUTM35 Srid = "UTM35"
	SridWGS84 Srid = "WGS84"
)

// InkluderGeometriValg picks which geometries a vegobjekt carries
// (the inkludergeometri parameter).
type InkluderGeometriValg string

// Values of inkludergeometri.
const (
	InkluderGeometriIngen    InkluderGeometriValg = "ingen"
	InkluderGeometriEgenskap InkluderGeometriValg = "egenskap"
	InkluderGeometriLokasjon InkluderGeometriValg = "lokasjon"
	InkluderGeometriUtledet  InkluderGeometriValg = "utledet"
)

// InkluderEgenskaperValg picks which egenskaper are returned
// (inkluder_egenskaper): basis is all but geometry.
type InkluderEgenskaperValg string

// Values of inkluder_egenskaper.
const (
	InkluderEgenskaperBasis    InkluderEgenskaperValg = "basis"
	InkluderEgenskaperGeometri InkluderEgenskaperValg = "geometri"
	InkluderEgenskaperAlle     InkluderEgenskaperValg = "alle"
)

// TypeVeg is the kind of road (typeveg, the SOSI names).
type TypeVeg string

// Values of typeveg.
const (
	TypeVegKanalisertVeg   TypeVeg = "kanalisertVeg"
	TypeVegEnkelBilveg     TypeVeg = "enkelBilveg"
	TypeVegRampe           TypeVeg = "rampe"
	TypeVegRundkjoring     TypeVeg = "rundkjøring"
	TypeVegBilferje        TypeVeg = "bilferje"
	TypeVegPassasjerferje  TypeVeg = "passasjerferje"
	TypeVegGangOgSykkelveg TypeVeg = "gangOgSykkelveg"
	TypeVegSykkelveg       TypeVeg = "sykkelveg"
	TypeVegGangveg         TypeVeg = "gangveg"
	TypeVegGagate          TypeVeg = "gågate"
	TypeVegFortau          TypeVeg = "fortau"
	TypeVegTrapp           TypeVeg = "trapp"
	TypeVegGangfelt        TypeVeg = "gangfelt"
	TypeVegGatetun         TypeVeg = "gatetun"
	TypeVegTraktorveg      TypeVeg = "traktorveg"
	TypeVegSti             TypeVeg = "sti"
	TypeVegAnnet           TypeVeg = "annet"
)

// AdskilteLop says whether a road has separated carriageways.
type AdskilteLop string

// Values of adskiltelop.
const (
	AdskilteLopMed AdskilteLop = "Med"
	AdskilteLopMot AdskilteLop = "Mot"
	AdskilteLopNei AdskilteLop = "Nei"
)

// Trafikantgruppe is who the road is for.
type Trafikantgruppe string

// Values of trafikantgruppe.
const (
	TrafikantgruppeKjorende Trafikantgruppe = "K" // motor vehicles
	TrafikantgruppeGaende   Trafikantgruppe = "G" // pedestrians and cyclists
)

// Veglenketype is the kind of road link.
type Veglenketype string

// Values of veglenketype.
const (
	VeglenketypeUkjent                Veglenketype = "ukjent"
	VeglenketypeDetaljert             Veglenketype = "detaljert"
	VeglenketypeKonnektering          Veglenketype = "konnektering"
	VeglenketypeDetaljertKonnektering Veglenketype = "detaljert_konnektering"
	VeglenketypeHoved                 Veglenketype = "hoved"
)

// Detaljniva is the level of detail of the road network.
type Detaljniva string

// Values of detaljniva (short names from the data catalogue).
const (
	DetaljnivaVegtrase            Detaljniva = "VT"
	DetaljnivaKjorebane           Detaljniva = "KB"
	DetaljnivaKjorefelt           Detaljniva = "KF"
	DetaljnivaVegtraseOgKjorebane Detaljniva = "VTKB"
)

// Dybde values for how many levels of children are included.
const DybdeFull = "full"

var (
	validInkluder         = set("metadata", "egenskaper", "relasjoner", "lokasjon", "vegsegmenter", "geometri", "alle", "minimum")
	validSrid             = set("5972", "5973", "5975", "4326", "UTM32", "UTM33", "UTM35", "WGS84")
	validInkluderGeometri = set("ingen", "egenskap", "lokasjon", "utledet")
	validInkluderEgensk   = set("basis", "geometri", "alle")
	validTypeVeg          = set("kanalisertVeg", "enkelBilveg", "rampe", "rundkjøring", "bilferje", "passasjerferje", "gangOgSykkelveg", "sykkelveg", "gangveg", "gågate", "fortau", "trapp", "gangfelt", "gatetun", "traktorveg", "sti", "annet")
	validAdskilteLop      = set("Med", "Mot", "Nei")
	validTrafikantgruppe  = set("K", "G")
	validVeglenketype     = set("ukjent", "detaljert", "konnektering", "detaljert_konnektering", "hoved")
	validDetaljniva       = set("VT", "KB", "KF", "VTKB")
	validStatInkluder     = set("lengde", "antall", "alle")
	validGruppering       = set("fylke", "kommune", "vegkategori")
)

func set(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// VegobjektQuery holds the parameters of a vegobjekter search. The zero
// value asks for everything with the server's defaults. Lists are sent
// comma-separated, as given; pointers are for booleans whose false
// matters.
type VegobjektQuery struct {
	Ider               []int64                `url:"ider,comma,omitempty"`            // only these objects
	Inkluder           []Inkluder             `url:"inkluder,comma,omitempty"`        // parts to include (default: id and href only)
	Srid               Srid                   `url:"srid,omitempty"`                  // coordinate system of the geometry
	InkluderGeometri   InkluderGeometriValg   `url:"inkludergeometri,omitempty"`      // inkludergeometri
	InkluderEgenskaper InkluderEgenskaperValg `url:"inkluder_egenskaper,omitempty"`   // inkluder_egenskaper
	Segmentering       *bool                  `url:"segmentering,omitempty"`          // cut line objects at the area filter's borders (default false)
	Fylke              []int                  `url:"fylke,comma,omitempty"`           // fylke numbers
	Kommune            []int                  `url:"kommune,comma,omitempty"`         // kommune numbers
	Kontraktsomrade    []string               `url:"kontraktsomrade,comma,omitempty"` // contract areas, by name or id
	Riksvegrute        []string               `url:"riksvegrute,comma,omitempty"`     // national routes, by name or enum id
	Vegforvalter       []string               `url:"vegforvalter,comma,omitempty"`    // road authorities, by name or enum id
	// Vegsystemreferanse is road references ("EV6S1D1 m12"; prefix a
	// kommune number to limit the area).
	Vegsystemreferanse []string        `url:"vegsystemreferanse,comma,omitempty"`
	Kartutsnitt        string          `url:"kartutsnitt,omitempty"`           // bounding box "minX,minY,maxX,maxY" in UTM33 (compares bounding boxes)
	Polygon            string          `url:"polygon,omitempty"`               // polygon "x y, x y, ..." in UTM33
	TypeVeg            []TypeVeg       `url:"typeveg,comma,omitempty"`         // typeveg: the kind of road it lies on
	AdskilteLop        []AdskilteLop   `url:"adskiltelop,comma,omitempty"`     // adskiltelop: on separated carriageways
	Kryssystem         *bool           `url:"kryssystem,omitempty"`            // placed where there is a kryssystem
	Sideanlegg         *bool           `url:"sideanlegg,omitempty"`            // placed where there is a sideanlegg
	Trafikantgruppe    Trafikantgruppe `url:"trafikantgruppe,omitempty"`       // motor vehicles or pedestrians and cyclists
	Veglenkesekvens    []string        `url:"veglenkesekvens,comma,omitempty"` // placements ("0.37@319531", "0.83-0.97@41640")
	Veglenketype       []Veglenketype  `url:"veglenketype,comma,omitempty"`    // veglenketype of the road network
	Detaljniva         []Detaljniva    `url:"detaljniva,comma,omitempty"`      // detaljniva of the road network
	Egenskap           Filter          `url:"egenskap,omitempty"`              // egenskap filter (see Filter)
	Overlapp           []Filter        `url:"overlapp,omitempty"`              // overlapp filters, ANDed (see Overlapp)
	// EndretEtter asks for objects changed after this instant (endret_etter).
	EndretEtter       time.Time `url:"endret_etter,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	Tidspunkt         time.Time `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the version valid on this date
	AlleVersjoner     bool      `url:"alle_versjoner,omitempty"`                // every version, not only current ones
	InkluderAntall    bool      `url:"inkluderAntall,omitempty"`                // ask for the total count in the page metadata
	Geometritoleranse int       `url:"geometritoleranse,omitempty"`             // simplify geometry to this tolerance in metres
	Antall            int       `url:"antall,omitempty"`                        // page size (the server caps it; see PageMetadata.Sidestorrelse)
	Start             string    `url:"start,omitempty"`                         // the cursor of the page to fetch (from a previous page's Next)
}

// Bool returns a pointer to b, for the optional booleans of a query.
func Bool(b bool) *bool { return &b }

// query is a query struct: url tags say how it is sent, validate what it
// may hold.
type query interface{ validate() error }

// encode checks q and encodes it with go-querystring (its url tags). The
// values are the call's own: an iterator sends them, never q, so a caller
// may change q once the call is built.
func encode(q query) (url.Values, error) {
	if err := q.validate(); err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	v, err := endpoint.Values(q)
	if err != nil {
		return nil, invalidf("nvdb: %w", err)
	}
	return v, nil
}

// checker keeps the first error found in a query.
type checker struct{ err error }

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = invalidf(format, args...)
	}
}

// enums checks that each of vs is one of valid.
func enums[T ~string](c *checker, name string, vs []T, valid map[string]bool) {
	for _, v := range vs {
		if !valid[string(v)] {
			c.fail("invalid %s %q", name, v)
			return
		}
	}
}

// enum checks v, if set, against valid.
func enum[T ~string](c *checker, name string, v T, valid map[string]bool) {
	if v != "" && !valid[string(v)] {
		c.fail("invalid %s %q", name, v)
	}
}

// strs checks the values of a list sent comma-separated: each non-empty
// and without a comma of its own.
func (c *checker) strs(name string, vs []string) {
	for _, v := range vs {
		if strings.TrimSpace(v) == "" || strings.Contains(v, ",") {
			c.fail("invalid %s %q: values must be non-empty and hold no comma", name, v)
			return
		}
	}
}

// positives checks that every number of a list is > 0.
func positives[T int | int64](c *checker, name string, vs []T) {
	for _, v := range vs {
		if v <= 0 {
			c.fail("invalid %s %d: must be > 0", name, v)
			return
		}
	}
}

// nonNegative checks a count or size that 0 leaves to the server.
func nonNegative[T int | int64](c *checker, name string, v T) {
	if v < 0 {
		c.fail("invalid %s %d: must be >= 0", name, v)
	}
}

func (c *checker) filter(name string, f Filter) {
	if f.err != nil {
		c.fail("invalid %s filter: %w", name, f.err)
	}
}

func (c *checker) kartutsnitt(s string) {
	if s == "" {
		return
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		c.fail("invalid kartutsnitt %q: want minX,minY,maxX,maxY", s)
		return
	}
	var n [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			c.fail("invalid kartutsnitt %q: %q is not a number", s, p)
			return
		}
		n[i] = f
	}
	if n[0] > n[2] || n[1] > n[3] {
		c.fail("invalid kartutsnitt %q: min must not exceed max", s)
	}
}

// Kartutsnitt formats a bounding box for VegobjektQuery.Kartutsnitt.
func Kartutsnitt(minX, minY, maxX, maxY float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(minX) + "," + f(minY) + "," + f(maxX) + "," + f(maxY)
}

func (q *VegobjektQuery) validate() error {
	var c checker
	positives(&c, "ider", q.Ider)
	enums(&c, "inkluder", q.Inkluder, validInkluder)
	enum(&c, "srid", q.Srid, validSrid)
	enum(&c, "inkludergeometri", q.InkluderGeometri, validInkluderGeometri)
	enum(&c, "inkluder_egenskaper", q.InkluderEgenskaper, validInkluderEgensk)
	q.checkAreaFilters(&c)
	nonNegative(&c, "geometritoleranse", q.Geometritoleranse)
	nonNegative(&c, "antall", q.Antall)
	return c.err
}

// checkAreaFilters checks the filters shared by the list and the
// statistikk.
func (q *VegobjektQuery) checkAreaFilters(c *checker) {
	positives(c, "fylke", q.Fylke)
	positives(c, "kommune", q.Kommune)
	c.strs("kontraktsomrade", q.Kontraktsomrade)
	c.strs("riksvegrute", q.Riksvegrute)
	c.strs("vegforvalter", q.Vegforvalter)
	c.strs("vegsystemreferanse", q.Vegsystemreferanse)
	c.kartutsnitt(q.Kartutsnitt)
	enums(c, "typeveg", q.TypeVeg, validTypeVeg)
	enums(c, "adskiltelop", q.AdskilteLop, validAdskilteLop)
	enum(c, "trafikantgruppe", q.Trafikantgruppe, validTrafikantgruppe)
	c.strs("veglenkesekvens", q.Veglenkesekvens)
	enums(c, "veglenketype", q.Veglenketype, validVeglenketype)
	enums(c, "detaljniva", q.Detaljniva, validDetaljniva)
	c.filter("egenskap", q.Egenskap)
	for i, o := range q.Overlapp {
		c.filter("overlapp", o)
		if o.IsZero() {
			c.fail("invalid overlapp filter %d: empty", i)
		}
	}
}

// pageOnly are the parameters of a vegobjekter search that only shape its
// pages, and that statistikk does not take.
var pageOnly = []string{"inkluder", "inkludergeometri", "inkluder_egenskaper", "inkluderAntall", "geometritoleranse", "antall"}

// statistikkValues encodes q for GET /vegobjekter/{type}/statistikk.
// Parameters that only shape a page are left out; those that would change
// the set counted but that the statistikk does not take are refused.
func (q *VegobjektQuery) statistikkValues(inkl []StatistikkInkluder) (url.Values, error) {
	switch {
	case len(q.Ider) > 0:
		return nil, invalidf("nvdb: statistikk takes no ider filter")
	case q.AlleVersjoner:
		return nil, invalidf("nvdb: statistikk counts current versions only; alle_versjoner is not supported")
	case q.Start != "":
		return nil, invalidf("nvdb: statistikk takes no start cursor")
	}
	var c checker
	enums(&c, "inkluder", inkl, validStatInkluder)
	if c.err != nil {
		return nil, fmt.Errorf("nvdb: %w", c.err)
	}
	v, err := encode(q)
	if err != nil {
		return nil, err
	}
	for _, k := range pageOnly {
		v.Del(k)
	}
	if len(inkl) > 0 {
		v.Set("inkluder", joinList(inkl))
	}
	return v, nil
}

// joinList is a list parameter of the arguments of a call (not of a query
// struct, which its url tags encode).
func joinList[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
}

// VegobjektOptions shape the answer of Get, GetVersjon, Versjoner and
// GetByID. The zero value gives NVDB's default (everything but
// vegsegmenter).
type VegobjektOptions struct {
	Inkluder           []Inkluder             `url:"inkluder,comma,omitempty"`
	Srid               Srid                   `url:"srid,omitempty"`
	InkluderGeometri   InkluderGeometriValg   `url:"inkludergeometri,omitempty"`
	InkluderEgenskaper InkluderEgenskaperValg `url:"inkluder_egenskaper,omitempty"`
	// Dybde is how many levels of children to include: "1" for ids only,
	// "2".."n" for objects, DybdeFull for all.
	Dybde             string    `url:"dybde,omitempty"`
	Geometritoleranse int       `url:"geometritoleranse,omitempty"`
	Tidspunkt         time.Time `url:"tidspunkt,omitempty" layout:"2006-01-02"` // the version valid on this date
}

func (o *VegobjektOptions) validate() error {
	var c checker
	enums(&c, "inkluder", o.Inkluder, validInkluder)
	enum(&c, "srid", o.Srid, validSrid)
	enum(&c, "inkludergeometri", o.InkluderGeometri, validInkluderGeometri)
	enum(&c, "inkluder_egenskaper", o.InkluderEgenskaper, validInkluderEgensk)
	if o.Dybde != "" {
		if n, err := strconv.Atoi(o.Dybde); o.Dybde != DybdeFull && (err != nil || n < 1) {
			c.fail("invalid dybde %q: want a number >= 1 or %q", o.Dybde, DybdeFull)
		}
	}
	nonNegative(&c, "geometritoleranse", o.Geometritoleranse)
	return c.err
}
