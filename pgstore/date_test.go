package pgstore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// TestDate holds the hand-made date reader to what uberiket.Dato accepts.
func TestDate(t *testing.T) {
	for _, d := range []uberiket.Dato{"2009-01-01", "2024-02-29", "1899-12-31", "9999-12-31", "0001-01-01"} {
		got, err := date(d)
		require.NoError(t, err, d)
		want, _ := d.Time()
		assert.True(t, got.Valid)
		assert.True(t, want.Equal(got.Time), "%s: %v", d, got.Time)
		assert.Equal(t, time.UTC, got.Time.Location())
	}
	for _, d := range []uberiket.Dato{"2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-01", "2024/01/01",
		"20240101", "2024-01-01T00:00:00Z", "+024-01-01", "２０２４-01-01", " 2024-01-01"} {
		assert.False(t, d.Valid(), "uberiket refuses %q too", d)
		_, err := date(d)
		assert.Error(t, err, d)
	}
	got, err := date("")
	require.NoError(t, err)
	assert.False(t, got.Valid, "no date is NULL")
}
