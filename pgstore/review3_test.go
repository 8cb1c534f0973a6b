package pgstore_test

// Review 3: tests that prove defects found in review; a failing test is a
// finding.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// TestReview3ReplaceRangeHoldsExactlyUpsert: uberiket.Batch.Replace says
// that in its ranges "the type has exactly the objects of Upsert". When
// NVDB removed an object's newest version (VegobjektVersjonFjernet: v3
// deleted, v2 current again, the way NVDB undoes a wrong change), a copy
// of the type anew brings v2; pgstore keeps v3 because it never lowers a
// versjon, so not even a full re-copy makes the store equal to NVDB
// (MemoryStore and FileStore do hold v2). Required: in a Replace range the
// row is the upserted version.
func TestReview3ReplaceRangeHoldsExactlyUpsert(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			const id = 78697179
			others := pgtest.Fartsgrenser(1, size.n-1)
			v3 := pgtest.Fartsgrense(id, 3)
			e.apply(105, &uberiket.Batch{Upsert: append([]*uberiket.Vegobjekt{v3}, others...), Position: uberiket.Position{Hendelse: 1}})

			// The type copied anew, v3 gone from NVDB: the whole id space in
			// one batch.
			v2 := pgtest.Fartsgrense(id, 2)
			v2.SistEndret = v3.SistEndret.Add(-time.Hour)
			e.apply(105, &uberiket.Batch{Upsert: append([]*uberiket.Vegobjekt{v2}, others...), Replace: []uberiket.Range{{}},
				Position: uberiket.Position{Hendelse: 2}})

			var versjon int
			require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT versjon FROM "+e.schema+
				".vegobjekter WHERE type_id = 105 AND id = $1", id).Scan(&versjon))
			assert.Equal(t, 2, versjon, "in a Replace range the type has exactly the objects of Upsert")

			mem := uberiket.NewMemoryStore()
			require.NoError(t, mem.Apply(e.ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{v3}}))
			require.NoError(t, mem.Apply(e.ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{v2}, Replace: []uberiket.Range{{}}}))
			o, _ := mem.Get(105, id)
			assert.Equal(t, 2, o.Versjon, "MemoryStore, the reference, holds the upserted version")
		})
	}
}
