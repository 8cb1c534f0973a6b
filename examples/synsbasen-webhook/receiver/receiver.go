// Package receiver receives Synsbasen webhooks. The same handler runs in a
// long-lived server (see the synsbasen-webhook command) and as a serverless
// function: platforms that call a Go func(http.ResponseWriter,
// *http.Request), such as Vercel or Google Cloud Functions, can use Handler
// directly.
package receiver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"

	"github.com/vegdata/go-vegdata/synsbasen"
)

// SecretEnv names the environment variable that holds the endpoint's
// signing secret (it starts with "sb_whsk_").
const SecretEnv = "SYNSBASEN_WEBHOOK_SECRET"

// Process handles one verified event. It must be idempotent: Synsbasen
// redelivers an event whose answer was not 2xx, and a delivery whose answer
// was lost arrives again. Returning an error makes the handler answer 500,
// so Synsbasen retries (after 5 minutes, then 10, 20 … up to 10 times).
type Process func(ctx context.Context, ev *synsbasen.Event) error

// New returns the webhook handler for secret. Each verified event is logged
// and passed to process (nil to only log).
func New(secret string, logger *slog.Logger, process Process) (http.Handler, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	fn := func(ctx context.Context, ev *synsbasen.Event) error {
		logger.InfoContext(ctx, "synsbasen webhook", slog.String("event", ev.Name), slog.String("summary", Summary(ev)))
		if process != nil {
			return process(ctx, ev)
		}
		return nil
	}
	return synsbasen.NewWebhookHandler(secret, fn, synsbasen.WithWebhookLogger(logger))
}

// Summary describes an event in one line.
func Summary(ev *synsbasen.Event) string {
	switch {
	case ev.Inspection != nil:
		in := ev.Inspection
		reg := ""
		if in.Registration != nil {
			reg = *in.Registration
		}
		return fmt.Sprintf("%s: %s %s at %s, %s, %d error codes", reg, in.Kind, in.Date, in.TestCenterName, in.Result, len(in.ErrorCodes))
	case ev.Vehicle != nil:
		v := ev.Vehicle
		return fmt.Sprintf("vehicle %d (%s) changed: status %s", v.ID, deref(v.Registration), deref(v.Status))
	case ev.Name == synsbasen.EventTestCentersCreated:
		return fmt.Sprintf("%d new test centers", len(ev.TestCenters))
	case ev.Name == synsbasen.EventInspectionsUpdated:
		return "yesterday's inspections are loaded"
	case ev.Name == synsbasen.EventVehiclesUpdated:
		return "the weekly DMR export is loaded"
	}
	return "unknown event, kept raw: " + string(ev.Data)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// serverless is built once per function instance, on first use.
var serverless = sync.OnceValues(func() (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	if secret == "" {
		return nil, errors.New(SecretEnv + " is not set")
	}
	return New(secret, slog.Default(), nil)
})

// Handler is the serverless entry point. It reads the signing secret from
// SYNSBASEN_WEBHOOK_SECRET once per instance and answers 500 (so Synsbasen
// retries) while it is missing.
func Handler(w http.ResponseWriter, r *http.Request) {
	h, err := serverless()
	if err != nil {
		slog.Default().ErrorContext(r.Context(), "synsbasen webhook not configured", slog.String("error", err.Error()))
		http.Error(w, "webhook receiver not configured", http.StatusInternalServerError)
		return
	}
	h.ServeHTTP(w, r)
}
