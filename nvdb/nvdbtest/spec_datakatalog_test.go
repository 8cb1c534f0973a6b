package nvdbtest_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestDatakatalogFollowsSpec checks the fake's datakatalog answers against
// the official OpenAPI document, and its ETag handling.
func TestDatakatalogFollowsSpec(t *testing.T) {
	spec, err := oas.LoadReference("nvdb-datakatalog.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("skipping: the shared reference folder with the official OpenAPI files is absent: ", err)
	}
	require.NoError(t, err)
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 40))
	defer srv.Close()

	const dk = "/datakatalog/api/v1"
	tests := []struct {
		name   string
		path   string
		status int
	}{
		{"versjon", dk + "/versjon", 200},
		{"vegobjekttyper", dk + "/vegobjekttyper", 200},
		{"vegobjekttyper minimum", dk + "/vegobjekttyper?inkluder=minimum", 200},
		{"vegobjekttyper kategori", dk + "/vegobjekttyper?kategori=3&inkluder=egenskapstyper", 200},
		{"105", dk + "/vegobjekttyper/105", 200},
		{"45 alle", dk + "/vegobjekttyper/45?inkluder=alle", 200},
		{"581 relasjoner", dk + "/vegobjekttyper/581?inkluder=relasjonstyper,stedfesting", 200},
		{"67", dk + "/vegobjekttyper/67", 200},
		{"generated", dk + "/vegobjekttyper/999", 200},
		{"2021", dk + "/vegobjekttyper/105/2021", 200},
		{"egenskapstype", dk + "/egenskapstyper/5225", 200},
		{"produktspesifikasjon", dk + "/vegobjekttyper/105/produktspesifikasjon", 200},
		{"historisk", dk + "/vegobjekttyper/historisk/2.35?inkluder=minimum", 200},
		{"kategorier", dk + "/kategorier", 200},
		{"enheter", dk + "/enheter", 200},
		{"egenskapstypekategorier", dk + "/egenskapstypekategorier", 200},
		{"unknown type", dk + "/vegobjekttyper/4242", 404},
		{"unknown egenskapstype", dk + "/vegobjekttyper/105/1", 404},
		{"unknown egenskapstype by id", dk + "/egenskapstyper/1", 404},
		{"unknown version", dk + "/vegobjekttyper/historisk/1.0", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			assert.NoError(t, spec.ValidateResponse("GET", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
		})
	}

	t.Run("etag", func(t *testing.T) {
		resp, _ := get(t, srv, dk+"/vegobjekttyper/105")
		tag := resp.Header.Get("ETag")
		require.NotEmpty(t, tag)
		req, err := http.NewRequest(http.MethodGet, srv.URL+dk+"/vegobjekttyper/105", nil)
		require.NoError(t, err)
		req.Header.Set("X-Client", "spec")
		req.Header.Set("If-None-Match", tag)
		r2, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		r2.Body.Close()
		assert.Equal(t, http.StatusNotModified, r2.StatusCode)
		assert.Equal(t, 1, srv.NotModified())
	})
}
