package nvdb

import "time"

// DecodePageStd exposes the encoding/json page decoder to the external
// tests, which compare it with the fast one on pages from nvdbtest.
var DecodePageStd = decodePageStd

// SetScanPageTime makes plans take d as the time of a full page instead
// of measuring it on their sample, so that tests cut kommuner whatever
// the machine's speed; the returned func restores measuring.
func SetScanPageTime(d time.Duration) (restore func()) {
	old := scanPageTime
	scanPageTime = d
	return func() { scanPageTime = old }
}

// ScanBounds is the box the cells of a cut kommune tile.
var ScanBounds = scanBounds

// SetScanValueCuts turns cutting kommuner by egenskap values on or off (off:
// in space only), so that tests reach the cells; the returned func restores
// the setting.
func SetScanValueCuts(on bool) (restore func()) {
	old := scanValueCuts
	scanValueCuts = on
	return func() { scanValueCuts = old }
}

// RangeEgenskap is the egenskap filter of a partition of a value range.
var RangeEgenskap = rangeEgenskap
