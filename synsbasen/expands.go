package synsbasen

import (
	"net/url"
	"regexp"
)

// Expand names a resource that the vehicles endpoint can include in its
// answer, sent as ?expand[]=<name>. Your subscription must include the
// expand capability. Expanding dmr_data, tinglysning_data or appraisals
// makes Synsbasen query a remote register live, which takes a few seconds
// and costs a token; each expanded inspection also costs a token.
type Expand string

// The expandable resources of a vehicle, as documented.
const (
	ExpandEmission               Expand = "emission"                 // Vehicle.Emission
	ExpandEngine                 Expand = "engine"                   // Vehicle.Engine
	ExpandWeight                 Expand = "weight"                   // Vehicle.Weight
	ExpandAxle                   Expand = "axle"                     // Vehicle.Axle
	ExpandBody                   Expand = "body"                     // Vehicle.Body
	ExpandPermits                Expand = "permits"                  // Vehicle.Permits
	ExpandAge                    Expand = "age"                      // Vehicle.Age
	ExpandEquipment              Expand = "equipment"                // Vehicle.Equipment
	ExpandManufacturer           Expand = "manufacturer"             // Vehicle.Manufacturer
	ExpandDrivingLicense         Expand = "driving_license"          // Vehicle.DrivingLicense
	ExpandPeriodicTaxes          Expand = "periodic_taxes"           // Vehicle.PeriodicTaxes
	ExpandDMRData                Expand = "dmr_data"                 // Vehicle.DMRData; live, 1 token
	ExpandTinglysningData        Expand = "tinglysning_data"         // Vehicle.TinglysningData; live, 1 token
	ExpandLeasingPeriods         Expand = "leasing_periods"          // Vehicle.LeasingPeriods
	ExpandSupplementaryBodyTypes Expand = "supplementary_body_types" // Vehicle.SupplementaryBodyTypes
	ExpandAppraisals             Expand = "appraisals"               // Vehicle.Appraisals; live, 1 token
	ExpandInspections            Expand = "inspections"              // Vehicle.Inspections in full; 1 token each
)

// AllExpands lists every documented expand, in the order of the docs.
func AllExpands() []Expand {
	return []Expand{ExpandEmission, ExpandEngine, ExpandWeight, ExpandAxle, ExpandBody, ExpandPermits,
		ExpandAge, ExpandEquipment, ExpandManufacturer, ExpandDrivingLicense, ExpandPeriodicTaxes,
		ExpandDMRData, ExpandTinglysningData, ExpandLeasingPeriods, ExpandSupplementaryBodyTypes,
		ExpandAppraisals, ExpandInspections}
}

var expandName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// expandQuery validates expands and encodes them as expand[]=a&expand[]=b,
// the form the official gem sends on GET and POST alike. Names outside the
// documented list are allowed (the API may add more) but must look like one.
func expandQuery(q url.Values, expands []Expand) (url.Values, error) {
	if q == nil {
		q = url.Values{}
	}
	seen := map[Expand]bool{}
	for _, e := range expands {
		if !expandName.MatchString(string(e)) {
			return nil, invalid("expand %q is not a resource name", string(e))
		}
		if seen[e] {
			continue
		}
		seen[e] = true
		q.Add("expand[]", string(e))
	}
	return q, nil
}

// Emission is the emission expand: gas and particle emissions, smoke
// density, energy class and euro norm.
type Emission struct {
	CO2                         *float64 `json:"co2"`                            // g/km
	CO                          *float64 `json:"co"`                             // mg/km
	HCPlusNOx                   *float64 `json:"hc_plus_nox"`                    // mg/km
	NOx                         *float64 `json:"nox"`                            // mg/km
	Particles                   *float64 `json:"particles"`                      // mg/km
	ParticleFilter              *bool    `json:"particle_filter"`                // a particle filter is fitted
	SmokeDensity                *float64 `json:"smoke_density"`                  // m⁻¹
	SmokeDensityEngineSpeed     *float64 `json:"smoke_density_engine_speed"`     // rpm of the smoke measurement
	EnergyClass                 *string  `json:"energy_class"`                   // "A++" …
	EmissionClass               *string  `json:"emission_class,omitempty"`       // emission class id; added 2024
	Euronorm                    *string  `json:"euronorm"`                       // "Euro V" …
	AllowedInEnvironmentalZones *bool    `json:"allowed_in_environmental_zones"` // may drive in Danish miljøzoner
}

// Engine is the engine expand: fuel and energy efficiency, power, gears.
type Engine struct {
	FuelEfficiency        *float64 `json:"fuel_efficiency"`        // km/l
	ElectricityEfficiency *float64 `json:"electricity_efficiency"` // Wh/km
	TopSpeed              *float64 `json:"top_speed"`              // km/h
	FuelType              *string  `json:"fuel_type"`
	FuelTypeExtended      *string  `json:"fuel_type_extended"`
	Gears                 *int     `json:"gears"`
	Cylinders             *int     `json:"cylinders"`
	EngineCode            *string  `json:"engine_code"`
	EngineDisplacement    *float64 `json:"engine_displacement"` // cm³
	EnginePower           *float64 `json:"engine_power"`        // kW
	Horsepower            *float64 `json:"horsepower"`          // 1 hp = 0.745699872 kW
	PowerToWeightRatio    *float64 `json:"power_to_weight_ratio"`
}

// Weight is the weight expand: weight limits, load, coupling and trailers
// (kg).
type Weight struct {
	TechnicalTotalWeight              *int    `json:"technical_total_weight"`
	TotalWeight                       *int    `json:"total_weight"`
	VehicleWeight                     *int    `json:"vehicle_weight"`
	DriveableWeightMinimum            *int    `json:"driveable_weight_minimum"`
	DriveableWeightMaximum            *int    `json:"driveable_weight_maximum"`
	VValueAirSuspension               *int    `json:"v_value_air_suspension"`
	VValueMechanicalSuspension        *int    `json:"v_value_mechanical_suspension"`
	RoadTrainWeight                   *int    `json:"road_train_weight"`
	CouplingDevice                    *bool   `json:"coupling_device"`
	CouplingDeviceLoadMaximum         *int    `json:"coupling_device_load_maximum"`
	TrailerWithBrakesWeightMaximum    *int    `json:"trailer_with_brakes_weight_maximum"`
	TrailerWithoutBrakesWeightMaximum *int    `json:"trailer_without_brakes_weight_maximum"`
	TrailerTotalWeightMaximum         *int    `json:"trailer_total_weight_maximum"`
	Division                          *string `json:"division"` // "light" or "heavy"
}

// Axle is the axle expand. PullingAxles is text: it changed from an integer
// to a string because it can hold several free-text values.
type Axle struct {
	Axles                         *int    `json:"axles"`
	AxleTrack                     *int    `json:"axle_track"` // mm
	PullingAxles                  *string `json:"pulling_axles"`
	DriveShaftPressureMaximum     *int    `json:"drive_shaft_pressure_maximum"`     // kg
	TrailerAllowedPressureMaximum *int    `json:"trailer_allowed_pressure_maximum"` // kg
}

// Body is the body expand: doors, seats, passengers, track width, tires and
// rims, and colour.
type Body struct {
	Doors                     *int    `json:"doors"`
	VINPlacement              *string `json:"vin_placement"`
	TrackWidthFront           *int    `json:"track_width_front"` // mm
	TrackWidthRear            *int    `json:"track_width_rear"`  // mm
	Passengers                *int    `json:"passengers"`
	SeatsMinimum              *int    `json:"seats_minimum"`
	SeatsMaximum              *int    `json:"seats_maximum"`
	StandingPassengersMinimum *int    `json:"standing_passengers_minimum"`
	StandingPassengersMaximum *int    `json:"standing_passengers_maximum"`
	RimsAndTires              *string `json:"rims_and_tires"`
	Color                     *string `json:"color"`
}

// Permit is one special permit (tilladelse) of the permits expand.
type Permit struct {
	ID        int     `json:"id"` // DMR's permit id
	Name      string  `json:"name"`
	Comment   *string `json:"comment"`
	ValidFrom *string `json:"valid_from"` // yyyy-mm-dd
}

// Age is the age expand, counted to the deregistration date for inactive
// vehicles and to today for active ones.
type Age struct {
	Years  int `json:"years"`
	Months int `json:"months"`
}

// Equipment is one piece of equipment of the equipment expand.
type Equipment struct {
	ID       int    `json:"id"` // DMR's equipment id
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

// Manufacturer is the manufacturer expand, derived from the VIN's world
// manufacturer identifier.
type Manufacturer struct {
	Name    *string `json:"name"`
	Region  *string `json:"region"`
	Country *string `json:"country"`
}

// DrivingLicense is the driving_license expand: the licence category needed
// to drive the vehicle.
type DrivingLicense struct {
	Category *string `json:"category"` // "B" …
}

// PeriodicTaxes is the periodic_taxes expand: an estimate of the periodic
// taxes of a passenger car.
type PeriodicTaxes struct {
	Taxes            []PeriodicTax `json:"taxes"`
	TotalAmount      float64       `json:"total_amount"`      // DKK per payment
	PaymentFrequency string        `json:"payment_frequency"` // "semesterly" …
}

// PeriodicTax is one tax of PeriodicTaxes.
type PeriodicTax struct {
	Name             string  `json:"name"`
	Amount           float64 `json:"amount"` // DKK per payment
	PaymentFrequency string  `json:"payment_frequency"`
}

// DMRData is the dmr_data expand, fetched live from DMR: insurance, the
// official next inspection, inspection invocations and leasing.
type DMRData struct {
	ServiceAvailable              bool                   `json:"service_available"` // false when DMR could not be reached
	InsuranceCompany              *string                `json:"insurance_company"`
	InsuranceStatus               *string                `json:"insurance_status"`
	InsurancePolicyNumber         *string                `json:"insurance_policy_number"`
	InsuranceCreatedAt            *string                `json:"insurance_created_at"`   // yyyy-mm-dd
	NextInspectionDate            *string                `json:"next_inspection_date"`   // yyyy-mm-dd
	InspectionFrequency           *string                `json:"inspection_frequency"`   // free text
	InspectionInvocations         []InspectionInvocation `json:"inspection_invocations"` // indkaldelser til syn
	Euronorm                      *string                `json:"euronorm"`
	ElectricityEfficiencyMeasured *float64               `json:"electricity_efficiency_measured"` // Wh/km
	BatteryCapacity               *float64               `json:"battery_capacity"`                // kWh
	ElectricRange                 *float64               `json:"electric_range"`                  // km
	PluginHybrid                  *bool                  `json:"plugin_hybrid"`
	AutomaticTransmission         *bool                  `json:"automatic_transmission"`
	LastInspectionKind            *string                `json:"last_inspection_kind"`
	LastInspectionResult          *string                `json:"last_inspection_result"`
	LastInspectionDate            *string                `json:"last_inspection_date"` // yyyy-mm-dd
	LeasingPeriodStart            *string                `json:"leasing_period_start"` // yyyy-mm-dd
	LeasingPeriodEnd              *string                `json:"leasing_period_end"`   // yyyy-mm-dd
	LeasingPeriodCertificateID    *string                `json:"leasing_period_certificate_id"`
}

// InspectionInvocation is a call to inspection issued by the authorities.
type InspectionInvocation struct {
	InvocationType      string  `json:"invocation_type"`       // "PeriodiskSyn" …
	InvocationCreatedAt *string `json:"invocation_created_at"` // yyyy-mm-dd
	InvocationDeadline  *string `json:"invocation_deadline"`   // yyyy-mm-dd
}

// TinglysningData is the tinglysning_data expand, fetched live from the
// Danish registry of rights (Bilbogen): liabilities and ownership.
type TinglysningData struct {
	ServiceAvailable bool        `json:"service_available"`
	Liabilities      []Liability `json:"liabilities"`
}

// Liability is one registered liability (hæftelse) of a vehicle.
type Liability struct {
	Date            string           `json:"date"` // RFC 3339 timestamp
	Creditors       []Party          `json:"creditors"`
	Debtors         []Party          `json:"debtors"`
	FloatingCharges []FloatingCharge `json:"floating_charges"` // virksomhedspant
	Amount          *float64         `json:"amount"`
	Currency        *string          `json:"currency"`
}

// Party is a person or company named in a liability. A person carries
// BirthDate, a company its CVR number.
type Party struct {
	Type      string `json:"type"` // "Person" or "Company"
	Name      string `json:"name"`
	BirthDate string `json:"birth_date,omitempty"` // yyyy-mm-dd
	CVR       string `json:"cvr,omitempty"`
}

// FloatingCharge is a floating charge (virksomhedspant) covering a vehicle.
type FloatingCharge struct {
	Amount   *float64 `json:"amount"`
	Currency *string  `json:"currency"`
	Priority *int     `json:"priority"`
	Owners   []Party  `json:"owners"`
}

// LeasingPeriod is one known leasing period of a vehicle, newest first in
// the leasing_periods expand. It is also the resource of LeasingPeriods.
type LeasingPeriod struct {
	VehicleID          int64   `json:"vehicle_id"`
	LeasingPeriodStart *string `json:"leasing_period_start"` // yyyy-mm-dd
	LeasingPeriodEnd   *string `json:"leasing_period_end"`   // yyyy-mm-dd
}

// SupplementaryBodyType is one supplementary body type (supplerende
// karrosserityper) of a vehicle.
type SupplementaryBodyType struct {
	ID   int    `json:"id"` // DMR's id
	Name string `json:"name"`
}

// Appraisals is the appraisals expand: valuations (vurderinger) from DMR,
// fetched live.
type Appraisals struct {
	ServiceAvailable bool        `json:"service_available"`
	Data             []Appraisal `json:"data"`
}

// Appraisal is one valuation of a vehicle (DKK).
type Appraisal struct {
	Date            string   `json:"date"` // yyyy-mm-dd
	OriginalPrice   *float64 `json:"original_price"`
	MarketPrice     *float64 `json:"market_price"`
	Value           *float64 `json:"value"`
	RegistrationTax *float64 `json:"registration_tax"`
}

// String returns the expand's name.
func (e Expand) String() string { return string(e) }
