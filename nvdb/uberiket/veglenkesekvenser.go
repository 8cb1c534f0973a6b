package uberiket

import (
	"context"
	"iter"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VeglenkesekvenserService reads the road network's veglenkesekvenser: the
// unit the network is versioned in, and what objects are placed on.
type VeglenkesekvenserService service

func (s *VeglenkesekvenserService) t() endpoint.Transport { return (*service)(s).transport() }

// VeglenkesekvensQuery selects the veglenkesekvenser of a page.
type VeglenkesekvensQuery struct {
	// IDs lists only these.
	IDs []int64 `url:"ider,omitempty,comma"`
	// Vegsystemreferanse lists only those on these road references.
	Vegsystemreferanse []string `url:"vegsystemreferanse,omitempty,comma"`
	// Polygon lists only those within a polygon in UTM 33 ("20000
	// 6520000, 20500 6520000, 21000 6500000, 20000 6520000").
	Polygon string `url:"polygon,omitempty"`
	// Inkluder is InkluderMinimum (id, lengde and sistEndret only) or
	// InkluderAlle (the default).
	Inkluder []Inkluder `url:"inkluder,omitempty,comma"`
	// Antall is the page size, 1 to 1000 (0: the server's default).
	Antall int `url:"antall,omitempty"`
	// Start is the cursor of the page to begin with (a Page's Next).
	Start string `url:"-"`
}

func (q *VeglenkesekvensQuery) check() error {
	if q == nil {
		return nil
	}
	return firstErr(checkIDs("veglenkesekvens id", q.IDs), checkInkluder(q.Inkluder, InkluderMinimum, InkluderAlle),
		checkAntall(q.Antall, MaxSide))
}

func (q *VeglenkesekvensQuery) start() string {
	if q == nil {
		return ""
	}
	return q.Start
}

var (
	veglenkesekvenserList    = listOf[Veglenkesekvens, veglenkesekvenserSide]("Veglenkesekvenser.List")
	veglenkesekvensGet       = objectOf[Veglenkesekvens]("Veglenkesekvenser.Get")
	veglenkesekvensHistorisk = objectOf[Veglenkesekvens]("Veglenkesekvenser.GetHistorisk")
)

func veglenkesekvensListCallOf(q *VeglenkesekvensQuery) endpoint.Call[string] {
	return call(q.check(), q.start(), q, "vegnett", "veglenkesekvenser")
}

// List returns one page of veglenkesekvenser in id order (GET
// /vegnett/veglenkesekvenser).
func (s *VeglenkesekvenserService) List(ctx context.Context, q *VeglenkesekvensQuery) (*Page[Veglenkesekvens], error) {
	return veglenkesekvenserList.List(ctx, s.t(), veglenkesekvensListCallOf(q))
}

// Pages iterates the pages List returns, from q.Start.
func (s *VeglenkesekvenserService) Pages(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Page[Veglenkesekvens], error] {
	return veglenkesekvenserList.Pages(ctx, s.t(), veglenkesekvensListCallOf(q))
}

// All iterates the veglenkesekvenser of every page List returns.
func (s *VeglenkesekvenserService) All(ctx context.Context, q *VeglenkesekvensQuery) iter.Seq2[*Veglenkesekvens, error] {
	return veglenkesekvenserList.All(ctx, s.t(), veglenkesekvensListCallOf(q))
}

// Get returns one veglenkesekvens with all its ports and veglenker (GET
// /vegnett/veglenkesekvenser/{veglenkesekvensId}).
func (s *VeglenkesekvenserService) Get(ctx context.Context, id int64) (*Veglenkesekvens, error) {
	if err := checkID("veglenkesekvens id", id); err != nil {
		return nil, err
	}
	return veglenkesekvensGet.Do(ctx, s.t(), request(nil, "vegnett", "veglenkesekvenser", strconv.FormatInt(id, 10)))
}

// GetHistorisk returns a veglenkesekvens with the veglenker valid on dato
// (GET /vegnett/veglenkesekvenser/{veglenkesekvensId}/historisk).
func (s *VeglenkesekvenserService) GetHistorisk(ctx context.Context, id int64, dato Dato) (*Veglenkesekvens, error) {
	if err := firstErr(checkID("veglenkesekvens id", id), checkDato("dato", dato, true)); err != nil {
		return nil, err
	}
	p, err := path("vegnett", "veglenkesekvenser", strconv.FormatInt(id, 10), "historisk")
	if err != nil {
		return nil, err
	}
	return veglenkesekvensHistorisk.Do(ctx, s.t(), endpoint.Request{Path: p, Query: url.Values{"dato": {string(dato)}}})
}

// veglenkesekvensStream reads /vegnett/veglenkesekvenser/stream. The
// specification gives it no start; NVDB's own TN-ITS tool continues it
// with start after the last id, as the vegobjekt streams are.
var veglenkesekvensStream = &rangeStream[Veglenkesekvens, int64]{
	decl: &endpoint.Stream[Veglenkesekvens, int64]{
		Spec:   endpoint.Spec{Name: "Veglenkesekvenser.Stream", Accept: "application/x-ndjson", Streamed: true},
		Decode: decodeLine[Veglenkesekvens],
		Cursor: func(v *Veglenkesekvens) int64 { return v.ID },
		SetCursor: func(q url.Values, c int64) {
			if c > 0 {
				q.Set("start", strconv.FormatInt(c, 10))
			}
		},
	},
	key:  func(v *Veglenkesekvens) int64 { return v.ID },
	from: func(k int64) int64 { return k },
}

func veglenkesekvensStreamCall(name string, q *StreamQuery) streamCall {
	return newStreamCall(name, request(nil, "vegnett", "veglenkesekvenser", "stream"), q, "veglenkesekvens id")
}

// Stream iterates veglenkesekvenser from NDJSON streams (GET
// /vegnett/veglenkesekvenser/stream), reading the id space as several
// ranges at once, as VegobjekterService.Stream does; with q.IDs, those
// veglenkesekvenser in batches.
func (s *VeglenkesekvenserService) Stream(ctx context.Context, q *StreamQuery) iter.Seq2[*Veglenkesekvens, error] {
	return items(veglenkesekvensStream.chunks(ctx, s.t(), veglenkesekvensStreamCall("Veglenkesekvenser.Stream", q), nil))
}

// StreamChunks is Stream as it arrives, in chunks with the ranges still to
// read (Chunk.Remaining).
func (s *VeglenkesekvenserService) StreamChunks(ctx context.Context, q *StreamQuery) iter.Seq2[*Chunk[Veglenkesekvens], error] {
	return veglenkesekvensStream.chunks(ctx, s.t(), veglenkesekvensStreamCall("Veglenkesekvenser.StreamChunks", q), nil)
}
