// Code in this file follows the AKF-Datautlevering OpenAPI schema field for field.

package autosys

// Models of environmental data (miljodata), WLTP included.

// Miljodata holds the environmental data: euro class and, per fuel, sound, consumption, emissions and WLTP/NEDC values.
type Miljodata struct {
	Co2BesparelsePgaOkoInnovasjon *float64                 `json:"co2BesparelsePgaOkoInnovasjon,omitempty"`
	EuroKlasse                    *KodeverkType            `json:"euroKlasse,omitempty"`
	LyddemperUtblas               string                   `json:"lyddemperUtblas,omitempty"`
	MiljoOgdrivstoffGruppe        []MiljoOgDrivstoffGruppe `json:"miljoOgdrivstoffGruppe,omitzero"`
	OkoInnovasjon                 *bool                    `json:"okoInnovasjon,omitempty"`
	TypeOkoInnovasjon             string                   `json:"typeOkoInnovasjon,omitempty"`
}

// MiljoOgDrivstoffGruppe holds the environmental data for one fuel.
type MiljoOgDrivstoffGruppe struct {
	DrivstoffKodeMiljodata *KodeverkType      `json:"drivstoffKodeMiljodata,omitempty"`
	ForbrukOgUtslipp       []ForbrukOgUtslipp `json:"forbrukOgUtslipp,omitzero"`
	Lyd                    *Lyd               `json:"lyd,omitempty"`
}

// ForbrukOgUtslipp holds consumption (l/100 km), emissions (g/km, mg/km), electric consumption (Wh/km) and range (km), plus the WLTP values.
type ForbrukOgUtslipp struct {
	AntallPartikler                        *float64      `json:"antallPartikler,omitempty"`
	Co2BlandetKjoring                      *float64      `json:"co2BlandetKjoring,omitempty"`
	Co2Bykjoring                           *float64      `json:"co2Bykjoring,omitempty"`
	Co2Landeveiskjoring                    *float64      `json:"co2Landeveiskjoring,omitempty"`
	CoProsent                              *float64      `json:"coProsent,omitempty"`
	ElEnergiforbruk                        *int          `json:"elEnergiforbruk,omitempty"`
	ForbrukBlandetKjoring                  *float64      `json:"forbrukBlandetKjoring,omitempty"`
	ForbrukBykjoring                       *float64      `json:"forbrukBykjoring,omitempty"`
	ForbrukLandeveiskjoring                *float64      `json:"forbrukLandeveiskjoring,omitempty"`
	Malemetode                             *KodeverkType `json:"malemetode,omitempty"`
	MalemetodeAnnen                        string        `json:"malemetodeAnnen,omitempty"`
	PartikkelfilterFabrikkmontert          *bool         `json:"partikkelfilterFabrikkmontert,omitempty"`
	PartikkelfilterUtslipp                 *bool         `json:"partikkelfilterUtslipp,omitempty"`
	RekkeviddeKm                           *int          `json:"rekkeviddeKm,omitempty"`
	UtslippCOgPrKWh                        *float64      `json:"utslippCOgPrKWh,omitempty"`
	UtslippCOmgPrKm                        *float64      `json:"utslippCOmgPrKm,omitempty"`
	UtslippHCgPrKWh                        *float64      `json:"utslippHCgPrKWh,omitempty"`
	UtslippHCgPrMin                        *float64      `json:"utslippHCgPrMin,omitempty"`
	UtslippHCmgPrKm                        *float64      `json:"utslippHCmgPrKm,omitempty"`
	UtslippHCogNOxMgPrKm                   *float64      `json:"utslippHCogNOxMgPrKm,omitempty"`
	UtslippKorrigertAbsorpsjonskoeffisient *float64      `json:"utslippKorrigertAbsorpsjonskoeffisient,omitempty"`
	UtslippNMHCmgPrKm                      *float64      `json:"utslippNMHCmgPrKm,omitempty"`
	UtslippNOxGPrKWh                       *float64      `json:"utslippNOxGPrKWh,omitempty"`
	UtslippNOxMgPrKm                       *float64      `json:"utslippNOxMgPrKm,omitempty"`
	UtslippPartikkelAntallPrKm             *float64      `json:"utslippPartikkelAntallPrKm,omitempty"`
	UtslippPartiklerGPrKWh                 *float64      `json:"utslippPartiklerGPrKWh,omitempty"`
	UtslippPartiklerMgPrKm                 *float64      `json:"utslippPartiklerMgPrKm,omitempty"`
	UtslippTHCmgPrKm                       *float64      `json:"utslippTHCmgPrKm,omitempty"`
	UtslippTHCogNOxMgPrKm                  *float64      `json:"utslippTHCogNOxMgPrKm,omitempty"`
	VektetKombinertDrivstoff               *float64      `json:"vektetKombinertDrivstoff,omitempty"`
	VektetKombinertDrivstoffCO2            *int          `json:"vektetKombinertDrivstoffCO2,omitempty"`
	WltpKjoretoyspesifikk                  *WLTP         `json:"wltpKjoretoyspesifikk,omitempty"`
	WltpTypegodkjenningMaks                *WLTP         `json:"wltpTypegodkjenningMaks,omitempty"`
	WltpTypegodkjenningMedium              *WLTP         `json:"wltpTypegodkjenningMedium,omitempty"`
	WltpTypegodkjenningMin                 *WLTP         `json:"wltpTypegodkjenningMin,omitempty"`
}

// WLTP holds consumption, CO2 and electric range under the WLTP test procedure, with the older NEDC values where given.
type WLTP struct {
	Co2EkstraHoy                    *float64 `json:"co2EkstraHoy,omitempty"`
	Co2Hoy                          *float64 `json:"co2Hoy,omitempty"`
	Co2Kombinert                    *float64 `json:"co2Kombinert,omitempty"`
	Co2Lav                          *float64 `json:"co2Lav,omitempty"`
	Co2Middels                      *float64 `json:"co2Middels,omitempty"`
	Co2VektetKombinert              *float64 `json:"co2VektetKombinert,omitempty"`
	ForbrukEkstraHoy                *float64 `json:"forbrukEkstraHoy,omitempty"`
	ForbrukHoy                      *float64 `json:"forbrukHoy,omitempty"`
	ForbrukKombinert                *float64 `json:"forbrukKombinert,omitempty"`
	ForbrukLav                      *float64 `json:"forbrukLav,omitempty"`
	ForbrukMiddels                  *float64 `json:"forbrukMiddels,omitempty"`
	ForbrukVektetKombinert          *float64 `json:"forbrukVektetKombinert,omitempty"`
	RekkeviddeKmBlandetkjoring      *int     `json:"rekkeviddeKmBlandetkjoring,omitempty"`
	RekkeviddeKmBykjoring           *int     `json:"rekkeviddeKmBykjoring,omitempty"`
	ElEnergiforbruk                 *int     `json:"elEnergiforbruk,omitempty"`
	NedcForbrukBykjoring            *float64 `json:"nedcForbrukBykjoring,omitempty"`
	NedcForbrukLandeveiskjoring     *float64 `json:"nedcForbrukLandeveiskjoring,omitempty"`
	NedcForbrukBlandetKjoring       *float64 `json:"nedcForbrukBlandetKjoring,omitempty"`
	NedcCo2BykjoringGPrKm           *float64 `json:"nedcCo2BykjoringGPrKm,omitempty"`
	NedcCo2LandeveiskjoringGPrKm    *float64 `json:"nedcCo2LandeveiskjoringGPrKm,omitempty"`
	NedcCo2BlandetKjoringGPrKm      *float64 `json:"nedcCo2BlandetKjoringGPrKm,omitempty"`
	NedcVektetKombinertDrivstoffCo2 *float64 `json:"nedcVektetKombinertDrivstoffCo2,omitempty"`
	NedcVektetKombinertDrivstoff    *float64 `json:"nedcVektetKombinertDrivstoff,omitempty"`
	NedcEnergiforbruk               *int     `json:"nedcEnergiforbruk,omitempty"`
	NedcRekkeviddeKm                *int     `json:"nedcRekkeviddeKm,omitempty"`
	Veilastkoeffisientf0            *float64 `json:"veilastkoeffisientf0,omitempty"`
	Veilastkoeffisientf1            *float64 `json:"veilastkoeffisientf1,omitempty"`
	Veilastkoeffisientf2            *float64 `json:"veilastkoeffisientf2,omitempty"`
	Testmasse                       *float64 `json:"testmasse,omitempty"`
	Frontalareal                    *float64 `json:"frontalareal,omitempty"`
}

// Lyd holds sound levels in dB.
type Lyd struct {
	InnvendigStoyniva     *int          `json:"innvendigStoyniva,omitempty"`
	Kjorestoy             *int          `json:"kjorestoy,omitempty"`
	Standstoy             *int          `json:"standstoy,omitempty"`
	StoyMalingOppgittAv   *KodeverkType `json:"stoyMalingOppgittAv,omitempty"`
	VedAntallOmdreininger *int          `json:"vedAntallOmdreininger,omitempty"`
}
