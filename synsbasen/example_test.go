package synsbasen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func ExampleVehiclesService_GetByRegistration() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, err := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	var meta synsbasen.Meta
	ctx := vegdata.CaptureMeta(context.Background(), &meta)
	v, err := c.Vehicles.GetByRegistration(ctx, "AS87640", synsbasen.ExpandEmission, synsbasen.ExpandWeight)
	if err != nil {
		fmt.Println(err)
		return
	}
	total, _ := v.TotalWeight()
	fmt.Println(v.BrandModel(), v.Euronorm(), total, meta.Cost)
	first, _ := v.FirstRegistered()
	co2, _ := v.CO2()
	fmt.Println(first.Format("2006-01-02"), *v.Status, co2, "g/km")
	// Without the engine expand, its values are simply not there.
	hp, ok := v.Horsepower()
	fmt.Println(hp, ok)
	// Output:
	// CITROËN XANTIA Euro V 1340 1
	// 2000-08-14 Skrottet 100 g/km
	// 0 false
}

func ExampleVehiclesService_Distinct() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	fuels, err := c.Vehicles.Distinct(context.Background(), &synsbasen.Search{
		Query:   synsbasen.Query{synsbasen.Eq("fuel_type", "Benzin")},
		GroupBy: []string{"fuel_type_extended"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range fuels.Keys() {
		fmt.Println(f)
	}
	fmt.Println("cost:", fuels.Cost)
	// Output:
	// Benzin
	// Hybrid (Benzin)
	// Plugin-hybrid (Benzin)
	// cost: 1
}

func ExampleVehiclesService_SearchPages() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Start("registration", "AS876")}, PerPage: 5}
	for p, err := range c.Vehicles.SearchPages(context.Background(), q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		// p.Next is the checkpoint: Search.Page to resume after this page.
		fmt.Printf("page %d of %d: %d vehicles, %g tokens, next %d\n", p.Page, p.TotalPages, len(p.Items), p.Cost, p.Next)
	}
	// Output:
	// page 1 of 4: 5 vehicles, 5 tokens, next 2
	// page 2 of 4: 5 vehicles, 5 tokens, next 3
	// page 3 of 4: 5 vehicles, 5 tokens, next 4
	// page 4 of 4: 3 vehicles, 3 tokens, next 0
}

func ExampleVehiclesService_SearchAll() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	q := &synsbasen.Search{
		Query:   synsbasen.Query{synsbasen.Start("registration", "AS876"), synsbasen.Eq("brand", "CITROËN")},
		Sorts:   []string{synsbasen.Asc("registration")},
		PerPage: 2,
	}
	for v, err := range c.Vehicles.SearchAll(context.Background(), q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(*v.Registration, *v.BrandAndModel)
	}
	// Output:
	// AS87640 CITROËN XANTIA
	// AS87643 CITROËN XANTIA
	// AS87646 CITROËN XANTIA
	// AS87649 CITROËN XANTIA
	// AS87652 CITROËN XANTIA
	// AS87655 CITROËN XANTIA
}

func ExampleVehiclesService_Aggregate() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	avg, err := c.Vehicles.Aggregate(context.Background(), &synsbasen.Search{
		Query:   synsbasen.Query{synsbasen.Eq("model_year", 2018)},
		Select:  synsbasen.Avg("mileage"),
		GroupBy: []string{"brand"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range avg.Groups {
		fmt.Printf("%-10s %7.0f km\n", g.Key, g.Value)
	}
	fmt.Println("cost:", avg.Cost)
	// Output:
	// AUDI        100000 km
	// PEUGEOT     128500 km
	// TOYOTA      150000 km
	// VOLKSWAGEN  166000 km
	// cost: 1
}

func ExampleVehiclesService_Aggregate_percentage() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	share, err := c.Vehicles.Aggregate(context.Background(), &synsbasen.Search{
		Method:         synsbasen.MethodPercentage,
		PercentageType: synsbasen.PercentageTotal,
		GroupBy:        []string{"fuel_type"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range share.Groups {
		fmt.Printf("%s %.2f%%\n", g.Key, g.Value)
	}
	// Output:
	// Benzin 77.50%
	// Diesel 13.75%
	// El 8.75%
}

func ExampleInspectionsService_Get() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	in, err := c.Inspections.Get(context.Background(), 26939482)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(in.Date, in.Kind, in.Result, *in.Mileage, "km at", in.TestCenterName)
	for _, ec := range in.ErrorCodes {
		fmt.Printf("%s (%s): %s\n", ec.Code, ec.Category, ec.Description)
	}
	// Output:
	// 2021-01-07 Periodisk syn Godkendt 129000 km at Dekra Bilsyn
	// 6 (El-anlæg, lygter, reflekser mv.): nummerpladelygte, virker ikke, højre
}

func ExampleWatchedVehiclesService_Add() {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	ctx := context.Background()
	w, err := c.WatchedVehicles.Add(ctx, 9000000000970539)
	fmt.Println(w.VehicleID, err)
	_, err = c.WatchedVehicles.Add(ctx, 9000000000970539)
	fmt.Println(errors.Is(err, synsbasen.ErrAlreadyWatched))
	// Output:
	// 9000000000970539 <nil>
	// true
}

func ExampleNewWebhookHandler() {
	fake := synsbasentest.NewServer()
	defer fake.Close()
	secret := "sb_whsk_example"
	h, err := synsbasen.NewWebhookHandler(secret, func(ctx context.Context, ev *synsbasen.Event) error {
		switch ev.Name {
		case synsbasen.EventInspectionCreated:
			fmt.Println("new inspection of", *ev.Inspection.Registration, "result", ev.Inspection.Result)
		default:
			fmt.Println("event", ev.Name)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	recv := httptest.NewServer(h) // in production: http.Handle("/hooks/synsbasen", h)
	defer recv.Close()

	status, _ := fake.Deliver(context.Background(), recv.URL, secret, synsbasen.EventInspectionCreated)
	fmt.Println("answered", status)
	body, _ := fake.EventPayload(synsbasen.EventVehiclesUpdated)
	status, _ = synsbasentest.SendTamperedWebhook(context.Background(), nil, recv.URL, secret, body)
	fmt.Println("tampered delivery answered", status)
	// Output:
	// new inspection of AS67902 result Godkendt
	// answered 204
	// tampered delivery answered 401
}

func ExampleVerifySignature() {
	body := []byte(`{"event":"vehicles.updated","data":null}`)
	sig := synsbasen.Sign("sb_whsk_example", body) // what Synsbasen sends in X-Synsbasen-Signature
	fmt.Println(synsbasen.VerifySignature("sb_whsk_example", body, sig))
	fmt.Println(synsbasen.VerifySignature("sb_whsk_example", []byte(`{"event":"vehicles.updated","data":1}`), sig))
	// Output:
	// true
	// false
}

func ExampleClient_Tokens() {
	srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(1337))
	defer srv.Close()
	c, _ := synsbasen.NewClient("sb_sk_example", synsbasen.WithBaseURL(srv.URL))
	b, err := c.Tokens(context.Background())
	fmt.Println(b.Tokens, err)
	// Output:
	// 1337 <nil>
}
