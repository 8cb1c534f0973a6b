package pgtest

import (
	"testing"
	"time"
)

// CPUMeter adds up the CPU time the server and this process spend between
// Start and Stop, for costs per object that do not depend on what else the
// machine is doing (objects/s does: on a shared 2-core machine it swings
// with the other load).
type CPUMeter struct {
	srv              *Server
	server, client   time.Duration
	server0, client0 time.Duration
	serverOK         bool
}

// NewCPUMeter returns a meter of the server and this process.
func NewCPUMeter(srv *Server) *CPUMeter { return &CPUMeter{srv: srv} }

// Start begins a measured stretch.
func (m *CPUMeter) Start() {
	var err error
	m.server0, err = m.srv.ServerCPU()
	m.serverOK = err == nil
	m.client0 = ProcessCPU()
}

// Stop ends a measured stretch.
func (m *CPUMeter) Stop() {
	m.client += ProcessCPU() - m.client0
	if s, err := m.srv.ServerCPU(); err == nil && m.serverOK {
		m.server += s - m.server0
	}
}

// Report adds objects/s and, per object, the CPU time of the server, of
// this process (encoding and sending), and of both in µs, to the
// benchmark's results.
func (m *CPUMeter) Report(b *testing.B, objects int) {
	b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
	b.ReportMetric(float64(m.client.Nanoseconds())/float64(objects), "client-ns/object")
	if m.server > 0 {
		b.ReportMetric(float64(m.server.Nanoseconds())/float64(objects), "server-ns/object")
	}
	b.ReportMetric(float64((m.client+m.server).Nanoseconds())/1e3/float64(objects), "cpu-us/object")
}
