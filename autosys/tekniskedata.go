// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of the technical data groups (tekniskeData).

// TekniskeData groups all technical data of an approval. Any group may be missing.
type TekniskeData struct {
	Akslinger            *AkselInfo            `json:"akslinger,omitempty"`
	Bremser              *Bremse               `json:"bremser,omitempty"`
	DekkOgFelg           *DekkOgFelg           `json:"dekkOgFelg,omitempty"`
	Dimensjoner          *Dimensjoner          `json:"dimensjoner,omitempty"`
	Generelt             *Generelt             `json:"generelt,omitempty"`
	KarosseriOgLasteplan *KarosseriOgLasteplan `json:"karosseriOgLasteplan,omitempty"`
	Miljodata            *Miljodata            `json:"miljodata,omitempty"`
	MotorOgDrivverk      *MotorOgDrivverk      `json:"motorOgDrivverk,omitempty"`
	OvrigeTekniskeData   []OvrigeTekniskeData  `json:"ovrigeTekniskeData,omitzero"`
	Persontall           *Persontall           `json:"persontall,omitempty"`
	Tilhengerkopling     *Tilhengerkopling     `json:"tilhengerkopling,omitempty"`
	Vekter               *Vekter               `json:"vekter,omitempty"`
}

// Generelt holds make (Merke), model names (Handelsbetegnelse), type designation and manufacturer.
type Generelt struct {
	Fabrikant                        []Fabrikant   `json:"fabrikant,omitzero"`
	FerdigbyggetEllerEndretSomFolger string        `json:"ferdigbyggetEllerEndretSomFolger,omitempty"`
	Handelsbetegnelse                []string      `json:"handelsbetegnelse,omitzero"`
	Merke                            []Merke       `json:"merke,omitzero"`
	TekniskKode                      *KodeverkType `json:"tekniskKode,omitempty"`
	TekniskUnderkode                 *KodeverkType `json:"tekniskUnderkode,omitempty"`
	Typebetegnelse                   string        `json:"typebetegnelse,omitempty"`
	UnntakFra                        string        `json:"unntakFra,omitempty"`
}

// Fabrikant is a manufacturer and its representative.
type Fabrikant struct {
	FabrikantAdresse             string `json:"fabrikantAdresse,omitempty"`
	FabrikantNavn                string `json:"fabrikantNavn,omitempty"`
	FabrikantRepresentantAdresse string `json:"fabrikantRepresentantAdresse,omitempty"`
	FabrikantRepresentantNavn    string `json:"fabrikantRepresentantNavn,omitempty"`
}

// Merke is a make with its code in the register.
type Merke struct {
	Merke     string `json:"merke,omitempty"`
	MerkeKode string `json:"merkeKode,omitempty"`
}

// KarosseriOgLasteplan describes the body: type, colour (RFarge), doors, plate types and sizes, positions of the VIN and plates.
type KarosseriOgLasteplan struct {
	AntallDorer                  Ints           `json:"antallDorer,omitzero"`
	AvstandNavSkjermbueBak       *int           `json:"avstandNavSkjermbueBak,omitempty"`
	AvstandNavSkjermbueForan     *int           `json:"avstandNavSkjermbueForan,omitempty"`
	BussKategori                 string         `json:"bussKategori,omitempty"`
	DorUtforming                 []string       `json:"dorUtforming,omitzero"`
	FargeFjar                    string         `json:"fargeFjar,omitempty"`
	ForankringSikkerhetsseler    string         `json:"forankringSikkerhetsseler,omitempty"`
	Forervern                    string         `json:"forervern,omitempty"`
	ForervernBoyle               string         `json:"forervernBoyle,omitempty"`
	GodkjentADR                  string         `json:"godkjentADR,omitempty"`
	HydrauliskLoft               *bool          `json:"hydrauliskLoft,omitempty"`
	KarosseriArt                 string         `json:"karosseriArt,omitempty"`
	Karosseritype                *KodeverkType  `json:"karosseritype,omitempty"`
	KjennemerketypeBak           *KodeverkType  `json:"kjennemerketypeBak,omitempty"`
	KjennemerkestorrelseBak      *KodeverkType  `json:"kjennemerkestorrelseBak,omitempty"`
	KjennemerketypeForan         *KodeverkType  `json:"kjennemerketypeForan,omitempty"`
	KjennemerkestorrelseForan    *KodeverkType  `json:"kjennemerkestorrelseForan,omitempty"`
	KjennemerketypeVenstre       *KodeverkType  `json:"kjennemerketypeVenstre,omitempty"`
	KjennemerkestorrelseVenstre  *KodeverkType  `json:"kjennemerkestorrelseVenstre,omitempty"`
	KjoringSide                  string         `json:"kjoringSide,omitempty"`
	OppbygningUnderstellsnummer  string         `json:"oppbygningUnderstellsnummer,omitempty"`
	OverhengBak                  *int           `json:"overhengBak,omitempty"`
	PabyggsKode                  *KodeverkType  `json:"pabyggsKode,omitempty"`
	PassasjerHandtak             string         `json:"passasjerHandtak,omitempty"`
	PlasseringAvDorer            *KodeverkType  `json:"plasseringAvDorer,omitempty"`
	PlasseringFabrikasjonsplate  []KodeverkType `json:"plasseringFabrikasjonsplate,omitzero"`
	PlasseringMerkeplateTrimming string         `json:"plasseringMerkeplateTrimming,omitempty"`
	PlasseringUnderstellsnummer  []KodeverkType `json:"plasseringUnderstellsnummer,omitzero"`
	RFarge                       []KodeverkType `json:"rFarge,omitzero"`
	Sikkerhetsseler              string         `json:"sikkerhetsseler,omitempty"`
	StyremekanismeArt            string         `json:"styremekanismeArt,omitempty"`
	TemperaturregulertSkap       *bool          `json:"temperaturregulertSkap,omitempty"`
	VendbarForerplass            *bool          `json:"vendbarForerplass,omitempty"`
}

// Dimensjoner holds the outer dimensions in millimetres.
type Dimensjoner struct {
	Bredde                           *int `json:"bredde,omitempty"`
	Hoyde                            *int `json:"hoyde,omitempty"`
	Lengde                           *int `json:"lengde,omitempty"`
	LengdeInnvendigLasteplan         *int `json:"lengdeInnvendigLasteplan,omitempty"`
	MaksimalBredde                   *int `json:"maksimalBredde,omitempty"`
	MaksimalHoyde                    *int `json:"maksimalHoyde,omitempty"`
	MaksimalLengde                   *int `json:"maksimalLengde,omitempty"`
	MaksimalLengdeInnvendigLasteplan *int `json:"maksimalLengdeInnvendigLasteplan,omitempty"`
}

// Vekter holds the weights in kilograms: own weight, payload, permitted total weight, trailer weights and combination weight.
type Vekter struct {
	Egenvekt                        *int           `json:"egenvekt,omitempty"`
	EgenvektMaksimum                *int           `json:"egenvektMaksimum,omitempty"`
	EgenvektMinimum                 *int           `json:"egenvektMinimum,omitempty"`
	EgenvektTilhengerkopling        *int           `json:"egenvektTilhengerkopling,omitempty"`
	FrontOgHjulVekter               string         `json:"frontOgHjulVekter,omitempty"`
	Nyttelast                       *int           `json:"nyttelast,omitempty"`
	TekniskTillattForhoyetTotalvekt *int           `json:"tekniskTillattForhoyetTotalvekt,omitempty"`
	TekniskTillattTotalvekt         *int           `json:"tekniskTillattTotalvekt,omitempty"`
	TekniskTillattTotalvektVeg      *int           `json:"tekniskTillattTotalvektVeg,omitempty"`
	TekniskTillattVektPahengsvogn   *int           `json:"tekniskTillattVektPahengsvogn,omitempty"`
	TekniskTillattVektSemitilhenger *int           `json:"tekniskTillattVektSemitilhenger,omitempty"`
	TillattHjulLastSidevogn         *int           `json:"tillattHjulLastSidevogn,omitempty"`
	TillattTaklast                  *int           `json:"tillattTaklast,omitempty"`
	TillattTilhengervektMedBrems    *int           `json:"tillattTilhengervektMedBrems,omitempty"`
	TillattTilhengervektUtenBrems   *int           `json:"tillattTilhengervektUtenBrems,omitempty"`
	TillattTotalvekt                *int           `json:"tillattTotalvekt,omitempty"`
	TillattVektSlepevogn            *int           `json:"tillattVektSlepevogn,omitempty"`
	TillattVertikalKoplingslast     *int           `json:"tillattVertikalKoplingslast,omitempty"`
	TillattVogntogvekt              *int           `json:"tillattVogntogvekt,omitempty"`
	TillattVogntogvektVeg           *int           `json:"tillattVogntogvektVeg,omitempty"`
	VogntogvektAvhBremsesystem      []VektOgBremse `json:"vogntogvektAvhBremsesystem,omitzero"`
}

// VektOgBremse is the permitted combination weight (kg) for a trailer brake type.
type VektOgBremse struct {
	BremseType  string `json:"bremseType,omitempty"`
	Vogntogvekt *int   `json:"vogntogvekt,omitempty"`
}

// Persontall holds the number of seats and standing places.
type Persontall struct {
	Bareplasser                         *int             `json:"bareplasser,omitempty"`
	Rullestolplasser                    *int             `json:"rullestolplasser,omitempty"`
	SitteplassListe                     *SitteplassListe `json:"sitteplassListe,omitempty"`
	SitteplasserForan                   *int             `json:"sitteplasserForan,omitempty"`
	SitteplasserNede                    *int             `json:"sitteplasserNede,omitempty"`
	SitteplasserOppe                    *int             `json:"sitteplasserOppe,omitempty"`
	SitteplasserStillstand              *int             `json:"sitteplasserStillstand,omitempty"`
	SitteplasserTotalt                  *int             `json:"sitteplasserTotalt,omitempty"`
	SitteplasserTotaltSomVarebilKlasse2 *int             `json:"sitteplasserTotaltSomVarebilKlasse2,omitempty"`
	Staplasser                          *int             `json:"staplasser,omitempty"`
}

// SitteplassListe lists the seats.
type SitteplassListe struct {
	Sitteplass []Sitteplass `json:"sitteplass,omitzero"`
}

// Sitteplass is one seat with its airbags and belt equipment.
type Sitteplass struct {
	Beltekraftbegrenser *bool  `json:"beltekraftbegrenser,omitempty"`
	Beltestrammer       *bool  `json:"beltestrammer,omitempty"`
	Frontairbag         *bool  `json:"frontairbag,omitempty"`
	Hodegardinairbag    *bool  `json:"hodegardinairbag,omitempty"`
	Kneairbag           *bool  `json:"kneairbag,omitempty"`
	Posisjon            string `json:"posisjon,omitempty"`
	Rad                 *int   `json:"rad,omitempty"`
	Sideairbag          *bool  `json:"sideairbag,omitempty"`
}

// Bremse describes the brakes (ABS, trailer brake connection).
type Bremse struct {
	Abs                               *bool    `json:"abs,omitempty"`
	Bremsesystem                      string   `json:"bremsesystem,omitempty"`
	DriftsbremsBak                    string   `json:"driftsbremsBak,omitempty"`
	DriftsbremsForan                  string   `json:"driftsbremsForan,omitempty"`
	TilhengerBremseforbindelse        []string `json:"tilhengerBremseforbindelse,omitzero"`
	TrykkMeterledningTilhengerkopling *float64 `json:"trykkMeterledningTilhengerkopling,omitempty"`
	Trykktilsluttning1                *float64 `json:"trykktilsluttning1,omitempty"`
	Trykktilsluttning2                *float64 `json:"trykktilsluttning2,omitempty"`
}

// Tilhengerkopling lists the approved couplings.
type Tilhengerkopling struct {
	Kopling []Kopling `json:"kopling,omitzero"`
}

// Kopling is one trailer coupling with its distances (mm) and loads.
type Kopling struct {
	AvstandFremstePktTilSenterKopling  *int          `json:"avstandFremstePktTilSenterKopling,omitempty"`
	AvstandSenterKoplingTilBakerstePkt *int          `json:"avstandSenterKoplingTilBakerstePkt,omitempty"`
	AvstandSenterKoplingTilForsteAksel *int          `json:"avstandSenterKoplingTilForsteAksel,omitempty"`
	AvstandSisteAkselTilKingpinMaks    *int          `json:"avstandSisteAkselTilKingpinMaks,omitempty"`
	AvstandSisteAkselTilKingpinMin     *int          `json:"avstandSisteAkselTilKingpinMin,omitempty"`
	AvstandSisteAkselTilSenterKopling  *int          `json:"avstandSisteAkselTilSenterKopling,omitempty"`
	BelastningDverdi                   *float64      `json:"belastningDverdi,omitempty"`
	BelastningLoddrettMaks             *int          `json:"belastningLoddrettMaks,omitempty"`
	BelastningSverdi                   *float64      `json:"belastningSverdi,omitempty"`
	BelastningUverdi                   *float64      `json:"belastningUverdi,omitempty"`
	BelastningVannrettMaks             *int          `json:"belastningVannrettMaks,omitempty"`
	BelastningVverdi                   *float64      `json:"belastningVverdi,omitempty"`
	Eftype                             string        `json:"eftype,omitempty"`
	FabrikantKopling                   string        `json:"fabrikantKopling,omitempty"`
	HandelsbetegnelseKopling           string        `json:"handelsbetegnelseKopling,omitempty"`
	Type                               *KodeverkType `json:"type,omitempty"`
}

// OvrigeTekniskeData is a named technical value that has no field of its own.
type OvrigeTekniskeData struct {
	DatafeltIndeks *int   `json:"datafeltIndeks,omitempty"`
	DatafeltNavn   string `json:"datafeltNavn,omitempty"`
	DatafeltVerdi  string `json:"datafeltVerdi,omitempty"`
}
