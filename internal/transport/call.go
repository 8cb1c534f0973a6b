package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// Format is the encoding of a request body sent by Call.
type Format int

// The formats Call encodes; answers are decoded as whichever arrives.
const (
	JSON Format = iota
	XML
)

func (f Format) mediaType() string {
	if f == XML {
		return "application/xml"
	}
	return "application/json"
}

// Call is the one request helper of the packages: it encodes r.In as the
// body in r.Format, sends r, and decodes a 2xx answer into out inside each
// attempt (see Fetch), whichever of JSON and XML arrives. out is reset to
// its zero value before every decode, so a repeated attempt keeps nothing
// of a broken one (encoding/xml appends to slices). A *string out with an
// Accept of text/plain gets the body as text; a nil out discards the body.
// r.Check then validates the decoded value.
func (c *Client) Call(ctx context.Context, r *Request, out any) (*Response, error) {
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
	if r.MaxBody == 0 {
		r.MaxBody = DefaultMaxDecodedBody // answers are decoded whole
	}
	text := strings.HasPrefix(r.Accept, "text/plain")
	return c.Fetch(ctx, r, func(resp *Response) error {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			return nil
		}
		if rv := reflect.ValueOf(out); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero()
		}
		if sp, ok := out.(*string); ok && text {
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			*sp = strings.TrimSpace(string(b))
			return nil
		}
		// Accept either format, so a server that ignores Accept is still
		// understood.
		br := newPeekReader(resp.Body)
		var err error
		if br.isXML() {
			err = DecodeXML(br, out)
		} else {
			err = DecodeJSON(br, out)
		}
		if err != nil {
			return err
		}
		if r.Check != nil {
			if err := r.Check(); err != nil {
				return c.InvalidResponse(resp, err)
			}
		}
		return nil
	})
}

func encode(v any, f Format) ([]byte, error) {
	if f == XML {
		b, err := xml.Marshal(v)
		if err != nil {
			return nil, err
		}
		return append([]byte(xml.Header), b...), nil
	}
	return json.Marshal(v)
}

// peekReader lets Call look at the first non-space byte of a body.
type peekReader struct {
	first []byte
	r     io.Reader
}

func newPeekReader(r io.Reader) *peekReader {
	buf := make([]byte, 0, 512)
	tmp := make([]byte, 512)
	for len(bytes.TrimSpace(buf)) == 0 {
		n, err := r.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if err != nil || len(buf) > 4096 {
			break
		}
	}
	return &peekReader{first: buf, r: r}
}

func (p *peekReader) isXML() bool { return bytes.HasPrefix(bytes.TrimSpace(p.first), []byte("<")) }

// Read returns the peeked bytes first.
func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.first) > 0 {
		n := copy(b, p.first)
		p.first = p.first[n:]
		return n, nil
	}
	return p.r.Read(b)
}
