package fakeserver

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Counter is an http.RoundTripper for tests that counts what a client saw
// on the wire: every attempt, the answers by status, the attempts that
// failed without an answer (a dropped connection) and the bodies that broke
// off while being read (a truncated answer). Put it in the *http.Client
// given to a package's WithHTTPClient; it is safe for concurrent use.
type Counter struct {
	// Next sends the request; nil means http.DefaultTransport.
	Next http.RoundTripper

	attempts  atomic.Int64
	transport atomic.Int64
	broken    atomic.Int64
	mu        sync.Mutex
	status    map[int]int
}

// RoundTrip counts and forwards one attempt.
func (c *Counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.attempts.Add(1)
	next := c.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		c.transport.Add(1)
		return nil, err
	}
	c.mu.Lock()
	if c.status == nil {
		c.status = map[int]int{}
	}
	c.status[resp.StatusCode]++
	c.mu.Unlock()
	resp.Body = &countBody{ReadCloser: resp.Body, c: c}
	return resp, nil
}

// Client returns an *http.Client that sends through c.
func (c *Counter) Client() *http.Client { return &http.Client{Transport: c} }

// CloseIdleConnections closes the idle connections of Next.
func (c *Counter) CloseIdleConnections() {
	type closer interface{ CloseIdleConnections() }
	if cl, ok := c.Next.(closer); ok {
		cl.CloseIdleConnections()
	}
}

// Attempts is the number of requests sent, retries included.
func (c *Counter) Attempts() int { return int(c.attempts.Load()) }

// Status is the number of answers with the given status code.
func (c *Counter) Status(code int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status[code]
}

// TransportErrors is the number of attempts that got no answer.
func (c *Counter) TransportErrors() int { return int(c.transport.Load()) }

// BrokenBodies is the number of answers whose body failed while being read
// (other than at its end).
func (c *Counter) BrokenBodies() int { return int(c.broken.Load()) }

// String summarises the counts: attempts, answers by status, transport
// errors and broken bodies.
func (c *Counter) String() string {
	c.mu.Lock()
	codes := make([]int, 0, len(c.status))
	for k := range c.status {
		codes = append(codes, k)
	}
	sort.Ints(codes)
	var parts []string
	for _, k := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", c.status[k], k))
	}
	c.mu.Unlock()
	return fmt.Sprintf("%d attempts: %s, %d transport errors, %d broken bodies",
		c.Attempts(), strings.Join(parts, " "), c.TransportErrors(), c.BrokenBodies())
}

type countBody struct {
	io.ReadCloser
	c    *Counter
	once atomic.Bool
}

func (b *countBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.once.CompareAndSwap(false, true) {
		b.c.broken.Add(1)
	}
	return n, err
}
