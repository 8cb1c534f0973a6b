package vegdatatest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/vegdatatest"
)

// Script the next answers of a fake and read back what it received: the
// key is masked, and each request says which fault it got.
func Example() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-secret-key", autosys.WithBaseURL(srv.URL))

	srv.Script(vegdatatest.Fault{Status: 503}, vegdatatest.Fault{Drop: true})
	v, err := c.LookupKjennemerke(context.Background(), "EK 39085")
	fmt.Println(v.Merke(), err)

	srv.Script(vegdatatest.Fault{Quota: true})
	_, err = c.LookupKjennemerke(context.Background(), "EK 39085")
	fmt.Println(errors.Is(err, autosys.ErrQuotaExceeded))

	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Query, r.Auth, r.Fault.Status, r.Fault.Drop, r.Fault.Quota)
	}
	// Output:
	// VOLKSWAGEN <nil>
	// true
	// GET /enkeltoppslag/kjoretoydata kjennemerke=EK39085 Apikey *** 503 false false
	// GET /enkeltoppslag/kjoretoydata kjennemerke=EK39085 Apikey *** 0 true false
	// GET /enkeltoppslag/kjoretoydata kjennemerke=EK39085 Apikey *** 0 false false
	// GET /enkeltoppslag/kjoretoydata kjennemerke=EK39085 Apikey *** 0 false true
}
