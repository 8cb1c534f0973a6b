package synsbasen_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// Pages and SearchPages yield whole pages whose Next resumes after them.
func TestPages(t *testing.T) {
	ctx := context.Background()
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)

	var numbers, nexts, sizes []int
	for p, err := range c.Brands.Pages(ctx, &synsbasen.ListOptions{PerPage: 4}) {
		require.NoError(t, err)
		numbers, nexts, sizes = append(numbers, p.Page), append(nexts, p.Next), append(sizes, len(p.Items))
	}
	assert.Equal(t, []int{1, 2, 3, 4}, numbers)
	assert.Equal(t, []int{2, 3, 4, 0}, nexts)
	assert.Equal(t, []int{4, 4, 4, 3}, sizes)

	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Start("registration", "AS876")}, PerPage: 5, Sorts: []string{"registration ASC"}}
	first, err := c.Vehicles.Search(ctx, q)
	require.NoError(t, err)
	require.NotZero(t, first.Next)
	// Resume from a checkpoint: the page after the first.
	resume := *q
	resume.Page = first.Next
	var regs []string
	pages := 0
	for p, err := range c.Vehicles.SearchPages(ctx, &resume) {
		require.NoError(t, err)
		pages++
		for _, v := range p.Items {
			regs = append(regs, *v.Registration)
		}
	}
	assert.Equal(t, first.TotalPages-1, pages)
	assert.Len(t, regs, first.TotalCount-len(first.Items))

	for _, tt := range []struct {
		name string
		seq  func() int
		want int
	}{
		{"models of a brand", func() int { return countPages(t, c.Brands.ModelsPages(ctx, "1", &synsbasen.ListOptions{PerPage: 1})) }, 4},
		{"variants of a model", func() int { return countPages(t, c.Models.VariantsPages(ctx, "1", nil)) }, 1},
		{"versions of a variant", func() int {
			return countPages(t, c.Variants.VersionsPages(ctx, "1", &synsbasen.ListOptions{PerPage: 2}))
		}, 2},
		{"body types", func() int { return countPages(t, c.BodyTypes.Pages(ctx, nil)) }, 1},
		{"inspection test centers", func() int {
			return countPages(t, c.InspectionTestCenters.Pages(ctx, &synsbasen.ListOptions{PerPage: 1}))
		}, 0},
		{"watched vehicles, none", func() int { return countPages(t, c.WatchedVehicles.Pages(ctx, nil)) }, 1},
		{"inspections of a vehicle", func() int {
			return countPages(t, c.Inspections.SearchPages(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("vehicle_id", synsbasentest.VehicleID)}, PerPage: 1}))
		}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.seq()
			if tt.want == 0 {
				assert.Positive(t, n)
				return
			}
			assert.Equal(t, tt.want, n)
		})
	}

	// A bad child id or search fails once, before any request.
	before := len(srv.Requests())
	for _, err := range c.Brands.ModelsPages(ctx, " ", nil) {
		assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	}
	for _, err := range c.Vehicles.SearchPages(ctx, &synsbasen.Search{PerPage: -1}) {
		assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	}
	assert.Equal(t, before, len(srv.Requests()))
}

func countPages[T any](t *testing.T, seq func(func(*synsbasen.Page[T], error) bool)) int {
	t.Helper()
	n := 0
	for p, err := range seq {
		require.NoError(t, err)
		require.NotNil(t, p)
		n++
	}
	return n
}

// Page envelopes in the shapes the API has used.
func TestPageEnvelope(t *testing.T) {
	tests := []struct {
		name                string
		body                string
		page, next, total   int
		more, invalidAnswer bool
	}{
		{"documented", `{"data":[{"id":"1","name":"AUDI"}],"has_more":true,"page":1,"total_pages":2,"total_count":2,"per_page":1}`, 1, 2, 2, true, false},
		{"current_page before page was named page", `{"data":[{"id":"1","name":"AUDI"}],"current_page":2,"total_pages":2,"total_count":2}`, 2, 0, 2, false, false},
		{"has_more missing: from total_pages", `{"data":[{"id":"1","name":"AUDI"}],"page":1,"total_pages":3}`, 1, 2, 0, true, false},
		{"a null item", `{"data":[null],"page":1}`, 0, 0, 0, false, true},
		{"no data", `{"page":1}`, 0, 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.body))
			}))
			defer hs.Close()
			c, err := synsbasen.NewClient(testKey, synsbasen.WithBaseURL(hs.URL), synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: synsbasen.NoRetries}))
			require.NoError(t, err)
			p, err := c.Brands.List(context.Background(), nil)
			if tt.invalidAnswer {
				assert.ErrorIs(t, err, synsbasen.ErrInvalidResponse)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.page, p.Page)
			assert.Equal(t, tt.next, p.Next)
			assert.Equal(t, tt.more, p.HasMore)
			assert.Equal(t, tt.total, p.TotalCount)
		})
	}
}
