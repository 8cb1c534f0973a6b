package nvdb_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// fastRetry keeps retries quick in tests.
var fastRetry = nvdb.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: 5 * time.Second}

func newClient(t *testing.T, srvOpts []nvdbtest.Option, opts ...nvdb.Option) (*nvdb.Client, *nvdbtest.Server) {
	t.Helper()
	srv := nvdbtest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	all := append([]nvdb.Option{nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 100), nvdb.WithRetry(fastRetry)}, opts...)
	c, err := nvdb.NewClient("nvdb-test", all...)
	require.NoError(t, err)
	return c, srv
}
