package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

const benchObjects = 300_000

// benchFartsgrenser are 300 000 speed limits in id order, made once.
var benchFartsgrenser = sync.OnceValue(func() []*uberiket.Vegobjekt {
	return pgtest.Fartsgrenser(85_000_000, benchObjects)
})

// backfill applies objs in batches of size as a backfill does: each batch
// with the position after its last id, the last one without backfill.
func backfill(b *testing.B, e *env, objs []*uberiket.Vegobjekt, size int) {
	started := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	for i := 0; i < len(objs); i += size {
		part := objs[i:min(i+size, len(objs))]
		pos := uberiket.Position{Hendelse: 188455359}
		if i+size < len(objs) {
			pos.Backfill = &uberiket.Backfill{Ranges: []uberiket.Range{{After: part[len(part)-1].ID}}, Started: started}
		}
		if err := e.store.Apply(e.ctx, pgtest.FartsgrenseType, &uberiket.Batch{Upsert: part, Position: pos}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyBackfill applies 300 000 Fartsgrense-shaped objects through
// Apply as a backfill does, in batches of 1000, 5000 and 10 000: into an
// empty table (a first backfill: straight COPY) and into a table already
// holding them (a backfill again: COPY into staging, then merge). One op
// is all 300 000; objects/s is the rate.
func BenchmarkApplyBackfill(b *testing.B) {
	e := newEnv(b)
	objs := benchFartsgrenser()
	for _, into := range []string{"empty", "full"} {
		for _, size := range []int{1000, 5000, 10000} {
			b.Run(fmt.Sprintf("into=%s/batch=%d", into, size), func(b *testing.B) {
				e.exec("TRUNCATE " + e.schema + ".vegobjekter, " + e.schema + ".posisjoner")
				if into == "full" {
					backfill(b, e, objs, 10000)
				}
				e.exec("VACUUM ANALYZE " + e.schema + ".vegobjekter")
				m := pgtest.NewCPUMeter(e.srv)
				b.ResetTimer()
				for range b.N {
					m.Start()
					backfill(b, e, objs, size)
					m.Stop()
					b.StopTimer()
					if into == "empty" {
						e.exec("TRUNCATE " + e.schema + ".vegobjekter, " + e.schema + ".posisjoner")
					}
					b.StartTimer()
				}
				m.Report(b, b.N*len(objs))
			})
		}
	}
}

// BenchmarkApplyBackfillIndexed is the first backfill in batches of 10 000
// with one more index on the table, to show what an index costs the
// writes (the package documentation leaves indexes to the user).
func BenchmarkApplyBackfillIndexed(b *testing.B) {
	e := newEnv(b)
	objs := benchFartsgrenser()
	for _, idx := range []struct{ name, sql string }{
		{"none", ""},
		{"gin-egenskaper", "CREATE INDEX ON " + e.schema + ".vegobjekter USING gin (egenskaper jsonb_path_ops)"},
		{"btree-sist_endret", "CREATE INDEX ON " + e.schema + ".vegobjekter (sist_endret)"},
	} {
		b.Run("index="+idx.name, func(b *testing.B) {
			e.exec("DROP SCHEMA " + e.schema + " CASCADE")
			fresh, err := pgstore.New(e.ctx, e.pool, pgstore.WithSchema(e.schema))
			if err != nil {
				b.Fatal(err)
			}
			e.store = fresh
			if idx.sql != "" {
				e.exec(idx.sql)
			}
			m := pgtest.NewCPUMeter(e.srv)
			b.ResetTimer()
			for range b.N {
				m.Start()
				backfill(b, e, objs, 10000)
				m.Stop()
				b.StopTimer()
				e.exec("TRUNCATE " + e.schema + ".vegobjekter, " + e.schema + ".posisjoner")
				b.StartTimer()
			}
			m.Report(b, b.N*len(objs))
		})
	}
}

// BenchmarkApplyHendelser applies batches as following hendelser does, on
// a table holding 300 000 objects: 100 objects (95 at a new versjon, 5 new)
// and 5 removals a batch, each batch its own transaction. objects/s counts
// upserts and removals.
func BenchmarkApplyHendelser(b *testing.B) {
	e := newEnv(b)
	objs := benchFartsgrenser()
	backfill(b, e, objs, 10000)
	e.exec("VACUUM ANALYZE " + e.schema + ".vegobjekter")
	r := rand.New(rand.NewPCG(1, 2))
	versjon := make(map[int64]int, len(objs))
	nextID := objs[len(objs)-1].ID
	hendelse := int64(188455359)
	const changed, created, removed = 95, 5, 5
	m := pgtest.NewCPUMeter(e.srv)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		batch := &uberiket.Batch{}
		seen := map[int64]bool{}
		for len(batch.Upsert) < changed {
			id := objs[r.IntN(len(objs))].ID
			if seen[id] {
				continue
			}
			seen[id] = true
			versjon[id]++
			batch.Upsert = append(batch.Upsert, pgtest.Fartsgrense(id, 1+versjon[id]))
		}
		for range created {
			nextID += 7
			batch.Upsert = append(batch.Upsert, pgtest.Fartsgrense(nextID, 1))
		}
		for len(batch.Remove) < removed {
			id := objs[r.IntN(len(objs))].ID
			if !seen[id] {
				seen[id] = true
				batch.Remove = append(batch.Remove, id)
			}
		}
		hendelse += changed + created + removed
		batch.Position = uberiket.Position{Hendelse: hendelse}
		b.StartTimer()
		m.Start()
		if err := e.store.Apply(e.ctx, pgtest.FartsgrenseType, batch); err != nil {
			b.Fatal(err)
		}
		m.Stop()
	}
	m.Report(b, b.N*(changed+created+removed))
}
