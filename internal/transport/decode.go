package transport

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// DecodeJSON decodes one JSON value from r into v.
func DecodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("empty body: %w", io.ErrUnexpectedEOF)
		}
		return err
	}
	return nil
}

// DecodeXML decodes one XML document from r into v. encoding/xml does not
// expand custom entities, so entity bombs fail instead of growing.
func DecodeXML(r io.Reader, v any) error {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	return dec.Decode(v)
}

// StreamObject walks the members of a JSON object, calling fn with each key.
// fn must consume the member's value from dec (Decode, StreamArray or Skip).
// A JSON null stands for an empty object.
func StreamObject(dec *json.Decoder, fn func(key string) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected a JSON object, got %v", tok)
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := kt.(string)
		if !ok {
			return fmt.Errorf("expected an object key, got %v", kt)
		}
		if err := fn(key); err != nil {
			return err
		}
	}
	_, err = dec.Token() // '}'
	return err
}

// StreamArray calls fn once per element of a JSON array; fn decodes the
// element from dec. Only one element is held at a time. null is empty.
func StreamArray(dec *json.Decoder, fn func() error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected a JSON array, got %v", tok)
	}
	for dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err = dec.Token() // ']'
	return err
}

// Skip consumes and discards the next JSON value.
func Skip(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

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
