package uberiket

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFormatTidspunkt writes timestamps as NVDB does, with as many digits
// of fraction as needed in groups of three, so that they survive a round
// trip as text.
func TestFormatTidspunkt(t *testing.T) {
	for _, s := range []string{
		"2025-05-01T18:46:46Z",
		"2025-05-01T18:46:46.998Z",
		"2025-04-30T19:09:15.976470Z",
		"2025-05-02T18:16:12.904200Z",
		"2025-05-02T18:16:12.000001Z",
		"2025-05-02T18:16:12.123456789Z",
	} {
		tm, err := parseInstant(s)
		require.NoError(t, err)
		assert.Equal(t, s, FormatTidspunkt(tm))
	}
	oslo := time.FixedZone("CEST", 2*3600)
	assert.Equal(t, "2025-05-01T16:46:46Z", FormatTidspunkt(time.Date(2025, 5, 1, 18, 46, 46, 0, oslo)), "written in UTC")
	_, err := parseInstant("2025-05-01 18:46:46")
	assert.Error(t, err)
}

// TestAppendString agrees with encoding/json on what a string means, for
// text NVDB holds (Norwegian letters, quotes, control characters).
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "Åsvegen", `a "b" \c`, "tab\there\nline\r", "\x00\x1f", "<&>", "\u2028\u2029", "ugyldig \xff utf-8", "😀"} {
		b := appendString(nil, s)
		var back string
		require.NoError(t, json.Unmarshal(b, &back), "%q", b)
		want := s
		if s == "ugyldig \xff utf-8" {
			want = "ugyldig \ufffd utf-8"
		}
		assert.Equal(t, want, back)
	}
	assert.Equal(t, `"<&>"`, string(appendString(nil, "<&>")), "not escaped for HTML")
}

// TestAppendFloat writes numbers that read back as the same float64.
func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.36971529, 4.84, 14.8649868632275, 1e-7, 1.5e21, 273292, math.MaxFloat64} {
		var back float64
		require.NoError(t, json.Unmarshal(appendFloat(nil, f), &back))
		assert.Equal(t, f, back)
		want, _ := json.Marshal(f)
		assert.Equal(t, string(want), string(appendFloat(nil, f)), "as encoding/json writes it")
	}
	assert.Equal(t, "null", string(appendFloat(nil, math.NaN())))
}
