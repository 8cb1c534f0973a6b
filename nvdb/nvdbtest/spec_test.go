package nvdbtest_test

import (
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func get(t *testing.T, srv *nvdbtest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Client", "nvdbtest-spec")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

// TestResponsesFollowSpec checks the fake's answers against the official
// OpenAPI document of NVDB API Les v4 (vegobjekter and datakatalog).
func TestResponsesFollowSpec(t *testing.T) {
	spec, err := oas.LoadReference("nvdb-vegobjekter.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("skipping: the shared reference folder with the official OpenAPI files is absent: ", err)
	}
	require.NoError(t, err)
	dk, err := oas.LoadReference("nvdb-datakatalog.json")
	require.NoError(t, err)

	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 40))
	defer srv.Close()

	const v4 = "/vegobjekter/api/v4"
	tests := []struct {
		name   string
		path   string
		status int
	}{
		{"list default", v4 + "/vegobjekter/105?antall=3", 200},
		{"list alle", v4 + "/vegobjekter/105?inkluder=alle&antall=10&inkluderAntall=true", 200},
		{"list alle 45", v4 + "/vegobjekter/45?inkluder=alle", 200},
		{"list alle 67", v4 + "/vegobjekter/67?inkluder=alle&alle_versjoner=true", 200},
		{"list alle 581 srid 4326", v4 + "/vegobjekter/581?inkluder=alle&srid=4326", 200},
		{"list simplified", v4 + "/vegobjekter/105?inkluder=geometri,lokasjon&geometritoleranse=10&srid=5972", 200},
		{"list filtered", v4 + "/vegobjekter/105?kommune=301&egenskap=egenskap(2021)%3D2730&inkluder=metadata,egenskaper", 200},
		{"list generated", v4 + "/vegobjekter/999?inkluder=alle&antall=20", 200},
		{"list overlapp", v4 + "/vegobjekter/581?overlapp=67(egenskap(1317)%3E2000)&inkluder=metadata", 200},
		{"polygon refused", v4 + "/vegobjekter/105?polygon=1%202,3%204,5%206,1%202", 400},
		{"list empty", v4 + "/vegobjekter/105?kommune=9999", 200},
		{"one", v4 + "/vegobjekter/67/89204552", 200},
		{"one alle", v4 + "/vegobjekter/67/89204552?inkluder=alle", 200},
		{"one dybde", v4 + "/vegobjekter/581/78728489?dybde=2", 200},
		{"version", v4 + "/vegobjekter/67/89204552/1", 200},
		{"versions", v4 + "/vegobjekter/67/89204552/versjoner", 200},
		{"by id", v4 + "/vegobjekt?id=79632559", 200},
		{"statistikk", v4 + "/vegobjekter/105/statistikk?kommune=301", 200},
		{"statistikk lengde", v4 + "/vegobjekter/105/statistikk?inkluder=lengde", 200},
		{"gruppert", v4 + "/vegobjekter/105/statistikk/gruppert?gruppering=fylke,vegkategori", 200},
		{"gruppert egenskap", v4 + "/vegobjekter/105/statistikk/gruppert/egenskap?egenskapstypeId=2021", 200},
		{"statistikk alle", v4 + "/vegobjekter/statistikk", 200},
		{"statistikk generated", v4 + "/vegobjekter/999/statistikk?vegsystemreferanse=EV39&fylke=11,46", 200},
		{"gruppert generated kartutsnitt", v4 + "/vegobjekter/999/statistikk/gruppert?gruppering=fylke,kommune,vegkategori&kartutsnitt=200000,6600000,300000,6700000", 200},
		{"kartutsnitt not a number", v4 + "/vegobjekter/999/statistikk?kartutsnitt=NaN,6600000,300000,6700000", 400},
		{"endringer", v4 + "/vegobjekter/105/endringer?antall=5", 200},
		{"endringer generated", v4 + "/vegobjekter/999/endringer", 200},
		{"endringer typer", v4 + "/vegobjekter/endringer?typeIder=45,67,581", 200},
		{"not found", v4 + "/vegobjekter/105/1", 404},
		{"bad request", v4 + "/vegobjekter/105?srid=1234", 400},
		{"bad cursor", v4 + "/vegobjekter/105?start=nope", 400},
		{"unknown type", v4 + "/vegobjekter/4242", 404},
		{"endringer without types", v4 + "/vegobjekter/endringer", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			assert.NotEmpty(t, resp.Header.Get("X-REQUEST-ID"))
			assert.NoError(t, spec.ValidateResponse("GET", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
		})
	}
	t.Run("unversioned aliases", func(t *testing.T) {
		for _, p := range []string{"/vegobjekter/105?antall=2", "/vegobjekter/67/89204552", "/vegobjekter/67/89204552/3", "/vegobjekt?id=79608124"} {
			resp, body := get(t, srv, p)
			require.Equal(t, 200, resp.StatusCode, p)
			assert.NoError(t, spec.ValidateResponse("GET", "/vegobjekter/api/v4"+p, 200, resp.Header.Get("Content-Type"), body), p)
		}
		for _, p := range []string{"/vegobjekttyper/105", "/datakatalog/api/v1/vegobjekttyper/581"} {
			resp, body := get(t, srv, p)
			require.Equal(t, 200, resp.StatusCode, p)
			assert.NoError(t, dk.ValidateResponse("GET", "/datakatalog/api/v1/vegobjekttyper/105", 200, resp.Header.Get("Content-Type"), body), p)
		}
	})
}
