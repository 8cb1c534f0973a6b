//go:build linux

package pgtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// ServerCPU returns the CPU time (user and system) the throwaway server's
// processes have used so far: the postmaster, its backends, WAL writer and
// checkpointer. A benchmark divides the difference by the objects written
// to get a cost per object that the load other programs put on the
// machine does not change, unlike objects per second. It works on Linux
// only (it reads /proc), and not for a PG_URL server.
func (s *Server) ServerCPU() (time.Duration, error) {
	if !s.Throwaway {
		return 0, errors.New("pgtest: not a throwaway server")
	}
	pidFile, err := os.ReadFile(filepath.Join(s.dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("pgtest: %w", err)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(bytes.SplitN(pidFile, []byte("\n"), 2)[0])))
	if err != nil {
		return 0, fmt.Errorf("pgtest: postmaster.pid: %w", err)
	}
	procs, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(procs) == 0 {
		return 0, errors.New("pgtest: no /proc")
	}
	var ticks int64
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // ended meanwhile
		}
		// The fields after the command name (in parentheses, which may
		// hold spaces): state ppid … utime (14th field) stime (15th).
		end := bytes.LastIndexByte(b, ')')
		if end < 0 {
			continue
		}
		f := bytes.Fields(b[end+1:])
		if len(f) < 13 {
			continue
		}
		self, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		ppid, _ := strconv.Atoi(string(f[1]))
		if self != pid && ppid != pid {
			continue
		}
		u, _ := strconv.ParseInt(string(f[11]), 10, 64)
		st, _ := strconv.ParseInt(string(f[12]), 10, 64)
		ticks += u + st
	}
	// /proc counts in USER_HZ, 100 a second on Linux.
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

// ProcessCPU returns the CPU time (user and system) this process has used.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
