package apiskrivtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func ExampleNewServer() {
	srv := apiskrivtest.NewServer(apiskrivtest.WithPrefix("/nvdb/apiskriv"), apiskrivtest.WithStrictTokens())
	defer srv.Close()

	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := apiskriv.NewClient("my-test", ts, apiskriv.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := c.Oppdrag.Get(context.Background(), 3466724)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.ID, o.Bruker.Brukernavn)
	fmt.Println("logins:", srv.Logins())
	// Output:
	// 3466724 olanor
	// logins: 1
}

func ExampleServer_Script() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	ts, _ := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
	c, _ := apiskriv.NewClient("my-test", ts, apiskriv.WithBaseURL(srv.URL),
		apiskriv.WithRetry(apiskriv.RetryPolicy{MaxRetries: apiskriv.NoRetries}))

	// The next request (the login) passes; the one after gets a 429.
	srv.Script(apiskrivtest.Fault{}, apiskrivtest.Fault{Status: 429, RetryAfter: "120"})
	_, err := c.Oppdrag.Get(context.Background(), 3466724)
	var ae *apiskriv.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, errors.Is(err, apiskriv.ErrRateLimited), ae.RetryAfter)
	}
	// Output:
	// 429 true 2m0s
}
