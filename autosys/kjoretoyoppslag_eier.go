package autosys

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Paths of the owner searches, relative to the base URL.
const (
	personPath       = "kjoretoyoppslag/person"
	organisasjonPath = "kjoretoyoppslag/organisasjon"
)

// MaxAntall is the largest page of GET /kjoretoyoppslag/organisasjon: the
// OpenAPI file's default for antall, above which the API answers 400
// ("Antall-parameter er høyere enn tillatt antall treff").
const MaxAntall = 2000

// Page is one answer of an owner search: its hits, the quota the server
// says is left, and where the next page starts. Side is this page's
// number (from 0); Next is the side of the following page, 0 when this
// page is the last (side 0 is always a first page, never a next one).
type Page struct {
	Items            []*KjoretoydataWrapper
	GjenstaendeKvote *int   // calls (vehicles) left in the period, when the server said
	Feilmelding      string // the answer's feilmelding, when any came with hits
	Side             int
	Antall           int // the page size asked for
	Next             int
}

// PersonQuery is a search for the vehicles a person owns, co-owns or
// leases. Fodselsnummer (11 digits, D-nummer included) and Etternavn
// (exactly as in Folkeregisteret) are required; Dtg, when set, asks for
// the state at that moment.
type PersonQuery struct {
	Fodselsnummer string
	Etternavn     string
	Dtg           time.Time
}

// OrganisasjonQuery is a search for the vehicles an organisation owns or
// co-owns. Organisasjonsnummer (9 digits) is required; Side is the page
// to fetch (from 0) and Antall its size (1–MaxAntall, 0 for the API's
// default of MaxAntall); Dtg, when set, asks for the state at that moment.
type OrganisasjonQuery struct {
	Organisasjonsnummer string
	Dtg                 time.Time
	Side                int
	Antall              int
}

// PersonService searches vehicles by owner person: GET
// /kjoretoyoppslag/person. It gives out owner data and answers only for a
// key whose consumer has been granted those roles in Statens vegvesen's
// access control (otherwise ErrUnauthorized or ErrForbidden). The
// fødselsnummer and etternavn are removed from errors.
type PersonService struct{ c *Client }

// OrganisasjonService searches vehicles by owner organisation: GET
// /kjoretoyoppslag/organisasjon, paged with side and antall. It gives out
// owner data and needs the same access as PersonService.
type OrganisasjonService struct{ c *Client }

// List sends GET /kjoretoyoppslag/person and returns its hits as one page:
// the API does not page this search and answers 400 (ErrBadRequest) when
// it has more hits than it gives out at once. A missing or malformed
// fødselsnummer (11 digits with valid control digits) or an empty
// etternavn fails with ErrInvalidArgument before anything is sent.
func (s *PersonService) List(ctx context.Context, q *PersonQuery) (*Page, error) {
	if q == nil {
		return nil, invalidf("PersonQuery is nil")
	}
	fnr := strings.Join(strings.Fields(q.Fodselsnummer), "")
	if !validFodselsnummer(fnr) {
		return nil, invalidf("fodselsnummer must be 11 digits with valid control digits")
	}
	etternavn := strings.TrimSpace(q.Etternavn)
	if etternavn == "" {
		return nil, invalidf("etternavn is required, exactly as in Folkeregisteret")
	}
	v := url.Values{"fodselsnummer": {fnr}, "etternavn": {etternavn}}
	if !q.Dtg.IsZero() {
		v.Set("dtg", q.Dtg.Format(time.RFC3339))
	}
	var out FodselsnummerResponse
	err := s.c.send(ctx, &transport.Request{Path: personPath, Query: v, Accept: "application/json", MaxBody: maxOwnerBody},
		func(resp *transport.Response, b []byte) error { return decodeOwnerJSON(s.c, resp, b, &out) })
	if err != nil {
		return nil, redactError(err, fnr, etternavn)
	}
	return newPage(out.KjoretoydataListe, out.Feilmelding, out.GjenstaendeKvote, 0, 0, false)
}

// All yields the hits of List one by one. Nothing is sent until the
// sequence is ranged; an error is yielded once and ends it. A hit whose
// vehicle is not given out carries a feilmelding: check its Err.
func (s *PersonService) All(ctx context.Context, q *PersonQuery) iter.Seq2[*KjoretoydataWrapper, error] {
	var cp *PersonQuery
	if q != nil {
		c := *q
		cp = &c
	}
	return paginate.Seq(ctx, 0, func(ctx context.Context, _ int) (paginate.Page[*KjoretoydataWrapper, int], error) {
		p, err := s.List(ctx, cp)
		if err != nil {
			return paginate.Page[*KjoretoydataWrapper, int]{}, err
		}
		return paginate.Page[*KjoretoydataWrapper, int]{Items: p.Items, Last: true}, nil
	}, paginate.Options{})
}

// List sends GET /kjoretoyoppslag/organisasjon for the page q.Side of
// q.Antall hits. A malformed organisasjonsnummer (9 digits with a valid
// control digit), a negative side or an antall outside 0–MaxAntall fails
// with ErrInvalidArgument before anything is sent.
func (s *OrganisasjonService) List(ctx context.Context, q *OrganisasjonQuery) (*Page, error) {
	if q == nil {
		return nil, invalidf("OrganisasjonQuery is nil")
	}
	orgnr := strings.Join(strings.Fields(q.Organisasjonsnummer), "")
	if !validOrganisasjonsnummer(orgnr) {
		return nil, invalidf("organisasjonsnummer %q must be 9 digits with a valid control digit", q.Organisasjonsnummer)
	}
	if q.Side < 0 {
		return nil, invalidf("side counts from 0, got %d", q.Side)
	}
	if q.Antall < 0 || q.Antall > MaxAntall {
		return nil, invalidf("antall must be between 1 and %d (0 for the default), got %d", MaxAntall, q.Antall)
	}
	antall := q.Antall
	if antall == 0 {
		antall = MaxAntall
	}
	v := url.Values{"organisasjonsnummer": {orgnr}}
	if !q.Dtg.IsZero() {
		v.Set("dtg", q.Dtg.Format(time.RFC3339))
	}
	if q.Side > 0 {
		v.Set("side", strconv.Itoa(q.Side))
	}
	if q.Antall > 0 {
		v.Set("antall", strconv.Itoa(q.Antall))
	}
	var out OrganisasjonsnummerResponse
	err := s.c.send(ctx, &transport.Request{Path: organisasjonPath, Query: v, Accept: "application/json", MaxBody: maxOwnerBody},
		func(resp *transport.Response, b []byte) error { return decodeOwnerJSON(s.c, resp, b, &out) })
	if err != nil {
		return nil, err
	}
	p, err := newPage(out.KjoretoydataListe, out.Feilmelding, out.GjenstaendeKvote, q.Side, antall, true)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// All yields the organisation's hits from page q.Side on, fetching page
// after page until one comes back short. Nothing is sent until the
// sequence is ranged; q is copied; an error is yielded once and ends it.
// A hit whose vehicle is not given out carries a feilmelding: check its
// Err.
func (s *OrganisasjonService) All(ctx context.Context, q *OrganisasjonQuery) iter.Seq2[*KjoretoydataWrapper, error] {
	var cp OrganisasjonQuery
	if q != nil {
		cp = *q
	}
	return paginate.Seq(ctx, cp.Side, func(ctx context.Context, side int) (paginate.Page[*KjoretoydataWrapper, int], error) {
		if q == nil {
			return paginate.Page[*KjoretoydataWrapper, int]{}, invalidf("OrganisasjonQuery is nil")
		}
		pq := cp
		pq.Side = side
		p, err := s.List(ctx, &pq)
		if err != nil {
			return paginate.Page[*KjoretoydataWrapper, int]{}, err
		}
		return paginate.Page[*KjoretoydataWrapper, int]{Items: p.Items, Next: p.Next, Last: p.Next == 0}, nil
	}, paginate.Options{})
}

// newPage turns an answer into a Page. A feilmelding without hits is the
// API saying why it gives nothing out, and becomes an error of its kind.
func newPage(list []KjoretoydataWrapper, feilmelding string, kvote *int, side, antall int, paged bool) (*Page, error) {
	feilmelding = strings.TrimSpace(feilmelding)
	if len(list) == 0 && feilmelding != "" {
		return nil, feilmeldingError(feilmelding, "this search")
	}
	p := &Page{Items: make([]*KjoretoydataWrapper, len(list)), GjenstaendeKvote: kvote, Feilmelding: feilmelding, Side: side, Antall: antall}
	for i := range list {
		p.Items[i] = &list[i]
	}
	if paged && len(list) >= antall {
		p.Next = side + 1
	}
	return p, nil
}

// validFodselsnummer checks the 11 digits and both mod-11 control digits of
// a fødselsnummer or D-nummer (synthetic test numbers pass the same check).
func validFodselsnummer(s string) bool {
	if len(s) != 11 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	d := func(i int) int { return int(s[i] - '0') }
	k1 := 11 - (3*d(0)+7*d(1)+6*d(2)+1*d(3)+8*d(4)+9*d(5)+4*d(6)+5*d(7)+2*d(8))%11
	if k1 == 11 {
		k1 = 0
	}
	k2 := 11 - (5*d(0)+4*d(1)+3*d(2)+2*d(3)+7*d(4)+6*d(5)+5*d(6)+4*d(7)+3*d(8)+2*k1)%11
	if k2 == 11 {
		k2 = 0
	}
	return k1 < 10 && k2 < 10 && k1 == d(9) && k2 == d(10)
}

// validOrganisasjonsnummer checks the 9 digits and the mod-11 control digit
// of an organisasjonsnummer in Enhetsregisteret.
func validOrganisasjonsnummer(s string) bool {
	if len(s) != 9 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	sum := 0
	for i, w := range []int{3, 2, 7, 6, 5, 4, 3, 2} {
		sum += w * int(s[i]-'0')
	}
	k := 11 - sum%11
	if k == 11 {
		k = 0
	}
	return k < 10 && k == int(s[8]-'0')
}

// redactError removes personal data (a fødselsnummer, a name) from an
// error: from an *APIError's URL, message and body, and from the text of
// any other error. The transport only knows to hide the API key.
func redactError(err error, values ...string) error {
	if err == nil {
		return nil
	}
	var forms []string
	for _, v := range values {
		if v != "" {
			forms = append(forms, v, url.QueryEscape(v), url.PathEscape(v))
		}
	}
	scrub := func(s string) string {
		for _, f := range forms {
			s = strings.ReplaceAll(s, f, "REDACTED")
		}
		return s
	}
	var ae *APIError
	if errors.As(err, &ae) {
		cp := *ae
		cp.URL, cp.Message, cp.Body = scrub(cp.URL), scrub(cp.Message), []byte(scrub(string(cp.Body)))
		if cp.Err != nil {
			cp.Err = &redactedError{msg: scrub(cp.Err.Error()), err: cp.Err}
		}
		if ae == err {
			return &cp
		}
		return &redactedError{msg: scrub(err.Error()), err: &cp}
	}
	if s := err.Error(); scrub(s) != s {
		return &redactedError{msg: scrub(s), err: err}
	}
	return err
}

// redactedError is an error whose text had personal data removed; errors.Is
// and errors.As still reach the original.
type redactedError struct {
	msg string
	err error
}

// Error returns the text with the personal data removed.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *redactedError) Unwrap() error { return e.err }
