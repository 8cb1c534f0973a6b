//go:build race

package examples_test

// raceEnabled: the tests run under the race detector, so the programs are
// built with it too.
const raceEnabled = true
