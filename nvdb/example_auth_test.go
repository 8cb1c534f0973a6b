package nvdb_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// A sensitive vegobjekttype is served only with a bearer token. Wrap a
// token source of your own in oauth2.ReuseTokenSource so it is asked only
// when the token nears expiry.
func ExampleWithTokenSource() {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(999, 25), nvdbtest.WithSensitive(999))
	defer srv.Close()
	ctx := context.Background()

	anon, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	typ, _ := anon.Datakatalog.Vegobjekttype(ctx, 999)
	_, err := anon.Vegobjekter.List(ctx, 999, nil)
	fmt.Println("sensitiv:", typ.Sensitiv, "without a token:", errors.Is(err, nvdb.ErrUnauthorized))

	ts := oauth2.ReuseTokenSource(nil, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "eyJ..."}))
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL), nvdb.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, err := range c.Vegobjekter.All(ctx, 999, nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println("with a token:", n, "objects")
	// Output:
	// sensitiv: true without a token: true
	// with a token: 25 objects
}
