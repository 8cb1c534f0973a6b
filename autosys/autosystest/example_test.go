package autosystest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// Point a client at the fake to test code that uses package autosys.
func ExampleNewServer() {
	srv := autosystest.NewServer(autosystest.WithKeys("test-key"))
	defer srv.Close()
	c, err := autosys.NewClient("test-key", autosys.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := c.LookupKjennemerke(context.Background(), "BE 12335")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Merke(), v.Modell(), v.Drivstoff())
	// Output:
	// VOLKSWAGEN PASSAT [Bensin Elektrisk]
}

// Script failures to test how code copes with an unreliable service: here
// two 503s, which the client retries, and a not-found answered as 204.
// Short retry waits keep such tests quick.
func ExampleServer_Script() {
	srv := autosystest.NewServer(autosystest.WithNotFound(autosystest.NotFoundNoContent))
	defer srv.Close()
	c, _ := autosys.NewClient("k", autosys.WithBaseURL(srv.URL),
		autosys.WithRetry(autosys.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}))
	srv.Script(autosystest.Fault{Status: 503}, autosystest.Fault{Status: 503})
	v, err := c.LookupKjennemerke(context.Background(), "SP 23005")
	fmt.Println(v.Registreringsstatus(), err, len(srv.Requests()))
	_, err = c.LookupKjennemerke(context.Background(), "AA 00000")
	fmt.Println(errors.Is(err, autosys.ErrNotFound))
	// Output:
	// VRAKET <nil> 3
	// true
}

// The plates of the fake's vehicles.
func ExampleKjennemerker() {
	fmt.Println(autosystest.Kjennemerker())
	// Output:
	// [ZT 40123 KT 4821 KH 54321 EC 45678 EK 39085 HEIA SP 23005 BE 12335 JV 7731 VH 33445 CD 19650]
}
