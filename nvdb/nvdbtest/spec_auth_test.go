package nvdbtest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestSensitiveFollowsSpec: a sensitive type answers 401 (a ProblemDetail,
// as the vegobjekter OpenAPI declares) without a bearer token or with one
// not accepted, and 200 with an accepted one; the datakatalog marks it
// sensitiv.
func TestSensitiveFollowsSpec(t *testing.T) {
	spec, err := oas.LoadReference("nvdb-vegobjekter.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("skipping: the shared reference folder with the official OpenAPI files is absent: ", err)
	}
	require.NoError(t, err)
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 5), nvdbtest.WithSensitive(999), nvdbtest.WithSensitiveTokens("gyldig"))
	defer srv.Close()
	const v4 = "/vegobjekter/api/v4"
	for _, tc := range []struct {
		name, path, auth string
		status           int
	}{
		{"list no token", v4 + "/vegobjekter/999", "", 401},
		{"list wrong scheme", v4 + "/vegobjekter/999", "Basic Z3lsZGln", 401},
		{"list unknown token", v4 + "/vegobjekter/999", "Bearer ugyldig", 401},
		{"list token", v4 + "/vegobjekter/999", "Bearer gyldig", 200},
		{"statistikk no token", v4 + "/vegobjekter/999/statistikk", "", 401},
		{"endringer typer no token", v4 + "/vegobjekter/endringer?typeIder=105,999", "", 401},
		{"endringer typer token", v4 + "/vegobjekter/endringer?typeIder=105,999", "Bearer gyldig", 200},
		{"open type without token", v4 + "/vegobjekter/105?antall=1", "", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
			require.NoError(t, err)
			req.Header.Set("X-Client", "nvdbtest-spec")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var body json.RawMessage
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			assert.NoError(t, spec.ValidateResponse("GET", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
			if tc.status == 401 {
				assert.Equal(t, `Bearer realm="nvdbapiles"`, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	resp, body := get(t, srv, "/datakatalog/api/v1/vegobjekttyper/999")
	require.Equal(t, 200, resp.StatusCode)
	var typ struct {
		Sensitiv bool `json:"sensitiv"`
	}
	require.NoError(t, json.Unmarshal(body, &typ))
	assert.True(t, typ.Sensitiv)
}
