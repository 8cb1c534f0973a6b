package nvdb_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func Example() {
	srv := nvdbtest.NewServer() // stands in for https://nvdbapiles.atlas.vegvesen.no
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	q := &nvdb.VegobjektQuery{Kommune: []int{301}, Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}}
	n := 0
	for obj, err := range c.Vegobjekter.All(ctx, 105, q) {
		if err != nil {
			log.Fatal(err)
		}
		if n < 3 {
			fmt.Println(obj.ID, obj.Egenskap(2021))
		}
		n++
	}
	fmt.Println(n, "speed limits in Oslo")
	// Output:
	// 85101001 30 km/h
	// 85101008 40 km/h
	// 85101029 80 km/h
	// 12 speed limits in Oslo
}

func ExampleVegobjekterService_Get() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))

	tunnel, err := c.Vegobjekter.Get(context.Background(), 581, 79608124, nil)
	if err != nil {
		log.Fatal(err)
	}
	navn, _ := tunnel.Egenskaper.ByNavn("Navn").Tekst()
	lengde := tunnel.Egenskap(8945)
	fmt.Println(tunnel.Metadata.Type.Navn, navn, lengde)
	// Output: Tunnel Vikatunnelen 120 m
}

func ExampleVegobjekterService_List() {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 2500))
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	ctx := context.Background()

	// A job that checkpoints: one page at a time, saving the cursor.
	q := &nvdb.VegobjektQuery{Antall: 1000}
	for page := 1; ; page++ {
		side, err := c.Vegobjekter.List(ctx, 105, q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("page %d: %d objects, more: %v\n", page, len(side.Items), side.Next != "")
		if side.Next == "" {
			break
		}
		q.Start = side.Next // save this to resume later
	}
	// Output:
	// page 1: 1000 objects, more: true
	// page 2: 1000 objects, more: true
	// page 3: 500 objects, more: true
	// page 4: 0 objects, more: false
}

func ExampleVegobjekterService_Statistikk() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	ctx := context.Background()

	st, err := c.Vegobjekter.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{301}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d objects, %.0f m\n", st.Antall, st.Lengde)

	perFart, _ := c.Vegobjekter.StatistikkPerEgenskap(ctx, 105, 2021, nil)
	for _, g := range perFart[:2] {
		fmt.Printf("enum %d: %d\n", *g.EgenskapsVerdi, g.Antall)
	}
	// Output:
	// 12 objects, 2648 m
	// enum 2726: 5
	// enum 2728: 3
}

func ExampleEgenskapID() {
	f := nvdb.And(
		nvdb.EgenskapID(2021).In(2726, 2728), // 30 or 40 km/h
		nvdb.Or(nvdb.EgenskapID(5127).Gteq("2020-01-01"), nvdb.EgenskapID(5127).IsNull()),
	)
	fmt.Println(f)
	fmt.Println(nvdb.RelasjonFilter(67, nvdb.EgenskapID(1317).Gt(2000)))
	fmt.Println(nvdb.Overlapp(105, nvdb.EgenskapID(2021).Eq(2738)))
	// Output:
	// egenskap(2021) in [2726,2728] AND (egenskap(5127)>='2020-01-01' OR egenskap(5127)=null)
	// relasjon(67, egenskap(1317)>2000)
	// 105(egenskap(2021)=2738)
}

func ExampleVegobjekterService_EndringerPages() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))

	opprettet, endret := 0, 0
	var cursor string
	for page, err := range c.Vegobjekter.EndringerPages(context.Background(), []int{67}, nil) {
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range page.Items {
			switch e.Endring {
			case nvdb.EndringOpprettet:
				opprettet++
			case nvdb.EndringEndret:
				endret++
			}
		}
		cursor = page.Next // poll from here next time
	}
	fmt.Println(opprettet, "versions created,", endret, "closed; cursor saved:", cursor != "")
	// Output: 5 versions created, 2 closed; cursor saved: true
}

func ExampleAPIError() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))

	_, err := c.Vegobjekter.Get(context.Background(), 105, 1, nil)
	var ae *nvdb.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, errors.Is(err, nvdb.ErrNotFound), ae.Message, ae.RequestID != "")
	}
	// Output: 404 true Not Found: Fant ikke vegobjekt 1 av type 105 true
}

func ExampleVegobjekterService_Pages() {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 2500))
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	ctx := context.Background()

	// First run: stop after two pages, keeping the cursor (in a real job:
	// in a file or a database, after the page's objects are stored).
	var checkpoint string
	stored := 0
	for page, err := range c.Vegobjekter.Pages(ctx, 105, &nvdb.VegobjektQuery{Antall: 1000}) {
		if err != nil {
			log.Fatal(err)
		}
		stored += len(page.Items)
		checkpoint = page.Next
		if stored == 2000 {
			break
		}
	}
	// Later: resume exactly after the stored pages.
	for page, err := range c.Vegobjekter.Pages(ctx, 105, &nvdb.VegobjektQuery{Antall: 1000, Start: checkpoint}) {
		if err != nil {
			log.Fatal(err)
		}
		stored += len(page.Items)
	}
	fmt.Println(stored, "objects stored")
	// Output: 2500 objects stored
}

func ExampleVegobjekterService_Scan() {
	srv := nvdbtest.NewServer(nvdbtest.WithGenerated(105, 2000))
	defer srv.Close()
	c, _ := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))

	perFylke := map[int]int{}
	opts := &nvdb.ScanOptions{Fylker: nvdbtest.GeneratedFylker(), Workers: 4}
	q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}}
	for obj, err := range c.Vegobjekter.Scan(context.Background(), 105, q, opts) {
		if err != nil {
			log.Fatal(err)
		}
		perFylke[obj.Lokasjon.Fylker[0]]++
	}
	fmt.Println(len(perFylke), "fylker,", perFylke[50], "speed limits in Trøndelag")
	// Output: 8 fylker, 250 speed limits in Trøndelag
}
