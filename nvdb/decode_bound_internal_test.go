package nvdb

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The window holds a value of up to maxValue bytes, its quotes included,
// however the body arrives; one byte more is a *decodeError (the page
// arrived as sent: not worth fetching again), not a read error.
func TestDecodeValueBound(t *testing.T) {
	page := func(n int) string {
		return `{"objekter":[{"id":1,"href":"` + strings.Repeat("h", n) + `"}],"metadata":{"returnert":1}}`
	}
	readers := map[string]func(string) io.Reader{
		"whole":  func(s string) io.Reader { return strings.NewReader(s) },
		"halves": func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
	}
	for name, r := range readers {
		t.Run(name, func(t *testing.T) {
			p, err := decodePage(r(page(maxValue - 2)))
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Len(t, p.Items[0].Href, maxValue-2)

			_, err = decodePage(r(page(maxValue - 1)))
			var de *decodeError
			require.True(t, errors.As(err, &de), "%T: %v", err, err)
			assert.Contains(t, err.Error(), "a value longer than 16 MiB at offset 28")
		})
	}
}
