// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of axles, tyres and rims (akslinger, dekkOgFelg).

// AkselInfo describes the axles: their number and their groups.
type AkselInfo struct {
	AkselGruppe                 []AkselGruppe `json:"akselGruppe,omitzero"`
	AntallAksler                *int          `json:"antallAksler,omitempty"`
	ForbindelseMellomDrivaksler *KodeverkType `json:"forbindelseMellomDrivaksler,omitempty"`
}

// AkselGruppe is a group of axles (front, rear …) with its permitted load in kg.
type AkselGruppe struct {
	AkselListe                                 *AkselListe `json:"akselListe,omitempty"`
	EgenvektAkselGruppe                        *int        `json:"egenvektAkselGruppe,omitempty"`
	EgenvektAkselGruppeMaks                    *int        `json:"egenvektAkselGruppeMaks,omitempty"`
	EgenvektAkselGruppeMin                     *int        `json:"egenvektAkselGruppeMin,omitempty"`
	FordelingAvTillattTotalvektAkselGruppeMaks *int        `json:"fordelingAvTillattTotalvektAkselGruppeMaks,omitempty"`
	FordelingAvTillattTotalvektAkselGruppeMin  *int        `json:"fordelingAvTillattTotalvektAkselGruppeMin,omitempty"`
	ID                                         *int        `json:"id,omitempty"`
	PlasseringAkselGruppe                      string      `json:"plasseringAkselGruppe,omitempty"`
	TekniskTillattAkselGruppeLast              *int        `json:"tekniskTillattAkselGruppeLast,omitempty"`
	TekniskTillattAkselGruppeLastVeg           *int        `json:"tekniskTillattAkselGruppeLastVeg,omitempty"`
}

// AkselListe lists the axles of one group.
type AkselListe struct {
	Aksel []Aksel `json:"aksel,omitzero"`
}

// Aksel is one axle: position, track width (mm), whether it drives or steers, permitted load and own weight (kg), distance to the next axle (mm).
type Aksel struct {
	AntallHjul                           *int   `json:"antallHjul,omitempty"`
	AvstandTilNesteAksling               *int   `json:"avstandTilNesteAksling,omitempty"`
	Belastbar                            *bool  `json:"belastbar,omitempty"`
	BremseAksel                          *bool  `json:"bremseAksel,omitempty"`
	DrivAksel                            *bool  `json:"drivAksel,omitempty"`
	EgenvektAksel                        *int   `json:"egenvektAksel,omitempty"`
	EgenvektAkselMaks                    *int   `json:"egenvektAkselMaks,omitempty"`
	EgenvektAkselMin                     *int   `json:"egenvektAkselMin,omitempty"`
	FordelingAvTillattTotalvektAkselMaks *int   `json:"fordelingAvTillattTotalvektAkselMaks,omitempty"`
	FordelingAvTillattTotalvektAkselMin  *int   `json:"fordelingAvTillattTotalvektAkselMin,omitempty"`
	ID                                   *int64 `json:"id,omitempty"`
	Loftbar                              *bool  `json:"loftbar,omitempty"`
	Luftfjaering                         *bool  `json:"luftfjaering,omitempty"`
	MaksAvstandTilNesteAksling           *int   `json:"maksAvstandTilNesteAksling,omitempty"`
	MaksimalSporvidde                    *int   `json:"maksimalSporvidde,omitempty"`
	MinAvstandTilNesteAksling            *int   `json:"minAvstandTilNesteAksling,omitempty"`
	MinimalSporvidde                     *int   `json:"minimalSporvidde,omitempty"`
	PlasseringAksel                      string `json:"plasseringAksel,omitempty"`
	Sporvidde                            *int   `json:"sporvidde,omitempty"`
	StyreAksel                           *bool  `json:"styreAksel,omitempty"`
	TekniskTillattAkselLast              *int   `json:"tekniskTillattAkselLast,omitempty"`
	TekniskTillattAkselLastForhoyet      *int   `json:"tekniskTillattAkselLastForhoyet,omitempty"`
	TekniskTillattAkselLastVeg           *int   `json:"tekniskTillattAkselLastVeg,omitempty"`
}

// DekkOgFelg lists the approved tyre and rim combinations per axle.
type DekkOgFelg struct {
	AkselDekkOgFelgKombinasjon []AkselDekkOgFelgKombinasjon `json:"akselDekkOgFelgKombinasjon,omitzero"`
	DekkOgFelgSidevogn         *DekkOgFelgSidevogn          `json:"dekkOgFelgSidevogn,omitempty"`
}

// AkselDekkOgFelgKombinasjon is one approved set of tyres and rims for all axles.
type AkselDekkOgFelgKombinasjon struct {
	AkselDekkOgFelg         []AkselDekkOgFelg `json:"akselDekkOgFelg,omitzero"`
	TillattTotalvektTraktor *int              `json:"tillattTotalvektTraktor,omitempty"`
}

// AkselDekkOgFelg is the tyre and rim of one axle in a combination.
type AkselDekkOgFelg struct {
	AkselID                    *int64 `json:"akselId,omitempty"`
	BelastningskodeDekk        string `json:"belastningskodeDekk,omitempty"`
	BelastningskodeDekkTraktor string `json:"belastningskodeDekkTraktor,omitempty"`
	Dekkdimensjon              string `json:"dekkdimensjon,omitempty"`
	Felgdimensjon              string `json:"felgdimensjon,omitempty"`
	HastighetskodeDekk         string `json:"hastighetskodeDekk,omitempty"`
	Innpress                   string `json:"innpress,omitempty"`
	TillattAkselLastTraktor    *int   `json:"tillattAkselLastTraktor,omitempty"`
	Tvilling                   *bool  `json:"tvilling,omitempty"`
}

// DekkOgFelgSidevogn is the tyre and rim of a motorcycle sidecar.
type DekkOgFelgSidevogn struct {
	BelastningskodeDekkSidevogn string `json:"belastningskodeDekkSidevogn,omitempty"`
	DekkdimensjonSidevogn       string `json:"dekkdimensjonSidevogn,omitempty"`
	FelgdimensjonSidevogn       string `json:"felgdimensjonSidevogn,omitempty"`
	HastighetskodeDekkSidevogn  string `json:"hastighetskodeDekkSidevogn,omitempty"`
	InnpressSidevogn            string `json:"innpressSidevogn,omitempty"`
}
