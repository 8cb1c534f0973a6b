package nvdbtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func ExampleNewServer() {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 1_000_000)) // built on demand
	defer srv.Close()
	c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	st, _ := c.Vegobjekter.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Fylke: []int{50}})
	fmt.Println(st.Antall, "speed limits in fylke 50")

	tl, _ := c.Vegobjekter.Get(ctx, 67, 89204552, nil) // the documentation's tunnel tube
	fmt.Println(tl.Metadata.Type.Navn, tl.Versjon())
	// Output:
	// 125000 speed limits in fylke 50
	// Tunnelløp 3
}

func ExampleServer_Script() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, _ := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL),
		nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}))

	srv.Script(nvdbtest.Fault{Status: http.StatusServiceUnavailable})
	_, err := c.Vegobjekter.Get(context.Background(), 45, 79632559, nil)
	fmt.Println(errors.Is(err, nvdb.ErrServer))

	obj, err := c.Vegobjekter.Get(context.Background(), 45, 79632559, nil) // the script is spent
	fmt.Println(obj.ID, err)
	// Output:
	// true
	// 79632559 <nil>
}
