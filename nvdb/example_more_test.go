package nvdb_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func ExampleDatakatalogService_Vegobjekttype() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	t, err := c.Datakatalog.Vegobjekttype(context.Background(), 105, nvdb.VegobjekttypeEgenskapstyper)
	if err != nil {
		log.Fatal(err)
	}
	et := t.EgenskapstypeByNavn("Fartsgrense")
	fmt.Println(t.Navn, et.ID, et.Egenskapstype, et.Enhet.Kortnavn)
	for _, v := range et.TillatteVerdier[6:9] {
		fmt.Println(v.Verdi.Any(), "has enum id", v.ID)
	}
	// Output:
	// Fartsgrense 2021 Heltallenum km/h
	// 70 has enum id 2735
	// 80 has enum id 2738
	// 90 has enum id 2741
}

func ExampleDatakatalogService_Filter() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	f, err := c.Datakatalog.Filter(ctx, 105, "Fartsgrense in [70, 80]")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f)
	st, err := c.Vegobjekter.Statistikk(ctx, 105, &nvdb.VegobjektQuery{Egenskap: f, Kommune: []int{301}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Antall, "speed limits of 70 or 80 km/h in Oslo")

	_, err = c.Datakatalog.Filter(ctx, 105, "Fartsgrense = 85")
	fmt.Println(err)
	// Output:
	// egenskap(2021) in [2735,2738]
	// 2 speed limits of 70 or 80 km/h in Oslo
	// nvdb: filter "Fartsgrense = 85" on Fartsgrense (105): Fartsgrense: "85" is not an allowed value (allowed: 5, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120)
}

func ExampleClient_CacheStats() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		if _, err := c.Datakatalog.Enheter(ctx); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%+v\n", c.CacheStats())
	// Output:
	// {Entries:1 Bytes:220 Revalidated:2 Fetched:1}
}

func ExampleOmraderService_Kommuner() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	kommuner, err := c.Omrader.Kommuner(context.Background(), &nvdb.OmradeQuery{
		Inkluder: []nvdb.OmradeInkluder{nvdb.OmradeInkluderSenterpunkt},
		Srid:     nvdb.Srid4326,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range kommuner[:3] {
		fmt.Println(k.Nummer, k.Navn, "in fylke", k.Fylke)
	}
	// Output:
	// 301 Oslo in fylke 3
	// 1103 Stavanger in fylke 11
	// 1122 Gjesdal in fylke 11
}

func ExampleVegnettService_Veg() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	p, err := c.Vegnett.Veg(ctx, &nvdb.VegQuery{Veglenkesekvens: "0.5@383266"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Vegsystemreferanse.Kortform, "in kommune", p.Kommune)
	fmt.Println(p.Geometri.WKT)
	// Output:
	// SV113 S2D1 m23 in kommune 4647
	// POINT Z (25383.472 6855352.813 233.802)
}

func ExampleVeglenkesekvenserService_SegmentertAll() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	var km float64
	for sg, err := range c.Veglenkesekvenser.SegmentertAll(context.Background(), &nvdb.SegmentertQuery{Kommune: []int{301}}) {
		if err != nil {
			log.Fatal(err)
		}
		km += sg.Lengde / 1000
	}
	fmt.Printf("%.2f km of road network in Oslo\n", km)
	// Output:
	// 2.71 km of road network in Oslo
}

func ExampleVegnettService_Posisjon() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	hits, err := c.Vegnett.Posisjon(context.Background(), &nvdb.PosisjonQuery{Nord: nvdb.Float(6855350), Ost: nvdb.Float(25390)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, %.1f m away\n", hits[0].Veglenkesekvens.Kortform, *hits[0].Avstand)
	// Output:
	// 0.34061223@383266, 1.8 m away
}

func ExampleWriteGeoJSON() {
	srv := nvdbtest.NewServer()
	defer srv.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	q := &nvdb.VegobjektQuery{Ider: []int64{79632559}, Srid: nvdb.Srid4326,
		Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper, nvdb.InkluderGeometri}}
	var out strings.Builder
	n, err := nvdb.WriteGeoJSON(&out, c.Vegobjekter.All(context.Background(), 45, q))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "feature")
	fmt.Print(out.String())
	// Output:
	// 1 feature
	// {"type":"FeatureCollection","features":[
	// {"type":"Feature","id":79632559,"geometry":{"type":"Point","coordinates":[5.70204635,58.92712294,12.4]},"properties":{"vegobjekttype":45,"versjon":6,"startdato":"2015-11-19","Navn bomstasjon":"Madlaveien","Takst stor bil":96,"Takst liten bil":32,"Bomstasjonstype":"AutoPASS + automatisk","Tidsdifferensiert takst":"Nei","Timesregel":"Ja","Vedtatt til år":2030,"Innkrevningsretning":"Begge retninger","Bomstasjon_Id":12,"Bompengeanlegg_Id":41,"Navn bompengeanlegg (fra CS)":"Ferde AS - Nord-Jæren"}}
	// ]}
}
