package autosys

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuotaRollsOverAtOsloMidnight(t *testing.T) {
	now := time.Date(2026, 1, 15, 22, 58, 0, 0, time.UTC) // 23:58 in Oslo
	q := NewQuota(2)
	q.now = func() time.Time { return now }
	for range 2 {
		ok, _, _ := q.reserve()
		require.True(t, ok)
	}
	ok, reset, why := q.reserve()
	require.False(t, ok)
	assert.Contains(t, why, "2 calls counted today")
	assert.True(t, reset.Equal(time.Date(2026, 1, 15, 23, 0, 0, 0, time.UTC)))
	st, _ := q.Status(t.Context())
	assert.Equal(t, Date{2026, time.January, 15}, st.Day)
	assert.Zero(t, st.Remaining)

	now = now.Add(3 * time.Minute) // 00:01 the next day in Oslo
	st, _ = q.Status(t.Context())
	assert.Equal(t, Date{2026, time.January, 16}, st.Day)
	assert.Equal(t, 0, st.Used)
	assert.Equal(t, 2, st.Remaining)
	ok, _, _ = q.reserve()
	assert.True(t, ok)

	// A refusal from the server blocks until the time it gave.
	q.spentUntil(now.Add(time.Hour))
	ok, reset, why = q.reserve()
	assert.False(t, ok)
	assert.Contains(t, why, "server reported")
	assert.True(t, reset.Equal(now.Add(time.Hour)))
	now = now.Add(2 * time.Hour)
	ok, _, _ = q.reserve()
	assert.True(t, ok)
	assert.Equal(t, 2, q.Used())

	// A Retry-After beyond the next Oslo midnight is capped there.
	q.spentUntil(now.AddDate(10, 0, 0))
	_, reset, _ = q.reserve()
	assert.True(t, reset.Equal(NextOsloMidnight(now)))
	assert.Equal(t, 1, NewQuota(0).Limit())
}
