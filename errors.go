package vegdata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/textcap"
)

// Sentinel errors. An *APIError matches the sentinel of its class with
// errors.Is, so callers can branch without knowing status codes. Every
// package re-exports them (nvdb.ErrNotFound == vegdata.ErrNotFound), so one
// errors.Is works for all four APIs.
var (
	ErrBadRequest      = errors.New("bad request")      // 400, and 422 unless the API gives it another meaning
	ErrUnauthorized    = errors.New("unauthorized")     // 401
	ErrForbidden       = errors.New("forbidden")        // 403
	ErrNotFound        = errors.New("not found")        // 404, 410, or an API's own "no such object"
	ErrConflict        = errors.New("conflict")         // 409
	ErrRateLimited     = errors.New("rate limited")     // 429 that outlasted the retry budget
	ErrQuotaExceeded   = errors.New("quota exceeded")   // a daily or monthly quota is spent; retrying will not help today
	ErrServer          = errors.New("server error")     // 5xx
	ErrInvalidResponse = errors.New("invalid response") // a 2xx answer that arrived whole but could not be understood
	ErrBodyTooLarge    = errors.New("response body too large")
	ErrInsecureAuth    = errors.New("refusing to send credentials over plain http to a non-loopback host")
	// ErrInvalidArgument marks bad input refused before any request is sent.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrUnavailable means no attempt got a whole answer: the connection
	// was refused, reset, cut off mid-body or stalled on every attempt the
	// retry budget allowed. The *APIError carries the attempts and, through
	// Unwrap, the last cause. For a request not safe to repeat (a POST that
	// writes) it does not mean the server did not act: the one attempt may
	// have arrived.
	ErrUnavailable = errors.New("service unavailable: no answer")
)

// APIError is the error every package returns for an answer the API did not
// accept (non-2xx), an answer that could not be understood, or a call that
// got no answer at all (ErrUnavailable). It never holds a credential: every
// text field the clients fill is scrubbed of keys and tokens, and server
// text (Code, Message, a decoding error) is capped at a few KiB with a note
// of how much was left out.
//
// When a call gives up because the next wait (a Retry-After or a backoff
// step) would pass the caller's deadline, the error is still the
// *APIError of the last answer (status, RetryAfter, Message) and it also
// matches context.DeadlineExceeded.
type APIError struct {
	API        string        // short name of the API: "autosys", "nvdb", "apiskriv", "synsbasen"
	StatusCode int           // HTTP status of the final attempt; 0 when no answer came (for ErrUnavailable, the status of a last answer whose body broke off)
	Method     string        // HTTP method
	URL        string        // request URL with secrets redacted
	RequestID  string        // X-Request-ID of the response, else the one sent
	Code       string        // API-specific error code, when the body has one
	Message    string        // the API's human readable message
	RetryAfter time.Duration // how long the server asked us to wait, when it said
	RetryAt    time.Time     // the moment the server said a retry may succeed
	Body       []byte        // the start of the error body (bounded, secrets removed)
	Attempts   int           // requests sent for this call, retries included

	// Kind overrides the sentinel derived from StatusCode, for APIs that
	// signal a class in the body (a 200 that means "not found", a 422 that
	// means "daily quota spent"), and for ErrUnavailable.
	Kind error
	// Err is the underlying cause when there is one: the last connection
	// error of an ErrUnavailable, or the decoding error of an
	// ErrInvalidResponse; it matches context.DeadlineExceeded when the
	// call gave up because its next attempt would come after the caller's
	// deadline. errors.Is and errors.As reach it; its text, with secrets
	// removed, is in Message.
	Err error
}

// Error formats the error without any credential. Each text field is
// capped (see APIError), whoever built the error, so one error line stays
// a few KiB whatever the server sent.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.API != "" {
		b.WriteString(e.API)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %s: ", e.Method, textcap.Bound(e.URL))
	switch {
	case e.Kind == ErrUnavailable:
		b.WriteString(ErrUnavailable.Error())
		if e.StatusCode > 0 {
			fmt.Fprintf(&b, " (the last answer, %d %s, broke off)", e.StatusCode, http.StatusText(e.StatusCode))
		}
	case e.StatusCode > 0:
		fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	case e.Kind != nil:
		b.WriteString(e.Kind.Error())
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", textcap.Bound(e.Code))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(textcap.Bound(e.Message))
	}
	if e.Err != nil && errors.Is(e.Err, context.DeadlineExceeded) {
		b.WriteString(" (gave up: the next attempt would come after the deadline)")
	}
	if e.Kind == ErrUnavailable && e.Attempts > 0 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if !e.RetryAt.IsZero() {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAt.Format(time.RFC3339))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", textcap.Bound(e.RequestID))
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *APIError) Unwrap() error { return e.Err }

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
