package autosys_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// NewClient checks its input and does no I/O; keep one client for the life
// of the process. Bad arguments to a lookup fail before any request.
func ExampleNewClient() {
	srv := autosystest.NewServer()
	defer srv.Close()
	// Live: autosys.NewClient(os.Getenv("AUTOSYS_API_KEY"))
	c, err := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL), autosys.WithRateLimit(5, 5))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.LookupKjennemerke(context.Background(), "AB 1234567")
	fmt.Println(errors.Is(err, autosys.ErrInvalidArgument), "requests sent:", len(srv.Requests()))

	_, err = autosys.NewClient("")
	fmt.Println(err != nil)
	// Output:
	// true requests sent: 0
	// true
}
