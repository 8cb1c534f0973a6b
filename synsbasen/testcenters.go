package synsbasen

import (
	"context"
	"iter"
	"slices"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// TestCenter is a test center (synshal) with the smiley of one division. A
// center that inspects both light and heavy vehicles appears twice, once
// per division.
type TestCenter struct {
	Name     string   `json:"name"`
	Address  string   `json:"address"`
	Zip      int      `json:"zip"`
	City     string   `json:"city"`
	Lat      *float64 `json:"lat"`
	Lng      *float64 `json:"lng"`
	Division string   `json:"division"` // DivisionLight or DivisionHeavy
	Phone    *int64   `json:"phone"`
	Website  *string  `json:"website"`
	Smiley   *string  `json:"smiley"` // "Elite", "Glad", … from Færdselsstyrelsen
}

// TestCentersService lists test centers with their smileys.
type TestCentersService service

func (s *TestCentersService) t() endpoint.Transport { return (*service)(s).transport() }

var testCentersList = &endpoint.Op[envelope[[]*TestCenter]]{
	Spec: endpoint.Spec{Name: "TestCenters.List"},
	Check: func(e *envelope[[]*TestCenter]) error {
		if e.Data == nil || slices.Contains(e.Data, nil) {
			return errNoData
		}
		return nil
	},
	Meta: func(e *envelope[[]*TestCenter], m *vegdata.Meta) { chargeCost(m, e.Cost) },
}

// List returns every test center in one answer (GET /v1/test_centers).
func (s *TestCentersService) List(ctx context.Context) ([]*TestCenter, error) {
	env, err := testCentersList.Do(ctx, s.t(), endpoint.Request{Path: "v1/test_centers"})
	if err != nil {
		return nil, err
	}
	return env.Data, nil
}

// InspectionTestCenter is a test center as aggregated from all inspections
// since 2005, with the dates of its first and last known inspection. Its
// ID is the inspection_test_center_id of inspections.
type InspectionTestCenter struct {
	ID                  int64    `json:"id"`
	Name                string   `json:"name"`
	Address             string   `json:"address"`
	Zip                 int      `json:"zip"`
	City                string   `json:"city"`
	Lat                 *float64 `json:"lat"`
	Lng                 *float64 `json:"lng"`
	CompanyNo           *int64   `json:"company_no"`            // CVR number
	FirstInspectionDate *string  `json:"first_inspection_date"` // yyyy-mm-dd
	LastInspectionDate  *string  `json:"last_inspection_date"`  // yyyy-mm-dd
}

// InspectionTestCentersService lists and searches inspection test centers.
// The official Ruby gem dropped this resource in 2025 while the docs still
// describe it, so it may be retired.
type InspectionTestCentersService service

func (s *InspectionTestCentersService) t() endpoint.Transport { return (*service)(s).transport() }

var inspectionTestCentersList = listOf[InspectionTestCenter]("InspectionTestCenters.List")

// List returns one page of inspection test centers (GET /v1/inspection_test_centers).
func (s *InspectionTestCentersService) List(ctx context.Context, opts *ListOptions) (*Page[InspectionTestCenter], error) {
	return inspectionTestCentersList.List(ctx, s.t(), listCall("v1/inspection_test_centers", opts))
}

// Pages iterates the pages of inspection test centers from opts.Page (GET /v1/inspection_test_centers); each
// page's Next resumes after it.
func (s *InspectionTestCentersService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[InspectionTestCenter], error] {
	return inspectionTestCentersList.Pages(ctx, s.t(), listCall("v1/inspection_test_centers", opts))
}

// All iterates inspection test centers, page after page from opts.Page (GET /v1/inspection_test_centers).
func (s *InspectionTestCentersService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*InspectionTestCenter, error] {
	return inspectionTestCentersList.All(ctx, s.t(), listCall("v1/inspection_test_centers", opts))
}

var (
	inspectionTestCentersSearch    = searchOf[InspectionTestCenter]("InspectionTestCenters.Search")
	inspectionTestCentersAggregate = aggregateOf("InspectionTestCenters.Aggregate")
	inspectionTestCentersDistinct  = distinctOf("InspectionTestCenters.Distinct")
)

// Search runs a SELECT search of inspection test centers (POST /v1/inspection_test_centers/search) and returns
// one page. For example In("zip", 2300, 9200).
func (s *InspectionTestCentersService) Search(ctx context.Context, q *Search) (*Page[InspectionTestCenter], error) {
	return inspectionTestCentersSearch.List(ctx, s.t(), searchCall("inspection_test_centers", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of inspection test centers from q.Page
// (POST /v1/inspection_test_centers/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *InspectionTestCentersService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[InspectionTestCenter], error] {
	return inspectionTestCentersSearch.Pages(ctx, s.t(), searchCall("inspection_test_centers", q, kindSelect))
}

// SearchAll iterates every one of the inspection test centers matching q, page after page
// from q.Page (POST /v1/inspection_test_centers/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *InspectionTestCentersService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*InspectionTestCenter, error] {
	return inspectionTestCentersSearch.All(ctx, s.t(), searchCall("inspection_test_centers", q, kindSelect))
}

// Aggregate runs a COUNT or PERCENTAGE search of inspection test centers,
// such as the number of centers per city
// (POST /v1/inspection_test_centers/search).
func (s *InspectionTestCentersService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, inspectionTestCentersAggregate, s.t(), "inspection_test_centers", q)
}

// Distinct lists the distinct values of q.GroupBy among the inspection test centers matching
// q (method DISTINCT, POST /v1/inspection_test_centers/search).
func (s *InspectionTestCentersService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, inspectionTestCentersDistinct, s.t(), "inspection_test_centers", q)
}
