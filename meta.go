package vegdata

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/internal/metactx"
)

// Meta describes the answer to one call: for a single lookup the lookup,
// for an iterator or a page method each page. Every package reports it the
// same way, through a context made by OnMeta or CaptureMeta.
type Meta struct {
	API        string        // "autosys", "nvdb", "apiskriv", "synsbasen"
	Method     string        // HTTP method
	URL        string        // request URL with secrets redacted
	StatusCode int           // status of the final attempt
	RequestID  string        // X-Request-ID of the response, else the one sent
	Attempts   int           // requests sent for this call, retries included
	Elapsed    time.Duration // from the first attempt until the answer was read (for a streamed download, until its headers came)
	// Header holds the final answer's headers (rate-limit and quota
	// headers, ETag, Location …) without credentials: Authorization,
	// Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate, Cookie and
	// Set-Cookie are removed, any other value holding the client's key or
	// token or anything shaped like a JWT has it replaced by [REDACTED],
	// and each value is capped at a few KiB. A hook may log it as it is.
	Header http.Header
	// Cost is what the call was charged where the API says so (Synsbasen's
	// tokens); 0 elsewhere.
	Cost float64
}

// OnMeta returns a context under which every call made with it reports its
// Meta to fn once its answer has been read (a streamed download, such as
// apiskriv's Binaer.Download, once its headers have come), errors included
// when an answer came. Calls made concurrently (LookupMany, Scan) call fn concurrently.
func OnMeta(ctx context.Context, fn func(*Meta)) context.Context {
	return metactx.With(ctx, func(m any) {
		if mm, ok := m.(*Meta); ok {
			fn(mm)
		}
	})
}

// CaptureMeta returns a context under which *m holds the Meta of the latest
// call made with it. Safe when calls run concurrently; m is written under
// a lock, so read it after the calls return.
func CaptureMeta(ctx context.Context, m *Meta) context.Context {
	var mu sync.Mutex
	return OnMeta(ctx, func(got *Meta) {
		mu.Lock()
		*m = *got
		mu.Unlock()
	})
}
