// Package endpoint is the one way the packages declare an API operation:
// its operation name, how its request is sent and how its answer decodes
// and is checked. A single answer is an Op; a paginated list is a List,
// from which a package's List (one page), Pages and All methods come, so
// every rule about requests, envelopes, cursors and operation names lives
// here once instead of four times.
//
// A package method validates its arguments, builds a Call (path, encoded
// query, body, first cursor; or the validation error) and hands it to its
// declaration:
//
//	var oppdragList = listOf[Oppdrag]("Oppdrag.List", …)
//
//	func (s *OppdragService) All(ctx context.Context, q *OppdragQuery) iter.Seq2[*Oppdrag, error] {
//		return oppdragList.All(ctx, s.c.transport(), q.call())
//	}
package endpoint

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Spec is how an operation's requests are sent; Op and List embed it.
type Spec struct {
	// Name is the operation as the caller knows it, without the package:
	// "Oppdrag.Get", "Vegobjekter.List", "Vehicles.Search",
	// "LookupKjennemerke". Every attempt's vegdata.Attempt carries it.
	Name string
	// Method is the HTTP method; GET when empty.
	Method string
	// Format encodes Call.Body and sets Accept (JSON unless XML).
	Format transport.Format
	// Accept replaces the Accept that Format implies.
	Accept string
	// RetrySafe marks a POST the API makes safe to repeat.
	RetrySafe bool
	// Streamed says Decode reads the answer as it arrives with bounded
	// memory, so the client's whole body limit applies; an answer decoded
	// whole is held in memory and gets transport.DefaultMaxDecodedBody.
	Streamed bool
	// MaxBody lowers the limit on a 2xx answer's body below the one above
	// (an Autosys vehicle is ~10 KiB, so its lookup reads at most 8 MiB);
	// a larger answer is ErrBodyTooLarge. 0 keeps it.
	MaxBody int64
}

// Request is what one call of an operation sends. A package builds it
// from the caller's arguments; Err carries a validation error, which is
// returned (or yielded once) without sending anything.
type Request struct {
	Path string // relative to the base URL, segments escaped (transport.JoinPath)
	// URL replaces Path with a link the API gave (API Skriv's ressurser):
	// absolute on the base URL's host, or relative to the base URL. A link
	// to another host is refused before anything is sent, so a credential
	// never follows it.
	URL   string
	Query url.Values // the encoded query; the endpoint never changes it
	Body  any        // encoded in the Spec's Format ([]byte is sent as it is, with ContentType); nil for none
	// ContentType is the media type of a []byte Body.
	ContentType string
	// Header holds extra request headers for this call.
	Header http.Header
	// BeforeAttempt runs before every request of the call (a quota).
	BeforeAttempt func(ctx context.Context) error
	Err           error
}

// Call is the Request of a List, the cursor of its first page and how to
// iterate.
type Call[C comparable] struct {
	Request
	Start C
	// Prefetch makes Pages and All fetch the next page while the caller
	// works on the current one (NVDB, where pages cost nothing).
	Prefetch bool
}

// Fail is a Request that only carries err.
func Fail(err error) Request { return Request{Err: err} }

// Response is a 2xx answer as a decoder sees it: status, headers, request
// id and the body to read.
type Response = transport.Response

// Transport is what an operation is sent through: the package client's
// transport, or nil for a client that was not made by NewClient.
type Transport = *transport.Client

// errNoClient is returned by every operation of a zero-value client.
var errNoClient = errors.New("the client was not made by NewClient")

// Op declares an operation with a single answer, decoded into a new R.
type Op[R any] struct {
	Spec
	// Decode reads a 2xx answer (its Body, and headers or status where
	// the answer needs them) into out, a new R for every attempt. nil
	// decodes the whole body in the Spec's Format; anything else (an HTML
	// page, the other format) is ErrInvalidResponse. A declaration sets
	// Decode or Check (TestDeclarationsCheckTheirAnswer), so no answer is
	// taken on trust.
	Decode func(resp *Response, out *R) error
	// Check validates the decoded answer's envelope (a missing id, a page
	// without its list); its error makes the answer ErrInvalidResponse.
	Check func(*R) error
	// Meta completes the metadata reported to vegdata.OnMeta from the
	// answer (Synsbasen's cost).
	Meta func(*R, *vegdata.Meta)
}

// Do sends r and returns the decoded, checked answer.
func (o *Op[R]) Do(ctx context.Context, t Transport, r Request) (*R, error) {
	return o.do(ctx, t, o.Name, &r)
}

// do is the one request path of every operation: refuse a missing client
// or a bad call, then one transport call whose decode and envelope check
// run inside the attempt. name is the method the caller called (a List's
// All fetches its pages under "….All").
func (o *Op[R]) do(ctx context.Context, t Transport, name string, r *Request) (*R, error) {
	if t == nil {
		return nil, transport.InvalidArgument(fmt.Errorf("%s: %w", name, errNoClient))
	}
	if r.Err != nil {
		return nil, r.Err
	}
	var out *R
	tr := o.Spec.request(name, r)
	if o.Meta != nil {
		tr.Meta = func(m *vegdata.Meta) {
			if out != nil {
				o.Meta(out, m)
			}
		}
	}
	_, err := t.Send(ctx, tr, func(resp *Response) error {
		v := new(R) // a repeated attempt starts afresh
		var err error
		switch {
		case o.Decode != nil:
			err = o.Decode(resp, v)
		case o.Format == transport.XML:
			err = transport.DecodeXML(resp.Body, v)
		default:
			err = transport.DecodeJSON(resp.Body, v)
		}
		if err != nil {
			var rf *Refusal
			if errors.As(err, &rf) {
				return t.NewError(resp, rf.Kind, rf.Code, rf.Message)
			}
			return err
		}
		if o.Check != nil {
			if err := o.Check(v); err != nil {
				return transport.Invalid(err)
			}
		}
		out = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Refusal is what a Decode returns for a 2xx answer in which the API says
// the call failed instead of answering it (Autosys' 200 with a
// feilmelding such as OPPLYSNINGER_IKKE_TILGJENGELIGE in place of the
// vehicle): the operation fails at once, without retries, with an
// *APIError of Kind, Code and Message that carries the answer's status,
// URL (with its secrets and personal data redacted) and request id.
type Refusal struct {
	Kind    error  // the sentinel the error matches (vegdata.ErrNotFound …)
	Code    string // the API's own code for it
	Message string
}

func (r *Refusal) Error() string { return r.Message }

// Values encodes a go-querystring struct (url tags) into query values;
// nil gives none. A type with its own encoding implements query.Encoder.
func Values(v any) (url.Values, error) {
	if v == nil {
		return url.Values{}, nil
	}
	q, err := query.Values(v)
	if err != nil {
		return nil, fmt.Errorf("encoding query: %w", err)
	}
	return q, nil
}

// Names returns the operation names of a List's three methods from the
// name of its page method: "Oppdrag.List" gives "Oppdrag.Pages" and
// "Oppdrag.All"; "Vehicles.Search" gives "Vehicles.SearchPages" and
// "Vehicles.SearchAll".
func Names(list string) (pages, all string) {
	if base, ok := strings.CutSuffix(list, ".List"); ok {
		return base + ".Pages", base + ".All"
	}
	return list + "Pages", list + "All"
}

// Discard is the Decode of an operation whose answer carries nothing to
// read (a 204, or an acknowledgement): the body is drained, so the
// connection can be reused.
func Discard[R any](resp *Response, _ *R) error {
	_, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return err
}

// request is the transport request of r under operation name.
func (s *Spec) request(name string, r *Request) *transport.Request {
	tr := &transport.Request{
		Method: s.Method, Path: r.Path, URL: r.URL, Query: r.Query, Format: s.Format, Accept: s.Accept,
		Header: r.Header, Operation: name, RetrySafe: s.RetrySafe, BeforeAttempt: r.BeforeAttempt,
		Streamed: s.Streamed, ContentType: r.ContentType, MaxBody: s.MaxBody,
	}
	if b, ok := r.Body.([]byte); ok {
		tr.Body = b
	} else {
		tr.In = r.Body
	}
	return tr
}

// Open sends r and returns the 2xx answer with its body open, for an
// answer the caller reads as it arrives (a download of any size): the
// body is limited to the client's MaxBody and watched by the stall
// timeout, and the caller must close it. A body that breaks off after
// Open returned is the caller's to handle; the request is retried like
// any other until the answer's headers arrive.
func (s *Spec) Open(ctx context.Context, t Transport, r Request) (*Response, error) {
	if t == nil {
		return nil, transport.InvalidArgument(fmt.Errorf("%s: %w", s.Name, errNoClient))
	}
	if r.Err != nil {
		return nil, r.Err
	}
	return t.Open(ctx, s.request(s.Name, &r))
}
