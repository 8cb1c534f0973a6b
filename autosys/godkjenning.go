// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of the vehicle's approvals (godkjenning).

// Godkjenning holds the vehicle's approvals: the first technical approval, the current technical approval with all technical data, additional approvals, registration limits and remarks.
type Godkjenning struct {
	ForstegangsGodkjenning     *ForstegangsTekniskGodkjenning `json:"forstegangsGodkjenning,omitempty"`
	Kjoretoymerknad            []Kjoretoymerknad              `json:"kjoretoymerknad,omitzero"`
	Registreringsbegrensninger *Registreringsbegrensninger    `json:"registreringsbegrensninger,omitempty"`
	TekniskGodkjenning         *TekniskGodkjenning            `json:"tekniskGodkjenning,omitempty"`
	Tilleggsgodkjenninger      []Tilleggsgodkjenning          `json:"tilleggsgodkjenninger,omitzero"`
}

// ForstegangsTekniskGodkjenning is the first technical approval in Norway, including import and customs details.
type ForstegangsTekniskGodkjenning struct {
	Bruktimport                    *BruktImportInfo         `json:"bruktimport,omitempty"`
	ForstegangRegistrertDato       Date                     `json:"forstegangRegistrertDato,omitzero"`
	FortollingOgMva                *FortollingOgMva         `json:"fortollingOgMva,omitempty"`
	GodkjenningsID                 string                   `json:"godkjenningsId,omitempty"`
	Godkjenningsundertype          *KodeverkType            `json:"godkjenningsundertype,omitempty"`
	GyldigFraDato                  Date                     `json:"gyldigFraDato,omitzero"`
	GyldigFraDatoTid               Timestamp                `json:"gyldigFraDatoTid,omitzero"`
	KvalitetskodeForstegangRegDato *KodeverkType            `json:"kvalitetskodeForstegangRegDato,omitempty"`
	OppbygdMedAvgiftsfritak        *OppbygdMedAvgiftsfritak `json:"oppbygdMedAvgiftsfritak,omitempty"`
	Unntak                         []Unntak                 `json:"unntak,omitzero"`
}

// BruktImportInfo describes a used import: country, mileage and the previous foreign plate.
type BruktImportInfo struct {
	Importland                        *Importland `json:"importland,omitempty"`
	Kilometerstand                    *int        `json:"kilometerstand,omitempty"`
	TidligereUtenlandskKjennemerke    string      `json:"tidligereUtenlandskKjennemerke,omitempty"`
	TidligereUtenlandskVognkortNummer string      `json:"tidligereUtenlandskVognkortNummer,omitempty"`
}

// Importland is the country a used vehicle was imported from.
type Importland struct {
	LandNavn string `json:"landNavn,omitempty"`
	Landkode string `json:"landkode,omitempty"`
}

// FortollingOgMva references the customs clearance.
type FortollingOgMva struct {
	AnnenReferanse       string `json:"annenReferanse,omitempty"`
	Beskrivelse          string `json:"beskrivelse,omitempty"`
	Dokumentreferanse    string `json:"dokumentreferanse,omitempty"`
	Fortollingsreferanse string `json:"fortollingsreferanse,omitempty"`
	Linje                *int   `json:"linje,omitempty"`
}

// OppbygdMedAvgiftsfritak lists vehicles whose parts were used to build this one without registration tax.
type OppbygdMedAvgiftsfritak struct {
	Arkivreferanse    []string                   `json:"arkivreferanse,omitzero"`
	Delekjoretoy      []TekniskKjoretoyIdentitet `json:"delekjoretoy,omitzero"`
	ErstattetKjoretoy *TekniskKjoretoyIdentitet  `json:"erstattetKjoretoy,omitempty"`
}

// TekniskKjoretoyIdentitet identifies a vehicle by kuid or by make and understellsnummer.
type TekniskKjoretoyIdentitet struct {
	Kuid                string               `json:"kuid,omitempty"`
	UnderstellsbasertID *UnderstellsbasertID `json:"understellsbasertId,omitempty"`
}

// UnderstellsbasertID identifies a vehicle by make code and understellsnummer.
type UnderstellsbasertID struct {
	Merkekode         string `json:"merkekode,omitempty"`
	Understellsnummer string `json:"understellsnummer,omitempty"`
}

// Unntak is one exemption from a technical requirement.
type Unntak struct {
	Unntak *KodeverkType `json:"unntak,omitempty"`
}

// Kjoretoymerknad is a free-text remark on the vehicle's approval.
type Kjoretoymerknad struct {
	Merknad         string `json:"merknad,omitempty"`
	MerknadtypeKode string `json:"merknadtypeKode,omitempty"`
}

// Registreringsbegrensninger lists limits placed on the vehicle's registration.
type Registreringsbegrensninger struct {
	Registreringsbegrensning []KodeverkType `json:"registreringsbegrensning,omitzero"`
}

// TekniskGodkjenning is the current technical approval: classification and all technical data.
type TekniskGodkjenning struct {
	GodkjenningsID         string                  `json:"godkjenningsId,omitempty"`
	Godkjenningsundertype  *KodeverkType           `json:"godkjenningsundertype,omitempty"`
	GyldigFraDato          Date                    `json:"gyldigFraDato,omitzero"`
	GyldigFraDatoTid       Timestamp               `json:"gyldigFraDatoTid,omitzero"`
	Kjoretoyklassifisering *Kjoretoyklassifisering `json:"kjoretoyklassifisering,omitempty"`
	Korreksjon             *Korreksjon             `json:"korreksjon,omitempty"`
	Krav                   []Krav                  `json:"krav,omitzero"`
	TekniskeData           *TekniskeData           `json:"tekniskeData,omitempty"`
	Unntak                 []Unntak                `json:"unntak,omitzero"`
}

// Kjoretoyklassifisering is the vehicle class (TekniskKode M1, N1, N3, L3e, O1 …), tax code and type approval numbers.
type Kjoretoyklassifisering struct {
	Beskrivelse         string                       `json:"beskrivelse,omitempty"`
	EfTypegodkjenning   *EFTypegodkjenningsID        `json:"efTypegodkjenning,omitempty"`
	KjoretoyAvgiftsKode *KodeverkType                `json:"kjoretoyAvgiftsKode,omitempty"`
	NasjonalGodkjenning *NasjonaltGodkjenningsnummer `json:"nasjonalGodkjenning,omitempty"`
	// SpesielleKjennetegn has no omitempty: the register sends it, often as
	// "", and a value marshalled back keeps it.
	SpesielleKjennetegn        string        `json:"spesielleKjennetegn"`
	TekniskKode                *KodeverkType `json:"tekniskKode,omitempty"`
	TekniskUnderkode           *KodeverkType `json:"tekniskUnderkode,omitempty"`
	ISamsvarMedTypegodkjenning *bool         `json:"iSamsvarMedTypegodkjenning,omitempty"`
}

// EFTypegodkjenningsID is the EU type approval number (e1*2007/46*0623*27), variant and version.
type EFTypegodkjenningsID struct {
	TypegodkjenningNrTekst string                  `json:"typegodkjenningNrTekst,omitempty"`
	Typegodkjenningnummer  *Typegodkjenningsnummer `json:"typegodkjenningnummer,omitempty"`
	Variant                string                  `json:"variant,omitempty"`
	Versjon                string                  `json:"versjon,omitempty"`
}

// Typegodkjenningsnummer is the EU type approval number split into its parts.
type Typegodkjenningsnummer struct {
	Direktiv  string `json:"direktiv,omitempty"`
	Land      string `json:"land,omitempty"`
	Serie     string `json:"serie,omitempty"`
	Utvidelse string `json:"utvidelse,omitempty"`
}

// NasjonaltGodkjenningsnummer is the Norwegian national approval number.
type NasjonaltGodkjenningsnummer struct {
	NasjonaltGodkjenningsAr          string `json:"nasjonaltGodkjenningsAr,omitempty"`
	NasjonaltGodkjenningsHovednummer string `json:"nasjonaltGodkjenningsHovednummer,omitempty"`
	NasjonaltGodkjenningsUndernummer string `json:"nasjonaltGodkjenningsUndernummer,omitempty"`
}

// Korreksjon says whether, when and which fields of an approval were corrected.
type Korreksjon struct {
	GodkjenningErKorrigert *bool    `json:"godkjenningErKorrigert,omitempty"`
	Virkningsdato          Date     `json:"virkningsdato,omitzero"`
	FelterEndret           []string `json:"felterEndret,omitzero"`
}

// Krav is one requirement area and how the vehicle fulfils it.
type Krav struct {
	Kravomrade      *KodeverkType `json:"kravomrade,omitempty"`
	Kravoppfyllelse *KodeverkType `json:"kravoppfyllelse,omitempty"`
}
