package receiver

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func TestReceiver(t *testing.T) {
	fake := synsbasentest.NewServer()
	defer fake.Close()
	ctx := context.Background()
	var mu sync.Mutex
	var seen []string
	fail := true
	h, err := New("sb_whsk_test", nil, func(_ context.Context, ev *synsbasen.Event) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			fail = false
			return errors.New("temporary failure")
		}
		seen = append(seen, ev.Name)
		return nil
	})
	require.NoError(t, err)
	recv := httptest.NewServer(h)
	defer recv.Close()

	status, err := fake.Deliver(ctx, recv.URL, "sb_whsk_test", synsbasen.EventVehicleUpdated)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, status, "a failure is not acknowledged")
	status, err = fake.Deliver(ctx, recv.URL, "sb_whsk_test", synsbasen.EventVehicleUpdated)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, status, "the retry is")
	status, err = fake.Deliver(ctx, recv.URL, "sb_whsk_other", synsbasen.EventVehicleUpdated)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{synsbasen.EventVehicleUpdated}, seen)
}

// Handler runs as a serverless function with the secret from the
// environment. (This test sets the environment, so it does not run in
// parallel; the handler is built once per process, as on a platform.)
func TestServerlessHandler(t *testing.T) {
	t.Setenv(SecretEnv, "sb_whsk_env")
	fake := synsbasentest.NewServer()
	defer fake.Close()
	recv := httptest.NewServer(http.HandlerFunc(Handler))
	defer recv.Close()
	status, err := fake.Deliver(context.Background(), recv.URL, "sb_whsk_env", synsbasen.EventInspectionCreated)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, status)
	body, err := fake.EventPayload(synsbasen.EventInspectionCreated)
	require.NoError(t, err)
	status, err = synsbasentest.SendTamperedWebhook(context.Background(), nil, recv.URL, "sb_whsk_env", body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)
}

func TestSummary(t *testing.T) {
	fake := synsbasentest.NewServer()
	defer fake.Close()
	tests := map[string]string{
		synsbasen.EventInspectionCreated:  "AS67902: Periodisk syn 2021-01-07 at Dekra Bilsyn, Godkendt, 1 error codes",
		synsbasen.EventVehicleUpdated:     "vehicle 1004501200018020 (AS87640) changed: status Skrottet",
		synsbasen.EventTestCentersCreated: "1 new test centers",
		synsbasen.EventInspectionsUpdated: "yesterday's inspections are loaded",
		synsbasen.EventVehiclesUpdated:    "the weekly DMR export is loaded",
		"vehicle.inspection_invoked":      "unknown event, kept raw: null",
	}
	for name, want := range tests {
		body, err := fake.EventPayload(name)
		require.NoError(t, err)
		ev, err := synsbasen.ParseEvent(body)
		require.NoError(t, err)
		assert.Equal(t, want, Summary(ev))
	}
}
