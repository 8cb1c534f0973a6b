package synsbasen

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
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

// ListOptions selects a page of a list. Zero values let the API choose
// (page 1 and its default page size).
type ListOptions struct {
	Page    int `url:"page,omitempty"`
	PerPage int `url:"per_page,omitempty"`
}

func (o *ListOptions) query() (ListOptions, error) {
	var cp ListOptions
	if o != nil {
		cp = *o
	}
	if cp.Page < 0 || cp.PerPage < 0 {
		return cp, invalid("page and per_page must not be negative")
	}
	return cp, nil
}

// listPage fetches one page of a GET list.
func listPage[T any](ctx context.Context, c *Client, p string, o ListOptions) (*Page[T], error) {
	q, err := transport.Values(o)
	if err != nil {
		return nil, invalid("%v", err)
	}
	var env envelope[[]T]
	if err := c.do(ctx, &call{method: http.MethodGet, path: p, query: q, out: &env,
		missing: func() bool { return env.Data == nil }}, func() float64 { return env.Cost }); err != nil {
		return nil, err
	}
	return pageOf(&env), nil
}

// listAll iterates a GET list page by page.
func listAll[T any](ctx context.Context, c *Client, p string, opts *ListOptions) iter.Seq2[T, error] {
	o, oerr := opts.query()
	start := max(o.Page, 1)
	fetch := func(ctx context.Context, page int) (paginate.Page[T, int], error) {
		if oerr != nil {
			return paginate.Page[T, int]{}, oerr
		}
		q := o
		q.Page = page
		pg, err := listPage[T](ctx, c, p, q)
		if err != nil {
			return paginate.Page[T, int]{}, err
		}
		return paginate.Page[T, int]{Items: pg.Data, Next: page + 1, Last: !pg.HasMore}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
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

// All iterates every brand.
func (s *BrandsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Brand, error] {
	return listAll[Brand](ctx, s.c, "v1/brands", opts)
}

// Get returns the brand with id (GET /v1/brands/{id}).
func (s *BrandsService) Get(ctx context.Context, id string) (*Brand, error) {
	return getItem[Brand](ctx, s.c, "brands", id)
}

// Models returns one page of the models of brand brandID
// (GET /v1/brands/{id}/models).
func (s *BrandsService) Models(ctx context.Context, brandID string, opts *ListOptions) (*Page[Model], error) {
	p, err := children("brands", brandID, "models")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Model](ctx, s.c, p, o)
}

// AllModels iterates every model of brand brandID.
func (s *BrandsService) AllModels(ctx context.Context, brandID string, opts *ListOptions) iter.Seq2[Model, error] {
	p, err := children("brands", brandID, "models")
	if err != nil {
		return errSeq[Model](err)
	}
	return listAll[Model](ctx, s.c, p, opts)
}

// Search runs a SELECT search of brands (POST /v1/brands/search).
func (s *BrandsService) Search(ctx context.Context, q *Search) (*Page[Brand], error) {
	return searchPage[Brand](ctx, s.c, "brands", q)
}

// SearchAll iterates every brand matching q.
func (s *BrandsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[Brand, error] {
	return searchAll[Brand](ctx, s.c, "brands", q)
}

// Aggregate runs a COUNT or PERCENTAGE search of brands.
func (s *BrandsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "brands", q)
}

// ModelsService reads models and their variants.
type ModelsService struct{ c *Client }

// Get returns the model with id (GET /v1/models/{id}).
func (s *ModelsService) Get(ctx context.Context, id string) (*Model, error) {
	return getItem[Model](ctx, s.c, "models", id)
}

// Variants returns one page of the variants of model modelID
// (GET /v1/models/{id}/variants).
func (s *ModelsService) Variants(ctx context.Context, modelID string, opts *ListOptions) (*Page[Variant], error) {
	p, err := children("models", modelID, "variants")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Variant](ctx, s.c, p, o)
}

// AllVariants iterates every variant of model modelID.
func (s *ModelsService) AllVariants(ctx context.Context, modelID string, opts *ListOptions) iter.Seq2[Variant, error] {
	p, err := children("models", modelID, "variants")
	if err != nil {
		return errSeq[Variant](err)
	}
	return listAll[Variant](ctx, s.c, p, opts)
}

// Search runs a SELECT search of models (POST /v1/models/search).
func (s *ModelsService) Search(ctx context.Context, q *Search) (*Page[Model], error) {
	return searchPage[Model](ctx, s.c, "models", q)
}

// SearchAll iterates every model matching q.
func (s *ModelsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[Model, error] {
	return searchAll[Model](ctx, s.c, "models", q)
}

// Aggregate runs a COUNT or PERCENTAGE search of models.
func (s *ModelsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "models", q)
}

// VariantsService reads variants and their versions.
type VariantsService struct{ c *Client }

// Get returns the variant with id (GET /v1/variants/{id}).
func (s *VariantsService) Get(ctx context.Context, id string) (*Variant, error) {
	return getItem[Variant](ctx, s.c, "variants", id)
}

// Versions returns one page of the versions of variant variantID
// (GET /v1/variants/{id}/versions).
func (s *VariantsService) Versions(ctx context.Context, variantID string, opts *ListOptions) (*Page[Version], error) {
	p, err := children("variants", variantID, "versions")
	if err != nil {
		return nil, err
	}
	o, err := opts.query()
	if err != nil {
		return nil, err
	}
	return listPage[Version](ctx, s.c, p, o)
}

// AllVersions iterates every version of variant variantID.
func (s *VariantsService) AllVersions(ctx context.Context, variantID string, opts *ListOptions) iter.Seq2[Version, error] {
	p, err := children("variants", variantID, "versions")
	if err != nil {
		return errSeq[Version](err)
	}
	return listAll[Version](ctx, s.c, p, opts)
}

// Search runs a SELECT search of variants (POST /v1/variants/search).
func (s *VariantsService) Search(ctx context.Context, q *Search) (*Page[Variant], error) {
	return searchPage[Variant](ctx, s.c, "variants", q)
}

// SearchAll iterates every variant matching q.
func (s *VariantsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[Variant, error] {
	return searchAll[Variant](ctx, s.c, "variants", q)
}

// Aggregate runs a COUNT or PERCENTAGE search of variants.
func (s *VariantsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "variants", q)
}

// VersionsService reads versions.
type VersionsService struct{ c *Client }

// Get returns the version with id (GET /v1/versions/{id}).
func (s *VersionsService) Get(ctx context.Context, id string) (*Version, error) {
	return getItem[Version](ctx, s.c, "versions", id)
}

// Search runs a SELECT search of versions (POST /v1/versions/search).
func (s *VersionsService) Search(ctx context.Context, q *Search) (*Page[Version], error) {
	return searchPage[Version](ctx, s.c, "versions", q)
}

// SearchAll iterates every version matching q.
func (s *VersionsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[Version, error] {
	return searchAll[Version](ctx, s.c, "versions", q)
}

// Aggregate runs a COUNT or PERCENTAGE search of versions.
func (s *VersionsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "versions", q)
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

// All iterates every body type.
func (s *BodyTypesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[BodyType, error] {
	return listAll[BodyType](ctx, s.c, "v1/body_types", opts)
}

// LeasingPeriodsService searches the leasing periods of vehicles.
type LeasingPeriodsService struct{ c *Client }

// Search runs a SELECT search of leasing periods
// (POST /v1/leasing_periods/search), such as Eq("vehicle_id", id).
func (s *LeasingPeriodsService) Search(ctx context.Context, q *Search) (*Page[LeasingPeriod], error) {
	return searchPage[LeasingPeriod](ctx, s.c, "leasing_periods", q)
}

// SearchAll iterates every leasing period matching q.
func (s *LeasingPeriodsService) SearchAll(ctx context.Context, q *Search) iter.Seq2[LeasingPeriod, error] {
	return searchAll[LeasingPeriod](ctx, s.c, "leasing_periods", q)
}

// Aggregate runs a COUNT or PERCENTAGE search of leasing periods.
func (s *LeasingPeriodsService) Aggregate(ctx context.Context, q *Search) (*Aggregate, error) {
	return aggregate(ctx, s.c, "leasing_periods", q)
}

// errSeq yields err once when ranged.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
