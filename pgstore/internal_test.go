package pgstore

import (
	"context"
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
