package nvdbtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOmraderHoldGeneratedObjects: the kommuner and fylker /omrader lists
// for generated data are those the objects list, named, and each one's
// kartutsnitt holds every object that lists it, however far a large set
// drifts east, so a search split by kartutsnitt within a kommune's finds
// all of its objects.
func TestOmraderHoldGeneratedObjects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		spread bool
	}{{"eight kommuner, a million", 1_000_000, false}, {"spread", 40_000, true}} {
		t.Run(tc.name, func(t *testing.T) {
			st, d := genSet(t, tc.n, tc.spread)
			o := newOmrader(st)
			listed := map[int]bool{}
			for _, k := range o.kommuner {
				listed[k] = true
				assert.NotEmpty(t, kommuneName(k), "kommune %d", k)
				assert.NotEmpty(t, fylkeNavn[o.fylkeOf[k]], "fylke of kommune %d", k)
			}
			seen := map[int]bool{}
			for i := 0; i < d.len(); i += 1 + d.len()/20_000 {
				checkInAreas(t, o, d, i, seen)
			}
			checkInAreas(t, o, d, d.len()-1, seen)
			for k := range seen {
				assert.True(t, listed[k], "kommune %d listed", k)
			}
			if tc.spread {
				assert.Greater(t, len(o.kommuner), 300)
				assert.Len(t, o.fylker, 15)
			}
		})
	}
}

// checkInAreas calls t.Helper and testify only on failure: it runs for
// 40 000 objects, and each of those calls walks the stack.
func checkInAreas(t *testing.T, o *omrader, d *dataset, i int, seen map[int]bool) {
	ob := d.versionsAt(i)[0]
	x0, y0, x1, y1, ok := bbox(ob.Lokasjon.Geometri.WKT)
	if !ok {
		t.Helper()
		require.True(t, ok)
	}
	keys := append([]int(nil), ob.Lokasjon.Kommuner...)
	for _, f := range ob.Lokasjon.Fylker {
		keys = append(keys, -f)
	}
	for _, k := range ob.Lokasjon.Kommuner {
		seen[k] = true
	}
	for _, k := range keys {
		b, ok := o.box[k]
		if !ok || !(b[0] <= x0 && b[1] <= y0 && x1 <= b[2] && y1 <= b[3]) {
			t.Helper()
			require.True(t, ok, "area %d", k)
			require.True(t, b[0] <= x0 && b[1] <= y0 && x1 <= b[2] && y1 <= b[3], "object %d (%v %v %v %v) within area %d %v", i, x0, y0, x1, y1, k, b)
		}
	}
}
