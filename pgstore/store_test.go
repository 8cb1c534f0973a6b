package pgstore_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// TestNewCreatesTables checks the documented layout: the columns users
// query, the primary key, the layout version; and that New on the same
// schema again keeps what is there.
func TestNewCreatesTables(t *testing.T) {
	e := newEnv(t)
	assert.Equal(t, e.schema, e.store.Schema())

	rows, err := e.pool.Query(e.ctx, `SELECT table_name || '.' || column_name || ' ' || data_type
		FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`, e.schema)
	require.NoError(t, err)
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Equal(t, []string{
		"pgstore_migrations.version integer",
		"pgstore_migrations.applied_at timestamp with time zone",
		"posisjoner.type_id integer",
		"posisjoner.posisjon jsonb",
		"posisjoner.updated_at timestamp with time zone",
		"vegobjekter.type_id integer",
		"vegobjekter.id bigint",
		"vegobjekter.versjon integer",
		"vegobjekter.startdato date",
		"vegobjekter.sluttdato date",
		"vegobjekter.egenskaper jsonb",
		"vegobjekter.barn jsonb",
		"vegobjekter.stedfesting jsonb",
		"vegobjekter.sist_endret timestamp with time zone",
	}, cols)
	var layout int
	require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT max(version) FROM "+e.schema+".pgstore_migrations").Scan(&layout))
	assert.Equal(t, 1, layout)

	objs := pgtest.Fartsgrenser(85283803, 3)
	e.apply(105, &uberiket.Batch{Upsert: objs, Position: uberiket.Position{Hendelse: 7}})
	again, err := pgstore.New(e.ctx, e.pool, pgstore.WithSchema(e.schema))
	require.NoError(t, err)
	assert.Equal(t, versions(objs), e.table(105), "objects kept")
	pos, ok, err := again.Position(e.ctx, 105)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, int64(7), pos.Hendelse)
}

// TestNewConcurrent starts several stores on one fresh schema at once, as
// a fleet of processes would: they wait for each other rather than fail on
// CREATE races.
func TestNewConcurrent(t *testing.T) {
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	schema := pgtest.Schema(t, pool)
	ctx := testCtx(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = pgstore.New(ctx, pool, pgstore.WithSchema(schema)) })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	var n int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM "+schema+".pgstore_migrations").Scan(&n))
	assert.Equal(t, 1, n, "layout 1 recorded once")
}

// TestNewDefaultSchema uses "nvdb" when no schema is named.
func TestNewDefaultSchema(t *testing.T) {
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	ctx := testCtx(t)
	var exists bool
	require.NoError(t, pool.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'nvdb')").Scan(&exists))
	if exists {
		t.Skip("skipped: the server already has a schema nvdb, which this test would drop")
	}
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), "DROP SCHEMA nvdb CASCADE") })
	s, err := pgstore.New(ctx, pool)
	require.NoError(t, err)
	assert.Equal(t, pgstore.DefaultSchema, s.Schema())
	var n int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM nvdb.vegobjekter").Scan(&n))
	assert.Zero(t, n)
}

// deadURL is a PostgreSQL URL with a password on a loopback port nobody
// listens on.
func deadURL(t *testing.T, password string) (string, string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return fmt.Sprintf("postgres://vegdata:%s@%s/nvdb?sslmode=disable&connect_timeout=5", password, addr), addr
}

// TestNewBadSchema refuses names that are not plain identifiers before any
// SQL: the pool points at a port nobody listens on, so any SQL would have
// been a connection error instead.
func TestNewBadSchema(t *testing.T) {
	u, _ := deadURL(t, "hunter2-secret")
	pool, err := pgxpool.New(context.Background(), u)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	for _, name := range []string{"", "Nvdb", "1nvdb", "pg_nvdb", "nvdb-kopi", "nvdb.x", `nvdb"; DROP SCHEMA public; --`,
		"vegnett øst", "æøå", strings.Repeat("a", 64)} {
		t.Run(name, func(t *testing.T) {
			s, err := pgstore.New(testCtx(t), pool, pgstore.WithSchema(name))
			require.ErrorIs(t, err, pgstore.ErrInvalidArgument)
			assert.NotErrorIs(t, err, pgstore.ErrUnavailable)
			assert.Contains(t, err.Error(), "schema name")
			assert.Nil(t, s)
		})
	}
	_, err = pgstore.New(testCtx(t), nil)
	require.ErrorIs(t, err, pgstore.ErrInvalidArgument)
	// Good names pass the check and get as far as connecting.
	for _, name := range []string{"nvdb", "nvdb_kopi", "_x", "a1", strings.Repeat("a", 63)} {
		_, err := pgstore.New(testCtx(t), pool, pgstore.WithSchema(name))
		assert.ErrorIs(t, err, pgstore.ErrUnavailable, name)
	}
}

// TestNewConnectError: an unreachable server and a database that does not
// exist are ErrUnavailable, naming host, user and database, never the
// password.
func TestNewConnectError(t *testing.T) {
	const password = "Tr0ub4dor-and-3"
	dead, addr := deadURL(t, password)
	tests := []struct {
		name string
		url  string
		want []string
	}{
		{"nobody listens", dead, []string{addr, `"vegdata"`, `"nvdb"`}},
	}
	if srv := pgtest.Shared(); srv != nil {
		live, err := pgtest.WithPassword(srv.URL, password)
		require.NoError(t, err)
		cfg, err := pgxpool.ParseConfig(live)
		require.NoError(t, err)
		host := net.JoinHostPort(cfg.ConnConfig.Host, fmt.Sprint(cfg.ConnConfig.Port))
		live = strings.Replace(live, "/postgres?", "/no_such_database?", 1)
		tests = append(tests, struct {
			name string
			url  string
			want []string
		}{"no such database", live, []string{host, `"no_such_database"`, "does not exist"}})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pool, err := pgxpool.New(context.Background(), tc.url)
			require.NoError(t, err)
			t.Cleanup(pool.Close)
			_, err = pgstore.New(testCtx(t), pool)
			require.Error(t, err)
			t.Log(err)
			assert.ErrorIs(t, err, pgstore.ErrUnavailable)
			var ce *pgstore.ConnectError
			require.ErrorAs(t, err, &ce)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), password)
			assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), password)
		})
	}
}

// TestNewIncompatibleLayout: tables pgstore did not make, changed by hand,
// or made by a newer pgstore are refused with what to do, and New changes
// nothing.
func TestNewIncompatibleLayout(t *testing.T) {
	srv := pgtest.Require(t)
	pool := pgtest.Pool(t, srv)
	tests := []struct {
		name  string
		setup func(ctx context.Context, schema string) // on a schema pgstore made, unless it creates one
		want  []string
	}{
		{"table of its own", func(ctx context.Context, schema string) {
			exec(t, pool, ctx, "CREATE SCHEMA "+schema)
			exec(t, pool, ctx, "CREATE TABLE "+schema+".vegobjekter (id bigint PRIMARY KEY, data json)")
		}, []string{"vegobjekter was not made by pgstore", "RENAME TO vegobjekter_old", "WithSchema"}},
		{"column type changed", func(ctx context.Context, schema string) {
			newStore(t, pool, ctx, schema)
			exec(t, pool, ctx, "ALTER TABLE "+schema+".vegobjekter ALTER COLUMN egenskaper TYPE json")
		}, []string{"vegobjekter column egenskaper is json, pgstore needs jsonb", "changed by hand"}},
		{"column dropped", func(ctx context.Context, schema string) {
			newStore(t, pool, ctx, schema)
			exec(t, pool, ctx, "ALTER TABLE "+schema+".posisjoner DROP COLUMN updated_at")
		}, []string{"posisjoner has no column updated_at"}},
		{"primary key changed", func(ctx context.Context, schema string) {
			newStore(t, pool, ctx, schema)
			exec(t, pool, ctx, "ALTER TABLE "+schema+".vegobjekter DROP CONSTRAINT vegobjekter_pkey")
			exec(t, pool, ctx, "ALTER TABLE "+schema+".vegobjekter ADD PRIMARY KEY (id)")
		}, []string{"vegobjekter has primary key PRIMARY KEY (id), pgstore needs PRIMARY KEY (type_id, id)"}},
		{"newer layout", func(ctx context.Context, schema string) {
			newStore(t, pool, ctx, schema)
			exec(t, pool, ctx, "INSERT INTO "+schema+".pgstore_migrations (version) VALUES (99)")
		}, []string{"layout 99", "newer pgstore", "upgrade github.com/vegdata/go-vegdata/pgstore"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testCtx(t)
			schema := pgtest.Schema(t, pool)
			tc.setup(ctx, schema)
			before := catalog(t, pool, ctx, schema)
			_, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
			require.ErrorIs(t, err, pgstore.ErrIncompatibleLayout)
			t.Log(err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, before, catalog(t, pool, ctx, schema), "nothing changed")
		})
	}
}

func newStore(t *testing.T, pool *pgxpool.Pool, ctx context.Context, schema string) {
	t.Helper()
	_, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
	require.NoError(t, err)
}

func exec(t *testing.T, pool *pgxpool.Pool, ctx context.Context, sql string) {
	t.Helper()
	_, err := pool.Exec(ctx, sql)
	require.NoError(t, err)
}

// catalog lists the schema's tables and columns and the layout rows.
func catalog(t *testing.T, pool *pgxpool.Pool, ctx context.Context, schema string) []string {
	t.Helper()
	rows, err := pool.Query(ctx, `SELECT table_name || '.' || column_name || ' ' || data_type
		FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1`, schema)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	var layouts string
	err = pool.QueryRow(ctx, "SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') FROM "+
		pgx.Identifier{schema, "pgstore_migrations"}.Sanitize()).Scan(&layouts)
	if err == nil {
		out = append(out, "layouts "+layouts)
	}
	return out
}
