package pgstore_test

import "os"

// envLong is the core's internal/longtest.Env. This module reads it itself
// so that it builds with GOWORK=off against a pinned core without
// internal/longtest.
const envLong = "VEGDATA_LONG"

// longRun reports whether VEGDATA_LONG=1: the tests whose point is partly
// their size run at full size, as in .ci/run.
func longRun() bool { return os.Getenv(envLong) == "1" }
