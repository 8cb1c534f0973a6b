package uberiket

import (
	"context"
	"time"
)

// Position is how far a store has come with one vegobjekttype; it
// marshals to JSON, so a store can keep it in one column or file.
type Position struct {
	// Hendelse is the id of the last vegobjekt hendelse of the type that
	// the store reflects. During a backfill it is the last hendelse id NVDB
	// had when the backfill began (hendelser after it are applied once the
	// backfill is done).
	Hendelse int64 `json:"hendelse"`
	// Backfill is non-nil while a backfill is unfinished: the id ranges of
	// the type still to copy.
	Backfill *Backfill `json:"backfill,omitempty"`
}

// Backfill is the state of an unfinished backfill.
type Backfill struct {
	// Ranges are the parts of the id space not yet copied, in id order.
	Ranges []Range `json:"ranges"`
	// Started is when the backfill began.
	Started time.Time `json:"started"`
}

// Range is part of a type's id space: the objects with After < id <= Until
// (Until 0: no upper end) still to copy.
type Range struct {
	After int64 `json:"after"`
	Until int64 `json:"until,omitempty"`
}

// Batch is one step of a sync, applied to a store at once: the objects to
// write (each replacing what the store holds under its id), the ids to
// remove (objects NVDB no longer has active; an id the store does not hold
// is no error), the id ranges the batch copies whole, and the position the
// store is at once all are done.
type Batch struct {
	Upsert []*Vegobjekt
	Remove []int64
	// Replace lists the id ranges (After < id <= Until; Until 0: no upper
	// end) of which a backfill copied every object: in them the type has
	// exactly the objects of Upsert, and the store removes any other it
	// holds there (objects a store kept from before a new copy of the type
	// that NVDB no longer has). The ranges of one backfill never overlap.
	// Empty outside a backfill.
	Replace  []Range
	Position Position
}

// Contains reports whether id is in the range.
func (r Range) Contains(id int64) bool { return id > r.After && (r.Until == 0 || id <= r.Until) }

// Store keeps the active objects of vegobjekttypes and how far it has come
// with each; a sync writes to it. Anything that can apply a batch
// atomically (a database transaction, a log record written whole) can be a
// store. In SQL a batch is one transaction: delete the rows of the type in
// each Replace range whose id is not among the upserted ones, upsert the
// objects, delete the Remove ids, and write the position.
type Store interface {
	// Position returns the store's position for the type; false when the
	// type was never copied.
	Position(ctx context.Context, typeID int) (Position, bool, error)
	// Apply applies the batch to the type atomically: the objects, the
	// removals and the position, all or nothing. Applying the same batch
	// twice leaves the store as once.
	Apply(ctx context.Context, typeID int, b *Batch) error
}
