package autosys

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/vegdata/go-vegdata/internal/transport"
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
	return c.lookupOne(ctx, Oppslag{Kjennemerke: k})
}

// LookupUnderstellsnummer returns the vehicle with the VIN
// understellsnummer (1–19 characters). When several vehicles share it, the
// first is returned; Lookup returns them all.
func (c *Client) LookupUnderstellsnummer(ctx context.Context, understellsnummer string) (*Kjoretoydata, error) {
	u, err := NormalizeUnderstellsnummer(understellsnummer)
	if err != nil {
		return nil, err
	}
	return c.lookupOne(ctx, Oppslag{Understellsnummer: u})
}

func (c *Client) lookupOne(ctx context.Context, o Oppslag) (*Kjoretoydata, error) {
	r, err := c.Lookup(ctx, o)
	if err != nil {
		return nil, err
	}
	return &r.KjoretoydataListe[0], nil
}

// Lookup sends one GET /enkeltoppslag/kjoretoydata for o and returns the
// whole answer, which holds at least one vehicle. It refuses an Oppslag
// with both or neither field set (the API's 400) before sending anything.
//
// Every form in which the API says "nothing to give out" becomes an error
// matching ErrNotFound: 204, 404, and a 200 whose feilmelding is
// OPPLYSNINGER_IKKE_TILGJENGELIGE, whose list is empty, or whose body is
// that word as plain text. A spent quota (422, or any 429) fails at once
// with ErrQuotaExceeded; 5xx answers and dropped connections are retried.
func (c *Client) Lookup(ctx context.Context, o Oppslag) (*KjoretoydataResponse, error) {
	n, err := o.Normalize()
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	if n.Kjennemerke != "" {
		q.Set("kjennemerke", n.Kjennemerke)
	} else {
		q.Set("understellsnummer", n.Understellsnummer)
	}
	var out *KjoretoydataResponse
	err = c.send(ctx, &transport.Request{Path: lookupPath, Query: q, Accept: "application/json", MaxBody: maxLookupBody, Operation: "Lookup"},
		func(resp *transport.Response, body []byte) error {
			out, err = c.decode(resp, n, body)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// send makes one call with the quota counted: the transport asks the quota
// before every attempt, retries included, so a call is refused with
// ErrQuotaExceeded before anything is sent once the local count says the
// quota is spent; a spent quota reported by the server is remembered until
// its reset. decode gets the whole 2xx body, read up to r.MaxBody.
func (c *Client) send(ctx context.Context, r *transport.Request, decode func(*transport.Response, []byte) error) error {
	r.BeforeAttempt = c.reserve(r)
	_, err := c.tc.Fetch(ctx, r, func(resp *transport.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		return decode(resp, body)
	})
	if err != nil {
		c.account(ctx, err)
	}
	return err
}

// reserve returns the attempt hook that takes one call from the quota
// counter (local or shared), or nil when counting is off. A counter whose
// store cannot be reached fails the call with its own error, before the
// attempt is sent.
func (c *Client) reserve(r *transport.Request) func(context.Context) error {
	if c.quota == nil {
		return nil
	}
	return func(ctx context.Context) error {
		ok, reset, err := c.quota.Reserve(ctx)
		if err != nil {
			return err
		}
		if !ok {
			u := c.tc.BaseURL() + "/" + r.Path
			if len(r.Query) > 0 {
				u += "?" + r.Query.Encode()
			}
			return &APIError{
				API: "autosys", Method: r.HTTPMethod(), URL: u,
				Kind:    ErrQuotaExceeded,
				Message: "refused locally: " + c.refusal(ctx),
				RetryAt: reset,
			}
		}
		return nil
	}
}

// refusal words a local refusal from the counter's status.
func (c *Client) refusal(ctx context.Context) string {
	st, err := c.quota.Status(ctx)
	switch {
	case err != nil:
		return "the daily quota of this key is spent"
	case st.Used >= st.Limit:
		return fmt.Sprintf("%d calls counted today against a daily quota of %d", st.Used, st.Limit)
	default:
		return "the server reported the daily quota of this key spent"
	}
}

// account remembers a quota the server said is spent, for every instance
// when the counter is shared; recorded even when ctx has ended, since the
// next call must see it.
func (c *Client) account(ctx context.Context, err error) {
	if c.quota == nil {
		return
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode != 0 && errors.Is(ae, ErrQuotaExceeded) {
		_ = c.quota.MarkSpent(context.WithoutCancel(ctx), ae.RetryAt)
	}
}

// decode reads a 2xx answer; see Lookup for the forms of "not found".
func (c *Client) decode(resp *transport.Response, o Oppslag, body []byte) (*KjoretoydataResponse, error) {
	what := "kjennemerke " + o.Kjennemerke
	if o.Understellsnummer != "" {
		what = "understellsnummer " + o.Understellsnummer
	}
	notFound := func(code string) error {
		kind, msg := ErrNotFound, "no vehicle data available for "+what
		switch code {
		case FeilmeldingKjennemerkeUgyldig:
			kind, msg = ErrBadRequest, "the API does not accept "+what
		case FeilmeldingTjenesteIkkeTilgjengelig:
			kind, msg = ErrServer, "the service is not available"
		}
		if resp.StatusCode == http.StatusNoContent {
			msg += " (204 No Content)"
		}
		return c.tc.NewError(resp, kind, code, msg)
	}
	b := bytes.TrimSpace(body)
	if resp.StatusCode == http.StatusNoContent || len(b) == 0 {
		return nil, notFound("")
	}
	if s := strings.Trim(string(b), `"`); isFeilmeldingCode(s) {
		return nil, notFound(s) // the code as plain text (or a JSON string)
	}
	if b[0] != '{' {
		// The excerpt is scrubbed before it is cut: a cut through an echoed
		// key would leave a prefix no scrubber recognises.
		return nil, c.tc.InvalidResponse(resp, fmt.Errorf("expected a JSON object, got %q", c.tc.Clean(string(b), 60)))
	}
	var r KjoretoydataResponse
	if err := transport.DecodeJSON(bytes.NewReader(b), &r); err != nil {
		return nil, c.tc.InvalidResponse(resp, err)
	}
	if len(r.KjoretoydataListe) == 0 {
		return nil, notFound(strings.TrimSpace(r.Feilmelding))
	}
	return &r, nil
}

// maxLookupBody bounds the body of one lookup (a vehicle is about 10 KiB),
// far below the transport's limit for answers decoded whole.
const maxLookupBody = 8 << 20
