package nvdb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func TestGeoJSONGeometries(t *testing.T) {
	tests := []struct {
		wkt  string
		srid int
		want string
	}{
		{"POINT Z (25400.09 6855338.561 230.62)", 5973, `{"type":"Point","coordinates":[25400.09,6855338.561,230.62]}`},
		{"POINT (1 2)", 5973, `{"type":"Point","coordinates":[1,2]}`},
		{"POINT Z (59.91 10.75 12)", 4326, `{"type":"Point","coordinates":[10.75,59.91,12]}`},
		{"LINESTRING Z (1 2 3, 4 5 6)", 5973, `{"type":"LineString","coordinates":[[1,2,3],[4,5,6]]}`},
		{"linestring(1 2,3 4)", 5973, `{"type":"LineString","coordinates":[[1,2],[3,4]]}`},
		{"POLYGON Z ((0 0 1, 10 0 1, 10 10 1, 0 0 1), (2 2 1, 3 2 1, 3 3 1, 2 2 1))", 5973,
			`{"type":"Polygon","coordinates":[[[0,0,1],[10,0,1],[10,10,1],[0,0,1]],[[2,2,1],[3,2,1],[3,3,1],[2,2,1]]]}`},
		{"MULTIPOINT Z ((1 2 3), (4 5 6))", 5973, `{"type":"MultiPoint","coordinates":[[1,2,3],[4,5,6]]}`},
		{"MULTIPOINT (1 2, 4 5)", 5973, `{"type":"MultiPoint","coordinates":[[1,2],[4,5]]}`},
		{"MULTILINESTRING Z ((1 2 3, 4 5 6), (7 8 9, 1 1 1))", 5973, `{"type":"MultiLineString","coordinates":[[[1,2,3],[4,5,6]],[[7,8,9],[1,1,1]]]}`},
		{"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))", 5973, `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}`},
		{"GEOMETRYCOLLECTION (POINT Z (1 2 3), LINESTRING (1 2, 3 4))", 5973, `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2,3]},{"type":"LineString","coordinates":[[1,2],[3,4]]}]}`},
		{"LINESTRING ZM (1 2 3 4, 5 6 7 8)", 5973, `{"type":"LineString","coordinates":[[1,2,3],[5,6,7]]}`},
		{"LINESTRING M (1 2 4, 5 6 8)", 5973, `{"type":"LineString","coordinates":[[1,2],[5,6]]}`},
		{"POINT EMPTY", 5973, `null`},
		{"LINESTRING Z EMPTY", 5973, `null`},
		{"POINT (-1.5e3 2)", 5973, `{"type":"Point","coordinates":[-1500,2]}`},
	}
	for _, tc := range tests {
		t.Run(tc.wkt, func(t *testing.T) {
			var buf bytes.Buffer
			g := nvdb.NewGeoJSONWriter(&buf)
			require.NoError(t, g.WriteVegobjekt(&nvdb.Vegobjekt{ID: 1, Geometri: &nvdb.UtledetGeometri{WKT: tc.wkt, Srid: tc.srid}}))
			require.NoError(t, g.Close())
			var fc struct {
				Features []struct {
					Geometry json.RawMessage `json:"geometry"`
				} `json:"features"`
			}
			require.NoError(t, json.Unmarshal(buf.Bytes(), &fc), buf.String())
			require.Len(t, fc.Features, 1)
			assert.JSONEq(t, tc.want, string(fc.Features[0].Geometry))
		})
	}

	for _, bad := range []string{"POINT", "POINT (1)", "LINESTRING (1 2, 3)", "LINESTRING Z (1 2 3, 4 5)", "CIRCLE (1 2)", "POINT (1 2", "POINT (1 2) x", "POLYGON ((1 2, a b))", "LINESTRING Q (1 2)"} {
		t.Run("bad "+bad, func(t *testing.T) {
			var buf bytes.Buffer
			g := nvdb.NewGeoJSONWriter(&buf)
			err := g.WriteVegobjekt(&nvdb.Vegobjekt{ID: 7, Geometri: &nvdb.UtledetGeometri{WKT: bad, Srid: 5973}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "vegobjekt 7")
			// The writer goes on; the bad object is left out.
			require.NoError(t, g.WriteVegobjekt(&nvdb.Vegobjekt{ID: 8}))
			require.NoError(t, g.Close())
			var fc map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &fc))
			assert.Len(t, fc["features"], 1)
		})
	}
}

type geoFC struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		ID       any    `json:"id"`
		Geometry struct {
			Type        string      `json:"type"`
			Coordinates [][]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// TestGeoJSONExportParsesBack exports generated objects from the fake and
// checks that the result is a valid FeatureCollection with every object.
func TestGeoJSONExportParsesBack(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(999, 800)})
	q := &nvdb.VegobjektQuery{Fylke: []int{3, 50}, Srid: nvdb.Srid4326, Antall: 100,
		Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper, nvdb.InkluderGeometri, nvdb.InkluderLokasjon}}
	st, err := c.Vegobjekter.Statistikk(ctx, 999, q)
	require.NoError(t, err)
	require.Positive(t, st.Antall)

	var buf bytes.Buffer
	n, err := nvdb.WriteGeoJSON(&buf, c.Vegobjekter.All(ctx, 999, q))
	require.NoError(t, err)
	assert.Equal(t, st.Antall, n)

	var fc geoFC
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&fc))
	assert.Equal(t, "FeatureCollection", fc.Type)
	require.Len(t, fc.Features, st.Antall)
	ids := map[float64]bool{}
	for _, f := range fc.Features {
		assert.Equal(t, "Feature", f.Type)
		id, ok := f.ID.(float64)
		require.True(t, ok)
		assert.False(t, ids[id])
		ids[id] = true
		assert.Equal(t, "LineString", f.Geometry.Type)
		require.GreaterOrEqual(t, len(f.Geometry.Coordinates), 2)
		for _, p := range f.Geometry.Coordinates {
			if len(p) != 3 || !(p[0] > 4 && p[0] < 32) || !(p[1] > 57 && p[1] < 72) { // testify only for a point that fails
				require.Len(t, p, 3, "Z is kept")
				assert.True(t, p[0] > 4 && p[0] < 32, "longitude first: %v", p)
				assert.True(t, p[1] > 57 && p[1] < 72, "latitude second: %v", p)
			}
		}
		assert.EqualValues(t, 999, f.Properties["vegobjekttype"])
		assert.Contains(t, []any{float64(301), float64(5001)}, f.Properties["kommune"], "the kommuner of fylke 3 and 50")
		kmh, ok := f.Properties["Fartsgrense"].(float64)
		require.True(t, ok, "egenskaper are flattened by name: %v", f.Properties)
		assert.Contains(t, []float64{30, 40, 50, 60, 70, 80, 90, 100, 110}, kmh)
		assert.NotEmpty(t, f.Properties["Gyldig fra dato"])
	}
}

func TestGeoJSONSegmentsParseBack(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGeneratedVegnett(300)})
	var buf bytes.Buffer
	n, err := nvdb.WriteSegmenterGeoJSON(&buf, c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Kommune: []int{301}, Antall: 25}))
	require.NoError(t, err)
	var fc geoFC
	require.NoError(t, json.Unmarshal(buf.Bytes(), &fc))
	require.Len(t, fc.Features, n)
	require.Greater(t, n, 30)
	for _, f := range fc.Features {
		assert.Equal(t, "LineString", f.Geometry.Type)
		assert.IsType(t, "", f.ID)
		assert.EqualValues(t, 301, f.Properties["kommune"])
		assert.NotEmpty(t, f.Properties["vegsystemreferanse"])
	}
}

func TestGeoJSONEmptyAndErrors(t *testing.T) {
	var buf bytes.Buffer
	n, err := nvdb.WriteGeoJSON(&buf, func(yield func(*nvdb.Vegobjekt, error) bool) {})
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.JSONEq(t, `{"type":"FeatureCollection","features":[]}`, buf.String())

	boom := errors.New("boom")
	_, err = nvdb.WriteGeoJSON(io.Discard, func(yield func(*nvdb.Vegobjekt, error) bool) { yield(nil, boom) })
	assert.ErrorIs(t, err, boom)

	g := nvdb.NewGeoJSONWriter(failingWriter{})
	big := &nvdb.Vegobjekt{ID: 1, Egenskaper: nvdb.Egenskaper{{ID: 1, Navn: "x", Egenskapstype: nvdb.EgenskapstypeTekst, Verdi: nvdb.StringVerdi(string(make([]byte, 70<<10)))}}}
	err = g.WriteVegobjekt(big)
	assert.ErrorIs(t, err, errWrite)
	assert.ErrorIs(t, g.Close(), errWrite)

	ok := nvdb.NewGeoJSONWriter(io.Discard)
	require.NoError(t, ok.Close())
	assert.Error(t, ok.WriteVegobjekt(&nvdb.Vegobjekt{ID: 1}), "writing after Close fails")
}

var errWrite = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestGeoJSONProperties(t *testing.T) {
	o := &nvdb.Vegobjekt{ID: 5, Metadata: &nvdb.Metadata{Type: nvdb.VegobjekttypeRef{ID: 105}, Versjon: 2, Startdato: "2020-01-01"},
		Egenskaper: nvdb.Egenskaper{
			{ID: 2021, Navn: "Fartsgrense", Egenskapstype: nvdb.EgenskapstypeHeltallenum, Verdi: nvdb.IntVerdi(80), EnumID: 2738},
			{ID: 1, Navn: "Merknad \"sitat\"\n", Egenskapstype: nvdb.EgenskapstypeTekst, Verdi: nvdb.StringVerdi("a\tb\x01\xff")},
			{ID: 2, Navn: "versjon", Egenskapstype: nvdb.EgenskapstypeFlyttall, Verdi: nvdb.FloatVerdi(1.5)},
			{ID: 3, Navn: "Geom", Egenskapstype: nvdb.EgenskapstypeGeometri, Verdi: nvdb.StringVerdi("POINT (1 2)")},
			{ID: 4, Navn: "Del", Egenskapstype: nvdb.EgenskapstypeStruktur, Innhold: nvdb.Egenskaper{{ID: 5, Navn: "Ja", Egenskapstype: nvdb.EgenskapstypeBoolsk, Verdi: nvdb.BoolVerdi(true)}}},
			{ID: 6, Navn: "Tom", Egenskapstype: nvdb.EgenskapstypeTekst},
		}}
	var buf bytes.Buffer
	g := nvdb.NewGeoJSONWriter(&buf)
	require.NoError(t, g.WriteVegobjekt(o))
	require.NoError(t, g.Close())
	var fc geoFC
	require.NoError(t, json.Unmarshal(buf.Bytes(), &fc))
	assert.Equal(t, map[string]any{
		"vegobjekttype": float64(105), "versjon": float64(2), "startdato": "2020-01-01",
		"Fartsgrense": float64(80), "Merknad \"sitat\"\n": "a\tb\x01\uFFFD", "versjon (egenskap)": 1.5, "Del.Ja": true,
	}, fc.Features[0].Properties)
	assert.Equal(t, map[string]any{"Fartsgrense": int64(80), "Merknad \"sitat\"\n": "a\tb\x01\xff", "versjon": 1.5, "Del.Ja": true}, o.Egenskaper.Flat())
}

// TestGeoJSONWriterAllocations shows that memory stays flat: writing a
// feature allocates nothing once the buffers have grown.
func TestGeoJSONWriterAllocations(t *testing.T) {
	o := &nvdb.Vegobjekt{ID: 78697179, Metadata: &nvdb.Metadata{Type: nvdb.VegobjekttypeRef{ID: 105}, Versjon: 1, Startdato: "1980-01-01"},
		Geometri:   &nvdb.UtledetGeometri{WKT: "LINESTRING Z (25400.09 6855338.561 230.62, 25399.5 6855341.199 230.5, 25375 6855373.2 236.2)", Srid: 5973},
		Egenskaper: nvdb.Egenskaper{{ID: 2021, Navn: "Fartsgrense", Egenskapstype: nvdb.EgenskapstypeHeltallenum, Verdi: nvdb.IntVerdi(50), EnumID: 2730}}}
	g := nvdb.NewGeoJSONWriter(io.Discard)
	require.NoError(t, g.WriteVegobjekt(o))
	allocs := testing.AllocsPerRun(1000, func() { _ = g.WriteVegobjekt(o) })
	assert.Zero(t, allocs)
	s := &nvdb.Veglenkesegment{Referanse: "0-1@1-1", Geometri: nvdb.VegnettGeometri{WKT: o.Geometri.WKT, Srid: 5973}}
	require.NoError(t, g.WriteVegsegment(s))
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _ = g.WriteVegsegment(s) }))
}

var _ iter.Seq2[*nvdb.Vegobjekt, error] // the writers take the iterators of the services
