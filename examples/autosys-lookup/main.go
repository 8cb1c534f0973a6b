// Command autosys-lookup prints the technical data of Norwegian vehicles,
// looked up by plate (kjennemerke) or VIN (understellsnummer) in Autosys.
//
//	AUTOSYS_API_KEY=… autosys-lookup EK39085
//	autosys-lookup -json "ek 39085" WVWZZZ3CZHE177932
//	autosys-lookup -vin TA40316268
//
// Without AUTOSYS_API_KEY (or -key) it runs against the built-in fake
// (package autosystest), so it works offline; try EK39085, BE12335,
// SP23005, ZT40123 or HEIA. Exit status: 0 when every vehicle was found,
// 1 when a lookup failed, 2 for bad usage or input.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("autosys-lookup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the API's JSON (kjoretoydataListe) instead of a summary")
	vin := fs.Bool("vin", false, "treat every argument as an understellsnummer (VIN), even a short one")
	key := fs.String("key", "", "API key (default $AUTOSYS_API_KEY; without one the built-in fake is used)")
	baseURL := fs.String("base-url", "", "API base URL (default "+autosys.DefaultBaseURL+")")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: autosys-lookup [-json] [-vin] [-key KEY] PLATE|VIN …")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	var oppslag []autosys.Oppslag
	for _, a := range fs.Args() {
		var o autosys.Oppslag
		var err error
		if *vin {
			o, err = autosys.Oppslag{Understellsnummer: a}.Normalize()
		} else {
			o, err = autosys.ParseOppslag(a)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		oppslag = append(oppslag, o)
	}

	k := *key
	if k == "" {
		k = getenv("AUTOSYS_API_KEY")
	}
	var opts []autosys.Option
	if *baseURL != "" {
		opts = append(opts, autosys.WithBaseURL(*baseURL))
	}
	if k == "" {
		srv := autosystest.NewServer()
		defer srv.Close()
		k = "demo"
		if *baseURL == "" {
			opts = append(opts, autosys.WithBaseURL(srv.URL))
		}
		fmt.Fprintln(stderr, "no AUTOSYS_API_KEY set: using the built-in fake with example vehicles")
	}
	c, err := autosys.NewClient(k, opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	code := 0
	var found []autosys.Kjoretoydata
	for r, err := range c.LookupMany(ctx, oppslag, nil) {
		if err != nil {
			code = 1
			label := r.Oppslag.String()
			if label == "" {
				label = "lookup"
			}
			fmt.Fprintf(stderr, "%s: %s\n", label, describe(err))
			continue
		}
		if *asJSON {
			found = append(found, *r.Kjoretoydata)
			continue
		}
		if r.Index > 0 {
			fmt.Fprintln(stdout)
		}
		summarize(stdout, r.Kjoretoydata)
	}
	if *asJSON && len(found) > 0 {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(autosys.KjoretoydataResponse{KjoretoydataListe: found}); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return code
}

// describe turns an error into a line for people.
func describe(err error) string {
	var ae *autosys.APIError
	switch {
	case errors.Is(err, autosys.ErrNotFound):
		return "no vehicle data available"
	case errors.Is(err, autosys.ErrQuotaExceeded) && errors.As(err, &ae) && !ae.RetryAt.IsZero():
		return "daily quota used up; try again after " + ae.RetryAt.In(autosys.Oslo()).Format("2006-01-02 15:04 MST")
	case errors.Is(err, autosys.ErrForbidden), errors.Is(err, autosys.ErrUnauthorized):
		return "the API key was refused: " + err.Error()
	}
	return err.Error()
}

// summarize prints the fields people ask for, skipping what is not given.
func summarize(w io.Writer, v *autosys.Kjoretoydata) {
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-22s %s\n", label+":", value)
		}
	}
	count := func(n int, ok bool) string {
		if !ok {
			return ""
		}
		return fmt.Sprint(n)
	}
	line("Kjennemerke", v.RegistrertKjennemerke())
	line("Understellsnummer", v.Understellsnummer())
	line("Merke og modell", strings.TrimSpace(v.Merke()+" "+v.Modell()))
	klasse := v.Kjoretoybeskrivelse()
	if c := v.Kjoretoyklasse(); c != "" {
		klasse = strings.TrimSpace(klasse + " (" + c + ")")
	}
	line("Kjøretøyklasse", klasse)
	line("Drivstoff", strings.Join(v.Drivstoff(), ", "))
	if kw, ok := v.EffektKW(); ok {
		line("Effekt", fmt.Sprintf("%g kW", kw))
	}
	if km, ok := v.WLTPRekkeviddeKm(); ok {
		line("Rekkevidde (WLTP)", fmt.Sprintf("%d km", km))
	}
	line("Farge", v.Farge())
	line("Sitteplasser", count(v.Sitteplasser()))
	if kg, ok := v.Egenvekt(); ok {
		line("Egenvekt", fmt.Sprintf("%d kg", kg))
	}
	if kg, ok := v.TillattTotalvekt(); ok {
		line("Tillatt totalvekt", fmt.Sprintf("%d kg", kg))
	}
	if med, ok, _, _ := v.TillattTilhengervekt(); ok && med > 0 {
		line("Tilhengervekt m/brems", fmt.Sprintf("%d kg", med))
	}
	if d, ok := v.ForstegangsregistrertNorge(); ok {
		line("Første gang reg. i NO", d.String())
	}
	line("Status", v.Registreringsstatus())
	for _, b := range v.Registreringsbegrensninger() {
		line("Begrensning", b.Name())
	}
	if d, ok := v.Kontrollfrist(); ok {
		line("Neste EU-kontroll", "innen "+d.String())
	} else {
		line("Neste EU-kontroll", "ingen periodisk kontroll registrert")
	}
}
