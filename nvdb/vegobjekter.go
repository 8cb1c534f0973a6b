package nvdb

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// VegobjekterService reads road objects from /vegobjekter/api/v4.
type VegobjekterService service

func (s *VegobjekterService) t() endpoint.Transport { return (*service)(s).transport() }

func typePath(typeID int, rest ...string) (string, error) {
	if typeID <= 0 {
		return "", invalidf("nvdb: invalid vegobjekttype id %d: must be > 0", typeID)
	}
	return transport.JoinPath(VegobjekterPrefix+"/vegobjekter", append([]string{strconv.Itoa(typeID)}, rest...)...)
}

// DefaultAntall is the page size Pages, All and Scan ask for when the
// query sets none; the server caps it (see PageMetadata.Sidestorrelse).
const DefaultAntall = 1000

// listCall is the call of a listing at path with query q: encoded once,
// here, so the call is its own copy of q. An iteration (Pages, All) asks
// for DefaultAntall items a page unless q sets Antall.
func listCall(s *service, path string, pathErr error, q query, start string, iterate bool) endpoint.Call[string] {
	if pathErr != nil {
		return endpoint.Call[string]{Request: endpoint.Fail(pathErr)}
	}
	v, err := encode(q)
	if err != nil {
		return endpoint.Call[string]{Request: endpoint.Fail(err)}
	}
	if iterate && v.Get("antall") == "" {
		v.Set("antall", strconv.Itoa(DefaultAntall))
	}
	return endpoint.Call[string]{Request: endpoint.Request{Path: path, Query: v}, Start: start, Prefetch: s.prefetch()}
}

var vegobjekterList = listOf("Vegobjekter.List", decodeVegobjekterPage, true)

func (s *VegobjekterService) listCall(typeID int, q *VegobjektQuery, iterate bool) endpoint.Call[string] {
	if q == nil {
		q = &VegobjektQuery{}
	}
	path, err := typePath(typeID)
	return listCall((*service)(s), path, err, q, q.Start, iterate)
}

// List fetches one page of objects of type typeID matching q
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}). Start from
// q.Start (empty for the first page); the page's Next is the cursor of
// the next one. A 200 that is not a page (no objekter, no metadata) is
// ErrInvalidResponse.
func (s *VegobjekterService) List(ctx context.Context, typeID int, q *VegobjektQuery) (*Page[Vegobjekt], error) {
	return vegobjekterList.List(ctx, s.t(), s.listCall(typeID, q, false))
}

// Pages iterates over the pages of a search
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}), starting at
// q.Start. Each page carries Next, the cursor to save for a later resume.
// Pages of DefaultAntall objects are asked for unless q.Antall is set.
// Unless the client was built WithPrefetch(false), the next page is
// fetched while the caller works on the current one. No request is made
// until the sequence is ranged; an error is yielded once and ends it. With
// q.InkluderAntall, an iteration from the first page that ends short of
// the total NVDB announced is ErrInvalidResponse.
func (s *VegobjekterService) Pages(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Page[Vegobjekt], error] {
	return listingPages(ctx, s.t(), vegobjekterList, s.listCall(typeID, q, true))
}

// All iterates over every object of type typeID matching q
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}), page by page
// from q.Start, stopping on an empty page or a repeated cursor. To
// checkpoint a long scan, range over Pages instead and save each page's
// Next.
func (s *VegobjekterService) All(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Vegobjekt, error] {
	return listingAll(ctx, s.t(), vegobjekterList, s.listCall(typeID, q, true))
}

// ReadVegobjekterPage decodes a page as NVDB sends it
// ({"objekter":[...],"metadata":{...}}), for example one saved to disk.
// Next is left empty; use Metadata.Neste.
func ReadVegobjekterPage(r io.Reader) (*Page[Vegobjekt], error) { return decodePage(r) }

// decodePage decodes {"objekter":[...],"metadata":{...}} from a stream,
// one object at a time, with the hand-written decoder in decode.go.
func decodePage(r io.Reader) (*Page[Vegobjekt], error) {
	return newScanner(r).page()
}

// decodeVegobjekterPage is the listing's Decode: the streaming decoder
// reading the answer as it arrives.
func decodeVegobjekterPage(resp *endpoint.Response, p *Page[Vegobjekt]) error {
	return newScanner(resp.Body).pageInto(p)
}

var (
	vegobjekterGet       = opOf("Vegobjekter.Get", func(o *Vegobjekt) error { return o.checkAnswer(0) })
	vegobjekterVersjon   = opOf("Vegobjekter.GetVersjon", func(o *Vegobjekt) error { return o.checkAnswer(0) })
	vegobjekterByID      = opOf("Vegobjekter.GetByID", func(o *Vegobjekt) error { return o.checkAnswer(0) })
	vegobjekterVersjoner = opOf("Vegobjekter.Versjoner", func(out *[]*Vegobjekt) error { return checkVersjoner(*out, 0) })
)

// optionsQuery encodes the options of a single object's GET.
func optionsQuery(opts *VegobjektOptions) (url.Values, error) {
	if opts == nil {
		opts = &VegobjektOptions{}
	}
	return encode(opts)
}

// objectRequest is the GET of object id at path, or the error building it.
func objectRequest(id int64, path string, pathErr error, opts *VegobjektOptions) endpoint.Request {
	if id <= 0 {
		return endpoint.Fail(invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id))
	}
	if pathErr != nil {
		return endpoint.Fail(pathErr)
	}
	v, err := optionsQuery(opts)
	return get(path, v, err)
}

// isObject checks that the answer is object id.
func isObject(id int64) func(*Vegobjekt) error {
	return func(o *Vegobjekt) error { return o.checkAnswer(id) }
}

// Get fetches the current version of one object
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}).
// An answer that is not that object (a proxy's {} or null, another
// object) is an error matching ErrInvalidResponse.
func (s *VegobjekterService) Get(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	path, err := typePath(typeID, strconv.FormatInt(id, 10))
	return asking(vegobjekterGet, isObject(id)).Do(ctx, s.t(), objectRequest(id, path, err, opts))
}

// GetVersjon fetches one version of an object
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}/{versjon}).
// An answer that is not that version of that object is an error matching
// ErrInvalidResponse.
func (s *VegobjekterService) GetVersjon(ctx context.Context, typeID int, id int64, versjon int, opts *VegobjektOptions) (*Vegobjekt, error) {
	path, err := typePath(typeID, strconv.FormatInt(id, 10), strconv.Itoa(versjon))
	r := objectRequest(id, path, err, opts)
	if versjon <= 0 && id > 0 {
		r = endpoint.Fail(invalidf("nvdb: invalid versjon %d: must be > 0", versjon))
	}
	return asking(vegobjekterVersjon, func(o *Vegobjekt) error {
		if err := o.checkAnswer(id); err != nil {
			return err
		}
		if m := o.Metadata; m != nil && m.Versjon != versjon {
			return fmt.Errorf("versjon %d of vegobjekt %d where %d was asked for", m.Versjon, id, versjon)
		}
		return nil
	}).Do(ctx, s.t(), r)
}

// Versjoner fetches every version of an object, oldest first
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}/versjoner).
// An answer without a version, or with a version of another object, is an
// error matching ErrInvalidResponse.
func (s *VegobjekterService) Versjoner(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) ([]*Vegobjekt, error) {
	path, err := typePath(typeID, strconv.FormatInt(id, 10), "versjoner")
	out, err := asking(vegobjekterVersjoner, func(out *[]*Vegobjekt) error {
		return checkVersjoner(*out, id)
	}).Do(ctx, s.t(), objectRequest(id, path, err, opts))
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// GetByID looks an object up by id alone, when its type is not known
// (GET /vegobjekter/api/v4/vegobjekt?id=). An answer that is not that
// object is an error matching ErrInvalidResponse.
func (s *VegobjekterService) GetByID(ctx context.Context, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	r := objectRequest(id, VegobjekterPrefix+"/vegobjekt", nil, opts)
	if r.Err == nil {
		r.Query.Set("id", strconv.FormatInt(id, 10))
	}
	return asking(vegobjekterByID, isObject(id)).Do(ctx, s.t(), r)
}
