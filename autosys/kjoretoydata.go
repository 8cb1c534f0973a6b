package autosys

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Feilmelding codes the API puts in a 200 answer instead of vehicle data.
const (
	// FeilmeldingIkkeTilgjengelig: no data can be given out for the
	// kjennemerke or understellsnummer (unknown, or shielded).
	FeilmeldingIkkeTilgjengelig = "OPPLYSNINGER_IKKE_TILGJENGELIGE"
	// FeilmeldingKjennemerkeUkjent: the plate is not known.
	FeilmeldingKjennemerkeUkjent = "KJENNEMERKE_UKJENT"
	// FeilmeldingKjennemerkeUgyldig: the plate is not a valid plate.
	FeilmeldingKjennemerkeUgyldig = "KJENNEMERKE_UGYLDIG"
	// FeilmeldingTjenesteIkkeTilgjengelig: the service is unavailable.
	FeilmeldingTjenesteIkkeTilgjengelig = "TJENESTE_IKKE_TILGJENGELIG"
)

// The enkeltoppslag, declared once per method that sends it, so every
// attempt carries the name of the method the caller called.
var (
	kjennemerkeLookup       = lookupOf("LookupKjennemerke")
	understellsnummerLookup = lookupOf("LookupUnderstellsnummer")
	oppslagLookup           = lookupOf("Lookup")
	manyLookup              = lookupOf("LookupMany")
)

// lookupOf declares GET /enkeltoppslag/kjoretoydata under name.
func lookupOf(name string) *endpoint.Op[KjoretoydataResponse] {
	return &endpoint.Op[KjoretoydataResponse]{
		Spec:   endpoint.Spec{Name: name, MaxBody: maxLookupBody},
		Decode: decodeLookup,
		Check:  checkLookup,
	}
}

// maxLookupBody bounds the body of one lookup (a vehicle is about 10 KiB),
// far below the limit for answers decoded whole.
const maxLookupBody = 8 << 20

// LookupKjennemerke returns the vehicle that carries the plate kjennemerke
// (ordinary, vintage or personal, 2–7 letters and digits; spaces, hyphens
// and case do not matter). When the register gives out nothing the error
// matches ErrNotFound and, as an *APIError, carries the API's feilmelding
// in Code.
func (c *Client) LookupKjennemerke(ctx context.Context, kjennemerke string) (*Kjoretoydata, error) {
	k, err := NormalizeKjennemerke(kjennemerke)
	if err != nil {
		return nil, err
	}
	return first(c.lookup(ctx, kjennemerkeLookup, Oppslag{Kjennemerke: k}))
}

// LookupUnderstellsnummer returns the vehicle with the VIN
// understellsnummer (1–19 characters). When several vehicles share it, the
// first is returned; Lookup returns them all.
func (c *Client) LookupUnderstellsnummer(ctx context.Context, understellsnummer string) (*Kjoretoydata, error) {
	u, err := NormalizeUnderstellsnummer(understellsnummer)
	if err != nil {
		return nil, err
	}
	return first(c.lookup(ctx, understellsnummerLookup, Oppslag{Understellsnummer: u}))
}

// Lookup sends one GET /enkeltoppslag/kjoretoydata for o and returns the
// whole answer, which holds at least one vehicle. It refuses an Oppslag
// with both or neither field set (the API's 400) before sending anything.
//
// Every form in which the API says "nothing to give out" becomes an error
// matching ErrNotFound: 204, 404, and a 200 whose feilmelding is
// OPPLYSNINGER_IKKE_TILGJENGELIGE, whose list is empty, or whose body is
// that word as plain text. A 200 that is none of these and no
// KjoretoydataResponse either ({}, [], HTML) is ErrInvalidResponse. A spent
// quota (422, or any 429) fails at once with ErrQuotaExceeded; 5xx answers
// and dropped connections are retried.
func (c *Client) Lookup(ctx context.Context, o Oppslag) (*KjoretoydataResponse, error) {
	return c.lookup(ctx, oppslagLookup, o)
}

// lookup sends the enkeltoppslag of o, normalised, through op.
func (c *Client) lookup(ctx context.Context, op *endpoint.Op[KjoretoydataResponse], o Oppslag) (*KjoretoydataResponse, error) {
	n, err := o.Normalize()
	if err != nil {
		return nil, err
	}
	q, err := endpoint.Values(n)
	if err != nil {
		return nil, invalidf("%w", err)
	}
	r, err := op.Do(ctx, c.transport(), c.request(http.MethodGet, endpoint.Request{Path: lookupPath, Query: q}))
	if err != nil {
		return nil, c.settle(ctx, err)
	}
	return r, nil
}

// first returns the first vehicle of a lookup's answer, which the
// envelope check guarantees.
func first(r *KjoretoydataResponse, err error) (*Kjoretoydata, error) {
	if err != nil {
		return nil, err
	}
	return &r.KjoretoydataListe[0], nil
}

// decodeLookup reads a 2xx answer of the enkeltoppslag. The API says
// "nothing to give out" in several forms, each a Refusal of the kind its
// feilmelding gives (ErrNotFound unless KJENNEMERKE_UGYLDIG or
// TJENESTE_IKKE_TILGJENGELIG says otherwise):
//
//   - 200 {"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE"}, the list empty
//     or missing: the OpenAPI file's KjoretoydataResponse, and what the
//     portal's error table gives for an unknown or shielded plate;
//   - 204 with no body, or a 200 with an empty one: seen from the live
//     service by clients in Python and TypeScript, not in the OpenAPI file;
//   - 200 with the feilmelding as plain text (or a JSON string): seen by
//     clients too;
//   - 404 is an error status and classified by decodeError.
//
// Anything else that is not a JSON object is no KjoretoydataResponse at
// all (an HTML page from a proxy, []): ErrInvalidResponse.
func decodeLookup(resp *endpoint.Response, out *KjoretoydataResponse) error {
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	b := bytes.TrimSpace(body)
	if resp.StatusCode == http.StatusNoContent || len(b) == 0 {
		return lookupRefusal(resp, "")
	}
	if s := strings.Trim(string(b), `"`); isFeilmeldingCode(s) {
		return lookupRefusal(resp, s)
	}
	if b[0] != '{' {
		// The excerpt is scrubbed before it is cut: a cut through an echoed
		// key would leave a prefix no scrubber recognises.
		return fmt.Errorf("expected a JSON object, got %q", resp.Excerpt(string(b), 60))
	}
	if err := endpoint.DecodeBody(bytes.NewReader(b), out); err != nil {
		return err
	}
	if len(out.KjoretoydataListe) == 0 && (out.KjoretoydataListe != nil || out.Feilmelding != "") {
		return lookupRefusal(resp, strings.TrimSpace(out.Feilmelding))
	}
	return nil
}

// errNoEnvelope is the envelope check of every answer with a
// kjoretoydataListe: the OpenAPI file requires no member, but an answer
// without the list and without a feilmelding saying why ({}) is not one of
// the forms the API answers in, so it is refused rather than read as
// "nothing found".
var errNoEnvelope = errors.New(`the answer has neither "kjoretoydataListe" nor "feilmelding"`)

// checkLookup is the envelope check of the enkeltoppslag: the answer holds
// a list, and every vehicle in it holds something (not null, not {}).
func checkLookup(r *KjoretoydataResponse) error {
	if r.KjoretoydataListe == nil {
		return errNoEnvelope
	}
	for i := range r.KjoretoydataListe {
		if r.KjoretoydataListe[i].empty() {
			return fmt.Errorf("vehicle %d of the answer is empty (null or {})", i)
		}
	}
	return nil
}

// empty reports whether k holds none of the vehicle's groups.
func (k *Kjoretoydata) empty() bool {
	return k.KjoretoyID == nil && k.Forstegangsregistrering == nil && len(k.Kjennemerke) == 0 &&
		k.Registrering == nil && k.Godkjenning == nil && k.PeriodiskKjoretoyKontroll == nil
}

// lookupRefusal is the error of a lookup whose answer gives out nothing;
// code is its feilmelding, "" when it gave none.
func lookupRefusal(resp *endpoint.Response, code string) error {
	q := resp.Request.URL.Query()
	what := "kjennemerke " + q.Get("kjennemerke")
	if u := q.Get("understellsnummer"); u != "" {
		what = "understellsnummer " + u
	}
	rf := refusal(code, what)
	if resp.StatusCode == http.StatusNoContent {
		rf.Message += " (204 No Content)"
	}
	return rf
}

// refusal is the error for a feilmelding given instead of data:
// ErrBadRequest for an invalid plate, ErrServer for a service that is not
// available, ErrNotFound for the rest (unknown, or not given out).
func refusal(code, what string) *endpoint.Refusal {
	switch code {
	case FeilmeldingKjennemerkeUgyldig:
		return &endpoint.Refusal{Kind: ErrBadRequest, Code: code, Message: "the API does not accept " + what}
	case FeilmeldingTjenesteIkkeTilgjengelig:
		return &endpoint.Refusal{Kind: ErrServer, Code: code, Message: "the service is not available"}
	}
	return &endpoint.Refusal{Kind: ErrNotFound, Code: code, Message: "no vehicle data available for " + what}
}
