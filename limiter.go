package vegdata

import "context"

// Limiter paces requests. The clients call Wait before every attempt,
// retries included. *rate.Limiter from golang.org/x/time/rate satisfies it,
// and so does redisstore's limiter, which one rate is shared through by
// every process that uses the same key.
type Limiter interface {
	// Wait blocks until a request may be sent, or returns ctx's error.
	Wait(ctx context.Context) error
}
