package uberiket

import (
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
)

// MemoryStore is a Store in memory, for tests and for programs that keep a
// type in memory (Fartsgrense, about a million objects, takes a few GB).
// It keeps the objects Sync hands it as they are; do not change them. It
// is safe for concurrent use.
type MemoryStore struct {
	mu    sync.RWMutex
	types map[int]*typeCopy[*Vegobjekt]
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{types: map[int]*typeCopy[*Vegobjekt]{}} }

// Position returns the store's position for the type; false when it never
// applied a batch of it.
func (s *MemoryStore) Position(_ context.Context, typeID int) (Position, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.types[typeID]
	if c == nil || !c.has {
		return Position{}, false, nil
	}
	return clonePosition(c.pos), true, nil
}

// Apply applies the batch at once.
func (s *MemoryStore) Apply(ctx context.Context, typeID int, b *Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b == nil {
		return invalid("nil batch")
	}
	for _, o := range b.Upsert {
		if o == nil {
			return invalid("a nil object in the batch")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.types[typeID]
	if c == nil {
		c = newTypeCopy[*Vegobjekt]()
		s.types[typeID] = c
	}
	c.apply(b, func(i int) *Vegobjekt { return b.Upsert[i] }, func(int64, *Vegobjekt) {})
	return nil
}

// Get returns the object of the type with the id, if the store holds it.
func (s *MemoryStore) Get(typeID int, id int64) (*Vegobjekt, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c := s.types[typeID]; c != nil {
		o, ok := c.objs[id]
		return o, ok
	}
	return nil, false
}

// Len returns how many objects of the type the store holds.
func (s *MemoryStore) Len(typeID int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c := s.types[typeID]; c != nil {
		return len(c.objs)
	}
	return 0
}

// Versjoner returns the objects of the type the store holds as id →
// versjon (what uberikettest.Server.Snapshot returns for NVDB).
func (s *MemoryStore) Versjoner(typeID int) map[int64]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[int64]int{}
	if c := s.types[typeID]; c != nil {
		for id, o := range c.objs {
			out[id] = o.Versjon
		}
	}
	return out
}

// Objects iterates the objects of the type in id order, as they were when
// it was called.
func (s *MemoryStore) Objects(typeID int) iter.Seq[*Vegobjekt] {
	return func(yield func(*Vegobjekt) bool) {
		s.mu.RLock()
		var objs []*Vegobjekt
		if c := s.types[typeID]; c != nil {
			ids := slices.Sorted(maps.Keys(c.objs))
			objs = make([]*Vegobjekt, len(ids))
			for i, id := range ids {
				objs[i] = c.objs[id]
			}
		}
		s.mu.RUnlock()
		for _, o := range objs {
			if !yield(o) {
				return
			}
		}
	}
}
