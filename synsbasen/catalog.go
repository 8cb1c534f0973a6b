package synsbasen

import (
	"context"
	"iter"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Brand is a brand (mærke) of the DMR catalogue. Ids are text, as the API
// sends them.
type Brand struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Model is a model of a brand.
type Model struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Variant is a variant of a model, such as "2,0 I 16 V".
type Variant struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Version is a version of a variant, such as "Hatchback".
type Version struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// BodyType is a body type (karrosseritype), such as "Sedan".
type BodyType struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// BrandsService reads the brand catalogue and each brand's models.
type BrandsService service

func (s *BrandsService) t() endpoint.Transport { return (*service)(s).transport() }

var brandsGet = getOf[Brand]("Brands.Get")

// Get returns the brand with id (GET /v1/brands/{id}).
func (s *BrandsService) Get(ctx context.Context, id string) (*Brand, error) {
	return data(brandsGet.Do(ctx, s.t(), itemRequest("brands", id)))
}

var brandsList = listOf[Brand]("Brands.List")

// List returns one page of all brands (GET /v1/brands).
func (s *BrandsService) List(ctx context.Context, opts *ListOptions) (*Page[Brand], error) {
	return brandsList.List(ctx, s.t(), listCall("v1/brands", opts))
}

// Pages iterates the pages of all brands from opts.Page (GET /v1/brands); each
// page's Next resumes after it.
func (s *BrandsService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[Brand], error] {
	return brandsList.Pages(ctx, s.t(), listCall("v1/brands", opts))
}

// All iterates all brands, page after page from opts.Page (GET /v1/brands).
func (s *BrandsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Brand, error] {
	return brandsList.All(ctx, s.t(), listCall("v1/brands", opts))
}

var brandsModels = listOf[Model]("Brands.Models")

// Models returns one page of the models of brand id (GET /v1/brands/{id}/models).
func (s *BrandsService) Models(ctx context.Context, id string, opts *ListOptions) (*Page[Model], error) {
	return brandsModels.List(ctx, s.t(), childCall("brands", id, "models", opts))
}

// ModelsPages iterates the pages of the models of brand id from opts.Page
// (GET /v1/brands/{id}/models); each page's Next resumes after it.
func (s *BrandsService) ModelsPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Model], error] {
	return brandsModels.Pages(ctx, s.t(), childCall("brands", id, "models", opts))
}

// ModelsAll iterates the models of brand id, page after page from opts.Page
// (GET /v1/brands/{id}/models).
func (s *BrandsService) ModelsAll(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Model, error] {
	return brandsModels.All(ctx, s.t(), childCall("brands", id, "models", opts))
}

var (
	brandsSearch    = searchOf[Brand]("Brands.Search")
	brandsAggregate = aggregateOf("Brands.Aggregate")
	brandsDistinct  = distinctOf("Brands.Distinct")
)

// Search runs a SELECT search of brands (POST /v1/brands/search) and returns
// one page.
func (s *BrandsService) Search(ctx context.Context, q *Search) (*Page[Brand], error) {
	return brandsSearch.List(ctx, s.t(), searchCall("brands", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of brands from q.Page
// (POST /v1/brands/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *BrandsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Brand], error] {
	return brandsSearch.Pages(ctx, s.t(), searchCall("brands", q, kindSelect))
}

// SearchAll iterates every one of the brands matching q, page after page
// from q.Page (POST /v1/brands/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *BrandsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Brand, error] {
	return brandsSearch.All(ctx, s.t(), searchCall("brands", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of brands
// (POST /v1/brands/search).
func (s *BrandsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, brandsAggregate, s.t(), "brands", q)
}

// Distinct lists the distinct values of q.GroupBy among the brands matching
// q (method DISTINCT, POST /v1/brands/search).
func (s *BrandsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, brandsDistinct, s.t(), "brands", q)
}

// ModelsService reads models and their variants.
type ModelsService service

func (s *ModelsService) t() endpoint.Transport { return (*service)(s).transport() }

var modelsGet = getOf[Model]("Models.Get")

// Get returns the model with id (GET /v1/models/{id}).
func (s *ModelsService) Get(ctx context.Context, id string) (*Model, error) {
	return data(modelsGet.Do(ctx, s.t(), itemRequest("models", id)))
}

var modelsVariants = listOf[Variant]("Models.Variants")

// Variants returns one page of the variants of model id (GET /v1/models/{id}/variants).
func (s *ModelsService) Variants(ctx context.Context, id string, opts *ListOptions) (*Page[Variant], error) {
	return modelsVariants.List(ctx, s.t(), childCall("models", id, "variants", opts))
}

// VariantsPages iterates the pages of the variants of model id from opts.Page
// (GET /v1/models/{id}/variants); each page's Next resumes after it.
func (s *ModelsService) VariantsPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Variant], error] {
	return modelsVariants.Pages(ctx, s.t(), childCall("models", id, "variants", opts))
}

// VariantsAll iterates the variants of model id, page after page from opts.Page
// (GET /v1/models/{id}/variants).
func (s *ModelsService) VariantsAll(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Variant, error] {
	return modelsVariants.All(ctx, s.t(), childCall("models", id, "variants", opts))
}

var (
	modelsSearch    = searchOf[Model]("Models.Search")
	modelsAggregate = aggregateOf("Models.Aggregate")
	modelsDistinct  = distinctOf("Models.Distinct")
)

// Search runs a SELECT search of models (POST /v1/models/search) and returns
// one page.
func (s *ModelsService) Search(ctx context.Context, q *Search) (*Page[Model], error) {
	return modelsSearch.List(ctx, s.t(), searchCall("models", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of models from q.Page
// (POST /v1/models/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *ModelsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Model], error] {
	return modelsSearch.Pages(ctx, s.t(), searchCall("models", q, kindSelect))
}

// SearchAll iterates every one of the models matching q, page after page
// from q.Page (POST /v1/models/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *ModelsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Model, error] {
	return modelsSearch.All(ctx, s.t(), searchCall("models", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of models
// (POST /v1/models/search).
func (s *ModelsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, modelsAggregate, s.t(), "models", q)
}

// Distinct lists the distinct values of q.GroupBy among the models matching
// q (method DISTINCT, POST /v1/models/search).
func (s *ModelsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, modelsDistinct, s.t(), "models", q)
}

// VariantsService reads variants and their versions.
type VariantsService service

func (s *VariantsService) t() endpoint.Transport { return (*service)(s).transport() }

var variantsGet = getOf[Variant]("Variants.Get")

// Get returns the variant with id (GET /v1/variants/{id}).
func (s *VariantsService) Get(ctx context.Context, id string) (*Variant, error) {
	return data(variantsGet.Do(ctx, s.t(), itemRequest("variants", id)))
}

var variantsVersions = listOf[Version]("Variants.Versions")

// Versions returns one page of the versions of variant id (GET /v1/variants/{id}/versions).
func (s *VariantsService) Versions(ctx context.Context, id string, opts *ListOptions) (*Page[Version], error) {
	return variantsVersions.List(ctx, s.t(), childCall("variants", id, "versions", opts))
}

// VersionsPages iterates the pages of the versions of variant id from opts.Page
// (GET /v1/variants/{id}/versions); each page's Next resumes after it.
func (s *VariantsService) VersionsPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Version], error] {
	return variantsVersions.Pages(ctx, s.t(), childCall("variants", id, "versions", opts))
}

// VersionsAll iterates the versions of variant id, page after page from opts.Page
// (GET /v1/variants/{id}/versions).
func (s *VariantsService) VersionsAll(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Version, error] {
	return variantsVersions.All(ctx, s.t(), childCall("variants", id, "versions", opts))
}

var (
	variantsSearch    = searchOf[Variant]("Variants.Search")
	variantsAggregate = aggregateOf("Variants.Aggregate")
	variantsDistinct  = distinctOf("Variants.Distinct")
)

// Search runs a SELECT search of variants (POST /v1/variants/search) and returns
// one page.
func (s *VariantsService) Search(ctx context.Context, q *Search) (*Page[Variant], error) {
	return variantsSearch.List(ctx, s.t(), searchCall("variants", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of variants from q.Page
// (POST /v1/variants/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *VariantsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Variant], error] {
	return variantsSearch.Pages(ctx, s.t(), searchCall("variants", q, kindSelect))
}

// SearchAll iterates every one of the variants matching q, page after page
// from q.Page (POST /v1/variants/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *VariantsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Variant, error] {
	return variantsSearch.All(ctx, s.t(), searchCall("variants", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of variants
// (POST /v1/variants/search).
func (s *VariantsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, variantsAggregate, s.t(), "variants", q)
}

// Distinct lists the distinct values of q.GroupBy among the variants matching
// q (method DISTINCT, POST /v1/variants/search).
func (s *VariantsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, variantsDistinct, s.t(), "variants", q)
}

// VersionsService reads versions.
type VersionsService service

func (s *VersionsService) t() endpoint.Transport { return (*service)(s).transport() }

var versionsGet = getOf[Version]("Versions.Get")

// Get returns the version with id (GET /v1/versions/{id}).
func (s *VersionsService) Get(ctx context.Context, id string) (*Version, error) {
	return data(versionsGet.Do(ctx, s.t(), itemRequest("versions", id)))
}

var (
	versionsSearch    = searchOf[Version]("Versions.Search")
	versionsAggregate = aggregateOf("Versions.Aggregate")
	versionsDistinct  = distinctOf("Versions.Distinct")
)

// Search runs a SELECT search of versions (POST /v1/versions/search) and returns
// one page.
func (s *VersionsService) Search(ctx context.Context, q *Search) (*Page[Version], error) {
	return versionsSearch.List(ctx, s.t(), searchCall("versions", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of versions from q.Page
// (POST /v1/versions/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *VersionsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Version], error] {
	return versionsSearch.Pages(ctx, s.t(), searchCall("versions", q, kindSelect))
}

// SearchAll iterates every one of the versions matching q, page after page
// from q.Page (POST /v1/versions/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *VersionsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Version, error] {
	return versionsSearch.All(ctx, s.t(), searchCall("versions", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of versions
// (POST /v1/versions/search).
func (s *VersionsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, versionsAggregate, s.t(), "versions", q)
}

// Distinct lists the distinct values of q.GroupBy among the versions matching
// q (method DISTINCT, POST /v1/versions/search).
func (s *VersionsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, versionsDistinct, s.t(), "versions", q)
}

// BodyTypesService reads body types. The docs describe getting one body
// type by id; the path is not documented, so the client uses
// /v1/body_types/{id} and /v1/body_types, following the naming of the other
// catalogue resources (synsbasentest serves the same).
type BodyTypesService service

func (s *BodyTypesService) t() endpoint.Transport { return (*service)(s).transport() }

var bodyTypesGet = getOf[BodyType]("BodyTypes.Get")

// Get returns the body type with id (GET /v1/body_types/{id}).
func (s *BodyTypesService) Get(ctx context.Context, id string) (*BodyType, error) {
	return data(bodyTypesGet.Do(ctx, s.t(), itemRequest("body_types", id)))
}

var bodyTypesList = listOf[BodyType]("BodyTypes.List")

// List returns one page of all body types (GET /v1/body_types).
func (s *BodyTypesService) List(ctx context.Context, opts *ListOptions) (*Page[BodyType], error) {
	return bodyTypesList.List(ctx, s.t(), listCall("v1/body_types", opts))
}

// Pages iterates the pages of all body types from opts.Page (GET /v1/body_types); each
// page's Next resumes after it.
func (s *BodyTypesService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[BodyType], error] {
	return bodyTypesList.Pages(ctx, s.t(), listCall("v1/body_types", opts))
}

// All iterates all body types, page after page from opts.Page (GET /v1/body_types).
func (s *BodyTypesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*BodyType, error] {
	return bodyTypesList.All(ctx, s.t(), listCall("v1/body_types", opts))
}

// LeasingPeriodsService searches the leasing periods of vehicles.
type LeasingPeriodsService service

func (s *LeasingPeriodsService) t() endpoint.Transport { return (*service)(s).transport() }

var (
	leasingPeriodsSearch    = searchOf[LeasingPeriod]("LeasingPeriods.Search")
	leasingPeriodsAggregate = aggregateOf("LeasingPeriods.Aggregate")
	leasingPeriodsDistinct  = distinctOf("LeasingPeriods.Distinct")
)

// Search runs a SELECT search of leasing periods (POST /v1/leasing_periods/search) and returns
// one page. Filter by vehicle with
// Eq("vehicle_id", id).
func (s *LeasingPeriodsService) Search(ctx context.Context, q *Search) (*Page[LeasingPeriod], error) {
	return leasingPeriodsSearch.List(ctx, s.t(), searchCall("leasing_periods", q, kindSelect))
}

// SearchPages iterates the pages of a SELECT search of leasing periods from q.Page
// (POST /v1/leasing_periods/search); each page's Next resumes after it. Nothing is
// sent until the sequence is ranged; q is copied.
func (s *LeasingPeriodsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[LeasingPeriod], error] {
	return leasingPeriodsSearch.Pages(ctx, s.t(), searchCall("leasing_periods", q, kindSelect))
}

// SearchAll iterates every one of the leasing periods matching q, page after page
// from q.Page (POST /v1/leasing_periods/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *LeasingPeriodsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*LeasingPeriod, error] {
	return leasingPeriodsSearch.All(ctx, s.t(), searchCall("leasing_periods", q, kindSelect))
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of leasing periods
// (POST /v1/leasing_periods/search).
func (s *LeasingPeriodsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return runAggregate(ctx, leasingPeriodsAggregate, s.t(), "leasing_periods", q)
}

// Distinct lists the distinct values of q.GroupBy among the leasing periods matching
// q (method DISTINCT, POST /v1/leasing_periods/search).
func (s *LeasingPeriodsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return runDistinct(ctx, leasingPeriodsDistinct, s.t(), "leasing_periods", q)
}
