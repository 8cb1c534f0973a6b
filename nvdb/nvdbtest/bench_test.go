package nvdbtest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// BenchmarkServePage measures the fake's own cost of a page of 1000
// generated objects with inkluder=alle (no latency, no gzip).
func BenchmarkServePage(b *testing.B) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 1000), nvdbtest.WithGzip(false))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/vegobjekter/api/v4/vegobjekter/105?inkluder=alle&antall=1000", nil)
	req.Header.Set("X-Client", "bench")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.SetBytes(n)
	}
}
