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

// BenchmarkStatistikkGruppert measures the answer to the grouped count a
// Scan plan asks for first (statistikk/gruppert by fylke and kommune) over
// 1 000 000 generated objects, in the eight default kommuner and spread
// over all 357, and the same grouped by kommune within a kartutsnitt that
// cuts through kommuner (the count a split of a kommune by kartutsnitt
// would ask for); the server is built before the timer starts. The first
// kartutsnitt places the objects on their grid (run with -benchtime 1x to
// see that answer alone).
func BenchmarkStatistikkGruppert(b *testing.B) {
	const gruppert = "/vegobjekter/api/v4/vegobjekter/105/statistikk/gruppert"
	for _, bc := range []struct {
		name, query string
		opts        []nvdbtest.Option
	}{
		{"1M", "?gruppering=fylke,kommune", nil},
		{"1M-spread", "?gruppering=fylke,kommune", []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}},
		{"1M-kartutsnitt", "?gruppering=kommune&kartutsnitt=263000,6650000,264500,6651200", nil},
		{"1M-spread-kartutsnitt", "?gruppering=kommune&kartutsnitt=200000,6600000,300000,6700000", []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv := nvdbtest.NewServer(append(bc.opts, nvdbtest.WithGenerated(105, 1_000_000), nvdbtest.WithGzip(false))...)
			defer srv.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				benchGet(b, srv.URL+gruppert+bc.query)
			}
		})
	}
}

// BenchmarkEgenskapSplit measures what a Scan that splits a kommune by a
// range of dates asks the fake for, over 800 000 generated objects
// (100 000 in kommune 301): the first page of 1000, and the count of a
// page with inkluderAntall and of statistikk. A count is kept once per
// search, so each count runs on a fresh server (built with the timer
// stopped).
func BenchmarkEgenskapSplit(b *testing.B) {
	const q = "kommune=301&egenskap=" + "%225127%3E%3D%272000-01-01%27+AND+5127%3C%272010-01-01%27%22"
	const path = "/vegobjekter/api/v4/vegobjekter/105"
	newServer := func() *nvdbtest.Server {
		return nvdbtest.NewServer(nvdbtest.WithGenerated(105, 800_000), nvdbtest.WithGzip(false))
	}
	b.Run("page1000", func(b *testing.B) {
		srv := newServer()
		defer srv.Close()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			benchGet(b, srv.URL+path+"?antall=1000&"+q)
		}
	})
	for _, c := range []struct{ name, url string }{
		{"inkluderAntall", path + "?antall=1&inkluderAntall=true&" + q},
		{"statistikk", path + "/statistikk?" + q},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				srv := newServer()
				b.StartTimer()
				benchGet(b, srv.URL+c.url)
				b.StopTimer()
				srv.Close()
				b.StartTimer()
			}
		})
	}
}

// benchGet asks the fake for url and reads the whole answer, which must be
// 200 OK.
func benchGet(b *testing.B, url string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("X-Client", "bench")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatal(resp.Status)
	}
}
