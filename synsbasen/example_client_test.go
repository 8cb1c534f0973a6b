package synsbasen_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// NewClient takes the API key and checks its options without any I/O; keep
// the client for the life of the process.
func ExampleNewClient() {
	_, err := synsbasen.NewClient("")
	fmt.Println(err != nil)

	srv := synsbasentest.NewServer() // live: leave out WithBaseURL
	defer srv.Close()
	c, err := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL), synsbasen.WithRateLimit(5, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := c.Vehicles.GetByVIN(context.Background(), "VF7X1REVF72378327")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*v.Registration, v.ID)
	// Output:
	// true
	// AS87640 1004501200018020
}

// An answer the API refused is an *APIError: branch on the class with
// errors.Is, read status, message and request id with errors.As.
func ExampleAPIError() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))

	_, err := c.Vehicles.GetByRegistration(context.Background(), "ZZ99999")
	var ae *synsbasen.APIError
	if errors.Is(err, synsbasen.ErrNotFound) && errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Message)
	}
	// Output:
	// 404 Vehicle not found
}
