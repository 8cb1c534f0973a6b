package nvdb

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The window holds a value of up to maxValue bytes, its quotes included,
// however the body arrives; one byte more is a *decodeError (the page
// arrived as sent: not worth fetching again), not a read error.
func TestDecodeValueBound(t *testing.T) {
	t.Parallel()
	// One page of 16 MiB is read by both readers: first with a value of
	// maxValue-2 bytes, then, one byte longer, with maxValue-1. Each read
	// allocates some 32 to 48 MiB in pieces of up to 16 MiB; collected
	// before the next, that memory is used again, where fresh pages
	// faulted in took most of the test's CPU.
	const head, tail = `{"objekter":[{"id":1,"href":"`, `"}],"metadata":{"returnert":1}}`
	page := bytes.Repeat([]byte{'h'}, len(head)+maxValue-1+len(tail))
	copy(page, head)
	copy(page[len(head)+maxValue-2:], tail)
	page = page[:len(page)-1] // the value is maxValue-2 bytes
	readers := map[string]func([]byte) io.Reader{
		"whole":  func(b []byte) io.Reader { return bytes.NewReader(b) },
		"halves": func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	}
	for name, r := range readers {
		t.Run("fits/"+name, func(t *testing.T) {
			defer runtime.GC()
			p, err := decodePage(r(page))
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Len(t, p.Items[0].Href, maxValue-2)
		})
	}
	page = page[:len(page)+1] // one byte more of the value
	copy(page[len(head)+maxValue-1:], tail)
	page[len(head)+maxValue-2] = 'h'
	for name, r := range readers {
		t.Run("over/"+name, func(t *testing.T) {
			defer runtime.GC()
			_, err := decodePage(r(page))
			var de *decodeError
			require.True(t, errors.As(err, &de), "%T: %v", err, err)
			assert.Contains(t, err.Error(), "a value longer than 16 MiB at offset 28")
		})
	}
}
