package transport

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-1", "Sun, 22 Nov 2026 23:00:00 GMT", "99999999999999999999", "", "soon"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, _, ok := parseRetryAfter(v, now)
		if ok && d < 0 {
			t.Fatalf("negative wait %v for %q", d, v)
		}
	})
}

func FuzzStreamObject(f *testing.F) {
	for _, s := range []string{`{"objekter":[{"id":1},{"id":2}],"metadata":{"antall":2}}`, `null`, `{}`, `[]`, `{"objekter":null}`, `{"a":`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		dec := json.NewDecoder(strings.NewReader(doc))
		n := 0
		_ = StreamObject(dec, func(key string) error {
			if key == "objekter" {
				return StreamArray(dec, func() error {
					n++
					var v map[string]any
					return dec.Decode(&v)
				})
			}
			return Skip(dec)
		})
	})
}
