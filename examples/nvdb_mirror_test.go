package examples_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

func TestNVDBMirrorOffline(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "fart")
	r := runProgram(t, "nvdb-mirror", nil, "-dir", dir, "-objects", "5000", "-rounds", "2")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "type 105: 5000 objects in "+dir)
	assert.Contains(t, r.stdout, "equal to NVDB: true")
	assert.Equal(t, 4, strings.Count(r.stdout, "\n"), "the copy, two rounds, the check")
	assert.Contains(t, r.stderr, "backfill done: 5000 objects")
	assert.Contains(t, r.stderr, "hendelser: at ")

	// The store is on disk, at the last hendelse.
	s, err := uberiket.NewFileStore(dir)
	require.NoError(t, err)
	defer s.Close()
	pos, ok, err := s.Position(context.Background(), 105)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Nil(t, pos.Backfill)
	assert.Positive(t, s.Len(105))
}

// A run interrupted (Ctrl-C) during the copy exits 130 and leaves a store
// the next run completes. The fake holds the first request until the
// interrupt, so the interrupt comes while the copy runs.
func TestNVDBMirrorInterrupted(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no os.Interrupt to send on Windows")
	}
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 2000))
	defer srv.Close()
	srv.Script(uberikettest.Fault{Delay: time.Hour})
	dir := filepath.Join(t.TempDir(), "fart")
	env := map[string]string{"NVDB_CLIENT_NAME": "examples-test", "NVDB_BASE_URL": srv.URL}

	p := start(t, "nvdb-mirror", env, "-dir", dir)
	// Polling: the fake has no hook for "a request arrived"; the deadline
	// is only a safety net.
	require.Eventually(t, func() bool { return len(srv.Requests()) > 0 }, time.Minute, 5*time.Millisecond)
	require.NoError(t, p.Process.Signal(os.Interrupt))
	r := p.wait(t)
	assert.Equal(t, 130, r.code, r.stderr)
	assert.Contains(t, r.stderr, "nvdb-mirror: context canceled")
	assert.Empty(t, r.stdout)

	r = runProgram(t, "nvdb-mirror", env, "-dir", dir)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "type 105: 2000 objects in "+dir)
	s, err := uberiket.NewFileStore(dir)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, srv.Snapshot(105), s.Versjoner(105), "the copy is equal to NVDB")
}

func TestNVDBMirrorUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-type", "0"}, {"-rounds", "-1"}, {"-nosuchflag"}, {"extra"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := runProgram(t, "nvdb-mirror", nil, args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.NotEmpty(t, r.stderr)
		})
	}
}

// -pg points at the program that has the PostgreSQL store, without
// touching the directory or the network.
func TestNVDBMirrorPostgreSQLElsewhere(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "never")
	r := runProgram(t, "nvdb-mirror", nil, "-pg", "postgres://mirror:pw@db.example/vegdata", "-dir", dir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "go run github.com/vegdata/go-vegdata/pgstore/examples/mirror -pg URL")
	assert.NotContains(t, r.stderr, "pw@")
	assert.Empty(t, r.stdout)
	assert.NoDirExists(t, dir)
}
