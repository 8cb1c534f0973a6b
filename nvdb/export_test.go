package nvdb

// DecodePageStd exposes the encoding/json page decoder to the external
// tests, which compare it with the fast one on pages from nvdbtest.
var DecodePageStd = decodePageStd
