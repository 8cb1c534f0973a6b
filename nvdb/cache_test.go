package nvdb_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestCacheBytesOption goes through the client against the fake: the
// answer's size is counted, and a bound below it keeps nothing.
func TestCacheBytesOption(t *testing.T) {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	newC := func(opts ...nvdb.Option) *nvdb.Client {
		c, err := nvdb.NewClient("test", append([]nvdb.Option{nvdb.WithBaseURL(srv.URL)}, opts...)...)
		require.NoError(t, err)
		return c
	}

	c := newC()
	_, err := c.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	st := c.CacheStats()
	assert.Equal(t, 1, st.Entries)
	assert.Greater(t, st.Bytes, int64(1000), "a vegobjekttype with its egenskapstyper is kilobytes of JSON")

	small := newC(nvdb.WithCacheBytes(st.Bytes - 1))
	_, err = small.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	_, err = small.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, nvdb.CacheStats{Fetched: 2}, small.CacheStats(), "too large to keep: fetched twice")

	exact := newC(nvdb.WithCacheBytes(st.Bytes))
	_, err = exact.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	_, err = exact.Datakatalog.Vegobjekttype(ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, nvdb.CacheStats{Entries: 1, Bytes: st.Bytes, Fetched: 1, Revalidated: 1}, exact.CacheStats())

	_, err = nvdb.NewClient("x", nvdb.WithCacheBytes(-1))
	assert.ErrorIs(t, err, nvdb.ErrInvalidArgument)
}
