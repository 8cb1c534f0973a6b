// Package itertest holds the helpers the packages' reliability tests share
// for driving iterators: ranging with an early stop or a cancel, and
// checking that no goroutine is left behind.
package itertest

import (
	"context"
	"iter"
	"testing"

	"go.uber.org/goleak"
)

// NoLeaks checks, after the test and its cleanups (servers closed), that no
// goroutine started during the test is left.
func NoLeaks(t *testing.T) {
	t.Helper()
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// RangeStop ranges seq and stops after stop items (never when stop < 0),
// cancelling instead of breaking when cancel is set. It returns the items
// seen and the errors yielded.
func RangeStop[T any](seq iter.Seq2[T, error], stop int, cancel context.CancelFunc) (int, []error) {
	n := 0
	var errs []error
	for _, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		if n == stop {
			if cancel == nil {
				break
			}
			cancel()
		}
	}
	return n, errs
}

// AnySeq erases the item type, so iterators of different types fit in one
// table.
func AnySeq[T any](seq iter.Seq2[T, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}
