// Command synsbasen-webhook receives Synsbasen webhooks: it checks the
// X-Synsbasen-Signature, decodes the event and logs it, answering 2xx only
// when processing succeeded so Synsbasen retries failures.
//
//	SYNSBASEN_WEBHOOK_SECRET=sb_whsk_… synsbasen-webhook -listen :8080 -path /hooks/synsbasen
//
// Without -listen it runs a self-contained demonstration: it starts the
// receiver on a loopback port and has the fake (synsbasentest) deliver each
// documented event, plus one forged delivery that is refused. The receiver
// itself lives in package receiver, whose Handler also serves as a
// serverless function.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vegdata/go-vegdata/examples/synsbasen-webhook/receiver"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv(receiver.SecretEnv)); err != nil {
		fmt.Fprintln(os.Stderr, "synsbasen-webhook:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, w io.Writer, secret string) error {
	fs := flag.NewFlagSet("synsbasen-webhook", flag.ContinueOnError)
	fs.SetOutput(w)
	listen := fs.String("listen", "", "address to serve on, such as :8080 (empty: run the offline demonstration)")
	path := fs.String("path", "/hooks/synsbasen", "URL path of the webhook endpoint")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	if *listen == "" {
		return demo(ctx, w, logger)
	}
	if secret == "" {
		return errors.New(receiver.SecretEnv + " is required with -listen")
	}
	h, err := receiver.New(secret, logger, nil)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+*path, h)
	srv := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("listening", slog.String("addr", *listen), slog.String("path", *path))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// demo delivers every documented event, and a forged one, to a receiver on
// a loopback port.
func demo(ctx context.Context, w io.Writer, logger *slog.Logger) error {
	const secret = "sb_whsk_demo"
	fake := synsbasentest.NewServer()
	defer fake.Close()
	h, err := receiver.New(secret, logger, nil)
	if err != nil {
		return err
	}
	recv := httptest.NewServer(h)
	defer recv.Close()
	for _, ev := range []string{synsbasen.EventInspectionCreated, synsbasen.EventVehicleUpdated, synsbasen.EventTestCentersCreated,
		synsbasen.EventInspectionsUpdated, synsbasen.EventVehiclesUpdated} {
		status, err := fake.Deliver(ctx, recv.URL, secret, ev)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "delivered %s: %d\n", ev, status)
	}
	body, err := fake.EventPayload(synsbasen.EventInspectionCreated)
	if err != nil {
		return err
	}
	status, err := synsbasentest.SendTamperedWebhook(ctx, nil, recv.URL, secret, body)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "forged delivery: %d\n", status)
	return nil
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
