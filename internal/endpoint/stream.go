package endpoint

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// MaxLine bounds one line of an NDJSON answer: a longer one is
// ErrInvalidResponse instead of a reason to hold the body whole.
const MaxLine = 16 << 20

// Stream declares an NDJSON operation: one item per line, in cursor order,
// continued from the cursor of the last whole item (Uberiket's streams,
// where start means "after this id").
type Stream[T any, C comparable] struct {
	Spec
	// Decode reads one line into a new item and checks it. The line is
	// the reader's buffer: the item must not keep it.
	Decode func(line []byte) (*T, error)
	// Cursor is the cursor after item it.
	Cursor func(it *T) C
	// SetCursor puts cursor c into the query of a request.
	SetCursor func(q url.Values, c C)
}

// Read sends r from cursor start and hands every item to yield as it
// arrives, the stall clock stopped while yield runs. An answer that breaks
// off mid-line (a reset, a cut, a stall) is asked again from after the
// last whole item, within the call's one retry budget, so no item is
// handed over twice and none is lost. It returns the items handed over and
// the cursor after the last one (start when there were none). An error
// from yield ends the read and is returned as it is, unless it is a
// BadItem: then the answer is at fault, and Read returns an
// ErrInvalidResponse *APIError with the answer's status, URL and request
// id, as for a line that does not decode.
func (s *Stream[T, C]) Read(ctx context.Context, t Transport, r Request, start C, yield func(*T) error) (int, C, error) {
	if t == nil {
		return 0, start, transport.InvalidArgument(fmt.Errorf("%s: %w", s.Name, errNoClient))
	}
	if r.Err != nil {
		return 0, start, r.Err
	}
	n, last := 0, start
	r.Query = maps.Clone(r.Query)
	if r.Query == nil {
		r.Query = url.Values{}
	}
	s.SetCursor(r.Query, start)
	tr := s.Spec.request(s.Name, &r)
	tr.Streamed = true
	tr.PrepareRetry = func(q url.Values) { s.SetCursor(q, last) }
	var stop error // yield's error: the consumer's, not the answer's
	_, err := t.Send(ctx, tr, func(resp *Response) error {
		br := bufio.NewReaderSize(resp.Body, 64<<10)
		for {
			line, err := readLine(br)
			if len(bytes.TrimSpace(line)) > 0 {
				if err != nil && !errors.Is(err, io.EOF) {
					return err // a line cut off: ask again from the last whole item
				}
				it, derr := s.Decode(line)
				if derr != nil {
					if errors.Is(err, io.EOF) {
						// The body ended inside a line; worth asking again
						// only when it was cut, which the transport tells from
						// the framing.
						return fmt.Errorf("%w: %w", io.ErrUnexpectedEOF, derr)
					}
					return transport.Invalid(fmt.Errorf("line %d: %w", n+1, derr))
				}
				var err error
				resp.Hold(func() { err = yield(it) })
				if bad, ok := err.(*badItem); ok {
					return transport.Invalid(fmt.Errorf("line %d: %w", n+1, bad.err))
				}
				if err != nil {
					stop = err // kept apart: a later attempt cannot overwrite it
					return transport.Stop(err)
				}
				n++
				last = s.Cursor(it)
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
		}
	})
	if stop != nil {
		return n, last, stop
	}
	return n, last, err
}

// BadItem marks err, returned by a Stream's consumer, as a fault of the
// answer rather than of the consumer: an item the consumer checked and
// refused (out of order, of another type, not asked for).
func BadItem(err error) error { return &badItem{err} }

type badItem struct{ err error }

func (e *badItem) Error() string { return e.err.Error() }
func (e *badItem) Unwrap() error { return e.err }

// readLine reads one line without its newline, at most MaxLine bytes. A
// line that fits br's buffer is returned in place, valid until the next
// read (copying every line was a fifth of a stream's CPU time); a longer
// one is gathered in a slice of its own.
func readLine(br *bufio.Reader) ([]byte, error) {
	chunk, err := br.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		if err == nil {
			return bytes.TrimRight(chunk, "\r\n"), nil
		}
		return chunk, err
	}
	line := bytes.Clone(chunk)
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxLine {
			return nil, transport.Invalid(fmt.Errorf("a line longer than %d MiB", MaxLine>>20))
		}
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return line, err
		}
	}
}
