// Package testgc runs the tests of a package that allocates heavily (fakes
// that generate and encode thousands of objects, a client that decodes
// them) with the garbage collector at a quarter of its default pace. At
// GOGC=100 the collector took about a third of nvdb's test CPU time (15 s
// of CPU, 10 s at 400, for 260 MB instead of 110 MB at most); on a 2-core
// machine that CPU is the README's test command's wall time.
//
// Benchmarks and a GOGC the user set keep the runtime's own pace, so
// BENCHMARKS.md's numbers mean what they say.
package testgc

import (
	"flag"
	"os"
	"runtime/debug"
	"testing"
)

// Percent is the GOGC the tests run with.
const Percent = 400

// Main is a TestMain: it runs m with the collector at Percent unless
// benchmarks run or GOGC is set, and returns m.Run's exit code.
func Main(m *testing.M) int {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() == "" && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
	return m.Run()
}
