// Package testmain holds TestMain helpers that fit a package's tests to
// the README's test command on a 2-core machine, where go test runs two
// packages at once and, by default, two parallel tests of a package at
// once (-parallel is GOMAXPROCS).
//
//   - Allocating: tests that allocate heavily (fakes that generate and
//     encode thousands of objects, a client that decodes them) run with
//     the collector at a quarter of its default pace. At GOGC=100 it took
//     about a third of nvdb's test CPU time (15 s of CPU, 10-11 s at 400,
//     for 260 MB instead of 110 MB at most).
//   - Parallel(n): tests that mostly wait (stall timeouts, Retry-After,
//     slow servers) and call t.Parallel run n at once, not two: waiting
//     needs no core.
//
// Neither changes what a test asserts. Benchmarks and a GOGC the user set
// keep the runtime's pace, so BENCHMARKS.md's numbers mean what they say;
// a -parallel given on the command line is kept.
package testmain

import (
	"flag"
	"os"
	"runtime/debug"
	"strconv"
	"testing"
)

// Setting is one adjustment Main makes before the tests run.
type Setting func()

// GCPercent is the GOGC that Allocating sets.
const GCPercent = 400

// Allocating runs the tests with the collector at GCPercent, unless
// benchmarks run or GOGC is set.
func Allocating() {
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() == "" && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}

// Parallel lets n parallel tests run at once, unless -parallel was given.
func Parallel(n int) Setting {
	return func() {
		given := false
		flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
		if !given {
			_ = flag.Set("test.parallel", strconv.Itoa(n))
		}
	}
}

// Main parses the flags, applies settings and returns m.Run's exit code;
// a package's TestMain is os.Exit(testmain.Main(m, …)).
func Main(m *testing.M, settings ...Setting) int {
	flag.Parse()
	for _, s := range settings {
		s()
	}
	return m.Run()
}
