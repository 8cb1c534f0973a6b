package nvdb_test

import (
	"os"
	"testing"

	"github.com/vegdata/go-vegdata/internal/testgc"
)

// The tests allocate heavily; testgc runs them with the collector at a
// slower pace (not the benchmarks).
func TestMain(m *testing.M) { os.Exit(testgc.Main(m)) }
