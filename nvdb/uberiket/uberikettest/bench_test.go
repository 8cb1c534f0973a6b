package uberikettest_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// BenchmarkGenerate builds a fake with a million generated objects, each
// stream line encoded (go test -bench Generate -benchtime 1x).
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				srv := uberikettest.NewServer(uberikettest.WithGenerated(105, n), uberikettest.WithoutFixtures())
				srv.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

// BenchmarkStream10k serves streams of 10 000 objects, read and thrown
// away: what the fake costs per request of a copy.
func BenchmarkStream10k(b *testing.B) {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 100_000), uberikettest.WithoutFixtures())
	defer srv.Close()
	client := srv.Client()
	var bytes int64
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/uberiket/api/v1/vegobjekter/105/stream?antall=10000", nil)
		req.Header.Set("X-Client", "bench")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		bytes = n
	}
	b.SetBytes(bytes)
	b.ReportMetric(10_000*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}
