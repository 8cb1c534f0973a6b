package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// TestMain starts a throwaway PostgreSQL (or uses PG_URL).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const password = "Secret-for-the-mirror-7"

func noEnv(string) string { return "" }

// server returns the test server's URL with a password in it (which the
// throwaway server does not check), and a schema of the test's own.
func server(t *testing.T) (url, schema string, pool *pgxpool.Pool) {
	srv := pgtest.Require(t)
	pool = pgtest.Pool(t, srv)
	url, err := pgtest.WithPassword(srv.URL, password)
	require.NoError(t, err)
	return url, pgtest.Schema(t, pool), pool
}

// TestMirrorOffline copies the fake into PostgreSQL, syncs two rounds of
// changes and finds the table equal to the fake; the output names the
// server but never the password.
func TestMirrorOffline(t *testing.T) {
	t.Parallel()
	url, schema, pool := server(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-pg", url, "-schema", schema, "-objects", "1000", "-rounds", "2"}, &stdout, &stderr, noEnv)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "type 105: 1000 objects in PostgreSQL 127.0.0.1:")
	assert.Contains(t, out, "/postgres, schema "+schema)
	assert.Contains(t, out, "equal to NVDB: true")
	assert.Equal(t, 4, strings.Count(out, "\n"), "the copy, two rounds, the check")
	assert.Contains(t, stderr.String(), "backfill done: 1000 objects")
	assert.Contains(t, stderr.String(), "hendelser: at ")
	assert.NotContains(t, out+stderr.String(), password)

	// The table is there for plain SQL, at the last hendelse.
	store, err := pgstore.New(context.Background(), pool, pgstore.WithSchema(schema))
	require.NoError(t, err)
	pos, ok, err := store.Position(context.Background(), 105)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Nil(t, pos.Backfill)
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM "+schema+".vegobjekter").Scan(&n))
	assert.Positive(t, n)
}

// TestMirrorFromPGURL: -pg defaults to $PG_URL; a run cancelled during the
// copy leaves a table the next run continues.
func TestMirrorFromPGURL(t *testing.T) {
	t.Parallel()
	url, schema, _ := server(t)
	env := func(k string) string {
		if k == "PG_URL" {
			return url
		}
		return ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-schema", schema, "-objects", "1000", "-rounds", "0"}, &stdout, &stderr, env)
	assert.Equal(t, 130, code, stderr.String())
	stdout.Reset()
	code = run(context.Background(), []string{"-schema", schema, "-objects", "1000", "-rounds", "1"}, &stdout, &stderr, env)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "equal to NVDB: true")
}

// TestMirrorLiveBaseURL: a live run (NVDB_CLIENT_NAME set) goes to the
// host in NVDB_BASE_URL, here a fake that only a live run would reach,
// and copies it whole under the client name given.
func TestMirrorLiveBaseURL(t *testing.T) {
	t.Parallel()
	url, schema, pool := server(t)
	fake := uberikettest.NewServer(uberikettest.WithGenerated(105, 300))
	defer fake.Close()
	env := func(k string) string {
		return map[string]string{"NVDB_CLIENT_NAME": "mirror-test", "NVDB_BASE_URL": fake.URL}[k]
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-pg", url, "-schema", schema}, &stdout, &stderr, env)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "type 105: 300 objects in PostgreSQL")
	assert.NotContains(t, stderr.String(), "offline")
	reqs := fake.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		assert.Equal(t, "mirror-test", r.Client)
	}
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM "+schema+".vegobjekter WHERE type_id = 105").Scan(&n))
	assert.Equal(t, 300, n)
}

// TestMirrorBadPG: a server nobody answers on, a URL pgx cannot read and a
// schema name pgstore refuses end the run with an error that names what
// is wrong, never the password.
func TestMirrorBadPG(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := ln.Addr().String()
	require.NoError(t, ln.Close())
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nobody listens", []string{"-pg", fmt.Sprintf("postgres://vegdata:%s@%s/nvdb?connect_timeout=5", password, dead)},
			"cannot connect to PostgreSQL at " + dead},
		{"not a URL", []string{"-pg", fmt.Sprintf("postgres://vegdata:%s@localhost:port/nvdb", password)}, "-pg: "},
		{"bad schema", []string{"-pg", fmt.Sprintf("postgres://vegdata:%s@%s/nvdb", password, dead), "-schema", "Nvdb"}, `schema name "Nvdb"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append(tc.args, "-objects", "10"), &stdout, &stderr, noEnv)
			assert.Equal(t, 1, code)
			t.Log(stderr.String())
			assert.Contains(t, stderr.String(), tc.want)
			assert.NotContains(t, stdout.String()+stderr.String(), password)
		})
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{}, {"-pg", "postgres://x", "-type", "0"}, {"-pg", "postgres://x", "-rounds", "-1"}, {"-nosuchflag"}, {"-pg", "postgres://x", "extra"}} {
		assert.Equal(t, 2, run(context.Background(), args, &stdout, &stderr, noEnv), args)
	}
	assert.Contains(t, stderr.String(), "-pg (or $PG_URL) is required")
}
