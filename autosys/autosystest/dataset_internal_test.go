package autosystest

import (
	"io"
	"maps"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDatasetSharedIsUnchanged: servers share the parsed fixtures; one with
// added vehicles gets its own indexes, and answering lookups on either
// leaves the shared data as a fresh parse has it.
func TestDatasetSharedIsUnchanged(t *testing.T) {
	fresh := parseDataset()
	extraBody := []byte(`{"kjoretoydataListe":[{"kjoretoyId":{"kjennemerke":"ZZ 99999","understellsnummer":"ZZZ0000000000001"}}]}`)

	plain := NewServer()
	defer plain.Close()
	added := NewServer(WithVehicles(extraBody))
	defer added.Close()
	assert.Same(t, builtin(), plain.data, "a server without added vehicles uses the shared set")
	assert.NotSame(t, builtin(), added.data)
	assert.Len(t, added.Vehicles(), len(fresh.vehicles)+1)

	get := func(s *Server, plate string) (int, []byte) {
		req, err := http.NewRequest(http.MethodGet, s.URL+Path+"?kjennemerke="+plate, nil)
		require.NoError(t, err)
		req.Header.Set("SVV-Authorization", "Apikey test-key")
		resp, err := s.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, b
	}
	code, body := get(added, "ZZ99999")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(body), "ZZ 99999")
	_, body = get(plain, "ZZ99999")
	assert.NotContains(t, string(body), "ZZ 99999", "the added vehicle stays with its server")
	for _, v := range fresh.vehicles {
		for _, s := range []*Server{plain, added} {
			code, body := get(s, plateKey(v.Kjennemerke))
			require.Equal(t, http.StatusOK, code, v.Kjennemerke)
			require.Contains(t, string(body), v.Understellsnummer, v.Kjennemerke)
			body[0] = 'X' // the caller's copy: the shared body must not change
		}
	}

	shared := builtin()
	assert.Equal(t, fresh.vehicles, shared.vehicles)
	assert.True(t, maps.EqualFunc(fresh.byPlate, shared.byPlate, func(a, b []byte) bool { return string(a) == string(b) }), "byPlate unchanged")
	assert.True(t, maps.EqualFunc(fresh.byVIN, shared.byVIN, func(a, b []byte) bool { return string(a) == string(b) }), "byVIN unchanged")
	assert.Equal(t, fresh.vehicles, plain.Vehicles())
}
