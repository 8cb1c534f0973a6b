package examples_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

// jsonLines reads the objects of a JSON Lines file.
func jsonLines(t *testing.T, path string) []nvdb.Vegobjekt {
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
	require.NoError(t, sc.Err())
	return out
}

func TestNVDBSyncOffline(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "fart.jsonl")
	r := runProgram(t, "nvdb-sync", nil, "-type", "105", "-kommune", "301", "-out", out)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "copied 12 objects of type 105")
	objs := jsonLines(t, out)
	require.Len(t, objs, 12)
	for _, o := range objs {
		assert.Equal(t, []int{301}, o.Lokasjon.Kommuner)
	}
	assert.FileExists(t, out+".state.json")

	// A second run only polls the change feed.
	r = runProgram(t, "nvdb-sync", nil, "-type", "105", "-kommune", "301", "-out", out)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "copied")
	assert.Contains(t, r.stdout, "changes in the feed")
	assert.Len(t, jsonLines(t, out), 12)
}

func TestNVDBSyncUsage(t *testing.T) {
	t.Parallel()
	for name, args := range map[string][]string{
		"no -out":     nil,
		"bad kommune": {"-out", "x", "-kommune", "oslo"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runProgram(t, "nvdb-sync", nil, args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.NotEmpty(t, r.stderr)
		})
	}
}
