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
	// Each page is written once (16 MiB each) and read by both readers.
	page := func(n int) []byte {
		const head, tail = `{"objekter":[{"id":1,"href":"`, `"}],"metadata":{"returnert":1}}`
		b := bytes.Repeat([]byte{'h'}, len(head)+n+len(tail))
		copy(b, head)
		copy(b[len(head)+n:], tail)
		return b
	}
	fits, over := page(maxValue-2), page(maxValue-1)
	readers := map[string]func([]byte) io.Reader{
		"whole":  func(b []byte) io.Reader { return bytes.NewReader(b) },
		"halves": func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	}
	for name, r := range readers {
		t.Run(name, func(t *testing.T) {
			// Each read allocates some 32 to 48 MiB in pieces of up to
			// 16 MiB. Collected before the next read, that memory is used
			// again, where fresh pages faulted in took most of the test's
			// CPU (0.8 s of 1).
			defer runtime.GC()
			p, err := decodePage(r(fits))
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Len(t, p.Items[0].Href, maxValue-2)
			p = nil
			runtime.GC()

			_, err = decodePage(r(over))
			var de *decodeError
			require.True(t, errors.As(err, &de), "%T: %v", err, err)
			assert.Contains(t, err.Error(), "a value longer than 16 MiB at offset 28")
		})
	}
}
