// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of the KjoretoydataResponse tree: the vehicle, its identity, plates, registration and periodic control.

// KjoretoydataResponse is the body of GET /enkeltoppslag/kjoretoydata: a list of vehicles, or a feilmelding (OPPLYSNINGER_IKKE_TILGJENGELIGE) when nothing can be given out.
type KjoretoydataResponse struct {
	Feilmelding       string         `json:"feilmelding,omitempty"`
	KjoretoydataListe []Kjoretoydata `json:"kjoretoydataListe,omitzero"`
}

// Kjoretoydata is everything the register gives out about one vehicle (the schema EnkeltOppslagKjoretoydata): identity, plates, registration, approvals with all technical data, and the periodic roadworthiness control. Owner data is never included.
//
// Every group may be missing; the accessor methods (Merke, Modell, Drivstoff, Kontrollfrist …) are nil-safe and answer the questions most callers have.
type Kjoretoydata struct {
	KjoretoyID                *KjoretoyIdentitetBegrenset `json:"kjoretoyId,omitempty"`
	Forstegangsregistrering   *Forstegangsregistrering    `json:"forstegangsregistrering,omitempty"`
	Kjennemerke               []Kjennemerke               `json:"kjennemerke,omitzero"`
	Registrering              *Registrering               `json:"registrering,omitempty"`
	Godkjenning               *Godkjenning                `json:"godkjenning,omitempty"`
	PeriodiskKjoretoyKontroll *PeriodiskKjoretoyKontroll  `json:"periodiskKjoretoyKontroll,omitempty"`
}

// KjoretoyIdentitetBegrenset identifies the vehicle. Kjennemerke comes back formatted with a space ("EK 39085").
type KjoretoyIdentitetBegrenset struct {
	Kjennemerke       string `json:"kjennemerke,omitempty"`
	Understellsnummer string `json:"understellsnummer,omitempty"`
	Kuid              string `json:"kuid,omitempty"`
}

// Forstegangsregistrering holds the date the vehicle was first registered in Norway.
type Forstegangsregistrering struct {
	RegistrertForstegangNorgeDato Date `json:"registrertForstegangNorgeDato,omitzero"`
}

// Kjennemerke is one plate the vehicle has carried, with the period it was valid. Kjennemerkekategori is KJORETOY, NORMAL, PERSONLIG or PROVE.
type Kjennemerke struct {
	FomTidspunkt        Timestamp     `json:"fomTidspunkt,omitzero"`
	Kjennemerke         string        `json:"kjennemerke,omitempty"`
	Kjennemerkekategori string        `json:"kjennemerkekategori,omitempty"`
	Kjennemerketype     *KodeverkType `json:"kjennemerketype,omitempty"`
	TilTidspunkt        Timestamp     `json:"tilTidspunkt,omitzero"`
}

// KodeverkType is a value from one of the register's code lists: KodeVerdi is the code (M1, BENSIN, REGISTRERT …), KodeNavn and KodeBeskrivelse its Norwegian name and description.
type KodeverkType struct {
	KodeBeskrivelse    string   `json:"kodeBeskrivelse,omitempty"`
	KodeNavn           string   `json:"kodeNavn,omitempty"`
	KodeTypeID         string   `json:"kodeTypeId,omitempty"`
	KodeVerdi          string   `json:"kodeVerdi,omitempty"`
	TidligereKodeVerdi []string `json:"tidligereKodeVerdi,omitzero"`
}

// Registrering is the vehicle's current registration: status (REGISTRERT, AVREGISTRERT, VRAKET …), since when, and the kind of use.
type Registrering struct {
	FomTidspunkt                   Timestamp                     `json:"fomTidspunkt,omitzero"`
	KjoringensArt                  *KodeverkType                 `json:"kjoringensArt,omitempty"`
	Neringskode                    string                        `json:"neringskode,omitempty"`
	NeringskodeBeskrivelse         string                        `json:"neringskodeBeskrivelse,omitempty"`
	Registreringsstatus            *KodeverkType                 `json:"registreringsstatus,omitempty"`
	RegistrertForstegangPaEierskap Timestamp                     `json:"registrertForstegangPaEierskap,omitzero"`
	TilTidspunkt                   Timestamp                     `json:"tilTidspunkt,omitzero"`
	VektarsavgiftOppgittGrunnlag   *VektarsavgiftOppgittGrunnlag `json:"vektarsavgiftOppgittGrunnlag,omitempty"`
	AvregistrertSidenDato          Timestamp                     `json:"avregistrertSidenDato,omitzero"`
}

// VektarsavgiftOppgittGrunnlag is the trailer the owner declared for the weight-based annual tax.
type VektarsavgiftOppgittGrunnlag struct {
	AntallAkslerTilhenger *int `json:"antallAkslerTilhenger,omitempty"`
	TotalvektTilhenger    *int `json:"totalvektTilhenger,omitempty"`
}

// PeriodiskKjoretoyKontroll is the periodic roadworthiness control (EU-kontroll): the deadline for the next one and when the last one passed. Missing for vehicles without that duty.
type PeriodiskKjoretoyKontroll struct {
	Kontrollfrist Date `json:"kontrollfrist,omitzero"`
	SistGodkjent  Date `json:"sistGodkjent,omitzero"`
}
