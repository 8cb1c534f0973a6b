package nvdb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func changes(p *nvdb.Page[nvdb.VersjonEndring]) []string {
	var out []string
	for _, e := range p.Items {
		out = append(out, change(e))
	}
	return out
}

func change(e *nvdb.VersjonEndring) string {
	return fmt.Sprintf("%s %d/%d %d %s", e.Endring, e.ID, e.Versjon, e.Type, e.Tidspunkt.Format(time.RFC3339))
}

func ofKind(p *nvdb.Page[nvdb.VersjonEndring], kind nvdb.Endringstype) []*nvdb.VersjonEndring {
	var out []*nvdb.VersjonEndring
	for _, e := range p.Items {
		if e.Endring == kind {
			out = append(out, e)
		}
	}
	return out
}

func TestEndringerFeed(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, []nvdbtest.Option{nvdbtest.WithGenerated(999, 5000)})
	v := c.Vegobjekter

	// The whole feed of the generated type in one go, then in pages.
	var whole []string
	for p, err := range v.EndringerPages(ctx, []int{999}, &nvdb.EndringerQuery{Antall: 1000}) {
		require.NoError(t, err)
		whole = append(whole, changes(p)...)
		// Merged in the order the changes became visible.
		assert.True(t, slices.IsSortedFunc(p.Items, func(a, b *nvdb.VersjonEndring) int { return a.Tidspunkt.Compare(b.Tidspunkt) }))
	}
	require.Len(t, whole, 500)
	var items []string
	for e, err := range v.EndringerAll(ctx, []int{999}, &nvdb.EndringerQuery{Antall: 100}) {
		require.NoError(t, err)
		items = append(items, change(e))
	}
	assert.ElementsMatch(t, whole, items)

	var paged []string
	var last string
	for p, err := range v.EndringerPages(ctx, []int{999}, &nvdb.EndringerQuery{Antall: 64}) {
		require.NoError(t, err)
		paged = append(paged, changes(p)...)
		last = p.Next
	}
	assert.ElementsMatch(t, whole, paged)
	seen := map[string]bool{}
	for _, c := range paged {
		require.False(t, seen[c], "duplicate %s", c)
		seen[c] = true
	}

	// Caught up: polling from the saved cursor yields an empty page that
	// keeps the cursor.
	p, err := v.Endringer(ctx, []int{999}, &nvdb.EndringerQuery{Start: last})
	require.NoError(t, err)
	assert.Zero(t, p.Len())
	assert.Equal(t, last, p.Next)

	// Resume from a cursor in the middle.
	first, err := v.Endringer(ctx, []int{999}, &nvdb.EndringerQuery{Antall: 100})
	require.NoError(t, err)
	rest := changes(first)
	for p, err := range v.EndringerPages(ctx, []int{999}, &nvdb.EndringerQuery{Start: first.Next, Antall: 1000}) {
		require.NoError(t, err)
		rest = append(rest, changes(p)...)
	}
	assert.ElementsMatch(t, whole, rest)

	// By time: only changes at or after it.
	opprettet := ofKind(first, nvdb.EndringOpprettet)
	require.NotEmpty(t, opprettet)
	mid := opprettet[len(opprettet)-1].Tidspunkt
	after, err := v.Endringer(ctx, []int{999}, &nvdb.EndringerQuery{Fra: mid, Til: mid.Add(24 * time.Hour)})
	require.NoError(t, err)
	require.NotZero(t, after.Len())
	for _, e := range after.Items {
		assert.False(t, e.Tidspunkt.Before(mid))
		assert.True(t, e.Tidspunkt.Before(mid.Add(24*time.Hour)))
	}

	// Several types, and a filter on ids.
	multi, err := v.Endringer(ctx, []int{45, 67, 581}, nil)
	require.NoError(t, err)
	types := map[int]bool{}
	for _, e := range ofKind(multi, nvdb.EndringOpprettet) {
		types[e.Type] = true
	}
	assert.Equal(t, map[int]bool{45: true, 67: true, 581: true}, types)
	one, err := v.Endringer(ctx, []int{67}, &nvdb.EndringerQuery{Ider: []int64{89204552}})
	require.NoError(t, err)
	require.Len(t, ofKind(one, nvdb.EndringOpprettet), 3, "one per version")
	assert.Len(t, ofKind(one, nvdb.EndringEndret), 2, "the two closed versions")
	for _, e := range one.Items {
		assert.EqualValues(t, 89204552, e.ID)
	}
}
