package uberiket

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// DefaultBatchSize is how many objects a Batch of a backfill holds unless
// SyncOptions.BatchSize says otherwise.
const DefaultBatchSize = 10_000

// SyncOptions tunes Client.Sync. The zero value (or nil) copies the type
// if the store has none of it, catches up with the hendelser and returns.
type SyncOptions struct {
	// Follow keeps Sync following the hendelser once caught up, asking
	// again this often, until ctx is done (Sync then returns ctx's
	// error). 0 returns once caught up.
	Follow time.Duration
	// Progress, when set, is called after every batch the store applied,
	// from Sync's goroutine.
	Progress func(SyncProgress)
	// BatchSize is how many objects one Batch of a backfill holds
	// (default DefaultBatchSize).
	BatchSize int
	// Parallel is how many id ranges a backfill reads at once, and how many
	// batches of ids are read again at once after hendelser (default
	// DefaultParallel).
	Parallel int
	// IDBatch is how many ids one request reads again after hendelser
	// (default DefaultIDBatch, at most 1000).
	IDBatch int
	// Now is the clock that decides which objects are active (default
	// time.Now).
	Now func() time.Time
}

// SyncPhase is what a sync is doing.
type SyncPhase string

// The phases of a sync.
const (
	// SyncBackfill: the type is copied from the streams.
	SyncBackfill SyncPhase = "backfill"
	// SyncHendelser: the objects that hendelser name are read again.
	SyncHendelser SyncPhase = "hendelser"
)

// SyncProgress says how far a Sync has come, after a batch was applied.
type SyncProgress struct {
	TypeID int
	Phase  SyncPhase
	// Upserted and Removed count the objects written and removed by this
	// call of Sync so far.
	Upserted, Removed int
	// Position is the store's position now.
	Position Position
	// Expired says the store's position was older than the hendelser
	// NVDB keeps, so the type is being copied anew.
	Expired bool
}

// errExpired says NVDB no longer has the hendelser after a position.
var errExpired = errors.New("the position is older than the hendelser NVDB keeps")

// Sync keeps store equal to NVDB for one vegobjekttype: the active objects
// (those whose newest version has no sluttdato in the past), each at its
// current versjon.
//
// When the store has no position for the type, Sync first notes the last
// hendelse id (Hendelser.Siste) and writes a first Position with the
// whole id space to copy, before any object; then it copies the type from
// the streams, several id ranges at once, applying a Batch of up to
// BatchSize active objects at a time, each with the ranges still to copy.
// Once the copy is done it reads the hendelser after the noted id, a page
// at a time: it reads the objects they name again (stream with ider, in
// batches of IDBatch), writes those that are active and removes the others
// (gone, or no longer active), and moves the position to the page's last
// hendelse. It returns when it has caught up, or with Follow goes on.
//
// The store applies each batch at once (objects, removals, position), and
// Sync calls it from one goroutine, in order, so a Sync interrupted
// anywhere (cancelled, killed) leaves a store the next Sync continues from:
// it ends equal to NVDB, nothing missing, nothing extra. A batch applied
// twice leaves the store as once.
//
// A position older than NVDB keeps hendelser for (NVDB refuses its start,
// and its oldest hendelse of the type is newer) is not continued from: the
// type is copied anew, and every Batch of that copy names in Replace the
// id ranges it covers whole, so the store drops the objects it holds there
// that NVDB no longer has. Until the copy is done the store keeps its old
// objects beside the new ones.
func (c *Client) Sync(ctx context.Context, typeID int, store Store, opts *SyncOptions) error {
	var o SyncOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case checkTypeID(typeID) != nil:
		return checkTypeID(typeID)
	case store == nil:
		return invalid("Sync needs a store")
	case o.Follow < 0 || o.BatchSize < 0 || o.Parallel < 0:
		return invalid("Follow, BatchSize and Parallel must not be negative")
	case o.IDBatch < 0 || o.IDBatch > maxIDBatch:
		return invalid("id batch %d must be between 1 and %d (0 for the default)", o.IDBatch, maxIDBatch)
	}
	t := c.transport()
	if t == nil {
		return invalid("Sync: the client was not made by NewClient")
	}
	s := &syncer{t: t, typeID: typeID, store: store, o: o, now: o.Now}
	if s.now == nil {
		s.now = time.Now
	}
	s.o.BatchSize = cmp.Or(o.BatchSize, DefaultBatchSize)
	s.o.Parallel = cmp.Or(o.Parallel, DefaultParallel)
	s.o.IDBatch = cmp.Or(o.IDBatch, DefaultIDBatch)

	pos, ok, err := store.Position(ctx, typeID)
	if err != nil {
		return fmt.Errorf("uberiket: sync: reading the store's position: %w", err)
	}
	if !ok {
		if pos, err = s.begin(ctx); err != nil {
			return err
		}
	}
	restarted := false
	for {
		if pos.Backfill != nil {
			if pos, err = s.backfill(ctx, pos); err != nil {
				return err
			}
		}
		pos, err = s.catchUp(ctx, pos)
		if errors.Is(err, errExpired) && !restarted {
			restarted, s.expired = true, true
			if pos, err = s.begin(ctx); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		restarted, s.expired = false, false
		if o.Follow <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(o.Follow):
		}
	}
}

// syncer is one call of Sync.
type syncer struct {
	t       endpoint.Transport
	typeID  int
	store   Store
	o       SyncOptions
	now     func() time.Time
	expired bool

	upserted, removed int
}

// apply hands a batch to the store and reports progress.
func (s *syncer) apply(ctx context.Context, phase SyncPhase, b *Batch) error {
	if err := s.store.Apply(ctx, s.typeID, b); err != nil {
		return fmt.Errorf("uberiket: sync: the store did not apply a batch: %w", err)
	}
	s.upserted += len(b.Upsert)
	s.removed += len(b.Remove)
	if s.o.Progress != nil {
		s.o.Progress(SyncProgress{TypeID: s.typeID, Phase: phase, Upserted: s.upserted, Removed: s.removed,
			Position: b.Position, Expired: s.expired})
	}
	return nil
}

// begin notes the last hendelse and writes the position of a backfill of
// the whole id space, before any object.
func (s *syncer) begin(ctx context.Context) (Position, error) {
	started := s.now().UTC()
	op := *hendelseSiste
	op.Name = "Sync"
	h, err := op.Do(ctx, s.t, request(nil, "hendelser", "vegobjekter", strconv.Itoa(s.typeID), "siste"))
	var last int64
	switch {
	case errors.Is(err, ErrNotFound):
		// A type without hendelser yet: every hendelse to come is after 0.
	case err != nil:
		return Position{}, err
	case h.VegobjektTypeID != s.typeID:
		return Position{}, fmt.Errorf("uberiket: sync: %w: the last hendelse of type %d is of type %d",
			ErrInvalidResponse, s.typeID, h.VegobjektTypeID)
	default:
		last = h.HendelseID
	}
	pos := Position{Hendelse: last, Backfill: &Backfill{Ranges: []Range{{}}, Started: started}}
	return pos, s.apply(ctx, SyncBackfill, &Batch{Position: pos})
}

// backfill copies the ranges of pos.Backfill, applying a batch of up to
// BatchSize objects at a time with the ranges still to copy.
func (s *syncer) backfill(ctx context.Context, pos Position) (Position, error) {
	c := newStreamCall("Sync", request(nil, "vegobjekter", strconv.Itoa(s.typeID), "stream"),
		&StreamQuery{Ranges: pos.Backfill.Ranges, Parallel: s.o.Parallel}, "vegobjekt id")
	b := &Batch{}
	remaining := pos.Backfill.Ranges
	flush := func() error {
		b.Position = Position{Hendelse: pos.Hendelse}
		if len(remaining) > 0 {
			b.Position.Backfill = &Backfill{Ranges: remaining, Started: pos.Backfill.Started}
		}
		if err := s.apply(ctx, SyncBackfill, b); err != nil {
			return err
		}
		b = &Batch{}
		return nil
	}
	for ch, err := range vegobjektStream.chunks(ctx, s.t, c, ofType(s.typeID)) {
		if err != nil {
			return pos, err
		}
		today := Today(s.now())
		for _, o := range ch.Items {
			if o.Gyldighetsperiode.AktivPaa(today) {
				b.Upsert = append(b.Upsert, o)
			}
		}
		b.Replace = appendRange(b.Replace, ch.Covered)
		remaining = ch.Remaining
		if len(b.Upsert) >= s.o.BatchSize {
			if err := flush(); err != nil {
				return pos, err
			}
		}
	}
	remaining = nil
	if err := flush(); err != nil {
		return pos, err
	}
	return Position{Hendelse: pos.Hendelse}, nil
}

// appendRange adds r to rs, joined to the last one when they meet.
func appendRange(rs []Range, r Range) []Range {
	if n := len(rs); n > 0 && rs[n-1].Until != 0 && rs[n-1].Until == r.After {
		rs[n-1].Until = r.Until
		return rs
	}
	return append(rs, r)
}

// catchUp applies the hendelser after pos, a page at a time, until the
// newest.
func (s *syncer) catchUp(ctx context.Context, pos Position) (Position, error) {
	list := *hendelserList
	list.Name = "Sync"
	for {
		page, err := list.List(ctx, s.t, hendelserCall(s.typeID, &HendelseQuery{Start: pos.Hendelse, Antall: MaxSide}))
		if err != nil {
			if errors.Is(err, ErrBadRequest) && s.tooOld(ctx, &list, pos) {
				return pos, fmt.Errorf("%w: %w", errExpired, err)
			}
			return pos, err
		}
		if len(page.Items) == 0 {
			return pos, nil
		}
		var ids []int64
		seen := map[int64]bool{}
		last := pos.Hendelse
		for _, h := range page.Items {
			if h.HendelseID <= last || h.VegobjektTypeID != s.typeID {
				return pos, fmt.Errorf("uberiket: sync: %w: hendelse %d (type %d) after %d in the hendelser of type %d",
					ErrInvalidResponse, h.HendelseID, h.VegobjektTypeID, last, s.typeID)
			}
			last = h.HendelseID
			if !seen[h.VegobjektID] {
				seen[h.VegobjektID] = true
				ids = append(ids, h.VegobjektID)
			}
		}
		b, err := s.reread(ctx, ids)
		if err != nil {
			return pos, err
		}
		b.Position = Position{Hendelse: last}
		if err := s.apply(ctx, SyncHendelser, b); err != nil {
			return pos, err
		}
		pos = b.Position
		if page.Next == "" {
			return pos, nil
		}
	}
}

// tooOld reports whether NVDB refused pos because it no longer keeps the
// hendelser after it: the oldest hendelse of the type it has is newer.
func (s *syncer) tooOld(ctx context.Context, list *endpoint.List[Page[VegobjektHendelse], VegobjektHendelse, string], pos Position) bool {
	page, err := list.List(ctx, s.t, hendelserCall(s.typeID, &HendelseQuery{Antall: 1}))
	if err != nil {
		return false
	}
	return len(page.Items) == 0 || page.Items[0].HendelseID > pos.Hendelse
}

// reread reads the objects of ids again: the active ones are written, the
// others removed.
func (s *syncer) reread(ctx context.Context, ids []int64) (*Batch, error) {
	c := newStreamCall("Sync", request(nil, "vegobjekter", strconv.Itoa(s.typeID), "stream"),
		&StreamQuery{IDs: ids, IDBatch: s.o.IDBatch, Parallel: s.o.Parallel}, "vegobjekt id")
	found := map[int64]bool{}
	b := &Batch{}
	today := Today(s.now())
	for ch, err := range vegobjektStream.chunks(ctx, s.t, c, ofType(s.typeID)) {
		if err != nil {
			return nil, err
		}
		for _, o := range ch.Items {
			if o.Gyldighetsperiode.AktivPaa(today) {
				found[o.ID] = true
				b.Upsert = append(b.Upsert, o)
			}
		}
	}
	for _, id := range ids {
		if !found[id] {
			b.Remove = append(b.Remove, id)
		}
	}
	return b, nil
}
