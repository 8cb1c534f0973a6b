package pgtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartStop starts a throwaway server, queries it, and checks that
// Stop leaves neither a running server nor its directory behind.
func TestStartStop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := startThrowaway(ctx)
	if err != nil {
		if os.Getenv(EnvRequire) != "" {
			t.Fatal(err)
		}
		t.Skipf("skipped: %v", err)
	}
	require.True(t, s.Throwaway)
	conn, err := pgx.Connect(ctx, s.URL)
	require.NoError(t, err)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	require.NoError(t, conn.Close(ctx))

	require.NoError(t, s.Stop())
	_, err = os.Stat(s.dir)
	assert.True(t, os.IsNotExist(err), "data directory %s removed", s.dir)
	_, err = pgx.Connect(ctx, s.URL)
	assert.Error(t, err, "server stopped")
}
