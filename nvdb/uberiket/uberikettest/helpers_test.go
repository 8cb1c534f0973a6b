package uberikettest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

const v1 = "/uberiket/api/v1"

// get sends a GET with X-Client, as every client of NVDB must.
func get(t testing.TB, srv *uberikettest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Client", "uberikettest")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

// getOK is get that requires a 200.
func getOK(t testing.TB, srv *uberikettest.Server, path string) []byte {
	t.Helper()
	resp, body := get(t, srv, path)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, body)
	return body
}

// lines splits an NDJSON body.
func lines(body []byte) [][]byte {
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	return out
}

// stream reads a vegobjekt stream.
func stream(t testing.TB, srv *uberikettest.Server, path string) []*uberiket.Vegobjekt {
	t.Helper()
	var out []*uberiket.Vegobjekt
	for _, l := range lines(getOK(t, srv, path)) {
		var o uberiket.Vegobjekt
		require.NoError(t, json.Unmarshal(l, &o))
		out = append(out, &o)
	}
	return out
}

func decode[T any](t testing.TB, body []byte) *T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(body, &v), "%s", body)
	return &v
}

// loadSpec loads the official Uberiket specification, or skips.
func loadSpec(t *testing.T) *oas.Spec {
	t.Helper()
	spec, err := oas.LoadReference("nvdb-uberiket.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skipf("skipping: the shared reference folder with the official OpenAPI files is absent (%v)", err)
	}
	require.NoError(t, err)
	return spec
}

// The pages the tests decode.
type (
	vegobjekterSide struct {
		Vegobjekter []*uberiket.Vegobjekt `json:"vegobjekter"`
		Metadata    uberiket.SideMetadata `json:"metadata"`
	}
	hendelserSide struct {
		Hendelser []*uberiket.VegobjektHendelse `json:"hendelser"`
		Metadata  uberiket.SideMetadata         `json:"metadata"`
	}
	vegnettHendelserSide struct {
		Hendelser []*uberiket.VegnettHendelse `json:"hendelser"`
		Metadata  uberiket.SideMetadata       `json:"metadata"`
	}
	problem struct {
		Type, Title, Detail, Instance string
		Status                        int
	}
)
