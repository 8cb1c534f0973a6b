package chaos

import (
	"context"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Case is one iterator or call of a package's client C; it adds what it
// got to items.
type Case[C any] struct {
	Name string
	Run  func(ctx context.Context, c C, items *Items) error
}

// Collect ranges seq into items.
func Collect[T any](items *Items, seq iter.Seq2[T, error]) error {
	for v, err := range seq {
		if err != nil {
			return err
		}
		if err := items.Add(v); err != nil {
			return err
		}
	}
	return nil
}

// Repeat calls f n times and keeps every answer: a single call meets more
// connections, and so more faults, when repeated.
func Repeat[T any](items *Items, n int, f func() (T, error)) error {
	for range n {
		v, err := f()
		if err != nil {
			return err
		}
		if err := items.Add(v); err != nil {
			return err
		}
	}
	return nil
}

// Compare runs every case once with the fault-free client base and once
// with the client through the chaos, and requires the same items: no
// loss, no duplicate, same order. fix, when set, maps the chaos run's
// items before the comparison (a base URL in links).
func Compare[C any](t *testing.T, ctx context.Context, base, chaotic C, cases []Case[C], fix func(Items) Items) {
	t.Helper()
	for _, tc := range cases {
		var want, got Items
		require.NoError(t, tc.Run(ctx, base, &want), "%s fault-free", tc.Name)
		require.NotEmpty(t, want, "%s fault-free", tc.Name)
		require.NoError(t, tc.Run(ctx, chaotic, &got), "%s through the chaos", tc.Name)
		if fix != nil {
			got = fix(got)
		}
		assert.Equal(t, want.Duplicates(), got.Duplicates(), "%s: duplicates", tc.Name)
		assert.True(t, want.Equal(got), "%s: %s", tc.Name, want.FirstDiff(got))
	}
}
