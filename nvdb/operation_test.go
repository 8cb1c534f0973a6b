package nvdb_test

import (
	"context"
	"iter"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
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

// drain ranges seq to its end and fails the test on an error.
func drain[T any](t *testing.T, seq iter.Seq2[T, error]) int {
	t.Helper()
	n := 0
	for _, err := range seq {
		require.NoError(t, err)
		n++
	}
	return n
}

// TestOperationNames: every attempt carries the name of the method the
// caller called, without the package: iterators of several pages, page
// methods, single answers, cached answers and the POST of a long route.
func TestOperationNames(t *testing.T) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 250), nvdbtest.WithGeneratedVegnett(30))
	defer srv.Close()
	rec := &operations{next: srv.Client().Transport}
	c, err := nvdb.NewClient("operations", nvdb.WithBaseURL(srv.URL), nvdb.WithHTTPClient(&http.Client{Transport: rec}),
		nvdb.WithRateLimit(1000, 100))
	require.NoError(t, err)
	ctx := context.Background()
	// A geometry too long for the query string: the route is a POST.
	a, err := c.Vegnett.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@2000000"})
	require.NoError(t, err)
	b, err := c.Vegnett.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@2000016"})
	require.NoError(t, err)
	pa := strings.Trim(strings.TrimPrefix(a.Geometri.WKT, "POINT Z "), "()")
	pb := strings.Trim(strings.TrimPrefix(b.Geometri.WKT, "POINT Z "), "()")
	longLine := "LINESTRING Z (" + pa + strings.Repeat(", "+pa, 200) + ", " + pb + ")"

	tests := []struct {
		want  string
		call  func(t *testing.T)
		pages int // the least number of requests the call makes
	}{
		{"Vegobjekter.All", func(t *testing.T) { drain(t, c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Antall: 100})) }, 3},
		{"Vegobjekter.Pages", func(t *testing.T) { drain(t, c.Vegobjekter.Pages(ctx, 105, &nvdb.VegobjektQuery{Antall: 100})) }, 3},
		{"Vegobjekter.List", func(t *testing.T) {
			_, err := c.Vegobjekter.List(ctx, 105, nil)
			require.NoError(t, err)
		}, 1},
		{"Vegobjekter.Get", func(t *testing.T) {
			_, err := c.Vegobjekter.Get(ctx, 67, 89204552, nil)
			require.NoError(t, err)
		}, 1},
		{"Vegobjekter.EndringerAll", func(t *testing.T) {
			drain(t, c.Vegobjekter.EndringerAll(ctx, []int{105}, &nvdb.EndringerQuery{Antall: 10}))
		}, 2},
		{"Vegobjekter.Statistikk", func(t *testing.T) {
			_, err := c.Vegobjekter.Statistikk(ctx, 105, nil)
			require.NoError(t, err)
		}, 1},
		{"Veglenkesekvenser.All", func(t *testing.T) {
			drain(t, c.Veglenkesekvenser.All(ctx, &nvdb.VeglenkesekvensQuery{Antall: 10}))
		}, 2},
		{"Veglenkesekvenser.SegmentertPages", func(t *testing.T) {
			drain(t, c.Veglenkesekvenser.SegmentertPages(ctx, &nvdb.SegmentertQuery{Antall: 10}))
		}, 2},
		{"Noder.All", func(t *testing.T) { drain(t, c.Noder.All(ctx, &nvdb.NodeQuery{Antall: 10})) }, 2},
		{"Vegnett.EndringerAll", func(t *testing.T) {
			drain(t, c.Vegnett.EndringerAll(ctx, &nvdb.VeglenkesekvensEndringerQuery{Antall: 2}))
		}, 1},
		{"Vegnett.Rute", func(t *testing.T) {
			_, err := c.Vegnett.Rute(ctx, &nvdb.RuteQuery{Geometri: longLine})
			require.NoError(t, err)
			reqs := srv.Requests()
			assert.Equal(t, http.MethodPost, reqs[len(reqs)-1].Method)
		}, 1},
		{"Datakatalog.Vegobjekttype", func(t *testing.T) {
			_, err := c.Datakatalog.Vegobjekttype(ctx, 105)
			require.NoError(t, err)
		}, 1},
		{"Omrader.Kommuner", func(t *testing.T) {
			_, err := c.Omrader.Kommuner(ctx, nil)
			require.NoError(t, err)
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			rec.take()
			tc.call(t)
			ops := rec.take()
			require.GreaterOrEqual(t, len(ops), tc.pages)
			for _, op := range ops {
				assert.Equal(t, tc.want, op)
			}
		})
	}
}

// TestZeroValueClient: a client that was not made by NewClient returns an
// error matching ErrInvalidArgument from every kind of method instead of
// panicking: single answers, page methods, iterators, cached answers, the
// scan and the client's own methods.
func TestZeroValueClient(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]*nvdb.Client{"var": new(nvdb.Client), "literal": {}} {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"Vegobjekter.Get":  func() error { _, err := c.Vegobjekter.Get(ctx, 105, 1, nil); return err },
				"Vegobjekter.List": func() error { _, err := c.Vegobjekter.List(ctx, 105, nil); return err },
				"Vegobjekter.Statistikk": func() error {
					_, err := c.Vegobjekter.Statistikk(ctx, 105, nil)
					return err
				},
				"Vegobjekter.Endringer": func() error {
					_, err := c.Vegobjekter.Endringer(ctx, []int{105}, nil)
					return err
				},
				"Veglenkesekvenser.Get": func() error { _, err := c.Veglenkesekvenser.Get(ctx, 1, ""); return err },
				"Noder.List":            func() error { _, err := c.Noder.List(ctx, nil); return err },
				"Vegnett.Veg": func() error {
					_, err := c.Vegnett.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@1"})
					return err
				},
				"Datakatalog.Vegobjekttyper": func() error { _, err := c.Datakatalog.Vegobjekttyper(ctx, nil); return err },
				"Datakatalog.Filter": func() error {
					_, err := c.Datakatalog.Filter(ctx, 105, "Fartsgrense = 80")
					return err
				},
				"Omrader.Fylker": func() error { _, err := c.Omrader.Fylker(ctx, nil); return err },
				"Vegobjekter.All": func() error {
					for _, err := range c.Vegobjekter.All(ctx, 105, nil) {
						return err
					}
					return nil
				},
				"Veglenkesekvenser.SegmentertPages": func() error {
					for _, err := range c.Veglenkesekvenser.SegmentertPages(ctx, nil) {
						return err
					}
					return nil
				},
				"Vegobjekter.Scan": func() error {
					for _, err := range c.Vegobjekter.Scan(ctx, 105, nil, &nvdb.ScanOptions{Fylker: []int{3}}) {
						return err
					}
					return nil
				},
			}
			for op, call := range calls {
				var err error
				require.NotPanics(t, func() { err = call() }, op)
				assert.ErrorIs(t, err, nvdb.ErrInvalidArgument, op)
			}
			assert.NotPanics(t, func() {
				assert.Equal(t, nvdb.CacheStats{}, c.CacheStats())
				assert.Nil(t, c.Limiter())
				assert.Empty(t, c.BaseURL())
				assert.Empty(t, c.SessionID())
			})
		})
	}
}

// TestLimiterShared: Limiter returns the limiter the client paces with,
// so another client of the program (Uberiket's) can share NVDB's 40
// requests per second per X-Client.
func TestLimiterShared(t *testing.T) {
	c, err := nvdb.NewClient("shared")
	require.NoError(t, err)
	l := c.Limiter()
	require.NotNil(t, l)
	c2, err := nvdb.NewClient("shared", nvdb.WithLimiter(l))
	require.NoError(t, err)
	assert.Same(t, l, c2.Limiter())
	c3, err := nvdb.NewClient("unpaced", nvdb.WithLimiter(nil))
	require.NoError(t, err)
	assert.Nil(t, c3.Limiter())
}
