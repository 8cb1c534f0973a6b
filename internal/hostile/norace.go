//go:build !race

package hostile

// Race is true when the race detector is on.
const Race = false
