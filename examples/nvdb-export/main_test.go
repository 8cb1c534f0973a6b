package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

// env is an environment with NVDB_CLIENT_NAME set to client ("": unset).
func env(client string) func(string) string {
	return func(k string) string {
		if k == "NVDB_CLIENT_NAME" {
			return client
		}
		return ""
	}
}

func TestExportGeoJSONWithFilter(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fart.geojson")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-type", "105", "-kommune", "301", "-filter", "Fartsgrense in [30, 50]", "-out", out}, env(""), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
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
	assert.Contains(t, stderr.String(), "exporting "+strconv.Itoa(n)+" objects of Fartsgrense")
	assert.Contains(t, stderr.String(), strconv.Itoa(n)+"/"+strconv.Itoa(n)+" objects (100%)")
	assert.True(t, strings.HasSuffix(stderr.String(), "done\n"), stderr.String())
	assert.Empty(t, stdout.String())
}

func TestExportCSVByFylke(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-type", "581", "-fylke", "46", "-format", "csv"}, env(""), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	rows, err := csv.NewReader(&stdout).ReadAll()
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
	for _, r := range rows[1:] {
		require.Len(t, r, len(header))
		names = append(names, r[col["Navn"]])
		assert.Equal(t, "5973", r[col["srid"]])
		assert.True(t, strings.HasPrefix(r[col["kommune"]], "46"), r[col["kommune"]])
	}
	assert.Contains(t, names, "Bogstunnelen")
}

func TestExportNDJSONGenerated(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-type", "105", "-fylke", "3", "-format", "ndjson", "-generated", "4000"}, env(""), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var o nvdb.Vegobjekt
		require.NoError(t, json.Unmarshal(sc.Bytes(), &o))
		assert.Equal(t, []int{3}, o.Lokasjon.Fylker)
		n++
	}
	assert.Equal(t, 500, n, "one eighth of the generated objects lie in fylke 3")
	assert.Contains(t, stderr.String(), "500/500 objects (100%)")
}

func TestExportErrors(t *testing.T) {
	tests := []struct {
		args   []string
		client string
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
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tc.code, run(context.Background(), tc.args, env(tc.client), &stdout, &stderr))
			assert.Contains(t, stderr.String(), tc.msg)
		})
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&buf, func() time.Time { return clock })
	p.start("Fartsgrense")
	for page := 1; page <= 10; page++ {
		clock = clock.Add(100 * time.Millisecond) // a page of 100 objects each 100 ms
		p.update(nvdb.ScanProgress{Objects: 100 * page, Expected: 1000, Rate: 1000, Partitions: page / 2, PartitionsTotal: 5, Done: page == 10})
	}
	p.done(1000, nil)
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "exporting 1000 objects of Fartsgrense in 5 partitions\n"), out)
	assert.Equal(t, 4, strings.Count(out, "\r"), "an update every 250 ms, plus the last line: %q", out)
	assert.Contains(t, out, "\r300/1000 objects (30%), 1000 objects/s, 1/5 partitions")
	assert.True(t, strings.HasSuffix(out, "\r1000/1000 objects (100%), 1000 objects/s, 5/5 partitions, done\n"), out)
}
