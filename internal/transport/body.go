package transport

import "io"

// DecodeBody decodes a whole answer as JSON or XML, whichever arrived, so
// a server that ignores Accept is still understood.
func DecodeBody(r io.Reader, v any) error {
	br := newPeekReader(r)
	if br.isXML() {
		return DecodeXML(br, v)
	}
	return DecodeJSON(br, v)
}

// Invalid marks err, found in an answer that arrived whole (a missing
// envelope member), as ErrInvalidResponse; the transport adds status,
// URL and request id.
func Invalid(err error) error { return &invalidAnswer{err} }

type invalidAnswer struct{ err error }

func (e *invalidAnswer) Error() string { return e.err.Error() }
func (e *invalidAnswer) Unwrap() error { return e.err }
