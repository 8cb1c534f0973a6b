package uberiket

// typeCopy is what the stores of this package keep of one type: its
// position and its objects by id, each as an E (the object itself, or
// where a file holds it).
type typeCopy[E any] struct {
	pos  Position
	has  bool
	objs map[int64]E
	// stale holds the ids kept from before the backfill under way that it
	// has not copied yet: the only ones a Replace range can remove, since
	// the ranges of one backfill never overlap. A store without order can
	// so apply Replace without scanning every object.
	stale map[int64]struct{}
}

func newTypeCopy[E any]() *typeCopy[E] { return &typeCopy[E]{objs: map[int64]E{}} }

// apply applies b; put returns what to keep for b.Upsert[i], drop is told
// of every object removed or replaced.
func (c *typeCopy[E]) apply(b *Batch, put func(i int) E, drop func(id int64, old E)) {
	if bf := b.Position.Backfill; bf != nil && (c.pos.Backfill == nil || !c.pos.Backfill.Started.Equal(bf.Started)) {
		// A new copy of the type begins: what the store holds is stale
		// until the copy has been through its id.
		c.stale = make(map[int64]struct{}, len(c.objs))
		for id := range c.objs {
			c.stale[id] = struct{}{}
		}
	}
	for _, r := range b.Replace {
		for id := range c.stale {
			if r.Contains(id) {
				c.remove(id, drop)
			}
		}
	}
	for i, o := range b.Upsert {
		if old, ok := c.objs[o.ID]; ok {
			drop(o.ID, old)
		}
		c.objs[o.ID] = put(i)
		delete(c.stale, o.ID)
	}
	for _, id := range b.Remove {
		c.remove(id, drop)
	}
	c.pos, c.has = clonePosition(b.Position), true
	if c.pos.Backfill == nil && len(c.stale) > 0 {
		// The copy is done: what it did not copy anew is gone from NVDB.
		for id := range c.stale {
			c.remove(id, drop)
		}
	}
	if c.pos.Backfill == nil {
		c.stale = nil
	}
}

func (c *typeCopy[E]) remove(id int64, drop func(id int64, old E)) {
	if old, ok := c.objs[id]; ok {
		drop(id, old)
		delete(c.objs, id)
	}
	delete(c.stale, id)
}

// clonePosition copies p, so that a store never shares a caller's ranges.
func clonePosition(p Position) Position {
	if p.Backfill != nil {
		bf := *p.Backfill
		bf.Ranges = append([]Range(nil), bf.Ranges...)
		p.Backfill = &bf
	}
	return p
}
