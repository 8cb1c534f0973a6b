package apiskriv

import (
	"strings"
)

// Fremdrift is the progress of an endringssett.
type Fremdrift string

// Fremdrift values. AVVIST, KANSELLERT and UTFØRT_OG_ETTERBEHANDLET are
// terminal; UTFØRT means written to NVDB but not yet visible in API Les.
const (
	FremdriftIkkeStartet            Fremdrift = "IKKE_STARTET"
	FremdriftBehandles              Fremdrift = "BEHANDLES"
	FremdriftVenter                 Fremdrift = "VENTER"
	FremdriftAvvist                 Fremdrift = "AVVIST"
	FremdriftUtfort                 Fremdrift = "UTFØRT"
	FremdriftUtfortOgEtterbehandlet Fremdrift = "UTFØRT_OG_ETTERBEHANDLET"
	FremdriftKansellert             Fremdrift = "KANSELLERT"
)

// Terminal reports whether the state is final (AVVIST, KANSELLERT,
// UTFØRT_OG_ETTERBEHANDLET). UTFØRT is final for the data but not for API
// Les; see VentPaaLes.
func (f Fremdrift) Terminal() bool {
	switch f {
	case FremdriftAvvist, FremdriftKansellert, FremdriftUtfortOgEtterbehandlet:
		return true
	}
	return false
}

// Venteaarsak says why an endringssett waits (VENTER). The v3 list exists
// only on the server; these are the documented values.
type Venteaarsak string

// Known venteårsaker.
const (
	VenteaarsakDatakatalog     Venteaarsak = "VENTER_PÅ_DATAKATALOG"
	VenteaarsakLaas            Venteaarsak = "VENTER_PÅ_LÅS"
	VenteaarsakIKo             Venteaarsak = "I_KØ"
	VenteaarsakSystemfeil      Venteaarsak = "SYSTEMFEIL"
	VenteaarsakSystemfeilLaast Venteaarsak = "SYSTEMFEIL_VED_OPPLÅSING"
)

// Avvistaarsak says why an endringssett was rejected (AVVIST).
type Avvistaarsak string

// Known avvistårsaker.
const (
	AvvistaarsakIkkeAutorisert  Avvistaarsak = "IKKE_AUTORISERT"
	AvvistaarsakValideringsfeil Avvistaarsak = "VALIDERINGSFEIL"
)

// Status is the processing state and result of an endringssett (also the
// answer of Validate). XML: <status xmlns="…/domain/changeset/v3">.
type Status struct {
	Mottatt               Tidspunkt              `xml:"mottatt,omitempty" json:"mottatt,omitempty"`
	Fremdrift             Fremdrift              `xml:"fremdrift" json:"fremdrift"`
	FremdriftOppdatert    Tidspunkt              `xml:"fremdriftOppdatert,omitempty" json:"fremdriftOppdatert,omitempty"`
	Venteaarsak           Venteaarsak            `xml:"venteårsak,omitempty" json:"venteårsak,omitempty"`
	Avvistaarsak          Avvistaarsak           `xml:"avvistårsak,omitempty" json:"avvistårsak,omitempty"`
	Behandlingsparametere *Behandlingsparametere `xml:"behandlingsparametere,omitempty" json:"behandlingsparametere,omitempty"`
	KanselleringBestilt   *bool                  `xml:"kanselleringBestilt,omitempty" json:"kanselleringBestilt,omitempty"`
	Etterbehandling       *Etterbehandling       `xml:"etterbehandling,omitempty" json:"etterbehandling,omitempty"`
	Resultat              *Resultat              `xml:"resultat,omitempty" json:"resultat,omitempty"`
	BlokkerendeLaaser     []int64                `xml:"blokkerendeLåser>låsId,omitempty" json:"blokkerendeLåser,omitempty"`
	Eier                  string                 `xml:"eier,omitempty" json:"eier,omitempty"`
	Klient                string                 `xml:"klient,omitempty" json:"klient,omitempty"`
	Apiversjon            string                 `xml:"apiversjon,omitempty" json:"apiversjon,omitempty"`
	Transaksjon           *StatusTransaksjon     `xml:"transaksjon,omitempty" json:"transaksjon,omitempty"`
	Ressurser             Ressurser              `xml:"ressurser,omitempty" json:"ressurser,omitempty"`
}

// Behandlingsparametere are the processing options the set was given; the
// element is seen in real JSON answers ({"dryrun":false}).
type Behandlingsparametere struct {
	Dryrun bool `xml:"dryrun" json:"dryrun"`
}

// Etterbehandling tells whether the change is visible in API Les.
type Etterbehandling struct {
	TilgjengeligILes bool `xml:"tilgjengeligILes" json:"tilgjengeligILes"`
}

// StatusTransaksjon identifies the oppdrag written by a finished set; empty
// until then.
type StatusTransaksjon struct {
	OppdragID int64     `xml:"oppdragId,omitempty" json:"oppdragId,omitempty"`
	Tidspunkt Tidspunkt `xml:"tidspunkt,omitempty" json:"tidspunkt,omitempty"`
}

// Resultat is the processing result: messages for the whole set and per
// vegobjekt (with the nvdbId a new object was given).
type Resultat struct {
	Feil        []Melding           `xml:"feil>feil" json:"feil"`
	Advarsler   []Melding           `xml:"advarsler>advarsel" json:"advarsler"`
	Notabener   []Melding           `xml:"notabener>notabene" json:"notabener"`
	Vegobjekter []VegobjektResultat `xml:"vegobjekter>vegobjekt" json:"vegobjekter"`
}

// VegobjektResultat is the result for one vegobjekt of the set.
type VegobjektResultat struct {
	TempID    string    `xml:"tempId,attr,omitempty" json:"tempId,omitempty"`
	NvdbID    int64     `xml:"nvdbId,attr,omitempty" json:"nvdbId,omitempty"`
	Versjon   int       `xml:"versjon,attr,omitempty" json:"versjon,omitempty"`
	Feil      []Melding `xml:"feil>feil" json:"feil"`
	Advarsler []Melding `xml:"advarsler>advarsel" json:"advarsler"`
	Notabener []Melding `xml:"notabener>notabene" json:"notabener"`
}

// Melding is one error, warning or note. Kode is an open string (about 100
// are documented, e.g. UKJENT_EGENSKAPSTYPE, VERSJONSKONFLIKT,
// MANGLER_TILGANG).
type Melding struct {
	Kode           string   `xml:"kode,attr" json:"kode"`
	Melding        string   `xml:"melding" json:"melding"`
	Referanse      string   `xml:"referanse,omitempty" json:"referanse,omitempty"`
	EgenskapTypeID *int     `xml:"egenskapTypeId,omitempty" json:"egenskapTypeId,omitempty"`
	Geometrideler  []string `xml:"geometrideler>wkt,omitempty" json:"geometrideler,omitempty"`
	Veglenkenummer *int     `xml:"veglenkenummer,omitempty" json:"veglenkenummer,omitempty"`
	Portnummer     *int     `xml:"portnummer,omitempty" json:"portnummer,omitempty"`
}

// AlleFeil returns every error of the result, the set's own first.
func (r *Resultat) AlleFeil() []Melding {
	if r == nil {
		return nil
	}
	out := append([]Melding(nil), r.Feil...)
	for _, v := range r.Vegobjekter {
		out = append(out, v.Feil...)
	}
	return out
}

// FremdriftOgAarsak is the text/plain answer of …/fremdriftOgÅrsak:
// "AVVIST:VALIDERINGSFEIL", "VENTER:<venteårsak>" or just "BEHANDLES".
type FremdriftOgAarsak struct {
	Fremdrift Fremdrift
	Aarsak    string
}

func parseFremdriftOgAarsak(s string) FremdriftOgAarsak {
	f, å, _ := strings.Cut(strings.Trim(strings.TrimSpace(s), `"`), ":")
	return FremdriftOgAarsak{Fremdrift: Fremdrift(f), Aarsak: å}
}

// String formats the value as the API does.
func (f FremdriftOgAarsak) String() string {
	if f.Aarsak == "" {
		return string(f.Fremdrift)
	}
	return string(f.Fremdrift) + ":" + f.Aarsak
}
