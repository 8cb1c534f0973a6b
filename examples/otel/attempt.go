package main

import (
	"net/http"
	"sync"
)

// attempt is what vegdata.Attempt carries: the API, the SDK operation, the
// X-Request-ID shared by every attempt of one call, and the attempt's
// number (1 for the first request, 2 for the first retry ...).
//
// STUB until vegdata.AttemptFromContext is on main: the core then puts a
// vegdata.Attempt in the context of every *http.Request it sends, and
// attemptOf becomes
//
//	a, ok := vegdata.AttemptFromContext(r.Context())
//	return attempt(a), ok
//
// Until then the stub reads what the request itself shows: the request id
// the transport sends as X-Request-ID, and a count of the requests seen
// with that id. It cannot know the operation, so spans are named by
// method and path instead.
type attempt struct {
	API       string
	Operation string
	RequestID string
	Number    int
}

// attemptCounter numbers the requests of one call by their X-Request-ID.
type attemptCounter struct {
	api  string
	mu   sync.Mutex
	seen map[string]int
}

func (c *attemptCounter) attemptOf(r *http.Request) (attempt, bool) {
	id := r.Header.Get("X-Request-ID")
	if id == "" {
		return attempt{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil || len(c.seen) > 10_000 { // bounded: old calls are done
		c.seen = map[string]int{}
	}
	c.seen[id]++
	return attempt{API: c.api, RequestID: id, Number: c.seen[id]}, true
}
