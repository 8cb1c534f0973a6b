package synsbasentest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// Point a client at the fake instead of api.synsbasen.dk; it answers the
// documentation's vehicles and charges tokens as the real service does.
func ExampleNewServer() {
	srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(2))
	defer srv.Close()
	c, err := synsbasen.NewClient("sb_sk_test", synsbasen.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	v, err := c.Vehicles.GetByRegistration(ctx, "AS 87640")
	fmt.Println(*v.BrandAndModel, err, "tokens left:", srv.Tokens())
	_, _ = c.Vehicles.GetByRegistration(ctx, "AS67902")
	_, err = c.Vehicles.GetByRegistration(ctx, "AS87640")
	fmt.Println("balance spent:", errors.Is(err, synsbasen.ErrQuotaExceeded))
	// Output:
	// CITROËN XANTIA <nil> tokens left: 1
	// balance spent: true
}

// Script makes the next answers fail, to test how your code copes.
func ExampleServer_Script() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_test", synsbasen.WithBaseURL(srv.URL),
		synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: 1, MinWait: 1, MaxWait: 1}))
	srv.Script(synsbasentest.Fault{Status: 503}, synsbasentest.Fault{Status: 503})
	_, err := c.Vehicles.Get(context.Background(), synsbasentest.VehicleID)
	var ae *synsbasen.APIError
	fmt.Println(errors.Is(err, synsbasen.ErrServer), errors.As(err, &ae) && ae.Attempts == 2)
	v, err := c.Vehicles.Get(context.Background(), synsbasentest.VehicleID)
	fmt.Println(*v.Registration, err)
	// Output:
	// true true
	// AS87640 <nil>
}
