//go:build !linux

package pgtest

// memDir is "" where there is no /dev/shm to put a data directory in.
func memDir() string { return "" }
