package uberiket

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// HendelserService reads the change log of vegobjekttypes: every change of
// an object is one or more hendelser, numbered by an id that grows across
// all types. A copy notes the last hendelse id (Siste) before it reads the
// objects, then reads the hendelser after it (All, Stream) and reads the
// objects they name again; Client.Sync does all of that.
type HendelserService service

func (s *HendelserService) t() endpoint.Transport { return (*service)(s).transport() }

// HendelseQuery selects vegobjekt hendelser.
type HendelseQuery struct {
	// Start reads the hendelser after this hendelse id (0: from the
	// oldest NVDB keeps).
	Start int64 `url:"-"`
	// StartDato reads the hendelser from this time on.
	StartDato time.Time `url:"startDato,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	// SluttDato reads the hendelser before this time (not in a stream).
	SluttDato time.Time `url:"sluttDato,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	// Hendelsetyper reads only these kinds (VegobjektVersjonOpprettet …;
	// not in a stream).
	Hendelsetyper []string `url:"hendelsetype,omitempty,comma"`
	// VegobjektIDs reads only the hendelser of these objects (not in a
	// stream).
	VegobjektIDs []int64 `url:"vegobjektId,omitempty,comma"`
	// Antall is the page size, 1 to 1000, or for a stream how many
	// hendelser one request asks for, up to 10 000 (0: a page's default,
	// a stream's most).
	Antall int `url:"antall,omitempty"`
}

var vegobjektHendelseTyper = []string{VegobjektVersjonOpprettet, VegobjektVersjonEndret, VegobjektVersjonFjernet,
	VegobjektImportert}

func (q *HendelseQuery) check(most int) error {
	if q == nil {
		return nil
	}
	if q.Start < 0 {
		return invalid("start %d must be >= 0", q.Start)
	}
	for _, h := range q.Hendelsetyper {
		if !slices.Contains(vegobjektHendelseTyper, h) {
			return invalid("hendelsetype %q is not one of %v", h, vegobjektHendelseTyper)
		}
	}
	if !q.StartDato.IsZero() && !q.SluttDato.IsZero() && !q.SluttDato.After(q.StartDato) {
		return invalid("sluttDato %v is not after startDato %v", q.SluttDato, q.StartDato)
	}
	return firstErr(checkIDs("vegobjekt id", q.VegobjektIDs), checkAntall(q.Antall, most))
}

func (q *HendelseQuery) start() string {
	if q == nil {
		return ""
	}
	return startOf(q.Start)
}

// MultiTypeHendelseQuery selects the vegobjekt hendelser of several types.
type MultiTypeHendelseQuery struct {
	// TypeIDs lists the vegobjekttypes (none: all).
	TypeIDs []int `url:"typeIder,omitempty,comma"`
	HendelseQuery
}

func (q *MultiTypeHendelseQuery) check() error {
	if q == nil {
		return nil
	}
	return firstErr(checkTypeIDs(q.TypeIDs), q.HendelseQuery.check(MaxSide))
}

func (q *MultiTypeHendelseQuery) start() string {
	if q == nil {
		return ""
	}
	return startOf(q.Start)
}

var (
	hendelserList      = listOf[VegobjektHendelse, vegobjektHendelserSide]("Hendelser.List")
	hendelserMultiType = listOf[VegobjektHendelse, vegobjektHendelserSide]("Hendelser.MultiType")
	hendelseSiste      = objectOf[VegobjektHendelse]("Hendelser.Siste")
	hendelseSisteMulti = &endpoint.Op[[]*VegobjektHendelse]{Spec: endpoint.Spec{Name: "Hendelser.MultiTypeSiste"},
		Check: checkHendelseList}
)

func hendelserCall(typeID int, q *HendelseQuery) endpoint.Call[string] {
	return call(firstErr(checkTypeID(typeID), q.check(MaxSide)), q.start(), q, "hendelser", "vegobjekter",
		strconv.Itoa(typeID))
}

// List returns one page of a type's hendelser after q.Start, in id order
// (GET /hendelser/vegobjekter/{typeId}). A start older than NVDB still
// keeps is refused (ErrBadRequest).
func (s *HendelserService) List(ctx context.Context, typeID int, q *HendelseQuery) (*Page[VegobjektHendelse], error) {
	return hendelserList.List(ctx, s.t(), hendelserCall(typeID, q))
}

// Pages iterates the pages List returns.
func (s *HendelserService) Pages(ctx context.Context, typeID int, q *HendelseQuery) iter.Seq2[*Page[VegobjektHendelse], error] {
	return hendelserList.Pages(ctx, s.t(), hendelserCall(typeID, q))
}

// All iterates a type's hendelser after q.Start until the newest; the
// HendelseID of the last one is where to resume.
func (s *HendelserService) All(ctx context.Context, typeID int, q *HendelseQuery) iter.Seq2[*VegobjektHendelse, error] {
	return hendelserList.All(ctx, s.t(), hendelserCall(typeID, q))
}

func multiTypeHendelseCall(q *MultiTypeHendelseQuery) endpoint.Call[string] {
	return call(q.check(), q.start(), q, "hendelser", "vegobjekter")
}

// MultiType returns one page of the hendelser of several types after
// q.Start (GET /hendelser/vegobjekter).
func (s *HendelserService) MultiType(ctx context.Context, q *MultiTypeHendelseQuery) (*Page[VegobjektHendelse], error) {
	return hendelserMultiType.List(ctx, s.t(), multiTypeHendelseCall(q))
}

// MultiTypePages iterates the pages MultiType returns.
func (s *HendelserService) MultiTypePages(ctx context.Context, q *MultiTypeHendelseQuery) iter.Seq2[*Page[VegobjektHendelse], error] {
	return hendelserMultiType.Pages(ctx, s.t(), multiTypeHendelseCall(q))
}

// MultiTypeAll iterates the hendelser of every page MultiType returns.
func (s *HendelserService) MultiTypeAll(ctx context.Context, q *MultiTypeHendelseQuery) iter.Seq2[*VegobjektHendelse, error] {
	return hendelserMultiType.All(ctx, s.t(), multiTypeHendelseCall(q))
}

var vegobjektHendelseStream = &endpoint.Stream[VegobjektHendelse, int64]{
	Spec:      endpoint.Spec{Name: "Hendelser.Stream", Accept: "application/x-ndjson", Streamed: true},
	Decode:    decodeLine[VegobjektHendelse],
	Cursor:    func(h *VegobjektHendelse) int64 { return h.HendelseID },
	SetCursor: setStart,
}

func setStart(q url.Values, c int64) {
	if c > 0 {
		q.Set("start", strconv.FormatInt(c, 10))
	}
}

// Stream iterates a type's hendelser after q.Start from NDJSON streams of
// up to 10 000 per request (GET /hendelser/vegobjekter/{typeId}/stream),
// until the newest. It takes Start, StartDato and Antall.
func (s *HendelserService) Stream(ctx context.Context, typeID int, q *HendelseQuery) iter.Seq2[*VegobjektHendelse, error] {
	var hq HendelseQuery
	if q != nil {
		hq = *q
	}
	err := firstErr(checkTypeID(typeID), hq.check(MaxStream))
	if err == nil && (!hq.SluttDato.IsZero() || hq.Hendelsetyper != nil || hq.VegobjektIDs != nil) {
		err = invalid("a hendelse stream takes Start, StartDato and Antall only")
	}
	hq.Antall = cmp.Or(hq.Antall, MaxStream)
	req := request(&hq, "hendelser", "vegobjekter", strconv.Itoa(typeID), "stream")
	if err != nil {
		req = endpoint.Fail(err)
	}
	return hendelseStream(ctx, s.t(), vegobjektHendelseStream, req, hq.Start)
}

// errStopped ends a read whose consumer stopped ranging.
var errStopped = errors.New("the consumer stopped")

// hendelseStream reads a hendelse stream after start until an answer
// brings none; the ids must grow.
func hendelseStream[T any](ctx context.Context, t endpoint.Transport, decl *endpoint.Stream[T, int64], req endpoint.Request, start int64) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		cursor := start
		for {
			n, last, err := decl.Read(ctx, t, req, cursor, func(h *T) error {
				if id := decl.Cursor(h); id <= cursor {
					return endpoint.BadItem(fmt.Errorf("hendelse %d after %d: the stream is not in id order", id, cursor))
				}
				cursor = decl.Cursor(h)
				if !yield(h, nil) {
					return errStopped
				}
				return nil
			})
			switch {
			case errors.Is(err, errStopped):
				return
			case err != nil:
				yield(nil, err)
				return
			case n == 0:
				return
			}
			cursor = last
		}
	}
}

// Siste returns the last hendelse of a type at or before at (the newest
// when at is zero) (GET /hendelser/vegobjekter/{typeId}/siste): the
// position to read hendelser from once a copy made now is done. NVDB
// answers ErrNotFound for a type without hendelser.
func (s *HendelserService) Siste(ctx context.Context, typeID int, at time.Time) (*VegobjektHendelse, error) {
	if err := checkTypeID(typeID); err != nil {
		return nil, err
	}
	op := *hendelseSiste
	op.Check = func(h *VegobjektHendelse) error {
		if err := h.check(); err != nil {
			return err
		}
		if h.VegobjektTypeID != typeID {
			return fmt.Errorf("the last hendelse of type %d is of type %d", typeID, h.VegobjektTypeID)
		}
		return nil
	}
	return op.Do(ctx, s.t(), requestWith(sisteQuery(at), "hendelser", "vegobjekter", strconv.Itoa(typeID), "siste"))
}

// sisteQuery is the query of the siste operations.
func sisteQuery(at time.Time) url.Values {
	if at.IsZero() {
		return url.Values{}
	}
	return url.Values{"tidspunkt": {at.Format(time.RFC3339Nano)}}
}

// MultiTypeSiste returns the last hendelse at or before at (the newest
// when zero) of each of the types that has one (GET
// /hendelser/vegobjekter/siste).
func (s *HendelserService) MultiTypeSiste(ctx context.Context, typeIDs []int, at time.Time) ([]*VegobjektHendelse, error) {
	if len(typeIDs) == 0 {
		return nil, invalid("MultiTypeSiste needs at least one vegobjekttype id")
	}
	if err := checkTypeIDs(typeIDs); err != nil {
		return nil, err
	}
	op := *hendelseSisteMulti
	op.Check = func(list *[]*VegobjektHendelse) error {
		if *list == nil {
			return errors.New("the answer is not a list of hendelser")
		}
		for i, h := range *list {
			if err := h.check(); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
			if !slices.Contains(typeIDs, h.VegobjektTypeID) {
				return fmt.Errorf("[%d]: a hendelse of type %d, which was not asked for", i, h.VegobjektTypeID)
			}
		}
		return nil
	}
	q := sisteQuery(at)
	ids := make([]string, len(typeIDs))
	for i, id := range typeIDs {
		ids[i] = strconv.Itoa(id)
	}
	q.Set("typeIder", strings.Join(ids, ","))
	p, err := path("hendelser", "vegobjekter", "siste")
	if err != nil {
		return nil, err
	}
	list, err := op.Do(ctx, s.t(), endpoint.Request{Path: p, Query: q})
	if err != nil {
		return nil, err
	}
	return *list, nil
}

// checkHendelseList is the envelope check of a bare list of hendelser: a
// list (null is no answer), each item a whole hendelse.
func checkHendelseList(l *[]*VegobjektHendelse) error {
	if *l == nil {
		return errors.New("the answer is not a list of hendelser")
	}
	for i, h := range *l {
		if h == nil {
			return fmt.Errorf("hendelse %d is null", i)
		}
		if err := h.check(); err != nil {
			return fmt.Errorf("hendelse %d: %w", i, err)
		}
	}
	return nil
}
