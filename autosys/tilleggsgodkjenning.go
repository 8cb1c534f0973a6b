// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of additional approvals (ADR, animal transport, driving school).

// Tilleggsgodkjenning is an additional approval (ADR, animal transport, driving school vehicle).
type Tilleggsgodkjenning struct {
	Godkjenningstype                  *KodeverkType                      `json:"godkjenningstype,omitempty"`
	GodkjentFra                       Date                               `json:"godkjentFra,omitzero"`
	GodkjentFraDatoTid                Timestamp                          `json:"godkjentFraDatoTid,omitzero"`
	GodkjentTil                       Date                               `json:"godkjentTil,omitzero"`
	GodkjentTilDatoTid                Timestamp                          `json:"godkjentTilDatoTid,omitzero"`
	Korreksjon                        *Korreksjon                        `json:"korreksjon,omitempty"`
	Krav                              []Krav                             `json:"krav,omitzero"`
	TilleggsgodkjenningSpesifikkeData *TilleggsgodkjenningSpesifikkeData `json:"tilleggsgodkjenningSpesifikkeData,omitempty"`
}

// TilleggsgodkjenningSpesifikkeData holds the data of the additional approval's kind.
type TilleggsgodkjenningSpesifikkeData struct {
	AdrGodkjenning           *AdrGodkjenning           `json:"adrGodkjenning,omitempty"`
	DyretransportGodkjenning *DyretransportGodkjenning `json:"dyretransportGodkjenning,omitempty"`
	LarevognGodkjenning      *LarevognGodkjenning      `json:"larevognGodkjenning,omitempty"`
}

// AdrGodkjenning is an approval to carry dangerous goods (ADR).
type AdrGodkjenning struct {
	AdrAnmerkninger                 string               `json:"adrAnmerkninger,omitempty"`
	AdrAttestnummer                 string               `json:"adrAttestnummer,omitempty"`
	AdrBeskyttelseOverLastbarerKode *KodeverkType        `json:"adrBeskyttelseOverLastbarerKode,omitempty"`
	AdrEX2EX3GodkjentGods           string               `json:"adrEX2EX3GodkjentGods,omitempty"`
	AdrKjoretoyLukket               *bool                `json:"adrKjoretoyLukket,omitempty"`
	AdrNasjonaleKrav                *bool                `json:"adrNasjonaleKrav,omitempty"`
	AdrPabyggTypeKode               *KodeverkType        `json:"adrPabyggTypeKode,omitempty"`
	AdrTankTekniskeData             *AdrTankTekniskeData `json:"adrTankTekniskeData,omitempty"`
	AdrTidligereBestemmelser        *bool                `json:"adrTidligereBestemmelser,omitempty"`
	AdrTilleggsbremsEffekt          string               `json:"adrTilleggsbremsEffekt,omitempty"`
	AdrTilleggsbremsIkkeAktuelt     *bool                `json:"adrTilleggsbremsIkkeAktuelt,omitempty"`
	AdrTransportorAdresse           string               `json:"adrTransportorAdresse,omitempty"`
	AdrTransportorNavn              string               `json:"adrTransportorNavn,omitempty"`
	AdrTransportorPostnrSted        string               `json:"adrTransportorPostnrSted,omitempty"`
	AdrTypeKode                     []string             `json:"adrTypeKode,omitzero"`
	AdrVekselbyggID                 string               `json:"adrVekselbyggID,omitempty"`
	AdrVekselbyggIDFra              string               `json:"adrVekselbyggIDFra,omitempty"`
	AdrVekselbyggIDTil              string               `json:"adrVekselbyggIDTil,omitempty"`
}

// AdrTankTekniskeData describes an ADR tank.
type AdrTankTekniskeData struct {
	AdrTankAntallRom              *int                   `json:"adrTankAntallRom,omitempty"`
	AdrTankFabrikat               string                 `json:"adrTankFabrikat,omitempty"`
	AdrTankGodkjenningsnummer     string                 `json:"adrTankGodkjenningsnummer,omitempty"`
	AdrTankGodkjentGods           []AdrTankGodkjentGods  `json:"adrTankGodkjentGods,omitzero"`
	AdrTankInndeling              *AdrTankInndelingVolum `json:"adrTankInndeling,omitempty"`
	AdrTankKode                   string                 `json:"adrTankKode,omitempty"`
	AdrTankKofferdam              *bool                  `json:"adrTankKofferdam,omitempty"`
	AdrTankLos                    *bool                  `json:"adrTankLos,omitempty"`
	AdrTankNesteTetthetsproveDato Date                   `json:"adrTankNesteTetthetsproveDato,omitzero"`
	AdrTankNesteTrykkproveDato    Date                   `json:"adrTankNesteTrykkproveDato,omitzero"`
	AdrTankOverflyttetFra         string                 `json:"adrTankOverflyttetFra,omitempty"`
	AdrTankProduksjonsAr          *int                   `json:"adrTankProduksjonsAr,omitempty"`
	AdrTankSerienummer            string                 `json:"adrTankSerienummer,omitempty"`
	AdrTankSpesielleBestemmelser  string                 `json:"adrTankSpesielleBestemmelser,omitempty"`
	AdrTankVolum                  *int                   `json:"adrTankVolum,omitempty"`
}

// AdrTankGodkjentGods is goods an ADR tank is approved for.
type AdrTankGodkjentGods struct {
	AdrTankGodkjentFor         string `json:"adrTankGodkjentFor,omitempty"`
	AdrTankStofferIhhtTankkode *bool  `json:"adrTankStofferIhhtTankkode,omitempty"`
}

// AdrTankInndelingVolum lists the volume of each tank compartment.
type AdrTankInndelingVolum struct {
	AdrTankInndelingVolum Ints `json:"adrTankInndelingVolum,omitzero"`
}

// DyretransportGodkjenning is an approval to carry animals.
type DyretransportGodkjenning struct {
	Fornyelse          *bool         `json:"fornyelse,omitempty"`
	Gulvareal          *float64      `json:"gulvareal,omitempty"`
	Hestetransporttype *KodeverkType `json:"hestetransporttype,omitempty"`
	Takhoyde           *int          `json:"takhoyde,omitempty"`
}

// LarevognGodkjenning is an approval as a driving school vehicle.
type LarevognGodkjenning struct {
	Forekortklasser *KodeverkType `json:"forekortklasser,omitempty"`
	Larevogn        *KodeverkType `json:"larevogn,omitempty"`
}
