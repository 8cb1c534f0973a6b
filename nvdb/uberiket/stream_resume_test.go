package uberiket_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// TestStreamChunksChainedResumes: a stream stopped after a few chunks and
// resumed from the last Remaining, again and again, with readers split
// and probes under way, yields every active object once, and the Covered
// ranges of all chunks never overlap.
func TestStreamChunksChainedResumes(t *testing.T) {
	t.Parallel()
	srv := generated(t, 7500)
	c := newClient(t, srv)
	ctx := context.Background()
	got := map[int64]int{}
	var covered []uberiket.Range
	var ranges []uberiket.Range // nil: the whole id space
	rounds := 0
	for round := 0; ; round++ {
		rounds++
		require.Less(t, round, 10_000)
		stopAt := 1 + round%5
		n, done := 0, true
		for ch, err := range c.Vegobjekter.StreamChunks(ctx, 105, &uberiket.StreamQuery{Ranges: ranges, Antall: 150, Parallel: 6}) {
			require.NoError(t, err)
			for _, o := range ch.Items {
				require.True(t, ch.Covered.Contains(o.ID))
				got[o.ID]++
			}
			if ch.Covered != (uberiket.Range{}) {
				covered = append(covered, ch.Covered)
			}
			ranges = ch.Remaining
			if n++; n == stopAt {
				done = len(ch.Remaining) == 0
				break
			}
		}
		if done || len(ranges) == 0 {
			break
		}
	}
	assert.Greater(t, rounds, 10, "resumed again and again (24 times at this size)")
	want := srv.Snapshot(105)
	require.Len(t, got, len(want))
	for id, n := range got {
		_, ok := want[id]
		require.True(t, ok && n == 1, "object %d yielded %d times (active: %v)", id, n, ok)
	}
	for i, a := range covered {
		for _, b := range covered[i+1:] {
			lo, hi := max(a.After, b.After), min(orMax(a.Until), orMax(b.Until))
			require.False(t, lo < hi, "chunks cover %v and %v, which overlap", a, b)
		}
	}
}

func orMax(u int64) int64 {
	if u == 0 {
		return 1<<63 - 1
	}
	return u
}
