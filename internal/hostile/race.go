//go:build race

package hostile

// Race is true when the race detector is on: it inflates allocations and
// slows a 256 MiB read ten-fold, so the huge-body tests skip themselves.
const Race = true
