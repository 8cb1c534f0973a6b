package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Exchange sends r (encoding r.In as its body in r.Format) and hands a 2xx
// answer's body to decode inside the attempt, as Fetch does. It is the
// entry point of the endpoint kernel.
func (c *Client) Exchange(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	if r.In != nil {
		b, err := encode(r.In, r.Format)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding request: %w", c.api, err)
		}
		r.Body = b
		if r.ContentType == "" {
			r.ContentType = r.Format.mediaType() + "; charset=UTF-8"
		}
	} else if r.Body == nil && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
		r.Body = []byte{}
	}
	if r.Accept == "" {
		r.Accept = r.Format.mediaType()
	}
	if r.MaxBody == 0 && !r.Streamed {
		r.MaxBody = DefaultMaxDecodedBody // answers are decoded whole
	}
	return c.Fetch(ctx, r, decode)
}

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
