package autosys_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// TestEnvelopes: a 200 that is not the documented answer of its operation
// ({} without the list or a feilmelding, an array, an HTML page, null
// items) is ErrInvalidResponse with status and request id for every
// operation, never an empty success or "not found", and is not retried.
func TestEnvelopes(t *testing.T) {
	kari := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	org := &autosys.OrganisasjonQuery{Organisasjonsnummer: autosystest.OwnerFiktivTransport.Organisasjonsnummer}
	ops := []struct {
		name string
		call func(c *autosys.Client) error
		junk []string // bodies particular to the operation, beside {}, [] and HTML
	}{
		{"LookupKjennemerke", func(c *autosys.Client) error { _, err := c.LookupKjennemerke(testCtx(t), "EK39085"); return err },
			[]string{`{"kjoretoydataListe":null}`, `{"kjoretoydataListe":[null]}`, `{"kjoretoydataListe":[{"kjoretoyId":{"kjennemerke":"EK 39085"}},{}]}`}},
		{"Bulk.Kjennemerke", func(c *autosys.Client) error {
			_, err := c.Bulk.Kjennemerke(testCtx(t), []autosys.KjennemerkeRequest{{Kjennemerke: "EK39085"}})
			return err
		}, []string{`{"gjenstaendeKvote":3}`, `{"responser":null}`}},
		{"Bulk.Kuid", func(c *autosys.Client) error {
			_, err := c.Bulk.Kuid(testCtx(t), []autosys.KuidRequest{{Kuid: "1"}})
			return err
		}, []string{`{"gjenstaendeKvote":3}`}},
		{"Bulk.Understellsnummer", func(c *autosys.Client) error {
			_, err := c.Bulk.Understellsnummer(testCtx(t), []autosys.UnderstellsnummerRequest{{Understellsnummer: "X"}})
			return err
		}, []string{`{"gjenstaendeKvote":3}`}},
		{"Person.List", func(c *autosys.Client) error { _, err := c.Person.List(testCtx(t), kari); return err },
			[]string{`{"gjenstaendeKvote":3}`, `{"kjoretoydataListe":[null]}`}},
		{"Person.All", func(c *autosys.Client) error { return drain(c.Person.All(testCtx(t), kari)) },
			[]string{`{"kjoretoydataListe":null}`}},
		{"Organisasjon.List", func(c *autosys.Client) error { _, err := c.Organisasjon.List(testCtx(t), org); return err },
			[]string{`{"gjenstaendeKvote":3}`, `{"kjoretoydataListe":[{"kjoretoydata":{}},null]}`}},
		{"Organisasjon.Pages", func(c *autosys.Client) error { return drain(c.Organisasjon.Pages(testCtx(t), org)) }, nil},
		{"Organisasjon.All", func(c *autosys.Client) error { return drain(c.Organisasjon.All(testCtx(t), org)) }, nil},
	}
	for _, op := range ops {
		for _, body := range append([]string{`{}`, `[]`, `<html><body>Service Unavailable</body></html>`}, op.junk...) {
			t.Run(op.name+"/"+body, func(t *testing.T) {
				srv := autosystest.NewServer()
				defer srv.Close()
				srv.Script(autosystest.Fault{Status: http.StatusOK, Body: body})
				c := newClient(t, srv)
				err := op.call(c)
				require.ErrorIs(t, err, autosys.ErrInvalidResponse)
				assert.NotErrorIs(t, err, autosys.ErrNotFound)
				var ae *autosys.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, http.StatusOK, ae.StatusCode)
				assert.NotEmpty(t, ae.RequestID)
				assert.Len(t, srv.Requests(), 1, "an answer that arrived whole is not asked again")
				assert.NotContains(t, err.Error(), kari.Fodselsnummer)
			})
		}
	}
}

// TestOwnerSearchFeilmelding: a feilmelding in place of hits is the API
// saying why it gives nothing out: an error of its kind with the answer's
// status and request id, the personal data kept out of it.
func TestOwnerSearchFeilmelding(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	kari := &autosys.PersonQuery{Fodselsnummer: autosystest.OwnerKari.Fodselsnummer, Etternavn: "Nordmann"}
	srv.Script(autosystest.Fault{Status: http.StatusOK, Body: `{"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE","kjoretoydataListe":[]}`})
	_, err := c.Person.List(testCtx(t), kari)
	require.ErrorIs(t, err, autosys.ErrNotFound)
	var ae *autosys.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusOK, ae.StatusCode)
	assert.Equal(t, autosys.FeilmeldingIkkeTilgjengelig, ae.Code)
	assert.NotEmpty(t, ae.RequestID)
	assert.Contains(t, ae.URL, "/kjoretoyoppslag/person?")
	for _, s := range []string{err.Error(), ae.URL, ae.Message} {
		assert.NotContains(t, s, kari.Fodselsnummer)
		assert.NotContains(t, s, "Nordmann")
	}
}
