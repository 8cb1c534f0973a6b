// Package synsbasen is a client for Synsbasen API v1 (api.synsbasen.dk), the
// Danish motor register (DMR) combined with the periodic inspections and
// test centers of Færdselsstyrelsen.
//
// # Getting started
//
// Create one client with your API key and keep it; it is safe for
// concurrent use and does no I/O until you call it:
//
//	c, err := synsbasen.NewClient(os.Getenv("SYNSBASEN_API_KEY"))
//	v, err := c.Vehicles.GetByRegistration(ctx, "AS87640", synsbasen.ExpandEmission, synsbasen.ExpandWeight)
//	w, ok := v.TotalWeight() // ok is false without the weight expand
//	fmt.Println(v.BrandModel(), v.Euronorm(), w, ok)
//
// Vehicles are found by Synsbasen id (Get), registration (GetByRegistration;
// spaces are dropped and Æ, Ø and Å work) or VIN (GetByVIN). The key is sent
// as "Authorization: Bearer <key>" and never appears in logs or errors.
//
// # Expands
//
// A vehicle answers its own fields; the 17 expandable resources (emission,
// engine, weight, axle, body, permits, age, equipment, manufacturer,
// driving_license, periodic_taxes, dmr_data, tinglysning_data,
// leasing_periods, supplementary_body_types, appraisals, inspections) are
// asked for with the Expand constants and land in the matching Vehicle
// field. dmr_data, tinglysning_data and appraisals are fetched live by
// Synsbasen and cost an extra token each; every expanded inspection costs a
// token.
//
// # Search and aggregates
//
// Vehicles, inspections, error codes, inspection test centers, leasing
// periods and the catalogue (brands, models, variants, versions) can be
// searched with a Search: conditions built with Eq, NotEq, Start, End, Cont,
// ICont, ContAny, IContAny, In, NotIn, Gt, Gteq, Lt and Lteq, sorts, and
// page/per_page.
//
//	q := &synsbasen.Search{
//		Query:   synsbasen.Query{synsbasen.Start("registration", "AS876")},
//		Sorts:   []string{synsbasen.Asc("registration")},
//		PerPage: 10,
//	}
//	page, err := c.Vehicles.Search(ctx, q)             // one page: page.TotalCount, page.Next
//	for v, err := range c.Vehicles.SearchAll(ctx, q) { … }   // every item, pages fetched as you go
//	for p, err := range c.Vehicles.SearchPages(ctx, q) { … } // every page, to checkpoint p.Next
//
// Aggregate runs the other methods: COUNT, PERCENTAGE (RELATIVE or TOTAL)
// and the AVG() select, grouped by columns or by Year, Quarter, Month, Week,
// Day, Round, RoundTo, Nearest, Substring and Concat:
//
//	avg, err := c.Vehicles.Aggregate(ctx, &synsbasen.Search{
//		Query:   synsbasen.Query{synsbasen.Eq("model_year", 2018)},
//		Select:  synsbasen.Avg("mileage"),
//		GroupBy: []string{"brand"},
//	})
//	for _, g := range avg.Groups { fmt.Println(g.Key, g.Value) }
//
// Distinct runs DISTINCT and lists the distinct values of the group_by
// columns among the matches:
//
//	fuels, err := c.Vehicles.Distinct(ctx, &synsbasen.Search{GroupBy: []string{"fuel_type_extended"}})
//	fmt.Println(fuels.Keys())
//
// Searches are POST requests that only read, so they are retried like GETs.
//
// # Tokens
//
// Synsbasen charges tokens for answers with status 200 only. Each Page and
// Aggregate carries its Cost; a context made with vegdata.OnMeta or
// vegdata.CaptureMeta receives the Meta of every answer, whose Cost is the
// tokens charged, and Client.Tokens returns the balance. A spent monthly quota
// gives an error matching ErrQuotaExceeded.
//
// # Errors
//
// Input that cannot be right (an empty registration, a malformed search)
// fails with ErrInvalidArgument before anything is sent. Answers other than
// 2xx are *APIError values carrying status, the API's message and the
// request id, and match ErrUnauthorized, ErrNotFound, ErrConflict,
// ErrRateLimited, ErrQuotaExceeded or ErrServer with errors.Is. A call for
// which no attempt got a whole answer (refused, dropped, cut off, or
// silent for the stall timeout of WithStallTimeout) is ErrUnavailable,
// with APIError.Attempts and the last cause in APIError.Err; all repeats
// share one budget (WithRetry). These are package vegdata's types,
// re-exported here.
// WatchedVehicles.Add reports a vehicle already on the list with
// ErrAlreadyWatched.
//
// # Webhooks
//
// Synsbasen posts events (inspection.created, inspections.updated,
// test_centers.created, vehicle.updated, vehicles.updated) signed with the
// X-Synsbasen-Signature header. NewWebhookHandler returns an http.Handler
// that checks the signature in constant time, limits the body, decodes the
// typed event and answers 2xx only when your function succeeded, so
// Synsbasen's retries redeliver failures. VerifySignature and ParseEvent do
// the same steps for other frameworks.
//
// # What the docs leave open
//
// Some details of the real API are not documented. The client chooses the
// likely form, documents it where it is used, and the fake
// (package synsbasentest) behaves the same way: the token balance is read
// from GET /v1/tokens and body types from /v1/body_types; the error body is
// read as {"error": …}, {"errors": …} or {"message": …}; a spent quota is
// recognised as 402, or 429 with a message about the quota; COUNT and
// AVG() without group_by may answer a bare number, and decimals may come as
// strings; multiple group_by columns or sorts are sent as arrays;
// model_year is read whether it comes as a number or a string.
//
// # Testing
//
// Package synsbasentest runs an in-process fake with the documentation's
// vehicles and inspection, a small generated Danish register, searches,
// aggregates, token accounting, faults and a signed webhook sender. Point
// the client at it with WithBaseURL(srv.URL).
package synsbasen
