package synsbasen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vegdata/go-vegdata/synsbasen"
)

// ParseEvent never panics, whatever a sender posts.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"event":"inspection.created","data":{"id":26939482,"error_codes":[{"code":"6"}]}}`))
	f.Add([]byte(`{"event":"test_centers.created","data":[{"name":"FDM","lat":57.03}]}`))
	f.Add([]byte(`{"event":"vehicle.updated","data":{"id":1,"model_year":"2019"}}`))
	f.Add([]byte(`{"event":"vehicles.updated","data":null}`))
	f.Add([]byte(`{"event":"x"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := synsbasen.ParseEvent(body)
		if err == nil && ev.Name == "" {
			t.Fatal("an event without a name was accepted")
		}
	})
}

// Aggregate decoding never panics and keeps one group per key.
func FuzzAggregate(f *testing.F) {
	f.Add([]byte(`{"data":{"AUDI":1,"BMW":"2.5","":null},"cost":1}`))
	f.Add([]byte(`{"data":18}`))
	f.Add([]byte(`{"data":{"[\"AUDI\",2019]":3}}`))
	f.Add([]byte(`{"data":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var a synsbasen.Aggregate
		if json.Unmarshal(body, &a) != nil {
			return
		}
		for _, g := range a.Groups {
			if len(g.Keys) == 0 {
				t.Fatalf("group %q has no keys", g.Key)
			}
		}
	})
}

// VerifySignature accepts exactly the signature Sign makes.
func FuzzVerifySignature(f *testing.F) {
	f.Add("sb_whsk_x", []byte(`{"event":"vehicles.updated","data":null}`), "00")
	f.Fuzz(func(t *testing.T, secret string, body []byte, sig string) {
		if secret == "" {
			return
		}
		if !synsbasen.VerifySignature(secret, body, synsbasen.Sign(secret, body)) {
			t.Fatal("own signature refused")
		}
		if sig != synsbasen.Sign(secret, body) && len(sig) != 64 && synsbasen.VerifySignature(secret, body, sig) {
			t.Fatalf("signature %q accepted", sig)
		}
	})
}

// answerTransport answers every request in-process with one status and
// body and a request id: the client's whole decoding path, no socket.
type answerTransport struct {
	status int
	body   []byte
}

func (a *answerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: a.status, Status: http.StatusText(a.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"X-Request-Id": {"rid-fuzz"}, "Content-Type": {"application/json"}},
		Body:    io.NopCloser(bytes.NewReader(a.body)),
		Request: r,
	}, nil
}

const fuzzKey = "sb_fuzz_key_abcdef"

func answerClient(t testing.TB, status int, body []byte) *synsbasen.Client {
	c, err := synsbasen.NewClient(fuzzKey, synsbasen.WithBaseURL("http://127.0.0.1:1"),
		synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: 1, MinWait: time.Microsecond, MaxWait: time.Microsecond}),
		synsbasen.WithRateLimit(1e9, 1<<30), synsbasen.WithHTTPClient(&http.Client{Transport: &answerTransport{status: status, body: body}}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fixtureSeeds adds the fake's fixtures; an expand fragment is also added
// inside a vehicle envelope, as GetByRegistration receives it.
func fixtureSeeds(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("synsbasentest", "fixtures", "*.json"))
	if len(paths) == 0 {
		f.Fatal("no fixtures")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if strings.Contains(p, "doc-expand-") {
			inner := strings.TrimPrefix(strings.TrimSpace(string(b)), "{")
			f.Add([]byte(`{"data":{"id":1004501200018020,"registration":"AS87640",` + inner + `,"cost":1}`))
		}
	}
}

func checkAnswerErr(t *testing.T, err error) {
	t.Helper()
	var ae *synsbasen.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if !errors.Is(err, synsbasen.ErrInvalidResponse) && !errors.Is(err, synsbasen.ErrBodyTooLarge) {
		t.Fatalf("error of kind %v: %v", ae.Kind, err)
	}
	if ae.StatusCode != 200 || ae.RequestID != "rid-fuzz" {
		t.Fatalf("status %d, request id %q", ae.StatusCode, ae.RequestID)
	}
	if strings.Contains(err.Error(), fuzzKey) {
		t.Fatal("key in the error")
	}
}

// FuzzVehicleAnswer sends any 200 body to GetByRegistration (every expand)
// and Search: never a panic; a failure is a typed error; an accepted
// vehicle round-trips through encoding/json and is what encoding/json
// reads from the envelope's data; a page's items and counts are sane.
func FuzzVehicleAnswer(f *testing.F) {
	fixtureSeeds(f)
	f.Add([]byte(`{"data":null,"cost":1}`))
	f.Add([]byte(`{"data":{"id":"1","emission":[]}}`))
	f.Add([]byte(`{"data":[],"has_more":true,"page":1,"total_pages":0,"total_count":-1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := answerClient(t, 200, body)
		ctx := context.Background()
		v, err := c.Vehicles.GetByRegistration(ctx, "AS87640", synsbasen.AllExpands()...)
		if err != nil {
			checkAnswerErr(t, err)
		} else {
			if v == nil {
				t.Fatal("nil vehicle without an error")
			}
			enc1, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encoding a decoded vehicle: %v", err)
			}
			var v2 synsbasen.Vehicle
			if err := json.Unmarshal(enc1, &v2); err != nil {
				t.Fatalf("decoding %s: %v", enc1, err)
			}
			if enc2, _ := json.Marshal(&v2); !bytes.Equal(enc1, enc2) {
				t.Fatalf("round trip changed the vehicle:\n%s\n%s", enc1, enc2)
			}
			if json.Valid(body) {
				var std struct {
					Data *synsbasen.Vehicle `json:"data"`
				}
				if err := json.Unmarshal(body, &std); err != nil || std.Data == nil {
					t.Fatalf("the client accepted what encoding/json refuses: %v", err)
				}
				if encStd, _ := json.Marshal(std.Data); !bytes.Equal(enc1, encStd) {
					t.Fatalf("client and encoding/json disagree:\n%s\n%s", enc1, encStd)
				}
			}
		}
		if p, err := c.Vehicles.Search(ctx, &synsbasen.Search{}); err != nil {
			var ae *synsbasen.APIError
			if errors.As(err, &ae) {
				checkAnswerErr(t, err)
			} else if !strings.Contains(err.Error(), "invalid") {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		} else if p == nil {
			t.Fatal("nil page without an error")
		}
	})
}

// FuzzWebhookHandler posts any body with a right, a wrong or no signature
// to the handler: the function runs exactly when the signature is right and
// the body is an event (204, with the event ParseEvent reads); a wrong or
// missing signature is 401 and never reaches it; a signed body that is not
// an event is 400; nothing panics. A signature never verifies another body.
func FuzzWebhookHandler(f *testing.F) {
	f.Add("sb_whsk_test", []byte(`{"event":"inspection.created","data":{"id":26939482,"error_codes":[{"code":"6"}]}}`), uint8(0))
	f.Add("sb_whsk_test", []byte(`{"event":"vehicles.updated","data":null}`), uint8(1))
	f.Add("sb_whsk_test", []byte(`{"event":"vehicle.updated","data":{"id":"x"}}`), uint8(0))
	f.Add("s", []byte(`{"event":"test_centers.created","data":[{"name":"FDM"}]}`), uint8(2))
	f.Add("s", []byte(`not json`), uint8(0))
	f.Fuzz(func(t *testing.T, secret string, body []byte, mode uint8) {
		if secret == "" {
			return
		}
		calls := 0
		var got *synsbasen.Event
		h, err := synsbasen.NewWebhookHandler(secret, func(_ context.Context, ev *synsbasen.Event) error {
			calls++
			got = ev
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sig := synsbasen.Sign(secret, body)
		switch mode % 3 {
		case 1: // a signature of another body
			sig = synsbasen.Sign(secret, append(append([]byte(nil), body...), 'x'))
		case 2:
			sig = ""
		}
		req := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
		if sig != "" {
			req.Header.Set(synsbasen.SignatureHeader, sig)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if mode%3 != 0 {
			if rec.Code != http.StatusUnauthorized || calls != 0 {
				t.Fatalf("bad signature: status %d, %d calls", rec.Code, calls)
			}
			if synsbasen.VerifySignature(secret, body, sig) {
				t.Fatal("a signature of another body verified")
			}
			return
		}
		want, perr := synsbasen.ParseEvent(body)
		switch {
		case len(body) > synsbasen.DefaultMaxWebhookBody:
			if rec.Code != http.StatusRequestEntityTooLarge || calls != 0 {
				t.Fatalf("oversized body: status %d, %d calls", rec.Code, calls)
			}
		case perr != nil:
			if rec.Code != http.StatusBadRequest || calls != 0 {
				t.Fatalf("body %q (%v): status %d, %d calls", body, perr, rec.Code, calls)
			}
		default:
			if rec.Code != http.StatusNoContent || calls != 1 {
				t.Fatalf("good delivery: status %d, %d calls", rec.Code, calls)
			}
			if got.Name != want.Name || !bytes.Equal(got.Data, want.Data) {
				t.Fatalf("handler passed %q %s, ParseEvent reads %q %s", got.Name, got.Data, want.Name, want.Data)
			}
		}
	})
}
