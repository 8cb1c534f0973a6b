package transport

import (
	"github.com/vegdata/go-vegdata"
)

// The shared vocabulary lives in the root package; these names keep the
// transport's code short.
type APIError = vegdata.APIError

var (
	ErrBadRequest      = vegdata.ErrBadRequest
	ErrUnauthorized    = vegdata.ErrUnauthorized
	ErrForbidden       = vegdata.ErrForbidden
	ErrNotFound        = vegdata.ErrNotFound
	ErrConflict        = vegdata.ErrConflict
	ErrRateLimited     = vegdata.ErrRateLimited
	ErrQuotaExceeded   = vegdata.ErrQuotaExceeded
	ErrServer          = vegdata.ErrServer
	ErrInvalidResponse = vegdata.ErrInvalidResponse
	ErrBodyTooLarge    = vegdata.ErrBodyTooLarge
	ErrInsecureAuth    = vegdata.ErrInsecureAuth
	ErrInvalidArgument = vegdata.ErrInvalidArgument
	ErrUnavailable     = vegdata.ErrUnavailable
)

// InvalidArgument marks err as bad input refused before any request is
// sent: the message stays err's, and errors.Is matches both
// ErrInvalidArgument and whatever err wraps.
func InvalidArgument(err error) error { return &argError{err} }

type argError struct{ err error }

func (e *argError) Error() string   { return e.err.Error() }
func (e *argError) Unwrap() []error { return []error{ErrInvalidArgument, e.err} }
