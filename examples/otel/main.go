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
// The clients put a vegdata.Attempt in the context of every request they
// send (vegdata.AttemptFromContext); a RoundTripper inside otelhttp copies
// it onto the span. In a service, give TracingHTTPClient your own
// TracerProvider (OTLP exporter) and pass its result to WithHTTPClient of
// every client.
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

	"github.com/vegdata/go-vegdata"
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
// One is enough for every client of every package.
func TracingHTTPClient(tp trace.TracerProvider) *http.Client {
	return &http.Client{Transport: otelhttp.NewTransport(attemptLabels{next: http.DefaultTransport},
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			if a, ok := vegdata.AttemptFromContext(r.Context()); ok && a.Operation != "" {
				return a.API + " " + a.Operation
			}
			return r.Method + " " + r.URL.Path
		}),
	)}
}

// attemptLabels runs inside otelhttp's span (otelhttp wraps it), so the
// span in the request context is the attempt's own.
type attemptLabels struct{ next http.RoundTripper }

func (t attemptLabels) RoundTrip(r *http.Request) (*http.Response, error) {
	if a, ok := vegdata.AttemptFromContext(r.Context()); ok {
		span := trace.SpanFromContext(r.Context())
		span.SetAttributes(AttrAPI.String(a.API), AttrRequestID.String(a.RequestID), AttrAttempt.Int(a.Number))
		if a.Operation != "" {
			span.SetAttributes(AttrOperation.String(a.Operation))
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
	c, err := nvdb.NewClient("otel-example", nvdb.WithBaseURL(srv.URL),
		nvdb.WithHTTPClient(TracingHTTPClient(tp)),
		nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}

	// The first request of the call is answered 503 and retried: two spans.
	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	ctx, span := tp.Tracer("otel-example").Start(ctx, "list tunnel tubes")
	page, err := c.Vegobjekter.List(ctx, 67, &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}})
	span.End()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "%d tunnel tubes listed\n", len(page.Items))
	return 0
}
