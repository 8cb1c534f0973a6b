package endpoint

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/url"

	"github.com/vegdata/go-vegdata/internal/textcap"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// MaxLine bounds one line of an NDJSON answer: a longer one is
// ErrInvalidResponse instead of a reason to hold the body whole. It bounds
// a run of blank lines between two items too.
const MaxLine = 16 << 20

// NDJSON is the media type of a Stream's answer. Uberiket's specification
// documents it, and only it, for the 200 of every stream; an answer of any
// other type (an HTML maintenance page, JSON from a proxy) is not a
// stream, even with an empty body, which would otherwise read as "no
// items".
const NDJSON = "application/x-ndjson"

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
// arrives (the stall clock counts only time spent waiting for the server,
// never yield's). An answer that breaks
// off mid-line (a reset, a cut, a stall) is asked again from after the
// last whole item, within the call's one retry budget, so no item is
// handed over twice and none is lost. It returns the items handed over and
// the cursor after the last one (start when there were none). An error
// from yield ends the read and is returned as it is, unless it is a
// BadItem: then the answer is at fault, and Read returns an
// ErrInvalidResponse *APIError with the answer's status, URL and request
// id, as for a line that does not decode. An answer whose Content-Type is
// not NDJSON (parameters aside), or that holds more than MaxLine bytes of
// blank lines in a row, is ErrInvalidResponse too.
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
		if err := isNDJSON(resp.Header.Get("Content-Type")); err != nil {
			return transport.Invalid(err)
		}
		body := &countingReader{r: resp.Body}
		br := bufio.NewReaderSize(body, 64<<10)
		var itemEnd int64 // the offset after the last item's line
		for {
			line, err := readLine(br)
			if len(bytes.TrimSpace(line)) == 0 {
				// NDJSON lets a reader skip empty lines (ndjson spec 1.0,
				// "MAY silently ignore"), and a server may send newlines to
				// keep a slow stream alive, so a few are fine; a run of them
				// longer than any line could be is a body that holds nothing
				// and need not end. A slow drip of them is the stall clock's.
				if err == nil && body.n-int64(br.Buffered())-itemEnd > MaxLine {
					return transport.Invalid(fmt.Errorf("more than %d MiB of blank lines after line %d", MaxLine>>20, n))
				}
			} else {
				itemEnd = body.n - int64(br.Buffered())
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
				err := yield(it) // the stall clock stands still between Reads
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

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

// isNDJSON refuses a Content-Type other than NDJSON; parameters (a
// charset) are allowed.
func isNDJSON(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != NDJSON {
		return fmt.Errorf("the answer is %q, not a stream (%s)", textcap.Cap(ct, 100), NDJSON)
	}
	return nil
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
