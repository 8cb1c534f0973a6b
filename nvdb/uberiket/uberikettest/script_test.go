package uberikettest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// TestScriptedBodyHasTheRoutesType: a scripted 200 with a Body is sent
// with the Content-Type its route answers with (the specification's
// application/x-ndjson on a stream, JSON elsewhere), so a test of an odd
// body reaches the client's reading of it, not its content-type check.
func TestScriptedBodyHasTheRoutesType(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"/vegobjekter/105/stream", "application/x-ndjson"},
		{"/vegobjekter/stream?typeIder=105", "application/x-ndjson"},
		{"/vegnett/veglenker/stream", "application/x-ndjson"},
		{"/hendelser/vegobjekter/105/stream", "application/x-ndjson"},
		{"/hendelser/veglenkesekvenser/stream", "application/x-ndjson"},
		{"/vegobjekter/105", "application/json"},
		{"/hendelser/vegobjekter/105", "application/json"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			srv := uberikettest.NewServer()
			defer srv.Close()
			srv.Script(uberikettest.Fault{Status: 200, Body: "odd\n"})
			resp, body := get(t, srv, v1+tc.path)
			require.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, "odd\n", string(body))
			assert.Equal(t, tc.want, resp.Header.Get("Content-Type"))
		})
	}
}
