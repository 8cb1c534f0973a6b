//go:build !linux

package pgtest

import (
	"errors"
	"time"
)

// ServerCPU is measured on Linux only.
func (s *Server) ServerCPU() (time.Duration, error) {
	return 0, errors.New("pgtest: server CPU time is read from /proc, on Linux only")
}

// ProcessCPU is measured on Linux only; elsewhere it is 0.
func ProcessCPU() time.Duration { return 0 }
