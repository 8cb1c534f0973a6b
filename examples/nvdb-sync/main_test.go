package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

func lines(t *testing.T, path string) []nvdb.Vegobjekt {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []nvdb.Vegobjekt
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var o nvdb.Vegobjekt
		require.NoError(t, json.Unmarshal(sc.Bytes(), &o))
		out = append(out, o)
	}
	return out
}

func TestSyncOffline(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "fart.jsonl")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-type", "105", "-kommune", "301", "-out", out}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "copied 12 objects of type 105")
	objs := lines(t, out)
	require.Len(t, objs, 12)
	for _, o := range objs {
		assert.Equal(t, []int{301}, o.Lokasjon.Kommuner)
	}
	// A second run only polls the change feed.
	stdout.Reset()
	code = run(context.Background(), []string{"-type", "105", "-kommune", "301", "-out", out}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.NotContains(t, stdout.String(), "copied")
	assert.Len(t, lines(t, out), 12)
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), nil, &stdout, &stderr))
	assert.Equal(t, 2, run(context.Background(), []string{"-out", "x", "-kommune", "oslo"}, &stdout, &stderr))
}
