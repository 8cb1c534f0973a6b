package nvdbtest_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestOmraderFollowsSpec checks the fake's area answers against the
// official OpenAPI document.
func TestOmraderFollowsSpec(t *testing.T) {
	spec, err := oas.LoadReference("nvdb-omrader.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("skipping: the shared reference folder with the official OpenAPI files is absent: ", err)
	}
	require.NoError(t, err)
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 40))
	defer srv.Close()

	const om = "/omrader/api/v4"
	tests := []struct {
		name   string
		path   string
		status int
	}{
		{"fylker", om + "/fylker", 200},
		{"fylker alle 4326", om + "/fylker?inkluder=alle&srid=4326", 200},
		{"kommuner", om + "/kommuner", 200},
		{"kommuner kartutsnitt", om + "/kommuner?inkluder=kartutsnitt,senterpunkt&srid=UTM32", 200},
		{"kommuner vegobjekt", om + "/kommuner?inkluder=vegobjekt", 200},
		{"kontraktsomrader", om + "/kontraktsomrader?inkluder=vegobjekt", 200},
		{"riksvegruter", om + "/riksvegruter", 200},
		{"vegforvaltere", om + "/vegforvaltere", 200},
		{"adresser", om + "/adresser?inkluder=alle", 200},
		{"adresser ids", om + "/adresser?inkluder=vegobjektId", 200},
		{"bad inkluder", om + "/kontraktsomrader?inkluder=kartutsnitt", 400},
		{"bad srid", om + "/fylker?srid=1", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			if resp.StatusCode == 200 {
				assert.NotEmpty(t, resp.Header.Get("ETag"))
			}
			assert.NoError(t, spec.ValidateResponse("GET", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
		})
	}
}
