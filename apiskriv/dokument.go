package apiskriv

import (
	"fmt"
	"strings"
)

// JaNei is the API's boolean in documents and query strings: "JA" or "NEI".
type JaNei string

// JaNei values.
const (
	Ja  JaNei = "JA"
	Nei JaNei = "NEI"
)

// Operasjon marks what a partial operation (delvisOppdater, delvisKorriger)
// does with an egenskap, assosiasjon or stedfesting ("oppdater", "slett"),
// or with a list item ("ny", "slett").
type Operasjon string

// Operasjon values.
const (
	OperasjonOppdater Operasjon = "oppdater"
	OperasjonSlett    Operasjon = "slett"
	OperasjonNy       Operasjon = "ny"
)

// Endringssett is the change-set document (namespace
// …/domain/changeset/v3). Build it with NewEndringssett and the operation
// methods, or fill the fields directly. Status is set only in answers.
//
// The JSON form is not documented; this package follows the mapping that
// public clients use: attributes become fields, wrapper elements become
// arrays, verdi is always an array, geometri is an array.
type Endringssett struct {
	ID                 string       `xml:"id,attr,omitempty" json:"id,omitempty"`
	Datakatalogversjon string       `xml:"datakatalogversjon" json:"datakatalogversjon"`
	Ansvarlig          string       `xml:"ansvarlig,omitempty" json:"ansvarlig,omitempty"`
	EksternRef         string       `xml:"eksternRef,omitempty" json:"eksternRef,omitempty"`
	Kontekst           string       `xml:"kontekst,omitempty" json:"kontekst,omitempty"`
	Laasing            *Laasing     `xml:"låsing,omitempty" json:"låsing,omitempty"`
	Validering         *Validering  `xml:"validering,omitempty" json:"validering,omitempty"`
	Registrer          *Vegobjekter `xml:"registrer,omitempty" json:"registrer,omitempty"`
	Oppdater           *Vegobjekter `xml:"oppdater,omitempty" json:"oppdater,omitempty"`
	DelvisOppdater     *Vegobjekter `xml:"delvisOppdater,omitempty" json:"delvisOppdater,omitempty"`
	Korriger           *Vegobjekter `xml:"korriger,omitempty" json:"korriger,omitempty"`
	DelvisKorriger     *Vegobjekter `xml:"delvisKorriger,omitempty" json:"delvisKorriger,omitempty"`
	Lukk               *Vegobjekter `xml:"lukk,omitempty" json:"lukk,omitempty"`
	Fjern              *Vegobjekter `xml:"fjern,omitempty" json:"fjern,omitempty"`
	Gjenopprett        *Vegobjekter `xml:"gjenopprett,omitempty" json:"gjenopprett,omitempty"`
	Status             *Status      `xml:"status,omitempty" json:"status,omitempty"`
}

// Laasing (låsing) ties an endringssett to a lock taken in advance
// (LaaserService.Create): the set is processed under that lock, and the
// lock may be removed by the API when the set reaches a given fremdrift
// (slettLåsAutomatiskNår: UTFØRT or UTFØRT_OG_ETTERBEHANDLET).
type Laasing struct {
	LaasID                  int64     `xml:"låsId,omitempty" json:"låsId,omitempty"`
	SlettLaasAutomatiskNaar Fremdrift `xml:"slettLåsAutomatiskNår,omitempty" json:"slettLåsAutomatiskNår,omitempty"`
}

// Vegobjekter is the body of one operation: <vegobjekter><vegobjekt>….
type Vegobjekter struct {
	Vegobjekter []*Vegobjekt `xml:"vegobjekter>vegobjekt" json:"vegobjekter"`
}

// Vegobjekt is one road object in an operation. Which fields apply depends
// on the operation: registrer needs TypeID and TempID; oppdater, korriger and
// their partial forms need TypeID, NvdbID and Versjon (the current last
// version); lukk adds Lukkedato and Kaskadelukking; fjern takes
// Kaskadefjerning (Versjon optional); gjenopprett takes
// Kaskadegjenoppretting.
type Vegobjekt struct {
	TypeID                int                `xml:"typeId,attr" json:"typeId"`
	TempID                string             `xml:"tempId,attr,omitempty" json:"tempId,omitempty"`
	NvdbID                int64              `xml:"nvdbId,attr,omitempty" json:"nvdbId,omitempty"`
	Versjon               int                `xml:"versjon,attr,omitempty" json:"versjon,omitempty"`
	Overskriv             JaNei              `xml:"overskriv,attr,omitempty" json:"overskriv,omitempty"`
	Validering            *Validering        `xml:"validering,omitempty" json:"validering,omitempty"`
	Gyldighetsperiode     *Gyldighetsperiode `xml:"gyldighetsperiode,omitempty" json:"gyldighetsperiode,omitempty"`
	Egenskaper            []Egenskap         `xml:"egenskaper>egenskap,omitempty" json:"egenskaper,omitempty"`
	Assosiasjoner         []Assosiasjon      `xml:"assosiasjoner>assosiasjon,omitempty" json:"assosiasjoner,omitempty"`
	Stedfesting           *Stedfesting       `xml:"stedfesting,omitempty" json:"stedfesting,omitempty"`
	Lukkedato             Dato               `xml:"lukkedato,omitempty" json:"lukkedato,omitempty"`
	Kaskadelukking        JaNei              `xml:"kaskadelukking,omitempty" json:"kaskadelukking,omitempty"`
	Kaskadefjerning       JaNei              `xml:"kaskadefjerning,omitempty" json:"kaskadefjerning,omitempty"`
	Kaskadegjenoppretting JaNei              `xml:"kaskadegjenoppretting,omitempty" json:"kaskadegjenoppretting,omitempty"`
}

// Validering holds directives for the server's checks. The endringssett
// also takes one at the top level (listed among its elements, its content
// not documented); this package sends the same elements there as on a
// vegobjekt, the closest documented analogue.
type Validering struct {
	LestFraNvdb         Tidspunkt `xml:"lestFraNvdb,omitempty" json:"lestFraNvdb,omitempty"`
	Overlappsautomatikk JaNei     `xml:"overlappsautomatikk,omitempty" json:"overlappsautomatikk,omitempty"`
	ReduserPunkttetthet JaNei     `xml:"reduserPunkttetthet,omitempty" json:"reduserPunkttetthet,omitempty"`
}

// Gyldighetsperiode is the validity period of an object version.
type Gyldighetsperiode struct {
	Startdato Dato `xml:"startdato" json:"startdato"`
	Sluttdato Dato `xml:"sluttdato,omitempty" json:"sluttdato,omitempty"`
}

// Egenskap is one property value: verdi (repeatable), enum (an enum id),
// binaer, struktur or geometri.
type Egenskap struct {
	TypeID    int        `xml:"typeId,attr" json:"typeId"`
	Operasjon Operasjon  `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	Verdi     []string   `xml:"verdi,omitempty" json:"verdi,omitempty"`
	Enum      []int      `xml:"enum,omitempty" json:"enum,omitempty"`
	Binaer    *Binaer    `xml:"binaer,omitempty" json:"binaer,omitempty"`
	Struktur  *Struktur  `xml:"struktur,omitempty" json:"struktur,omitempty"`
	Geometri  []Geometri `xml:"geometri,omitempty" json:"geometri,omitempty"`
}

// Binaer refers to an uploaded binary object.
type Binaer struct {
	RessursID string `xml:"ressursId,attr" json:"ressursId"`
	Format    string `xml:"format,attr,omitempty" json:"format,omitempty"`
}

// Struktur is a composite property value.
type Struktur struct {
	Medlem []Medlem `xml:"medlem" json:"medlem"`
}

// Medlem is one member of a Struktur.
type Medlem struct {
	TypeID int      `xml:"typeId,attr" json:"typeId"`
	Verdi  []string `xml:"verdi" json:"verdi"`
}

// Geometri is a geometry property value; Srid and Wkt are required.
type Geometri struct {
	Srid              int       `xml:"srid" json:"srid"`
	Wkt               string    `xml:"wkt" json:"wkt"`
	Lengde            *float64  `xml:"lengde,omitempty" json:"lengde,omitempty"`
	Datafangstdato    Dato      `xml:"datafangstdato,omitempty" json:"datafangstdato,omitempty"`
	Temakode          *int      `xml:"temakode,omitempty" json:"temakode,omitempty"`
	Medium            *int      `xml:"medium,omitempty" json:"medium,omitempty"`
	Kommune           *int      `xml:"kommune,omitempty" json:"kommune,omitempty"`
	Hoydereferanse    *int      `xml:"høydereferanse,omitempty" json:"høydereferanse,omitempty"`
	Sosinavn          string    `xml:"sosinavn,omitempty" json:"sosinavn,omitempty"`
	Referansegeometri *bool     `xml:"referansegeometri,omitempty" json:"referansegeometri,omitempty"`
	Verifiseringsdato Dato      `xml:"verifiseringsdato,omitempty" json:"verifiseringsdato,omitempty"`
	Oppdateringsdato  Dato      `xml:"oppdateringsdato,omitempty" json:"oppdateringsdato,omitempty"`
	Prosesshistorikk  string    `xml:"prosesshistorikk,omitempty" json:"prosesshistorikk,omitempty"`
	Kvalitet          *Kvalitet `xml:"kvalitet,omitempty" json:"kvalitet,omitempty"`
}

// Kvalitet describes how a geometry was measured.
type Kvalitet struct {
	Maalemetode           *int `xml:"målemetode,omitempty" json:"målemetode,omitempty"`
	MaalemetodeHoyde      *int `xml:"målemetodeHøyde,omitempty" json:"målemetodeHøyde,omitempty"`
	Noyaktighet           *int `xml:"nøyaktighet,omitempty" json:"nøyaktighet,omitempty"`
	NoyaktighetHoyde      *int `xml:"nøyaktighetHøyde,omitempty" json:"nøyaktighetHøyde,omitempty"`
	Synbarhet             *int `xml:"synbarhet,omitempty" json:"synbarhet,omitempty"`
	Toleranse             *int `xml:"toleranse,omitempty" json:"toleranse,omitempty"`
	Datafangstmetode      *int `xml:"datafangstmetode,omitempty" json:"datafangstmetode,omitempty"`
	DatafangstmetodeHoyde *int `xml:"datafangstmetodeHøyde,omitempty" json:"datafangstmetodeHøyde,omitempty"`
}

// Assosiasjon links an object to children of one association type, by
// nvdbId (existing objects) or tempId (objects in the same endringssett).
type Assosiasjon struct {
	TypeID    int               `xml:"typeId,attr" json:"typeId"`
	Operasjon Operasjon         `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	NvdbID    []AssosiertNvdbID `xml:"nvdbId,omitempty" json:"nvdbId,omitempty"`
	TempID    []AssosiertTempID `xml:"tempId,omitempty" json:"tempId,omitempty"`
}

// AssosiertNvdbID is one associated existing object.
type AssosiertNvdbID struct {
	Verdi     int64     `xml:",chardata" json:"verdi"`
	Operasjon Operasjon `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
}

// AssosiertTempID is one associated new object of the same endringssett.
type AssosiertTempID struct {
	Verdi     string    `xml:",chardata" json:"verdi"`
	Operasjon Operasjon `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
}

// Stedfesting places an object on the road network: punkt, linje or sving.
type Stedfesting struct {
	Operasjon Operasjon `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	Punkt     []Punkt   `xml:"punkt,omitempty" json:"punkt,omitempty"`
	Linje     []Linje   `xml:"linje,omitempty" json:"linje,omitempty"`
	Sving     []Sving   `xml:"sving,omitempty" json:"sving,omitempty"`
}

// Retning is the direction relative to the veglenkesekvens (MED or MOT).
type Retning string

// Retning values.
const (
	RetningMed Retning = "MED"
	RetningMot Retning = "MOT"
)

// Punkt is a point position on a veglenkesekvens (posisjon in [0, 1]).
type Punkt struct {
	VeglenkesekvensNvdbID int64     `xml:"veglenkesekvensNvdbId,attr" json:"veglenkesekvensNvdbId"`
	Posisjon              float64   `xml:"posisjon,attr" json:"posisjon"`
	Operasjon             Operasjon `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	Retning               Retning   `xml:"retning,omitempty" json:"retning,omitempty"`
	Sideposisjon          string    `xml:"sideposisjon,omitempty" json:"sideposisjon,omitempty"`
	Kjorefelt             []string  `xml:"kjørefelt>felt,omitempty" json:"kjørefelt,omitempty"`
}

// Linje is a stretch [fra, til] of a veglenkesekvens.
type Linje struct {
	VeglenkesekvensNvdbID int64     `xml:"veglenkesekvensNvdbId,attr" json:"veglenkesekvensNvdbId"`
	Fra                   float64   `xml:"fra,attr" json:"fra"`
	Til                   float64   `xml:"til,attr" json:"til"`
	Operasjon             Operasjon `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	Retning               Retning   `xml:"retning,omitempty" json:"retning,omitempty"`
	Sideposisjon          string    `xml:"sideposisjon,omitempty" json:"sideposisjon,omitempty"`
	Kjorefelt             []string  `xml:"kjørefelt>felt,omitempty" json:"kjørefelt,omitempty"`
}

// Sving is a turn through a node, from one veglenkesekvens to another.
type Sving struct {
	NodeNvdbID int64      `xml:"nodeNvdbId,attr" json:"nodeNvdbId"`
	Operasjon  Operasjon  `xml:"operasjon,attr,omitempty" json:"operasjon,omitempty"`
	Fra        SvingPunkt `xml:"fra" json:"fra"`
	Til        SvingPunkt `xml:"til" json:"til"`
	Retning    Retning    `xml:"retning,omitempty" json:"retning,omitempty"`
	Kjorefelt  []string   `xml:"kjørefelt>felt,omitempty" json:"kjørefelt,omitempty"`
}

// SvingPunkt is one end of a Sving.
type SvingPunkt struct {
	VeglenkesekvensNvdbID int64   `xml:"veglenkesekvensNvdbId,attr" json:"veglenkesekvensNvdbId"`
	Posisjon              float64 `xml:"posisjon,attr" json:"posisjon"`
}

// --- builder ---

// NewEndringssett starts a document for the given datakatalog version
// (required by the API, for example "2.37").
func NewEndringssett(datakatalogversjon string) *Endringssett {
	return &Endringssett{Datakatalogversjon: datakatalogversjon}
}

func add(ops **Vegobjekter, v ...*Vegobjekt) {
	if *ops == nil {
		*ops = &Vegobjekter{}
	}
	(*ops).Vegobjekter = append((*ops).Vegobjekter, v...)
}

// WithAnsvarlig sets the responsible SVV username (required for service
// accounts).
func (e *Endringssett) WithAnsvarlig(brukernavn string) *Endringssett {
	e.Ansvarlig = brukernavn
	return e
}

// WithEksternRef sets the caller's own reference (at most 255 characters).
func (e *Endringssett) WithEksternRef(ref string) *Endringssett {
	e.EksternRef = ref
	return e
}

// WithKontekst sets free context text (sent as character data).
func (e *Endringssett) WithKontekst(k string) *Endringssett {
	e.Kontekst = k
	return e
}

// WithLaasing processes the set under a lock taken in advance; slettNaar
// (UTFØRT, UTFØRT_OG_ETTERBEHANDLET or "") asks the API to remove the lock
// when the set reaches that fremdrift.
func (e *Endringssett) WithLaasing(laasID int64, slettNaar Fremdrift) *Endringssett {
	e.Laasing = &Laasing{LaasID: laasID, SlettLaasAutomatiskNaar: slettNaar}
	return e
}

// AddRegistrer adds new objects (registrer); build each with NyttVegobjekt.
func (e *Endringssett) AddRegistrer(v ...*Vegobjekt) *Endringssett {
	add(&e.Registrer, v...)
	return e
}

// AddOppdater adds new versions of existing objects (oppdater): the whole
// object is replaced. Build each with EksisterendeVegobjekt.
func (e *Endringssett) AddOppdater(v ...*Vegobjekt) *Endringssett {
	add(&e.Oppdater, v...)
	return e
}

// AddDelvisOppdater adds partial new versions (delvisOppdater): only the
// given egenskaper, assosiasjoner and stedfesting change. Items without an
// operasjon get "oppdater".
func (e *Endringssett) AddDelvisOppdater(v ...*Vegobjekt) *Endringssett {
	for _, o := range v {
		o.markPartial()
	}
	add(&e.DelvisOppdater, v...)
	return e
}

// AddKorriger adds corrections of the current version (korriger); each needs
// WithLestFraNvdb.
func (e *Endringssett) AddKorriger(v ...*Vegobjekt) *Endringssett {
	add(&e.Korriger, v...)
	return e
}

// AddDelvisKorriger adds partial corrections (delvisKorriger); each needs
// WithLestFraNvdb. Items without an operasjon get "oppdater".
func (e *Endringssett) AddDelvisKorriger(v ...*Vegobjekt) *Endringssett {
	for _, o := range v {
		o.markPartial()
	}
	add(&e.DelvisKorriger, v...)
	return e
}

// AddLukk closes an object version at lukkedato, optionally cascading to
// its children.
func (e *Endringssett) AddLukk(typeID int, nvdbID int64, versjon int, lukkedato Dato, kaskade bool) *Endringssett {
	add(&e.Lukk, &Vegobjekt{TypeID: typeID, NvdbID: nvdbID, Versjon: versjon, Lukkedato: lukkedato, Kaskadelukking: janei(kaskade)})
	return e
}

// AddFjern removes an object; versjon 0 removes the whole object, else that
// version.
func (e *Endringssett) AddFjern(typeID int, nvdbID int64, versjon int, kaskade bool) *Endringssett {
	add(&e.Fjern, &Vegobjekt{TypeID: typeID, NvdbID: nvdbID, Versjon: versjon, Kaskadefjerning: janei(kaskade)})
	return e
}

// AddGjenopprett restores a closed object (added in API Skriv 2023.0.7).
func (e *Endringssett) AddGjenopprett(typeID int, nvdbID int64, versjon int, kaskade bool) *Endringssett {
	add(&e.Gjenopprett, &Vegobjekt{TypeID: typeID, NvdbID: nvdbID, Versjon: versjon, Kaskadegjenoppretting: janei(kaskade)})
	return e
}

func janei(b bool) JaNei {
	if b {
		return Ja
	}
	return Nei
}

// NyttVegobjekt starts a new object of type typeID; tempID names it within
// the endringssett (answers report the nvdbId it was given per tempId).
func NyttVegobjekt(typeID int, tempID string) *Vegobjekt {
	return &Vegobjekt{TypeID: typeID, TempID: tempID}
}

// EksisterendeVegobjekt refers to version versjon (the current last one) of
// an existing object, for oppdater, korriger and their partial forms.
func EksisterendeVegobjekt(typeID int, nvdbID int64, versjon int) *Vegobjekt {
	return &Vegobjekt{TypeID: typeID, NvdbID: nvdbID, Versjon: versjon}
}

// WithGyldighetsperiode sets the validity period (sluttdato may be empty).
func (v *Vegobjekt) WithGyldighetsperiode(startdato, sluttdato Dato) *Vegobjekt {
	v.Gyldighetsperiode = &Gyldighetsperiode{Startdato: startdato, Sluttdato: sluttdato}
	return v
}

// WithEgenskap sets a property to one or more values.
func (v *Vegobjekt) WithEgenskap(typeID int, verdi ...string) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Verdi: verdi})
	return v
}

// WithEnum sets an enumerated property by enum id.
func (v *Vegobjekt) WithEnum(typeID int, enumID int) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Enum: []int{enumID}})
	return v
}

// WithGeometri sets a geometry property.
func (v *Vegobjekt) WithGeometri(typeID int, g Geometri) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Geometri: []Geometri{g}})
	return v
}

// WithStruktur sets a composite property.
func (v *Vegobjekt) WithStruktur(typeID int, medlem ...Medlem) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Struktur: &Struktur{Medlem: medlem}})
	return v
}

// WithoutEgenskap removes a property's value (operasjon "slett"; for the
// partial operations).
func (v *Vegobjekt) WithoutEgenskap(typeID int) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Operasjon: OperasjonSlett})
	return v
}

// WithPunkt adds a point position.
func (v *Vegobjekt) WithPunkt(veglenkesekvens int64, posisjon float64) *Vegobjekt {
	v.stedfesting().Punkt = append(v.Stedfesting.Punkt, Punkt{VeglenkesekvensNvdbID: veglenkesekvens, Posisjon: posisjon})
	return v
}

// WithLinje adds a stretch [fra, til] of a veglenkesekvens.
func (v *Vegobjekt) WithLinje(veglenkesekvens int64, fra, til float64) *Vegobjekt {
	v.stedfesting().Linje = append(v.Stedfesting.Linje, Linje{VeglenkesekvensNvdbID: veglenkesekvens, Fra: fra, Til: til})
	return v
}

// WithSving adds a turn through node.
func (v *Vegobjekt) WithSving(node int64, fra, til SvingPunkt) *Vegobjekt {
	v.stedfesting().Sving = append(v.Stedfesting.Sving, Sving{NodeNvdbID: node, Fra: fra, Til: til})
	return v
}

// WithAssosiasjon associates existing children (nvdbId) of one type.
func (v *Vegobjekt) WithAssosiasjon(typeID int, nvdbID ...int64) *Vegobjekt {
	a := Assosiasjon{TypeID: typeID}
	for _, id := range nvdbID {
		a.NvdbID = append(a.NvdbID, AssosiertNvdbID{Verdi: id})
	}
	v.Assosiasjoner = append(v.Assosiasjoner, a)
	return v
}

// WithLestFraNvdb sets when the object was read from NVDB (NVDB time, as
// API Les reports it); required by korriger and overskriv.
func (v *Vegobjekt) WithLestFraNvdb(t Tidspunkt) *Vegobjekt {
	if v.Validering == nil {
		v.Validering = &Validering{}
	}
	v.Validering.LestFraNvdb = t
	return v
}

// WithOverskriv lets an oppdater overwrite changes made since LestFraNvdb.
func (v *Vegobjekt) WithOverskriv() *Vegobjekt {
	v.Overskriv = Ja
	return v
}

func (v *Vegobjekt) stedfesting() *Stedfesting {
	if v.Stedfesting == nil {
		v.Stedfesting = &Stedfesting{}
	}
	return v.Stedfesting
}

func (v *Vegobjekt) markPartial() {
	for i := range v.Egenskaper {
		if v.Egenskaper[i].Operasjon == "" {
			v.Egenskaper[i].Operasjon = OperasjonOppdater
		}
	}
	for i := range v.Assosiasjoner {
		if v.Assosiasjoner[i].Operasjon == "" {
			v.Assosiasjoner[i].Operasjon = OperasjonOppdater
		}
	}
	if v.Stedfesting != nil && v.Stedfesting.Operasjon == "" {
		v.Stedfesting.Operasjon = OperasjonOppdater
	}
}

// Check reports the problems the API would refuse, without a request:
// missing datakatalogversjon, an empty document, missing ids, duplicate
// tempIds, a missing lukkedato or lestFraNvdb, positions outside [0, 1] and
// fra after til. The server checks much more (the datakatalog rules); use
// Validate for that.
func (e *Endringssett) Check() error {
	if e == nil {
		return invalid("nil endringssett")
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(e.Datakatalogversjon) == "" {
		bad("datakatalogversjon is required")
	}
	if len(e.EksternRef) > 255 {
		bad("eksternRef is longer than 255 characters")
	}
	if l := e.Laasing; l != nil {
		if l.LaasID <= 0 {
			bad("låsing.låsId is required")
		}
		switch l.SlettLaasAutomatiskNaar {
		case "", FremdriftUtfort, FremdriftUtfortOgEtterbehandlet:
		default:
			bad("låsing.slettLåsAutomatiskNår must be UTFØRT or UTFØRT_OG_ETTERBEHANDLET, got %q", l.SlettLaasAutomatiskNaar)
		}
	}
	ops := []struct {
		name string
		v    *Vegobjekter
	}{{"registrer", e.Registrer}, {"oppdater", e.Oppdater}, {"delvisOppdater", e.DelvisOppdater},
		{"korriger", e.Korriger}, {"delvisKorriger", e.DelvisKorriger}, {"lukk", e.Lukk},
		{"fjern", e.Fjern}, {"gjenopprett", e.Gjenopprett}}
	n := 0
	temp := map[string]bool{}
	for _, op := range ops {
		if op.v == nil {
			continue
		}
		for i, v := range op.v.Vegobjekter {
			n++
			at := fmt.Sprintf("%s.vegobjekter[%d]", op.name, i)
			if v == nil {
				bad("%s: nil vegobjekt", at)
				continue
			}
			if v.TypeID <= 0 {
				bad("%s: typeId is required", at)
			}
			switch op.name {
			case "registrer":
				if v.TempID == "" {
					bad("%s: tempId is required", at)
				} else if temp[v.TempID] {
					bad("%s: tempId %q is used twice", at, v.TempID)
				}
				temp[v.TempID] = true
			default:
				if v.NvdbID <= 0 {
					bad("%s: nvdbId is required", at)
				}
				if v.Versjon <= 0 && op.name != "fjern" {
					bad("%s: versjon is required", at)
				}
			}
			switch op.name {
			case "korriger", "delvisKorriger":
				if v.Validering == nil || v.Validering.LestFraNvdb == "" {
					bad("%s: validering.lestFraNvdb is required", at)
				}
			case "lukk":
				if v.Lukkedato == "" {
					bad("%s: lukkedato is required", at)
				}
				if v.Kaskadelukking == "" {
					bad("%s: kaskadelukking is required", at)
				}
			}
			if v.Overskriv == Ja && (v.Validering == nil || v.Validering.LestFraNvdb == "") {
				bad("%s: overskriv needs validering.lestFraNvdb", at)
			}
			for j, eg := range v.Egenskaper {
				if eg.Binaer != nil && !uuidRE.MatchString(eg.Binaer.RessursID) {
					bad("%s.egenskaper[%d]: binaer.ressursId must be the UUID of an uploaded object", at, j)
				}
			}
			if s := v.Stedfesting; s != nil {
				for j, p := range s.Punkt {
					if p.Posisjon < 0 || p.Posisjon > 1 {
						bad("%s.stedfesting.punkt[%d]: posisjon must be in [0, 1]", at, j)
					}
				}
				for j, l := range s.Linje {
					if l.Fra < 0 || l.Til > 1 || l.Fra >= l.Til {
						bad("%s.stedfesting.linje[%d]: need 0 <= fra < til <= 1", at, j)
					}
				}
			}
		}
	}
	if n == 0 {
		bad("the endringssett has no vegobjekter")
	}
	if len(errs) > 0 {
		return invalid("%s", strings.Join(errs, "; "))
	}
	return nil
}
