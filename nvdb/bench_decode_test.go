package nvdb_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// pageBytes fetches a raw page from the fake.
func pageBytes(tb testing.TB, srv *nvdbtest.Server, path string) []byte {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("X-Client", "bench")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	require.Equal(tb, 200, resp.StatusCode, string(b))
	return b
}

// BenchmarkDecodePage decodes realistic pages of 1000 objects fetched with
// inkluder=alle: generated speed limits (105) and the hand-made tunnels,
// tunnel tubes and toll stations repeated (a page with more egenskaper).
func BenchmarkDecodePage(b *testing.B) {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 1000), nvdbtest.WithGzip(false))
	defer srv.Close()
	pages := map[string][]byte{
		"fartsgrense": pageBytes(b, srv, "/vegobjekter/api/v4/vegobjekter/105?inkluder=alle&antall=1000"),
	}
	// A page of the fixtures of three types, repeated to 1000 objects.
	var mixed [][]byte
	for _, typ := range []string{"45", "67", "581"} {
		side, err := nvdb.ReadVegobjekterPage(bytes.NewReader(pageBytes(b, srv, "/vegobjekter/api/v4/vegobjekter/"+typ+"?inkluder=alle")))
		require.NoError(b, err)
		for _, o := range side.Items {
			raw, err := jsonMarshal(o)
			require.NoError(b, err)
			mixed = append(mixed, raw)
		}
	}
	var buf bytes.Buffer
	buf.WriteString(`{"objekter":[`)
	for i := 0; i < 1000; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(mixed[i%len(mixed)])
	}
	buf.WriteString(`],"metadata":{"returnert":1000,"sidestørrelse":1000,"neste":{"start":"x","href":"y"}}}`)
	pages["tunnel+bom"] = buf.Bytes()

	decoders := map[string]func(io.Reader) (*nvdb.Page[nvdb.Vegobjekt], error){
		"":               nvdb.ReadVegobjekterPage,
		"-encoding/json": nvdb.DecodePageStd,
	}
	for name, page := range pages {
		for dname, decode := range decoders {
			benchDecode(b, name+dname, page, decode)
		}
	}
}

func benchDecode(b *testing.B, name string, page []byte, decode func(io.Reader) (*nvdb.Page[nvdb.Vegobjekt], error)) {
	{
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				side, err := decode(bytes.NewReader(page))
				if err != nil || len(side.Items) != 1000 {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			objs := float64(b.N) * 1000
			b.ReportMetric(objs/b.Elapsed().Seconds(), "objects/s")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/objs, "allocs/object")
			b.ReportMetric(float64(len(page))/1000, "bytes/object")
		})
	}
}
