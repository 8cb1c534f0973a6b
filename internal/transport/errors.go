package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. An *APIError matches the sentinel of its class with
// errors.Is, so callers can branch without knowing status codes.
var (
	ErrBadRequest      = errors.New("bad request")
	ErrUnauthorized    = errors.New("unauthorized")
	ErrForbidden       = errors.New("forbidden")
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	ErrRateLimited     = errors.New("rate limited")
	ErrQuotaExceeded   = errors.New("quota exceeded")
	ErrServer          = errors.New("server error")
	ErrInvalidResponse = errors.New("invalid response")
	ErrBodyTooLarge    = errors.New("response body too large")
	ErrInsecureAuth    = errors.New("refusing to send credentials over plain http to a non-loopback host")
	// ErrInvalidArgument marks bad input refused before any request is sent;
	// every package re-exports it, so one errors.Is works for all of them.
	ErrInvalidArgument = errors.New("invalid argument")
)

// APIError is the error every package returns for an answer the API did not
// accept (non-2xx) or that could not be understood.
type APIError struct {
	API        string        // short name of the API ("nvdb", "autosys" ...)
	StatusCode int           // HTTP status of the final attempt
	Method     string        // HTTP method
	URL        string        // request URL with secrets redacted
	RequestID  string        // X-Request-ID of the response, else the one sent
	Code       string        // API-specific error code, when the body has one
	Message    string        // the API's human readable message
	RetryAfter time.Duration // how long the server asked us to wait, when it said
	RetryAt    time.Time     // the moment the server said a retry may succeed
	Body       []byte        // the start of the error body (bounded)
	Attempts   int           // requests made for this call, including retries

	// Kind overrides the sentinel derived from StatusCode, for APIs that
	// signal a class in the body (a 200 that means "not found", a 422 that
	// means "daily quota spent").
	Kind error
}

// Error formats the error without any credential.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.API != "" {
		b.WriteString(e.API)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	if e.StatusCode > 0 {
		fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	} else if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if !e.RetryAt.IsZero() {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAt.Format(time.RFC3339))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is reports whether target is the sentinel of this error's class.
func (e *APIError) Is(target error) bool {
	if e.Kind != nil && (target == e.Kind || errors.Is(e.Kind, target)) {
		return true
	}
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest || (e.StatusCode == http.StatusUnprocessableEntity && e.Kind == nil)
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// InvalidArgument marks err as bad input refused before any request is
// sent: the message stays err's, and errors.Is matches both
// ErrInvalidArgument and whatever err wraps.
func InvalidArgument(err error) error { return &argError{err} }

type argError struct{ err error }

func (e *argError) Error() string   { return e.err.Error() }
func (e *argError) Unwrap() []error { return []error{ErrInvalidArgument, e.err} }
