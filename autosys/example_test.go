package autosys_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// Look up a vehicle by its plate and read the fields most callers want.
func ExampleClient_LookupKjennemerke() {
	srv := autosystest.NewServer() // the real API needs a key: autosys.NewClient(os.Getenv("AUTOSYS_API_KEY"))
	defer srv.Close()
	c, err := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := c.LookupKjennemerke(context.Background(), "ek 39085")
	if err != nil {
		fmt.Println(err)
		return
	}
	first, _ := v.ForstegangsregistrertNorge()
	frist, _ := v.Kontrollfrist()
	kg, _ := v.Egenvekt()
	fmt.Println(v.RegistrertKjennemerke(), v.Merke(), v.Modell(), v.Drivstoff())
	fmt.Println("first registered", first, "- EU control due", frist, "-", kg, "kg -", v.Farge())
	// Output:
	// EK 39085 VOLKSWAGEN GOLF [Elektrisk]
	// first registered 2017-06-06 - EU control due 2023-05-31 - 1540 kg - Grå
}

// Look up by VIN; old vehicles have short ones.
func ExampleClient_LookupUnderstellsnummer() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	v, err := c.LookupUnderstellsnummer(context.Background(), "TA40316268")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, hasControl := v.Kontrollfrist()
	fmt.Println(v.RegistrertKjennemerke(), v.Merke(), v.Modell(), v.Registreringsstatus(), "periodic control:", hasControl)
	// Output:
	// SP 23005 TOYOTA CARINA VRAKET periodic control: false
}

// Every way the API says "nothing to give out" matches ErrNotFound; the
// API's feilmelding is kept in APIError.Code.
func ExampleClient_LookupKjennemerke_notFound() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	_, err := c.LookupKjennemerke(context.Background(), "ZZ 99999")
	var ae *autosys.APIError
	if errors.Is(err, autosys.ErrNotFound) && errors.As(err, &ae) {
		fmt.Println("not found:", ae.Code)
	}
	// Output:
	// not found: OPPLYSNINGER_IKKE_TILGJENGELIGE
}

// A spent daily quota fails at once with the time it resets (the next
// midnight in Norway), instead of retrying until then.
func ExampleClient_LookupKjennemerke_quota() {
	now := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
	srv := autosystest.NewServer(autosystest.WithDailyQuota(1), autosystest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	ctx := context.Background()
	_, _ = c.LookupKjennemerke(ctx, "EK39085")
	_, err := c.LookupKjennemerke(ctx, "BE12335")
	var ae *autosys.APIError
	if errors.Is(err, autosys.ErrQuotaExceeded) && errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, "quota resets", ae.RetryAt.In(autosys.Oslo()).Format(time.DateTime))
	}
	// Output:
	// 422 quota resets 2026-11-23 00:00:00
}

// The client counts its own calls per Oslo day and refuses locally before
// a known refusal spends a request.
func ExampleQuota() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL), autosys.WithDailyQuota(2))
	ctx := context.Background()
	for _, plate := range []string{"EK39085", "BE12335", "SP23005"} {
		_, err := c.LookupKjennemerke(ctx, plate)
		fmt.Println(plate, errors.Is(err, autosys.ErrQuotaExceeded), c.Quota().Remaining())
	}
	fmt.Println("requests sent:", len(srv.Requests()))
	// Output:
	// EK39085 false 1
	// BE12335 false 0
	// SP23005 true 0
	// requests sent: 2
}

// Look up a fleet with bounded concurrency; one failure does not stop the
// rest.
func ExampleClient_LookupMany() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	fleet := []autosys.Oppslag{{Kjennemerke: "ZT 40123"}, {Kjennemerke: "ZZ 99999"}, {Understellsnummer: "XP7YGCEK9PB123456"}}
	for r, err := range c.LookupMany(context.Background(), fleet, &autosys.BatchOptions{Concurrency: 2}) {
		if err != nil {
			fmt.Println(r.Oppslag, "→", errors.Is(err, autosys.ErrNotFound))
			continue
		}
		kg, _ := r.Kjoretoydata.TillattTotalvekt()
		fmt.Println(r.Oppslag, "→", r.Kjoretoydata.Merke(), r.Kjoretoydata.Modell(), kg, "kg")
	}
	// Output:
	// ZT 40123 → VOLVO FH 26000 kg
	// ZZ 99999 → true
	// XP7YGCEK9PB123456 → TESLA MODEL Y 2472 kg
}

// ParseOppslag tells a plate from a VIN in user input.
func ExampleParseOppslag() {
	for _, s := range []string{"ek-39085", "wvwzzzauzh8950429"} {
		o, _ := autosys.ParseOppslag(s)
		fmt.Printf("kjennemerke=%q understellsnummer=%q\n", o.Kjennemerke, o.Understellsnummer)
	}
	// Output:
	// kjennemerke="EK39085" understellsnummer=""
	// kjennemerke="" understellsnummer="WVWZZZAUZH8950429"
}
