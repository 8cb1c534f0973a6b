package apiskriv_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

var formats = []apiskriv.Format{apiskriv.JSON, apiskriv.XML}

type env struct {
	srv  *apiskrivtest.Server
	c    *apiskriv.Client
	logs *hostile.Log
}

func fastRetry() apiskriv.RetryPolicy {
	return apiskriv.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: 5 * time.Second}
}

func fastPoll() apiskriv.PollIntervals {
	return apiskriv.PollIntervals{Behandles: time.Millisecond, BehandlesMax: 2 * time.Millisecond, Venter: time.Millisecond,
		VenterEtterBehandles: time.Millisecond, Utfort: time.Millisecond}
}

// newEnv starts a fake and a client that logs in as olanor.
func newEnv(t *testing.T, f apiskriv.Format, srvOpts []apiskrivtest.Option, opts ...apiskriv.Option) *env {
	t.Helper()
	srv := apiskrivtest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	return newEnvOn(t, srv, apiskrivtest.Username, f, opts...)
}

func newEnvOn(t *testing.T, srv *apiskrivtest.Server, user string, f apiskriv.Format, opts ...apiskriv.Option) *env {
	t.Helper()
	logs := &hostile.Log{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	realm := apiskriv.RealmEmployee
	for _, u := range apiskrivtest.DefaultUsers() {
		if u.Brukernavn == user {
			realm = u.Realm
		}
	}
	ts, err := apiskriv.PasswordTokenSource(srv.URL, user, apiskrivtest.Password, apiskriv.WithRealm(realm), apiskriv.WithAuthLogger(logger))
	require.NoError(t, err)
	all := append([]apiskriv.Option{apiskriv.WithBaseURL(srv.URL), apiskriv.WithFormat(f),
		apiskriv.WithLogger(logger), apiskriv.WithRetry(fastRetry()), apiskriv.WithPollIntervals(fastPoll())}, opts...)
	c, err := apiskriv.NewClient("go-vegdata-test", ts, all...)
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NotContains(t, logs.String(), apiskrivtest.Password, "password in logs")
		require.NotContains(t, logs.String(), "eyJ", "token in logs")
	})
	return &env{srv: srv, c: c, logs: logs}
}
