package synsbasentest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Webhook event names, as documented.
const (
	EventInspectionCreated  = "inspection.created"
	EventInspectionsUpdated = "inspections.updated"
	EventTestCentersCreated = "test_centers.created"
	EventVehicleUpdated     = "vehicle.updated"
	EventVehiclesUpdated    = "vehicles.updated"
)

// SignatureHeader carries the webhook signature.
const SignatureHeader = "X-Synsbasen-Signature"

// Sign returns the lowercase hex HMAC-SHA256 of body under secret, as
// Synsbasen signs webhooks.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// EventPayload returns the body Synsbasen would send for event, built from
// the fake's data as in the docs' examples: inspection.created carries
// inspection 26939482, vehicle.updated vehicle 1004501200018020,
// test_centers.created the new FDM center in Aalborg, and
// inspections.updated and vehicles.updated null. Any other event name gets
// null data, as an event this SDK does not know yet would.
func (s *Server) EventPayload(event string) ([]byte, error) {
	var data any
	switch event {
	case EventInspectionCreated:
		data = s.data.inspByID[InspectionID]
	case EventVehicleUpdated:
		data, _ = renderVehicle(s.data.byID[VehicleID], nil)
	case EventTestCentersCreated:
		var fresh []any
		for _, tc := range s.data.testCenters {
			if tc["name"] == "FDM Test og Bilsyn - Aalborg" {
				fresh = append(fresh, tc)
			}
		}
		data = fresh
	}
	return json.Marshal(map[string]any{"event": event, "data": data})
}

// SendWebhook posts body to url signed with secret, as Synsbasen delivers a
// webhook, and returns the receiver's status code. Synsbasen treats any
// status outside 2xx as a failed delivery and retries it later.
func SendWebhook(ctx context.Context, hc *http.Client, url, secret string, body []byte) (int, error) {
	return send(ctx, hc, url, Sign(secret, body), body)
}

// SendTamperedWebhook posts body to url with a signature made for other
// content, as a forger would; a correct receiver refuses it.
func SendTamperedWebhook(ctx context.Context, hc *http.Client, url, secret string, body []byte) (int, error) {
	return send(ctx, hc, url, Sign(secret, append([]byte("x"), body...)), body)
}

// Deliver sends the event's payload (see EventPayload) to url, signed with
// secret, and returns the receiver's status code.
func (s *Server) Deliver(ctx context.Context, url, secret, event string) (int, error) {
	body, err := s.EventPayload(event)
	if err != nil {
		return 0, err
	}
	return SendWebhook(ctx, s.fs.Client(), url, secret, body)
}

func send(ctx context.Context, hc *http.Client, url, signature string, body []byte) (int, error) {
	if hc == nil {
		hc = &http.Client{}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("synsbasentest: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Synsbasen-Webhooks/1.0")
	req.Header.Set(SignatureHeader, signature)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("synsbasentest: delivering webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}
