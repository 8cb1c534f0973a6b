package pgstore_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	execpkg "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// envInterruptChild marks the child of TestPGTestInterrupted.
const envInterruptChild = "PGTEST_INTERRUPT_CHILD"

// TestPGTestInterrupted: a test run interrupted (Ctrl-C in go test)
// stops its throwaway server and removes its directory, which may be in
// memory, before it ends; one killed outright leaves them, and the next
// throwaway server's start sweeps them away. The child is this binary
// with a server of its own.
func TestPGTestInterrupted(t *testing.T) {
	if os.Getenv(envInterruptChild) != "" {
		srv := pgtest.Shared()
		if srv == nil || !srv.Throwaway {
			fmt.Println("pgtest-child: no throwaway server")
			os.Exit(3)
		}
		fmt.Printf("pgtest-child %s %s\n", srv.Dir(), srv.URL)
		time.Sleep(2 * time.Minute) // until the parent interrupts it
		os.Exit(4)
	}
	t.Parallel()
	if srv := pgtest.Require(t); !srv.Throwaway {
		t.Skipf("skipped: the server is %s's; a throwaway one is needed to interrupt", pgtest.EnvURL)
	}
	t.Run("interrupted", func(t *testing.T) {
		t.Parallel()
		cmd, stderr, dir, url := startChild(t)
		require.NoError(t, cmd.Process.Signal(os.Interrupt))
		err := cmd.Wait()
		var exit *execpkg.ExitError
		require.ErrorAs(t, err, &exit, stderr.String())
		assert.Equal(t, 130, exit.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "the test server is stopped and its directory removed (<nil>)")
		assert.NoDirExists(t, dir)
		assertGone(t, url)
	})
	t.Run("killed", func(t *testing.T) {
		t.Parallel()
		cmd, _, dir, url := startChild(t)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		require.DirExists(t, dir, "a killed binary cleans nothing up")
		srv, err := pgtest.Start(testCtx(t)) // a throwaway server of its own: PG_URL is not set here
		require.NoError(t, err)
		require.True(t, srv.Throwaway)
		require.NoError(t, srv.Stop())
		assert.NoDirExists(t, dir, "swept by the next start")
		assertGone(t, url)
	})
}

// startChild starts the child of TestPGTestInterrupted, and returns it
// with its stderr, once it has named its server's directory and URL.
func startChild(t *testing.T) (cmd *execpkg.Cmd, stderr *strings.Builder, dir, url string) {
	cmd = execpkg.Command(os.Args[0], "-test.run=^TestPGTestInterrupted$", "-test.count=1", "-test.v=false")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, pgtest.EnvURL+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, envInterruptChild+"=1")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr = &strings.Builder{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	hang := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() }) // a safety net only
	t.Cleanup(func() { hang.Stop() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "pgtest-child" {
			dir, url = f[1], f[2]
			break
		}
	}
	if dir == "" {
		_ = cmd.Wait() // stderr is whole only then
		t.Fatalf("the child named no server: %s", stderr.String())
	}
	require.DirExists(t, dir)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return cmd, stderr, dir, url
}

// assertGone fails when a server still answers at url.
func assertGone(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, url); err == nil {
		_ = conn.Close(ctx)
		t.Errorf("the server at %s still answers", url)
	}
}
