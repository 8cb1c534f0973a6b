package autosys_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/vegdata/go-vegdata/autosys"
)

// benchClient answers every request in-process with body: the client's
// whole path (validation, quota, transport, decode, envelope) without a
// socket.
func benchClient(b *testing.B, body []byte) *autosys.Client {
	b.Helper()
	c, err := autosys.NewClient("bench-key", autosys.WithBaseURL("http://127.0.0.1:1"),
		autosys.WithRateLimit(1e9, 1<<30), autosys.WithHTTPClient(&http.Client{Transport: &bodyTransport{body: body}}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func fixture(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile(filepath.Join("autosystest", "testdata", "kjoretoydata-personbil-vw-passat-2017.json"))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkLookupKjennemerke is one enkeltoppslag of a real vehicle answer
// (28 KiB, indented as captured).
func BenchmarkLookupKjennemerke(b *testing.B) {
	c := benchClient(b, fixture(b))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.LookupKjennemerke(ctx, "BE 12335"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrganisasjonAll ranges an owner search of one page of 50 hits.
func BenchmarkOrganisasjonAll(b *testing.B) {
	var r autosys.KjoretoydataResponse
	if err := json.Unmarshal(fixture(b), &r); err != nil {
		b.Fatal(err)
	}
	hits := make([]map[string]any, 50)
	for i := range hits {
		hits[i] = map[string]any{"kjoretoydata": r.KjoretoydataListe[0]}
	}
	body, err := json.Marshal(map[string]any{"gjenstaendeKvote": 1000, "kjoretoydataListe": hits})
	if err != nil {
		b.Fatal(err)
	}
	c := benchClient(b, bytes.Clone(body))
	ctx := context.Background()
	q := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007"}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.Organisasjon.All(ctx, q) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(hits) {
			b.Fatalf("%d hits, want %d", n, len(hits))
		}
	}
}
