package autosys

import "strings"

// Models of the kjøretøyoppslag operations (bulk lookups and owner
// searches), which give out owner data. They follow the AKF-Datautlevering
// OpenAPI schemas field for field, with the API's names as JSON tags.

// Kjoretoy is one vehicle with its ownership: the schemas Kjoretoy and
// KjoretoyMedBegrensedeEieropplysninger, which have the same fields. The
// technical data is the enkeltoppslag's Kjoretoydata, embedded, so its
// accessors (Merke, Modell, Kontrollfrist …) work here too; Eierskap is nil
// when the register gives out no owner.
type Kjoretoy struct {
	Kjoretoydata
	Eierskap *EierskapBegrenset `json:"eierskap,omitempty"`
}

// EierskapBegrenset is who owns, co-owns, leases or holds the vehicle
// through a sub-unit, and when the ownership was decided (vedtakstidspunkt).
type EierskapBegrenset struct {
	Eier             *PersonEnhetBegrenset `json:"eier,omitempty"`
	Leasingtaker     *PersonEnhetBegrenset `json:"leasingtaker,omitempty"`
	Medeier          *PersonEnhetBegrenset `json:"medeier,omitempty"`
	Underenhet       *PersonEnhetBegrenset `json:"underenhet,omitempty"`
	Vedtakstidspunkt Timestamp             `json:"vedtakstidspunkt,omitzero"`
}

// PersonEnhetBegrenset is one party of an ownership: a person (Person) or
// an organisation (Enhet), with address and the period of the role.
type PersonEnhetBegrenset struct {
	Adresse      *Adresse                  `json:"adresse,omitempty"`
	Enhet        *Enhet                    `json:"enhet,omitempty"`
	FomTidspunkt Timestamp                 `json:"fomTidspunkt,omitzero"`
	Person       *PersonnavnMedFodselsdato `json:"person,omitempty"`
	TilTidspunkt Timestamp                 `json:"tilTidspunkt,omitzero"`
}

// PersonnavnMedFodselsdato is a person's name and date of birth.
type PersonnavnMedFodselsdato struct {
	Etternavn   string `json:"etternavn,omitempty"`
	Fodselsdato Date   `json:"fodselsdato,omitzero"`
	Fornavn     string `json:"fornavn,omitempty"`
	Mellomnavn  string `json:"mellomnavn,omitempty"`
}

// Enhet is an organisation in Enhetsregisteret.
type Enhet struct {
	Organisasjonsnavn   string `json:"organisasjonsnavn,omitempty"`
	Organisasjonsnummer string `json:"organisasjonsnummer,omitempty"`
}

// Adresse is a postal address.
type Adresse struct {
	Adresselinje1 string `json:"adresselinje1,omitempty"`
	Adresselinje2 string `json:"adresselinje2,omitempty"`
	Adresselinje3 string `json:"adresselinje3,omitempty"`
	Kommunenavn   string `json:"kommunenavn,omitempty"`
	Kommunenummer string `json:"kommunenummer,omitempty"`
	Land          string `json:"land,omitempty"`
	Landkode      string `json:"landkode,omitempty"`
	Postnummer    string `json:"postnummer,omitempty"`
	Poststed      string `json:"poststed,omitempty"`
}

// KjoretoydataWrapper is one hit of an owner search or of a bulk lookup by
// understellsnummer (the schemas KjoretoydataWrapper and
// UnderstellsnummerTreffWrapper): a vehicle, or a feilmelding saying why
// none is given out. Err reports the feilmelding as an error.
type KjoretoydataWrapper struct {
	Kjoretoydata *Kjoretoy `json:"kjoretoydata,omitempty"`
	Feilmelding  string    `json:"feilmelding,omitempty"`
}

// KjennemerkeRequest is one item of a bulk lookup by kjennemerke: the plate
// and, optionally, the moment (dtg) at which ownership, registration and
// plates are wanted.
type KjennemerkeRequest struct {
	Kjennemerke string    `json:"kjennemerke"`
	Dtg         Timestamp `json:"dtg,omitzero"`
}

// KuidRequest is one item of a bulk lookup by kuid, the register's own
// vehicle id, with an optional moment (dtg) as in KjennemerkeRequest.
type KuidRequest struct {
	Dtg  Timestamp `json:"dtg,omitzero"`
	Kuid string    `json:"kuid"`
}

// UnderstellsnummerRequest is one item of a bulk lookup by VIN.
type UnderstellsnummerRequest struct {
	Understellsnummer string `json:"understellsnummer"`
}

// KjennemerkeBulkResponse is the answer of POST
// /kjoretoyoppslag/bulk/kjennemerke: one KjennemerkeResponse per request
// item, and the quota left (gjenstaendeKvote).
type KjennemerkeBulkResponse struct {
	GjenstaendeKvote *int                  `json:"gjenstaendeKvote,omitempty"`
	Responser        []KjennemerkeResponse `json:"responser,omitzero"`
}

// KjennemerkeResponse is the answer for one plate: the vehicle, or a
// feilmelding (KJENNEMERKE_UKJENT, KJENNEMERKE_UGYLDIG …); Request echoes
// the item asked for.
type KjennemerkeResponse struct {
	Feilmelding  string              `json:"feilmelding,omitempty"`
	Request      *KjennemerkeRequest `json:"request,omitempty"`
	Kjoretoydata *Kjoretoy           `json:"kjoretoydata,omitempty"`
}

// KuidBulkResponse is the answer of POST /kjoretoyoppslag/bulk/kuid.
type KuidBulkResponse struct {
	GjenstaendeKvote *int           `json:"gjenstaendeKvote,omitempty"`
	Responser        []KuidResponse `json:"responser,omitzero"`
}

// KuidResponse is the answer for one kuid: the vehicle or a feilmelding.
type KuidResponse struct {
	Feilmelding  string       `json:"feilmelding,omitempty"`
	Request      *KuidRequest `json:"request,omitempty"`
	Kjoretoydata *Kjoretoy    `json:"kjoretoydata,omitempty"`
}

// UnderstellsnummerBulkResponse is the answer of POST
// /kjoretoyoppslag/bulk/understellsnummer.
type UnderstellsnummerBulkResponse struct {
	GjenstaendeKvote *int                        `json:"gjenstaendeKvote,omitempty"`
	Responser        []UnderstellsnummerResponse `json:"responser,omitzero"`
}

// UnderstellsnummerResponse is the answer for one VIN: every vehicle that
// carries it (KjoretoydataListe; a VIN is not always unique), or a
// feilmelding.
type UnderstellsnummerResponse struct {
	Feilmelding       string                    `json:"feilmelding,omitempty"`
	Request           *UnderstellsnummerRequest `json:"request,omitempty"`
	KjoretoydataListe []KjoretoydataWrapper     `json:"kjoretoydataListe,omitzero"`
}

// FodselsnummerRequest is the search of GET /kjoretoyoppslag/person as the
// API echoes it.
type FodselsnummerRequest struct {
	Fodselsnummer string    `json:"fodselsnummer,omitempty"`
	Etternavn     string    `json:"etternavn,omitempty"`
	Dtg           Timestamp `json:"dtg,omitzero"`
}

// FodselsnummerResponse is the body of GET /kjoretoyoppslag/person.
type FodselsnummerResponse struct {
	GjenstaendeKvote  *int                  `json:"gjenstaendeKvote,omitempty"`
	Feilmelding       string                `json:"feilmelding,omitempty"`
	Request           *FodselsnummerRequest `json:"request,omitempty"`
	KjoretoydataListe []KjoretoydataWrapper `json:"kjoretoydataListe,omitzero"`
}

// OrganisasjonsnummerRequest is the search of GET
// /kjoretoyoppslag/organisasjon as the API echoes it, with the page asked
// for (side, from 0) and its size (antall).
type OrganisasjonsnummerRequest struct {
	Organisasjonsnummer string    `json:"organisasjonsnummer,omitempty"`
	Dtg                 Timestamp `json:"dtg,omitzero"`
	Side                *int      `json:"side,omitempty"`
	Antall              *int      `json:"antall,omitempty"`
}

// OrganisasjonsnummerResponse is the body of GET
// /kjoretoyoppslag/organisasjon: one page of the organisation's vehicles.
type OrganisasjonsnummerResponse struct {
	GjenstaendeKvote  *int                        `json:"gjenstaendeKvote,omitempty"`
	Feilmelding       string                      `json:"feilmelding,omitempty"`
	Request           *OrganisasjonsnummerRequest `json:"request,omitempty"`
	KjoretoydataListe []KjoretoydataWrapper       `json:"kjoretoydataListe,omitzero"`
}

// Eier returns the owner, nil when k or its Eierskap is missing. Its
// methods are nil-safe, so k.Eier().Navn() never panics.
func (k *Kjoretoy) Eier() *PersonEnhetBegrenset {
	if k == nil || k.Eierskap == nil {
		return nil
	}
	return k.Eierskap.Eier
}

// Medeier returns the co-owner, nil when there is none.
func (k *Kjoretoy) Medeier() *PersonEnhetBegrenset {
	if k == nil || k.Eierskap == nil {
		return nil
	}
	return k.Eierskap.Medeier
}

// Leasingtaker returns the lessee, nil when there is none.
func (k *Kjoretoy) Leasingtaker() *PersonEnhetBegrenset {
	if k == nil || k.Eierskap == nil {
		return nil
	}
	return k.Eierskap.Leasingtaker
}

// Navn returns the party's name: a person's "fornavn mellomnavn etternavn"
// or an organisation's name; "" when p is nil or has neither.
func (p *PersonEnhetBegrenset) Navn() string {
	switch {
	case p == nil:
		return ""
	case p.Person != nil:
		return strings.Join(strings.Fields(p.Person.Fornavn+" "+p.Person.Mellomnavn+" "+p.Person.Etternavn), " ")
	case p.Enhet != nil:
		return p.Enhet.Organisasjonsnavn
	}
	return ""
}

// Organisasjonsnummer returns the organisation's number, "" for a person
// or a nil p.
func (p *PersonEnhetBegrenset) Organisasjonsnummer() string {
	if p == nil || p.Enhet == nil {
		return ""
	}
	return p.Enhet.Organisasjonsnummer
}
