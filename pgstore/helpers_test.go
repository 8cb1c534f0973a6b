package pgstore_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// TestMain starts one PostgreSQL for the package's tests (or uses PG_URL);
// each test works in a schema of its own.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testCtx bounds a test (a benchmark writes millions of rows: longer).
func testCtx(t testing.TB) context.Context {
	limit := 2 * time.Minute
	if _, bench := t.(*testing.B); bench {
		limit = time.Hour
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	return ctx
}

// env is one test's store on the shared server.
type env struct {
	t      testing.TB
	srv    *pgtest.Server
	ctx    context.Context
	pool   *pgxpool.Pool
	schema string
	store  *pgstore.Store
}

// newEnv makes a store in a fresh schema of the test server.
func newEnv(t testing.TB) *env {
	t.Helper()
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	e := &env{t: t, srv: srv, ctx: testCtx(t), pool: pool, schema: pgtest.Schema(t, pool)}
	var err error
	e.store, err = pgstore.New(e.ctx, pool, pgstore.WithSchema(e.schema))
	require.NoError(t, err)
	return e
}

// table returns the type's objects in the table: id → versjon.
func (e *env) table(typeID int) map[int64]int {
	e.t.Helper()
	rows, err := e.pool.Query(e.ctx, "SELECT id, versjon FROM "+e.schema+".vegobjekter WHERE type_id = $1", typeID)
	require.NoError(e.t, err)
	got := map[int64]int{}
	var id int64
	var v int
	_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error { got[id] = v; return nil })
	require.NoError(e.t, err)
	return got
}

// dump returns every row of both tables as text, to show that a failed
// Apply changed nothing at all.
func (e *env) dump() []string {
	e.t.Helper()
	rows, err := e.pool.Query(e.ctx, "SELECT v::text FROM "+e.schema+".vegobjekter v ORDER BY type_id, id")
	require.NoError(e.t, err)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(e.t, err)
	rows, err = e.pool.Query(e.ctx, "SELECT type_id || ' ' || posisjon::text FROM "+e.schema+".posisjoner ORDER BY type_id")
	require.NoError(e.t, err)
	pos, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(e.t, err)
	return append(out, pos...)
}

func (e *env) apply(typeID int, b *uberiket.Batch) {
	e.t.Helper()
	require.NoError(e.t, e.store.Apply(e.ctx, typeID, b))
}

func versions(objs []*uberiket.Vegobjekt) map[int64]int {
	m := make(map[int64]int, len(objs))
	for _, o := range objs {
		m[o.ID] = o.Versjon
	}
	return m
}

// backfillPos is a position in the middle of a backfill.
func backfillPos(hendelse, after int64) uberiket.Position {
	return uberiket.Position{Hendelse: hendelse, Backfill: &uberiket.Backfill{
		Ranges:  []uberiket.Range{{After: after, Until: 900_000_000}, {After: 1_000_000_000}},
		Started: time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC),
	}}
}

func (e *env) exec(sql string) {
	e.t.Helper()
	_, err := e.pool.Exec(e.ctx, sql)
	require.NoError(e.t, err)
}
