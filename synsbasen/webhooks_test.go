package synsbasen_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

const webhookSecret = "sb_whsk_test_secret_value"

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"event":"vehicles.updated","data":null}`)
	good := synsbasen.Sign(webhookSecret, body)
	assert.Equal(t, synsbasentest.Sign(webhookSecret, body), good, "client and fake sign alike")
	assert.Equal(t, strings.ToLower(good), good)
	assert.Len(t, good, 64)
	tests := []struct {
		name      string
		secret    string
		body      []byte
		signature string
		want      bool
	}{
		{"correct", webhookSecret, body, good, true},
		{"upper case hex", webhookSecret, body, strings.ToUpper(good), true},
		{"surrounding space", webhookSecret, body, " " + good + " ", true},
		{"tampered body", webhookSecret, append([]byte(" "), body...), good, false},
		{"other secret", "sb_whsk_other", body, good, false},
		{"empty secret", "", body, synsbasen.Sign("", body), false},
		{"empty signature", webhookSecret, body, "", false},
		{"not hex", webhookSecret, body, strings.Repeat("z", 64), false},
		{"truncated", webhookSecret, body, good[:62], false},
		{"sha1 length", webhookSecret, body, good[:40], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, synsbasen.VerifySignature(tt.secret, tt.body, tt.signature))
		})
	}
}

type recorder struct {
	mu     sync.Mutex
	events []*synsbasen.Event
	fail   error
}

func (r *recorder) handle(_ context.Context, ev *synsbasen.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.events = append(r.events, ev)
	return nil
}

func (r *recorder) got() []*synsbasen.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*synsbasen.Event(nil), r.events...)
}

func newReceiver(t *testing.T, rec *recorder, opts ...synsbasen.WebhookOption) *httptest.Server {
	t.Helper()
	h, err := synsbasen.NewWebhookHandler(webhookSecret, rec.handle, opts...)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// closeInBackground closes srv without waiting for it. After refusing an
// oversized body, net/http's server holds the connection half a second
// before closing it (its RST avoidance), and srv.Close waits for that;
// the test has nothing left to check by then.
func closeInBackground(t *testing.T, srv *httptest.Server) {
	t.Cleanup(func() { go srv.Close() })
}

// Each documented event is delivered once, typed.
func TestWebhookHandlerDeliversTypedEvents(t *testing.T) {
	fake := synsbasentest.NewServer()
	defer fake.Close()
	ctx := context.Background()
	tests := []struct {
		event string
		check func(t *testing.T, ev *synsbasen.Event)
	}{
		{synsbasen.EventInspectionCreated, func(t *testing.T, ev *synsbasen.Event) {
			require.NotNil(t, ev.Inspection)
			assert.Equal(t, synsbasentest.InspectionID, ev.Inspection.ID)
			assert.Equal(t, "Dekra Bilsyn - Frederikstadvej 12A", ev.Inspection.TestCenterNameAndAddress)
			assert.Len(t, ev.Inspection.ErrorCodes, 1)
		}},
		{synsbasen.EventVehicleUpdated, func(t *testing.T, ev *synsbasen.Event) {
			require.NotNil(t, ev.Vehicle)
			assert.Equal(t, "AS87640", *ev.Vehicle.Registration)
			assert.NotEmpty(t, ev.Vehicle.Inspections)
		}},
		{synsbasen.EventTestCentersCreated, func(t *testing.T, ev *synsbasen.Event) {
			require.Len(t, ev.TestCenters, 1)
			assert.Equal(t, "FDM Test og Bilsyn - Aalborg", ev.TestCenters[0].Name)
			assert.Equal(t, int64(70133040), *ev.TestCenters[0].Phone)
		}},
		{synsbasen.EventInspectionsUpdated, func(t *testing.T, ev *synsbasen.Event) {
			assert.Equal(t, "null", string(ev.Data))
		}},
		{synsbasen.EventVehiclesUpdated, func(t *testing.T, ev *synsbasen.Event) {
			assert.Nil(t, ev.Vehicle)
		}},
		{"vehicle.inspection_invoked", func(t *testing.T, ev *synsbasen.Event) {
			assert.False(t, ev.Known())
			assert.Equal(t, "null", string(ev.Data))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			rec := &recorder{}
			recv := newReceiver(t, rec)
			status, err := fake.Deliver(ctx, recv.URL, webhookSecret, tt.event)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, status)
			got := rec.got()
			require.Len(t, got, 1, "delivered exactly once")
			assert.Equal(t, tt.event, got[0].Name)
			tt.check(t, got[0])
		})
	}
}

// The documentation's payloads parse into the typed fields.
func TestParseEventDocPayloads(t *testing.T) {
	for _, name := range []string{"inspection.created", "inspections.updated", "test_centers.created", "vehicle.updated", "vehicles.updated"} {
		t.Run(name, func(t *testing.T) {
			ev, err := synsbasen.ParseEvent(fixture(t, "doc-webhook-"+name+".json"))
			require.NoError(t, err)
			assert.Equal(t, name, ev.Name)
			assert.True(t, ev.Known())
			switch name {
			case "inspection.created":
				assert.Equal(t, int64(26939482), ev.Inspection.ID)
			case "vehicle.updated":
				assert.Equal(t, int64(1004501200018020), ev.Vehicle.ID)
			case "test_centers.created":
				assert.Equal(t, 9000, ev.TestCenters[0].Zip)
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{"data":1}`, `{"event":""}`, `{"event":"inspection.created","data":null}`,
		`{"event":"vehicle.updated","data":{"id":"x"}}`} {
		_, err := synsbasen.ParseEvent([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestWebhookHandlerRefusals(t *testing.T) {
	fake := synsbasentest.NewServer()
	defer fake.Close()
	ctx := context.Background()
	body, err := fake.EventPayload(synsbasen.EventInspectionCreated)
	require.NoError(t, err)

	t.Run("tampered body is refused and not delivered", func(t *testing.T) {
		rec := &recorder{}
		recv := newReceiver(t, rec)
		status, err := synsbasentest.SendTamperedWebhook(ctx, nil, recv.URL, webhookSecret, body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Empty(t, rec.got())
	})
	t.Run("wrong secret", func(t *testing.T) {
		rec := &recorder{}
		recv := newReceiver(t, rec)
		status, err := synsbasentest.SendWebhook(ctx, nil, recv.URL, "sb_whsk_wrong", body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Empty(t, rec.got())
	})
	t.Run("signed but not a webhook", func(t *testing.T) {
		rec := &recorder{}
		recv := newReceiver(t, rec)
		status, err := synsbasentest.SendWebhook(ctx, nil, recv.URL, webhookSecret, []byte(`{"hello":1}`))
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Empty(t, rec.got())
	})
	t.Run("body over the limit", func(t *testing.T) {
		rec := &recorder{}
		h, err := synsbasen.NewWebhookHandler(webhookSecret, rec.handle, synsbasen.WithMaxWebhookBody(100))
		require.NoError(t, err)
		recv := httptest.NewServer(h)
		closeInBackground(t, recv)
		status, err := synsbasentest.SendWebhook(ctx, nil, recv.URL, webhookSecret, body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusRequestEntityTooLarge, status)
		assert.Empty(t, rec.got())
	})
	t.Run("GET is not allowed", func(t *testing.T) {
		rec := &recorder{}
		recv := newReceiver(t, rec)
		resp, err := http.Get(recv.URL)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
		assert.Equal(t, "POST", resp.Header.Get("Allow"))
	})
	t.Run("a failing function answers 500 so Synsbasen retries", func(t *testing.T) {
		var logs bytes.Buffer
		var mu sync.Mutex
		rec := &recorder{fail: errors.New("database down")}
		recv := newReceiver(t, rec, synsbasen.WithWebhookLogger(slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, nil))))
		status, err := fake.Deliver(ctx, recv.URL, webhookSecret, synsbasen.EventVehicleUpdated)
		require.NoError(t, err)
		assert.Equal(t, http.StatusInternalServerError, status)
		// The retry succeeds once the function recovers.
		rec.mu.Lock()
		rec.fail = nil
		rec.mu.Unlock()
		status, err = fake.Deliver(ctx, recv.URL, webhookSecret, synsbasen.EventVehicleUpdated)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, status)
		assert.Len(t, rec.got(), 1)
		mu.Lock()
		defer mu.Unlock()
		assert.Contains(t, logs.String(), "database down")
		assert.NotContains(t, logs.String(), webhookSecret)
	})
	t.Run("a panicking function answers 500", func(t *testing.T) {
		h, err := synsbasen.NewWebhookHandler(webhookSecret, func(context.Context, *synsbasen.Event) error { panic("boom") })
		require.NoError(t, err)
		recv := httptest.NewServer(h)
		defer recv.Close()
		status, err := synsbasentest.SendWebhook(ctx, nil, recv.URL, webhookSecret, body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusInternalServerError, status)
	})
}

func TestNewWebhookHandlerChecksInput(t *testing.T) {
	fn := func(context.Context, *synsbasen.Event) error { return nil }
	_, err := synsbasen.NewWebhookHandler("", fn)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	_, err = synsbasen.NewWebhookHandler(webhookSecret, nil)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	_, err = synsbasen.NewWebhookHandler(webhookSecret, fn, synsbasen.WithMaxWebhookBody(0))
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
}
