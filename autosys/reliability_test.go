package autosys_test

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/internal/fakeserver"
	"github.com/vegdata/go-vegdata/internal/itertest"
)

// relFaults is the schedule of issue 9 without its 429s (Autosys answers
// 429 only when the period's quota is spent, which is not retried; see
// TestQuota429IsNotRetried): 15 % 503, 2 % dropped connections, 2 %
// truncated bodies and 5 % slow answers.
func relFaults(seed uint64) autosystest.Faults {
	return autosystest.Faults{Seed: seed, Unavailable: 0.15,
		Drop: 0.02, Truncate: 0.02, Slow: 0.05, SlowDelay: 30 * time.Millisecond}
}

var relRetry = autosys.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond, MaxRetryAfter: 2 * time.Second}

func relClient(t *testing.T, srv *autosystest.Server, opts ...autosys.Option) (*autosys.Client, *fakeserver.Counter) {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	cnt := &fakeserver.Counter{Next: tr}
	all := append([]autosys.Option{autosys.WithBaseURL(srv.URL), autosys.WithHTTPClient(cnt.Client()),
		autosys.WithRetry(relRetry), autosys.WithRateLimit(math.Inf(1), 1)}, opts...)
	c, err := autosys.NewClient("autosys-reliability-key", all...)
	require.NoError(t, err)
	return c, cnt
}

// relLookups is every vehicle of the fake by plate and by VIN, and a plate
// the register does not know, rounds times over.
func relLookups(srv *autosystest.Server, rounds int) []autosys.Oppslag {
	var one []autosys.Oppslag
	for _, v := range srv.Vehicles() {
		one = append(one, autosys.Oppslag{Kjennemerke: v.Kjennemerke}, autosys.Oppslag{Understellsnummer: v.Understellsnummer})
	}
	one = append(one, autosys.Oppslag{Kjennemerke: "ZZ99999"})
	var out []autosys.Oppslag
	for range rounds {
		out = append(out, one...)
	}
	return out
}

// outcome is what a lookup gave: the vehicle as JSON, or the class of error.
func outcome(k *autosys.Kjoretoydata, err error) string {
	if err != nil {
		if errors.Is(err, autosys.ErrNotFound) {
			return "not found"
		}
		return "error: " + err.Error()
	}
	b, _ := json.Marshal(k)
	return string(b)
}

// TestReliabilityFaultsLookups looks every vehicle up, fault-free and then
// under the seeded fault schedule, one by one with Lookup and four at a
// time with LookupMany, and requires the same answer for every lookup. Each
// lookup is answered whole once; every other attempt is one a fault spoilt,
// and the client's quota counted every attempt.
func TestReliabilityFaultsLookups(t *testing.T) {
	ctx := context.Background()
	cleanSrv := autosystest.NewServer()
	defer cleanSrv.Close()
	cc, _ := relClient(t, cleanSrv)
	lookups := relLookups(cleanSrv, 4)
	want := make([]string, len(lookups))
	for i, o := range lookups {
		r, err := cc.Lookup(ctx, o)
		var k *autosys.Kjoretoydata
		if err == nil {
			k = &r.KjoretoydataListe[0]
		}
		want[i] = outcome(k, err)
		require.False(t, len(want[i]) > 6 && want[i][:6] == "error:", want[i])
	}

	for _, mode := range []string{"Lookup", "LookupMany"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel() // the two sleep through Retry-After side by side
			srv := autosystest.NewServer(autosystest.WithFaults(relFaults(map[string]uint64{"Lookup": 30, "LookupMany": 31}[mode])))
			defer srv.Close()
			c, cnt := relClient(t, srv)
			got := make([]string, len(lookups))
			gotErr := make([]error, len(lookups))
			start := time.Now()
			if mode == "Lookup" {
				for i, o := range lookups {
					r, err := c.Lookup(ctx, o)
					var k *autosys.Kjoretoydata
					if err == nil {
						k = &r.KjoretoydataListe[0]
					}
					got[i], gotErr[i] = outcome(k, err), err
				}
			} else {
				i := 0
				for r, err := range c.LookupMany(ctx, lookups, &autosys.BatchOptions{Concurrency: 4}) {
					require.Equal(t, i, r.Index)
					got[i], gotErr[i] = outcome(r.Kjoretoydata, err), err
					i++
				}
				require.Equal(t, len(lookups), i)
			}
			spoilt := cnt.Status(http.StatusServiceUnavailable) + cnt.TransportErrors() + cnt.BrokenBodies()
			t.Logf("%s: %d lookups; %s; server saw %d requests; quota counted %d; %s",
				mode, len(lookups), cnt, len(srv.Requests()), c.Quota().Used(), time.Since(start).Round(100*time.Millisecond))
			gaveUp := 0
			for i := range lookups {
				if got[i] != want[i] {
					// Only a spent retry budget may change an answer, and then
					// into an error.
					require.Error(t, gotErr[i], "lookup %d: got %s, want %s", i, got[i], want[i])
					requireTyped(t, gotErr[i])
					require.GreaterOrEqual(t, spoilt, 1+relRetry.MaxRetries, "lookup %d gave up within the retry budget: %s", i, got[i])
					gaveUp++
				}
			}
			if gaveUp > 0 {
				t.Logf("%d lookups gave up after the retry budget", gaveUp)
				return
			}
			assert.Equal(t, len(lookups), cnt.Status(http.StatusOK)-cnt.BrokenBodies(), "lookups answered whole")
			assert.Equal(t, len(lookups)+spoilt, cnt.Attempts(), "attempts = lookups + spoilt attempts")
			assert.LessOrEqual(t, len(srv.Requests()), len(lookups)*(1+relRetry.MaxRetries))
			assert.Positive(t, cnt.Status(http.StatusServiceUnavailable))
			assert.Zero(t, cnt.Status(http.StatusTooManyRequests))
			// Every attempt the client saw counts against the daily quota.
			assert.Equal(t, cnt.Attempts(), c.Quota().Used())
		})
	}
}

// requireTyped checks that an error after a spent retry budget says what
// went wrong: an *APIError with its sentinel.
func requireTyped(t *testing.T, err error) {
	t.Helper()
	// Every failure is an *APIError: an answer the API refused, or no
	// whole answer on any attempt (ErrUnavailable).
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae, "untyped error %T: %v", err, err)
	require.True(t, errors.Is(err, autosys.ErrRateLimited) || errors.Is(err, autosys.ErrServer) || errors.Is(err, autosys.ErrUnavailable), "%v", err)
}

// TestReliabilityRetryBudget: a lookup that fails every time stops after
// 1+MaxRetries attempts with a typed error, and each attempt is counted
// against the quota.
func TestReliabilityRetryBudget(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		fault autosystest.Fault
	}{
		{"503", autosystest.Fault{Status: 503}},
		{"drop", autosystest.Fault{Drop: true}},
		{"truncated", autosystest.Fault{Truncate: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := autosystest.NewServer()
			defer srv.Close()
			c, cnt := relClient(t, srv, autosys.WithRetry(autosys.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}))
			srv.Script(tc.fault, tc.fault, tc.fault)
			_, err := c.LookupKjennemerke(ctx, "EK 39085")
			require.Error(t, err)
			requireTyped(t, err)
			assert.Equal(t, 3, cnt.Attempts())
			assert.Equal(t, 3, len(srv.Requests()))
			assert.Equal(t, 3, c.Quota().Used(), "every attempt is counted, answered or not")
		})
	}
}

// TestReliabilityNoLeaks ranges every iterator of the package (LookupMany,
// Person.Pages and All, Organisasjon.Pages and All) to the end, stops it early, cancels it
// midway and lets a request fail, and checks after each that no goroutine
// is left behind. Its last case fails when an exported iterator is not
// among them.
func TestReliabilityNoLeaks(t *testing.T) {
	ctx := context.Background()
	newC := func(t *testing.T, opts ...autosys.Option) (*autosys.Client, *autosystest.Server, []autosys.Oppslag) {
		srv := autosystest.NewServer()
		t.Cleanup(srv.Close)
		c, _ := relClient(t, srv, opts...)
		return c, srv, relLookups(srv, 5)
	}
	t.Run("LookupMany/full", func(t *testing.T) {
		itertest.NoLeaks(t)
		c, _, in := newC(t)
		n := 0
		for r, err := range c.LookupMany(ctx, in, nil) {
			if err != nil {
				require.ErrorIs(t, err, autosys.ErrNotFound)
			}
			require.Equal(t, n, r.Index)
			n++
		}
		assert.Equal(t, len(in), n)
	})
	t.Run("LookupMany/break", func(t *testing.T) {
		itertest.NoLeaks(t)
		c, srv, in := newC(t)
		for range c.LookupMany(ctx, in, &autosys.BatchOptions{Concurrency: 4}) {
			break
		}
		// The workers run at most 2×Concurrency lookups ahead of the loop.
		assert.LessOrEqual(t, len(srv.Requests()), 8)
	})
	t.Run("LookupMany/cancel", func(t *testing.T) {
		itertest.NoLeaks(t)
		c, _, in := newC(t)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var last error
		n := 0
		for r, err := range c.LookupMany(cctx, in, nil) {
			n++
			if n == 2 {
				cancel()
			}
			if r.Index == -1 {
				last = err
			}
		}
		assert.ErrorIs(t, last, context.Canceled)
		assert.Less(t, n, len(in)+1)
	})
	t.Run("LookupMany/error", func(t *testing.T) {
		itertest.NoLeaks(t)
		c, srv, in := newC(t, autosys.WithRetry(autosys.RetryPolicy{MaxRetries: autosys.NoRetries}))
		srv.Script(autosystest.Fault{Status: http.StatusInternalServerError})
		var errs []error
		n := 0
		for _, err := range c.LookupMany(ctx, in, &autosys.BatchOptions{Concurrency: 1}) {
			n++
			if err != nil && !errors.Is(err, autosys.ErrNotFound) {
				errs = append(errs, err)
			}
		}
		// One failed lookup does not stop the rest.
		assert.Equal(t, len(in), n)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], autosys.ErrServer)
	})

	// The owner searches page through the endpoint kernel: Person is one
	// page (the API does not page it), Organisasjon two pages of 4 and 2.
	// Their Pages yield per=1 page per "item".
	kari := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	transport := &autosys.OrganisasjonQuery{Organisasjonsnummer: autosystest.OwnerFiktivTransport.Organisasjonsnummer, Antall: 4}
	owners := []struct {
		name, method string // the method as "Type.Method", for the coverage check
		per, all     int
		seq          func(ctx context.Context, c *autosys.Client) iter.Seq2[any, error]
	}{
		{"Person.All", "PersonService.All", 3, 3, func(ctx context.Context, c *autosys.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Person.All(ctx, kari))
		}},
		{"Person.Pages", "PersonService.Pages", 1, 1, func(ctx context.Context, c *autosys.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Person.Pages(ctx, kari))
		}},
		{"Organisasjon.All", "OrganisasjonService.All", 4, 6, func(ctx context.Context, c *autosys.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Organisasjon.All(ctx, transport))
		}},
		{"Organisasjon.Pages", "OrganisasjonService.Pages", 1, 2, func(ctx context.Context, c *autosys.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Organisasjon.Pages(ctx, transport))
		}},
	}
	for _, it := range owners {
		t.Run(it.name+"/full", func(t *testing.T) {
			itertest.NoLeaks(t)
			c, srv, _ := newC(t)
			n, errs := itertest.RangeStop(it.seq(ctx, c), -1, nil)
			require.Empty(t, errs)
			assert.Equal(t, it.all, n)
			assert.Equal(t, (it.all+it.per-1)/it.per, len(srv.Requests()))
		})
		t.Run(it.name+"/break", func(t *testing.T) {
			itertest.NoLeaks(t)
			c, srv, _ := newC(t)
			stops := []int{1}
			if it.all > it.per {
				stops = append(stops, it.per+1)
			}
			for _, stop := range stops {
				before := len(srv.Requests())
				n, errs := itertest.RangeStop(it.seq(ctx, c), stop, nil)
				require.Empty(t, errs)
				assert.Equal(t, stop, n)
				assert.Equal(t, (stop+it.per-1)/it.per, len(srv.Requests())-before, "no page beyond the one in hand")
			}
		})
		t.Run(it.name+"/cancel", func(t *testing.T) {
			itertest.NoLeaks(t)
			c, srv, _ := newC(t)
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			n, errs := itertest.RangeStop(it.seq(cctx, c), 1, cancel)
			// The page in hand is yielded to its end; the context is
			// checked before the next one is asked for.
			assert.Equal(t, min(it.per, it.all), n)
			if it.all > it.per {
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], context.Canceled)
			} else {
				require.Empty(t, errs)
			}
			assert.Equal(t, 1, len(srv.Requests()))
			// Cancelled before it is ranged, it sends nothing.
			_, errs = itertest.RangeStop(it.seq(cctx, c), -1, nil)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], context.Canceled)
			assert.Equal(t, 1, len(srv.Requests()))
		})
		t.Run(it.name+"/error", func(t *testing.T) {
			itertest.NoLeaks(t)
			c, srv, _ := newC(t, autosys.WithRetry(autosys.RetryPolicy{MaxRetries: autosys.NoRetries}))
			// A 500 on the second page, or on the only one.
			script, want := []autosystest.Fault{{Status: http.StatusInternalServerError}}, 0
			if it.all > it.per {
				script, want = append([]autosystest.Fault{{}}, script...), it.per
			}
			srv.Script(script...)
			n, errs := itertest.RangeStop(it.seq(ctx, c), -1, nil)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], autosys.ErrServer)
			assert.Equal(t, want, n)
		})
	}
	t.Run("invalid query", func(t *testing.T) {
		itertest.NoLeaks(t)
		c, srv, _ := newC(t)
		for _, seq := range []iter.Seq2[any, error]{
			itertest.AnySeq(c.Person.All(ctx, &autosys.PersonQuery{Fodselsnummer: "1234", Etternavn: "Nordmann"})),
			itertest.AnySeq(c.Person.Pages(ctx, nil)),
			itertest.AnySeq(c.Organisasjon.All(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: autosys.MaxAntall + 1})),
			itertest.AnySeq(c.Organisasjon.Pages(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Side: -1})),
		} {
			_, errs := itertest.RangeStop(seq, -1, nil)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], autosys.ErrInvalidArgument)
		}
		assert.Empty(t, srv.Requests())
	})
	// A new exported iterator fails here until it is a case above.
	t.Run("every iterator covered", func(t *testing.T) {
		covered := []string{"Client.LookupMany"}
		for _, it := range owners {
			covered = append(covered, it.method)
		}
		itertest.RequireCovered(t, ".", covered)
	})
}

// TestQuota429IsNotRetried: a 429, with or without a body or a short
// Retry-After, is the period's quota spent: one request, ErrQuotaExceeded,
// and the local quota refuses the next call without sending it.
func TestQuota429IsNotRetried(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		fault autosystest.Fault
	}{
		{"plain", autosystest.Fault{Status: 429}},
		{"short Retry-After", autosystest.Fault{Status: 429, RetryAfter: "0"}},
		{"portal text", autosystest.Fault{Status: 429, Body: "Bruker har brukt opp kvoten i inneværende periode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := autosystest.NewServer()
			defer srv.Close()
			c, cnt := relClient(t, srv)
			srv.Script(tc.fault, tc.fault, tc.fault)
			_, err := c.LookupKjennemerke(ctx, "EK 39085")
			require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
			assert.Equal(t, 1, cnt.Attempts())
			assert.Equal(t, 1, c.Quota().Used())
			assert.Zero(t, c.Quota().Remaining(), "the quota is marked spent")
			_, err = c.LookupKjennemerke(ctx, "EK 39085")
			require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
			assert.Equal(t, 1, len(srv.Requests()), "the next call is refused locally")
		})
	}
}
