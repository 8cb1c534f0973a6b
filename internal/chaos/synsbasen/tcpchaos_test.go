package synsbasen_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/chaos"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

const chaosKey = "chaos-secret-key-0123456789"

var chaosRetry = synsbasen.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

func chaosClient(t *testing.T, url string, hc *http.Client, opts ...synsbasen.Option) *synsbasen.Client {
	t.Helper()
	c, err := synsbasen.NewClient(chaosKey, append([]synsbasen.Option{synsbasen.WithBaseURL(url), synsbasen.WithHTTPClient(hc),
		synsbasen.WithRetry(chaosRetry), synsbasen.WithStallTimeout(chaos.StallTimeout())}, opts...)...)
	require.NoError(t, err)
	return c
}

type sc = chaos.Case[*synsbasen.Client]

// firstID returns the id of the first item of a one-item page.
func firstID[T any](p *synsbasen.Page[T], err error, id func(*T) string) (string, error) {
	if err != nil {
		return "", err
	}
	if len(p.Items) == 0 {
		return "", errors.New("empty page")
	}
	return id(p.Items[0]), nil
}

func synsbasenChaosCases() []sc {
	const rep = 3
	lo := &synsbasen.ListOptions{PerPage: 2}
	search := func(per int) *synsbasen.Search { return &synsbasen.Search{PerPage: per} }
	brandID := func(ctx context.Context, c *synsbasen.Client) (string, error) {
		p, err := c.Brands.List(ctx, &synsbasen.ListOptions{PerPage: 1})
		return firstID(p, err, func(b *synsbasen.Brand) string { return b.ID })
	}
	modelID := func(ctx context.Context, c *synsbasen.Client) (string, error) {
		p, err := c.Models.Search(ctx, search(1))
		return firstID(p, err, func(m *synsbasen.Model) string { return m.ID })
	}
	variantID := func(ctx context.Context, c *synsbasen.Client) (string, error) {
		p, err := c.Variants.Search(ctx, search(1))
		return firstID(p, err, func(v *synsbasen.Variant) string { return v.ID })
	}
	return []sc{
		// Iterators.
		{Name: "Vehicles.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Vehicles.SearchAll(ctx, &synsbasen.Search{PerPage: 20, Expand: synsbasen.AllExpands()}))
		}},
		{Name: "Vehicles.SearchAll one per page", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Vehicles.SearchAll(ctx, &synsbasen.Search{PerPage: 1, Query: synsbasen.Query{synsbasen.Eq("brand", "AUDI")}}))
		}},
		{Name: "Vehicles.SearchPages", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Vehicles.SearchPages(ctx, search(50)))
		}},
		{Name: "Inspections.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Inspections.SearchAll(ctx, search(40)))
		}},
		{Name: "Brands.All", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Brands.All(ctx, lo))
		}},
		{Name: "Brands.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Brands.SearchAll(ctx, search(2)))
		}},
		{Name: "Brands.AllModels", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			id, err := brandID(ctx, c)
			if err != nil {
				return err
			}
			return chaos.Collect(it, c.Brands.ModelsAll(ctx, id, lo))
		}},
		{Name: "Models.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Models.SearchAll(ctx, search(3)))
		}},
		{Name: "Models.AllVariants", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			id, err := modelID(ctx, c)
			if err != nil {
				return err
			}
			return chaos.Collect(it, c.Models.VariantsAll(ctx, id, lo))
		}},
		{Name: "Variants.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Variants.SearchAll(ctx, search(3)))
		}},
		{Name: "Variants.AllVersions", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			id, err := variantID(ctx, c)
			if err != nil {
				return err
			}
			return chaos.Collect(it, c.Variants.VersionsAll(ctx, id, lo))
		}},
		{Name: "Versions.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Versions.SearchAll(ctx, search(3)))
		}},
		{Name: "BodyTypes.All", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.BodyTypes.All(ctx, lo))
		}},
		{Name: "InspectionTestCenters.All", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.InspectionTestCenters.All(ctx, lo))
		}},
		{Name: "ErrorCodes.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.ErrorCodes.SearchAll(ctx, search(5)))
		}},
		{Name: "LeasingPeriods.SearchAll", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.LeasingPeriods.SearchAll(ctx, search(2)))
		}},
		{Name: "WatchedVehicles.All", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.WatchedVehicles.All(ctx, &synsbasen.ListOptions{PerPage: 1}))
		}},
		// Single calls, each family.
		{Name: "Vehicles.Get", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Vehicle, error) {
				return c.Vehicles.Get(ctx, synsbasentest.VehicleID, synsbasen.AllExpands()...)
			})
		}},
		{Name: "Vehicles.GetByRegistration", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Vehicle, error) {
				return c.Vehicles.GetByRegistration(ctx, synsbasentest.VehicleRegistration, synsbasen.ExpandEngine)
			})
		}},
		{Name: "Vehicles.GetByVIN", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Vehicle, error) {
				return c.Vehicles.GetByVIN(ctx, synsbasentest.VehicleVIN)
			})
		}},
		{Name: "Vehicles.Search", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Page[synsbasen.Vehicle], error) { return c.Vehicles.Search(ctx, search(30)) })
		}},
		{Name: "Vehicles.Aggregate", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Aggregate, error) {
				return c.Vehicles.Aggregate(ctx, &synsbasen.Search{Method: synsbasen.MethodCount, GroupBy: []string{"brand"}})
			})
		}},
		{Name: "Vehicles.Distinct", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Distinct, error) {
				return c.Vehicles.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"brand"}})
			})
		}},
		{Name: "Inspections.Get", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Inspection, error) {
				return c.Inspections.Get(ctx, synsbasentest.InspectionID)
			})
		}},
		{Name: "Brands.Get", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Brand, error) {
				id, err := brandID(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Brands.Get(ctx, id)
			})
		}},
		{Name: "Models.Get", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Model, error) {
				id, err := modelID(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Models.Get(ctx, id)
			})
		}},
		{Name: "Variants.Get", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Variant, error) {
				id, err := variantID(ctx, c)
				if err != nil {
					return nil, err
				}
				return c.Variants.Get(ctx, id)
			})
		}},
		{Name: "BodyTypes.List", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Page[synsbasen.BodyType], error) { return c.BodyTypes.List(ctx, lo) })
		}},
		{Name: "TestCenters.List", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() ([]*synsbasen.TestCenter, error) { return c.TestCenters.List(ctx) })
		}},
		{Name: "ErrorCodes.Distinct", Run: func(ctx context.Context, c *synsbasen.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*synsbasen.Distinct, error) {
				return c.ErrorCodes.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"category"}})
			})
		}},
	}
}

// TestTCPChaos runs every Synsbasen iterator and a call of every family
// through a seeded mix of TCP faults and requires the items of a
// fault-free run. The fake answers with a Content-Length when it buffers
// and chunked when it streams; it does not compress (Synsbasen's API
// documents no gzip), so the gzip leg is nvdb's.
func TestTCPChaos(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(1 << 40))
	t.Cleanup(srv.Close)
	directRec, direct := chaos.Direct(t)
	base := chaosClient(t, srv.URL, direct)
	env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 29, Faulty: 0.25, Churn: 0.5})
	c := chaosClient(t, env.Proxy.URL, env.HTTP)
	// Something to list (adding is not safe to repeat, so not through the chaos).
	_, err := base.WatchedVehicles.Add(ctx, synsbasentest.WatchVehicleID)
	require.NoError(t, err)
	chaos.Compare(t, ctx, base, c, synsbasenChaosCases(), func(it chaos.Items) chaos.Items { return it.Replace(env.Proxy.URL, srv.URL) })
	s := env.Finish(t, 9, srv.OpenConns, directRec)
	t.Logf("dials: %s", env.Proxy.DialSummary())
	t.Logf("wire: %s", s)
	assert.Positive(t, s.Failures())
	assert.Positive(t, s.Framing["content-length"]+s.Framing["chunked"])
}

// TestTCPUnavailable: every attempt fails without an answer → the error
// matches ErrUnavailable, carries the attempts and the last cause, and
// never shows the key.
func TestTCPUnavailable(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	pol := synsbasen.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	check := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, synsbasen.ErrUnavailable)
		var ae *synsbasen.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 3, ae.Attempts)
		assert.NotNil(t, errors.Unwrap(ae))
		assert.NotContains(t, err.Error(), chaosKey)
	}
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		_, hc := chaos.Direct(t)
		_, err = chaosClient(t, "http://"+addr, hc, synsbasen.WithRetry(pol)).Vehicles.Get(ctx, synsbasentest.VehicleID)
		check(t, err)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	})
	for _, kind := range []chaos.Kind{chaos.Reset, chaos.ResetMid, chaos.Cut, chaos.StallMid} {
		t.Run(string(kind), func(t *testing.T) {
			srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(1 << 40))
			t.Cleanup(srv.Close)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 3, Only: kind, Size: 700})
			c := chaosClient(t, env.Proxy.URL, env.HTTP, synsbasen.WithRetry(pol), synsbasen.WithStallTimeout(200*time.Millisecond))
			// A search is a POST the API makes safe to repeat.
			_, err := c.Vehicles.Search(ctx, &synsbasen.Search{PerPage: 50, Expand: synsbasen.AllExpands()})
			check(t, err)
			s := env.Finish(t, 3, srv.OpenConns)
			assert.Equal(t, 3, s.Failures(), "%s", s)
		})
	}
}
