package redisstore_test

import (
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/redisstore"
)

// A *redis.ClusterClient works too: every script touches one key, and the
// name sits in a hash tag. miniredis answers CLUSTER SLOTS as a one-node
// cluster; a real cluster is not part of the test setup.
func TestClusterClient(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{mr.Addr()}, ContextTimeoutEnabled: true})
	defer rdb.Close()
	ctx := testCtx(t)
	l := redisstore.NewLimiter(rdb, "nvdb:my-app", 100, 2, patient)
	for range 3 {
		require.NoError(t, l.Wait(ctx))
	}
	q := redisstore.NewQuota(rdb, "autosys:k", 1, patient)
	ok, _, err := q.Reserve(ctx)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, _, err = q.Reserve(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, q.MarkSpent(ctx, time.Time{}))
	st, err := q.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Used)
	keys := mr.Keys()
	assert.Len(t, keys, 2)
	for _, k := range keys {
		assert.Regexp(t, `^(rate:vegdata:limiter:\{nvdb:my-app\}|vegdata:quota:\{autosys:k\}:\d{4}-\d\d-\d\d)$`, k)
	}
}
