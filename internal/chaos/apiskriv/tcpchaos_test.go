package apiskriv_test

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

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/internal/chaos"
)

var chaosRetry = apiskriv.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// chaosClient logs in as olanor; the login goes straight to the fake over
// auth (its own budget of 2 retries), the API calls over hc.
func chaosClient(t *testing.T, srv *apiskrivtest.Server, url string, hc, auth *http.Client, f apiskriv.Format, opts ...apiskriv.Option) *apiskriv.Client {
	t.Helper()
	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password, apiskriv.WithAuthHTTPClient(auth))
	require.NoError(t, err)
	c, err := apiskriv.NewClient("tcp-chaos", ts, append([]apiskriv.Option{apiskriv.WithBaseURL(url), apiskriv.WithHTTPClient(hc),
		apiskriv.WithFormat(f), apiskriv.WithRetry(chaosRetry),
		apiskriv.WithStallTimeout(chaos.StallTimeout())}, opts...)...)
	require.NoError(t, err)
	return c
}

type kc = chaos.Case[*apiskriv.Client]

func apiskrivChaosCases(setID string) []kc {
	const rep = 4
	return []kc{
		// Iterators.
		{Name: "Oppdrag.All", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 3}))
		}},
		{Name: "Oppdrag.All one per page", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 1, Eier: "olanor"}))
		}},
		{Name: "Transaksjoner.All", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			p, err := c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: 10})
			if err != nil {
				return err
			}
			for _, o := range p.Items {
				if err := chaos.Collect(it, c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{OppdragID: o.ID, Antall: 1})); err != nil {
					return err
				}
			}
			return nil
		}},
		{Name: "Endringssett.All", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Endringssett.All(ctx, &apiskriv.EndringssettQuery{Antall: 1}))
		}},
		// Single calls, each family.
		{Name: "Oppdrag.Get", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*apiskriv.Oppdrag, error) { return c.Oppdrag.Get(ctx, 3466724) })
		}},
		{Name: "Oppdrag.List", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			// A page's Meta (request id, attempts, time) differs per call.
			return chaos.Repeat(it, rep, func() ([]*apiskriv.Oppdrag, error) {
				p, err := c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: 50})
				if err != nil {
					return nil, err
				}
				return p.Items, nil
			})
		}},
		{Name: "Transaksjoner.List", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() ([]*apiskriv.Transaksjon, error) {
				p, err := c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724})
				if err != nil {
					return nil, err
				}
				return p.Items, nil
			})
		}},
		{Name: "Endringssett.Validate", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			// A POST the API makes safe to repeat: validation writes nothing.
			return chaos.Repeat(it, rep, func() (*apiskriv.Status, error) {
				st, err := c.Endringssett.Validate(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")), nil)
				if st != nil { // the time of validation differs per call
					st.Mottatt, st.FremdriftOppdatert = "", ""
				}
				return st, err
			})
		}},
		{Name: "Endringssett.Status", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*apiskriv.Status, error) { return c.Endringssett.Status(ctx, setID, nil) })
		}},
		{Name: "Endringssett.Get", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*apiskriv.Endringssett, error) { return c.Endringssett.Get(ctx, setID, nil) })
		}},
		{Name: "Endringssett.Fremdrift", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (apiskriv.Fremdrift, error) { return c.Endringssett.Fremdrift(ctx, setID) })
		}},
		{Name: "Endringssett.FremdriftOgAarsak", Run: func(ctx context.Context, c *apiskriv.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (apiskriv.FremdriftOgAarsak, error) { return c.Endringssett.FremdriftOgAarsak(ctx, setID) })
		}},
	}
}

// TestTCPChaos runs every API Skriv iterator and a call of every family,
// in JSON and in XML, through a seeded mix of TCP faults and requires the
// items of a fault-free run. The fake does not compress, so the gzip leg
// is nvdb's. Register, Start, Cancel and Restart are not repeated after a
// lost answer by design (the server may have acted) and are not in the mix.
func TestTCPChaos(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	for i, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			t.Cleanup(srv.Close)
			directRec, direct := chaos.Direct(t)
			base := chaosClient(t, srv, srv.URL, direct, direct, f)
			reg, err := base.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")), nil)
			require.NoError(t, err)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 37 + uint64(i), Faulty: 0.25, Churn: 0.5})
			c := chaosClient(t, srv, env.Proxy.URL, env.HTTP, direct, f)
			chaos.Compare(t, ctx, base, c, apiskrivChaosCases(reg.ID), func(it chaos.Items) chaos.Items { return it.Replace(env.Proxy.URL, srv.URL) })
			s := env.Finish(t, 9, srv.OpenConns, directRec)
			t.Logf("dials: %s", env.Proxy.DialSummary())
			t.Logf("wire: %s", s)
			assert.Positive(t, s.Failures())
		})
	}
}

// TestTCPUnavailable: every attempt fails without an answer → the error
// matches ErrUnavailable, carries the attempts and the last cause, and
// never shows the password or a token.
func TestTCPUnavailable(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	pol := apiskriv.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	check := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, apiskriv.ErrUnavailable)
		var ae *apiskriv.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 3, ae.Attempts)
		assert.NotNil(t, errors.Unwrap(ae))
		assert.NotContains(t, err.Error(), apiskrivtest.Password)
		assert.NotContains(t, err.Error(), "eyJ")
	}
	t.Run("refused", func(t *testing.T) {
		srv := apiskrivtest.NewServer()
		t.Cleanup(srv.Close)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		_, hc := chaos.Direct(t)
		_, err = chaosClient(t, srv, "http://"+addr, hc, hc, apiskriv.JSON, apiskriv.WithRetry(pol)).Oppdrag.Get(ctx, 3466724)
		check(t, err)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	})
	for _, kind := range []chaos.Kind{chaos.Reset, chaos.ResetMid, chaos.Cut, chaos.StallMid} {
		t.Run(string(kind), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			t.Cleanup(srv.Close)
			directRec, direct := chaos.Direct(t)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 3, Only: kind, Size: 700})
			c := chaosClient(t, srv, env.Proxy.URL, env.HTTP, direct, apiskriv.XML, apiskriv.WithRetry(pol), apiskriv.WithStallTimeout(200*time.Millisecond))
			_, err := c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: 50})
			check(t, err)
			s := env.Finish(t, 3, srv.OpenConns, directRec)
			assert.Equal(t, 3, s.Failures(), "%s", s)
		})
	}
}

// tunnel is a new road object (type 581) for the change sets sent through
// the chaos (apiskriv's own tests have the same helper).
func tunnel(tempID string) *apiskriv.Vegobjekt {
	return apiskriv.NyttVegobjekt(581, tempID).
		WithGyldighetsperiode("2020-01-01", "").
		WithEgenskap(5225, "Grevlingtunnelen").
		WithPunkt(1125766, 0.3)
}

// formats are the two body formats API Skriv speaks; each chaos run goes
// through both.
var formats = []apiskriv.Format{apiskriv.JSON, apiskriv.XML}
