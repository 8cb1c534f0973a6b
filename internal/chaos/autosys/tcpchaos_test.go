package autosys_test

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

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/internal/chaos"
)

const chaosKey = "chaos-secret-key-0123456789"

var chaosRetry = autosys.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

func chaosClient(t *testing.T, url string, hc *http.Client, opts ...autosys.Option) *autosys.Client {
	t.Helper()
	c, err := autosys.NewClient(chaosKey, append([]autosys.Option{autosys.WithBaseURL(url), autosys.WithHTTPClient(hc),
		autosys.WithRetry(chaosRetry), autosys.WithRateLimit(1e6, 1000), autosys.WithoutQuota(),
		autosys.WithStallTimeout(chaos.StallTimeout())}, opts...)...)
	require.NoError(t, err)
	return c
}

type ac = chaos.Case[*autosys.Client]

func autosysChaosCases() []ac {
	const rep = 6
	plates := autosystest.Kjennemerker()
	var oppslag []autosys.Oppslag
	for _, p := range plates {
		oppslag = append(oppslag, autosys.Oppslag{Kjennemerke: p})
	}
	var bulk []autosys.KjennemerkeRequest
	for _, p := range plates {
		bulk = append(bulk, autosys.KjennemerkeRequest{Kjennemerke: p})
	}
	return []ac{
		// Iterators.
		{Name: "LookupMany", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			// Lookups run in parallel and finish in any order: compare by index.
			got := make([]*autosys.Result, len(oppslag))
			for r, err := range c.LookupMany(ctx, oppslag, &autosys.BatchOptions{Concurrency: 3}) {
				if err != nil {
					return err
				}
				got[r.Index] = r
			}
			for _, r := range got {
				if err := it.Add(r); err != nil {
					return err
				}
			}
			return nil
		}},
		{Name: "Organisasjon.All", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Organisasjon.All(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: 1}))
		}},
		{Name: "Person.All", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			return chaos.Collect(it, c.Person.All(ctx, &autosys.PersonQuery{Fodselsnummer: "02887210066", Etternavn: "Nordmann"}))
		}},
		// Single calls, each family.
		{Name: "LookupKjennemerke", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			for _, p := range plates {
				if err := chaos.Repeat(it, rep, func() (*autosys.Kjoretoydata, error) { return c.LookupKjennemerke(ctx, p) }); err != nil {
					return err
				}
			}
			return nil
		}},
		{Name: "LookupUnderstellsnummer", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			v, err := c.LookupKjennemerke(ctx, plates[0])
			if err != nil {
				return err
			}
			vin := v.Understellsnummer()
			return chaos.Repeat(it, rep, func() (*autosys.Kjoretoydata, error) { return c.LookupUnderstellsnummer(ctx, vin) })
		}},
		{Name: "Lookup", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*autosys.KjoretoydataResponse, error) { return c.Lookup(ctx, oppslag[1]) })
		}},
		{Name: "Organisasjon.List", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*autosys.Page[autosys.KjoretoydataWrapper], error) {
				p, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007"})
				if p != nil {
					p.GjenstaendeKvote = nil // server state: the chaos run sends more requests
				}
				return p, err
			})
		}},
		{Name: "Bulk.Kjennemerke", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			// A POST the API makes safe to repeat (it only reads).
			return chaos.Repeat(it, rep, func() (*autosys.KjennemerkeBulkResponse, error) {
				r, err := c.Bulk.Kjennemerke(ctx, bulk)
				if r != nil {
					r.GjenstaendeKvote = nil
				}
				return r, err
			})
		}},
		{Name: "Bulk.Kuid", Run: func(ctx context.Context, c *autosys.Client, it *chaos.Items) error {
			return chaos.Repeat(it, rep, func() (*autosys.KuidBulkResponse, error) {
				r, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: autosystest.Kuid("ZT 40123")}})
				if r != nil {
					r.GjenstaendeKvote = nil
				}
				return r, err
			})
		}},
	}
}

// TestTCPChaos runs every Autosys iterator and a call of every family
// through a seeded mix of TCP faults and requires the items of a
// fault-free run. The fake does not compress (the register sends no gzip
// to this client either), so the gzip leg is nvdb's.
func TestTCPChaos(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	srv := autosystest.NewServer()
	t.Cleanup(srv.Close)
	directRec, direct := chaos.Direct(t)
	base := chaosClient(t, srv.URL, direct)
	env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 31, Faulty: 0.25, Churn: 0.5})
	c := chaosClient(t, env.Proxy.URL, env.HTTP)
	chaos.Compare(t, ctx, base, c, autosysChaosCases(), nil)
	s := env.Finish(t, 9, srv.OpenConns, directRec)
	t.Logf("dials: %s", env.Proxy.DialSummary())
	t.Logf("wire: %s", s)
	assert.Positive(t, s.Failures())
}

// TestTCPUnavailable: every attempt fails without an answer → the error
// matches ErrUnavailable, carries the attempts and the last cause, and
// never shows the key.
func TestTCPUnavailable(t *testing.T) {
	chaos.SkipUnlessEnabled(t)
	chaos.NoLeaks(t)
	ctx := context.Background()
	pol := autosys.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	check := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, autosys.ErrUnavailable)
		var ae *autosys.APIError
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
		_, err = chaosClient(t, "http://"+addr, hc, autosys.WithRetry(pol)).LookupKjennemerke(ctx, "EK 39085")
		check(t, err)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	})
	for _, kind := range []chaos.Kind{chaos.Reset, chaos.ResetMid, chaos.Cut, chaos.StallMid} {
		t.Run(string(kind), func(t *testing.T) {
			srv := autosystest.NewServer()
			t.Cleanup(srv.Close)
			env := chaos.NewEnv(t, srv.URL, chaos.Mix{Seed: 3, Only: kind, Size: 700})
			c := chaosClient(t, env.Proxy.URL, env.HTTP, autosys.WithRetry(pol), autosys.WithStallTimeout(200*time.Millisecond))
			_, err := c.LookupKjennemerke(ctx, "EK 39085")
			check(t, err)
			s := env.Finish(t, 3, srv.OpenConns)
			assert.Equal(t, 3, s.Failures(), "%s", s)
		})
	}
}
