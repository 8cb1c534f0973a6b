package pgstore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// The tests of pgtest, the helper every test here stands on, run in this
// binary: a test binary of pgtest's own would link, and start a server,
// once more in every run. Stop is checked by pgtest.Main after the tests
// (no running server, no directory left); Start by every test that
// queries the server, and by the one below.

// TestPGTestServer: the server Main started answers queries, and a
// throwaway one leaves initdb's result in the cache for the next server
// (made from it or not), which every later start copies.
func TestPGTestServer(t *testing.T) {
	t.Parallel()
	srv := pgtest.Require(t)
	var one int
	require.NoError(t, pgtest.Pool(t, srv).QueryRow(testCtx(t), "SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	if !srv.Throwaway {
		t.Skipf("skipped the rest: the server is %s's, not a throwaway one", pgtest.EnvURL)
	}
	if srv.Template() == "" {
		t.Skip("skipped the rest: no user cache directory to keep initdb's result in")
	}
	assert.FileExists(t, filepath.Join(srv.Template(), "PG_VERSION"))
}

// TestPGTestFindBin: pgtest finds the programs on PATH or in Debian's
// versioned directories, the newest version first, and says what it
// looked for when they are nowhere (the reason every test here gives when
// it skips).
func TestPGTestFindBin(t *testing.T) {
	lib := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	_, err := pgtest.FindBin(lib)
	require.ErrorIs(t, err, pgtest.ErrNoServer)
	assert.Contains(t, err.Error(), "initdb and pg_ctl are neither on PATH nor in "+lib+"/*/bin")
	assert.Contains(t, err.Error(), "apt-get install postgresql")
	assert.Contains(t, err.Error(), pgtest.EnvURL)

	for _, v := range []string{"9.6", "13", "15"} {
		dir := filepath.Join(lib, v, "bin")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for _, prog := range []string{"initdb", "pg_ctl"} {
			if v == "15" && prog == "pg_ctl" {
				continue // an incomplete install is passed over
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, prog), []byte("#!/bin/sh\n"), 0o755))
		}
	}
	bin, err := pgtest.FindBin(lib)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(lib, "13", "bin"), bin)

	t.Setenv("PATH", filepath.Join(lib, "9.6", "bin"))
	bin, err = pgtest.FindBin(lib)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(lib, "9.6", "bin"), bin, "PATH first")
}
