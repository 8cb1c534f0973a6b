package autosys_test

import (
	"os"
	"testing"

	"github.com/vegdata/go-vegdata/internal/testmain"
)

// The tests encode and decode many answers: testmain runs them with the
// collector at a slower pace (not the benchmarks).
func TestMain(m *testing.M) { os.Exit(testmain.Allocating(m)) }
