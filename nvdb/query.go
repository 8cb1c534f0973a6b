package nvdb

import (
	"net/url"
	"strconv"
	"strings"
	"time"
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

func strList[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

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
// comma-separated; pointers are for booleans whose false matters.
type VegobjektQuery struct {
	Ider               []int64                // ider: only these objects
	Inkluder           []Inkluder             // parts to include (default: id and href only)
	Srid               Srid                   // coordinate system of the geometry
	InkluderGeometri   InkluderGeometriValg   // inkludergeometri
	InkluderEgenskaper InkluderEgenskaperValg // inkluder_egenskaper
	Segmentering       *bool                  // cut line objects at the area filter's borders (default false)
	Fylke              []int                  // fylke numbers
	Kommune            []int                  // kommune numbers
	Kontraktsomrade    []string               // contract areas, by name or id
	Riksvegrute        []string               // national routes, by name or enum id
	Vegforvalter       []string               // road authorities, by name or enum id
	Vegsystemreferanse []string               // road references ("EV6S1D1 m12"; prefix a kommune number to limit the area)
	Kartutsnitt        string                 // bounding box "minX,minY,maxX,maxY" in UTM33 (compares bounding boxes)
	Polygon            string                 // polygon "x y, x y, ..." in UTM33
	TypeVeg            []TypeVeg              // typeveg: the kind of road it lies on
	AdskilteLop        []AdskilteLop          // adskiltelop: on separated carriageways
	Kryssystem         *bool                  // placed where there is a kryssystem
	Sideanlegg         *bool                  // placed where there is a sideanlegg
	Trafikantgruppe    Trafikantgruppe        // motor vehicles or pedestrians and cyclists
	Veglenkesekvens    []string               // placements ("0.37@319531", "0.83-0.97@41640")
	Veglenketype       []Veglenketype         // veglenketype of the road network
	Detaljniva         []Detaljniva           // detaljniva of the road network
	Egenskap           Filter                 // egenskap filter (see Filter)
	Overlapp           []Filter               // overlapp filters, ANDed (see Overlapp)
	EndretEtter        time.Time              // endret_etter: changed after this instant
	Tidspunkt          time.Time              // the version valid on this date
	AlleVersjoner      bool                   // alle_versjoner: every version, not only current ones
	InkluderAntall     bool                   // inkluderAntall: ask for the total count in the page metadata
	Geometritoleranse  int                    // simplify geometry to this tolerance in metres
	Antall             int                    // page size (the server caps it; see Side.Metadata.Sidestorrelse)
	Start              string                 // the cursor of the page to fetch (from a previous page's Neste)
}

// clone copies q so later changes by the caller do not race with an
// iteration in progress.
func (q *VegobjektQuery) clone() *VegobjektQuery {
	if q == nil {
		return &VegobjektQuery{}
	}
	c := *q
	c.Ider = append([]int64(nil), q.Ider...)
	c.Inkluder = append([]Inkluder(nil), q.Inkluder...)
	c.Fylke = append([]int(nil), q.Fylke...)
	c.Kommune = append([]int(nil), q.Kommune...)
	c.Kontraktsomrade = append([]string(nil), q.Kontraktsomrade...)
	c.Riksvegrute = append([]string(nil), q.Riksvegrute...)
	c.Vegforvalter = append([]string(nil), q.Vegforvalter...)
	c.Vegsystemreferanse = append([]string(nil), q.Vegsystemreferanse...)
	c.TypeVeg = append([]TypeVeg(nil), q.TypeVeg...)
	c.AdskilteLop = append([]AdskilteLop(nil), q.AdskilteLop...)
	c.Veglenkesekvens = append([]string(nil), q.Veglenkesekvens...)
	c.Veglenketype = append([]Veglenketype(nil), q.Veglenketype...)
	c.Detaljniva = append([]Detaljniva(nil), q.Detaljniva...)
	c.Overlapp = append([]Filter(nil), q.Overlapp...)
	if q.Segmentering != nil {
		b := *q.Segmentering
		c.Segmentering = &b
	}
	if q.Kryssystem != nil {
		b := *q.Kryssystem
		c.Kryssystem = &b
	}
	if q.Sideanlegg != nil {
		b := *q.Sideanlegg
		c.Sideanlegg = &b
	}
	return &c
}

// Bool returns a pointer to b, for the optional booleans of a query.
func Bool(b bool) *bool { return &b }

// enc accumulates query parameters and the first validation error.
type enc struct {
	v   url.Values
	err error
}

func newEnc() *enc { return &enc{v: url.Values{}} }

func (e *enc) fail(format string, args ...any) {
	if e.err == nil {
		e.err = invalidf(format, args...)
	}
}

func (e *enc) str(name, v string) {
	if v != "" {
		e.v.Set(name, v)
	}
}

func (e *enc) enum(name, v string, valid map[string]bool) {
	if v == "" {
		return
	}
	if !valid[v] {
		e.fail("invalid %s %q", name, v)
		return
	}
	e.v.Set(name, v)
}

func (e *enc) enums(name string, vs []string, valid map[string]bool) {
	if len(vs) == 0 {
		return
	}
	for _, v := range vs {
		if !valid[v] {
			e.fail("invalid %s %q", name, v)
			return
		}
	}
	e.v.Set(name, strings.Join(dedupe(vs), ","))
}

func (e *enc) strs(name string, vs []string) {
	if len(vs) == 0 {
		return
	}
	for _, v := range vs {
		if strings.TrimSpace(v) == "" || strings.Contains(v, ",") {
			e.fail("invalid %s %q: values must be non-empty and hold no comma", name, v)
			return
		}
	}
	e.v.Set(name, strings.Join(dedupe(vs), ","))
}

func (e *enc) ints(name string, vs []int) {
	if len(vs) == 0 {
		return
	}
	parts := make([]string, 0, len(vs))
	seen := map[int]bool{}
	for _, v := range vs {
		if v <= 0 {
			e.fail("invalid %s %d: must be > 0", name, v)
			return
		}
		if !seen[v] {
			seen[v] = true
			parts = append(parts, strconv.Itoa(v))
		}
	}
	e.v.Set(name, strings.Join(parts, ","))
}

func (e *enc) ids(name string, vs []int64) {
	if len(vs) == 0 {
		return
	}
	parts := make([]string, 0, len(vs))
	seen := map[int64]bool{}
	for _, v := range vs {
		if v <= 0 {
			e.fail("invalid %s %d: must be > 0", name, v)
			return
		}
		if !seen[v] {
			seen[v] = true
			parts = append(parts, strconv.FormatInt(v, 10))
		}
	}
	e.v.Set(name, strings.Join(parts, ","))
}

func (e *enc) boolp(name string, b *bool) {
	if b != nil {
		e.v.Set(name, strconv.FormatBool(*b))
	}
}

func (e *enc) date(name string, t time.Time) {
	if !t.IsZero() {
		e.v.Set(name, t.Format(time.DateOnly))
	}
}

func (e *enc) inkluder(vs []Inkluder) {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	e.enums("inkluder", s, validInkluder)
}

func (e *enc) filter(name string, f Filter) {
	if f.err != nil {
		e.fail("invalid %s filter: %w", name, f.err)
		return
	}
	if f.s != "" {
		e.v.Add(name, f.s)
	}
}

func (e *enc) kartutsnitt(s string) {
	if s == "" {
		return
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		e.fail("invalid kartutsnitt %q: want minX,minY,maxX,maxY", s)
		return
	}
	var n [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			e.fail("invalid kartutsnitt %q: %q is not a number", s, p)
			return
		}
		n[i] = f
	}
	if n[0] > n[2] || n[1] > n[3] {
		e.fail("invalid kartutsnitt %q: min must not exceed max", s)
		return
	}
	e.v.Set("kartutsnitt", s)
}

func dedupe(vs []string) []string {
	out := vs[:0:0]
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Kartutsnitt formats a bounding box for VegobjektQuery.Kartutsnitt.
func Kartutsnitt(minX, minY, maxX, maxY float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(minX) + "," + f(minY) + "," + f(maxX) + "," + f(maxY)
}

// areaFilters encodes the filters shared by the list and the statistikk.
func (q *VegobjektQuery) areaFilters(e *enc) {
	e.boolp("segmentering", q.Segmentering)
	e.ints("fylke", q.Fylke)
	e.ints("kommune", q.Kommune)
	e.strs("kontraktsomrade", q.Kontraktsomrade)
	e.strs("riksvegrute", q.Riksvegrute)
	e.strs("vegforvalter", q.Vegforvalter)
	e.strs("vegsystemreferanse", q.Vegsystemreferanse)
	e.kartutsnitt(q.Kartutsnitt)
	e.str("polygon", strings.TrimSpace(q.Polygon))
	e.enums("typeveg", strList(q.TypeVeg), validTypeVeg)
	e.enums("adskiltelop", strList(q.AdskilteLop), validAdskilteLop)
	e.boolp("kryssystem", q.Kryssystem)
	e.boolp("sideanlegg", q.Sideanlegg)
	e.enum("trafikantgruppe", string(q.Trafikantgruppe), validTrafikantgruppe)
	e.strs("veglenkesekvens", q.Veglenkesekvens)
	e.enums("veglenketype", strList(q.Veglenketype), validVeglenketype)
	e.enums("detaljniva", strList(q.Detaljniva), validDetaljniva)
	e.filter("egenskap", q.Egenskap)
	for _, o := range q.Overlapp {
		e.filter("overlapp", o)
	}
	if !q.EndretEtter.IsZero() {
		e.v.Set("endret_etter", q.EndretEtter.Format(time.RFC3339Nano))
	}
	e.date("tidspunkt", q.Tidspunkt)
}

// listValues encodes q for GET /vegobjekter/{type}.
func (q *VegobjektQuery) listValues() (url.Values, error) {
	e := newEnc()
	e.ids("ider", q.Ider)
	e.inkluder(q.Inkluder)
	e.enum("srid", string(q.Srid), validSrid)
	e.enum("inkludergeometri", string(q.InkluderGeometri), validInkluderGeometri)
	e.enum("inkluder_egenskaper", string(q.InkluderEgenskaper), validInkluderEgensk)
	q.areaFilters(e)
	if q.AlleVersjoner {
		e.v.Set("alle_versjoner", "true")
	}
	if q.InkluderAntall {
		e.v.Set("inkluderAntall", "true")
	}
	if q.Geometritoleranse < 0 {
		e.fail("invalid geometritoleranse %d: must be >= 0", q.Geometritoleranse)
	} else if q.Geometritoleranse > 0 {
		e.v.Set("geometritoleranse", strconv.Itoa(q.Geometritoleranse))
	}
	if q.Antall < 0 {
		e.fail("invalid antall %d: must be >= 0", q.Antall)
	} else if q.Antall > 0 {
		e.v.Set("antall", strconv.Itoa(q.Antall))
	}
	e.str("start", q.Start)
	return e.v, e.err
}

// statistikkValues encodes q for GET /vegobjekter/{type}/statistikk.
// Parameters that only shape a page are left out; those that would change
// the set counted but that the statistikk does not take are refused.
func (q *VegobjektQuery) statistikkValues(inkl []StatistikkInkluder) (url.Values, error) {
	if len(q.Ider) > 0 {
		return nil, invalidf("statistikk takes no ider filter")
	}
	if q.AlleVersjoner {
		return nil, invalidf("statistikk counts current versions only; alle_versjoner is not supported")
	}
	if q.Start != "" {
		return nil, invalidf("statistikk takes no start cursor")
	}
	e := newEnc()
	e.enum("srid", string(q.Srid), validSrid)
	q.areaFilters(e)
	e.statInkluder(inkl)
	return e.v, e.err
}

func (e *enc) statInkluder(vs []StatistikkInkluder) {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	e.enums("inkluder", s, validStatInkluder)
}

// VegobjektOptions shape the answer of Get, GetVersjon, Versjoner and
// Finn. The zero value gives NVDB's default (everything but vegsegmenter).
type VegobjektOptions struct {
	Inkluder           []Inkluder
	Srid               Srid
	InkluderGeometri   InkluderGeometriValg
	InkluderEgenskaper InkluderEgenskaperValg
	// Dybde is how many levels of children to include: "1" for ids only,
	// "2".."n" for objects, DybdeFull for all.
	Dybde             string
	Geometritoleranse int
	Tidspunkt         time.Time // the version valid on this date
}

func (o *VegobjektOptions) values() (url.Values, error) {
	e := newEnc()
	if o == nil {
		return e.v, nil
	}
	e.inkluder(o.Inkluder)
	e.enum("srid", string(o.Srid), validSrid)
	e.enum("inkludergeometri", string(o.InkluderGeometri), validInkluderGeometri)
	e.enum("inkluder_egenskaper", string(o.InkluderEgenskaper), validInkluderEgensk)
	if o.Dybde != "" {
		if n, err := strconv.Atoi(o.Dybde); o.Dybde != DybdeFull && (err != nil || n < 1) {
			e.fail("invalid dybde %q: want a number >= 1 or %q", o.Dybde, DybdeFull)
		} else {
			e.v.Set("dybde", o.Dybde)
		}
	}
	if o.Geometritoleranse < 0 {
		e.fail("invalid geometritoleranse %d: must be >= 0", o.Geometritoleranse)
	} else if o.Geometritoleranse > 0 {
		e.v.Set("geometritoleranse", strconv.Itoa(o.Geometritoleranse))
	}
	e.date("tidspunkt", o.Tidspunkt)
	return e.v, e.err
}
