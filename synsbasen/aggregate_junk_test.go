package synsbasen_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
)

// An aggregate answer without "data" ({} from a proxy, a cost alone, an XML
// page) is ErrInvalidResponse, not a COUNT of 0.
func TestAggregateWithoutData(t *testing.T) {
	for _, body := range []string{`{}`, `{"cost":1}`, `<?xml version="1.0"?><html><body>maintenance</body></html>`} {
		t.Run(body, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, body)
			}))
			defer hs.Close()
			c, err := synsbasen.NewClient("key", synsbasen.WithBaseURL(hs.URL))
			require.NoError(t, err)
			a, err := c.Vehicles.Aggregate(context.Background(), &synsbasen.Search{Method: synsbasen.MethodCount})
			assert.Nil(t, a)
			assert.ErrorIs(t, err, synsbasen.ErrInvalidResponse)
		})
	}
}
