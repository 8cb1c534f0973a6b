package examples_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestNVDBExportGeoJSONWithFilter(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "fart.geojson")
	r := runProgram(t, "nvdb-export", nil, "-type", "105", "-kommune", "301", "-filter", "Fartsgrense in [30, 50]", "-out", out)
	require.Equal(t, 0, r.code, r.stderr)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string      `json:"type"`
				Coordinates [][]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	require.NoError(t, json.Unmarshal(b, &fc))
	assert.Equal(t, "FeatureCollection", fc.Type)
	require.NotEmpty(t, fc.Features)
	for _, f := range fc.Features {
		assert.Contains(t, []any{float64(30), float64(50)}, f.Properties["Fartsgrense"])
		assert.EqualValues(t, 301, f.Properties["kommune"])
		assert.Equal(t, "LineString", f.Geometry.Type)
		assert.InDelta(t, 10.7, f.Geometry.Coordinates[0][0], 0.5, "WGS84 longitude first")
	}
	n := len(fc.Features)
	assert.Contains(t, r.stderr, "exporting "+strconv.Itoa(n)+" objects of Fartsgrense")
	assert.Contains(t, r.stderr, strconv.Itoa(n)+"/"+strconv.Itoa(n)+" objects (100%)")
	assert.True(t, strings.HasSuffix(r.stderr, "done\n"), r.stderr)
	assert.Empty(t, r.stdout)
}

func TestNVDBExportCSVByFylke(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "nvdb-export", nil, "-type", "581", "-fylke", "46", "-format", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 1)
	header := rows[0]
	assert.Equal(t, []string{"id", "versjon", "startdato", "sluttdato", "kommune", "vegsystemreferanse", "wkt", "srid"}, header[:8])
	assert.Contains(t, header, "Navn", "columns come from the data catalogue")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var names []string
	for _, row := range rows[1:] {
		require.Len(t, row, len(header))
		names = append(names, row[col["Navn"]])
		assert.Equal(t, "5973", row[col["srid"]])
		assert.True(t, strings.HasPrefix(row[col["kommune"]], "46"), row[col["kommune"]])
	}
	assert.Contains(t, names, "Bogstunnelen")
}

func TestNVDBExportNDJSONGenerated(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "nvdb-export", nil, "-type", "105", "-fylke", "3", "-format", "ndjson", "-generated", "4000")
	require.Equal(t, 0, r.code, r.stderr)
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var o nvdb.Vegobjekt
		require.NoError(t, json.Unmarshal(sc.Bytes(), &o))
		assert.Equal(t, []int{3}, o.Lokasjon.Fylker)
		n++
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 500, n, "one eighth of the generated objects lie in fylke 3")
	assert.Contains(t, r.stderr, "500/500 objects (100%)")
}

func TestNVDBExportErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		client string // NVDB_CLIENT_NAME
		code   int
		msg    string
	}{
		{[]string{"-format", "xml"}, "", 2, "want geojson, ndjson or csv"},
		{[]string{"-kommune", "oslo"}, "", 2, "-kommune"},
		{[]string{"-fylke", "-3"}, "", 2, "-fylke"},
		{[]string{"extra"}, "", 2, "unexpected argument"},
		{[]string{"-generated", "10"}, "someone", 2, "only offline"},
		{[]string{"-filter", "Fartsgrense = 85"}, "", 1, `"85" is not an allowed value`},
		{[]string{"-type", "4242"}, "", 1, "404"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			var env map[string]string
			if tc.client != "" {
				env = map[string]string{"NVDB_CLIENT_NAME": tc.client}
			}
			r := runProgram(t, "nvdb-export", env, tc.args...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.msg)
		})
	}
}

// The progress line on stderr: a first line with the plan, then at most
// one update every 250 ms, each over the one before ("\r"), and a last one
// when done. The pages of a slow NVDB (the fake behind NVDB_BASE_URL takes
// over 250 ms for each of the two pages of 125 objects) come more than
// 250 ms apart, so an update shows between.
func TestNVDBExportProgressLine(t *testing.T) {
	t.Parallel()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 2000), nvdbtest.WithMaxPageSize(125),
		nvdbtest.WithPageTime(2100*time.Millisecond)) // per 1000 objects: 262 ms a page
	defer srv.Close()
	r := runProgram(t, "nvdb-export", map[string]string{"NVDB_CLIENT_NAME": "examples-test", "NVDB_BASE_URL": srv.URL},
		"-type", "105", "-fylke", "3", "-format", "ndjson")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 250, strings.Count(r.stdout, "\n"))

	first, rest, ok := strings.Cut(r.stderr, "\n")
	require.True(t, ok, r.stderr)
	assert.Regexp(t, `^exporting 250 objects of Fartsgrense in \d+ partitions$`, first)
	updates := strings.Split(strings.TrimPrefix(rest, "\r"), "\r")
	require.GreaterOrEqual(t, len(updates), 2, "an update between the first and the last line: %q", r.stderr)
	last := updates[len(updates)-1]
	assert.Regexp(t, `^250/250 objects \(100%\), \d+ objects/s, (\d+)/(\d+) partitions, done\n$`, last)
	update := regexp.MustCompile(`^(\d+)/250 objects \((\d+)%\), \d+ objects/s, \d+/\d+ partitions$`)
	for _, u := range updates[:len(updates)-1] {
		assert.Regexp(t, update, u)
	}
	// Each update waits 250 ms since the one before (since the start for
	// the first): no more of them than the run had quarter seconds.
	assert.LessOrEqual(t, len(updates)-1, int(r.elapsed/(250*time.Millisecond)), "%q in %s", r.stderr, r.elapsed)
	assert.NotEmpty(t, srv.Requests(), "the export ran against NVDB_BASE_URL")
}
