// Package testmain holds TestMain helpers that fit a package's tests to
// the README's test command on a 2-core machine, where that command's
// time is mostly CPU time.
//
// Allocating: tests that allocate heavily (fakes that generate and encode
// thousands of objects, a client that decodes them) run with the collector
// at a quarter of its default pace. At GOGC=100 it took about a third of
// nvdb's test CPU time (15 s of CPU, 10-11 s at 400, for 260 MB instead of
// 110 MB at most; under -race 124 s and 410 MB, 96 s and 910 MB at 400).
// It changes nothing a test asserts. Benchmarks and a GOGC the user set
// keep the runtime's pace, so BENCHMARKS.md's numbers mean what they say.
package testmain

import (
	"flag"
	"os"
	"runtime/debug"
	"testing"
)

// GCPercent is the GOGC that Allocating sets.
const GCPercent = 400

// Allocating runs the tests with the collector at GCPercent, unless
// benchmarks run or GOGC is set, and returns m.Run's exit code; a
// package's TestMain is os.Exit(testmain.Allocating(m)).
func Allocating(m *testing.M) int {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() == "" && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	return m.Run()
}
