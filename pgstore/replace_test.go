package pgstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// TestApplyReplace: in each replace range the type keeps exactly the
// batch's objects; objects outside the ranges, and other types' objects
// inside them, stay. On both write paths, and with the table empty in the
// ranges (a first backfill's straight COPY) or not.
func TestApplyReplace(t *testing.T) {
	t.Parallel()
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			// Stored: ids 1000, 1007, … (size.n of them), and the same
			// ids as type 581.
			old := pgtest.Fartsgrenser(1000, size.n)
			other := pgtest.Fartsgrenser(1000, size.n)
			for _, o := range other {
				o.TypeID = 581
			}
			e.apply(105, &uberiket.Batch{Upsert: old})
			e.apply(581, &uberiket.Batch{Upsert: other})
			last := old[len(old)-1].ID
			// mid is an object the new copy keeps (not every third), so
			// the end of the test can see a range's After is kept.
			midAt := size.n / 2
			if midAt%3 == 0 {
				midAt++
			}
			mid := old[midAt].ID

			// A new copy: in (0, mid] every third object is gone and the
			// rest at versjon 2; (last, ∞) gets new objects; (mid, last]
			// is not replaced by this batch.
			var upsert []*uberiket.Vegobjekt
			want := map[int64]int{}
			for i, o := range old {
				switch {
				case o.ID > mid:
					want[o.ID] = 1
				case i%3 != 0:
					upsert = append(upsert, pgtest.Fartsgrense(o.ID, 2))
					want[o.ID] = 2
				}
			}
			for _, o := range pgtest.Fartsgrenser(last+100, size.n) {
				upsert = append(upsert, o)
				want[o.ID] = 1
			}
			e.apply(105, &uberiket.Batch{Upsert: upsert, Replace: []uberiket.Range{{After: 0, Until: mid}, {After: last}},
				Position: uberiket.Position{Hendelse: 3}})
			assert.Equal(t, want, e.table(105))
			assert.Equal(t, versions(other), e.table(581), "another type's objects in the ranges stay")

			// A range with nothing in the batch is emptied; its ends are
			// exact: After is kept, Until goes.
			e.apply(105, &uberiket.Batch{Replace: []uberiket.Range{{After: mid, Until: last}}, Position: uberiket.Position{Hendelse: 4}})
			for id := range want {
				if id > mid && id <= last {
					delete(want, id)
				}
			}
			assert.Equal(t, want, e.table(105))
			assert.Contains(t, e.table(105), mid)
			assert.NotContains(t, e.table(105), last)
		})
	}
}

// TestReplaceRangeTakesOlderVersjon: in a Replace range the type has
// exactly the batch's objects, also one at a lower versjon than the
// stored one: NVDB removed its newest version (VegobjektVersjonFjernet:
// v3 registered in error, v2 current again), and a copy of the type anew,
// or the batch of hendelser that reads the object again, brings v2, as
// MemoryStore then holds. Outside the ranges the same batch never lowers a
// versjon. On both write paths.
func TestReplaceRangeTakesOlderVersjon(t *testing.T) {
	t.Parallel()
	const inside, outside = 78697179, 78697200
	tests := []struct {
		name    string
		replace []uberiket.Range
		want    map[int64]int // the versjon of inside and outside afterwards
	}{
		{"copy anew of the whole id space", []uberiket.Range{{}}, map[int64]int{inside: 2, outside: 2}},
		{"hendelser: the one id", []uberiket.Range{{After: inside - 1, Until: inside}}, map[int64]int{inside: 2, outside: 3}},
	}
	for _, size := range sizes {
		for _, tc := range tests {
			t.Run(size.name+"/"+tc.name, func(t *testing.T) {
				e := newEnv(t)
				mem := uberiket.NewMemoryStore()
				// Other objects make the batches as large as the path needs.
				others := pgtest.Fartsgrenser(1, size.n-2)
				v3 := []*uberiket.Vegobjekt{pgtest.Fartsgrense(inside, 3), pgtest.Fartsgrense(outside, 3)}
				first := &uberiket.Batch{Upsert: append(slices.Clone(v3), others...), Position: uberiket.Position{Hendelse: 1}}
				e.apply(105, first)
				require.NoError(t, mem.Apply(e.ctx, 105, first))

				var v2 []*uberiket.Vegobjekt
				for _, o := range v3 {
					back := pgtest.Fartsgrense(o.ID, 2)
					back.SistEndret = o.SistEndret.Add(-time.Hour) // older in every way
					v2 = append(v2, back)
				}
				b := &uberiket.Batch{Upsert: append(slices.Clone(v2), others...), Replace: tc.replace, Position: uberiket.Position{Hendelse: 2}}
				for range 2 { // applied twice: as once
					e.apply(105, b)
					require.NoError(t, mem.Apply(e.ctx, 105, b))
				}

				table := e.table(105)
				assert.Len(t, table, size.n)
				for id, versjon := range tc.want {
					assert.Equal(t, versjon, table[id], "vegobjekt %d", id)
				}
				var egenskaper []byte
				require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT egenskaper FROM "+e.schema+
					".vegobjekter WHERE type_id = 105 AND id = $1", inside).Scan(&egenskaper))
				assertJSON(t, v2[0].Egenskaper, egenskaper, "the row is the upserted version")
				o, ok := mem.Get(105, inside)
				require.True(t, ok)
				assert.Equal(t, 2, o.Versjon, "MemoryStore holds the upserted version")
			})
		}
	}
}

// TestApplyUpsertedAndRemoved: an id both upserted and removed in one
// batch ends removed, as the removals apply after the upserts
// (uberiket.Store's order, and MemoryStore's), whether or not it was
// stored and on both paths.
func TestApplyUpsertedAndRemoved(t *testing.T) {
	t.Parallel()
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			stored := pgtest.Fartsgrenser(1000, 10)
			e.apply(105, &uberiket.Batch{Upsert: stored})
			upsert := pgtest.Fartsgrenser(5000, size.n)
			upsert = append(upsert, pgtest.Fartsgrense(stored[2].ID, 2))
			remove := []int64{stored[2].ID, upsert[0].ID, upsert[0].ID, 999_999}
			e.apply(105, &uberiket.Batch{Upsert: upsert, Remove: remove, Replace: []uberiket.Range{{After: 4000}}})
			want := versions(append(slices.Clone(stored), upsert[1:size.n]...))
			delete(want, stored[2].ID)
			assert.Equal(t, want, e.table(105))
		})
	}
}

// TestApplyLikeMemoryStore applies the same batches, in the shapes Sync
// sends them (a backfill of interleaved parallel ranges, a copy anew that
// must drop what NVDB no longer has, hendelser), to this store and to
// uberiket's MemoryStore, each batch twice, and requires after every one
// that both hold the same objects at the same versjon and the same
// position.
func TestApplyLikeMemoryStore(t *testing.T) {
	t.Parallel()
	started := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		batches func(n int) []*uberiket.Batch
	}{
		{"first backfill", func(n int) []*uberiket.Batch {
			return backfillOf(10, started, pgtest.Fartsgrenser(1000, 3*n), n/2)
		}},
		{"backfill of a type with one object", func(int) []*uberiket.Batch {
			return backfillOf(10, started, pgtest.Fartsgrenser(1000, 1), 5)
		}},
		{"copy anew: objects gone, newer, new, a range emptied", func(n int) []*uberiket.Batch {
			first := pgtest.Fartsgrenser(1000, 3*n)
			cut := first[2*n].ID // the second reader's range begins here
			var now []*uberiket.Vegobjekt
			for i, o := range first {
				switch {
				case o.ID > cut: // all gone above the cut: that range comes back empty
				case i%5 == 0: // gone
				case i%3 == 0:
					now = append(now, pgtest.Fartsgrense(o.ID, 2))
				default:
					now = append(now, o)
				}
			}
			now = now[:len(now)-3] // the top of the first range gone too
			again := backfillOf(20, started.Add(24*time.Hour), now, n/3, cut)
			return append(backfillOf(10, started, first, n/2, cut), again...)
		}},
		{"hendelser", func(n int) []*uberiket.Batch {
			objs := pgtest.Fartsgrenser(1000, 2*n)
			bs := backfillOf(10, started, objs, n)
			h := &uberiket.Batch{Position: uberiket.Position{Hendelse: 11}}
			for i, o := range objs {
				switch i % 4 {
				case 0:
					h.Upsert = append(h.Upsert, pgtest.Fartsgrense(o.ID, 2))
				case 1:
					h.Remove = append(h.Remove, o.ID)
				}
			}
			h.Upsert = append(h.Upsert, pgtest.Fartsgrenser(objs[len(objs)-1].ID+1, n)...)
			h.Upsert = append(h.Upsert, pgtest.Fartsgrense(objs[1].ID, 3))    // upserted and removed
			h.Remove = append(h.Remove, 5, objs[len(objs)-1].ID+1+7*int64(n)) // not stored
			return append(bs, h, &uberiket.Batch{Position: uberiket.Position{Hendelse: 12}})
		}},
		{"hendelser: versions removed", func(n int) []*uberiket.Batch {
			// Sync's batch after VegobjektVersjonFjernet: each such object
			// in a range of its own, read again at an older versjon or gone
			// (then in Remove too).
			objs := pgtest.Fartsgrenser(1000, 2*n)
			for i, o := range objs {
				objs[i] = pgtest.Fartsgrense(o.ID, 3)
			}
			bs := backfillOf(10, started, objs, n)
			h := &uberiket.Batch{Position: uberiket.Position{Hendelse: 11}}
			for i, o := range objs {
				switch i % 3 {
				case 0:
					h.Upsert = append(h.Upsert, pgtest.Fartsgrense(o.ID, 2))
					h.Replace = append(h.Replace, uberiket.Range{After: o.ID - 1, Until: o.ID})
				case 1:
					h.Remove = append(h.Remove, o.ID)
					h.Replace = append(h.Replace, uberiket.Range{After: o.ID - 1, Until: o.ID})
				}
			}
			h.Upsert = append(h.Upsert, pgtest.Fartsgrenser(objs[len(objs)-1].ID+1, n)...)
			return append(bs, h)
		}},
		{"upserts outside the replace ranges", func(n int) []*uberiket.Batch {
			objs := pgtest.Fartsgrenser(1000, 2*n)
			bs := backfillOf(10, started, objs[:n], n)
			return append(bs, &uberiket.Batch{Upsert: objs[n:], Replace: []uberiket.Range{{After: objs[n].ID, Until: objs[n+1].ID}},
				Position: uberiket.Position{Hendelse: 11}})
		}},
	}
	for _, size := range sizes {
		for _, tc := range tests {
			t.Run(size.name+"/"+tc.name, func(t *testing.T) {
				e := newEnv(t)
				mem := uberiket.NewMemoryStore()
				for i, b := range tc.batches(size.n) {
					for range 2 {
						require.NoError(t, mem.Apply(e.ctx, 105, b))
						e.apply(105, b)
					}
					require.Equal(t, mem.Versjoner(105), e.table(105), "after batch %d", i)
					want, _, err := mem.Position(e.ctx, 105)
					require.NoError(t, err)
					got, ok, err := e.store.Position(e.ctx, 105)
					require.NoError(t, err)
					require.True(t, ok)
					require.Equal(t, want, got, "position after batch %d", i)
				}
				assert.NotEmpty(t, e.table(105))
			})
		}
	}
}

// backfillOf returns the batches Sync sends for a copy of objs (sorted)
// begun at started: the position alone first, then the chunks of the
// ranges split at cuts, read in parallel, their chunks of chunk objects
// interleaved two to a batch, each batch with the ranges it covers whole
// and the ranges still to copy, the last with none left.
func backfillOf(hendelse int64, started time.Time, objs []*uberiket.Vegobjekt, chunk int, cuts ...int64) []*uberiket.Batch {
	chunk = max(chunk, 1)
	type reader struct {
		r    uberiket.Range // still to copy
		objs []*uberiket.Vegobjekt
	}
	var readers []*reader
	bounds := append(append([]int64{0}, cuts...), 0)
	for i := range len(bounds) - 1 {
		r := uberiket.Range{After: bounds[i], Until: bounds[i+1]}
		rd := &reader{r: r}
		for _, o := range objs {
			if r.Contains(o.ID) {
				rd.objs = append(rd.objs, o)
			}
		}
		readers = append(readers, rd)
	}
	position := func() uberiket.Position {
		p := uberiket.Position{Hendelse: hendelse}
		var left []uberiket.Range
		for _, rd := range readers {
			if rd.r.After >= 0 {
				left = append(left, rd.r)
			}
		}
		if len(left) > 0 {
			p.Backfill = &uberiket.Backfill{Ranges: left, Started: started}
		}
		return p
	}
	out := []*uberiket.Batch{{Position: uberiket.Position{Hendelse: hendelse,
		Backfill: &uberiket.Backfill{Ranges: []uberiket.Range{{}}, Started: started}}}}
	for {
		b := &uberiket.Batch{}
		for _, rd := range readers {
			if rd.r.After < 0 || len(b.Replace) == 2 {
				continue
			}
			n := min(chunk, len(rd.objs))
			covered := uberiket.Range{After: rd.r.After, Until: rd.r.Until}
			if n < len(rd.objs) {
				covered.Until = rd.objs[n-1].ID
			}
			b.Upsert = append(b.Upsert, rd.objs[:n]...)
			b.Replace = append(b.Replace, covered)
			rd.objs = rd.objs[n:]
			if covered.Until == rd.r.Until {
				rd.r.After = -1 // done
			} else {
				rd.r.After = covered.Until
			}
		}
		if len(b.Replace) == 0 {
			return out
		}
		b.Position = position()
		out = append(out, b)
	}
}

// TestBackfillOf checks the test's own model of Sync's batches: the
// replace ranges of a copy tile the id space, and every object is in one
// batch, inside its replace ranges.
func TestBackfillOf(t *testing.T) {
	t.Parallel()
	objs := pgtest.Fartsgrenser(1000, 50)
	bs := backfillOf(1, time.Now(), objs, 7, objs[20].ID, objs[30].ID)
	var ranges []uberiket.Range
	seen := 0
	for _, b := range bs[1:] {
		for _, o := range b.Upsert {
			assert.True(t, slices.ContainsFunc(b.Replace, func(r uberiket.Range) bool { return r.Contains(o.ID) }), "object %d", o.ID)
		}
		seen += len(b.Upsert)
		ranges = append(ranges, b.Replace...)
	}
	assert.Equal(t, len(objs), seen)
	slices.SortFunc(ranges, func(a, b uberiket.Range) int { return int(a.After - b.After) })
	assert.Zero(t, ranges[0].After)
	for i := 1; i < len(ranges); i++ {
		assert.Equal(t, ranges[i-1].Until, ranges[i].After)
	}
	assert.Zero(t, ranges[len(ranges)-1].Until)
	assert.Nil(t, bs[len(bs)-1].Position.Backfill)
}
