package synsbasen

import (
	"context"
	"iter"
	"strings"
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

// getItem fetches /v1/<resource>/<id>.
func getItem[T any](ctx context.Context, c *Client, resource, id string) (*T, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil, invalid("%s id is empty", strings.TrimSuffix(resource, "s"))
	}
	p, err := path(resource, id)
	if err != nil {
		return nil, err
	}
	v, _, err := getData[*T](ctx, c, p, nil)
	return v, err
}

// children returns the path /v1/<parent>/<id>/<child>.
func children(parent, id, child string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", invalid("%s id is empty", strings.TrimSuffix(parent, "s"))
	}
	return path(parent, id, child)
}

// BrandsService reads brands and their models.
type BrandsService struct{ c *Client }

// List returns one page of all brands (GET /v1/brands).
func (s *BrandsService) List(ctx context.Context, opts *ListOptions) (*Page[Brand], error) {
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Brand](ctx, s.c, "v1/brands", o)
}

// All iterates all brands, page after page from opts.Page (GET /v1/brands).
func (s *BrandsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Brand, error] {
	return listAll[Brand](ctx, s.c, "v1/brands", opts)
}

// Pages iterates the pages of all brands from opts.Page (GET /v1/brands).
func (s *BrandsService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[Brand], error] {
	return listPages[Brand](ctx, s.c, "v1/brands", opts)
}

// Get returns the brand with id (GET /v1/brands/{id}).
func (s *BrandsService) Get(ctx context.Context, id string) (*Brand, error) {
	return getItem[Brand](ctx, s.c, "brands", id)
}

// ListModels returns one page of the models of brand id
// (GET /v1/brands/{id}/models).
func (s *BrandsService) ListModels(ctx context.Context, id string, opts *ListOptions) (*Page[Model], error) {
	p, err := children("brands", id, "models")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Model](ctx, s.c, p, o)
}

// AllModels iterates every one of the models of brand id
// (GET /v1/brands/{id}/models).
func (s *BrandsService) AllModels(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Model, error] {
	return itemsOf(s.ModelPages(ctx, id, opts))
}

// ModelPages iterates the pages of the models of brand id
// (GET /v1/brands/{id}/models).
func (s *BrandsService) ModelPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Model], error] {
	p, err := children("brands", id, "models")
	if err != nil {
		return errSeq[*Page[Model]](err)
	}
	return listPages[Model](ctx, s.c, p, opts)
}

// Search runs a SELECT search of brands (POST /v1/brands/search) and returns
// one page.
func (s *BrandsService) Search(ctx context.Context, q *Search) (*Page[Brand], error) {
	return searchPage[Brand](ctx, s.c, "brands", q)
}

// SearchAll iterates every one of the brands matching q, page after page
// from q.Page (POST /v1/brands/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *BrandsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Brand, error] {
	return searchAll[Brand](ctx, s.c, "brands", q)
}

// SearchPages iterates the pages of a SELECT search of brands from q.Page
// (POST /v1/brands/search); each page's Next resumes after it.
func (s *BrandsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Brand], error] {
	return searchPages[Brand](ctx, s.c, "brands", q)
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of brands
// (POST /v1/brands/search).
func (s *BrandsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "brands", q)
}

// Distinct lists the distinct values of q.GroupBy among the brands matching
// q (method DISTINCT, POST /v1/brands/search).
func (s *BrandsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return distinct(ctx, s.c, "brands", q)
}

// ModelsService reads models and their variants.
type ModelsService struct{ c *Client }

// Get returns the model with id (GET /v1/models/{id}).
func (s *ModelsService) Get(ctx context.Context, id string) (*Model, error) {
	return getItem[Model](ctx, s.c, "models", id)
}

// ListVariants returns one page of the variants of model id
// (GET /v1/models/{id}/variants).
func (s *ModelsService) ListVariants(ctx context.Context, id string, opts *ListOptions) (*Page[Variant], error) {
	p, err := children("models", id, "variants")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Variant](ctx, s.c, p, o)
}

// AllVariants iterates every one of the variants of model id
// (GET /v1/models/{id}/variants).
func (s *ModelsService) AllVariants(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Variant, error] {
	return itemsOf(s.VariantPages(ctx, id, opts))
}

// VariantPages iterates the pages of the variants of model id
// (GET /v1/models/{id}/variants).
func (s *ModelsService) VariantPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Variant], error] {
	p, err := children("models", id, "variants")
	if err != nil {
		return errSeq[*Page[Variant]](err)
	}
	return listPages[Variant](ctx, s.c, p, opts)
}

// Search runs a SELECT search of models (POST /v1/models/search) and returns
// one page.
func (s *ModelsService) Search(ctx context.Context, q *Search) (*Page[Model], error) {
	return searchPage[Model](ctx, s.c, "models", q)
}

// SearchAll iterates every one of the models matching q, page after page
// from q.Page (POST /v1/models/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *ModelsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Model, error] {
	return searchAll[Model](ctx, s.c, "models", q)
}

// SearchPages iterates the pages of a SELECT search of models from q.Page
// (POST /v1/models/search); each page's Next resumes after it.
func (s *ModelsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Model], error] {
	return searchPages[Model](ctx, s.c, "models", q)
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of models
// (POST /v1/models/search).
func (s *ModelsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "models", q)
}

// Distinct lists the distinct values of q.GroupBy among the models matching
// q (method DISTINCT, POST /v1/models/search).
func (s *ModelsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return distinct(ctx, s.c, "models", q)
}

// VariantsService reads variants and their versions.
type VariantsService struct{ c *Client }

// Get returns the variant with id (GET /v1/variants/{id}).
func (s *VariantsService) Get(ctx context.Context, id string) (*Variant, error) {
	return getItem[Variant](ctx, s.c, "variants", id)
}

// ListVersions returns one page of the versions of variant id
// (GET /v1/variants/{id}/versions).
func (s *VariantsService) ListVersions(ctx context.Context, id string, opts *ListOptions) (*Page[Version], error) {
	p, err := children("variants", id, "versions")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Version](ctx, s.c, p, o)
}

// AllVersions iterates every one of the versions of variant id
// (GET /v1/variants/{id}/versions).
func (s *VariantsService) AllVersions(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Version, error] {
	return itemsOf(s.VersionPages(ctx, id, opts))
}

// VersionPages iterates the pages of the versions of variant id
// (GET /v1/variants/{id}/versions).
func (s *VariantsService) VersionPages(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*Page[Version], error] {
	p, err := children("variants", id, "versions")
	if err != nil {
		return errSeq[*Page[Version]](err)
	}
	return listPages[Version](ctx, s.c, p, opts)
}

// Search runs a SELECT search of variants (POST /v1/variants/search) and returns
// one page.
func (s *VariantsService) Search(ctx context.Context, q *Search) (*Page[Variant], error) {
	return searchPage[Variant](ctx, s.c, "variants", q)
}

// SearchAll iterates every one of the variants matching q, page after page
// from q.Page (POST /v1/variants/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *VariantsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Variant, error] {
	return searchAll[Variant](ctx, s.c, "variants", q)
}

// SearchPages iterates the pages of a SELECT search of variants from q.Page
// (POST /v1/variants/search); each page's Next resumes after it.
func (s *VariantsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Variant], error] {
	return searchPages[Variant](ctx, s.c, "variants", q)
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of variants
// (POST /v1/variants/search).
func (s *VariantsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "variants", q)
}

// Distinct lists the distinct values of q.GroupBy among the variants matching
// q (method DISTINCT, POST /v1/variants/search).
func (s *VariantsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return distinct(ctx, s.c, "variants", q)
}

// VersionsService reads versions.
type VersionsService struct{ c *Client }

// Get returns the version with id (GET /v1/versions/{id}).
func (s *VersionsService) Get(ctx context.Context, id string) (*Version, error) {
	return getItem[Version](ctx, s.c, "versions", id)
}

// Search runs a SELECT search of versions (POST /v1/versions/search) and returns
// one page.
func (s *VersionsService) Search(ctx context.Context, q *Search) (*Page[Version], error) {
	return searchPage[Version](ctx, s.c, "versions", q)
}

// SearchAll iterates every one of the versions matching q, page after page
// from q.Page (POST /v1/versions/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *VersionsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*Version, error] {
	return searchAll[Version](ctx, s.c, "versions", q)
}

// SearchPages iterates the pages of a SELECT search of versions from q.Page
// (POST /v1/versions/search); each page's Next resumes after it.
func (s *VersionsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[Version], error] {
	return searchPages[Version](ctx, s.c, "versions", q)
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of versions
// (POST /v1/versions/search).
func (s *VersionsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "versions", q)
}

// Distinct lists the distinct values of q.GroupBy among the versions matching
// q (method DISTINCT, POST /v1/versions/search).
func (s *VersionsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return distinct(ctx, s.c, "versions", q)
}

// BodyTypesService reads body types. The docs describe getting one body
// type by id; the path is not documented, so the client uses
// /v1/body_types/{id} and /v1/body_types, following the naming of the other
// catalogue resources (synsbasentest serves the same).
type BodyTypesService struct{ c *Client }

// Get returns the body type with id (GET /v1/body_types/{id}).
func (s *BodyTypesService) Get(ctx context.Context, id string) (*BodyType, error) {
	return getItem[BodyType](ctx, s.c, "body_types", id)
}

// List returns one page of all body types (GET /v1/body_types).
func (s *BodyTypesService) List(ctx context.Context, opts *ListOptions) (*Page[BodyType], error) {
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[BodyType](ctx, s.c, "v1/body_types", o)
}

// All iterates all body types, page after page from opts.Page (GET /v1/body_types).
func (s *BodyTypesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*BodyType, error] {
	return listAll[BodyType](ctx, s.c, "v1/body_types", opts)
}

// Pages iterates the pages of all body types from opts.Page (GET /v1/body_types).
func (s *BodyTypesService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[BodyType], error] {
	return listPages[BodyType](ctx, s.c, "v1/body_types", opts)
}

// LeasingPeriodsService searches the leasing periods of vehicles.
type LeasingPeriodsService struct{ c *Client }

// Search runs a SELECT search of leasing periods (POST /v1/leasing_periods/search) and returns
// one page. Filter by vehicle with
// Eq("vehicle_id", id).
func (s *LeasingPeriodsService) Search(ctx context.Context, q *Search) (*Page[LeasingPeriod], error) {
	return searchPage[LeasingPeriod](ctx, s.c, "leasing_periods", q)
}

// SearchAll iterates every one of the leasing periods matching q, page after page
// from q.Page (POST /v1/leasing_periods/search). Nothing is sent until the sequence
// is ranged; q is copied.
func (s *LeasingPeriodsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[*LeasingPeriod, error] {
	return searchAll[LeasingPeriod](ctx, s.c, "leasing_periods", q)
}

// SearchPages iterates the pages of a SELECT search of leasing periods from q.Page
// (POST /v1/leasing_periods/search); each page's Next resumes after it.
func (s *LeasingPeriodsService) SearchPages(ctx context.Context, q *Search) iter.Seq2[*Page[LeasingPeriod], error] {
	return searchPages[LeasingPeriod](ctx, s.c, "leasing_periods", q)
}

// Aggregate runs a COUNT, PERCENTAGE or AVG() search of leasing periods
// (POST /v1/leasing_periods/search).
func (s *LeasingPeriodsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "leasing_periods", q)
}

// Distinct lists the distinct values of q.GroupBy among the leasing periods matching
// q (method DISTINCT, POST /v1/leasing_periods/search).
func (s *LeasingPeriodsService) Distinct(ctx context.Context, q *Search) (*Distinct, error) {
	return distinct(ctx, s.c, "leasing_periods", q)
}
