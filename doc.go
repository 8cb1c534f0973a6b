// Package vegdata is the root of go-vegdata, a Go SDK for Nordic road and
// vehicle data. The module holds one package per API; this package only
// documents them.
//
//   - [github.com/vegdata/go-vegdata/autosys]: Statens vegvesen's Autosys
//     kjøretøydata lookup. Technical data of one Norwegian vehicle by
//     kjennemerke or understellsnummer.
//   - [github.com/vegdata/go-vegdata/nvdb]: NVDB API Les v4, the national
//     road database. List, filter, count and sync road objects.
//   - [github.com/vegdata/go-vegdata/apiskriv]: NVDB API Skriv, the write
//     API. Oppdrag, transaksjoner and endringssett.
//   - [github.com/vegdata/go-vegdata/synsbasen]: the Danish Synsbasen API.
//     Vehicles with expands, search and aggregates, inspections, webhooks.
//
// Every package shares one transport: rate limiting on every attempt,
// retries of 429 and 5xx that honour Retry-After up to a cap, typed errors
// (*APIError matching ErrNotFound, ErrRateLimited, ErrQuotaExceeded … with
// errors.Is), and credentials that never reach a log line. Each package has
// a fake server in its xxxtest subpackage, so code can be tested without keys.
//
// Look up a Norwegian vehicle:
//
//	c, err := autosys.NewClient(os.Getenv("AUTOSYS_API_KEY"))
//	v, err := c.LookupKjennemerke(ctx, "EK 39085")
//
// Iterate speed limits in Oslo:
//
//	c, err := nvdb.NewClient(nvdb.WithClientName("my-app"))
//	for obj, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{301}}) { … }
//
// Audit changes in NVDB:
//
//	c, err := apiskriv.NewClient(apiskriv.WithTokenSource(ts), apiskriv.WithClientName("my-app"))
//	for o, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Eier: "olanor"}) { … }
//
// Look up a Danish vehicle with expands:
//
//	c, err := synsbasen.NewClient(os.Getenv("SYNSBASEN_API_KEY"))
//	v, err := c.Vehicles.GetByRegistration(ctx, "AS87640", synsbasen.ExpandEmission, synsbasen.ExpandWeight)
package vegdata
