// Package nvdb is a client for NVDB API Les v4, the read API of the
// Norwegian road database (Nasjonal vegdatabank) run by Statens vegvesen:
// road objects such as speed limits, toll stations and tunnels, by the
// hundred thousand, with their properties, locations and change history.
//
// NVDB API Les v2 and v3 are shut down; this package speaks v4 only, at
// https://nvdbapiles.atlas.vegvesen.no. Data is licensed under NLOD:
// "Inneholder data under norsk lisens for offentlige data (NLOD)
// tilgjengeliggjort av Statens vegvesen".
//
// # Getting started
//
// NVDB asks every client to identify itself with the X-Client header, so
// the client's name is NewClient's first argument:
//
//	c, err := nvdb.NewClient("my-app",
//		nvdb.WithKontaktperson("ola.nordmann@example.com"), // optional, recommended
//	)
//
// The client sends X-Client, X-Kontaktperson, a random X-Client-Session per
// client, Accept: application/json and asks for gzip. It paces requests
// just under the documented limit of 40 requests per second
// (DefaultRateLimit), retries 429, 500, 502, 503, 504, broken connections
// and pages that break off or stall (WithStallTimeout), all within one
// budget per call (honouring Retry-After), and is safe for concurrent use.
// NewClient makes
// no network calls. Services hang off the client: Vegobjekter (road
// objects), Datakatalog (the data catalogue), Omrader (areas), and for the
// road network Veglenkesekvenser, Noder and Vegnett:
//
//	obj, err := c.Vegobjekter.Get(ctx, 105, 78697179, nil)       // one speed limit
//	st, err := c.Vegobjekter.Statistikk(ctx, 105, q)              // how many, how long
//	for obj, err := range c.Vegobjekter.All(ctx, 105, q) { ... }  // all of them
//
// # Searching: VegobjektQuery
//
// Every query parameter of the v4 specification is a typed field of
// VegobjektQuery. Lists are sent comma-separated, dates and timestamps are
// time.Time values, and booleans whose false matters are pointers (use
// Bool). Invalid values are refused before any request is sent.
//
//	q := &nvdb.VegobjektQuery{
//		Kommune:  []int{301},                                  // Oslo
//		Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper, nvdb.InkluderLokasjon},
//		Srid:     nvdb.Srid4326,                               // WGS84, latitude first
//		Egenskap: nvdb.EgenskapID(2021).In(2726, 2728),        // 30 or 40 km/h (enum ids)
//	}
//
// Inkluder picks the parts of each object (metadata, egenskaper, lokasjon,
// geometri, relasjoner, vegsegmenter, or alle); without it NVDB returns only
// id and href. Srid picks the coordinate system (UTM33 by default).
// Geometritoleranse simplifies geometry; InkluderGeometri and
// InkluderEgenskaper trim large answers.
//
// # Filters
//
// The egenskap and overlapp parameters take NVDB's filter language. Build
// expressions with EgenskapID (comparisons, In, NotIn, IsNull), And, Or,
// RelasjonFilter and Overlapp; they quote strings and parenthesise
// compound parts for you. RawFilter passes a string of your own. Enum
// properties are compared by enum id, not by value: 2738 is 80 km/h.
//
//	nvdb.And(nvdb.Or(nvdb.EgenskapID(5054).Eq(6248), nvdb.EgenskapID(5054).Eq(6249)), nvdb.EgenskapID(5074).Eq(6429))
//	// (egenskap(5054)=6248 OR egenskap(5054)=6249) AND egenskap(5074)=6429
//	nvdb.RelasjonFilter(67, nvdb.EgenskapID(1317).Gt(2000))   // tunnels with a tube over 2 km
//	nvdb.Overlapp(105, nvdb.EgenskapID(2021).Eq(2738))        // where the speed limit is 80
//
// # Filters by name: the data catalogue
//
// Datakatalog reads the catalogue: vegobjekttyper with their egenskapstyper,
// allowed enum values (TillatteVerdier) and units. Its Filter writes an
// egenskap filter from names and values and checks them before any
// request, so a typo or an unknown value is an error rather than an empty
// result:
//
//	f, err := c.Datakatalog.Filter(ctx, 105, "Fartsgrense in [70, 80]")
//	// f is egenskap(2021) in [2735,2738]
//
// FillIn completes enum values and units on egenskaper. Catalogue and area
// answers are kept in a bounded ETag cache per client (WithCacheSize,
// CacheStats): asking again sends If-None-Match, and a 304 Not Modified
// reuses the held answer without decoding it. The slice or struct
// returned is the caller's own; values nested in it are shared with the
// cache, so do not modify them.
//
// # Areas and the road network
//
// Omrader lists fylker, kommuner, contract areas, national routes, road
// authorities and addresses, the values of the area filters.
// Veglenkesekvenser reads veglenkesekvenser (List, Pages, All, Get) and
// the segmented network (Segmentert, SegmentertPages, SegmentertAll,
// GetSegmentert), Noder the nodes (List, Pages, All, Get). Vegnett turns
// road references into points and back (Veg, VegBatch), finds the road
// nearest a coordinate (Posisjon), routes (Rute, beta) and follows the
// network's change feed (Endringer, EndringerPages, EndringerAll).
//
// Every listing has the same three methods: List (or the operation's own
// name, Segmentert, Endringer) fetches one *Page[T], whose Items are the
// items and whose Next is the cursor to resume from; Pages (SegmentertPages,
// EndringerPages) iterates over the pages; All (SegmentertAll,
// EndringerAll) iterates over the items, each as *T. Each attempt of a
// call is named after the method called (vegdata.Attempt.Operation:
// "Vegobjekter.All", "Veglenkesekvenser.SegmentertPages"), which
// OpenTelemetry spans carry.
//
// # GeoJSON
//
// WriteGeoJSON and WriteSegmenterGeoJSON stream the objects or segments
// of an iterator to an io.Writer as one FeatureCollection, geometry from
// the WKT (Z kept) and egenskaper flattened by name, in constant memory.
// Ask for Srid4326 to get RFC 7946 longitude, latitude coordinates.
//
// # Objects and egenskaper
//
// A Vegobjekt holds Metadata (type, version, dates), Egenskaper, Geometri,
// Lokasjon (kommuner, fylker, road references, placements on the network),
// Relasjoner and Vegsegmenter. An Egenskap is a tagged union on
// Egenskapstype; read its value with the accessor of its kind, which
// reports false for any other kind:
//
//	fart := obj.Egenskap(2021)          // an 80 km/h limit; or obj.Egenskaper.ByNavn("Fartsgrense")
//	kmh, _ := fart.Heltall()            // 80
//	enumID, _ := fart.Enum()            // 2738
//	fmt.Println(fart)                   // "80 km/h"
//
// Text (Tekst, Tekstenum), whole and decimal numbers with their Enhet,
// dates (Dato), short dates (Kortdato), times (Tid), booleans, geometries
// (WKT and srid), lists and structures (Innhold) and binary references are
// all covered; a kind this package does not know keeps its value as raw
// JSON.
//
// # Pages, cursors and resuming
//
// NVDB pages with an opaque cursor, metadata.neste.start. List fetches one
// page; its Next is the cursor of the next page and is empty once the
// result is exhausted. All and Pages iterate: they make no request until
// ranged, copy the query when called (encoding it once), stop on an empty
// page or a repeated cursor (Pages does not yield that empty last page),
// refuse a result that ends short of the total NVDB announced with
// InkluderAntall (ErrInvalidResponse), decode each page as
// it streams in, and fetch the next page while you work on the current one
// (WithPrefetch(false) turns that off). They ask for pages of
// DefaultAntall (1000) objects unless Antall is set. Pages are decoded by a
// hand-written streaming decoder, four to five times as fast as
// encoding/json: about 150 000 speed limits with inkluder=alle per second
// on one core (see BENCHMARKS.md).
//
// To make a long job restartable, save each page's Next and pass it back
// as Start; the resumed search yields exactly the objects after that page:
//
//	q := &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Start: loadCheckpoint()}
//	for page, err := range c.Vegobjekter.Pages(ctx, 105, q) {
//		if err != nil { return err }
//		store(page.Items)
//		saveCheckpoint(page.Next)
//	}
//
// Cursors are not kept forever by the server; start again if one has
// expired (an ErrBadRequest). Scan reads one type as many partitions of
// kommuner at once, sharing the client's rate limiter. Each partition is a
// chain of requests (a cursor is known only when the previous page has
// arrived), so to use the whole rate limit you need about limit × page
// time partitions: ten at 40 requests per second and 250 ms per page, 40
// at a second per page. Scan(ctx, typeID, q, nil) plans at least 48 from
// statistikk, cuts a kommune too large for one chain into ranges of a
// date or number egenskap's values (egenskap filters; no object lies in
// two ranges) and, where the values do not tell its objects apart, into
// kartutsnitt cells, and serves the partition with the most pages left
// first.
//
// # Statistics and changes
//
// Statistikk counts objects and sums their length for the same filters as
// a search; StatistikkGruppert groups by fylke, kommune or vegkategori,
// StatistikkPerEgenskap by the value of an enum egenskap, and
// StatistikkAlleTyper covers every type. Endringer, EndringerPages and
// EndringerAll read the change feed of the last 30 days: versions created,
// changed, removed and segmented anew (VersjonEndring.Endring says which),
// with a cursor to poll from: a feed that is caught up answers an empty
// page whose Next is where a later poll continues.
// The usual sync is a full load with Pages, then the change feed.
//
// # Errors
//
// Invalid input fails before any request (ErrInvalidArgument). Answers
// NVDB does not accept become *APIError with the status, NVDB's
// ProblemDetail message and the X-REQUEST-ID to quote in a bug report;
// match classes with errors.Is and ErrNotFound, ErrBadRequest,
// ErrRateLimited, ErrServer and the others. A page or object for which no
// attempt got a whole answer (every one refused, dropped, cut off or
// stalled) is ErrUnavailable, with APIError.Attempts and the last cause in
// APIError.Err. These are package vegdata's types, re-exported here.
//
// # Sensitive types and response metadata
//
// Sensitive vegobjekttyper (Vegobjekttype.Sensitiv) are served only with a
// bearer token: WithTokenSource sends one to NVDB's own host, never logs
// it, and a refused token matches ErrUnauthorized or ErrForbidden.
//
// A context made with vegdata.CaptureMeta or vegdata.OnMeta receives the
// Meta of every call, once per page for List, Pages and All: status,
// request id, attempts, elapsed time and headers.
//
// # Testing
//
// Package nvdbtest is a fake of these endpoints that follows the official
// OpenAPI documents of the four services: point a client at it with WithBaseURL(srv.URL). It
// holds the objects of the NVDB documentation under their real ids and can
// generate data sets of any size, inject latency and failures and enforce
// the rate limit.
package nvdb
