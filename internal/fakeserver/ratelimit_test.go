package fakeserver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestRateLimiterQueue: beyond the limit a request waits for a slot within
// the queue timeout, and is refused when the slot lies further ahead.
// Clients are counted apart.
func TestRateLimiterQueue(t *testing.T) {
	l := NewRateLimiter(2, time.Second)
	gaveUp, cancel := context.WithCancel(context.Background())
	cancel() // a queued request returns at once instead of waiting its second
	var got []bool
	for range 6 {
		got = append(got, l.Admit(gaveUp, "a"))
	}
	assert.Equal(t, []bool{true, true, false, false, false, false}, got)
	assert.Equal(t, 2, l.Queued(), "the third and fourth found a slot within the second")
	assert.Equal(t, 2, l.Limited(), "the fifth and sixth did not")
	assert.Equal(t, 6, l.Peak())
	assert.True(t, l.Admit(gaveUp, "b"), "another client has its own window")
	assert.Equal(t, 2, l.PerSecond())

	var none *RateLimiter
	assert.Nil(t, NewRateLimiter(0, time.Second))
	assert.True(t, none.Admit(gaveUp, "a"))
	assert.Zero(t, none.Peak()+none.Limited()+none.Queued()+none.PerSecond())
}

// TestRateLimiterWaits: a queued request is admitted once its slot comes.
func TestRateLimiterWaits(t *testing.T) {
	l := NewRateLimiter(1, time.Second)
	l.second = 100 * time.Millisecond // the wait, not its length, is the point
	ctx := context.Background()
	start := time.Now()
	assert.True(t, l.Admit(ctx, "a"))
	assert.True(t, l.Admit(ctx, "a"))
	assert.GreaterOrEqual(t, time.Since(start), l.second, "it waited for the slot a window after the first")
	assert.Equal(t, 1, l.Queued())
}
