package nvdb_test

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/vegdata/go-vegdata/nvdb"
)

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
		g := nvdb.NewGeoJSONWriter(&buf)
		if err := g.WriteVegobjekt(&nvdb.Vegobjekt{ID: 1, Geometri: &nvdb.UtledetGeometri{WKT: wkt, Srid: srid}}); err != nil {
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
	t := &nvdb.Vegobjekttype{ID: 105, Navn: "Fartsgrense", Egenskapstyper: []nvdb.EgenskapstypeInfo{
		{ID: 2021, Navn: "Fartsgrense", Egenskapstype: nvdb.EgenskapstypeHeltallenum, TillatteVerdier: []nvdb.TillattVerdi{{ID: 2738, Verdi: nvdb.IntVerdi(80)}}},
		{ID: 5127, Navn: "Gyldig fra dato", Egenskapstype: nvdb.EgenskapstypeDato},
		{ID: 1, Navn: "Merknad", Egenskapstype: nvdb.EgenskapstypeTekst},
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
