package nvdb_test

import (
	"bytes"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestFastDecoderOnFakePages decodes every kind of page the fake serves
// with both decoders, a byte at a time for the fast one.
func TestFastDecoderOnFakePages(t *testing.T) {
	t.Parallel()
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 300), nvdbtest.WithGzip(false))
	defer srv.Close()
	for _, path := range []string{
		"/vegobjekter/api/v4/vegobjekter/105?inkluder=alle",
		"/vegobjekter/api/v4/vegobjekter/45?inkluder=alle&srid=4326",
		"/vegobjekter/api/v4/vegobjekter/67?inkluder=alle&alle_versjoner=true",
		"/vegobjekter/api/v4/vegobjekter/581?inkluder=alle&geometritoleranse=5",
		"/vegobjekter/api/v4/vegobjekter/999?inkluder=alle&inkluderAntall=true",
		"/vegobjekter/api/v4/vegobjekter/105",
		"/vegobjekter/api/v4/vegobjekter/105?kommune=9999",
	} {
		body := pageBytes(t, srv, path)
		want, err := nvdb.DecodePageStd(bytes.NewReader(body))
		require.NoError(t, err, path)
		got, err := nvdb.ReadVegobjekterPage(iotest.OneByteReader(bytes.NewReader(body)))
		require.NoError(t, err, path)
		assert.Equal(t, want, got, path)
	}
}
