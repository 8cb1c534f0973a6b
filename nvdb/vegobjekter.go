package nvdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// VegobjekterService reads road objects from /vegobjekter/api/v4.
type VegobjekterService service

// VegobjekterSide is one page of a vegobjekter search.
type VegobjekterSide struct {
	Objekter []Vegobjekt
	Metadata SideMetadata
	// Neste is the cursor of the following page, or "" when this page
	// ended the result. Save it to resume later: a query with Start set to
	// Neste yields exactly the objects after this page.
	Neste string
}

// SideMetadata is the metadata of a page as NVDB sends it.
type SideMetadata struct {
	// Antall is the total number of hits; only with InkluderAntall.
	Antall *int `json:"antall,omitempty"`
	// Returnert is the number of objects in this page.
	Returnert int `json:"returnert"`
	// Sidestorrelse is the largest page the server will return.
	Sidestorrelse int `json:"sidestørrelse"`
	// Neste points to the following page. NVDB sends it even after the
	// last page, then with the same start token.
	Neste *NesteSide `json:"neste,omitempty"`
}

// NesteSide is the cursor of the following page.
type NesteSide struct {
	Start string `json:"start"`
	Href  string `json:"href"`
}

func typePath(typeID int, rest ...string) (string, error) {
	if typeID <= 0 {
		return "", invalidf("nvdb: invalid vegobjekttype id %d: must be > 0", typeID)
	}
	return transport.JoinPath(VegobjekterPrefix+"/vegobjekter", append([]string{strconv.Itoa(typeID)}, rest...)...)
}

// List fetches one page of objects of type typeID matching q. Start from
// q.Start (empty for the first page); the page's Neste is the cursor of
// the next one.
func (s *VegobjekterService) List(ctx context.Context, typeID int, q *VegobjektQuery) (*VegobjekterSide, error) {
	q = q.clone()
	path, err := typePath(typeID)
	if err != nil {
		return nil, err
	}
	v, err := q.listValues()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.page(ctx, path, v, q.Start)
}

// page fetches and decodes one page. The decode runs inside the
// transport's attempt, so a page whose body breaks off or stalls is fetched
// again within the one retry budget.
func (s *VegobjekterService) page(ctx context.Context, path string, v url.Values, start string) (*VegobjekterSide, error) {
	var side *VegobjekterSide
	req := &transport.Request{Path: path, Query: v, Accept: "application/json", Operation: "Vegobjekter.List"}
	_, err := s.client.tc.Fetch(ctx, req, func(resp *transport.Response) error {
		var err error
		side, err = decodeSide(resp.Body)
		return err
	})
	if err != nil {
		return nil, err
	}
	side.Neste = ""
	if n := side.Metadata.Neste; n != nil && n.Start != "" && n.Start != start && len(side.Objekter) > 0 {
		side.Neste = n.Start
	}
	return side, nil
}

// ReadVegobjekterSide decodes a page as NVDB sends it
// ({"objekter":[...],"metadata":{...}}), for example one saved to disk.
// Neste is left empty; use Metadata.Neste.
func ReadVegobjekterSide(r io.Reader) (*VegobjekterSide, error) { return decodeSide(r) }

// decodeSide decodes {"objekter":[...],"metadata":{...}} from a stream, one
// object at a time, with the hand-written decoder in decode.go.
func decodeSide(r io.Reader) (*VegobjekterSide, error) {
	return newScanner(r).side()
}

var errErrNoMeta = errors.New("page without metadata")

// decodeSideStd is decodeSide with encoding/json, the reference the fast
// decoder is tested against.
func decodeSideStd(r io.Reader) (*VegobjekterSide, error) {
	dec := json.NewDecoder(r)
	side := &VegobjekterSide{}
	sawMeta := false
	err := transport.StreamObject(dec, func(key string) error {
		switch key {
		case "objekter":
			if side.Objekter == nil {
				side.Objekter = make([]Vegobjekt, 0, 64)
			}
			return transport.StreamArray(dec, func() error {
				side.Objekter = append(side.Objekter, Vegobjekt{})
				return dec.Decode(&side.Objekter[len(side.Objekter)-1])
			})
		case "metadata":
			sawMeta = true
			return dec.Decode(&side.Metadata)
		default:
			return transport.Skip(dec)
		}
	})
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if !sawMeta {
		return nil, errErrNoMeta
	}
	return side, nil
}

// DefaultAntall is the page size Pages, All and Scan ask for when the
// query sets none; the server caps it (see SideMetadata.Sidestorrelse).
const DefaultAntall = 1000

// Pages iterates over the pages of a search, starting at q.Start. Each
// page carries Neste, the cursor to save for a later resume. Pages of
// DefaultAntall objects are asked for unless q.Antall is set. Unless the
// client was built WithPrefetch(false), the next page is fetched while the
// caller works on the current one. No request is made until the sequence
// is ranged; an error is yielded once and ends it.
func (s *VegobjekterService) Pages(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*VegobjekterSide, error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	path, perr := typePath(typeID)
	v, verr := q.listValues()
	fetch := func(ctx context.Context, cursor string) (paginate.Page[*VegobjekterSide, string], error) {
		if perr != nil {
			return paginate.Page[*VegobjekterSide, string]{}, perr
		}
		if verr != nil {
			return paginate.Page[*VegobjekterSide, string]{}, fmt.Errorf("nvdb: %w", verr)
		}
		pv := make(url.Values, len(v)+1)
		for k, x := range v {
			pv[k] = x
		}
		pv.Del("start")
		if cursor != "" {
			pv.Set("start", cursor)
		}
		side, err := s.page(ctx, path, pv, cursor)
		if err != nil {
			return paginate.Page[*VegobjekterSide, string]{}, err
		}
		if len(side.Objekter) == 0 {
			return paginate.Page[*VegobjekterSide, string]{Last: true}, nil
		}
		return paginate.Page[*VegobjekterSide, string]{Items: []*VegobjekterSide{side}, Next: side.Neste, Last: side.Neste == ""}, nil
	}
	return paginate.Seq(ctx, q.Start, fetch, paginate.Options{Prefetch: s.client.prefetch})
}

// All iterates over every object of type typeID matching q, page by page
// from q.Start, stopping on an empty page or a repeated cursor. To
// checkpoint a long scan, range over Pages instead and save each page's
// Neste.
func (s *VegobjekterService) All(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Vegobjekt, error] {
	pages := s.Pages(ctx, typeID, q)
	return func(yield func(*Vegobjekt, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range p.Objekter {
				if !yield(&p.Objekter[i], nil) {
					return
				}
			}
		}
	}
}

// Get fetches the current version of one object.
func (s *VegobjekterService) Get(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	path, err := typePath(typeID, strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	return s.getOne(ctx, path, opts, nil)
}

// GetVersjon fetches one version of an object.
func (s *VegobjekterService) GetVersjon(ctx context.Context, typeID int, id int64, versjon int, opts *VegobjektOptions) (*Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	if versjon <= 0 {
		return nil, invalidf("nvdb: invalid versjon %d: must be > 0", versjon)
	}
	path, err := typePath(typeID, strconv.FormatInt(id, 10), strconv.Itoa(versjon))
	if err != nil {
		return nil, err
	}
	return s.getOne(ctx, path, opts, nil)
}

// Versjoner fetches every version of an object, oldest first.
func (s *VegobjekterService) Versjoner(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) ([]Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	path, err := typePath(typeID, strconv.FormatInt(id, 10), "versjoner")
	if err != nil {
		return nil, err
	}
	v, err := opts.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	var out []Vegobjekt
	if err := (*service)(s).get(ctx, path, v, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetByID looks an object up by id alone, when its type is not known
// (/vegobjekt?id=).
func (s *VegobjekterService) GetByID(ctx context.Context, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	extra := url.Values{"id": {strconv.FormatInt(id, 10)}}
	return s.getOne(ctx, VegobjekterPrefix+"/vegobjekt", opts, extra)
}

func (s *VegobjekterService) getOne(ctx context.Context, path string, opts *VegobjektOptions, extra url.Values) (*Vegobjekt, error) {
	v, err := opts.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	for k, x := range extra {
		v[k] = x
	}
	var out Vegobjekt
	if err := (*service)(s).get(ctx, path, v, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
