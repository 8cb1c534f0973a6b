package nvdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// The GeoJSON writer converts WKT to GeoJSON with its own streaming
// converter (wkt.go), not through go-geom: BENCHMARKS.md shows go-geom's
// decoder costing about 6x per feature and 87 allocations where ours has
// none. What keeps our converter honest is go-geom itself: FuzzGeom
// requires that whatever go-geom reads, ours reads too and writes the same
// GeoJSON bytes as a writer on go-geom values would.

var errGeomType = errors.New("unsupported geometry type")

// appendGeomAsGeoJSON is the GeoJSON writer as it would be on go-geom
// values (decoded by go-geom's WKT decoder): it appends g as a GeoJSON
// geometry object (RFC 7946):
// Z kept, M dropped, X and Y swapped with swapXY (NVDB's 4326 is latitude
// first, GeoJSON longitude first). An empty or nil geometry is null, and
// the empty members of a multi geometry are left out. It walks the flat
// coordinates in place: nothing is allocated beyond the growth of dst.
func appendGeomAsGeoJSON(dst []byte, g geom.T, swapXY bool) ([]byte, error) {
	if g == nil || g.Empty() {
		return append(dst, "null"...), nil
	}
	var name string
	var depth int // nesting of the coordinates: 0 a position, 1 a list ...
	switch g := g.(type) {
	case *geom.Point:
		name, depth = "Point", 0
	case *geom.LineString:
		name, depth = "LineString", 1
	case *geom.Polygon:
		name, depth = "Polygon", 2
	case *geom.MultiPoint:
		name, depth = "MultiPoint", 1
	case *geom.MultiLineString:
		name, depth = "MultiLineString", 2
	case *geom.MultiPolygon:
		name, depth = "MultiPolygon", 3
	case *geom.GeometryCollection:
		dst = append(dst, `{"type":"GeometryCollection","geometries":[`...)
		n := 0
		for i := range g.NumGeoms() {
			m := g.Geom(i)
			if m == nil || m.Empty() {
				continue
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			var err error
			if dst, err = appendGeomAsGeoJSON(dst, m, swapXY); err != nil {
				return dst, err
			}
		}
		return append(dst, "]}"...), nil
	default:
		return dst, fmt.Errorf("%w %T", errGeomType, g)
	}
	dst = append(dst, `{"type":"`...)
	dst = append(dst, name...)
	dst = append(dst, `","coordinates":`...)
	zi := g.Layout().ZIndex() // -1 without Z
	flat, stride := g.FlatCoords(), g.Stride()
	pos := func(dst []byte, i int) []byte {
		x, y := flat[i], flat[i+1]
		if swapXY {
			x, y = y, x
		}
		dst = append(dst, '[')
		dst = strconv.AppendFloat(dst, x, 'f', -1, 64)
		dst = append(dst, ',')
		dst = strconv.AppendFloat(dst, y, 'f', -1, 64)
		if zi >= 0 {
			dst = append(dst, ',')
			dst = strconv.AppendFloat(dst, flat[i+zi], 'f', -1, 64)
		}
		return append(dst, ']')
	}
	// list writes the positions flat[start:end] as [[..],[..]].
	list := func(dst []byte, start, end int) []byte {
		dst = append(dst, '[')
		for i := start; i < end; i += stride {
			if i > start {
				dst = append(dst, ',')
			}
			dst = pos(dst, i)
		}
		return append(dst, ']')
	}
	rings := func(dst []byte, start int, ends []int) []byte {
		dst = append(dst, '[')
		n := 0
		for _, end := range ends {
			if end > start { // an EMPTY member of a MultiLineString has none
				if n > 0 {
					dst = append(dst, ',')
				}
				n++
				dst = list(dst, start, end)
			}
			start = end
		}
		return append(dst, ']')
	}
	switch depth {
	case 0:
		dst = pos(dst, 0)
	case 1:
		if mp, ok := g.(*geom.MultiPoint); ok && mp.Ends() != nil {
			dst = append(dst, '[')
			start, n := 0, 0
			for _, end := range mp.Ends() {
				if end > start { // ends[i] == ends[i-1] marks an EMPTY point
					if n > 0 {
						dst = append(dst, ',')
					}
					n++
					dst = pos(dst, start)
				}
				start = end
			}
			dst = append(dst, ']')
		} else {
			dst = list(dst, 0, len(flat))
		}
	case 2:
		dst = rings(dst, 0, g.Ends())
	case 3:
		dst = append(dst, '[')
		start, n := 0, 0
		for _, ends := range g.Endss() {
			if len(ends) == 0 {
				continue // an EMPTY polygon of the multipolygon
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = rings(dst, start, ends)
			start = ends[len(ends)-1]
		}
		dst = append(dst, ']')
	}
	return append(dst, '}'), nil
}

// appendGeoJSONGeometry is appendWKTAsGeoJSON through go-geom: decode,
// then write. BenchmarkGeoJSONWriterGoGeom measures it against ours, and
// FuzzGeom checks both give the same bytes.
func appendGeoJSONGeometry(dst []byte, s string, srid int) ([]byte, error) {
	g, err := decodeGeom(s, srid)
	if err != nil {
		return dst, err
	}
	return appendGeomAsGeoJSON(dst, g, srid == 4326)
}

// FuzzGeom checks Geom's decoding of any WKT: it never panics (not even
// inside go-geom, whose panics decodeGeom would turn into an error); what
// it accepts round-trips through go-geom's WKT encoder; and our streaming
// GeoJSON converter agrees byte for byte with writing the go-geom value.
func FuzzGeom(f *testing.F) {
	for _, s := range []string{"POINT Z (1 2 3)", "POINT Z(25400.09 6855338.561 230.62)", "LINESTRING (1 2, 3 4)", "LINESTRING Z(1 2 3, 4 5 6)",
		"POLYGON ((0 0, 1 0, 1 1, 0 0))", "POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1), (0.1 0.1 1, 0.2 0.1 1, 0.2 0.2 1, 0.1 0.1 1))",
		"MULTIPOINT ((1 2), (3 4))", "MULTIPOINT Z (1 2 3, 4 5 6)", "MULTIPOINT (EMPTY, (1 2))", "MULTILINESTRING Z((1 2 3, 4 5 6),(7 8 9, 1 1 1))",
		"MULTILINESTRING (EMPTY, (1 2, 3 4))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))", "MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))",
		"GEOMETRYCOLLECTION (POINT (1 2))", "GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 2))", "GEOMETRYCOLLECTION EMPTY",
		"POINT EMPTY", "LINESTRING ZM (1 2 3 4, 5 6 7 8)", "LINESTRING M (1 2 3, 4 5 6)", "((((", "POINT (1e400 2)", "POINT (-0 1E-3)"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, swap bool) {
		srid := 5973
		if swap {
			srid = 4326
		}
		g, err := decodeGeom(s, srid)
		if err != nil {
			if !errors.Is(err, ErrInvalidResponse) || strings.Contains(err.Error(), "panicked") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if g == nil {
			if s != "" {
				t.Fatalf("%q: no geometry and no error", s)
			}
			return
		}
		if g.SRID() != srid {
			t.Fatalf("%q: srid %d", s, g.SRID())
		}
		// Round trip through go-geom's encoder.
		text, err := wkt.Marshal(g)
		if err != nil {
			t.Fatalf("%q: marshal: %v", s, err)
		}
		back, err := wkt.Unmarshal(text)
		if err != nil {
			t.Fatalf("%q -> %q: %v", s, text, err)
		}
		if back.Layout() != g.Layout() || fmt.Sprint(geomCoords(back)) != fmt.Sprint(geomCoords(g)) {
			t.Fatalf("%q -> %q: %v %v, want %v %v", s, text, back.Layout(), geomCoords(back), g.Layout(), geomCoords(g))
		}
		// Our converter against a writer on the go-geom value.
		want, err := appendGeomAsGeoJSON(nil, g, swap)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got, err := appendWKTAsGeoJSON(nil, s, swap)
		if err != nil {
			t.Fatalf("%q: go-geom reads it, ours does not: %v", s, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%q:\nours    %s\ngo-geom %s", s, got, want)
		}
	})
}

// geomCoords lists the flat coordinates of g and of a collection's members.
func geomCoords(g geom.T) [][]float64 {
	if gc, ok := g.(*geom.GeometryCollection); ok {
		var out [][]float64
		for _, m := range gc.Geoms() {
			out = append(out, geomCoords(m)...)
		}
		return out
	}
	return [][]float64{g.FlatCoords()}
}

const benchLine = "LINESTRING Z (25400.09 6855338.561 230.62, 25399.5 6855341.199 230.5, 25399.1 6855342.301 230.7, 25397.4 6855344.4 231.2, 25394.9 6855345.699 231.8, 25386.8 6855349.6 233.4, 25381 6855355.199 234.1, 25377 6855360.801 234.7, 25375.6 6855365.1 235.2, 25374.8 6855370.199 236.1, 25375 6855373.2 236.2)"

// BenchmarkWKTToGeoJSON compares, for the 11-point LINESTRING Z of
// BenchmarkGeoJSONWriter, our streaming converter (what the writer uses)
// with decoding by go-geom and writing the value, and with Geom alone.
func BenchmarkWKTToGeoJSON(b *testing.B) {
	buf := make([]byte, 0, 4096)
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var err error
			if buf, err = appendWKTAsGeoJSON(buf[:0], benchLine, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-geom", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var err error
			if buf, err = appendGeoJSONGeometry(buf[:0], benchLine, 5973); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Geom", func(b *testing.B) {
		g := &Geometri{WKT: benchLine, Srid: 5973}
		b.ReportAllocs()
		for range b.N {
			if _, err := g.Geom(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzWKTToGeoJSON checks that any WKT either fails cleanly or becomes a
// feature that is valid JSON.
func FuzzWKTToGeoJSON(f *testing.F) {
	for _, s := range []string{"POINT Z (1 2 3)", "LINESTRING (1 2, 3 4)", "POLYGON ((0 0, 1 0, 1 1, 0 0))", "MULTIPOINT ((1 2), (3 4))",
		"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))", "GEOMETRYCOLLECTION (POINT (1 2))", "POINT EMPTY", "LINESTRING ZM (1 2 3 4, 5 6 7 8)", "((((", "POINT (1e400 2)"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, wkt string, swap bool) {
		srid := 5973
		if swap {
			srid = 4326
		}
		var buf bytes.Buffer
		g := NewGeoJSONWriter(&buf)
		if err := g.WriteVegobjekt(&Vegobjekt{ID: 1, Geometri: &UtledetGeometri{WKT: wkt, Srid: srid}}); err != nil {
			return
		}
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(buf.Bytes()) {
			t.Fatalf("invalid JSON for %q: %s", wkt, buf.String())
		}
	})
}

// FuzzKatalogFilter checks that the name filter parser never panics and
// that what it accepts is sent only as a well-formed filter.
func FuzzKatalogFilter(f *testing.F) {
	t := &Vegobjekttype{ID: 105, Navn: "Fartsgrense", Egenskapstyper: []EgenskapstypeInfo{
		{ID: 2021, Navn: "Fartsgrense", Egenskapstype: EgenskapstypeHeltallenum, TillatteVerdier: []TillattVerdi{{ID: 2738, Verdi: IntVerdi(80)}}},
		{ID: 5127, Navn: "Gyldig fra dato", Egenskapstype: EgenskapstypeDato},
		{ID: 1, Navn: "Merknad", Egenskapstype: EgenskapstypeTekst},
	}}
	for _, s := range []string{"Fartsgrense = 80", "(Fartsgrense = 80 OR Merknad = 'x') AND Gyldig fra dato < 2020-01-01", "Merknad in [a, \"b\"]", "((", "Fartsgrense notin [80]", `"`, "Merknad = \"'\""} {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, expr string) {
		flt, err := t.Filter(expr)
		if err != nil {
			return
		}
		if flt.String() == "" || flt.Err() != nil {
			tt.Fatalf("accepted %q as %q (%v)", expr, flt.String(), flt.Err())
		}
		_, _ = io.WriteString(io.Discard, flt.String())
	})
}
