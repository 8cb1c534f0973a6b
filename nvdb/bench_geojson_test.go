package nvdb_test

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// BenchmarkGeoJSONExport exports 10 000 and 100 000 generated objects
// from the in-process fake to io.Discard through Vegobjekter.All and
// WriteGeoJSON, and reports objects per second and the peak heap in use
// (sampled every 1 000 objects; the fake's own allocations are included).
// The peak is the same for both counts: memory does not grow with them.
func BenchmarkGeoJSONExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchExport(b, n) })
	}
}

func benchExport(b *testing.B, n int) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, n), nvdbtest.WithGzip(false))
	defer srv.Close()
	c, err := nvdb.NewClient("bench", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1e6, 1000))
	if err != nil {
		b.Fatal(err)
	}
	q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper, nvdb.InkluderGeometri, nvdb.InkluderLokasjon}}
	ctx := context.Background()
	var peak uint64
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		objs := c.Vegobjekter.All(ctx, 999, q)
		sampled := func(yield func(*nvdb.Vegobjekt, error) bool) {
			i := 0
			for o, err := range objs {
				if i%1000 == 0 {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
				i++
				if !yield(o, err) {
					return
				}
			}
		}
		got, err := nvdb.WriteGeoJSON(io.Discard, sampled)
		if err != nil || got != n {
			b.Fatalf("wrote %d of %d: %v", got, n, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkGeoJSONWriter is the writer alone: one object with a 11-point
// LINESTRING Z and two egenskaper, to io.Discard.
func BenchmarkGeoJSONWriter(b *testing.B) {
	o := &nvdb.Vegobjekt{ID: 78697179, Metadata: &nvdb.Metadata{Type: nvdb.VegobjekttypeRef{ID: 105}, Versjon: 1, Startdato: "1980-01-01"},
		Geometri: &nvdb.UtledetGeometri{Srid: 5973, WKT: "LINESTRING Z (25400.09 6855338.561 230.62, 25399.5 6855341.199 230.5, 25399.1 6855342.301 230.7, 25397.4 6855344.4 231.2, 25394.9 6855345.699 231.8, 25386.8 6855349.6 233.4, 25381 6855355.199 234.1, 25377 6855360.801 234.7, 25375.6 6855365.1 235.2, 25374.8 6855370.199 236.1, 25375 6855373.2 236.2)"},
		Egenskaper: nvdb.Egenskaper{
			{ID: 2021, Navn: "Fartsgrense", Egenskapstype: nvdb.EgenskapstypeHeltallenum, Verdi: nvdb.IntVerdi(50), EnumID: 2730},
			{ID: 5127, Navn: "Gyldig fra dato", Egenskapstype: nvdb.EgenskapstypeDato, Verdi: nvdb.StringVerdi("1980-01-01")},
		}}
	g := nvdb.NewGeoJSONWriter(io.Discard)
	b.ReportAllocs()
	for range b.N {
		if err := g.WriteVegobjekt(o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}
