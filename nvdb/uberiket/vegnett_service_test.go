package uberiket_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

func TestVeglenkesekvenser(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()

	p, err := c.Veglenkesekvenser.List(ctx, &uberiket.VeglenkesekvensQuery{Antall: 1})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, int64(41423), p.Items[0].ID)
	assert.Equal(t, "41423", p.Next)

	var all []int64
	for v, err := range c.Veglenkesekvenser.All(ctx, &uberiket.VeglenkesekvensQuery{Antall: 1, Inkluder: []uberiket.Inkluder{uberiket.InkluderMinimum}}) {
		require.NoError(t, err)
		all = append(all, v.ID)
		assert.Nil(t, v.Veglenker, "inkluder=minimum")
	}
	assert.Equal(t, []int64{41423, 1951809}, all)
	pages := 0
	for _, err := range c.Veglenkesekvenser.Pages(ctx, &uberiket.VeglenkesekvensQuery{IDs: []int64{1951809}}) {
		require.NoError(t, err)
		pages++
	}
	assert.Equal(t, 1, pages)

	v, err := c.Veglenkesekvenser.Get(ctx, 41423)
	require.NoError(t, err)
	assert.Len(t, v.Veglenker, 2)
	assert.Len(t, v.Porter, 3)

	v, err = c.Veglenkesekvenser.GetHistorisk(ctx, 1951809, "2012-01-01")
	require.NoError(t, err)
	assert.Len(t, v.Veglenker, 1)
	_, err = c.Veglenkesekvenser.GetHistorisk(ctx, 1951809, "2001-01-01")
	assert.ErrorIs(t, err, uberiket.ErrNotFound, "no veglenke then")

	_, err = c.Veglenkesekvenser.List(ctx, &uberiket.VeglenkesekvensQuery{Inkluder: []uberiket.Inkluder{uberiket.InkluderBarn}})
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument, "veglenkesekvenser take minimum or alle")
	_, err = c.Veglenkesekvenser.Get(ctx, 0)
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
}

func TestVeglenkesekvenserStream(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	var got []int64
	for v, err := range c.Veglenkesekvenser.Stream(ctx, &uberiket.StreamQuery{Antall: 1}) {
		require.NoError(t, err)
		got = append(got, v.ID)
	}
	assert.Equal(t, []int64{41423, 1951809}, got)

	var chunks []*uberiket.Chunk[uberiket.Veglenkesekvens]
	for ch, err := range c.Veglenkesekvenser.StreamChunks(ctx, &uberiket.StreamQuery{Ranges: []uberiket.Range{{After: 41423}}}) {
		require.NoError(t, err)
		chunks = append(chunks, ch)
	}
	require.NotEmpty(t, chunks)
	last := chunks[len(chunks)-1]
	assert.Empty(t, last.Remaining, "done")
	n := 0
	for _, ch := range chunks {
		n += len(ch.Items)
	}
	assert.Equal(t, 1, n, "only 1951809 is after 41423")
}

func TestVeglenker(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	var got []string
	for l, err := range c.Veglenker.Stream(ctx, &uberiket.StreamQuery{Antall: 1}) {
		require.NoError(t, err)
		got = append(got, fmt.Sprintf("%d-%d", l.VeglenkesekvensID, l.Veglenkenummer))
	}
	assert.Equal(t, []string{"41423-1", "41423-2", "1951809-1"}, got, "one a request, continued after the last")

	got = nil
	for l, err := range c.Veglenker.Stream(ctx, &uberiket.StreamQuery{IDs: []int64{41423}}) {
		require.NoError(t, err)
		got = append(got, fmt.Sprintf("%d-%d", l.VeglenkesekvensID, l.Veglenkenummer))
	}
	assert.Equal(t, []string{"41423-1", "41423-2"}, got)

	// A range after 41423 starts past every veglenke of it.
	var chunks []*uberiket.Chunk[uberiket.VeglenkeMedID]
	for ch, err := range c.Veglenker.StreamChunks(ctx, &uberiket.StreamQuery{Ranges: []uberiket.Range{{After: 41423}}}) {
		require.NoError(t, err)
		chunks = append(chunks, ch)
	}
	require.NotEmpty(t, chunks)
	var items int
	for _, ch := range chunks {
		for _, l := range ch.Items {
			assert.Equal(t, int64(1951809), l.VeglenkesekvensID)
			items++
		}
	}
	assert.Equal(t, 1, items)
	found := false
	for _, r := range srv.Requests() {
		found = found || r.Query == "antall=10000&start=41423-2147483647"
	}
	assert.True(t, found, "the range after 41423 starts at 41423-2147483647")
}

// TestVeglenkerWholeSequences: a chunk ends between veglenkesekvenser,
// never inside one, even when an answer ends inside one.
func TestVeglenkerWholeSequences(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	var chunks [][]string
	for ch, err := range c.Veglenker.StreamChunks(context.Background(), &uberiket.StreamQuery{Antall: 1, Parallel: 1}) {
		require.NoError(t, err)
		var ls []string
		for _, l := range ch.Items {
			ls = append(ls, fmt.Sprintf("%d-%d", l.VeglenkesekvensID, l.Veglenkenummer))
		}
		chunks = append(chunks, ls)
		if ch.Covered.Until != 0 {
			assert.Equal(t, ch.Items[len(ch.Items)-1].VeglenkesekvensID, ch.Covered.Until)
		}
	}
	assert.Equal(t, [][]string{{"41423-1", "41423-2"}, {"1951809-1"}}, chunks)
}

func TestNoder(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	p, err := c.Noder.List(ctx, &uberiket.NodeQuery{Antall: 2})
	require.NoError(t, err)
	assert.Equal(t, []int64{95513, 95522}, ids(p.Items, func(n *uberiket.Node) int64 { return n.ID }))
	var all []int64
	for n, err := range c.Noder.All(ctx, &uberiket.NodeQuery{Antall: 2}) {
		require.NoError(t, err)
		all = append(all, n.ID)
	}
	assert.Equal(t, []int64{95513, 95522, 95888, 1951825, 1951851}, all)
	pages := 0
	for _, err := range c.Noder.Pages(ctx, &uberiket.NodeQuery{IDs: []int64{95513, 95888}, Antall: 1}) {
		require.NoError(t, err)
		pages++
	}
	assert.Equal(t, 2, pages)
	n, err := c.Noder.Get(ctx, 95513)
	require.NoError(t, err)
	assert.Len(t, n.Porter, 3)
	_, err = c.Noder.Get(ctx, 42)
	assert.ErrorIs(t, err, uberiket.ErrNotFound)
	_, err = c.Noder.List(ctx, &uberiket.NodeQuery{Antall: -1})
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
}
