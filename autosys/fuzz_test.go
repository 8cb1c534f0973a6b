package autosys_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vegdata/go-vegdata/autosys"
)

// bodyTransport answers every request in-process with status 200, the
// given body and a request id: the whole client path without a socket.
type bodyTransport struct{ body []byte }

func (b *bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"rid-fuzz"}},
		Body:    io.NopCloser(bytes.NewReader(b.body)),
		Request: r,
	}, nil
}

// FuzzLookup sends any 200 body through LookupKjennemerke. It never panics;
// a failure is an *APIError of a known kind with status 200 and the
// server's request id; an accepted body is valid JSON with at least one
// vehicle, encoding/json reads the same response from it, and encoding
// and decoding what was decoded is stable.
func FuzzLookup(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("autosystest", "testdata", "*.json"))
	if len(paths) == 0 {
		f.Fatal("no fixtures")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `KJENNEMERKE_UKJENT`, `"KJENNEMERKE_UGYLDIG"`, `{"feilmelding":"TJENESTE_IKKE_TILGJENGELIG"}`,
		`{"kjoretoydataListe":[]}`, `{"kjoretoydataListe":[{"kjoretoyId":{"kjennemerke":"EK 39085"}}]} trailing`,
		`{"kjoretoydataListe":[{"godkjenning":{"tekniskGodkjenning":{"tekniskeData":{"karosseriOgLasteplan":{"antallDorer":["5",null,4.0]}}}}}]}`,
		`{"kjoretoydataListe":[{"forstegangsregistrering":{"registrertForstegangNorgeDato":"2017-05-29T06:31:22+02:00"}}]}`,
		`<html>502</html>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		bt := &bodyTransport{body: body}
		c, err := autosys.NewClient("fuzz-key", autosys.WithBaseURL("http://127.0.0.1:1"), autosys.WithoutQuota(),
			autosys.WithRateLimit(1e9, 1<<30), autosys.WithHTTPClient(&http.Client{Transport: bt}))
		if err != nil {
			t.Fatal(err)
		}
		r, err := c.Lookup(context.Background(), autosys.Oppslag{Kjennemerke: "EK39085"})
		if err != nil {
			var ae *autosys.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if ae.StatusCode != 200 || ae.RequestID != "rid-fuzz" {
				t.Fatalf("status %d, request id %q", ae.StatusCode, ae.RequestID)
			}
			known := false
			for _, k := range []error{autosys.ErrInvalidResponse, autosys.ErrNotFound, autosys.ErrBadRequest, autosys.ErrServer} {
				known = known || errors.Is(err, k)
			}
			if !known {
				t.Fatalf("error of no known kind: %v", err)
			}
			if strings.Contains(err.Error(), "fuzz-key") {
				t.Fatal("the key leaked into the error")
			}
			return
		}
		if len(r.KjoretoydataListe) == 0 {
			t.Fatal("accepted a response without vehicles")
		}
		enc1, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("encoding a decoded response: %v", err)
		}
		var r2 autosys.KjoretoydataResponse
		if err := json.Unmarshal(enc1, &r2); err != nil {
			t.Fatalf("decoding %s: %v", enc1, err)
		}
		enc2, _ := json.Marshal(&r2)
		if !bytes.Equal(enc1, enc2) {
			t.Fatalf("round trip changed the response:\n%s\n%s", enc1, enc2)
		}
		if json.Valid(body) {
			var std autosys.KjoretoydataResponse
			if err := json.Unmarshal(body, &std); err != nil {
				t.Fatalf("the client accepted what encoding/json refuses: %v", err)
			}
			encStd, _ := json.Marshal(&std)
			if !bytes.Equal(enc1, encStd) {
				t.Fatalf("client and encoding/json disagree:\n%s\n%s", enc1, encStd)
			}
		}
		// The nil-safe accessors never panic on whatever was accepted.
		for i := range r.KjoretoydataListe {
			k := &r.KjoretoydataListe[i]
			_, _, _ = k.Merke(), k.Modell(), k.Drivstoff()
			_, _ = k.Kontrollfrist()
		}
	})
}

// FuzzDates reads the date, timestamp and number-list forms the register
// sends: never a panic, and a value read survives an encode and decode.
func FuzzDates(f *testing.F) {
	for _, s := range []string{`"2017-05-29"`, `"2017-05-29T06:31:22+02:00"`, `"2026-06-11T18:03:14.17+02:00"`,
		`"2019-03-31T02:30:00"`, `null`, `""`, `"2017-13-40"`, `["5",null,4.0,"x"]`, `[1e300]`, `7`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d autosys.Date
		if d.UnmarshalJSON(b) == nil && !d.IsZero() {
			enc, err := d.MarshalJSON()
			var d2 autosys.Date
			if err != nil || d2.UnmarshalJSON(enc) != nil || d2 != d {
				t.Fatalf("Date %v came back as %v (%s, %v)", d, d2, enc, err)
			}
		}
		var ts autosys.Timestamp
		if ts.UnmarshalJSON(b) == nil && !ts.IsZero() {
			enc, err := ts.MarshalJSON()
			var ts2 autosys.Timestamp
			if err != nil || ts2.UnmarshalJSON(enc) != nil || !ts2.Equal(ts.Time) {
				t.Fatalf("Timestamp %v came back as %v (%s, %v)", ts, ts2, enc, err)
			}
		}
		var is autosys.Ints
		_ = is.UnmarshalJSON(b)
	})
}
