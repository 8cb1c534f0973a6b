package nvdbtest

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// newSpread's buckets place every object where a search of the places'
// cumulative weights does.
func TestSpreadBucketsAreTheSearch(t *testing.T) {
	cum := make([]uint64, len(norgeKommuner))
	var total uint64
	for i, k := range norgeKommuner {
		total += uint64(k.weight)
		cum[i] = total
	}
	for _, typ := range []int{105, 999} {
		s := newSpread(100_000, typ)
		for i, at := range s.at {
			r := mix(uint64(i)^uint64(typ)<<48^0x5eed) % total
			if want := uint16(sort.Search(len(cum), func(j int) bool { return cum[j] > r })); at != want {
				require.Equal(t, want, at, "object %d of type %d", i, typ)
			}
		}
	}
}
