package autosys_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
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
// caller called, iterators and retries included, without the package.
func TestOperationNames(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	rec := &operations{next: srv.Client().Transport}
	c := newClient(t, srv, autosys.WithHTTPClient(&http.Client{Transport: rec}))
	ctx := testCtx(t)
	org := &autosys.OrganisasjonQuery{Organisasjonsnummer: autosystest.OwnerFiktivTransport.Organisasjonsnummer, Antall: 4}
	kari := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	tests := []struct {
		name string
		call func() error
		want []string
	}{
		{"LookupKjennemerke", func() error { _, err := c.LookupKjennemerke(ctx, "EK 39085"); return err }, []string{"LookupKjennemerke"}},
		{"LookupUnderstellsnummer", func() error { _, err := c.LookupUnderstellsnummer(ctx, "TA40316268"); return err }, []string{"LookupUnderstellsnummer"}},
		{"Lookup", func() error { _, err := c.Lookup(ctx, autosys.Oppslag{Kjennemerke: "BE12335"}); return err }, []string{"Lookup"}},
		{"LookupMany", func() error {
			for _, err := range c.LookupMany(ctx, []autosys.Oppslag{{Kjennemerke: "EK39085"}, {Kjennemerke: "BE12335"}}, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		}, []string{"LookupMany", "LookupMany"}},
		{"Bulk.Kjennemerke", func() error {
			_, err := c.Bulk.Kjennemerke(ctx, []autosys.KjennemerkeRequest{{Kjennemerke: "EK39085"}})
			return err
		}, []string{"Bulk.Kjennemerke"}},
		{"Bulk.Kuid", func() error {
			_, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: autosystest.Kuid("EK39085")}})
			return err
		}, []string{"Bulk.Kuid"}},
		{"Bulk.Understellsnummer", func() error {
			_, err := c.Bulk.Understellsnummer(ctx, []autosys.UnderstellsnummerRequest{{Understellsnummer: "XP7YGCEK9PB123456"}})
			return err
		}, []string{"Bulk.Understellsnummer"}},
		{"Person.List", func() error { _, err := c.Person.List(ctx, kari); return err }, []string{"Person.List"}},
		{"Person.Pages", func() error { return drain(c.Person.Pages(ctx, kari)) }, []string{"Person.Pages"}},
		{"Person.All", func() error { return drain(c.Person.All(ctx, kari)) }, []string{"Person.All"}},
		{"Organisasjon.List", func() error { _, err := c.Organisasjon.List(ctx, org); return err }, []string{"Organisasjon.List"}},
		// Two pages of 4 and 2 hits.
		{"Organisasjon.Pages", func() error { return drain(c.Organisasjon.Pages(ctx, org)) }, []string{"Organisasjon.Pages", "Organisasjon.Pages"}},
		{"Organisasjon.All", func() error { return drain(c.Organisasjon.All(ctx, org)) }, []string{"Organisasjon.All", "Organisasjon.All"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.call())
			assert.Equal(t, tt.want, rec.take())
		})
	}

	// A retried attempt carries the same name.
	srv.Script(autosystest.Fault{Status: http.StatusServiceUnavailable})
	require.NoError(t, drain(c.Organisasjon.All(ctx, org)))
	assert.Equal(t, []string{"Organisasjon.All", "Organisasjon.All", "Organisasjon.All"}, rec.take())
}

func drain[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestZeroValueClient: a client that was not made by NewClient returns
// an error from every kind of method instead of panicking.
func TestZeroValueClient(t *testing.T) {
	ctx := context.Background()
	org := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007"}
	kari := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	var zero autosys.Client
	for name, c := range map[string]*autosys.Client{"var": &zero, "literal": {}} {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"LookupKjennemerke": func() error { _, err := c.LookupKjennemerke(ctx, "EK39085"); return err },
				"LookupUnderstellsnummer": func() error {
					_, err := c.LookupUnderstellsnummer(ctx, "TA40316268")
					return err
				},
				"Lookup": func() error { _, err := c.Lookup(ctx, autosys.Oppslag{Kjennemerke: "EK39085"}); return err },
				"LookupMany": func() error {
					return drain(c.LookupMany(ctx, []autosys.Oppslag{{Kjennemerke: "EK39085"}}, nil))
				},
				"Bulk.Kjennemerke": func() error {
					_, err := c.Bulk.Kjennemerke(ctx, []autosys.KjennemerkeRequest{{Kjennemerke: "EK39085"}})
					return err
				},
				"Bulk.Kuid": func() error {
					_, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: "1"}})
					return err
				},
				"Bulk.Understellsnummer": func() error {
					_, err := c.Bulk.Understellsnummer(ctx, []autosys.UnderstellsnummerRequest{{Understellsnummer: "X"}})
					return err
				},
				"Person.List":        func() error { _, err := c.Person.List(ctx, kari); return err },
				"Person.Pages":       func() error { return drain(c.Person.Pages(ctx, kari)) },
				"Person.All":         func() error { return drain(c.Person.All(ctx, kari)) },
				"Organisasjon.List":  func() error { _, err := c.Organisasjon.List(ctx, org); return err },
				"Organisasjon.Pages": func() error { return drain(c.Organisasjon.Pages(ctx, org)) },
				"Organisasjon.All":   func() error { return drain(c.Organisasjon.All(ctx, org)) },
			}
			for op, call := range calls {
				var err error
				require.NotPanics(t, func() { err = call() }, op)
				require.ErrorIs(t, err, autosys.ErrInvalidArgument, op)
				assert.Contains(t, err.Error(), "not made by NewClient", op)
			}
			assert.NotPanics(t, func() {
				assert.Empty(t, c.BaseURL())
				assert.Nil(t, c.Quota())
			})
		})
	}
}
