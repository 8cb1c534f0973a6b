package examples_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/examples/synsbasen-webhook/receiver"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func TestSynsbasenWebhookDemo(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "synsbasen-webhook", nil)
	require.Equal(t, 0, r.code, r.stderr)
	s := r.stdout
	for _, ev := range []string{"inspection.created", "vehicle.updated", "test_centers.created", "inspections.updated", "vehicles.updated"} {
		assert.Contains(t, s, "delivered "+ev+": 204")
	}
	assert.Contains(t, s, "forged delivery: 401")
	assert.Contains(t, s, "AS67902: Periodisk syn 2021-01-07 at Dekra Bilsyn, Godkendt, 1 error codes")
	assert.Equal(t, 1, strings.Count(s, "bad signature"))
	assert.NotContains(t, s+r.stderr, "sb_whsk_demo")
}

func TestSynsbasenWebhookListenNeedsSecret(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "synsbasen-webhook", nil, "-listen", "127.0.0.1:0")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "SYNSBASEN_WEBHOOK_SECRET")
}

// The tests of package receiver, the webhook example's library, run here
// in-process: its Process contract and its serverless Handler are API that
// the program does not reach, and a test binary of their own would cost a
// link for a few milliseconds of tests.

func TestWebhookReceiver(t *testing.T) {
	t.Parallel()
	fake := synsbasentest.NewServer()
	defer fake.Close()
	ctx := context.Background()
	var mu sync.Mutex
	var seen []string
	fail := true
	h, err := receiver.New("sb_whsk_test", nil, func(_ context.Context, ev *synsbasen.Event) error {
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
// parallel; the handler is built once per process, as on a platform, and
// no other test of this package calls it.)
func TestWebhookReceiverServerlessHandler(t *testing.T) {
	t.Setenv(receiver.SecretEnv, "sb_whsk_env")
	fake := synsbasentest.NewServer()
	defer fake.Close()
	recv := httptest.NewServer(http.HandlerFunc(receiver.Handler))
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

func TestWebhookReceiverSummary(t *testing.T) {
	t.Parallel()
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
		assert.Equal(t, want, receiver.Summary(ev), name)
	}
}
