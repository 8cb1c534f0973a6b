package transport

import (
	"os"
	"testing"

	"github.com/vegdata/go-vegdata/internal/testmain"
)

// The parallel tests wait (stall timeouts, drips, Retry-After) and hardly
// compute: on a 2-core machine -parallel's default of 2 queued them
// behind each other for seconds.
func TestMain(m *testing.M) { os.Exit(testmain.Main(m, testmain.Parallel(8))) }
