package uberiket_test

import (
	"context"
	"iter"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
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

func drain[T any](t *testing.T, seq iter.Seq2[T, error]) int {
	t.Helper()
	n := 0
	for _, err := range seq {
		require.NoError(t, err)
		n++
	}
	return n
}

// only asserts that every operation recorded is name, and that there was
// one.
func only(t *testing.T, ops []string, name string) {
	t.Helper()
	require.NotEmpty(t, ops)
	for _, op := range ops {
		assert.Equal(t, name, op)
	}
}

// TestOperationNames: every attempt carries the name of the method the
// caller called, iterators, streams and Sync included, without the
// package.
func TestOperationNames(t *testing.T) {
	srv := newServer(t)
	rec := &operations{next: srv.Client().Transport}
	c := newClient(t, srv, uberiket.WithHTTPClient(&http.Client{Transport: rec}))
	ctx := context.Background()

	drain(t, c.Vegobjekter.All(ctx, 67, &uberiket.VegobjektQuery{Antall: 1}))
	ops := rec.take()
	assert.Len(t, ops, 3, "three versions, one a page")
	only(t, ops, "Vegobjekter.All")

	drain(t, c.Vegobjekter.Pages(ctx, 67, &uberiket.VegobjektQuery{Antall: 2}))
	only(t, rec.take(), "Vegobjekter.Pages")

	drain(t, c.Hendelser.MultiTypeAll(ctx, &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{105, 538}}))
	only(t, rec.take(), "Hendelser.MultiTypeAll")

	_, err := c.Vegobjekter.Get(ctx, 105, 78697179, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Vegobjekter.Get"}, rec.take())

	drain(t, c.Vegobjekter.Stream(ctx, 105, nil))
	only(t, rec.take(), "Vegobjekter.Stream")

	drain(t, c.Vegobjekter.StreamChunks(ctx, 105, &uberiket.StreamQuery{IDs: []int64{78697179}}))
	only(t, rec.take(), "Vegobjekter.StreamChunks")

	drain(t, c.Hendelser.Stream(ctx, 538, nil))
	only(t, rec.take(), "Hendelser.Stream")

	require.NoError(t, c.Sync(ctx, 105, uberiket.NewMemoryStore(), nil))
	only(t, rec.take(), "Sync")
}

// TestZeroValueClient: a client that was not made by NewClient returns an
// error from every kind of method instead of panicking.
func TestZeroValueClient(t *testing.T) {
	ctx := context.Background()
	for _, c := range []*uberiket.Client{{}, new(uberiket.Client)} {
		_, err := c.Vegobjekter.Get(ctx, 105, 1, nil)
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		_, err = c.Vegobjekter.List(ctx, 105, nil)
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		for _, err := range c.Vegobjekter.All(ctx, 105, nil) {
			assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		}
		for _, err := range c.Vegobjekter.Stream(ctx, 105, nil) {
			assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		}
		for _, err := range c.Hendelser.Stream(ctx, 105, nil) {
			assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		}
		_, err = c.Hendelser.Siste(ctx, 105, time.Time{})
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
		assert.ErrorIs(t, c.Sync(ctx, 105, uberiket.NewMemoryStore(), nil), uberiket.ErrInvalidArgument)
		assert.NotPanics(t, func() {
			_, _ = c.Noder.Get(ctx, 1)
			_ = c.BaseURL()
			_ = c.SessionID()
			_ = c.Limiter()
		})
	}
	var nilClient *uberiket.Client
	assert.Empty(t, nilClient.BaseURL())
	assert.Nil(t, nilClient.Limiter())
	var errs []error
	for _, err := range (&uberiket.Client{}).Veglenker.Stream(ctx, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], uberiket.ErrInvalidArgument)
}
