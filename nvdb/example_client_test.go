package nvdb_test

import (
	"fmt"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// NVDB identifies applications by X-Client, so a client without a name is
// refused before it can send anything. One client serves every service and
// is safe for concurrent use.
func ExampleNewClient() {
	_, err := nvdb.NewClient()
	fmt.Println(err != nil)

	srv := nvdbtest.NewServer() // live: leave out WithBaseURL
	defer srv.Close()
	c, err := nvdb.NewClient(
		nvdb.WithClientName("my-app"),
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
