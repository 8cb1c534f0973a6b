package transport

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// The parallel tests here wait (stall timeouts, drips, Retry-After, slow
// servers) and hardly compute: at go test's default -parallel, one per
// CPU, two at a time on a 2-core machine, they queued behind each other
// for seconds while the binary held one of go test's two slots. Unless
// -parallel is given, they all run at once. Their assertions hold under
// any scheduling: none counts requests that a loaded machine may add (a
// spurious stall repeats an attempt) or lose (an attempt abandoned before
// the server read it).
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		_ = flag.Set("test.parallel", strconv.Itoa(waitingTests))
	}
	os.Exit(m.Run())
}

// waitingTests is at least the number of parallel tests in the package.
const waitingTests = 16
