package synsbasen

import (
	"strings"
	"time"
)

// The accessors below answer what most callers read from a Vehicle without
// a chain of nil checks. Each is safe on a nil *Vehicle and on a missing
// expand: text reads as "" and numbers, dates and flags come with ok=false
// when the API gave none or the expand was not asked for.

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func intOf(p *int) (int, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

func floatOf(p *float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

func boolOf(p *bool) (bool, bool) {
	if p == nil {
		return false, false
	}
	return *p, true
}

// dateOf reads a yyyy-mm-dd date (a time or offset after it is ignored) as
// midnight UTC.
func dateOf(p *string) (time.Time, bool) {
	if p == nil || len(*p) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, (*p)[:10])
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func (v *Vehicle) emission() *Emission {
	if v == nil {
		return nil
	}
	return v.Emission
}

func (v *Vehicle) engine() *Engine {
	if v == nil {
		return nil
	}
	return v.Engine
}

func (v *Vehicle) weight() *Weight {
	if v == nil {
		return nil
	}
	return v.Weight
}

// BrandName returns the brand (mærke), such as "CITROËN".
func (v *Vehicle) BrandName() string {
	if v == nil {
		return ""
	}
	return str(v.Brand)
}

// ModelName returns the model, such as "XANTIA".
func (v *Vehicle) ModelName() string {
	if v == nil {
		return ""
	}
	return str(v.Model)
}

// BrandModel returns brand_and_model ("CITROËN XANTIA"), else the brand
// and model joined by a space.
func (v *Vehicle) BrandModel() string {
	if v == nil {
		return ""
	}
	if s := str(v.BrandAndModel); s != "" {
		return s
	}
	return strings.TrimSpace(str(v.Brand) + " " + str(v.Model))
}

// Fuel returns the fuel type ("Benzin", "Diesel", "El" …), from the
// vehicle or else from the engine expand.
func (v *Vehicle) Fuel() string {
	if v == nil {
		return ""
	}
	if s := str(v.FuelType); s != "" {
		return s
	}
	if e := v.engine(); e != nil {
		return str(e.FuelType)
	}
	return ""
}

// FuelExtended returns the engine expand's fuel_type_extended, which tells
// hybrids apart ("Benzin", "Plug-in hybrid benzin" …).
func (v *Vehicle) FuelExtended() string {
	if e := v.engine(); e != nil {
		return str(e.FuelTypeExtended)
	}
	return ""
}

// FirstRegistered returns the first registration date.
func (v *Vehicle) FirstRegistered() (time.Time, bool) {
	if v == nil {
		return time.Time{}, false
	}
	return dateOf(v.FirstRegistrationDate)
}

// LastInspected returns the date and result ("Godkendt" …) of the last
// inspection.
func (v *Vehicle) LastInspected() (date time.Time, result string, ok bool) {
	if v == nil {
		return time.Time{}, "", false
	}
	d, ok := dateOf(v.LastInspectionDate)
	return d, str(v.LastInspectionResult), ok
}

// NextInspection returns the date of the next periodic inspection: DMR's
// official date when the dmr_data expand has it, else Synsbasen's
// estimate (next_inspection_date_estimate).
func (v *Vehicle) NextInspection() (time.Time, bool) {
	if v == nil {
		return time.Time{}, false
	}
	if v.DMRData != nil {
		if d, ok := dateOf(v.DMRData.NextInspectionDate); ok {
			return d, true
		}
	}
	return dateOf(v.NextInspectionDateEstimate)
}

// Odometer returns the mileage in km recorded at the last inspection.
func (v *Vehicle) Odometer() (int, bool) {
	if v == nil {
		return 0, false
	}
	return intOf(v.Mileage)
}

// Euronorm returns the euro norm ("Euro V" …) from the emission expand,
// else from the dmr_data expand.
func (v *Vehicle) Euronorm() string {
	if e := v.emission(); e != nil && str(e.Euronorm) != "" {
		return str(e.Euronorm)
	}
	if v != nil && v.DMRData != nil {
		return str(v.DMRData.Euronorm)
	}
	return ""
}

// CO2 returns the CO₂ emission in g/km (emission expand).
func (v *Vehicle) CO2() (float64, bool) {
	if e := v.emission(); e != nil {
		return floatOf(e.CO2)
	}
	return 0, false
}

// NOx returns the NOx emission in mg/km (emission expand).
func (v *Vehicle) NOx() (float64, bool) {
	if e := v.emission(); e != nil {
		return floatOf(e.NOx)
	}
	return 0, false
}

// Particles returns the particle emission in mg/km (emission expand).
func (v *Vehicle) Particles() (float64, bool) {
	if e := v.emission(); e != nil {
		return floatOf(e.Particles)
	}
	return 0, false
}

// HasParticleFilter reports whether a particle filter is fitted; ok is
// false when the emission expand does not say.
func (v *Vehicle) HasParticleFilter() (fitted, ok bool) {
	if e := v.emission(); e != nil {
		return boolOf(e.ParticleFilter)
	}
	return false, false
}

// EnergyClass returns the energy class ("A++" …) (emission expand).
func (v *Vehicle) EnergyClass() string {
	if e := v.emission(); e != nil {
		return str(e.EnergyClass)
	}
	return ""
}

// AllowedInEnvironmentalZones reports whether the vehicle may drive in the
// Danish environmental zones (miljøzoner); ok is false when the emission
// expand does not say.
func (v *Vehicle) AllowedInEnvironmentalZones() (allowed, ok bool) {
	if e := v.emission(); e != nil {
		return boolOf(e.AllowedInEnvironmentalZones)
	}
	return false, false
}

// TotalWeight returns the permitted total weight in kg (weight expand).
func (v *Vehicle) TotalWeight() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.TotalWeight)
	}
	return 0, false
}

// TechnicalTotalWeight returns the technically permitted total weight in
// kg (weight expand).
func (v *Vehicle) TechnicalTotalWeight() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.TechnicalTotalWeight)
	}
	return 0, false
}

// VehicleWeight returns the vehicle's own weight in kg (weight expand).
func (v *Vehicle) VehicleWeight() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.VehicleWeight)
	}
	return 0, false
}

// CurbWeight returns the minimum driveable weight (køreklar vægt) in kg
// (weight expand's driveable_weight_minimum).
func (v *Vehicle) CurbWeight() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.DriveableWeightMinimum)
	}
	return 0, false
}

// RoadTrainWeight returns the permitted road train weight in kg (weight
// expand).
func (v *Vehicle) RoadTrainWeight() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.RoadTrainWeight)
	}
	return 0, false
}

// TrailerWeightMaximum returns the maximum weight in kg of a trailer with
// brakes (weight expand).
func (v *Vehicle) TrailerWeightMaximum() (int, bool) {
	if w := v.weight(); w != nil {
		return intOf(w.TrailerWithBrakesWeightMaximum)
	}
	return 0, false
}

// EnginePower returns the engine power in kW (engine expand).
func (v *Vehicle) EnginePower() (float64, bool) {
	if e := v.engine(); e != nil {
		return floatOf(e.EnginePower)
	}
	return 0, false
}

// Horsepower returns the engine power in hp (engine expand).
func (v *Vehicle) Horsepower() (float64, bool) {
	if e := v.engine(); e != nil {
		return floatOf(e.Horsepower)
	}
	return 0, false
}

// FuelEfficiency returns the fuel efficiency in km/l (engine expand).
func (v *Vehicle) FuelEfficiency() (float64, bool) {
	if e := v.engine(); e != nil {
		return floatOf(e.FuelEfficiency)
	}
	return 0, false
}

// Color returns the colour ("Rød" …) (body expand).
func (v *Vehicle) Color() string {
	if v == nil || v.Body == nil {
		return ""
	}
	return str(v.Body.Color)
}
