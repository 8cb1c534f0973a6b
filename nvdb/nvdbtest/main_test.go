package nvdbtest_test

import (
	"os"
	"testing"

	"github.com/vegdata/go-vegdata/internal/testmain"
)

// The tests allocate heavily: testmain runs them with the collector at a
// slower pace (not the benchmarks).
func TestMain(m *testing.M) { os.Exit(testmain.Allocating(m)) }
