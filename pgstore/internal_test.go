package pgstore

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

func withMigrations(steps []string) Option {
	return func(c *config) error { c.migrations = steps; return nil }
}

// TestMigrateInPlace: a schema an older pgstore made (layout 1) is brought
// to a newer layout by the next New, keeping its rows; a step that fails
// leaves the schema at the layout it had.
func TestMigrateInPlace(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	schema := pgtest.Schema(t, pool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	old, err := New(ctx, pool, WithSchema(schema), withMigrations(migrations[:1]))
	require.NoError(t, err)
	objs := pgtest.Fartsgrenser(85283803, 20)
	require.NoError(t, old.Apply(ctx, 105, &uberiket.Batch{Upsert: objs, Position: uberiket.Position{Hendelse: 5}}))

	broken := append(append([]string{}, migrations...), `ALTER TABLE {schema}.vegobjekter ADD COLUMN fart integer;
		SELECT no_such_function()`)
	_, err = New(ctx, pool, WithSchema(schema), withMigrations(broken))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "migrate schema "+schema+" from layout 1 to 2")
	assert.Equal(t, []int{1}, layouts(t, ctx, pool, schema), "failed step rolled back")

	next := append(append([]string{}, migrations...),
		`ALTER TABLE {schema}.vegobjekter ADD COLUMN fart integer;
		UPDATE {schema}.vegobjekter SET fart = (egenskaper->'2021'->>'verdi')::integer`)
	s, err := New(ctx, pool, WithSchema(schema), withMigrations(next))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, layouts(t, ctx, pool, schema))
	var n, withFart int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*), count(fart) FROM "+schema+".vegobjekter").Scan(&n, &withFart))
	assert.Equal(t, len(objs), n, "rows kept")
	assert.Equal(t, len(objs), withFart, "migration step ran on them")
	pos, ok, err := s.Position(ctx, 105)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, int64(5), pos.Hendelse)

	// This pgstore (layout 1) now meets a newer layout and refuses it.
	_, err = New(ctx, pool, WithSchema(schema))
	require.ErrorIs(t, err, ErrIncompatibleLayout)
}

func layouts(t *testing.T, ctx context.Context, pool interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, schema string) []int {
	t.Helper()
	rows, err := pool.Query(ctx, "SELECT version FROM "+schema+".pgstore_migrations ORDER BY version")
	require.NoError(t, err)
	v, err := pgx.CollectRows(rows, pgx.RowTo[int])
	require.NoError(t, err)
	return v
}

// TestApplyCancelledMidCopy cancels the context while COPY is sending rows
// (at the 2000th of about 5000), on both COPY paths: Apply fails, no row
// is encoded after that, and neither objects nor position changed. The
// store works on afterwards.
func TestApplyCancelledMidCopy(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	for _, path := range []string{"staging", "straight"} {
		t.Run(path, func(t *testing.T) {
			schema := pgtest.Schema(t, pool)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := New(ctx, pool, WithSchema(schema))
			require.NoError(t, err)
			first := pgtest.Fartsgrenser(1, 1000)
			require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: first, Position: uberiket.Position{Hendelse: 1}}))

			upd := pgtest.Fartsgrenser(100_000, 4000)
			removed := []int64{first[999].ID}
			wantV2 := 0
			if path == "staging" {
				// Newer versions of stored objects: the span is occupied.
				for i := range 999 {
					upd = append(upd, pgtest.Fartsgrense(first[i].ID, 2))
				}
				wantV2 = 999
			} else {
				removed = nil
			}
			applyCtx, stop := context.WithCancel(ctx)
			defer stop()
			sent := 0
			s.rowHook = func(_ context.Context, i int) {
				sent = i
				if i == 2000 {
					stop()
				}
			}
			err = s.Apply(applyCtx, 105, &uberiket.Batch{Upsert: upd, Remove: removed, Position: uberiket.Position{Hendelse: 2}})
			require.Error(t, err)
			t.Log(err)
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, 2000, sent, "no row encoded after the context ended")
			s.rowHook = nil

			var n, v2 int
			count := "SELECT count(*), count(*) FILTER (WHERE versjon = 2) FROM " + schema + ".vegobjekter"
			require.NoError(t, pool.QueryRow(ctx, count).Scan(&n, &v2))
			assert.Equal(t, 1000, n)
			assert.Zero(t, v2)
			pos, _, err := s.Position(ctx, 105)
			require.NoError(t, err)
			assert.Equal(t, int64(1), pos.Hendelse)

			require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: upd, Remove: removed, Position: uberiket.Position{Hendelse: 2}}))
			require.NoError(t, pool.QueryRow(ctx, count).Scan(&n, &v2))
			assert.Equal(t, 1000+4000-len(removed), n)
			assert.Equal(t, wantV2, v2)
		})
	}
}

// TestOccupied: the check that picks a straight COPY looks only where the
// batch writes, so the interleaved ranges of a parallel first backfill go
// straight in although each batch's ids span those of batches before.
func TestOccupied(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := New(ctx, pool, WithSchema(pgtest.Schema(t, pool)))
	require.NoError(t, err)
	// Stored: ids in (0, 1000] and (3000, 4000], as the batches of two
	// readers before left them.
	stored := append(pgtest.Fartsgrenser(1, 100), pgtest.Fartsgrenser(3001, 100)...)
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: stored}))
	rowsOf := func(first int64, n int) []row {
		rows, err := encodeRows(105, pgtest.Fartsgrenser(first, n))
		require.NoError(t, err)
		return rows
	}
	tests := []struct {
		name    string
		rows    []row
		replace []uberiket.Range
		want    bool
	}{
		{"ranges between and above the stored", append(rowsOf(1001, 100), rowsOf(4001, 100)...),
			[]uberiket.Range{{After: 1000, Until: 2000}, {After: 4000}}, false},
		{"a range holding stored objects", rowsOf(1001, 100), []uberiket.Range{{After: 1000, Until: 2000}, {After: 3500, Until: 3600}}, true},
		{"a replace range alone", nil, []uberiket.Range{{After: 0, Until: 1}}, true},
		{"rows outside the ranges, their span empty", append(rowsOf(1001, 10), rowsOf(5001, 10)...),
			[]uberiket.Range{{After: 1000, Until: 1100}}, false},
		{"rows outside the ranges, their span not", append(append(rowsOf(2001, 5), rowsOf(3501, 5)...), rowsOf(5001, 10)...),
			[]uberiket.Range{{After: 5000}}, true},
		{"no ranges, span empty", rowsOf(4001, 100), nil, false},
		{"no ranges, span over stored", append(rowsOf(2001, 10), rowsOf(4001, 10)...), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			replace, err := checkReplace(105, tc.replace)
			require.NoError(t, err)
			err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				got, err := s.occupied(ctx, tx, 105, &write{rows: tc.rows, replace: replace})
				assert.Equal(t, tc.want, got)
				return err
			})
			require.NoError(t, err)
		})
	}
}

// TestCheckReplace: ranges come back sorted and joined where they meet or
// overlap, the open one ending at MaxInt64.
func TestCheckReplace(t *testing.T) {
	t.Parallel()
	got, err := checkReplace(105, []uberiket.Range{{After: 50}, {After: 10, Until: 20}, {After: 20, Until: 30}, {After: 25, Until: 28}, {After: 40, Until: 60}})
	require.NoError(t, err)
	assert.Equal(t, []uberiket.Range{{After: 10, Until: 30}, {After: 40, Until: math.MaxInt64}}, got)
	for _, id := range []int64{11, 30, 41, math.MaxInt64} {
		assert.True(t, inRanges(got, id), id)
	}
	for _, id := range []int64{1, 10, 31, 40} {
		assert.False(t, inRanges(got, id), id)
	}
}

// TestClearReplaceRangeHashed: the statement that clears a replace range
// looks each stored id up in a hash of the kept ones, also on a table
// without statistics, where the planner takes the range for a row or two
// (an anti join was then a nested loop that compared every stored id with
// every kept one), and with maxKeep of them.
func TestClearReplaceRangeHashed(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	schema := pgtest.Schema(t, pool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := New(ctx, pool, WithSchema(schema))
	require.NoError(t, err)
	stored := pgtest.Fartsgrenser(1, 1000)
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: stored}))

	rows, err := encodeRows(105, pgtest.Fartsgrenser(1, maxKeep))
	require.NoError(t, err)
	var st steps
	s.queueReplace(&st, 105, &write{rows: rows, replace: []uberiket.Range{{After: 0, Until: math.MaxInt64}}})
	require.Len(t, st.batch.QueuedQueries, 1)
	q := st.batch.QueuedQueries[0]
	plan, err := pool.Query(ctx, "EXPLAIN "+q.SQL, q.Arguments...)
	require.NoError(t, err)
	lines, err := pgx.CollectRows(plan, pgx.RowTo[string])
	require.NoError(t, err)
	text := strings.Join(lines, "\n")
	assert.Contains(t, text, "hashed SubPlan", text)
	assert.NotContains(t, text, "Nested Loop", text)
}

// TestClearReplaceRangeInParts: a replace range with more kept ids than
// maxKeep is cleared in parts that tile it, each with its own kept ids,
// and the type ends with exactly the batch's objects in the range (here
// with maxKeep 3), the objects outside it untouched.
func TestClearReplaceRangeInParts(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	schema := pgtest.Schema(t, pool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := New(ctx, pool, WithSchema(schema))
	require.NoError(t, err)
	s.maxKeep = 3
	stored := pgtest.Fartsgrenser(1000, 40) // ids 1000, 1007, …, 1273
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: stored}))

	// The range (1000, 1200]: every third stored object gone, the others
	// kept, and new ones between them.
	r := uberiket.Range{After: 1000, Until: 1200}
	var upsert []*uberiket.Vegobjekt
	want := map[int64]bool{}
	for i, o := range stored {
		switch {
		case !r.Contains(o.ID):
			want[o.ID] = true
		case i%3 != 0:
			upsert = append(upsert, pgtest.Fartsgrense(o.ID, 2))
			want[o.ID] = true
		}
		if r.Contains(o.ID + 3) {
			upsert = append(upsert, pgtest.Fartsgrense(o.ID+3, 1))
			want[o.ID+3] = true
		}
	}
	rows, err := encodeRows(105, upsert)
	require.NoError(t, err)
	var st steps
	s.queueReplace(&st, 105, &write{rows: rows, replace: []uberiket.Range{r}})
	require.Len(t, st.batch.QueuedQueries, (len(upsert)+2)/3)
	after := r.After
	for _, q := range st.batch.QueuedQueries {
		assert.Equal(t, after, q.Arguments[1], "the parts tile the range")
		after = q.Arguments[2].(int64)
		assert.LessOrEqual(t, len(q.Arguments[3].([]int64)), 3)
	}
	assert.Equal(t, r.Until, after)

	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: upsert, Replace: []uberiket.Range{r}}))
	got, err := pool.Query(ctx, "SELECT id FROM "+schema+".vegobjekter WHERE type_id = 105")
	require.NoError(t, err)
	ids, err := pgx.CollectRows(got, pgx.RowTo[int64])
	require.NoError(t, err)
	have := map[int64]bool{}
	for _, id := range ids {
		have[id] = true
	}
	assert.Equal(t, want, have)
}
