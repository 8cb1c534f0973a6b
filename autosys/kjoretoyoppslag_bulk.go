package autosys

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Paths of the bulk lookups, relative to the base URL.
const (
	bulkKjennemerkePath       = "kjoretoyoppslag/bulk/kjennemerke"
	bulkKuidPath              = "kjoretoyoppslag/bulk/kuid"
	bulkUnderstellsnummerPath = "kjoretoyoppslag/bulk/understellsnummer"
)

var (
	bulkKjennemerke = bulkOf("Bulk.Kjennemerke", func(r *KjennemerkeBulkResponse) bool { return r.Responser != nil })
	bulkKuid        = bulkOf("Bulk.Kuid", func(r *KuidBulkResponse) bool { return r.Responser != nil })
	bulkVIN         = bulkOf("Bulk.Understellsnummer", func(r *UnderstellsnummerBulkResponse) bool { return r.Responser != nil })
)

// errNoResponser is the envelope check of a bulk answer: a 200 without its
// list of answers ({}) is refused rather than read as an empty one.
var errNoResponser = errors.New(`the answer has no "responser"`)

// bulkOf declares a bulk lookup, answered with a list "responser" that
// hasResponser finds. A lookup changes nothing, so it is repeated like a
// GET when an attempt fails.
func bulkOf[R any](name string, hasResponser func(*R) bool) *endpoint.Op[R] {
	return &endpoint.Op[R]{
		Spec: endpoint.Spec{Name: name, Method: http.MethodPost, RetrySafe: true},
		Check: func(r *R) error {
			if !hasResponser(r) {
				return errNoResponser
			}
			return nil
		},
	}
}

// BulkService looks many vehicles up in one request, with their owners:
// the kjøretøyoppslag bulk operations of the AKF-Datautlevering API.
//
// These operations give out owner data. They answer only for a key whose
// consumer has been granted the roles for owner data in Statens vegvesen's
// access control (the enkeltoppslag key alone gets 401/403, ErrUnauthorized
// or ErrForbidden). Each call counts as one call against the client's local
// quota; the server counts the vehicles it gives out and reports what is
// left in GjenstaendeKvote.
//
// The API answers 400 (ErrBadRequest) when a list holds more items than it
// allows; the OpenAPI file names that limit ("maks antall lovlig") without
// giving its value, so the client refuses only empty lists and bad items.
type BulkService service

// Kjennemerke sends POST /kjoretoyoppslag/bulk/kjennemerke: for each item
// the vehicle that carried the plate, at the item's Dtg when set (only
// ownership, registration and plates depend on it). Plates are normalised
// as by NormalizeKjennemerke; an item that is not a valid plate, or an
// empty list, fails with ErrInvalidArgument before anything is sent. The
// answer holds one KjennemerkeResponse per item, whose Err reports its
// feilmelding.
func (s *BulkService) Kjennemerke(ctx context.Context, items []KjennemerkeRequest) (*KjennemerkeBulkResponse, error) {
	if len(items) == 0 {
		return nil, invalidf("bulk lookup by kjennemerke: the list is empty")
	}
	in := make([]KjennemerkeRequest, len(items))
	for i, it := range items {
		k, err := NormalizeKjennemerke(it.Kjennemerke)
		if err != nil {
			return nil, invalidf("item %d: %w", i, err)
		}
		in[i] = KjennemerkeRequest{Kjennemerke: k, Dtg: it.Dtg}
	}
	return bulk(ctx, s, bulkKjennemerke, bulkKjennemerkePath, in)
}

// Kuid sends POST /kjoretoyoppslag/bulk/kuid: for each item the vehicle
// with the register's id kuid, at the item's Dtg when set. A kuid must be
// 1–32 characters without white space; an empty list or a bad item fails
// with ErrInvalidArgument before anything is sent.
func (s *BulkService) Kuid(ctx context.Context, items []KuidRequest) (*KuidBulkResponse, error) {
	if len(items) == 0 {
		return nil, invalidf("bulk lookup by kuid: the list is empty")
	}
	in := make([]KuidRequest, len(items))
	for i, it := range items {
		k := strings.TrimSpace(it.Kuid)
		if n := utf8.RuneCountInString(k); n < 1 || n > 32 || strings.IndexFunc(k, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
		}) >= 0 {
			return nil, invalidf("item %d: kuid %q must be 1 to 32 characters without white space", i, it.Kuid)
		}
		in[i] = KuidRequest{Kuid: k, Dtg: it.Dtg}
	}
	return bulk(ctx, s, bulkKuid, bulkKuidPath, in)
}

// Understellsnummer sends POST /kjoretoyoppslag/bulk/understellsnummer: for
// each VIN every vehicle that carries it, with its owners. VINs are
// normalised as by NormalizeUnderstellsnummer; an empty list or a bad item
// fails with ErrInvalidArgument before anything is sent.
func (s *BulkService) Understellsnummer(ctx context.Context, items []UnderstellsnummerRequest) (*UnderstellsnummerBulkResponse, error) {
	if len(items) == 0 {
		return nil, invalidf("bulk lookup by understellsnummer: the list is empty")
	}
	in := make([]UnderstellsnummerRequest, len(items))
	for i, it := range items {
		u, err := NormalizeUnderstellsnummer(it.Understellsnummer)
		if err != nil {
			return nil, invalidf("item %d: %w", i, err)
		}
		in[i] = UnderstellsnummerRequest{Understellsnummer: u}
	}
	return bulk(ctx, s, bulkVIN, bulkUnderstellsnummerPath, in)
}

// bulk sends the bulk lookup op of the items in to path. The items are
// encoded before the call, so one that cannot be encoded is bad input,
// refused before anything is sent.
func bulk[R any](ctx context.Context, s *BulkService, op *endpoint.Op[R], path string, in any) (*R, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, invalidf("encoding the request: %w", err)
	}
	c := (*service)(s).client()
	r, err := op.Do(ctx, c.transport(), c.request(http.MethodPost,
		endpoint.Request{Path: path, Body: body, ContentType: "application/json"}))
	if err != nil {
		return nil, c.settle(ctx, err)
	}
	return r, nil
}

// feilmeldingError is the error for a feilmelding given instead of data:
// ErrBadRequest for an invalid plate, ErrServer for a service that is not
// available, ErrNotFound for the rest (unknown, or not given out).
func feilmeldingError(code, what string) *APIError {
	rf := refusal(code, what)
	return &APIError{API: "autosys", StatusCode: http.StatusOK, Kind: rf.Kind, Code: code, Message: rf.Message + " (" + code + ")"}
}

// Err returns nil when r holds a vehicle, else an *APIError for its
// feilmelding (ErrNotFound for KJENNEMERKE_UKJENT and
// OPPLYSNINGER_IKKE_TILGJENGELIGE, ErrBadRequest for KJENNEMERKE_UGYLDIG).
// A nil r has no vehicle either.
func (r *KjennemerkeResponse) Err() error {
	if r != nil && r.Feilmelding == "" && r.Kjoretoydata != nil {
		return nil
	}
	what := "kjennemerke"
	if r != nil && r.Request != nil {
		what += " " + r.Request.Kjennemerke
	}
	return feilmeldingError(itemCode(r != nil, func() string { return r.Feilmelding }), what)
}

// Err returns nil when r holds a vehicle, else an *APIError for its
// feilmelding, as KjennemerkeResponse.Err.
func (r *KuidResponse) Err() error {
	if r != nil && r.Feilmelding == "" && r.Kjoretoydata != nil {
		return nil
	}
	what := "kuid"
	if r != nil && r.Request != nil {
		what += " " + r.Request.Kuid
	}
	return feilmeldingError(itemCode(r != nil, func() string { return r.Feilmelding }), what)
}

// Err returns nil when r holds at least one vehicle, else an *APIError for
// its feilmelding, as KjennemerkeResponse.Err.
func (r *UnderstellsnummerResponse) Err() error {
	if r != nil && r.Feilmelding == "" && len(r.KjoretoydataListe) > 0 {
		return nil
	}
	what := "understellsnummer"
	if r != nil && r.Request != nil {
		what += " " + r.Request.Understellsnummer
	}
	return feilmeldingError(itemCode(r != nil, func() string { return r.Feilmelding }), what)
}

// Err returns nil when w holds a vehicle, else an *APIError for its
// feilmelding, as KjennemerkeResponse.Err.
func (w *KjoretoydataWrapper) Err() error {
	if w != nil && w.Feilmelding == "" && w.Kjoretoydata != nil {
		return nil
	}
	return feilmeldingError(itemCode(w != nil, func() string { return w.Feilmelding }), "this hit")
}

// itemCode is the feilmelding of an item, or OPPLYSNINGER_IKKE_TILGJENGELIGE
// when the item has neither data nor a feilmelding.
func itemCode(ok bool, f func() string) string {
	if ok {
		if s := strings.TrimSpace(f()); s != "" {
			return s
		}
	}
	return FeilmeldingIkkeTilgjengelig
}
