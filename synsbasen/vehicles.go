package synsbasen

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Vehicle is a vehicle of the Danish motor register (DMR) as Synsbasen
// serves it. Dates are yyyy-mm-dd text. Fields that the API may send as
// null are pointers. The expand fields are nil unless asked for with the
// matching Expand.
type Vehicle struct {
	ID                          int64       `json:"id"` // Synsbasen's id (DMR's køretøj id)
	Registration                *string     `json:"registration"`
	VIN                         *string     `json:"vin"`
	FirstRegistrationDate       *string     `json:"first_registration_date"`
	Status                      *string     `json:"status"` // "Registreret", "Afmeldt", "Skrottet" …
	StatusUpdatedAt             *string     `json:"status_updated_at"`
	RegistrationStatus          *string     `json:"registration_status"`
	RegistrationStatusUpdatedAt *string     `json:"registration_status_updated_at"`
	Kind                        *string     `json:"kind"`     // "Personbil" …
	Usage                       *string     `json:"usage"`    // "Privat personkørsel" …
	Category                    *string     `json:"category"` // "M1" …
	ModelYear                   NullableInt `json:"model_year"`
	FuelType                    *string     `json:"fuel_type"`
	Mileage                     *int        `json:"mileage"`                // km at the last inspection
	MileageAnnualAverage        *int        `json:"mileage_annual_average"` // km per year
	BrandAndModel               *string     `json:"brand_and_model"`
	Brand                       *string     `json:"brand"`
	BrandID                     *string     `json:"brand_id"`
	Model                       *string     `json:"model"`
	ModelID                     *string     `json:"model_id"`
	Variant                     *string     `json:"variant"`
	VariantID                   *string     `json:"variant_id"`
	Version                     *string     `json:"version"`
	VersionID                   *string     `json:"version_id"`
	BodyType                    *string     `json:"body_type"`
	EUVersion                   *string     `json:"eu_version"`
	EUVariant                   *string     `json:"eu_variant"`
	ECTypeApproval              *string     `json:"ec_type_approval"`
	LastInspectionDate          *string     `json:"last_inspection_date"`
	LastInspectionResult        *string     `json:"last_inspection_result"`
	LastInspectionKind          *string     `json:"last_inspection_kind"`
	NextInspectionDateEstimate  *string     `json:"next_inspection_date_estimate"`
	NCAPFive                    *bool       `json:"ncap_five"` // five Euro NCAP stars
	LeasingPeriodStart          *string     `json:"leasing_period_start"`
	LeasingPeriodEnd            *string     `json:"leasing_period_end"`
	ExtraEquipment              *string     `json:"extra_equipment"`
	// Inspections are included by default in a shallow form; with
	// ExpandInspections they are complete (and cost a token each).
	Inspections []Inspection `json:"inspections"`

	Emission               *Emission               `json:"emission,omitempty"`
	Engine                 *Engine                 `json:"engine,omitempty"`
	Weight                 *Weight                 `json:"weight,omitempty"`
	Axle                   *Axle                   `json:"axle,omitempty"`
	Body                   *Body                   `json:"body,omitempty"`
	Permits                []Permit                `json:"permits,omitempty"`
	Age                    *Age                    `json:"age,omitempty"`
	Equipment              []Equipment             `json:"equipment,omitempty"`
	Manufacturer           *Manufacturer           `json:"manufacturer,omitempty"`
	DrivingLicense         *DrivingLicense         `json:"driving_license,omitempty"`
	PeriodicTaxes          *PeriodicTaxes          `json:"periodic_taxes,omitempty"`
	DMRData                *DMRData                `json:"dmr_data,omitempty"`
	TinglysningData        *TinglysningData        `json:"tinglysning_data,omitempty"`
	LeasingPeriods         []LeasingPeriod         `json:"leasing_periods,omitempty"`
	SupplementaryBodyTypes []SupplementaryBodyType `json:"supplementary_body_types,omitempty"`
	Appraisals             *Appraisals             `json:"appraisals,omitempty"`
}

// VehiclesService looks up and searches vehicles. Each vehicle answered
// costs tokens; see the API's pricing.
type VehiclesService service

func (s *VehiclesService) t() endpoint.Transport { return (*service)(s).transport() }

var (
	vehiclesGet               = getOf[Vehicle]("Vehicles.Get")
	vehiclesGetByRegistration = getOf[Vehicle]("Vehicles.GetByRegistration")
	vehiclesGetByVIN          = getOf[Vehicle]("Vehicles.GetByVIN")
)

// Get returns the vehicle with Synsbasen id id (GET /v1/vehicles/{id}).
func (s *VehiclesService) Get(ctx context.Context, id int64, expand ...Expand) (*Vehicle, error) {
	if id <= 0 {
		return nil, invalid("vehicle id must be positive, got %d", id)
	}
	return data(vehiclesGet.Do(ctx, s.t(), vehicleRequest(expand, strconv.FormatInt(id, 10))))
}

// GetByRegistration returns the vehicle with registration (nummerplade),
// the most recent one when several vehicles have carried it
// (GET /v1/vehicles/registration/{registration}). Spaces are removed and
// letters upper-cased, so "as 87 640" finds AS87640; Æ, Ø and Å are sent
// path-escaped as UTF-8.
func (s *VehiclesService) GetByRegistration(ctx context.Context, registration string, expand ...Expand) (*Vehicle, error) {
	reg, err := NormalizeRegistration(registration)
	if err != nil {
		return nil, err
	}
	return data(vehiclesGetByRegistration.Do(ctx, s.t(), vehicleRequest(expand, "registration", reg)))
}

// GetByVIN returns the vehicle with VIN (stelnummer)
// (GET /v1/vehicles/vin/{vin}).
func (s *VehiclesService) GetByVIN(ctx context.Context, vin string, expand ...Expand) (*Vehicle, error) {
	v := strings.ToUpper(strings.TrimSpace(vin))
	if v == "" || utf8.RuneCountInString(v) > 30 || !alnum(v) {
		return nil, invalid("VIN %q must be 1-30 letters and digits", vin)
	}
	return data(vehiclesGetByVIN.Do(ctx, s.t(), vehicleRequest(expand, "vin", v)))
}

// vehicleRequest is the GET of /v1/vehicles/<segments…> with expands.
func vehicleRequest(expand []Expand, segments ...string) endpoint.Request {
	p, err := path(append([]string{"vehicles"}, segments...)...)
	if err != nil {
		return endpoint.Fail(err)
	}
	q, err := expandQuery(nil, expand)
	if err != nil {
		return endpoint.Fail(err)
	}
	return endpoint.Request{Path: p, Query: q}
}

var (
	vehiclesSearch    = searchOf[Vehicle]("Vehicles.Search")
	vehiclesAggregate = aggregateOf("Vehicles.Aggregate")
	vehiclesDistinct  = distinctOf("Vehicles.Distinct")
)

// Search runs a SELECT search of vehicles (POST /v1/vehicles/search) and returns
// one page. Searchable attributes include registration,
// vin, brand, model, brand_and_model, model_year, fuel_type,
// fuel_type_extended, mileage, first_registration_date, kind, status and
// the attributes of the emission, engine, weight, axle and body expands;
// see the API docs for the full list.
func (s *VehiclesService) Search(ctx context.Context, q *Search) (*Page[Vehicle], error) {
	return vehiclesSearch.List(ctx, s.t(), searchCall("vehicles", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of vehicles from q.Page
// (POST /v1/vehicles/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *VehiclesService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Vehicle], error] {
	return vehiclesSearch.Pages(ctx, s.t(), searchCall("vehicles", q, kindSelect))
}

// SearchAll iterates every one of the vehicles matching q, page after page
// from q.Page (POST /v1/vehicles/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *VehiclesService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Vehicle, error] {
	return vehiclesSearch.All(ctx, s.t(), searchCall("vehicles", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of vehicles, such as
// the average mileage per brand
// (POST /v1/vehicles/search).
func (s *VehiclesService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, vehiclesAggregate, s.t(), "vehicles", q)
}

// Distinct lists the distinct values of q.GroupBy among the vehicles matching
// q (method DISTINCT, POST /v1/vehicles/search).
func (s *VehiclesService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, vehiclesDistinct, s.t(), "vehicles", q)
}

// NormalizeRegistration removes spaces and dashes from a Danish registration
// and upper-cases it, and checks that what remains is 1-10 letters (Æ, Ø
// and Å included) and digits.
func NormalizeRegistration(registration string) (string, error) {
	r := strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, registration))
	if r == "" || utf8.RuneCountInString(r) > 10 || !alnum(r) {
		return "", invalid("registration %q must be 1-10 letters and digits", registration)
	}
	return r, nil
}

func alnum(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// NullableInt is an integer the API may send as a JSON number, as text or
// as null (clients of the API disagree on model_year). Valid is false for
// null.
type NullableInt struct {
	Int64 int64
	Valid bool
}

// UnmarshalJSON reads a number, a numeric string or null.
func (n *NullableInt) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" || s == `""` {
		*n = NullableInt{}
		return nil
	}
	s = strings.Trim(s, `"`)
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("synsbasen: %q is not an integer", s)
	}
	*n = NullableInt{Int64: i, Valid: true}
	return nil
}

// MarshalJSON writes the number, or null.
func (n NullableInt) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(n.Int64, 10)), nil
}
