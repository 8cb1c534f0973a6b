package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

func noEnv(string) string { return "" }

func TestMirrorOffline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fart")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-dir", dir, "-objects", "5000", "-rounds", "2"}, &stdout, &stderr, noEnv)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "type 105: 5000 objects in "+dir)
	assert.Contains(t, out, "equal to NVDB: true")
	assert.Equal(t, 4, strings.Count(out, "\n"), "the copy, two rounds, the check")
	assert.Contains(t, stderr.String(), "backfill done: 5000 objects")
	assert.Contains(t, stderr.String(), "hendelser: at ")

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

// TestMirrorInterrupted: a run cancelled during the copy leaves a store
// the next run continues.
func TestMirrorInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-dir", dir, "-objects", "2000", "-rounds", "0"}, &stdout, &stderr, noEnv)
	assert.Equal(t, 130, code, stderr.String())
	stdout.Reset()
	code = run(context.Background(), []string{"-dir", dir, "-objects", "2000", "-rounds", "1"}, &stdout, &stderr, noEnv)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "equal to NVDB: true")
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{"-type", "0"}, {"-rounds", "-1"}, {"-nosuchflag"}, {"extra"}} {
		assert.Equal(t, 2, run(context.Background(), args, &stdout, &stderr, noEnv), args)
	}
}

// TestPostgreSQLElsewhere: -pg points at the program that has the
// PostgreSQL store, without touching the directory or the network.
func TestPostgreSQLElsewhere(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-pg", "postgres://mirror:pw@db.example/vegdata", "-dir", dir}, &stdout, &stderr, noEnv)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "go run github.com/vegdata/go-vegdata/pgstore/examples/mirror -pg URL")
	assert.NotContains(t, stderr.String(), "pw@")
	assert.Empty(t, stdout.String())
	assert.NoDirExists(t, dir)
}
