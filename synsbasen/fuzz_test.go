package synsbasen_test

import (
	"encoding/json"
	"testing"

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
