package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartStop starts a throwaway server, queries it, and checks that
// Stop leaves neither a running server nor its directory behind.
func TestStartStop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := startThrowaway(ctx)
	if err != nil {
		if os.Getenv(EnvRequire) != "" {
			t.Fatal(err)
		}
		t.Skipf("skipped: %v", err)
	}
	require.True(t, s.Throwaway)
	conn, err := pgx.Connect(ctx, s.URL)
	require.NoError(t, err)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	require.NoError(t, conn.Close(ctx))

	require.NoError(t, s.Stop())
	_, err = os.Stat(s.dir)
	assert.True(t, os.IsNotExist(err), "data directory %s removed", s.dir)
	_, err = pgx.Connect(ctx, s.URL)
	assert.Error(t, err, "server stopped")
}

// TestFindBin finds the programs on PATH or in Debian's versioned
// directories, the newest version first, and says what it looked for when
// they are nowhere.
func TestFindBin(t *testing.T) {
	lib := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	_, err := findBin(lib)
	require.ErrorIs(t, err, ErrNoServer)
	assert.Contains(t, err.Error(), "initdb and pg_ctl are neither on PATH nor in "+lib+"/*/bin")
	assert.Contains(t, err.Error(), "apt-get install postgresql")
	assert.Contains(t, err.Error(), EnvURL)

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
	bin, err := findBin(lib)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(lib, "13", "bin"), bin)

	t.Setenv("PATH", filepath.Join(lib, "9.6", "bin"))
	bin, err = findBin(lib)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(lib, "9.6", "bin"), bin, "PATH first")
}
