package apiskrivtest

import (
	"testing"
)

// FuzzKonverter feeds any document to the fake's SOSI and SOSI-GeoJSON
// readers and WKT parser: they answer or refuse, never panic.
func FuzzKonverter(f *testing.F) {
	f.Add([]byte(".HODE\n...KOORDSYS 23\n...ORIGO-NØ 7034310 569351\n...ENHET 0.010\n...VERT-DATUM NN2000\n.PUNKT 1:\n..OBJTYPE Skiltplate_96\n..KVALITET 96 5 0 96 5\n..NØH\n2980 11668 995\n.SLUTT\n"))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"id":1,"properties":{"objekttypenavn":"Skiltpunkt_95","A_1876":"2868"},"geometry":{"type":"Point","coordinates":[10.3,63.4]}}]}`))
	f.Add([]byte("LINESTRING Z (1 2 3, 4 5 6)"))
	f.Add([]byte(".HODE\n.KURVE 2:\n..OBJTYPE X_96\n..NØ\n1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = fromSOSI(b)
		_, _ = fromGeoJSON(b)
		_, _, _ = parseWKT(string(b))
	})
}
