package synsbasen_test

import (
	"context"
	"iter"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// operations records the Attempt.Operation of every request sent.
type operations struct {
	mu   sync.Mutex
	ops  []string
	next http.RoundTripper
}

func (o *operations) RoundTrip(r *http.Request) (*http.Response, error) {
	a, _ := vegdata.AttemptFromContext(r.Context())
	o.mu.Lock()
	o.ops = append(o.ops, a.Operation)
	o.mu.Unlock()
	return o.next.RoundTrip(r)
}

func (o *operations) take() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	ops := o.ops
	o.ops = nil
	return ops
}

// TestOperationNames: every attempt carries the name of the method the
// caller called, iterators included, without the package.
func TestOperationNames(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	rec := &operations{next: srv.Client().Transport}
	c, err := synsbasen.NewClient("key", synsbasen.WithBaseURL(srv.URL), synsbasen.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	ctx := context.Background()
	drain := func(seq iter.Seq2[*synsbasen.Brand, error]) {
		for _, err := range seq {
			require.NoError(t, err)
		}
	}

	drain(c.Brands.All(ctx, &synsbasen.ListOptions{PerPage: 2}))
	ops := rec.take()
	require.NotEmpty(t, ops)
	for _, op := range ops {
		assert.Equal(t, "Brands.All", op)
	}

	for _, err := range c.Brands.Pages(ctx, nil) {
		require.NoError(t, err)
	}
	for _, op := range rec.take() {
		assert.Equal(t, "Brands.Pages", op)
	}

	drain(c.Brands.SearchAll(ctx, &synsbasen.Search{Query: synsbasen.Query{synsbasen.Eq("name", "CITROËN")}}))
	assert.Equal(t, []string{"Brands.SearchAll"}, rec.take())

	_, err = c.Vehicles.GetByRegistration(ctx, "AS87640")
	require.NoError(t, err)
	assert.Equal(t, []string{"Vehicles.GetByRegistration"}, rec.take())

	for _, err := range c.Brands.ModelsAll(ctx, "1", nil) {
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"Brands.ModelsAll"}, rec.take())
}

// TestZeroValueClient: a client that was not made by NewClient returns
// an error from every kind of method instead of panicking.
func TestZeroValueClient(t *testing.T) {
	ctx := context.Background()
	var c synsbasen.Client
	_, err := c.Tokens(ctx)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	_, err = c.Vehicles.Get(ctx, 1)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	for _, err := range c.Brands.All(ctx, nil) {
		assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	}
	_, err = (&synsbasen.Client{}).Vehicles.Search(ctx, nil)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	assert.NotPanics(t, func() { _, _ = c.TestCenters.List(ctx) })
}
