// Command synsbasen-search compares brands: for the cars of one model year
// it prints how many there are, their average mileage and their share by
// fuel type, using Synsbasen's search aggregates (COUNT, AVG() and
// PERCENTAGE grouped by brand).
//
//	synsbasen-search -year 2018
//	synsbasen-search -year 2020 -kind Personbil
//
// With SYNSBASEN_API_KEY set it asks the real API (each aggregate costs
// tokens; the cost is printed); without it, it runs against the in-process
// fake (synsbasentest), so it works offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"text/tabwriter"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv("SYNSBASEN_API_KEY")); err != nil {
		fmt.Fprintln(os.Stderr, "synsbasen-search:", err)
		os.Exit(1)
	}
}

// run parses args, builds a client (against the fake when key is empty)
// and writes the report to w.
func run(ctx context.Context, args []string, w io.Writer, key string) error {
	fs := flag.NewFlagSet("synsbasen-search", flag.ContinueOnError)
	fs.SetOutput(w)
	year := fs.Int("year", 2018, "model year")
	kind := fs.String("kind", "Personbil", `vehicle kind ("Personbil", "Varebil" …); empty for all`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year < 1900 || *year > 2100 {
		return fmt.Errorf("model year %d is out of range", *year)
	}
	var opts []synsbasen.Option
	if key == "" {
		srv := synsbasentest.NewServer()
		defer srv.Close()
		key = "offline"
		opts = append(opts, synsbasen.WithBaseURL(srv.URL))
		fmt.Fprintln(w, "(no SYNSBASEN_API_KEY: using the offline fake)")
	}
	c, err := synsbasen.NewClient(key, opts...)
	if err != nil {
		return err
	}
	rep, err := BrandReport(ctx, c, *year, *kind)
	if err != nil {
		return err
	}
	rep.Print(w)
	return nil
}

// BrandRow is one brand's line of the report.
type BrandRow struct {
	Brand       string
	Count       float64
	AvgMileage  float64 // km; only meaningful when HasMileage
	HasMileage  bool
	FuelSharePc map[string]float64 // fuel type → percentage of the brand's cars
}

// Report is the answer for one model year.
type Report struct {
	Year  int
	Rows  []BrandRow
	Fuels []string
	Cost  float64 // tokens spent
}

// BrandReport asks three aggregates: count and average mileage per brand,
// and the fuel type share within each brand (PERCENTAGE RELATIVE grouped by
// brand and fuel type).
func BrandReport(ctx context.Context, c *synsbasen.Client, year int, kind string) (*Report, error) {
	query := synsbasen.Query{synsbasen.Eq("model_year", year)}
	if kind != "" {
		query = append(query, synsbasen.Eq("kind", kind))
	}
	counts, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Query: query, Method: synsbasen.MethodCount, GroupBy: []string{"brand"}})
	if err != nil {
		return nil, fmt.Errorf("counting: %w", err)
	}
	avgs, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Query: query, Select: synsbasen.Avg("mileage"), GroupBy: []string{"brand"}})
	if err != nil {
		return nil, fmt.Errorf("average mileage: %w", err)
	}
	shares, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{Query: query, Method: synsbasen.MethodPercentage,
		PercentageType: synsbasen.PercentageRelative, GroupBy: []string{"brand", "fuel_type"}})
	if err != nil {
		return nil, fmt.Errorf("fuel shares: %w", err)
	}
	rep := &Report{Year: year, Cost: counts.Cost + avgs.Cost + shares.Cost}
	rows := map[string]*BrandRow{}
	for _, g := range counts.Groups {
		rows[g.Key] = &BrandRow{Brand: g.Key, Count: g.Value, FuelSharePc: map[string]float64{}}
	}
	for _, g := range avgs.Groups {
		if r := rows[g.Key]; r != nil && !g.Null {
			r.AvgMileage, r.HasMileage = g.Value, true
		}
	}
	fuels := map[string]bool{}
	for _, g := range shares.Groups {
		if len(g.Keys) != 2 {
			return nil, errors.New("fuel shares: expected groups keyed by brand and fuel type")
		}
		if r := rows[g.Keys[0]]; r != nil {
			r.FuelSharePc[g.Keys[1]] = g.Value
			fuels[g.Keys[1]] = true
		}
	}
	for _, r := range rows {
		rep.Rows = append(rep.Rows, *r)
	}
	sort.Slice(rep.Rows, func(i, j int) bool {
		if rep.Rows[i].Count != rep.Rows[j].Count {
			return rep.Rows[i].Count > rep.Rows[j].Count
		}
		return rep.Rows[i].Brand < rep.Rows[j].Brand
	})
	for f := range fuels {
		rep.Fuels = append(rep.Fuels, f)
	}
	sort.Strings(rep.Fuels)
	return rep, nil
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "Model year %d\n", r.Year)
	if len(r.Rows) == 0 {
		fmt.Fprintln(w, "no vehicles found")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "brand\tvehicles\tavg km\t")
	for _, f := range r.Fuels {
		fmt.Fprintf(tw, "%s\t", f)
	}
	fmt.Fprintln(tw)
	for _, row := range r.Rows {
		km := "-"
		if row.HasMileage {
			km = fmt.Sprintf("%.0f", row.AvgMileage)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t", row.Brand, row.Count, km)
		for _, f := range r.Fuels {
			fmt.Fprintf(tw, "%.0f%%\t", row.FuelSharePc[f])
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "tokens spent: %.0f\n", r.Cost)
}
