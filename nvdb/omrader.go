package nvdb

import (
	"context"
	"net/url"
)

// OmraderService reads NVDB's areas from /omrader/api/v4: fylker,
// kommuner, contract areas, national routes, road authorities and street
// addresses, the values the area filters of the other services take.
// Answers are kept in the client's ETag cache (see DatakatalogService):
// the returned slice is the caller's own, the values nested in its
// elements are shared and must not be modified.
type OmraderService service

// OmradeInkluder picks the extra parts of an area answer.
type OmradeInkluder string

// Values of inkluder for areas. Fylker and kommuner take kartutsnitt,
// senterpunkt, vegobjekt and alle; kontraktsomrader take vegobjekt and
// alle; adresser take vegobjekt, vegobjektId and alle.
const (
	OmradeInkluderKartutsnitt OmradeInkluder = "kartutsnitt" // the area's bounding box
	OmradeInkluderSenterpunkt OmradeInkluder = "senterpunkt" // its centre point
	OmradeInkluderVegobjekt   OmradeInkluder = "vegobjekt"   // the vegobjekt that defines it
	OmradeInkluderVegobjektID OmradeInkluder = "vegobjektId" // only the ids of those vegobjekter (adresser)
	OmradeInkluderAlle        OmradeInkluder = "alle"
)

var (
	validFylkeInkluder   = set("kartutsnitt", "senterpunkt", "vegobjekt", "alle")
	validKontraktInkl    = set("vegobjekt", "alle")
	validAdresseInkluder = set("vegobjekt", "vegobjektId", "alle")
)

// OmradeQuery holds the parameters of fylker and kommuner.
type OmradeQuery struct {
	Inkluder []OmradeInkluder `url:"inkluder,comma,omitempty"` // extra parts: kartutsnitt, senterpunkt, vegobjekt, alle
	Srid     Srid             `url:"srid,omitempty"`           // coordinate system of kartutsnitt and senterpunkt
}

func (q *OmradeQuery) validate() error {
	var c checker
	enums(&c, "inkluder", q.Inkluder, validFylkeInkluder)
	enum(&c, "srid", q.Srid, validSrid)
	return c.err
}

// omradeInkluder is the query of the areas that take inkluder only, each
// with its own values.
type omradeInkluder struct {
	Inkluder []OmradeInkluder `url:"inkluder,comma,omitempty"`
	valid    map[string]bool
}

func (q *omradeInkluder) validate() error {
	var c checker
	enums(&c, "inkluder", q.Inkluder, q.valid)
	return c.err
}

// OmradeGeometri is an area's geometry as WKT in the coordinate system Srid.
type OmradeGeometri struct {
	WKT  string `json:"wkt"`
	Srid int    `json:"srid"`
}

// OmradeVegobjekt refers to the vegobjekt that defines an area.
type OmradeVegobjekt struct {
	ID      int64  `json:"id"`
	Versjon int    `json:"versjon"`
	Type    int    `json:"type"`
	Href    string `json:"href"`
}

// Fylke is a Norwegian county.
type Fylke struct {
	ID                  int              `json:"id"`
	Navn                string           `json:"navn"`
	Nummer              int              `json:"nummer"`
	Organisasjonsnummer int              `json:"organisasjonsnummer"`
	Kartutsnitt         *OmradeGeometri  `json:"kartutsnitt,omitempty"`
	Senterpunkt         *OmradeGeometri  `json:"senterpunkt,omitempty"`
	Vegobjekt           *OmradeVegobjekt `json:"vegobjekt,omitempty"`
}

// Kommune is a Norwegian municipality.
type Kommune struct {
	ID                  int              `json:"id"`
	Navn                string           `json:"navn"`
	Nummer              int              `json:"nummer"`
	Fylke               int              `json:"fylke"`
	Organisasjonsnummer int              `json:"organisasjonsnummer"`
	Kartutsnitt         *OmradeGeometri  `json:"kartutsnitt,omitempty"`
	Senterpunkt         *OmradeGeometri  `json:"senterpunkt,omitempty"`
	Vegobjekt           *OmradeVegobjekt `json:"vegobjekt,omitempty"`
}

// KontraktsomradeInfo is an operation and maintenance contract area and
// the fylker and kommuner it covers.
type KontraktsomradeInfo struct {
	ID        int64            `json:"id"`
	Navn      string           `json:"navn"`
	Nummer    *int             `json:"nummer"`
	Type      string           `json:"type"`
	Vegobjekt *OmradeVegobjekt `json:"vegobjekt,omitempty"`
	Fylker    []int            `json:"fylker"`
	Kommuner  []int            `json:"kommuner"`
}

// RiksvegruteInfo is a national road route and where it runs.
type RiksvegruteInfo struct {
	EnumID      int    `json:"enumid"`
	Riksvegrute string `json:"riksvegrute"`
	Fylker      []int  `json:"fylker"`
	Kommuner    []int  `json:"kommuner"`
}

// VegforvalterInfo is a road authority and where it manages roads.
type VegforvalterInfo struct {
	EnumID       int    `json:"enumid"`
	Vegforvalter string `json:"vegforvalter"`
	Fylker       []int  `json:"fylker"`
	Kommuner     []int  `json:"kommuner"`
}

// AdresseInfo is a street address (a named street in a kommune).
type AdresseInfo struct {
	Navn          string            `json:"navn"`
	Adressekode   int               `json:"adressekode"`
	Sideveg       *bool             `json:"sideveg,omitempty"`
	Kommune       int               `json:"kommune"`
	Vegobjekter   []OmradeVegobjekt `json:"vegobjekter,omitempty"`
	VegobjektIder []int64           `json:"vegobjektIder,omitempty"`
}

var (
	omraderFylker           = cachedListOf[Fylke]("Omrader.Fylker")
	omraderKommuner         = cachedListOf[Kommune]("Omrader.Kommuner")
	omraderKontraktsomrader = cachedListOf[KontraktsomradeInfo]("Omrader.Kontraktsomrader")
	omraderRiksvegruter     = cachedListOf[RiksvegruteInfo]("Omrader.Riksvegruter")
	omraderVegforvaltere    = cachedListOf[VegforvalterInfo]("Omrader.Vegforvaltere")
	omraderAdresser         = cachedListOf[AdresseInfo]("Omrader.Adresser")
)

// Fylker lists the fylker (GET /omrader/api/v4/fylker).
func (s *OmraderService) Fylker(ctx context.Context, q *OmradeQuery) ([]*Fylke, error) {
	if q == nil {
		q = &OmradeQuery{}
	}
	v, err := encode(q)
	return cachedList(ctx, (*service)(s), omraderFylker, OmraderPrefix+"/fylker", v, err)
}

// Kommuner lists the kommuner (GET /omrader/api/v4/kommuner).
func (s *OmraderService) Kommuner(ctx context.Context, q *OmradeQuery) ([]*Kommune, error) {
	if q == nil {
		q = &OmradeQuery{}
	}
	v, err := encode(q)
	return cachedList(ctx, (*service)(s), omraderKommuner, OmraderPrefix+"/kommuner", v, err)
}

// Kontraktsomrader lists the contract areas
// (GET /omrader/api/v4/kontraktsomrader); inkluder takes
// OmradeInkluderVegobjekt and OmradeInkluderAlle.
func (s *OmraderService) Kontraktsomrader(ctx context.Context, inkluder ...OmradeInkluder) ([]*KontraktsomradeInfo, error) {
	v, err := encode(&omradeInkluder{Inkluder: inkluder, valid: validKontraktInkl})
	return cachedList(ctx, (*service)(s), omraderKontraktsomrader, OmraderPrefix+"/kontraktsomrader", v, err)
}

// Riksvegruter lists the national road routes
// (GET /omrader/api/v4/riksvegruter).
func (s *OmraderService) Riksvegruter(ctx context.Context) ([]*RiksvegruteInfo, error) {
	return cachedList(ctx, (*service)(s), omraderRiksvegruter, OmraderPrefix+"/riksvegruter", url.Values{}, nil)
}

// Vegforvaltere lists the road authorities
// (GET /omrader/api/v4/vegforvaltere).
func (s *OmraderService) Vegforvaltere(ctx context.Context) ([]*VegforvalterInfo, error) {
	return cachedList(ctx, (*service)(s), omraderVegforvaltere, OmraderPrefix+"/vegforvaltere", url.Values{}, nil)
}

// Adresser lists the street addresses (GET /omrader/api/v4/adresser);
// inkluder takes OmradeInkluderVegobjekt, OmradeInkluderVegobjektID and
// OmradeInkluderAlle.
func (s *OmraderService) Adresser(ctx context.Context, inkluder ...OmradeInkluder) ([]*AdresseInfo, error) {
	v, err := encode(&omradeInkluder{Inkluder: inkluder, valid: validAdresseInkluder})
	return cachedList(ctx, (*service)(s), omraderAdresser, OmraderPrefix+"/adresser", v, err)
}
