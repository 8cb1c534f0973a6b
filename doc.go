// Package vegdata is the root of go-vegdata, a Go SDK for Nordic road and
// vehicle data, and holds the vocabulary its four API packages share:
//
//   - [github.com/vegdata/go-vegdata/autosys]: Statens vegvesen's Autosys
//     kjøretøydata. Technical data of one Norwegian vehicle by kjennemerke
//     or understellsnummer, and the owner-data lookups.
//   - [github.com/vegdata/go-vegdata/nvdb]: NVDB API Les v4, the national
//     road database. List, filter, count and sync road objects.
//   - [github.com/vegdata/go-vegdata/apiskriv]: NVDB API Skriv, the write
//     API. Oppdrag, transaksjoner, endringssett, locks and binary objects.
//   - [github.com/vegdata/go-vegdata/synsbasen]: the Danish Synsbasen API.
//     Vehicles with expands, search and aggregates, inspections, webhooks.
//
// Each package has a fake server in its xxxtest subpackage, so code can be
// tested without keys; the types those fakes share are in
// [github.com/vegdata/go-vegdata/vegdatatest].
//
// # The shared vocabulary
//
// The types below are defined here once and re-exported by every package
// under its own name (nvdb.APIError is vegdata.APIError, autosys.ErrNotFound
// is ErrNotFound), so one errors.Is or errors.As works for all four APIs.
//
// [APIError] is the error of an answer the API did not accept, an answer
// that could not be understood, or a call that got no answer at all. It
// carries the status, the API's code and message, the request id, the
// number of requests sent (Attempts) and, in Err, the underlying cause.
// It matches the sentinel of its class with errors.Is: [ErrNotFound],
// [ErrRateLimited], [ErrQuotaExceeded], [ErrServer], [ErrUnavailable] (no
// attempt got a whole answer), [ErrInvalidResponse] (a 2xx answer that
// arrived whole but could not be understood) and the others. Bad input is
// refused before any request with an error matching [ErrInvalidArgument].
//
// [RetryPolicy] says how often a call is repeated; every zero field takes
// its default, and MaxRetries: [NoRetries] turns retries off. One budget
// covers the whole call: a 429 or 5xx, a dropped connection and an answer
// that broke off or stalled while it was read all count, so a call sends
// at most MaxRetries+1 requests. [Limiter] paces every attempt; a
// *rate.Limiter satisfies it, and so does a limiter shared through Redis.
//
// [Meta] describes the answer to one call (status, request id, attempts,
// headers, Synsbasen's token cost). Every package reports it to a context
// made by [OnMeta] or [CaptureMeta]:
//
//	var m vegdata.Meta
//	v, err := c.LookupKjennemerke(vegdata.CaptureMeta(ctx, &m), "EK 39085")
//	fmt.Println(m.StatusCode, m.RequestID, m.Attempts)
//
// [Attempt] labels each request a client sends (API, SDK operation,
// request id, attempt number) in its context, for a RoundTripper such as
// OpenTelemetry's otelhttp to read with [AttemptFromContext].
//
// # A taste of each package
//
// Look up a Norwegian vehicle:
//
//	c, err := autosys.NewClient(os.Getenv("AUTOSYS_API_KEY"))
//	v, err := c.LookupKjennemerke(ctx, "EK 39085")
//
// Iterate speed limits in Oslo:
//
//	c, err := nvdb.NewClient("my-app")
//	for obj, err := range c.Vegobjekter.All(ctx, 105, &nvdb.VegobjektQuery{Kommune: []int{301}}) { … }
//
// Audit changes in NVDB:
//
//	c, err := apiskriv.NewClient("my-app", ts)
//	for o, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Eier: "olanor"}) { … }
//
// Look up a Danish vehicle with expands:
//
//	c, err := synsbasen.NewClient(os.Getenv("SYNSBASEN_API_KEY"))
//	v, err := c.Vehicles.GetByRegistration(ctx, "AS87640", synsbasen.ExpandEmission, synsbasen.ExpandWeight)
package vegdata
