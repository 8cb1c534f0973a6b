package paginate

import (
	"context"
	"errors"
	"iter"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// pager serves items 0..n-1 in pages of size, cursor = next index.
type pager struct {
	n, size int
	calls   atomic.Int64
	repeat  bool // answer the same cursor forever
	failAt  int  // fail the request for this cursor (-1 never)
}

func (p *pager) fetch(ctx context.Context, cur int) (Step[[]int, int], error) {
	p.calls.Add(1)
	if err := ctx.Err(); err != nil {
		return Step[[]int, int]{}, err
	}
	if cur == p.failAt {
		return Step[[]int, int]{}, errors.New("boom")
	}
	var items []int
	for i := cur; i < cur+p.size && i < p.n; i++ {
		items = append(items, i)
	}
	next := cur + len(items)
	if p.repeat {
		next = cur
	}
	return Step[[]int, int]{Page: &items, Next: next, More: next < p.n || p.repeat}, nil
}

// Seq flattens Pages into items, as endpoint.List's All does.
func Seq(ctx context.Context, start int, fetch PageFetch[[]int, int], opt Options) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for p, err := range Pages(ctx, start, fetch, opt) {
			if err != nil {
				yield(0, err)
				return
			}
			for _, v := range *p {
				if !yield(v, nil) {
					return
				}
			}
		}
	}
}

func collect(seq func(func(int, error) bool)) ([]int, error) {
	var out []int
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func TestSeq(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "prefetch"}[prefetch], func(t *testing.T) {
			p := &pager{n: 25, size: 10, failAt: -1}
			seq := Seq(context.Background(), 0, p.fetch, Options{Prefetch: prefetch})
			assert.Zero(t, p.calls.Load(), "no I/O until ranged")
			got, err := collect(seq)
			require.NoError(t, err)
			require.Len(t, got, 25)
			for i, v := range got {
				assert.Equal(t, i, v)
			}
			assert.EqualValues(t, 3, p.calls.Load())

			// Ranging again starts afresh.
			again, err := collect(seq)
			require.NoError(t, err)
			assert.Equal(t, got, again)
		})
	}
}

func TestEarlyStopSendsNoFurtherRequest(t *testing.T) {
	p := &pager{n: 100, size: 10, failAt: -1}
	for v := range Seq(context.Background(), 0, p.fetch, Options{}) {
		if v == 4 {
			break
		}
	}
	assert.EqualValues(t, 1, p.calls.Load())
}

func TestPrefetchEarlyStopNoLeak(t *testing.T) {
	p := &pager{n: 100, size: 10, failAt: -1}
	for v := range Seq(context.Background(), 0, p.fetch, Options{Prefetch: true}) {
		if v == 4 {
			break
		}
	}
	// At most the page in flight was requested; goleak in TestMain checks
	// that its goroutine is gone.
	assert.LessOrEqual(t, p.calls.Load(), int64(2))
	goleak.VerifyNone(t)
}

func TestRepeatedCursorEnds(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		p := &pager{n: 100, size: 10, repeat: true, failAt: -1}
		got, err := collect(Seq(context.Background(), 0, p.fetch, Options{Prefetch: prefetch}))
		require.NoError(t, err)
		assert.Len(t, got, 10)
		assert.EqualValues(t, 1, p.calls.Load())
	}
}

func TestErrorYieldedOnceThenStops(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		p := &pager{n: 100, size: 10, failAt: 20}
		var items, errs int
		for _, err := range Seq(context.Background(), 0, p.fetch, Options{Prefetch: prefetch}) {
			if err != nil {
				errs++
				continue // a careless caller keeps ranging: the sequence must still end
			}
			items++
		}
		assert.Equal(t, 20, items)
		assert.Equal(t, 1, errs)
	}
}

func TestContextCheckedBetweenPages(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p := &pager{n: 100, size: 10, failAt: -1}
		var err error
		n := 0
		for _, e := range Seq(ctx, 0, p.fetch, Options{Prefetch: prefetch}) {
			if e != nil {
				err = e
				break
			}
			n++
			if n == 10 {
				cancel()
			}
		}
		assert.ErrorIs(t, err, context.Canceled)
		assert.LessOrEqual(t, p.calls.Load(), int64(2))
	}
	goleak.VerifyNone(t)
}
