package pgstore

// CopyMin is copyMin for the external tests, which size their batches by it.
const CopyMin = copyMin
