// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of engines and drivetrain (motorOgDrivverk).

// MotorOgDrivverk describes engines and drivetrain: gearbox, hybrid category, top speed (km/h).
type MotorOgDrivverk struct {
	AntallGir                 *int            `json:"antallGir,omitempty"`
	AntallGirBakover          *int            `json:"antallGirBakover,omitempty"`
	EffektKraftuttakKW        *int            `json:"effektKraftuttakKW,omitempty"`
	GirPlassering             string          `json:"girPlassering,omitempty"`
	Girkassetype              *KodeverkType   `json:"girkassetype,omitempty"`
	GiroverforingsType        string          `json:"giroverforingsType,omitempty"`
	GirutvekslingPrGir        []Girutveksling `json:"girutvekslingPrGir,omitzero"`
	HybridElektriskKjoretoy   *bool           `json:"hybridElektriskKjoretoy,omitempty"`
	HybridKategori            *KodeverkType   `json:"hybridKategori,omitempty"`
	MaksimumHastighet         Ints            `json:"maksimumHastighet,omitzero"`
	MaksimumHastighetMalt     Ints            `json:"maksimumHastighetMalt,omitzero"`
	Motor                     []Motor         `json:"motor,omitzero"`
	Obd                       *bool           `json:"obd,omitempty"`
	TotalUtvekslingHoyesteGir *float64        `json:"totalUtvekslingHoyesteGir,omitempty"`
	UtelukkendeElektriskDrift *bool           `json:"utelukkendeElektriskDrift,omitempty"`
}

// Girutveksling is the ratio of one gear.
type Girutveksling struct {
	GirNummer     string `json:"girNummer,omitempty"`
	Girutveksling *int   `json:"girutveksling,omitempty"`
}

// Motor is one engine or electric motor: cylinders, displacement (cm3), working principle and fuels with their power.
type Motor struct {
	AntallSylindre                    *int          `json:"antallSylindre,omitempty"`
	Arbeidsprinsipp                   *KodeverkType `json:"arbeidsprinsipp,omitempty"`
	AvgassResirkulering               *bool         `json:"avgassResirkulering,omitempty"`
	BlandingsDrivstoff                string        `json:"blandingsDrivstoff,omitempty"`
	Drivstoff                         []Drivstoff   `json:"drivstoff,omitzero"`
	Fabrikant                         string        `json:"fabrikant,omitempty"`
	FordampningsutslippKontrollSystem *bool         `json:"fordampningsutslippKontrollSystem,omitempty"`
	Katalysator                       *bool         `json:"katalysator,omitempty"`
	Kjolesystem                       string        `json:"kjolesystem,omitempty"`
	Ladeluftkjoler                    *bool         `json:"ladeluftkjoler,omitempty"`
	LuftInnsproytning                 *bool         `json:"luftInnsproytning,omitempty"`
	MotorKode                         string        `json:"motorKode,omitempty"`
	MotorNummer                       string        `json:"motorNummer,omitempty"`
	OksygenSensor                     *bool         `json:"oksygenSensor,omitempty"`
	Overladet                         *bool         `json:"overladet,omitempty"`
	PartikkelfilterMotor              *bool         `json:"partikkelfilterMotor,omitempty"`
	Slagvolum                         *int          `json:"slagvolum,omitempty"`
	SylinderArrangement               *KodeverkType `json:"sylinderArrangement,omitempty"`
}

// Drivstoff is one fuel of an engine with its maximum net power (kW) and, for electric motors, the 30-minute power (kW) and voltage (V).
type Drivstoff struct {
	DrivstoffKode                             *KodeverkType `json:"drivstoffKode,omitempty"`
	EffektVektForhold                         *float64      `json:"effektVektForhold,omitempty"`
	MaksEffektPrTime                          *float64      `json:"maksEffektPrTime,omitempty"`
	MaksNettoEffekt                           *float64      `json:"maksNettoEffekt,omitempty"`
	MaksNettoEffektVedOmdreiningstallMin1     *int          `json:"maksNettoEffektVedOmdreiningstallMin1,omitempty"`
	MaksNettoEffektVedOmdreiningstallMin1Maks *int          `json:"maksNettoEffektVedOmdreiningstallMin1Maks,omitempty"`
	MaksOmdreining                            *int          `json:"maksOmdreining,omitempty"`
	Spenning                                  *float64      `json:"spenning,omitempty"`
	TomgangsOmdreiningstall                   *int          `json:"tomgangsOmdreiningstall,omitempty"`
}
