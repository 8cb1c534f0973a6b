// Package longtest sizes the tests whose point is partly their size:
// hundreds of thousands of objects ranged under faults or behind a rate
// limit. The README's test command, which a developer runs over and over,
// runs them smaller or skips them; CI's race step sets VEGDATA_LONG=1 and
// runs them at full size.
package longtest

import "os"

// Env is the environment variable that turns the full sizes on.
const Env = "VEGDATA_LONG"

// On reports whether VEGDATA_LONG=1.
func On() bool { return os.Getenv(Env) == "1" }

// N is the size of a data set: full with VEGDATA_LONG=1, else quick.
func N(quick, full int) int {
	if On() {
		return full
	}
	return quick
}

// Skip skips a test that is only its size (its behaviour is proven at a
// smaller size elsewhere) unless VEGDATA_LONG=1.
func Skip(t interface{ Skip(...any) }) {
	if !On() {
		t.Skip("a long run: runs with " + Env + "=1, as .ci/run's race step does")
	}
}
