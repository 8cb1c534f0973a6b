// Command quickstart runs one real task against each API go-vegdata speaks
// and prints a short report:
//
//   - Autosys: look up a Norwegian vehicle by its plate;
//   - NVDB API Les: list the toll stations of a kommune with their rates and
//     count them with statistikk;
//   - NVDB API Skriv: list a user's oppdrag and their transaksjoner;
//   - Synsbasen: look up a Danish vehicle with its emission and weight, and
//     average the mileage of a model year per brand.
//
// Each section runs against the live API when its credentials are in the
// environment, and otherwise against the package's fake server started in
// this process, so the program works offline on a fresh machine:
//
//	AUTOSYS_API_KEY                        Autosys kjøretøydata key
//	NVDB_CLIENT_NAME                       your X-Client name (NVDB needs no key)
//	APISKRIV_USERNAME, APISKRIV_PASSWORD   an NVDB API Skriv user
//	APISKRIV_REALM                         optional: EMPLOYEE (default), SERVICE_ACCOUNT or EXTERNAL
//	SYNSBASEN_API_KEY                      Synsbasen API key
//
// Each *_BASE_URL variable (AUTOSYS_BASE_URL, NVDB_BASE_URL, APISKRIV_BASE_URL,
// SYNSBASEN_BASE_URL) points its live section at another host, such as a test
// environment or a proxy.
//
// The sections are independent: one failing (a wrong key, an API down)
// does not stop the others; the exit status is 1 if any failed. -offline
// uses the fakes even when keys are set.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// settings are what a section may take from the environment and flags.
type settings struct {
	env          func(string) string
	offline      bool
	kjennemerke  string // Autosys plate
	kommune      int    // NVDB kommune number
	registrering string // Synsbasen plate
}

// live reports whether every named variable is set and -offline is not,
// and, when it is not live, says why for the report.
func (s settings) live(names ...string) (bool, string) {
	if s.offline {
		return false, "offline, bundled fake server: -offline"
	}
	var missing []string
	for _, n := range names {
		if strings.TrimSpace(s.env(n)) == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return false, "offline, bundled fake server: " + strings.Join(missing, " and ") + " not set"
	}
	return true, "live API"
}

// baseURL is the host a live section talks to: *_BASE_URL if set, else the
// package's default (no option).
func (s settings) baseURL(api string) string {
	return strings.TrimSpace(s.env(api + "_BASE_URL"))
}

// liveRetry keeps a long Retry-After from using up a section's deadline:
// such a call fails at once with the time to come back.
var liveRetry = autosys.RetryPolicy{MaxRetries: 4, MaxRetryAfter: 20 * time.Second} // one type, aliased in every package

func main() {
	s := settings{env: os.Getenv}
	flag.BoolVar(&s.offline, "offline", false, "use the bundled fake servers even when keys are set")
	flag.StringVar(&s.kjennemerke, "kjennemerke", "EK 39085", "Norwegian plate to look up in Autosys")
	flag.IntVar(&s.kommune, "kommune", 4601, "kommune whose toll stations to list (4601 Bergen)")
	flag.StringVar(&s.registrering, "registration", "AS87640", "Danish plate to look up in Synsbasen")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Stdout, s))
}

// run does the four sections and returns the exit status.
func run(ctx context.Context, w io.Writer, s settings) int {
	fmt.Fprintln(w, "go-vegdata quickstart")
	sections := []struct {
		title string
		run   func(context.Context, io.Writer, settings) error
	}{
		{"Autosys: a Norwegian vehicle", runAutosys},
		{"NVDB API Les: toll stations", runNVDB},
		{"NVDB API Skriv: oppdrag and transaksjoner", runAPISkriv},
		{"Synsbasen: a Danish vehicle", runSynsbasen},
	}
	status := 0
	for _, sec := range sections {
		fmt.Fprintf(w, "\n== %s\n", sec.title)
		// Each section gets its own deadline so a slow API cannot starve the rest.
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := sec.run(sctx, w, s)
		cancel()
		if err != nil {
			fmt.Fprintf(w, "   failed: %v\n", err)
			status = 1
		}
	}
	return status
}

func runAutosys(ctx context.Context, w io.Writer, s settings) error {
	key, opts := s.env("AUTOSYS_API_KEY"), []autosys.Option(nil)
	live, how := s.live("AUTOSYS_API_KEY")
	if live {
		opts = append(opts, autosys.WithRetry(liveRetry))
	}
	if u := s.baseURL("AUTOSYS"); live && u != "" {
		opts = append(opts, autosys.WithBaseURL(u))
	}
	if !live {
		srv := autosystest.NewServer()
		defer srv.Close()
		key, opts = "offline-key", append(opts, autosys.WithBaseURL(srv.URL))
	}
	fmt.Fprintf(w, "   (%s)\n", how)
	c, err := autosys.NewClient(key, opts...)
	if err != nil {
		return err
	}
	v, err := c.LookupKjennemerke(ctx, s.kjennemerke)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: %s %s, %s, %s\n", v.RegistrertKjennemerke(), v.Merke(), v.Modell(),
		strings.Join(v.Drivstoff(), "/"), v.Farge())
	if d, ok := v.ForstegangsregistrertNorge(); ok {
		fmt.Fprintf(w, "   first registered in Norway %s, status %s\n", d, v.Registreringsstatus())
	}
	if kg, ok := v.Egenvekt(); ok {
		total, _ := v.TillattTotalvekt()
		fmt.Fprintf(w, "   %d kg empty, %d kg allowed in total\n", kg, total)
	}
	if d, ok := v.Kontrollfrist(); ok {
		fmt.Fprintf(w, "   next periodic control (EU-kontroll) due %s\n", d)
	}
	return nil
}

// NVDB egenskapstyper of Bomstasjon (vegobjekttype 45).
const (
	bomstasjon     = 45
	navnBomstasjon = 1078
	takstLitenBil  = 1820
	takstStorBil   = 1819
)

func runNVDB(ctx context.Context, w io.Writer, s settings) error {
	name, opts := s.env("NVDB_CLIENT_NAME"), []nvdb.Option(nil)
	live, how := s.live("NVDB_CLIENT_NAME")
	if live {
		opts = append(opts, nvdb.WithRetry(liveRetry))
	}
	if u := s.baseURL("NVDB"); live && u != "" {
		opts = append(opts, nvdb.WithBaseURL(u))
	}
	if !live {
		srv := nvdbtest.NewServer()
		defer srv.Close()
		name, opts = "go-vegdata-quickstart", append(opts, nvdb.WithBaseURL(srv.URL))
	}
	fmt.Fprintf(w, "   (%s)\n", how)
	c, err := nvdb.NewClient(name, opts...)
	if err != nil {
		return err
	}
	q := &nvdb.VegobjektQuery{Kommune: []int{s.kommune}, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}}
	n := 0
	for obj, err := range c.Vegobjekter.All(ctx, bomstasjon, q) {
		if err != nil {
			return err
		}
		n++
		navn, _ := obj.Egenskaper.ByID(navnBomstasjon).Tekst()
		fmt.Fprintf(w, "   %-24s small car %s, large %s  (id %d)\n", navn,
			takst(obj.Egenskaper.ByID(takstLitenBil)), takst(obj.Egenskaper.ByID(takstStorBil)), obj.ID)
	}
	st, err := c.Vegobjekter.Statistikk(ctx, bomstasjon, &nvdb.VegobjektQuery{Kommune: []int{s.kommune}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   listed %d; statistikk counts %d toll station(s) in kommune %d\n", n, st.Antall, s.kommune)
	return nil
}

// takst formats a rate egenskap, which may be missing on an object.
func takst(e *nvdb.Egenskap) string {
	if e == nil || e.IsNull() {
		return "-"
	}
	return e.String()
}

func runAPISkriv(ctx context.Context, w io.Writer, s settings) error {
	user, password := s.env("APISKRIV_USERNAME"), s.env("APISKRIV_PASSWORD")
	base := apiskriv.DefaultBaseURL
	live, how := s.live("APISKRIV_USERNAME", "APISKRIV_PASSWORD")
	if u := s.baseURL("APISKRIV"); live && u != "" {
		base = u
	}
	if !live {
		srv := apiskrivtest.NewServer()
		defer srv.Close()
		user, password, base = apiskrivtest.Username, apiskrivtest.Password, srv.URL
	}
	fmt.Fprintf(w, "   (%s)\n", how)
	var auth []apiskriv.AuthOption
	if r := strings.TrimSpace(s.env("APISKRIV_REALM")); live && r != "" {
		auth = append(auth, apiskriv.WithRealm(apiskriv.Realm(strings.ToUpper(r))))
	}
	ts, err := apiskriv.PasswordTokenSource(base, user, password, auth...)
	if err != nil {
		return err
	}
	c, err := apiskriv.NewClient("go-vegdata-quickstart", ts, apiskriv.WithBaseURL(base), apiskriv.WithRetry(liveRetry))
	if err != nil {
		return err
	}
	// The newest first; a report needs only a few.
	q := &apiskriv.OppdragQuery{Eier: user, SorterPaa: apiskriv.SorterTid, SorterStigende: apiskriv.Nei, Antall: 3}
	page, err := c.Oppdrag.List(ctx, q)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s owns %d oppdrag; the newest %d:\n", user, page.AntallTotalt, len(page.Items))
	for _, o := range page.Items {
		fmt.Fprintf(w, "   oppdrag %d %q, finished %s\n", o.ID, o.Navn, o.Sluttidspunkt)
		if err := printTransaksjoner(ctx, w, c, o.ID, 5); err != nil {
			return err
		}
	}
	return nil
}

// printTransaksjoner prints the objects written by an oppdrag's
// transaksjoner, at most limit lines: a bulk import can have thousands.
func printTransaksjoner(ctx context.Context, w io.Writer, c *apiskriv.Client, oppdrag int64, limit int) error {
	shown := 0
	for t, err := range c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{OppdragID: oppdrag}) {
		if err != nil {
			return err
		}
		for _, ot := range t.Objekttyper {
			for _, obj := range ot.Objekter {
				if shown == limit {
					fmt.Fprintln(w, "     …")
					return nil // leaving the loop ends the iterator cleanly
				}
				fmt.Fprintf(w, "     %s %s type %d object %d version %d\n", t.Tidspunkt, obj.Transaksjonstype, ot.TypeID, obj.ObjektID, obj.Objektversjon)
				shown++
			}
		}
	}
	return nil
}

func runSynsbasen(ctx context.Context, w io.Writer, s settings) error {
	key, opts := s.env("SYNSBASEN_API_KEY"), []synsbasen.Option(nil)
	live, how := s.live("SYNSBASEN_API_KEY")
	if live {
		opts = append(opts, synsbasen.WithRetry(liveRetry))
	}
	if u := s.baseURL("SYNSBASEN"); live && u != "" {
		opts = append(opts, synsbasen.WithBaseURL(u))
	}
	if !live {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		key, opts = "sb_sk_offline", append(opts, synsbasen.WithBaseURL(srv.URL))
	}
	fmt.Fprintf(w, "   (%s)\n", how)
	c, err := synsbasen.NewClient(key, opts...)
	if err != nil {
		return err
	}
	v, err := c.Vehicles.GetByRegistration(ctx, s.registrering, synsbasen.ExpandEmission, synsbasen.ExpandWeight)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: %s, first registered %s, %s\n", str(v.Registration), str(v.BrandAndModel),
		str(v.FirstRegistrationDate), str(v.Status))
	if e := v.Emission; e != nil {
		fmt.Fprintf(w, "   emission: %s, CO2 %s g/km\n", str(e.Euronorm), num(e.CO2))
	}
	if wt := v.Weight; wt != nil {
		fmt.Fprintf(w, "   weight: %s kg total (%s)\n", num(wt.TotalWeight), str(wt.Division))
	}

	year := 2018
	avg, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{
		Query:   synsbasen.Query{synsbasen.Eq("model_year", year)},
		Select:  synsbasen.Avg("mileage"),
		GroupBy: []string{"brand"},
	})
	if err != nil {
		return err
	}
	// Show the five brands with the highest average, whatever the API's order.
	groups := slices.Clone(avg.Groups)
	slices.SortFunc(groups, func(a, b synsbasen.Group) int { return cmp.Compare(b.Value, a.Value) })
	fmt.Fprintf(w, "   average mileage of model year %d by brand (%d brands, cost %g tokens):\n", year, len(groups), avg.Cost)
	for _, g := range groups[:min(5, len(groups))] {
		fmt.Fprintf(w, "     %-12s %8.0f km\n", g.Key, g.Value)
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return "-"
	}
	return *p
}

// num formats an optional number of any of the kinds the models use.
func num[T int | int64 | float64](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
