package nvdb

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// DatakatalogService reads NVDB's data catalogue from /datakatalog/api/v1:
// which vegobjekttyper exist, which egenskaper they have, the allowed
// values of enum egenskaper, units and categories. Every answer the spec
// marks cacheable is kept in the client's ETag cache: asking again sends
// If-None-Match, and a 304 Not Modified reuses the held answer. Each call
// returns its own copy of the top-level slice or struct; the values nested
// in it are shared with the cache and must not be modified.
type DatakatalogService service

// VegobjekttypeInkluder picks the parts of a vegobjekttype the data
// catalogue includes.
type VegobjekttypeInkluder string

// Values of inkluder for vegobjekttyper.
const (
	VegobjekttypeEgenskapstyper VegobjekttypeInkluder = "egenskapstyper"
	VegobjekttypeRelasjonstyper VegobjekttypeInkluder = "relasjonstyper"
	VegobjekttypeStedfesting    VegobjekttypeInkluder = "stedfesting"
	VegobjekttypeAlle           VegobjekttypeInkluder = "alle"
	VegobjekttypeMinimum        VegobjekttypeInkluder = "minimum"
)

var validVegobjekttypeInkluder = set("egenskapstyper", "relasjonstyper", "stedfesting", "alle", "minimum")

// VegobjekttyperQuery holds the parameters of a vegobjekttyper listing.
type VegobjekttyperQuery struct {
	Inkluder []VegobjekttypeInkluder `url:"inkluder,comma,omitempty"` // parts to include; NVDB's default is all
	Kategori int                     `url:"kategori,omitempty"`       // only types in this category (see Kategorier); 0 for all
}

func (q *VegobjekttyperQuery) validate() error {
	var c checker
	enums(&c, "inkluder", q.Inkluder, validVegobjekttypeInkluder)
	if q.Kategori < 0 {
		c.fail("invalid kategori %d: must be > 0", q.Kategori)
	}
	return c.err
}

// vegobjekttypeQuery is the query of one vegobjekttype.
type vegobjekttypeQuery struct {
	Inkluder []VegobjekttypeInkluder `url:"inkluder,comma,omitempty"`
}

func (q *vegobjekttypeQuery) validate() error {
	var c checker
	enums(&c, "inkluder", q.Inkluder, validVegobjekttypeInkluder)
	return c.err
}

// Vegobjekttype is the catalogue's description of a kind of road object:
// its names, placement rules, egenskapstyper and relations.
type Vegobjekttype struct {
	ID                   int                 `json:"id"`
	Navn                 string              `json:"navn,omitempty"`
	Kortnavn             string              `json:"kortnavn,omitempty"`
	Beskrivelse          string              `json:"beskrivelse,omitempty"`
	ObjektlisteDato      Dato                `json:"objektliste_dato,omitempty"`
	Veiledning           string              `json:"veiledning,omitempty"`
	Stedfesting          *EgenskapstypeInfo  `json:"stedfesting,omitempty"`
	Sosinavn             string              `json:"sosinavn,omitempty"`
	Sosinvdbnavn         string              `json:"sosinvdbnavn,omitempty"`
	Sorteringsnummer     int                 `json:"sorteringsnummer"`
	Status               string              `json:"status,omitempty"`
	Hovedkategori        string              `json:"hovedkategori,omitempty"`
	TidsromRelevant      bool                `json:"tidsrom_relevant"`
	KonnekteringslenkeOK bool                `json:"konnekteringslenke_ok,omitempty"`
	AbstraktType         bool                `json:"abstrakt_type"`
	Avledet              bool                `json:"avledet"`
	MaHaMor              bool                `json:"må_ha_mor"`
	ErDataserie          bool                `json:"er_dataserie"`
	EnVersjon            bool                `json:"en_versjon"`
	Tilleggsinformasjon  string              `json:"tilleggsinformasjon,omitempty"`
	Kategorier           []VegobjektKategori `json:"kategorier"`
	Egenskapstyper       []EgenskapstypeInfo `json:"egenskapstyper,omitempty"`
	Relasjonstyper       *Relasjonstyper     `json:"relasjonstyper,omitempty"`
	Sensitiv             bool                `json:"sensitiv"`
}

// VegobjektKategori is a category a vegobjekttype belongs to.
type VegobjektKategori struct {
	ID               int    `json:"id"`
	Primaerkategori  bool   `json:"primærkategori"`
	Nummer           int    `json:"nummer"`
	Navn             string `json:"navn,omitempty"`
	Kortnavn         string `json:"kortnavn,omitempty"`
	Sorteringsnummer int    `json:"sorteringsnummer"`
	Beskrivelse      string `json:"beskrivelse,omitempty"`
	StartDato        Dato   `json:"startDato,omitempty"`
}

// Relasjonstyper lists the types a vegobjekttype may have as parents and
// children.
type Relasjonstyper struct {
	Foreldre []Assosiasjonstype `json:"foreldre"`
	Barn     []Assosiasjonstype `json:"barn"`
}

// Assosiasjonstype is one allowed relation between two vegobjekttyper.
type Assosiasjonstype struct {
	ID                     int                            `json:"id"`
	Navn                   string                         `json:"navn,omitempty"`
	Egenskapstype          Egenskapstype                  `json:"egenskapstype"` // EgenskapstypeAssosiasjon, or EgenskapstypeListe of them
	MaksimaltAntallVerdier int                            `json:"maksimalt_antall_verdier,omitempty"`
	MinimaltAntallVerdier  int                            `json:"minimalt_antall_verdier,omitempty"`
	Innhold                *AssosiasjonstypeInnhold       `json:"innhold,omitempty"`
	Type                   *AssosiasjonstypeVegobjekttype `json:"type,omitempty"`
	InnenforMor            string                         `json:"innenfor_mor,omitempty"`
	Relasjonstype          string                         `json:"relasjonstype,omitempty"`
}

// AssosiasjonstypeInnhold is the member of a list relation.
type AssosiasjonstypeInnhold struct {
	ID            int                           `json:"id"`
	Navn          string                        `json:"navn,omitempty"`
	Egenskapstype Egenskapstype                 `json:"egenskapstype"` // EgenskapstypeAssosiasjon
	Type          AssosiasjonstypeVegobjekttype `json:"type"`
	InnenforMor   string                        `json:"innenfor_mor,omitempty"`
	Relasjonstype string                        `json:"relasjonstype,omitempty"`
}

// AssosiasjonstypeVegobjekttype names the type at the other end of a relation.
type AssosiasjonstypeVegobjekttype struct {
	ID              int    `json:"id"`
	Navn            string `json:"navn,omitempty"`
	ObjektlisteDato Dato   `json:"objektliste_dato,omitempty"`
}

// EgenskapstypeInfo is the catalogue's description of one egenskap of a
// vegobjekttype. It holds the fields of every kind; which are set depends
// on Egenskapstype: numbers have Enhet, Min and Maks, enums have
// TillatteVerdier, Geometri has Geometritype, Liste has Innhold.
// Standardverdi, Min, Maks, MinAnbefalt and MaksAnbefalt are numbers or
// dates depending on the kind.
type EgenskapstypeInfo struct {
	ID                             int           `json:"id"`
	Egenskapstype                  Egenskapstype `json:"egenskapstype"`
	Navn                           string        `json:"navn,omitempty"`
	Kortnavn                       string        `json:"kortnavn,omitempty"`
	Beskrivelse                    string        `json:"beskrivelse,omitempty"`
	Veiledning                     string        `json:"veiledning,omitempty"`
	Sosinavn                       string        `json:"sosinavn,omitempty"`
	Sosinvdbnavn                   string        `json:"sosinvdbnavn,omitempty"`
	Sorteringsnummer               int           `json:"sorteringsnummer"`
	Avledet                        bool          `json:"avledet"`
	KomplementaerEgenskapstype     int           `json:"komplementær_egenskapstype,omitempty"`
	ObligatoriskVerdi              bool          `json:"obligatorisk_verdi"`
	Skrivebeskyttet                bool          `json:"skrivebeskyttet"`
	Sensitivitet                   int           `json:"sensitivitet"`
	Gruppesorteringsnummer         int           `json:"gruppesorteringsnummer,omitempty"`
	Grunnrissreferanse             string        `json:"grunnrissreferanse,omitempty"`
	Hoydereferanse                 string        `json:"høydereferanse,omitempty"`
	HoydereferanseTall             int           `json:"høydereferanse_tall"`
	NoyaktighetskravGrunnriss      float64       `json:"nøyaktighetskrav_grunnriss"`
	NoyaktighetskravHoyde          float64       `json:"nøyaktighetskrav_høyde"`
	SosiReferanse                  string        `json:"sosi_referanse,omitempty"`
	ReferansegeometriTilstrekkelig bool          `json:"referansegeometri_tilstrekkelig"`
	Viktighet                      string        `json:"viktighet,omitempty"`
	Kategori                       int           `json:"kategori"`
	// Tilleggskrav lists extra requirements on the egenskapstype's values
	// beyond its type and limits, as the catalogue words them.
	Tilleggskrav []string `json:"tilleggskrav,omitempty"`

	// Values (Tekst, Tall, Dato, Boolsk, enums)
	ObjektlisteDato Dato `json:"objektliste_dato,omitempty"`
	// EgenskapstypeSluttdato is the end date the catalogue gives a
	// value egenskapstype (slutt_dato); an assosiasjon's is Sluttdato.
	EgenskapstypeSluttdato Dato           `json:"slutt_dato,omitempty"`
	LengdeavhengigVerdi    *bool          `json:"lengdeavhengig_verdi,omitempty"`
	AjourholdSnu           *bool          `json:"ajourhold_snu,omitempty"`
	FortegnsendringSnu     *bool          `json:"fortegnsendring_snu,omitempty"`
	Standardverdi          Verdi          `json:"standardverdi,omitzero"`
	Min                    Verdi          `json:"min,omitzero"`
	Maks                   Verdi          `json:"maks,omitzero"`
	MinAnbefalt            Verdi          `json:"min_anbefalt,omitzero"`
	MaksAnbefalt           Verdi          `json:"maks_anbefalt,omitzero"`
	Desimaler              *int           `json:"desimaler,omitempty"`
	Feltlengde             int            `json:"feltlengde,omitempty"`
	Feltmonster            string         `json:"feltmønster,omitempty"`
	Enhet                  *Enhet         `json:"enhet,omitempty"`
	TillatteVerdier        []TillattVerdi `json:"tillatte_verdier,omitempty"`
	Mediatype              string         `json:"mediatype,omitempty"`

	// Geometri and stedfesting
	Dimensjoner             int    `json:"dimensjoner,omitempty"`
	Geometritype            string `json:"geometritype,omitempty"`
	InnenforMor             Verdi  `json:"innenfor_mor,omitzero"`
	Stedfestingstype        string `json:"stedfestingstype,omitempty"`
	OverlappOK              *bool  `json:"overlapp_ok,omitempty"`
	KjorefeltRelevant       string `json:"kjørefelt_relevant,omitempty"`
	SideposisjonRelevant    string `json:"sideposisjon_relevant,omitempty"`
	VegnettsajourholdSplitt string `json:"vegnettsajourhold_splitt,omitempty"`
	Overlappsautomatikk     string `json:"overlappsautomatikk,omitempty"`
	RetningRelevant         *bool  `json:"retning_relevant,omitempty"`

	// Liste and Struktur
	MaksimaltAntallVerdier int                 `json:"maksimalt_antall_verdier,omitempty"`
	MinimaltAntallVerdier  int                 `json:"minimalt_antall_verdier,omitempty"`
	Innhold                *EgenskapstypeInfo  `json:"innhold,omitempty"`
	Egenskapstyper         []EgenskapstypeInfo `json:"egenskapstyper,omitempty"`

	// Assosiasjon
	Tilknytning               int    `json:"tilknytning,omitempty"`
	Vegobjekttypeid           int    `json:"vegobjekttypeid,omitempty"`
	Startdato                 Dato   `json:"startdato,omitempty"`
	Sluttdato                 Dato   `json:"sluttdato,omitempty"`
	Assosiasjonskrav          int    `json:"assosiasjonskrav,omitempty"`
	Assosiasjonskravkommentar string `json:"assosiasjonskravkommentar,omitempty"`
}

// TillattVerdi is one allowed value of an enum egenskapstype. Filters and
// egenskaper refer to it by ID (the enum id); Verdi is the value itself
// (80 for the speed limit 80 km/h, "Berg" for a tunnel type).
type TillattVerdi struct {
	ID                     int    `json:"id"`
	Verdi                  Verdi  `json:"verdi,omitzero"`
	Kortnavn               string `json:"kortnavn,omitempty"`
	Kortnavnlengde         int    `json:"kortnavnlengde,omitempty"`
	KortnavnBrukbar        bool   `json:"kortnavn_brukbar"`
	Beskrivelse            string `json:"beskrivelse,omitempty"`
	Sorteringsnummer       int    `json:"sorteringsnummer"`
	ObjektlisteDato        Dato   `json:"objektliste_dato,omitempty"`
	Sluttdato              Dato   `json:"sluttdato,omitempty"`
	Standardverdi          bool   `json:"standardverdi"`
	KomplementaerEnumverdi int    `json:"komplementær_enumverdi,omitempty"`
	Type                   string `json:"type"`
}

// Kategori is a category of vegobjekttyper.
type Kategori struct {
	ID               int    `json:"id"`
	Navn             string `json:"navn,omitempty"`
	Kortnavn         string `json:"kortnavn,omitempty"`
	Sorteringsnummer int    `json:"sorteringsnummer"`
	Beskrivelse      string `json:"beskrivelse,omitempty"`
	StartDato        Dato   `json:"startDato,omitempty"`
}

// EgenskapstypeKategori is a category of egenskapstyper.
type EgenskapstypeKategori struct {
	ID               int    `json:"id"`
	Navn             string `json:"navn,omitempty"`
	Kortnavn         string `json:"kortnavn,omitempty"`
	Sorteringsnummer int    `json:"sorteringsnummer"`
	Beskrivelse      string `json:"beskrivelse,omitempty"`
}

// DatakatalogVersjon is the version of the data catalogue in use.
type DatakatalogVersjon struct {
	ID      int    `json:"id"`
	Versjon string `json:"versjon"`
	Dato    Dato   `json:"dato"`
}

// Produktspesifikasjon links a vegobjekttype's product specification with
// its registration rules and examples.
type Produktspesifikasjon struct {
	URL                     string                     `json:"url,omitempty"`
	RegistrationConstraints []RegistreringsBegrensning `json:"registrationConstraints"`
	Examples                []ProduktEksempel          `json:"examples"`
}

// RegistreringsBegrensning is one registration rule of a product
// specification.
type RegistreringsBegrensning struct {
	Title   string `json:"title"`
	Content string `json:"content"`
}

// ProduktEksempel is one example of a product specification.
type ProduktEksempel struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// katalogPath joins segments that are literals or validated numbers, so
// none needs escaping.
func katalogPath(segs ...string) string {
	return DatakatalogPrefix + "/" + strings.Join(segs, "/")
}

func positive(what string, id int) error {
	if id <= 0 {
		return invalidf("nvdb: invalid %s %d: must be > 0", what, id)
	}
	return nil
}

var (
	katalogVegobjekttyper    = cachedListOf[Vegobjekttype]("Datakatalog.Vegobjekttyper")
	katalogVegobjekttype     = cachedOneOf[Vegobjekttype]("Datakatalog.Vegobjekttype")
	katalogEgenskapstype     = cachedOneOf[EgenskapstypeInfo]("Datakatalog.Egenskapstype")
	katalogEgenskapstypeByID = cachedOneOf[EgenskapstypeInfo]("Datakatalog.EgenskapstypeByID")
	katalogKategorier        = cachedListOf[Kategori]("Datakatalog.Kategorier")
	katalogEgKategorier      = cachedListOf[EgenskapstypeKategori]("Datakatalog.Egenskapstypekategorier")
	katalogEnheter           = cachedListOf[Enhet]("Datakatalog.Enheter")
	katalogVersjon           = cachedOneOf[DatakatalogVersjon]("Datakatalog.Versjon")
	katalogProduktspek       = opOf("Datakatalog.Produktspesifikasjon", func(p *Produktspesifikasjon) error {
		if p.URL == "" && p.RegistrationConstraints == nil && p.Examples == nil {
			return errors.New("a produktspesifikasjon without url, registrationConstraints and examples")
		}
		return nil
	})
	katalogHistoriske = opOf("Datakatalog.HistoriskeVegobjekttyper", checkList[Vegobjekttype])
)

// Vegobjekttyper lists the vegobjekttyper of the data catalogue
// (GET /datakatalog/api/v1/vegobjekttyper).
func (s *DatakatalogService) Vegobjekttyper(ctx context.Context, q *VegobjekttyperQuery) ([]*Vegobjekttype, error) {
	if q == nil {
		q = &VegobjekttyperQuery{}
	}
	v, err := encode(q)
	return cachedList(ctx, (*service)(s), katalogVegobjekttyper, katalogPath("vegobjekttyper"), v, err)
}

// Vegobjekttype fetches one vegobjekttype
// (GET /datakatalog/api/v1/vegobjekttyper/{vegobjekttypeid}). inkluder
// adds parts to the type's metadata; ask for VegobjekttypeEgenskapstyper
// (or VegobjekttypeAlle) when you need the egenskapstyper, as Filter and
// FillIn do.
func (s *DatakatalogService) Vegobjekttype(ctx context.Context, typeID int, inkluder ...VegobjekttypeInkluder) (*Vegobjekttype, error) {
	err := positive("vegobjekttype id", typeID)
	var v url.Values
	if err == nil {
		v, err = encode(&vegobjekttypeQuery{Inkluder: inkluder})
	}
	return cachedOne(ctx, (*service)(s), katalogVegobjekttype, katalogPath("vegobjekttyper", strconv.Itoa(typeID)), v, err)
}

// Egenskapstype fetches one egenskapstype of a vegobjekttype
// (GET /datakatalog/api/v1/vegobjekttyper/{vegobjekttypeid}/{egenskapstypeid}).
func (s *DatakatalogService) Egenskapstype(ctx context.Context, typeID, egenskapstypeID int) (*EgenskapstypeInfo, error) {
	err := positive("vegobjekttype id", typeID)
	if err == nil {
		err = positive("egenskapstype id", egenskapstypeID)
	}
	return cachedOne(ctx, (*service)(s), katalogEgenskapstype,
		katalogPath("vegobjekttyper", strconv.Itoa(typeID), strconv.Itoa(egenskapstypeID)), url.Values{}, err)
}

// EgenskapstypeByID fetches an egenskapstype by its id alone
// (GET /datakatalog/api/v1/egenskapstyper/{egenskapstypeid}).
func (s *DatakatalogService) EgenskapstypeByID(ctx context.Context, egenskapstypeID int) (*EgenskapstypeInfo, error) {
	err := positive("egenskapstype id", egenskapstypeID)
	return cachedOne(ctx, (*service)(s), katalogEgenskapstypeByID, katalogPath("egenskapstyper", strconv.Itoa(egenskapstypeID)), url.Values{}, err)
}

// Produktspesifikasjon fetches the product specification of a
// vegobjekttype
// (GET /datakatalog/api/v1/vegobjekttyper/{vegobjekttypeid}/produktspesifikasjon).
// It is not cached: the API sends no ETag for it.
func (s *DatakatalogService) Produktspesifikasjon(ctx context.Context, typeID int) (*Produktspesifikasjon, error) {
	err := positive("vegobjekttype id", typeID)
	return katalogProduktspek.Do(ctx, (*service)(s).transport(), get(katalogPath("vegobjekttyper", strconv.Itoa(typeID), "produktspesifikasjon"), nil, err))
}

// HistoriskeVegobjekttyper lists the vegobjekttyper as they were in an
// earlier version of the data catalogue ("2.37")
// (GET /datakatalog/api/v1/vegobjekttyper/historisk/{versjon}). It is not
// cached.
func (s *DatakatalogService) HistoriskeVegobjekttyper(ctx context.Context, versjon string, q *VegobjekttyperQuery) ([]*Vegobjekttype, error) {
	if q == nil {
		q = &VegobjekttyperQuery{}
	}
	versjon = strings.TrimSpace(versjon)
	var path string
	var v url.Values
	err := invalidf("nvdb: datakatalog versjon must not be empty")
	if versjon != "" {
		if path, err = transport.JoinPath(DatakatalogPrefix+"/vegobjekttyper/historisk", versjon); err != nil {
			err = invalidf("nvdb: invalid datakatalog versjon %q: %w", versjon, err)
		} else {
			v, err = encode(q)
		}
	}
	return many(katalogHistoriske.Do(ctx, (*service)(s).transport(), get(path, v, err)))
}

// Kategorier lists the categories of vegobjekttyper
// (GET /datakatalog/api/v1/kategorier).
func (s *DatakatalogService) Kategorier(ctx context.Context) ([]*Kategori, error) {
	return cachedList(ctx, (*service)(s), katalogKategorier, katalogPath("kategorier"), url.Values{}, nil)
}

// Egenskapstypekategorier lists the categories of egenskapstyper
// (GET /datakatalog/api/v1/egenskapstypekategorier).
func (s *DatakatalogService) Egenskapstypekategorier(ctx context.Context) ([]*EgenskapstypeKategori, error) {
	return cachedList(ctx, (*service)(s), katalogEgKategorier, katalogPath("egenskapstypekategorier"), url.Values{}, nil)
}

// Enheter lists the units numeric egenskaper are measured in
// (GET /datakatalog/api/v1/enheter).
func (s *DatakatalogService) Enheter(ctx context.Context) ([]*Enhet, error) {
	return cachedList(ctx, (*service)(s), katalogEnheter, katalogPath("enheter"), url.Values{}, nil)
}

// Versjon fetches the version of the data catalogue NVDB serves
// (GET /datakatalog/api/v1/versjon).
func (s *DatakatalogService) Versjon(ctx context.Context) (*DatakatalogVersjon, error) {
	return cachedOne(ctx, (*service)(s), katalogVersjon, katalogPath("versjon"), url.Values{}, nil)
}

// EgenskapstypeByNavn returns the egenskapstype named navn (compared
// without regard to case), or nil. The type must have been fetched with
// its egenskapstyper.
func (t *Vegobjekttype) EgenskapstypeByNavn(navn string) *EgenskapstypeInfo {
	navn = strings.TrimSpace(navn)
	for i := range t.Egenskapstyper {
		if t.Egenskapstyper[i].Navn == navn {
			return &t.Egenskapstyper[i]
		}
	}
	for i := range t.Egenskapstyper {
		if strings.EqualFold(t.Egenskapstyper[i].Navn, navn) {
			return &t.Egenskapstyper[i]
		}
	}
	return nil
}

// EgenskapstypeByID returns the egenskapstype with id, or nil.
func (t *Vegobjekttype) EgenskapstypeByID(id int) *EgenskapstypeInfo {
	for i := range t.Egenskapstyper {
		if t.Egenskapstyper[i].ID == id {
			return &t.Egenskapstyper[i]
		}
	}
	return nil
}

// TillattVerdiByID returns the allowed value with enum id, or nil.
func (et *EgenskapstypeInfo) TillattVerdiByID(enumID int) *TillattVerdi {
	for i := range et.TillatteVerdier {
		if et.TillatteVerdier[i].ID == enumID {
			return &et.TillatteVerdier[i]
		}
	}
	return nil
}
