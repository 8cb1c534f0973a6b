package autosys_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

func TestBulkKjennemerke(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	dtg := time.Date(2016, 11, 15, 23, 0, 0, 0, autosys.Oslo())
	r, err := c.Bulk.Kjennemerke(testCtx(t), []autosys.KjennemerkeRequest{
		{Kjennemerke: "ek 39-085"}, {Kjennemerke: "ZZ 99999"}, {Kjennemerke: "BE 12335", Dtg: autosys.Timestamp{Time: dtg}},
	})
	require.NoError(t, err)
	require.Len(t, r.Responser, 3)
	require.NotNil(t, r.GjenstaendeKvote)
	assert.Equal(t, autosys.DailyQuota-2, *r.GjenstaendeKvote, "two vehicles given out")

	first := r.Responser[0]
	require.NoError(t, first.Err())
	assert.Equal(t, "EK39085", first.Request.Kjennemerke, "the plate is sent normalised")
	assert.Equal(t, "VOLKSWAGEN", first.Kjoretoydata.Merke(), "the enkeltoppslag accessors work on Kjoretoy")
	assert.Equal(t, "Kari", first.Kjoretoydata.Eierskap.Eier.Person.Fornavn)
	assert.Equal(t, autosystest.Kuid("EK 39085"), first.Kjoretoydata.KjoretoyID.Kuid)

	err = r.Responser[1].Err()
	require.ErrorIs(t, err, autosys.ErrNotFound)
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, autosys.FeilmeldingKjennemerkeUkjent, ae.Code)

	third := r.Responser[2]
	require.NoError(t, third.Err())
	assert.True(t, dtg.Equal(third.Request.Dtg.Time), "the dtg is echoed")
	assert.Nil(t, third.Kjoretoydata.Eierskap, "at the dtg the owner had not yet bought it")
}

func TestBulkKuidAndUnderstellsnummer(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	kr, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: autosystest.Kuid("ZT 40123")}, {Kuid: "42"}})
	require.NoError(t, err)
	require.Len(t, kr.Responser, 2)
	require.NoError(t, kr.Responser[0].Err())
	e := kr.Responser[0].Kjoretoydata.Eierskap
	assert.Equal(t, "FIKTIV TRANSPORT AS", e.Eier.Enhet.Organisasjonsnavn)
	assert.Equal(t, "975310000", e.Underenhet.Enhet.Organisasjonsnummer)
	assert.ErrorIs(t, kr.Responser[1].Err(), autosys.ErrNotFound)

	ur, err := c.Bulk.Understellsnummer(ctx, []autosys.UnderstellsnummerRequest{{Understellsnummer: " xp7ygcek9pb123456 "}, {Understellsnummer: "NOPE"}})
	require.NoError(t, err)
	require.NoError(t, ur.Responser[0].Err())
	require.Len(t, ur.Responser[0].KjoretoydataListe, 1)
	hit := ur.Responser[0].KjoretoydataListe[0]
	require.NoError(t, hit.Err())
	assert.Equal(t, "FIKTIV LEASING AS", hit.Kjoretoydata.Eierskap.Eier.Enhet.Organisasjonsnavn)
	assert.Equal(t, "Kari", hit.Kjoretoydata.Eierskap.Leasingtaker.Person.Fornavn)
	assert.ErrorIs(t, ur.Responser[1].Err(), autosys.ErrNotFound)
}

// TestKjoretoyoppslagRefusesBadInput: every bad input fails with
// ErrInvalidArgument before a request, without the personal data in the
// message.
func TestKjoretoyoppslagRefusesBadInput(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	fnr := autosystest.OwnerKari.Fodselsnummer
	badFnr := fnr[:10] + string('0'+(fnr[10]-'0'+1)%10)
	tests := []struct {
		name string
		call func() error
	}{
		{"bulk kjennemerke empty", func() error { _, err := c.Bulk.Kjennemerke(ctx, nil); return err }},
		{"bulk kjennemerke bad plate", func() error {
			_, err := c.Bulk.Kjennemerke(ctx, []autosys.KjennemerkeRequest{{Kjennemerke: "EK39085"}, {Kjennemerke: "A"}})
			return err
		}},
		{"bulk kuid empty", func() error { _, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{}); return err }},
		{"bulk kuid blank", func() error { _, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: " "}}); return err }},
		{"bulk kuid white space", func() error { _, err := c.Bulk.Kuid(ctx, []autosys.KuidRequest{{Kuid: "12 34"}}); return err }},
		{"bulk vin empty", func() error { _, err := c.Bulk.Understellsnummer(ctx, nil); return err }},
		{"bulk vin too long", func() error {
			_, err := c.Bulk.Understellsnummer(ctx, []autosys.UnderstellsnummerRequest{{Understellsnummer: "WVWZZZAUZH89504290000"}})
			return err
		}},
		{"person nil", func() error { _, err := c.Person.List(ctx, nil); return err }},
		{"person bad control digit", func() error {
			_, err := c.Person.List(ctx, &autosys.PersonQuery{Fodselsnummer: badFnr, Etternavn: "Nordmann"})
			return err
		}},
		{"person short", func() error {
			_, err := c.Person.List(ctx, &autosys.PersonQuery{Fodselsnummer: "1234", Etternavn: "Nordmann"})
			return err
		}},
		{"person no etternavn", func() error { _, err := c.Person.List(ctx, &autosys.PersonQuery{Fodselsnummer: fnr}); return err }},
		{"organisasjon bad control digit", func() error {
			_, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340008"})
			return err
		}},
		{"organisasjon negative side", func() error {
			_, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Side: -1})
			return err
		}},
		{"organisasjon antall too large", func() error {
			_, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: autosys.MaxAntall + 1})
			return err
		}},
		{"organisasjon All nil", func() error {
			for _, err := range c.Organisasjon.All(ctx, nil) {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.ErrorIs(t, err, autosys.ErrInvalidArgument)
			assert.NotContains(t, err.Error(), badFnr[:6])
		})
	}
	assert.Zero(t, len(srv.Requests()))
}

func TestPersonListAndAll(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	q := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	p, err := c.Person.List(ctx, q)
	require.NoError(t, err)
	require.NotNil(t, p.GjenstaendeKvote)
	assert.Zero(t, p.Next, "the person search is not paged")
	var plates []string
	for w, err := range c.Person.All(ctx, q) {
		require.NoError(t, err)
		require.NoError(t, w.Err())
		plates = append(plates, w.Kjoretoydata.RegistrertKjennemerke())
	}
	assert.ElementsMatch(t, []string{"EK 39085", "BE 12335", "EC 45678"}, plates)
	assert.Len(t, p.Items, 3)

	// A moment before she bought the e-Golf and leased the Tesla.
	p, err = c.Person.List(ctx, &autosys.PersonQuery{Fodselsnummer: q.Fodselsnummer, Etternavn: "Nordmann", Dtg: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, "BE 12335", p.Items[0].Kjoretoydata.RegistrertKjennemerke())
}

func TestOrganisasjonPaging(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	q := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912 340 007", Antall: 4}
	p, err := c.Organisasjon.List(ctx, q)
	require.NoError(t, err)
	assert.Len(t, p.Items, 4)
	assert.Equal(t, 1, p.Next)
	p2, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: q.Organisasjonsnummer, Antall: 4, Side: p.Next})
	require.NoError(t, err)
	assert.Len(t, p2.Items, 2)
	assert.Zero(t, p2.Next, "a short page is the last")

	for _, antall := range []int{0, 1, 2, 3, 6} {
		before := len(srv.Requests())
		var plates []string
		for w, err := range c.Organisasjon.All(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: q.Organisasjonsnummer, Antall: antall}) {
			require.NoError(t, err)
			plates = append(plates, w.Kjoretoydata.RegistrertKjennemerke())
		}
		assert.Len(t, plates, 6, "antall %d", antall)
		want := 1
		if antall > 0 {
			want = 6/antall + 1 // the last full page is followed by an empty one
		}
		assert.Equal(t, want, len(srv.Requests())-before, "antall %d", antall)
	}
	// Breaking early sends nothing more.
	before := len(srv.Requests())
	for range c.Organisasjon.All(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: q.Organisasjonsnummer, Antall: 1}) {
		break
	}
	assert.Equal(t, 1, len(srv.Requests())-before)
}

// TestOrganisasjonPages: each page says where it is and where the next
// starts, so a job can stop and resume from Next; the query is copied.
func TestOrganisasjonPages(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := testCtx(t)
	q := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: 2}
	type seen struct{ side, antall, next, n int }
	var pages []seen
	for p, err := range c.Organisasjon.Pages(ctx, q) {
		require.NoError(t, err)
		require.NotNil(t, p.GjenstaendeKvote)
		pages = append(pages, seen{p.Side, p.Antall, p.Next, len(p.Items)})
		q.Side = 99 // the iterator took its own copy
	}
	// Three full pages of 2 and the empty page that ends the list.
	assert.Equal(t, []seen{{0, 2, 1, 2}, {1, 2, 2, 2}, {2, 2, 3, 2}, {3, 2, 0, 0}}, pages)

	// Resume from a page's Next.
	var plates []string
	for w, err := range c.Organisasjon.All(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: 2, Side: 2}) {
		require.NoError(t, err)
		plates = append(plates, w.Kjoretoydata.RegistrertKjennemerke())
	}
	assert.Len(t, plates, 2)
	uris := []string{}
	for _, r := range srv.Requests()[len(srv.Requests())-2:] {
		uris = append(uris, r.Query)
	}
	assert.Contains(t, uris[0], "side=2")
	assert.Contains(t, uris[1], "side=3")

	// The API's default page (MaxAntall) is one page for all six.
	p, err := c.Organisasjon.List(ctx, &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007"})
	require.NoError(t, err)
	assert.Equal(t, autosys.MaxAntall, p.Antall)
	assert.Len(t, p.Items, 6)
	assert.Zero(t, p.Next)

	// The person search is one page.
	n := 0
	for p, err := range c.Person.Pages(ctx, &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerOla.Fodselsnummer, Etternavn: "Nordmann"}) {
		require.NoError(t, err)
		assert.Len(t, p.Items, 3)
		assert.Zero(t, p.Next)
		assert.Zero(t, p.Antall)
		n++
	}
	assert.Equal(t, 1, n)
}

// TestPersonLocalRefusalKeepsPersonalData: a person search refused by the
// local quota names the call without the fødselsnummer or etternavn.
func TestPersonLocalRefusalKeepsPersonalData(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv, autosys.WithDailyQuota(1))
	ctx := testCtx(t)
	q := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	_, err := c.Person.List(ctx, q)
	require.NoError(t, err)
	for _, err := range []error{
		func() error { _, err := c.Person.List(ctx, q); return err }(),
		drain(c.Person.All(ctx, q)),
	} {
		require.ErrorIs(t, err, autosys.ErrQuotaExceeded)
		var ae *autosys.APIError
		require.ErrorAs(t, err, &ae)
		assert.Contains(t, ae.URL, "/kjoretoyoppslag/person?")
		for _, s := range []string{err.Error(), ae.URL, ae.Message} {
			assert.NotContains(t, s, q.Fodselsnummer)
			assert.NotContains(t, s, q.Etternavn)
		}
	}
	assert.Len(t, srv.Requests(), 1)
}

// TestKjoretoyoppslagErrors: the API's refusals come back typed, a spent
// quota is not retried and marks the local quota, and the personal data of
// a person search never reaches the error.
func TestKjoretoyoppslagErrors(t *testing.T) {
	fnr := autosystest.OwnerKari.Fodselsnummer
	person := func(c *autosys.Client) error {
		_, err := c.Person.List(testCtx(t), &autosys.PersonQuery{Fodselsnummer: fnr, Etternavn: "Nordmann"})
		return err
	}
	bulk := func(c *autosys.Client) error {
		_, err := c.Bulk.Kjennemerke(testCtx(t), []autosys.KjennemerkeRequest{{Kjennemerke: "EK39085"}, {Kjennemerke: "BE12335"}})
		return err
	}
	tests := []struct {
		name     string
		opts     []autosystest.Option
		fail     []autosystest.Fault
		call     func(*autosys.Client) error
		want     error
		status   int
		requests int
	}{
		{name: "bulk too many items", opts: []autosystest.Option{autosystest.WithBulkLimit(1)}, call: bulk, want: autosys.ErrBadRequest, status: 400, requests: 1},
		{name: "bulk quota in vehicles", opts: []autosystest.Option{autosystest.WithDailyQuota(1)}, call: bulk, want: autosys.ErrQuotaExceeded, status: 422, requests: 1},
		{name: "bulk 429", fail: []autosystest.Fault{{Status: 429}}, call: bulk, want: autosys.ErrQuotaExceeded, status: 429, requests: 1},
		{name: "bulk 503 then ok", fail: []autosystest.Fault{{Status: 503}}, call: bulk, requests: 2},
		{name: "bulk truncated then ok", fail: []autosystest.Fault{{Truncate: true}}, call: bulk, requests: 2},
		{name: "person 429", fail: []autosystest.Fault{{Status: 429}}, call: person, want: autosys.ErrQuotaExceeded, status: 429, requests: 1},
		{name: "person 403", opts: []autosystest.Option{autosystest.WithKeys("other")}, call: person, want: autosys.ErrForbidden, status: 403, requests: 1},
		{name: "person too many hits", fail: []autosystest.Fault{{Status: 400, Body: `{"feilmelding":"For mange treff","request":{"fodselsnummer":"` + fnr + `","etternavn":"Nordmann"}}`}}, call: person, want: autosys.ErrBadRequest, status: 400, requests: 1},
		{name: "person 500 every time", fail: []autosystest.Fault{{Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}}, call: person, want: autosys.ErrServer, status: 500, requests: 4},
		{name: "person feilmelding", fail: []autosystest.Fault{{Status: 200, Body: `{"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE"}`}}, call: person, want: autosys.ErrNotFound, status: 200, requests: 1},
		{name: "person garbage", fail: []autosystest.Fault{{Status: 200, Body: `{"kjoretoydataListe":`}}, call: person, want: autosys.ErrInvalidResponse, status: 200, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := autosystest.NewServer(tt.opts...)
			defer srv.Close()
			srv.Script(tt.fail...)
			c := newClient(t, srv)
			err := tt.call(c)
			assert.Equal(t, tt.requests, len(srv.Requests()))
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			var ae *autosys.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.status, ae.StatusCode)
			assert.NotEmpty(t, ae.Message)
			for _, s := range []string{err.Error(), ae.URL, ae.Message, string(ae.Body)} {
				assert.NotContains(t, s, fnr)
				assert.NotContains(t, s, testKey)
			}
			if errors.Is(err, autosys.ErrQuotaExceeded) {
				assert.Zero(t, c.Quota().Remaining(), "the local quota is marked spent")
				before := len(srv.Requests())
				require.ErrorIs(t, tt.call(c), autosys.ErrQuotaExceeded)
				assert.Equal(t, before, len(srv.Requests()), "refused locally")
			}
		})
	}
}

// TestOwnerModelsRoundTrip: the owner models read from the fake's bulk
// answer marshal back to the same values.
func TestOwnerModelsRoundTrip(t *testing.T) {
	// The owner models too, through a bulk answer of the fake.
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	r, err := c.Bulk.Kjennemerke(testCtx(t), []autosys.KjennemerkeRequest{{Kjennemerke: "ZT40123"}, {Kjennemerke: "EC45678"}})
	require.NoError(t, err)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var back autosys.KjennemerkeBulkResponse
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, &back)
}

// TestNilSafeAccessors: the Err methods answer on nil receivers.
func TestNilSafeAccessors(t *testing.T) {
	var k *autosys.KjennemerkeResponse
	var u *autosys.UnderstellsnummerResponse
	var q *autosys.KuidResponse
	var w *autosys.KjoretoydataWrapper
	for _, err := range []error{k.Err(), u.Err(), q.Err(), w.Err()} {
		assert.ErrorIs(t, err, autosys.ErrNotFound)
	}
	var kj *autosys.Kjoretoy
	assert.Empty(t, kj.Eier().Navn())
	assert.Empty(t, kj.Leasingtaker().Organisasjonsnummer())
	assert.Nil(t, (&autosys.Kjoretoy{}).Medeier())
	assert.Empty(t, kj.Merke(), "the embedded accessors on a nil *Kjoretoy")
}
