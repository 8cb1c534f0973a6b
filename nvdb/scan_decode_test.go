package nvdb_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// chunked returns at most n bytes per Read, like a body arriving over the
// network.
type chunked struct {
	r io.Reader
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

// A page decodes the same however its bytes arrive: found when a scan
// yielded an object with id 0 because the key "id" ended one read of the
// body and the decoder's window moved under it.
func TestDecodeSideInChunks(t *testing.T) {
	t.Parallel()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 2000), nvdbtest.WithSpreadKommuner())
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/vegobjekter/api/v4/vegobjekter/105?antall=1000&inkluder=lokasjon,metadata&inkluderAntall=true", nil)
	require.NoError(t, err)
	req.Header.Set("X-Client", "test")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, err)
	whole, err := nvdb.ReadVegobjekterPage(strings.NewReader(string(body)))
	require.NoError(t, err)
	require.Len(t, whole.Items, 1000)
	for _, n := range []int{1, 2, 3, 7, 1000, 4096, 32768} {
		for name, r := range map[string]io.Reader{
			"chunks":  &chunked{strings.NewReader(string(body)), n},
			"onebyte": iotest.OneByteReader(strings.NewReader(string(body))),
		} {
			got, err := nvdb.ReadVegobjekterPage(r)
			require.NoError(t, err, "%s %d", name, n)
			require.Len(t, got.Items, len(whole.Items))
			for i := range got.Items {
				if !assert.Equal(t, whole.Items[i].ID, got.Items[i].ID, "%s %d: object %d", name, n, i) ||
					!assert.Equal(t, whole.Items[i].Lokasjon, got.Items[i].Lokasjon, "%s %d: object %d", name, n, i) ||
					!assert.Equal(t, whole.Items[i].Metadata, got.Items[i].Metadata, "%s %d: object %d", name, n, i) {
					return
				}
			}
			assert.Equal(t, whole.Metadata, got.Metadata)
		}
	}
}
