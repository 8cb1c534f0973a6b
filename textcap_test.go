package vegdata_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vegdata/go-vegdata/internal/textcap"
)

// The tests of internal/textcap, the bound on every server text an error
// or a log line quotes (APIError's Message among them, see errors_test.go),
// live here so that a 44-line helper needs no test binary of its own.

func TestCap(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdefgh", 5, "abcde… (3 bytes more)"},
		{"zero", "abc", 0, "… (3 bytes more)"},
		{"negative", "abc", -1, "… (3 bytes more)"},
		{"inside a rune", "abø", 3, "ab… (2 bytes more)"}, // ø is two bytes: never half of it
		{"empty", "", 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, textcap.Cap(tc.in, tc.n))
		})
	}
}

func TestCapMillion(t *testing.T) {
	got := textcap.Cap(strings.Repeat("9", 1_000_000), textcap.Max)
	assert.Less(t, len(got), textcap.Max+64)
	assert.True(t, strings.HasSuffix(got, "… (995904 bytes more)"), got[len(got)-40:])
}

func TestBoundCutsOnce(t *testing.T) {
	once := textcap.Bound(strings.Repeat("x", 10*textcap.Max))
	assert.Equal(t, once, textcap.Bound(once), "text already capped is left as it is")
	assert.Equal(t, "short", textcap.Bound("short"))
}
