package uberiket

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// feed is the rule every hendelse feed follows, in pages (List, Pages,
// All) and in streams alike: the hendelser after the start, their ids
// strictly growing, each one of the kind the call asked for. A feed that
// goes back, repeats a hendelse or brings one not asked for is
// ErrInvalidResponse: a copy that follows it would apply a change twice,
// miss one, or change objects of another type.
type feed[T any] struct {
	id func(*T) int64
	// accept refuses a hendelse the call did not ask for (another type,
	// kind or element); nil takes any.
	accept func(*T) error
}

// next checks h, the hendelse after the one with id prev (the start for
// the first), and returns its id.
func (f feed[T]) next(prev int64, h *T) (int64, error) {
	id := f.id(h)
	if id <= prev {
		return prev, fmt.Errorf("hendelse %d after %d: the feed is not in id order", id, prev)
	}
	if f.accept != nil {
		if err := f.accept(h); err != nil {
			return prev, fmt.Errorf("hendelse %d: %w", id, err)
		}
	}
	return id, nil
}

// page checks a page fetched after cursor (a hendelse id, "" for the
// oldest): its hendelser follow the rule from the cursor on, and its
// neste.start, a hendelse id too, is not before its last hendelse (a next
// page from there would bring some of them again).
func (f feed[T]) page(p *Page[T], cursor string) error {
	prev, err := hendelseCursor(cursor)
	if err != nil {
		return err
	}
	for _, h := range p.Items {
		if prev, err = f.next(prev, h); err != nil {
			return err
		}
	}
	if p.Next == "" {
		return nil
	}
	next, err := hendelseCursor(p.Next)
	switch {
	case err != nil:
		return fmt.Errorf("neste.start: %w", err)
	case next < prev:
		return fmt.Errorf("neste.start %d is before hendelse %d of the page: the feed would go back", next, prev)
	}
	return nil
}

// hendelseCursor is the hendelse id a feed's start names (0 for "").
func hendelseCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(c, 10, 64)
	if err != nil || id < 0 {
		return 0, fmt.Errorf("%q is not a hendelse id", c)
	}
	return id, nil
}

// ordered gives a hendelse list declaration the rule of f, so a caller
// that uses the declaration as it is (Sync) gets at least the order.
func ordered[T any](l *endpoint.List[Page[T], T, string], f feed[T]) *endpoint.List[Page[T], T, string] {
	l.Order = f.page
	return l
}

// list is a copy of l under the rule of f, for one call.
func (f feed[T]) list(l *endpoint.List[Page[T], T, string]) *endpoint.List[Page[T], T, string] {
	cp := *l
	cp.Order = f.page
	return &cp
}

func vegobjektHendelseID(h *VegobjektHendelse) int64 { return h.HendelseID }
func vegnettHendelseID(h *VegnettHendelse) int64     { return h.HendelseID }

// vegobjektFeed is the rule of a vegobjekt hendelse feed: the hendelser of
// typeIDs (none: any type), of q's kinds and objects when it names some.
func vegobjektFeed(typeIDs []int, q *HendelseQuery) feed[VegobjektHendelse] {
	var kinds []string
	var objects []int64
	if q != nil {
		kinds, objects = q.Hendelsetyper, q.VegobjektIDs
	}
	return feed[VegobjektHendelse]{id: vegobjektHendelseID, accept: func(h *VegobjektHendelse) error {
		switch {
		case len(typeIDs) > 0 && !slices.Contains(typeIDs, h.VegobjektTypeID):
			return fmt.Errorf("of vegobjekttype %d, which was not asked for", h.VegobjektTypeID)
		case len(kinds) > 0 && !slices.Contains(kinds, h.HendelseType):
			return fmt.Errorf("a %s, which was not asked for", h.HendelseType)
		case len(objects) > 0 && !slices.Contains(objects, h.VegobjektID):
			return fmt.Errorf("of vegobjekt %d, which was not asked for", h.VegobjektID)
		}
		return nil
	}}
}

// vegnettHendelseFeed is the rule of a road network feed: its own kind of
// hendelse (accepted), of q's kinds and nettelementer when it names some.
func vegnettHendelseFeed(accepted func(*VegnettHendelse) bool, q *VegnettHendelseQuery) feed[VegnettHendelse] {
	var kinds []string
	var ids []int64
	if q != nil {
		kinds, ids = q.Hendelsetyper, q.IDs
	}
	return feed[VegnettHendelse]{id: vegnettHendelseID, accept: func(h *VegnettHendelse) error {
		switch {
		case !accepted(h), len(kinds) > 0 && !slices.Contains(kinds, h.HendelseType):
			return fmt.Errorf("a %s, which was not asked for", h.HendelseType)
		case len(ids) > 0 && !slices.Contains(ids, h.NettelementID):
			return fmt.Errorf("of nettelement %d, which was not asked for", h.NettelementID)
		}
		return nil
	}}
}

// stream checks each hendelse of a stream as it arrives: a hendelse that
// breaks the rule is the answer's fault (endpoint.BadItem).
func (f feed[T]) stream(prev int64, h *T) (int64, error) {
	id, err := f.next(prev, h)
	if err != nil {
		return prev, endpoint.BadItem(err)
	}
	return id, nil
}
