package uberiket

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VegnettHendelseQuery selects road network hendelser.
type VegnettHendelseQuery struct {
	// Start reads the hendelser after this hendelse id.
	Start int64 `url:"-"`
	// StartDato reads the hendelser from this time on.
	StartDato time.Time `url:"startDato,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	// SluttDato reads the hendelser before this time (not in a stream).
	SluttDato time.Time `url:"sluttDato,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	// Hendelsetyper reads only these kinds (VeglenkesekvensOpprettet …;
	// not in a stream).
	Hendelsetyper []string `url:"hendelsetype,omitempty,comma"`
	// IDs reads only the hendelser of these nettelementer: nettelementId,
	// veglenkesekvensId or nodeId as the feed calls them (not in a
	// stream).
	IDs []int64 `url:"-"`
	// Antall is the page size, 1 to 1000, or for a stream how many
	// hendelser one request asks for, up to 10 000.
	Antall int `url:"antall,omitempty"`
}

var vegnettHendelseTyper = []string{NodeOpprettet, NodeEndret, NodeFjernet, VeglenkesekvensOpprettet,
	VeglenkesekvensEndret, VeglenkesekvensFjernet}

func (q *VegnettHendelseQuery) check(most int) error {
	if q == nil {
		return nil
	}
	if q.Start < 0 {
		return invalid("start %d must be >= 0", q.Start)
	}
	for _, h := range q.Hendelsetyper {
		if !slices.Contains(vegnettHendelseTyper, h) {
			return invalid("hendelsetype %q is not one of %v", h, vegnettHendelseTyper)
		}
	}
	if !q.StartDato.IsZero() && !q.SluttDato.IsZero() && !q.SluttDato.After(q.StartDato) {
		return invalid("sluttDato %v is not after startDato %v", q.SluttDato, q.StartDato)
	}
	return firstErr(checkIDs("nettelement id", q.IDs), checkAntall(q.Antall, most))
}

// vegnettFeed is one of the three road network feeds: its path under
// /hendelser, the name of its id filter and what its hendelser must be.
type vegnettFeed struct {
	list     *endpoint.List[Page[VegnettHendelse], VegnettHendelse, string]
	siste    *endpoint.Op[VegnettHendelse]
	segment  string
	idParam  string
	accepted func(h *VegnettHendelse) bool
}

func isVeglenkesekvensHendelse(h *VegnettHendelse) bool {
	return slices.Contains([]string{VeglenkesekvensOpprettet, VeglenkesekvensEndret, VeglenkesekvensFjernet}, h.HendelseType)
}

func isNodeHendelse(h *VegnettHendelse) bool {
	return slices.Contains([]string{NodeOpprettet, NodeEndret, NodeFjernet}, h.HendelseType)
}

var (
	vegnettFeedAll = &vegnettFeed{
		list:  listOf[VegnettHendelse, vegnettHendelserSide]("VegnettHendelser.List"),
		siste: objectOf[VegnettHendelse]("VegnettHendelser.Siste"), segment: "vegnett", idParam: "nettelementId",
		accepted: func(*VegnettHendelse) bool { return true },
	}
	vegnettFeedVeglenkesekvenser = &vegnettFeed{
		list:  listOf[VegnettHendelse, vegnettHendelserSide]("VeglenkesekvensHendelser.List"),
		siste: objectOf[VegnettHendelse]("VeglenkesekvensHendelser.Siste"), segment: "veglenkesekvenser",
		idParam: "veglenkesekvensId", accepted: isVeglenkesekvensHendelse,
	}
	vegnettFeedNoder = &vegnettFeed{
		list:  listOf[VegnettHendelse, vegnettHendelserSide]("NodeHendelser.List"),
		siste: objectOf[VegnettHendelse]("NodeHendelser.Siste"), segment: "noder", idParam: "nodeId",
		accepted: isNodeHendelse,
	}
)

func (f *vegnettFeed) call(q *VegnettHendelseQuery) endpoint.Call[string] {
	if err := q.check(MaxSide); err != nil {
		return endpoint.Call[string]{Request: endpoint.Fail(err)}
	}
	c := call(nil, "", q, "hendelser", f.segment)
	if q != nil {
		c.Start = startOf(q.Start)
		if q.IDs != nil && c.Err == nil {
			c.Request = withQuery(c.Request, f.idParam, joinIDs(q.IDs))
		}
	}
	return c
}

func (f *vegnettFeed) sisteOf(ctx context.Context, t endpoint.Transport, at time.Time) (*VegnettHendelse, error) {
	op := *f.siste
	op.Check = func(h *VegnettHendelse) error {
		if err := h.check(); err != nil {
			return err
		}
		if !f.accepted(h) {
			return fmt.Errorf("a %s in the feed of %s", h.HendelseType, f.segment)
		}
		return nil
	}
	return op.Do(ctx, t, requestWith(sisteQuery(at), "hendelser", f.segment, "siste"))
}

// VegnettHendelserService reads the change log of the road network:
// veglenkesekvenser and nodes together, in hendelse id order.
type VegnettHendelserService service

func (s *VegnettHendelserService) t() endpoint.Transport { return (*service)(s).transport() }

// List returns one page of road network hendelser after q.Start (GET
// /hendelser/vegnett); q.IDs filters on nettelementId.
func (s *VegnettHendelserService) List(ctx context.Context, q *VegnettHendelseQuery) (*Page[VegnettHendelse], error) {
	return vegnettFeedAll.list.List(ctx, s.t(), vegnettFeedAll.call(q))
}

// Pages iterates the pages List returns.
func (s *VegnettHendelserService) Pages(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*Page[VegnettHendelse], error] {
	return vegnettFeedAll.list.Pages(ctx, s.t(), vegnettFeedAll.call(q))
}

// All iterates the hendelser of every page List returns.
func (s *VegnettHendelserService) All(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*VegnettHendelse, error] {
	return vegnettFeedAll.list.All(ctx, s.t(), vegnettFeedAll.call(q))
}

// Siste returns the last road network hendelse at or before at (the
// newest when zero) (GET /hendelser/vegnett/siste).
func (s *VegnettHendelserService) Siste(ctx context.Context, at time.Time) (*VegnettHendelse, error) {
	return vegnettFeedAll.sisteOf(ctx, s.t(), at)
}

// VeglenkesekvensHendelserService reads the change log of
// veglenkesekvenser.
type VeglenkesekvensHendelserService service

func (s *VeglenkesekvensHendelserService) t() endpoint.Transport { return (*service)(s).transport() }

// List returns one page of veglenkesekvens hendelser after q.Start (GET
// /hendelser/veglenkesekvenser); q.IDs filters on veglenkesekvensId.
func (s *VeglenkesekvensHendelserService) List(ctx context.Context, q *VegnettHendelseQuery) (*Page[VegnettHendelse], error) {
	return vegnettFeedVeglenkesekvenser.list.List(ctx, s.t(), vegnettFeedVeglenkesekvenser.call(q))
}

// Pages iterates the pages List returns.
func (s *VeglenkesekvensHendelserService) Pages(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*Page[VegnettHendelse], error] {
	return vegnettFeedVeglenkesekvenser.list.Pages(ctx, s.t(), vegnettFeedVeglenkesekvenser.call(q))
}

// All iterates the hendelser of every page List returns.
func (s *VeglenkesekvensHendelserService) All(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*VegnettHendelse, error] {
	return vegnettFeedVeglenkesekvenser.list.All(ctx, s.t(), vegnettFeedVeglenkesekvenser.call(q))
}

// Siste returns the last veglenkesekvens hendelse at or before at (the
// newest when zero) (GET /hendelser/veglenkesekvenser/siste).
func (s *VeglenkesekvensHendelserService) Siste(ctx context.Context, at time.Time) (*VegnettHendelse, error) {
	return vegnettFeedVeglenkesekvenser.sisteOf(ctx, s.t(), at)
}

var veglenkesekvensHendelseStream = &endpoint.Stream[VegnettHendelse, int64]{
	Spec:      endpoint.Spec{Name: "VeglenkesekvensHendelser.Stream", Accept: "application/x-ndjson", Streamed: true},
	Decode:    decodeLine[VegnettHendelse],
	Cursor:    func(h *VegnettHendelse) int64 { return h.HendelseID },
	SetCursor: setStart,
}

// Stream iterates veglenkesekvens hendelser after q.Start from NDJSON
// streams of up to 10 000 per request (GET
// /hendelser/veglenkesekvenser/stream), until the newest. It takes Start,
// StartDato and Antall.
func (s *VeglenkesekvensHendelserService) Stream(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*VegnettHendelse, error] {
	var hq VegnettHendelseQuery
	if q != nil {
		hq = *q
	}
	err := hq.check(MaxStream)
	if err == nil && (!hq.SluttDato.IsZero() || hq.Hendelsetyper != nil || hq.IDs != nil) {
		err = invalid("a hendelse stream takes Start, StartDato and Antall only")
	}
	hq.Antall = cmp.Or(hq.Antall, MaxStream)
	req := request(&hq, "hendelser", "veglenkesekvenser", "stream")
	if err != nil {
		req = endpoint.Fail(err)
	}
	return hendelseStream(ctx, s.t(), veglenkesekvensHendelseStream, req, hq.Start)
}

// NodeHendelserService reads the change log of nodes.
type NodeHendelserService service

func (s *NodeHendelserService) t() endpoint.Transport { return (*service)(s).transport() }

// List returns one page of node hendelser after q.Start (GET
// /hendelser/noder); q.IDs filters on nodeId.
func (s *NodeHendelserService) List(ctx context.Context, q *VegnettHendelseQuery) (*Page[VegnettHendelse], error) {
	return vegnettFeedNoder.list.List(ctx, s.t(), vegnettFeedNoder.call(q))
}

// Pages iterates the pages List returns.
func (s *NodeHendelserService) Pages(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*Page[VegnettHendelse], error] {
	return vegnettFeedNoder.list.Pages(ctx, s.t(), vegnettFeedNoder.call(q))
}

// All iterates the hendelser of every page List returns.
func (s *NodeHendelserService) All(ctx context.Context, q *VegnettHendelseQuery) iter.Seq2[*VegnettHendelse, error] {
	return vegnettFeedNoder.list.All(ctx, s.t(), vegnettFeedNoder.call(q))
}

// Siste returns the last node hendelse at or before at (the newest when
// zero) (GET /hendelser/noder/siste).
func (s *NodeHendelserService) Siste(ctx context.Context, at time.Time) (*VegnettHendelse, error) {
	return vegnettFeedNoder.sisteOf(ctx, s.t(), at)
}

// EndringssettService reads what an endringssett (a change set submitted
// through NVDB API Skriv) did, as hendelser.
type EndringssettService service

func (s *EndringssettService) t() endpoint.Transport { return (*service)(s).transport() }

// EndringssettHendelse is one hendelse an endringssett made: a vegobjekt
// hendelse or a road network hendelse, one of the two set.
type EndringssettHendelse struct {
	Vegobjekt *VegobjektHendelse
	Vegnett   *VegnettHendelse
}

// EndringssettQuery selects a page of an endringssett's hendelser.
type EndringssettQuery struct {
	// Antall is the page size, 1 to 1000 (0: the server's default).
	Antall int `url:"antall,omitempty"`
	// Start is the cursor of the page to begin with (a Page's Next).
	Start string `url:"-"`
}

func (s *endringssettHendelserSide) parts() ([]*EndringssettHendelse, *SideMetadata) {
	out := make([]*EndringssettHendelse, 0, len(s.VegobjektHendelser)+len(s.VegnettHendelser))
	for _, h := range s.VegobjektHendelser {
		out = append(out, &EndringssettHendelse{Vegobjekt: h})
	}
	for _, h := range s.VegnettHendelser {
		out = append(out, &EndringssettHendelse{Vegnett: h})
	}
	return out, s.Metadata
}

var (
	endringssettList = listOf[EndringssettHendelse, endringssettHendelserSide]("Endringssett.List")
	uuidPattern      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

func endringssettCall(id string, q *EndringssettQuery) endpoint.Call[string] {
	var err error
	start := ""
	if !uuidPattern.MatchString(id) {
		err = invalid("endringssett id %q is not a UUID", id)
	}
	if q != nil {
		err = firstErr(err, checkAntall(q.Antall, MaxSide))
		start = q.Start
	}
	return call(err, start, q, "hendelser", "endringssett", id)
}

// List returns one page of the hendelser an endringssett made, its
// vegobjekt hendelser first (GET /hendelser/endringssett/{endringssettId}).
func (s *EndringssettService) List(ctx context.Context, id string, q *EndringssettQuery) (*Page[EndringssettHendelse], error) {
	return endringssettList.List(ctx, s.t(), endringssettCall(id, q))
}

// Pages iterates the pages List returns.
func (s *EndringssettService) Pages(ctx context.Context, id string, q *EndringssettQuery) iter.Seq2[*Page[EndringssettHendelse], error] {
	return endringssettList.Pages(ctx, s.t(), endringssettCall(id, q))
}

// All iterates the hendelser of every page List returns.
func (s *EndringssettService) All(ctx context.Context, id string, q *EndringssettQuery) iter.Seq2[*EndringssettHendelse, error] {
	return endringssettList.All(ctx, s.t(), endringssettCall(id, q))
}
