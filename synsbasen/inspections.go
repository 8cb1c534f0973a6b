package synsbasen

import (
	"context"
	"iter"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Inspection is one inspection (syn) reported by Færdselsstyrelsen. Each
// inspection in an answer costs a token, also when included by an expand or
// a search.
type Inspection struct {
	ID                       int64       `json:"id"`
	VehicleID                int64       `json:"vehicle_id"`
	Registration             *string     `json:"registration"`
	VIN                      *string     `json:"vin"`
	Date                     string      `json:"date"`         // yyyy-mm-dd
	Time                     string      `json:"time"`         // HH:MM:SS
	Weekday                  string      `json:"weekday"`      // Danish: "Torsdag"
	WeekNumber               int         `json:"week_number"`  // ISO week
	Month                    string      `json:"month"`        // Danish: "Januar"
	Kind                     string      `json:"kind"`         // "Periodisk syn" …
	Variant                  string      `json:"variant"`      // "Første syn", "Omsyn" …
	Result                   string      `json:"result"`       // "Godkendt", "Betinget godkendt", "Ikke godkendt" …
	VehicleType              string      `json:"vehicle_type"` // "M1-Personbil <= 3500 kg" …
	VehicleDivision          string      `json:"vehicle_division"`
	Mileage                  *int        `json:"mileage"`               // km
	ReinspectionDeadline     *string     `json:"reinspection_deadline"` // yyyy-mm-dd; only when not passed at first
	InspectionTestCenterID   int64       `json:"inspection_test_center_id"`
	TestCenterCompanyNo      int64       `json:"test_center_company_no"` // CVR number
	TestCenterName           string      `json:"test_center_name"`
	TestCenterAddress        string      `json:"test_center_address"`
	TestCenterNameAndAddress string      `json:"test_center_name_and_address"`
	TestCenterZip            int         `json:"test_center_zip"`
	TestCenterCity           string      `json:"test_center_city"`
	PDF                      *string     `json:"pdf"` // link to the inspection report
	ErrorCodes               []ErrorCode `json:"error_codes"`
}

// Division values of inspections, test centers and weights.
const (
	DivisionLight = "light" // vehicles up to 3 500 kg and their trailers
	DivisionHeavy = "heavy"
)

// ErrorCode is one fault found at an inspection.
type ErrorCode struct {
	Code        string `json:"code"`
	Category    string `json:"category"`
	Description string `json:"description"`
	// InspectionID is the inspection the fault belongs to. It is not part of
	// the documented payload; synsbasentest sends it in error code searches
	// and a zero value is left out when encoding.
	InspectionID int64 `json:"inspection_id,omitempty"`
}

// InspectionsService reads and searches inspections.
type InspectionsService service

func (s *InspectionsService) t() endpoint.Transport { return (*service)(s).transport() }

var inspectionsGet = getOf[Inspection]("Inspections.Get")

// Get returns the inspection with id, with its error codes
// (GET /v1/inspections/{id}).
func (s *InspectionsService) Get(ctx context.Context, id int64) (*Inspection, error) {
	if id <= 0 {
		return nil, invalid("inspection id must be positive, got %d", id)
	}
	return data(inspectionsGet.Do(ctx, s.t(), itemRequest("inspections", strconv.FormatInt(id, 10))))
}

var (
	inspectionsSearch    = searchOf[Inspection]("Inspections.Search")
	inspectionsAggregate = aggregateOf("Inspections.Aggregate")
	inspectionsDistinct  = distinctOf("Inspections.Distinct")
)

// Search runs a SELECT search of inspections (POST /v1/inspections/search) and returns
// one page. Each inspection costs a token. For example every
// inspection of one test center in a period:
// In("inspection_test_center_id", 1337), Gteq("date", "2023-01-01").
func (s *InspectionsService) Search(ctx context.Context, q *Search) (*Page[Inspection], error) {
	return inspectionsSearch.List(ctx, s.t(), searchCall("inspections", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of inspections from q.Page
// (POST /v1/inspections/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *InspectionsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Inspection], error] {
	return inspectionsSearch.Pages(ctx, s.t(), searchCall("inspections", q, kindSelect))
}

// SearchAll iterates every one of the inspections matching q, page after page
// from q.Page (POST /v1/inspections/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *InspectionsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Inspection, error] {
	return inspectionsSearch.All(ctx, s.t(), searchCall("inspections", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of inspections, such
// as the share of results per test center
// (POST /v1/inspections/search).
func (s *InspectionsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, inspectionsAggregate, s.t(), "inspections", q)
}

// Distinct lists the distinct values of q.GroupBy among the inspections matching
// q (method DISTINCT, POST /v1/inspections/search).
func (s *InspectionsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, inspectionsDistinct, s.t(), "inspections", q)
}

// ErrorCodesService searches the error codes of inspections.
type ErrorCodesService service

func (s *ErrorCodesService) t() endpoint.Transport { return (*service)(s).transport() }

var (
	errorCodesSearch    = searchOf[ErrorCode]("ErrorCodes.Search")
	errorCodesAggregate = aggregateOf("ErrorCodes.Aggregate")
	errorCodesDistinct  = distinctOf("ErrorCodes.Distinct")
)

// Search runs a SELECT search of error codes (POST /v1/error_codes/search) and returns
// one page.
func (s *ErrorCodesService) Search(ctx context.Context, q *Search) (*Page[ErrorCode], error) {
	return errorCodesSearch.List(ctx, s.t(), searchCall("error_codes", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of error codes from q.Page
// (POST /v1/error_codes/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *ErrorCodesService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[ErrorCode], error] {
	return errorCodesSearch.Pages(ctx, s.t(), searchCall("error_codes", q, kindSelect))
}

// SearchAll iterates every one of the error codes matching q, page after page
// from q.Page (POST /v1/error_codes/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *ErrorCodesService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*ErrorCode, error] {
	return errorCodesSearch.All(ctx, s.t(), searchCall("error_codes", q, kindSelect))
}

// Aggregate runs a COUNT or PERCENTAGE search of error codes, such as the
// share of faults per category
// (POST /v1/error_codes/search).
func (s *ErrorCodesService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, errorCodesAggregate, s.t(), "error_codes", q)
}

// Distinct lists the distinct values of q.GroupBy among the error codes matching
// q (method DISTINCT, POST /v1/error_codes/search).
func (s *ErrorCodesService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, errorCodesDistinct, s.t(), "error_codes", q)
}
