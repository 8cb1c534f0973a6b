// Command apiskriv-audit lists what a user, or one road object, changed in
// NVDB since a date, as a table: one row per object version written, with
// the oppdrag and transaksjon it came from.
//
//	apiskriv-audit -bruker olanor -fra 2020-01-01
//	apiskriv-audit -vegobjekt 737948714
//
// With APISKRIV_USERNAME and APISKRIV_PASSWORD set (and optionally
// APISKRIV_REALM and APISKRIV_BASE_URL) it asks the real API Skriv; without
// them it runs against the in-process fake (apiskrivtest), so it works
// offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Args[1:], os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "apiskriv-audit:", err)
		stop()
		os.Exit(1)
	}
}

// run parses args, builds a client (real or fake) and prints the table.
func run(ctx context.Context, w io.Writer, args []string, getenv func(string) string) error {
	fs := flag.NewFlagSet("apiskriv-audit", flag.ContinueOnError)
	fs.SetOutput(w)
	bruker := fs.String("bruker", "", "username whose changes to list")
	objekt := fs.Int64("vegobjekt", 0, "id of one vegobjekt whose changes to list")
	fra := fs.String("fra", "", "earliest date, YYYY-MM-DD")
	format := fs.String("format", "json", "wire format: json or xml")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*bruker == "") == (*objekt == 0) {
		return errors.New("give exactly one of -bruker and -vegobjekt")
	}
	var since time.Time
	if *fra != "" {
		t, err := time.Parse("2006-01-02", *fra)
		if err != nil {
			return fmt.Errorf("-fra: want YYYY-MM-DD: %w", err)
		}
		since = t
	}
	var opts []apiskriv.Option
	switch *format {
	case "json":
	case "xml":
		opts = append(opts, apiskriv.WithFormat(apiskriv.XML))
	default:
		return fmt.Errorf("-format: want json or xml, got %q", *format)
	}

	user, pass := getenv("APISKRIV_USERNAME"), getenv("APISKRIV_PASSWORD")
	base := getenv("APISKRIV_BASE_URL")
	var authOpts []apiskriv.AuthOption
	if user == "" || pass == "" {
		srv := apiskrivtest.NewServer()
		defer srv.Close()
		base, user, pass = srv.URL, apiskrivtest.Username, apiskrivtest.Password
		fmt.Fprintln(w, "(no APISKRIV_USERNAME/APISKRIV_PASSWORD: using the built-in fake)")
	} else if r := getenv("APISKRIV_REALM"); r != "" {
		authOpts = append(authOpts, apiskriv.WithRealm(apiskriv.Realm(r)))
	}
	if base == "" {
		base = apiskriv.DefaultBaseURL
	}
	ts, err := apiskriv.PasswordTokenSource(base, user, pass, authOpts...)
	if err != nil {
		return err
	}
	c, err := apiskriv.NewClient("go-vegdata-apiskriv-audit", ts, append(opts, apiskriv.WithBaseURL(base))...)
	if err != nil {
		return err
	}

	var rows []Row
	if *objekt != 0 {
		rows, err = ObjectChanges(ctx, c, *objekt, since)
	} else {
		rows, err = UserChanges(ctx, c, *bruker, since)
	}
	if err != nil {
		return err
	}
	return PrintTable(w, rows)
}
