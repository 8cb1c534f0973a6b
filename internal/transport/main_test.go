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
// -parallel is given, they all run at once. What they assert holds under
// any scheduling: none counts requests that a loaded machine may add (a
// spurious stall repeats an attempt) or lose (an attempt abandoned before
// the server read it), and those whose outcome needs the server to keep
// moving keep it moving 20 times more often than the stall timeout.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		_ = flag.Set("test.parallel", strconv.Itoa(allAtOnce))
	}
	os.Exit(m.Run())
}

// allAtOnce is more than the parallel tests and subtests of the package.
const allAtOnce = 16
