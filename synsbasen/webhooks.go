package synsbasen

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
)

// SignatureHeader is the header that carries a webhook's signature: the
// lowercase hex HMAC-SHA256 of the raw body, keyed with the endpoint's
// signing secret (which starts with "sb_whsk_").
const SignatureHeader = "X-Synsbasen-Signature"

// The documented webhook events.
const (
	// EventInspectionCreated: a new inspection of a watched vehicle.
	// Event.Inspection holds it.
	EventInspectionCreated = "inspection.created"
	// EventInspectionsUpdated: all new inspections of the previous day are
	// loaded. It carries no data.
	EventInspectionsUpdated = "inspections.updated"
	// EventTestCentersCreated: new test centers were found.
	// Event.TestCenters holds them.
	EventTestCentersCreated = "test_centers.created"
	// EventVehicleUpdated: a watched vehicle changed. Event.Vehicle holds it.
	EventVehicleUpdated = "vehicle.updated"
	// EventVehiclesUpdated: the weekly DMR export is loaded, usually on
	// Mondays. It carries no data.
	EventVehiclesUpdated = "vehicles.updated"
)

// DefaultMaxWebhookBody is the largest webhook body the handler reads.
const DefaultMaxWebhookBody = 1 << 20

// Sign returns the signature Synsbasen puts in SignatureHeader for body:
// hex(HMAC-SHA256(secret, body)) in lowercase.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature reports whether signature (the value of the
// X-Synsbasen-Signature header) is the HMAC-SHA256 of the raw body under
// secret. The comparison takes constant time. An empty secret or signature
// never verifies.
func VerifySignature(secret string, rawBody []byte, signature string) bool {
	if secret == "" {
		return false
	}
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(rawBody)
	return hmac.Equal(got, m.Sum(nil))
}

// Event is a webhook delivery: the event name and its data, decoded into
// the typed field that matches the event. An event this package does not
// know keeps its data in Data only.
type Event struct {
	// Name is the "event" member, such as EventInspectionCreated.
	Name string
	// Data is the raw "data" member ("null" for events without data).
	Data json.RawMessage
	// Inspection is set for inspection.created.
	Inspection *Inspection
	// Vehicle is set for vehicle.updated.
	Vehicle *Vehicle
	// TestCenters is set for test_centers.created.
	TestCenters []*TestCenter
}

// Known reports whether the event is one of the documented events.
func (e *Event) Known() bool {
	switch e.Name {
	case EventInspectionCreated, EventInspectionsUpdated, EventTestCentersCreated, EventVehicleUpdated, EventVehiclesUpdated:
		return true
	}
	return false
}

// ParseEvent decodes a webhook body. It does not check the signature; use
// VerifySignature first, or NewWebhookHandler which does both.
func ParseEvent(body []byte) (*Event, error) {
	var w struct {
		Event *string         `json:"event"`
		Data  json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("synsbasen: webhook body: %w", err)
	}
	if w.Event == nil || *w.Event == "" {
		return nil, errors.New(`synsbasen: webhook body has no "event"`)
	}
	ev := &Event{Name: *w.Event, Data: w.Data}
	if len(ev.Data) == 0 {
		ev.Data = json.RawMessage("null")
	}
	var target any
	switch ev.Name {
	case EventInspectionCreated:
		target = &ev.Inspection
	case EventVehicleUpdated:
		target = &ev.Vehicle
	case EventTestCentersCreated:
		target = &ev.TestCenters
	}
	if target != nil {
		if bytes.Equal(bytes.TrimSpace(ev.Data), []byte("null")) {
			return nil, fmt.Errorf("synsbasen: webhook %s has no data", ev.Name)
		}
		if err := json.Unmarshal(ev.Data, target); err != nil {
			return nil, fmt.Errorf("synsbasen: webhook %s data: %w", ev.Name, err)
		}
		if slices.Contains(ev.TestCenters, nil) {
			return nil, fmt.Errorf("synsbasen: webhook %s data holds a null test center", ev.Name)
		}
	}
	return ev, nil
}

// WebhookOption configures a webhook handler.
type WebhookOption func(*WebhookHandler) error

// WithMaxWebhookBody sets the largest body the handler reads (default
// DefaultMaxWebhookBody); larger deliveries get 413.
func WithMaxWebhookBody(n int64) WebhookOption {
	return func(h *WebhookHandler) error {
		if n <= 0 {
			return invalid("max webhook body must be positive, got %d", n)
		}
		h.maxBody = n
		return nil
	}
}

// WithWebhookLogger logs refused and failed deliveries (never the secret or
// the signature).
func WithWebhookLogger(l *slog.Logger) WebhookOption {
	return func(h *WebhookHandler) error {
		h.logger = l
		return nil
	}
}

// WebhookHandler is an http.Handler that receives Synsbasen webhooks. It
// verifies the signature, limits the body size, decodes the event and calls
// the function given to NewWebhookHandler. It answers 204 only when that
// function returned nil, so Synsbasen retries a failed delivery (up to 10
// times, from 5 minutes to about 43 hours apart). Your function should
// therefore be idempotent: a delivery whose 2xx answer was lost arrives
// again.
//
// Answers: 405 for a method other than POST, 413 for a body over the limit,
// 401 for a missing or wrong signature, 400 for a body that is not a
// webhook, 500 when the function fails. It is safe for concurrent use and
// works as the whole of a serverless function.
type WebhookHandler struct {
	secret  string
	fn      func(context.Context, *Event) error
	maxBody int64
	logger  *slog.Logger
}

// NewWebhookHandler returns a handler that passes verified events to fn.
// secret is the endpoint's signing secret from the Synsbasen dashboard.
func NewWebhookHandler(secret string, fn func(ctx context.Context, ev *Event) error, opts ...WebhookOption) (*WebhookHandler, error) {
	if secret == "" {
		return nil, invalid("a webhook signing secret is required")
	}
	if fn == nil {
		return nil, invalid("a webhook function is required")
	}
	h := &WebhookHandler{secret: secret, fn: fn, maxBody: DefaultMaxWebhookBody}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(h); err != nil {
			return nil, err
		}
	}
	if h.logger == nil {
		h.logger = slog.New(slog.DiscardHandler)
	}
	return h, nil
}

// ServeHTTP handles one delivery.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.logger.WarnContext(r.Context(), "synsbasen webhook refused: body too large", slog.Int64("limit", h.maxBody))
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading body failed", http.StatusBadRequest)
		return
	}
	if !VerifySignature(h.secret, body, r.Header.Get(SignatureHeader)) {
		h.logger.WarnContext(r.Context(), "synsbasen webhook refused: bad signature")
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	ev, err := ParseEvent(body)
	if err != nil {
		h.logger.WarnContext(r.Context(), "synsbasen webhook refused: bad body", slog.String("error", err.Error()))
		http.Error(w, "invalid webhook body", http.StatusBadRequest)
		return
	}
	if err := h.call(r.Context(), ev); err != nil {
		h.logger.ErrorContext(r.Context(), "synsbasen webhook failed", slog.String("event", ev.Name), slog.String("error", err.Error()))
		http.Error(w, "webhook processing failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// call runs fn, turning a panic into an error so the delivery is retried.
func (h *WebhookHandler) call(ctx context.Context, ev *Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h.fn(ctx, ev)
}
