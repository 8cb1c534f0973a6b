package synsbasen_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// The documentation's catalogue examples are in the fake with their ids.
func TestCatalogueDocExamples(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()

	b, err := c.Brands.Get(ctx, "1")
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.Brand{ID: "1", Name: "AUDI"}, b)
	m, err := c.Models.Get(ctx, "1")
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.Model{ID: "1", Name: "A1"}, m)
	v, err := c.Variants.Get(ctx, "1")
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.Variant{ID: "1", Name: "2,0 I 16 V"}, v)
	ver, err := c.Versions.Get(ctx, "104")
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.Version{ID: "104", Name: "Hatchback"}, ver)
	bt, err := c.BodyTypes.Get(ctx, "1")
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.BodyType{ID: "1", Name: "Sedan"}, bt)

	_, err = c.Brands.Get(ctx, "999")
	assert.ErrorIs(t, err, synsbasen.ErrNotFound)
	_, err = c.Brands.Models(ctx, "999", nil)
	assert.ErrorIs(t, err, synsbasen.ErrNotFound)
	assert.Zero(t, srv.Spent(), "the catalogue is free")
}

// brand → models → variants → versions, page by page and with iterators.
func TestCatalogueChildrenAndPagination(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()

	p, err := c.Brands.List(ctx, &synsbasen.ListOptions{PerPage: 4})
	require.NoError(t, err)
	assert.Len(t, p.Items, 4)
	assert.True(t, p.HasMore)
	assert.Equal(t, 15, p.TotalCount)
	assert.Equal(t, 4, p.TotalPages)

	var brands []synsbasen.Brand
	for b, err := range c.Brands.All(ctx, &synsbasen.ListOptions{PerPage: 4}) {
		require.NoError(t, err)
		brands = append(brands, *b)
	}
	assert.Len(t, brands, 15)
	assert.Equal(t, synsbasen.Brand{ID: "1", Name: "AUDI"}, brands[0])

	models, err := c.Brands.Models(ctx, "1", &synsbasen.ListOptions{Page: 2, PerPage: 3})
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.Model{{ID: "4", Name: "Q2"}}, vals(models.Items))
	assert.False(t, models.HasMore)
	assert.Equal(t, 2, models.Page)

	var names []string
	for m, err := range c.Brands.ModelsAll(ctx, "10067", &synsbasen.ListOptions{PerPage: 1}) {
		require.NoError(t, err)
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{"GOLF", "POLO", "ID.4"}, names)

	variants, err := c.Models.Variants(ctx, "1", nil)
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.Variant{{ID: "1", Name: "2,0 I 16 V"}, {ID: "2", Name: "1,0 TFSI 95 HK"}, {ID: "3", Name: "1,5 TFSI 150 HK"}}, vals(variants.Items))
	n := 0
	for _, err := range c.Models.VariantsAll(ctx, "10045053", nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)

	versions, err := c.Variants.Versions(ctx, "1", nil)
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.Version{{ID: "104", Name: "Hatchback"}, {ID: "105", Name: "Sportback"}, {ID: "106", Name: "Citycarver"}}, vals(versions.Items))
	var vers []synsbasen.Version
	for v, err := range c.Variants.VersionsAll(ctx, "1004505304", nil) {
		require.NoError(t, err)
		vers = append(vers, *v)
	}
	assert.Equal(t, []synsbasen.Version{{ID: "10045053040000000", Name: "UOPLYST"}}, vers)

	bts, err := c.BodyTypes.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 8, bts.TotalCount)
	nb := 0
	for _, err := range c.BodyTypes.All(ctx, &synsbasen.ListOptions{PerPage: 3}) {
		require.NoError(t, err)
		nb++
	}
	assert.Equal(t, 8, nb)

	// The pages the fake refuses come back as errors, not panics.
	_, err = c.Brands.List(ctx, &synsbasen.ListOptions{PerPage: 5000})
	assert.ErrorIs(t, err, synsbasen.ErrBadRequest)
}

func TestTestCenters(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()

	tcs, err := c.TestCenters.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, tcs)
	abc := tcs[0]
	assert.Equal(t, "ABC Bilsyn ApS - København", abc.Name)
	assert.Equal(t, 2300, abc.Zip)
	assert.Equal(t, 55.66401, *abc.Lat)
	assert.Equal(t, int64(32958082), *abc.Phone)
	assert.Equal(t, "Elite", *abc.Smiley)
	divisions := map[string][]string{}
	for _, tc := range tcs {
		divisions[tc.Name] = append(divisions[tc.Name], tc.Division)
	}
	assert.Equal(t, []string{synsbasen.DivisionLight, synsbasen.DivisionHeavy}, divisions["Dekra Bilsyn"], "a center with both divisions appears twice")

	page, err := c.InspectionTestCenters.List(ctx, &synsbasen.ListOptions{PerPage: 2})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, int64(1337), page.Items[0].ID)
	assert.Equal(t, "2017-03-14", *page.Items[0].FirstInspectionDate)
	n := 0
	for _, err := range c.InspectionTestCenters.All(ctx, &synsbasen.ListOptions{PerPage: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, page.TotalCount, n)
}

func TestInspectionGet(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	in, err := c.Inspections.Get(context.Background(), synsbasentest.InspectionID)
	require.NoError(t, err)
	assert.Equal(t, synsbasentest.WatchVehicleID, in.VehicleID)
	assert.Equal(t, "AS67902", *in.Registration)
	assert.Equal(t, "Første syn", in.Variant)
	assert.Equal(t, "Godkendt", in.Result)
	assert.Nil(t, in.ReinspectionDeadline)
	assert.Equal(t, []synsbasen.ErrorCode{{Code: "6", Category: "El-anlæg, lygter, reflekser mv.", Description: "nummerpladelygte, virker ikke, højre"}}, in.ErrorCodes)
	assert.Equal(t, int64(1), srv.Spent())
	_, err = c.Inspections.Get(context.Background(), 1)
	assert.ErrorIs(t, err, synsbasen.ErrNotFound)
}

func TestWatchedVehicles(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()

	w, err := c.WatchedVehicles.Add(ctx, synsbasentest.WatchVehicleID)
	require.NoError(t, err)
	assert.Equal(t, &synsbasen.WatchedVehicle{VehicleID: synsbasentest.WatchVehicleID}, w)
	assert.JSONEq(t, string(fixture(t, "doc-watched_vehicles-create-request.json")), string(srv.Requests()[0].Body))

	_, err = c.WatchedVehicles.Add(ctx, synsbasentest.WatchVehicleID)
	assert.ErrorIs(t, err, synsbasen.ErrAlreadyWatched)
	assert.ErrorIs(t, err, synsbasen.ErrConflict)
	var ae *synsbasen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 409, ae.StatusCode)

	_, err = c.WatchedVehicles.Add(ctx, 12345)
	assert.ErrorIs(t, err, synsbasen.ErrNotFound)
	assert.NotErrorIs(t, err, synsbasen.ErrAlreadyWatched)

	_, err = c.WatchedVehicles.Add(ctx, synsbasentest.VehicleID)
	require.NoError(t, err)
	page, err := c.WatchedVehicles.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []synsbasen.WatchedVehicle{{VehicleID: synsbasentest.WatchVehicleID}, {VehicleID: synsbasentest.VehicleID}}, vals(page.Items))
	assert.False(t, page.HasMore)
	assert.Equal(t, 2, page.TotalCount)

	require.NoError(t, c.WatchedVehicles.Remove(ctx, synsbasentest.VehicleID))
	assert.ErrorIs(t, c.WatchedVehicles.Remove(ctx, synsbasentest.VehicleID), synsbasen.ErrNotFound)
	var all []int64
	for w, err := range c.WatchedVehicles.All(ctx, &synsbasen.ListOptions{PerPage: 1}) {
		require.NoError(t, err)
		all = append(all, w.VehicleID)
	}
	assert.Equal(t, []int64{synsbasentest.WatchVehicleID}, all)
	assert.Equal(t, []int64{synsbasentest.WatchVehicleID}, srv.Watched())
	assert.Zero(t, srv.Spent())
}

// vals dereferences the items of a page, for comparing with literals.
func vals[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}
