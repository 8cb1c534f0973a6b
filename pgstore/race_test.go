//go:build race

package pgstore_test

// raceDetector is true when the tests run with -race, where a sync takes
// several times as long: the crash test then runs fewer kill points.
const raceDetector = true
