package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPosition is the JSON a store keeps.
func TestPosition(t *testing.T) {
	started := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		pos  Position
		json string
	}{
		{"caught up", Position{Hendelse: 188455359}, `{"hendelse":188455359}`},
		{"backfill", Position{Hendelse: 188455359, Backfill: &Backfill{Started: started,
			Ranges: []Range{{After: 85283803, Until: 300000000}, {After: 848324148}}}},
			`{"hendelse":188455359,"backfill":{"ranges":[{"after":85283803,"until":300000000},{"after":848324148}],"started":"2025-11-03T09:00:00Z"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.pos)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(b))
			var back Position
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tc.pos, back)
		})
	}
}
