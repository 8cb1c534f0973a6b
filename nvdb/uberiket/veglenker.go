package uberiket

import (
	"context"
	"iter"
	"math"
	"net/url"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VeglenkerService streams the veglenker of the road network.
type VeglenkerService service

func (s *VeglenkerService) t() endpoint.Transport { return (*service)(s).transport() }

// veglenkeStream reads /vegnett/veglenker/stream: the veglenker in order of
// veglenkesekvens and number, continued after
// "[veglenkesekvensId]-[veglenkenummer]". Its ranges are of
// veglenkesekvens ids: a range after id k starts at "k-2147483647", past
// every veglenke of k.
var veglenkeStream = &rangeStream[VeglenkeMedID, string]{
	decl: &endpoint.Stream[VeglenkeMedID, string]{
		Spec:   endpoint.Spec{Name: "Veglenker.Stream", Accept: "application/x-ndjson", Streamed: true},
		Decode: decodeLine[VeglenkeMedID],
		Cursor: func(l *VeglenkeMedID) string {
			return strconv.FormatInt(l.VeglenkesekvensID, 10) + "-" + strconv.Itoa(l.Veglenkenummer)
		},
		SetCursor: func(q url.Values, c string) {
			if c != "" {
				q.Set("start", c)
			}
		},
	},
	key: func(l *VeglenkeMedID) int64 { return l.VeglenkesekvensID },
	from: func(k int64) string {
		if k <= 0 {
			return ""
		}
		return strconv.FormatInt(k, 10) + "-" + strconv.Itoa(math.MaxInt32)
	},
	grouped: true,
}

func veglenkeStreamCall(name string, q *StreamQuery) streamCall {
	return newStreamCall(name, request(nil, "vegnett", "veglenker", "stream"), q, "veglenkesekvens id")
}

// Stream iterates veglenker from NDJSON streams (GET
// /vegnett/veglenker/stream). Its ranges and q.IDs are of veglenkesekvens
// ids: a range holds every veglenke of the veglenkesekvenser in it, and
// with q.IDs it reads the veglenker of those veglenkesekvenser. The
// veglenker of one veglenkesekvens are yielded together, in number order;
// otherwise it reads as VegobjekterService.Stream does.
func (s *VeglenkerService) Stream(ctx context.Context, q *StreamQuery) iter.Seq2[*VeglenkeMedID, error] {
	return items(veglenkeStream.chunks(ctx, s.t(), veglenkeStreamCall("Veglenker.Stream", q), nil))
}

// StreamChunks is Stream as it arrives, in chunks of whole
// veglenkesekvenser with the ranges still to read (Chunk.Remaining).
func (s *VeglenkerService) StreamChunks(ctx context.Context, q *StreamQuery) iter.Seq2[*Chunk[VeglenkeMedID], error] {
	return veglenkeStream.chunks(ctx, s.t(), veglenkeStreamCall("Veglenker.StreamChunks", q), nil)
}
