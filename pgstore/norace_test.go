//go:build !race

package pgstore_test

// raceDetector is true when the tests run with -race (race_test.go).
const raceDetector = false
