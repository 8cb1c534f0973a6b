package autosys

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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

// Page is one answer of an owner search: its hits, where the next page
// starts, and the quota the server says is left. The API announces no
// total, so a search ends with a short or empty page.
type Page[T any] struct {
	Items []*T // the hits of this page, never nil
	// Next is the side of the following page (OrganisasjonQuery.Side to
	// resume from), 0 when this page is the last: side 0 is always a first
	// page, never a next one.
	Next             int
	Side             int    // this page's side, from 0
	Antall           int    // the page size asked for; 0 for the person search, which is not paged
	GjenstaendeKvote *int   // calls (vehicles) left in the period, when the server said
	Feilmelding      string // the answer's feilmelding, when any came with hits
}

// PersonQuery is a search for the vehicles a person owns, co-owns or
// leases. Fodselsnummer (11 digits, D-nummer included) and Etternavn
// (exactly as in Folkeregisteret) are required; Dtg, when set, asks for
// the state at that moment.
type PersonQuery struct {
	Fodselsnummer string    `url:"fodselsnummer"`
	Etternavn     string    `url:"etternavn"`
	Dtg           time.Time `url:"dtg,omitempty"`
}

// OrganisasjonQuery is a search for the vehicles an organisation owns or
// co-owns. Organisasjonsnummer (9 digits) is required; Side is the page
// to fetch (from 0) and Antall its size (1–MaxAntall, 0 for the API's
// default of MaxAntall); Dtg, when set, asks for the state at that moment.
type OrganisasjonQuery struct {
	Organisasjonsnummer string    `url:"organisasjonsnummer"`
	Dtg                 time.Time `url:"dtg,omitempty"`
	Side                int       `url:"side,omitempty"`
	Antall              int       `url:"antall,omitempty"`
}

// PersonService searches vehicles by owner person: GET
// /kjoretoyoppslag/person. It gives out owner data and answers only for a
// key whose consumer has been granted those roles in Statens vegvesen's
// access control (otherwise ErrUnauthorized or ErrForbidden). The
// fødselsnummer and etternavn are removed from errors, Meta and logs.
type PersonService service

// OrganisasjonService searches vehicles by owner organisation: GET
// /kjoretoyoppslag/organisasjon, paged with side and antall. It gives out
// owner data and needs the same access as PersonService.
type OrganisasjonService service

var (
	personList       = ownerList("Person.List")
	organisasjonList = ownerList("Organisasjon.List")
)

// List sends GET /kjoretoyoppslag/person and returns its hits as one page:
// the API does not page this search and answers 400 (ErrBadRequest) when
// it has more hits than it gives out at once. A missing or malformed
// fødselsnummer (11 digits with valid control digits) or an empty
// etternavn fails with ErrInvalidArgument before anything is sent.
func (s *PersonService) List(ctx context.Context, q *PersonQuery) (*Page[KjoretoydataWrapper], error) {
	c := (*service)(s).client()
	call, personal := c.personCall(q)
	p, err := personList.List(ctx, c.transport(), call)
	return p, c.settle(ctx, err, personal...)
}

// Pages yields the one page of List. Nothing is sent until the sequence is
// ranged; q is copied; an error is yielded once and ends it.
func (s *PersonService) Pages(ctx context.Context, q *PersonQuery) iter.Seq2[*Page[KjoretoydataWrapper], error] {
	c := (*service)(s).client()
	call, personal := c.personCall(q)
	return settled(ctx, c, personList.Pages(ctx, c.transport(), call), personal...)
}

// All yields the hits of List one by one. Nothing is sent until the
// sequence is ranged; q is copied; an error is yielded once and ends it. A
// hit whose vehicle is not given out carries a feilmelding: check its Err.
func (s *PersonService) All(ctx context.Context, q *PersonQuery) iter.Seq2[*KjoretoydataWrapper, error] {
	c := (*service)(s).client()
	call, personal := c.personCall(q)
	return settled(ctx, c, personList.All(ctx, c.transport(), call), personal...)
}

// List sends GET /kjoretoyoppslag/organisasjon for the page q.Side of
// q.Antall hits. A malformed organisasjonsnummer (9 digits with a valid
// control digit), a negative side or an antall outside 0–MaxAntall fails
// with ErrInvalidArgument before anything is sent.
func (s *OrganisasjonService) List(ctx context.Context, q *OrganisasjonQuery) (*Page[KjoretoydataWrapper], error) {
	c := (*service)(s).client()
	p, err := organisasjonList.List(ctx, c.transport(), c.organisasjonCall(q))
	return p, c.settle(ctx, err)
}

// Pages yields the organisation's pages from q.Side on, fetching page
// after page until one comes back short. Nothing is sent until the
// sequence is ranged; q is copied; an error is yielded once and ends it.
// Each page's Next resumes after it.
func (s *OrganisasjonService) Pages(ctx context.Context, q *OrganisasjonQuery) iter.Seq2[*Page[KjoretoydataWrapper], error] {
	c := (*service)(s).client()
	return settled(ctx, c, organisasjonList.Pages(ctx, c.transport(), c.organisasjonCall(q)))
}

// All yields the organisation's hits from page q.Side on, fetching page
// after page until one comes back short. Nothing is sent until the
// sequence is ranged; q is copied; an error is yielded once and ends it.
// A hit whose vehicle is not given out carries a feilmelding: check its
// Err.
func (s *OrganisasjonService) All(ctx context.Context, q *OrganisasjonQuery) iter.Seq2[*KjoretoydataWrapper, error] {
	c := (*service)(s).client()
	return settled(ctx, c, organisasjonList.All(ctx, c.transport(), c.organisasjonCall(q)))
}

// cursor is where an owner search resumes: the side to fetch and the page
// size asked for, which says whether a page was full; Antall is 0 for the
// person search, which is not paged.
type cursor struct{ Side, Antall int }

// ownerList declares an owner search: GET of a FodselsnummerResponse or
// OrganisasjonsnummerResponse, one page per side.
func ownerList(name string) *endpoint.List[Page[KjoretoydataWrapper], KjoretoydataWrapper, cursor] {
	return &endpoint.List[Page[KjoretoydataWrapper], KjoretoydataWrapper, cursor]{
		Op: endpoint.Op[Page[KjoretoydataWrapper]]{
			Spec:   endpoint.Spec{Name: name},
			Decode: decodeOwnerPage,
			Check: func(p *Page[KjoretoydataWrapper]) error {
				if p.Items == nil {
					return errNoEnvelope
				}
				return nil
			},
		},
		Items: func(p *Page[KjoretoydataWrapper]) []*KjoretoydataWrapper { return p.Items },
		Next: func(p *Page[KjoretoydataWrapper], used cursor) (cursor, bool) {
			p.Side, p.Antall = used.Side, used.Antall
			if used.Antall > 0 && len(p.Items) >= used.Antall {
				p.Next = used.Side + 1 // a full page: more may follow
			}
			return cursor{p.Next, used.Antall}, p.Next != 0
		},
		SetCursor: func(r *endpoint.Request, c cursor) {
			if c.Side > 0 {
				r.Query.Set("side", strconv.Itoa(c.Side))
			} else {
				r.Query.Del("side")
			}
		},
	}
}

// ownerAnswer is what the two owner searches answer: the schemas
// FodselsnummerResponse and OrganisasjonsnummerResponse without the
// request they echo.
type ownerAnswer struct {
	GjenstaendeKvote  *int                   `json:"gjenstaendeKvote"`
	Feilmelding       string                 `json:"feilmelding"`
	KjoretoydataListe []*KjoretoydataWrapper `json:"kjoretoydataListe"`
}

// decodeOwnerPage reads one answer of an owner search. A feilmelding
// without hits is the API saying why it gives nothing out, and becomes an
// error of its kind (ErrNotFound for OPPLYSNINGER_IKKE_TILGJENGELIGE).
func decodeOwnerPage(resp *endpoint.Response, p *Page[KjoretoydataWrapper]) error {
	var a ownerAnswer
	if err := transport.DecodeJSON(resp.Body, &a); err != nil {
		return err
	}
	a.Feilmelding = strings.TrimSpace(a.Feilmelding)
	if len(a.KjoretoydataListe) == 0 && a.Feilmelding != "" {
		rf := refusal(a.Feilmelding, "this search")
		rf.Message += " (" + a.Feilmelding + ")"
		return rf
	}
	*p = Page[KjoretoydataWrapper]{Items: a.KjoretoydataListe, GjenstaendeKvote: a.GjenstaendeKvote, Feilmelding: a.Feilmelding}
	return nil
}

// personCall checks q and returns the call of its search, with the
// personal data to keep out of errors.
func (c *Client) personCall(q *PersonQuery) (endpoint.Call[cursor], []string) {
	if q == nil {
		return failed(invalidf("PersonQuery is nil")), nil
	}
	n := PersonQuery{Fodselsnummer: strings.Join(strings.Fields(q.Fodselsnummer), ""), Etternavn: strings.TrimSpace(q.Etternavn), Dtg: q.Dtg}
	if !validFodselsnummer(n.Fodselsnummer) {
		return failed(invalidf("fodselsnummer must be 11 digits with valid control digits")), nil
	}
	if n.Etternavn == "" {
		return failed(invalidf("etternavn is required, exactly as in Folkeregisteret")), nil
	}
	v, err := endpoint.Values(n)
	if err != nil {
		return failed(invalidf("%w", err)), nil
	}
	return endpoint.Call[cursor]{Request: c.request(http.MethodGet, endpoint.Request{Path: personPath, Query: v})},
		[]string{n.Fodselsnummer, n.Etternavn}
}

// organisasjonCall checks q and returns the call of its search from
// q.Side.
func (c *Client) organisasjonCall(q *OrganisasjonQuery) endpoint.Call[cursor] {
	if q == nil {
		return failed(invalidf("OrganisasjonQuery is nil"))
	}
	n := *q
	n.Organisasjonsnummer = strings.Join(strings.Fields(q.Organisasjonsnummer), "")
	if !validOrganisasjonsnummer(n.Organisasjonsnummer) {
		return failed(invalidf("organisasjonsnummer %q must be 9 digits with a valid control digit", q.Organisasjonsnummer))
	}
	if n.Side < 0 {
		return failed(invalidf("side counts from 0, got %d", n.Side))
	}
	if n.Antall < 0 || n.Antall > MaxAntall {
		return failed(invalidf("antall must be between 1 and %d (0 for the default), got %d", MaxAntall, n.Antall))
	}
	v, err := endpoint.Values(n)
	if err != nil {
		return failed(invalidf("%w", err))
	}
	antall := n.Antall
	if antall == 0 {
		antall = MaxAntall // the API's default
	}
	return endpoint.Call[cursor]{Request: c.request(http.MethodGet, endpoint.Request{Path: organisasjonPath, Query: v}),
		Start: cursor{n.Side, antall}}
}

func failed(err error) endpoint.Call[cursor] {
	return endpoint.Call[cursor]{Request: endpoint.Fail(err)}
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
