package nvdb_test

import (
	"fmt"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// NVDB identifies applications by X-Client, so the client's name is
// NewClient's first argument, and an empty one is refused before anything
// is sent. One client serves every service and is safe for concurrent
// use.
func ExampleNewClient() {
	_, err := nvdb.NewClient("")
	fmt.Println(err != nil)

	srv := nvdbtest.NewServer() // live: leave out WithBaseURL
	defer srv.Close()
	c, err := nvdb.NewClient("my-app",
		nvdb.WithKontaktperson("ola.nordmann@example.no"),
		nvdb.WithBaseURL(srv.URL),
		nvdb.WithRateLimit(20, 1), // stay well under NVDB's 40 requests/s
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.BaseURL() == srv.URL)
	// Output:
	// true
	// true
}
