package apiskriv_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// A client needs an X-Client name and a token source; PasswordTokenSource
// logs in on first use and refreshes the token before it expires.
func ExampleNewClient() {
	_, err := apiskriv.NewClient("my-app", nil)
	fmt.Println(errors.Is(err, apiskriv.ErrInvalidArgument))

	srv := apiskrivtest.NewServer() // live: apiskriv.DefaultBaseURL
	defer srv.Close()
	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password,
		apiskriv.WithRealm(apiskriv.RealmEmployee))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := apiskriv.NewClient("my-app", ts, apiskriv.WithBaseURL(srv.URL), apiskriv.WithFormat(apiskriv.XML))
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := c.Oppdrag.Get(context.Background(), 3466724)
	fmt.Println(o.ID, err)
	// Output:
	// true
	// 3466724 <nil>
}

// An answer the API refused is an *APIError: branch on the class with
// errors.Is, read status, messages and request id with errors.As.
func ExampleAPIError() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	_, err := c.Oppdrag.Get(context.Background(), 1)
	var ae *apiskriv.APIError
	if errors.Is(err, apiskriv.ErrNotFound) && errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Message, ae.RequestID != "")
	}
	// Output:
	// 404 Fant ikke oppdrag med id 1 true
}
