package nvdb

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// VegobjekterService reads road objects from /vegobjekter/api/v4.
type VegobjekterService service

func typePath(typeID int, rest ...string) (string, error) {
	if typeID <= 0 {
		return "", invalidf("nvdb: invalid vegobjekttype id %d: must be > 0", typeID)
	}
	return transport.JoinPath(VegobjekterPrefix+"/vegobjekter", append([]string{strconv.Itoa(typeID)}, rest...)...)
}

// List fetches one page of objects of type typeID matching q
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}). Start from
// q.Start (empty for the first page); the page's Neste is the cursor of
// the next one.
func (s *VegobjekterService) List(ctx context.Context, typeID int, q *VegobjektQuery) (*Page[Vegobjekt], error) {
	q = q.clone()
	l, err := s.lister(typeID)
	if err != nil {
		return nil, err
	}
	v, err := q.listValues()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return l.page(ctx, v, q.Start)
}

// lister is the listing of one vegobjekttype, decoded with the streaming
// decoder of decode.go.
func (s *VegobjekterService) lister(typeID int) (lister[Vegobjekt], error) {
	path, err := typePath(typeID)
	return lister[Vegobjekt]{s: (*service)(s), op: "Vegobjekter.List", path: path, decode: decodePage, streaming: true}, err
}

// ReadVegobjekterPage decodes a page as NVDB sends it
// ({"objekter":[...],"metadata":{...}}), for example one saved to disk.
// Neste is left empty; use Metadata.Neste.
func ReadVegobjekterPage(r io.Reader) (*Page[Vegobjekt], error) { return decodePage(r) }

// decodePage decodes {"objekter":[...],"metadata":{...}} from a stream,
// one object at a time, with the hand-written decoder in decode.go.
func decodePage(r io.Reader) (*Page[Vegobjekt], error) {
	return newScanner(r).page()
}

// DefaultAntall is the page size Pages, All and Scan ask for when the
// query sets none; the server caps it (see PageMetadata.Sidestorrelse).
const DefaultAntall = 1000

// Pages iterates over the pages of a search
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}), starting at
// q.Start. Each page carries Neste, the cursor to save for a later resume.
// Pages of DefaultAntall objects are asked for unless q.Antall is set.
// Unless the client was built WithPrefetch(false), the next page is
// fetched while the caller works on the current one. No request is made
// until the sequence is ranged; an error is yielded once and ends it.
func (s *VegobjekterService) Pages(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Page[Vegobjekt], error] {
	q = q.clone()
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	l, err := s.lister(typeID)
	v, verr := q.listValues()
	if err == nil && verr != nil {
		err = fmt.Errorf("nvdb: %w", verr)
	}
	return l.pages(ctx, v, err, q.Start)
}

// All iterates over every object of type typeID matching q, page by page
// from q.Start, stopping on an empty page or a repeated cursor. To
// checkpoint a long scan, range over Pages instead and save each page's
// Neste.
func (s *VegobjekterService) All(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Vegobjekt, error] {
	return items(s.Pages(ctx, typeID, q))
}

// Get fetches the current version of one object
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}).
// An answer that is not that object (a proxy's {} or null, another
// object) is an error matching ErrInvalidResponse.
func (s *VegobjekterService) Get(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	path, err := typePath(typeID, strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	return s.getOne(ctx, "Vegobjekter.Get", path, id, 0, opts, nil)
}

// GetVersjon fetches one version of an object
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}/{versjon}).
// An answer that is not that version of that object is an error matching
// ErrInvalidResponse.
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
	return s.getOne(ctx, "Vegobjekter.GetVersjon", path, id, versjon, opts, nil)
}

// Versjoner fetches every version of an object, oldest first
// (GET /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/{vegobjektId}/versjoner).
// An answer without a version, or with a version of another object, is an
// error matching ErrInvalidResponse.
func (s *VegobjekterService) Versjoner(ctx context.Context, typeID int, id int64, opts *VegobjektOptions) ([]*Vegobjekt, error) {
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
	out, err := getChecked(ctx, (*service)(s), "Vegobjekter.Versjoner", path, v, func(out *[]Vegobjekt) error {
		return checkVersjoner(out, id)
	})
	if err != nil {
		return nil, err
	}
	return pointers(*out), nil
}

// GetByID looks an object up by id alone, when its type is not known
// (GET /vegobjekter/api/v4/vegobjekt?id=). An answer that is not that
// object is an error matching ErrInvalidResponse.
func (s *VegobjekterService) GetByID(ctx context.Context, id int64, opts *VegobjektOptions) (*Vegobjekt, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid vegobjekt id %d: must be > 0", id)
	}
	extra := url.Values{"id": {strconv.FormatInt(id, 10)}}
	return s.getOne(ctx, "Vegobjekter.GetByID", VegobjekterPrefix+"/vegobjekt", id, 0, opts, extra)
}

// getOne fetches object id (version versjon, 0 for the current one); an
// answer that is not that object (a proxy's {}, null, another object or
// version) is ErrInvalidResponse.
func (s *VegobjekterService) getOne(ctx context.Context, op, path string, id int64, versjon int, opts *VegobjektOptions, extra url.Values) (*Vegobjekt, error) {
	v, err := opts.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	for k, x := range extra {
		v[k] = x
	}
	return getChecked(ctx, (*service)(s), op, path, v, func(o *Vegobjekt) error {
		if err := o.checkAnswer(id); err != nil {
			return err
		}
		if m := o.Metadata; versjon > 0 && m != nil && m.Versjon != versjon {
			return fmt.Errorf("versjon %d of vegobjekt %d where %d was asked for", m.Versjon, id, versjon)
		}
		return nil
	})
}
