package pgstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// writeValues is the third way to write rows, kept here only to measure
// it against the two Apply uses: one INSERT … VALUES ($1, …), (…) with
// nine parameters a row, in statements of at most 7000 rows (PostgreSQL
// takes at most 65535 parameters).
func (s *Store) writeValues(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	const perStatement = 7000
	for len(rows) > 0 {
		part := rows[:min(len(rows), perStatement)]
		rows = rows[len(part):]
		var sql strings.Builder
		sql.WriteString("INSERT INTO " + s.objects + " AS v (type_id, " + columns + ") VALUES ")
		args := make([]any, 0, 1+8*len(part))
		args = append(args, typeID)
		for i := range part {
			r := &part[i]
			if i > 0 {
				sql.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&sql, "($1,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8)
			args = append(args, r.id, r.versjon, r.startdato, r.sluttdato, jsonb(r.egenskaper), jsonb(r.barn), jsonb(r.stedfesting), r.sistEndret)
		}
		sql.WriteString(setNewer)
		if _, err := tx.Exec(ctx, sql.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// writeUnnest sends the one statement queueUnnest makes, alone.
func (s *Store) writeUnnest(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	var st steps
	s.queueUnnest(&st, typeID, rows)
	return st.run(ctx, tx)
}

// writeCopy is Apply's COPY alone: straight into the table when it holds
// nothing in the rows' span, else through the staging table.
func (s *Store) writeCopy(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	occupied, err := s.occupied(ctx, tx, typeID, &write{rows: rows})
	if err != nil {
		return err
	}
	if occupied {
		return s.copyMerge(ctx, tx, typeID, rows)
	}
	return s.copyRows(ctx, tx, pgx.Identifier{s.schema, "vegobjekter"}, typeID, rows)
}

// copyMerge is Apply's COPY through the staging table and merge, alone.
func (s *Store) copyMerge(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	if _, err := tx.Exec(ctx, createStaging); err != nil {
		return err
	}
	if err := s.copyRows(ctx, tx, pgx.Identifier{"pgstore_staging"}, 0, rows); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO "+s.objects+" AS v (type_id, "+columns+") SELECT $1, "+columns+
		" FROM pgstore_staging ORDER BY id"+setNewer, typeID)
	return err
}

var benchRows = sync.OnceValue(func() []row {
	rows, err := encodeRows(pgtest.FartsgrenseType, pgtest.Fartsgrenser(1, 300_000))
	if err != nil {
		panic(err)
	}
	return rows
})

// BenchmarkWriteMethods measures the three ways to send rows, one
// transaction per batch, on new objects (a backfill) and on objects the
// table holds at a lower versjon (hendelser): objects/s per method and
// batch size. Encoding the objects is the same for all and left out.
func BenchmarkWriteMethods(b *testing.B) {
	srv := pgtest.Require(b)
	pool := pgtest.Pool(b, srv)
	ctx := context.Background()
	all := benchRows()
	methods := []struct {
		name  string
		write func(*Store, context.Context, pgx.Tx, int, []row) error
	}{
		{"copy", (*Store).writeCopy},
		{"copy-merge", (*Store).copyMerge},
		{"unnest", (*Store).writeUnnest},
		{"values", (*Store).writeValues},
	}
	for _, scenario := range []string{"new", "newer"} {
		for _, size := range []int{10, 100, 200, 500, 1000, 5000, 10000} {
			for _, m := range methods {
				b.Run(fmt.Sprintf("%s/batch=%d/%s", scenario, size, m.name), func(b *testing.B) {
					s, err := New(ctx, pool, WithSchema(pgtest.Schema(b, pool)))
					if err != nil {
						b.Fatal(err)
					}
					typeID, next := 1, 0
					if scenario == "newer" {
						// The table holds every object; each batch brings
						// them at a higher versjon.
						if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return s.writeCopy(ctx, tx, typeID, all) }); err != nil {
							b.Fatal(err)
						}
					}
					batch := make([]row, size)
					round := 1
					meter := pgtest.NewCPUMeter(srv)
					for b.Loop() {
						if next+size > len(all) {
							next = 0
							if scenario == "new" {
								typeID++
							} else {
								round++
							}
						}
						copy(batch, all[next:next+size])
						next += size
						if scenario == "newer" {
							for i := range batch {
								batch[i].versjon += int32(round)
							}
						}
						meter.Start()
						if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return m.write(s, ctx, tx, typeID, batch) }); err != nil {
							b.Fatal(err)
						}
						meter.Stop()
					}
					meter.Report(b, b.N*size)
				})
			}
		}
	}
}

// BenchmarkEncodeRows is the client's share of Apply before any I/O:
// checking 10 000 objects and turning them into rows (their egenskaper and
// stedfesting as JSON).
func BenchmarkEncodeRows(b *testing.B) {
	objs := pgtest.Fartsgrenser(85_000_000, 10_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeRows(pgtest.FartsgrenseType, objs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(objs))/b.Elapsed().Seconds(), "objects/s")
}

// jsonb returns nil (NULL) for no JSON: a nil []byte in an []any is not a
// nil interface.
func jsonb(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}
