// Command otel traces go-vegdata's requests with OpenTelemetry: one client
// span per HTTP attempt, so a retried call shows each request it sent, with
// the API, the SDK operation, the request id and the attempt number as
// attributes. It wires otelhttp through WithHTTPClient, which is the
// supported way: the core module has no OpenTelemetry dependency.
//
// It runs offline against the nvdbtest fake, which is scripted to answer
// the first request 503, and writes the spans with the stdout exporter:
//
//	cd examples/otel && go run .
//
// In a service, give TracingHTTPClient your own TracerProvider (OTLP
// exporter) and pass its result to WithHTTPClient of every client.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// The attributes set on each attempt's span.
const (
	AttrAPI       = attribute.Key("vegdata.api")        // "nvdb", "autosys", "apiskriv", "synsbasen"
	AttrOperation = attribute.Key("vegdata.operation")  // the SDK method, e.g. "Vegobjekter.Get"
	AttrRequestID = attribute.Key("vegdata.request_id") // X-Request-ID, the same for every attempt of a call
	AttrAttempt   = attribute.Key("vegdata.attempt")    // 1 for the first request, 2 for the first retry ...
)

func main() {
	os.Exit(run(context.Background(), os.Stdout, os.Stderr))
}

// TracingHTTPClient returns an *http.Client whose requests are client spans
// of tp, named and labelled with the go-vegdata attempt they belong to.
// api names the client it is given to (the stub needs it; see attempt.go).
func TracingHTTPClient(tp trace.TracerProvider, api string) *http.Client {
	counter := &attemptCounter{api: api}
	labels := &attemptLabels{next: http.DefaultTransport, attemptOf: counter.attemptOf}
	return &http.Client{Transport: otelhttp.NewTransport(labels,
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			// The formatter runs before the span exists, so it cannot see
			// the attempt labels; the name is the API's route.
			return api + " " + r.Method + " " + r.URL.Path
		}),
	)}
}

// attemptLabels runs inside otelhttp's span (otelhttp wraps it), so the
// span in the request context is the attempt's own.
type attemptLabels struct {
	next      http.RoundTripper
	attemptOf func(*http.Request) (attempt, bool)
}

func (t *attemptLabels) RoundTrip(r *http.Request) (*http.Response, error) {
	if a, ok := t.attemptOf(r); ok {
		span := trace.SpanFromContext(r.Context())
		span.SetAttributes(AttrAPI.String(a.API), AttrRequestID.String(a.RequestID), AttrAttempt.Int(a.Number))
		if a.Operation != "" {
			span.SetAttributes(AttrOperation.String(a.Operation))
			span.SetName(a.API + " " + a.Operation)
		}
	}
	return t.next.RoundTrip(r)
}

func run(ctx context.Context, stdout, stderr io.Writer) int {
	exp, err := stdouttrace.New(stdouttrace.WithWriter(stdout))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient(nvdb.WithClientName("otel-example"), nvdb.WithBaseURL(srv.URL),
		nvdb.WithHTTPClient(TracingHTTPClient(tp, "nvdb")),
		nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}

	// The first request of the call is answered 503 and retried: two spans.
	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	ctx, span := tp.Tracer("otel-example").Start(ctx, "look up the documentation's tunnel tube")
	obj, err := c.Vegobjekter.Get(ctx, 67, 89204552, nil)
	span.End()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "vegobjekt %d (%s) read\n", obj.ID, obj.Metadata.Type.Navn)
	return 0
}
