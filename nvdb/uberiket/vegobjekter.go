package uberiket

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VegobjekterService reads road objects: pages of versions, single objects
// and versions, and the NDJSON streams a copy of a type is made from.
type VegobjekterService service

func (s *VegobjekterService) t() endpoint.Transport { return (*service)(s).transport() }

// VegobjektQuery selects the versions a page of vegobjekter holds.
type VegobjektQuery struct {
	// IDs lists only these objects.
	IDs []int64 `url:"ider,omitempty,comma"`
	// Inkluder names the parts each object carries (default: all).
	Inkluder []Inkluder `url:"inkluder,omitempty,comma"`
	// Dato lists only the versions valid that day.
	Dato Dato `url:"dato,omitempty"`
	// Stedfesting lists only the objects on these stretches of the road
	// network: "0-0.5@123" (a stretch), "125" (a whole veglenkesekvens),
	// "1.0@126" (a point).
	Stedfesting []string `url:"stedfesting,omitempty,comma"`
	// Vegsystemreferanse lists only the objects on these road references
	// ("EV6", "0301KV1234"; no metres).
	Vegsystemreferanse []string `url:"vegsystemreferanse,omitempty,comma"`
	// Antall is the page size, 1 to 1000 (0: the server's default).
	Antall int `url:"antall,omitempty"`
	// Start is the cursor of the page to begin with (a Page's Next).
	Start string `url:"-"`
}

func (q *VegobjektQuery) check() error {
	if q == nil {
		return nil
	}
	return firstErr(checkIDs("vegobjekt id", q.IDs), checkInkluder(q.Inkluder), checkDato("dato", q.Dato, false),
		checkAntall(q.Antall, MaxSide))
}

func (q *VegobjektQuery) start() string {
	if q == nil {
		return ""
	}
	return q.Start
}

// MultiTypeQuery selects the versions a page of vegobjekter of several
// types holds.
type MultiTypeQuery struct {
	// TypeIDs lists the vegobjekttypes (none: every type that is not
	// screened).
	TypeIDs []int `url:"typeIder,omitempty,comma"`
	VegobjektQuery
}

func (q *MultiTypeQuery) check() error {
	if q == nil {
		return nil
	}
	return firstErr(checkTypeIDs(q.TypeIDs), q.VegobjektQuery.check())
}

func (q *MultiTypeQuery) start() string {
	if q == nil {
		return ""
	}
	return q.Start
}

// VegobjektOptions selects the version and parts of one object.
type VegobjektOptions struct {
	// Inkluder names the parts the object carries (default: all).
	Inkluder []Inkluder `url:"inkluder,omitempty,comma"`
	// Dato picks the newest version begun by that day (default: today).
	Dato Dato `url:"dato,omitempty"`
}

func (o *VegobjektOptions) check() error {
	if o == nil {
		return nil
	}
	return firstErr(checkInkluder(o.Inkluder), checkDato("dato", o.Dato, false))
}

var (
	vegobjekterList      = listOf[Vegobjekt, vegobjekterSide]("Vegobjekter.List")
	vegobjekterMultiType = listOf[Vegobjekt, vegobjekterSide]("Vegobjekter.MultiType")
	vegobjektGet         = objectOf[Vegobjekt]("Vegobjekter.Get")
	vegobjektGetByID     = objectOf[Vegobjekt]("Vegobjekter.GetByID")
	vegobjektGetVersjon  = objectOf[Vegobjekt]("Vegobjekter.GetVersjon")
	vegobjektHistorisk   = objectOf[Vegobjekt]("Vegobjekter.GetHistorisk")
)

func (s *VegobjekterService) listCall(typeID int, q *VegobjektQuery) endpoint.Call[string] {
	return call(firstErr(checkTypeID(typeID), q.check()), q.start(), q, "vegobjekter", strconv.Itoa(typeID))
}

// List returns one page of the versions of a type's objects, in id and
// versjon order: every version, or those valid on q.Dato (GET
// /vegobjekter/{typeId}). Resume from the page's Next as q.Start.
func (s *VegobjekterService) List(ctx context.Context, typeID int, q *VegobjektQuery) (*Page[Vegobjekt], error) {
	return vegobjekterList.List(ctx, s.t(), s.listCall(typeID, q))
}

// Pages iterates the pages List returns, from q.Start.
func (s *VegobjekterService) Pages(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Page[Vegobjekt], error] {
	return vegobjekterList.Pages(ctx, s.t(), s.listCall(typeID, q))
}

// All iterates the versions of every page List returns, from q.Start. To
// copy the active objects of a type, Stream is much faster.
func (s *VegobjekterService) All(ctx context.Context, typeID int, q *VegobjektQuery) iter.Seq2[*Vegobjekt, error] {
	return vegobjekterList.All(ctx, s.t(), s.listCall(typeID, q))
}

func multiTypeCall(q *MultiTypeQuery) endpoint.Call[string] {
	return call(q.check(), q.start(), q, "vegobjekter")
}

// MultiType returns one page of the versions of the objects of several
// types, in id and versjon order (GET /vegobjekter?typeIder=).
func (s *VegobjekterService) MultiType(ctx context.Context, q *MultiTypeQuery) (*Page[Vegobjekt], error) {
	return vegobjekterMultiType.List(ctx, s.t(), multiTypeCall(q))
}

// MultiTypePages iterates the pages MultiType returns, from q.Start.
func (s *VegobjekterService) MultiTypePages(ctx context.Context, q *MultiTypeQuery) iter.Seq2[*Page[Vegobjekt], error] {
	return vegobjekterMultiType.Pages(ctx, s.t(), multiTypeCall(q))
}

// MultiTypeAll iterates the versions of every page MultiType returns.
func (s *VegobjekterService) MultiTypeAll(ctx context.Context, q *MultiTypeQuery) iter.Seq2[*Vegobjekt, error] {
	return vegobjekterMultiType.All(ctx, s.t(), multiTypeCall(q))
}

// Get returns the newest version of an object begun by o.Dato (today when
// not given); a version closed since shows its sluttdato (GET
// /vegobjekter/{typeId}/{vegobjektId}).
func (s *VegobjekterService) Get(ctx context.Context, typeID int, id int64, o *VegobjektOptions) (*Vegobjekt, error) {
	if err := firstErr(checkTypeID(typeID), checkID("vegobjekt id", id), o.check()); err != nil {
		return nil, err
	}
	return vegobjektGet.Do(ctx, s.t(), request(o, "vegobjekter", strconv.Itoa(typeID), strconv.FormatInt(id, 10)))
}

// GetByID is Get for an object whose type is not known (GET
// /vegobjekter/id/{vegobjektId}).
func (s *VegobjekterService) GetByID(ctx context.Context, id int64, o *VegobjektOptions) (*Vegobjekt, error) {
	if err := firstErr(checkID("vegobjekt id", id), o.check()); err != nil {
		return nil, err
	}
	return vegobjektGetByID.Do(ctx, s.t(), request(o, "vegobjekter", "id", strconv.FormatInt(id, 10)))
}

// GetVersjon returns one version of an object (GET
// /vegobjekter/{typeId}/{vegobjektId}/{versjon}), with the parts inkluder
// names (all when none).
func (s *VegobjekterService) GetVersjon(ctx context.Context, typeID int, id int64, versjon int, inkluder ...Inkluder) (*Vegobjekt, error) {
	if err := firstErr(checkTypeID(typeID), checkID("vegobjekt id", id), checkID("versjon", int64(versjon)),
		checkInkluder(inkluder)); err != nil {
		return nil, err
	}
	q := &VegobjektOptions{Inkluder: inkluder}
	return vegobjektGetVersjon.Do(ctx, s.t(), request(q, "vegobjekter", strconv.Itoa(typeID), strconv.FormatInt(id, 10),
		strconv.Itoa(versjon)))
}

// GetHistorisk returns the version of an object that was valid on dato, as
// NVDB has it now (corrections included; "ukorrigert" in NVDB's words
// means the date is not adjusted) (GET
// /vegobjekter/{typeId}/{vegobjektId}/historisk).
func (s *VegobjekterService) GetHistorisk(ctx context.Context, typeID int, id int64, dato Dato) (*Vegobjekt, error) {
	if err := firstErr(checkTypeID(typeID), checkID("vegobjekt id", id), checkDato("dato", dato, true)); err != nil {
		return nil, err
	}
	q := url.Values{"dato": {string(dato)}}
	p, err := path("vegobjekter", strconv.Itoa(typeID), strconv.FormatInt(id, 10), "historisk")
	if err != nil {
		return nil, err
	}
	return vegobjektHistorisk.Do(ctx, s.t(), endpoint.Request{Path: p, Query: q})
}

// vegobjektStream reads /vegobjekter/{typeId}/stream and its multi-type
// sibling: one active object per line, in id order after start.
var vegobjektStream = &rangeStream[Vegobjekt, int64]{
	decl: &endpoint.Stream[Vegobjekt, int64]{
		Spec:   endpoint.Spec{Name: "Vegobjekter.Stream", Accept: "application/x-ndjson", Streamed: true},
		Decode: decodeLine[Vegobjekt],
		Cursor: func(o *Vegobjekt) int64 { return o.ID },
		SetCursor: func(q url.Values, c int64) {
			if c > 0 {
				q.Set("start", strconv.FormatInt(c, 10))
			}
		},
	},
	key:  func(o *Vegobjekt) int64 { return o.ID },
	from: func(k int64) int64 { return k },
}

// ofType refuses an object of another type in the stream of typeID.
func ofType(typeID int) func(*Vegobjekt) error {
	return func(o *Vegobjekt) error {
		if o.TypeID != typeID {
			return fmt.Errorf("object %d of type %d in the stream of type %d", o.ID, o.TypeID, typeID)
		}
		return nil
	}
}

func (s *VegobjekterService) streamCall(name string, typeID int, q *StreamQuery) streamCall {
	req := request(nil, "vegobjekter", strconv.Itoa(typeID), "stream")
	if err := checkTypeID(typeID); err != nil {
		req = endpoint.Fail(err)
	}
	return newStreamCall(name, req, q, "vegobjekt id")
}

// Stream iterates the active objects of a type, read from NDJSON streams
// of up to 10 000 objects per request (GET /vegobjekter/{typeId}/stream)
// as they arrive, with bounded memory. Every object is yielded once.
//
// With q.IDs it reads those objects in batches. Otherwise it reads the
// type's id space as several ranges at once (q.Parallel), each continued
// from the last id it read (start means "after this id") and ending where
// the next begins; as readers become free it splits the range with the
// most left to read, so NVDB's answer time rather than one request after
// the other bounds a copy. The objects of different ranges interleave:
// they are in id order within a range, not overall. A stream that breaks
// off mid-line is asked again after its last whole object, within the
// retry budget. To resume a stream later, range StreamChunks instead and
// keep each chunk's Remaining.
func (s *VegobjekterService) Stream(ctx context.Context, typeID int, q *StreamQuery) iter.Seq2[*Vegobjekt, error] {
	return items(vegobjektStream.chunks(ctx, s.t(), s.streamCall("Vegobjekter.Stream", typeID, q), ofType(typeID)))
}

// StreamChunks is Stream as it arrives: chunks of objects of one id
// range, each with the ranges still to read once it is handled
// (Chunk.Remaining), so a copy can save where it stands and resume with
// StreamQuery.Ranges.
func (s *VegobjekterService) StreamChunks(ctx context.Context, typeID int, q *StreamQuery) iter.Seq2[*Chunk[Vegobjekt], error] {
	return vegobjektStream.chunks(ctx, s.t(), s.streamCall("Vegobjekter.StreamChunks", typeID, q), ofType(typeID))
}

// MultiTypeStreamQuery selects the objects of a multi-type stream.
type MultiTypeStreamQuery struct {
	// TypeIDs lists the vegobjekttypes (none: every type that is not
	// screened).
	TypeIDs []int `url:"typeIder,omitempty,comma"`
	// IDs reads only these objects, in batches of DefaultIDBatch.
	IDs []int64 `url:"-"`
	// Dato reads the versions valid that day instead of the active ones.
	Dato Dato `url:"dato,omitempty"`
	// Stedfesting reads only the objects on these stretches ("0-0.5@123",
	// "125", "1.0@126").
	Stedfesting []string `url:"stedfesting,omitempty,comma"`
	// Vegsystemreferanse reads only the objects on these road references.
	Vegsystemreferanse []string `url:"vegsystemreferanse,omitempty,comma"`
	// Antall is how many objects one request asks for (default and at
	// most 10 000).
	Antall int `url:"-"`
}

// MultiTypeStream iterates the objects of several types from NDJSON
// streams (GET /vegobjekter/stream), in id order, one range after the
// other. The specification gives this stream no start; it is continued
// after the last id as the one-type stream is, and a server that ignores
// that is an ErrInvalidResponse rather than a loop.
func (s *VegobjekterService) MultiTypeStream(ctx context.Context, q *MultiTypeStreamQuery) iter.Seq2[*Vegobjekt, error] {
	var sq StreamQuery
	var err error
	if q != nil {
		sq = StreamQuery{IDs: q.IDs, Antall: q.Antall}
		err = firstErr(checkTypeIDs(q.TypeIDs), checkDato("dato", q.Dato, false))
	}
	req := request(q, "vegobjekter", "stream")
	if err != nil {
		req = endpoint.Fail(err)
	}
	c := newStreamCall("Vegobjekter.MultiTypeStream", req, &sq, "vegobjekt id")
	c.split = false
	if c.ids == nil {
		c.parallel = 1
	}
	var types []int
	if q != nil {
		types = q.TypeIDs
	}
	return items(vegobjektStream.chunks(ctx, s.t(), c, func(o *Vegobjekt) error {
		if len(types) > 0 && !slices.Contains(types, o.TypeID) {
			return fmt.Errorf("object %d of type %d, which was not asked for", o.ID, o.TypeID)
		}
		return nil
	}))
}
