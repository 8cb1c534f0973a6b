package vegdata

import (
	"context"

	"github.com/vegdata/go-vegdata/internal/metactx"
)

// Attempt describes one request of a call, retries counted separately. The
// clients put it in the context of every *http.Request they send, so a
// RoundTripper given through WithHTTPClient (OpenTelemetry's otelhttp, a
// logger, a test) can label the attempt without parsing URLs.
type Attempt struct {
	API       string // "autosys", "nvdb", "apiskriv", "synsbasen"
	Operation string // the SDK method, e.g. "Vegobjekter.List"; empty where none was named
	RequestID string // X-Request-ID sent with every attempt of the call
	Number    int    // 1 for the first request of the call, 2 for the first retry …
}

// AttemptFromContext returns the attempt an outgoing request belongs to.
func AttemptFromContext(ctx context.Context) (Attempt, bool) {
	a, ok := metactx.Attempt(ctx).(Attempt)
	return a, ok
}
