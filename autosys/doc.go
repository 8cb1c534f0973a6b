// Package autosys is a client for the Autosys kjøretøydata enkeltoppslag
// API of Statens vegvesen: the technical data of one Norwegian vehicle,
// looked up by kjennemerke (plate) or understellsnummer (VIN). The
// enkeltoppslag gives no owner data; the kjøretøyoppslag operations (bulk
// lookups, searches by owner) do, for consumers granted that access. Each
// key may make 50 000 calls per Norwegian calendar day.
//
// # Getting a key
//
// Anyone can apply for a key on the Autosys portal (it needs BankID and the
// Altinn service «Kjøretøyoppslag»). The data is licensed CC BY 4.0. The
// API has no CORS, so call it from a server, not a browser.
//
// # Looking up a vehicle
//
//	c, err := autosys.NewClient(os.Getenv("AUTOSYS_API_KEY"))
//	v, err := c.LookupKjennemerke(ctx, "EK 39085")
//	fmt.Println(v.Merke(), v.Modell(), v.Drivstoff())
//
// NewClient does no network I/O; keep one *Client for the life of the
// process (it is safe for concurrent use). The key is sent as
// "SVV-Authorization: Apikey <key>" and never appears in errors or logs.
//
// Plates are normalised before they are sent: spaces and hyphens are
// dropped and letters upper-cased, Æ, Ø and Å included ("ek 39-085" is
// "EK39085"); what remains must be 2–7 letters and digits. A VIN must have
// 1–19 characters. Anything else fails with ErrInvalidArgument before a
// request is made. Lookup takes an Oppslag with either field and returns
// the whole answer; it refuses both fields at once, which the API answers
// with 400. ParseOppslag tells a plate from a VIN in user input.
//
// # Hosts
//
// DefaultBaseURL is https://akfell-datautlevering.atlas.vegvesen.no, the
// host most clients use. The portal also documents
// https://www.vegvesen.no/ws/no/vegvesen/kjoretoy/felles/datautlevering
// (AlternativeBaseURL); pass it to WithBaseURL to use it. Both serve
// /enkeltoppslag/kjoretoydata below the base.
//
// # The data
//
// *Kjoretoydata mirrors the API's EnkeltOppslagKjoretoydata schema field
// for field, with the API's names as JSON tags, so a value marshals back to
// the API's shape. Groups that the register leaves out are nil pointers,
// numbers are pointers so that "not given" differs from 0, dates are civil
// Dates (YYYY-MM-DD) and timestamps keep their offset. Unknown fields are
// ignored. The accessors answer common questions without nil checks: Merke,
// Modell, Drivstoff, ForstegangsregistrertNorge, Kontrollfrist (the next
// EU control), Egenvekt, TillattTotalvekt, TillattTilhengervekt, EffektKW,
// Sitteplasser, Farge, Registreringsstatus and WLTPRekkeviddeKm.
//
// # Errors
//
// Errors from the API are *APIError values carrying status, the API's
// message and feilmelding (Code), the request id and, for a spent quota,
// RetryAt. Test them with errors.Is:
//
//   - ErrNotFound: 204, 404, or 200 whose feilmelding is
//     OPPLYSNINGER_IKKE_TILGJENGELIGE, whose list is empty, or whose body is
//     that word as plain text. The real service has been seen in all forms.
//   - ErrInvalidResponse: a 200 that is none of those forms and not the
//     documented answer either: {} (neither kjoretoydataListe nor
//     feilmelding), [], an HTML page from a proxy, a null or empty vehicle.
//     The same holds for every operation: a bulk answer without
//     "responser", an owner search without "kjoretoydataListe".
//   - ErrBadRequest: 400.
//   - ErrUnauthorized, ErrForbidden: 401, 403 (a missing, unknown, inactive
//     or blocked key).
//   - ErrQuotaExceeded: 422 (the OpenAPI file) or any 429 (the portal
//     page: "Bruker har brukt opp kvoten i inneværende periode"), whatever
//     its body or Retry-After. The call fails at once, without retries, and
//     the local quota refuses further calls until the reset;
//     APIError.RetryAt says when that is (the next Oslo midnight unless the
//     server said otherwise).
//   - ErrServer: 5xx on every attempt. 5xx answers, dropped connections and
//     bodies that break off or stall are retried with backoff, all within
//     one budget of WithRetry's MaxRetries (a call sends at most
//     MaxRetries+1 requests; RetryPolicy{MaxRetries: NoRetries} sends one).
//   - ErrUnavailable: no attempt got a whole answer (refused, dropped, cut
//     off, or silent for the stall timeout of WithStallTimeout, 60 s by
//     default); APIError.Attempts says how many were sent and
//     APIError.Err holds the last cause.
//
// APIError, the sentinels, RetryPolicy and Limiter are those of package
// vegdata, re-exported here, so errors.Is works across go-vegdata's
// packages.
//
// # Response metadata
//
// A context made with vegdata.CaptureMeta or vegdata.OnMeta receives the
// Meta of every lookup: status, request id, attempts, elapsed time and
// headers. A person's fødselsnummer and etternavn are redacted from its
// URL, as from errors and logs.
//
// # Quota
//
// A client counts its requests (retries included: the count is taken
// before every attempt) per Oslo day against
// DailyQuota and, once it is spent, refuses with ErrQuotaExceeded before
// spending a request; a quota answer from the server is remembered until
// its reset time. Client.Quota reports Used and Remaining. WithDailyQuota
// sets another limit, WithQuota shares one counter between clients that use
// the same key (a *Quota within one process; a QuotaCounter such as
// redisstore.Quota across a fleet of processes), and WithoutQuota turns
// counting off.
//
// # Fleets
//
// LookupMany looks up many vehicles with bounded concurrency and yields
// each result as a *Result tagged with its input, in input order; one
// failed lookup does not stop the rest.
//
// # Owner data (kjøretøyoppslag)
//
// The same host serves the kjøretøyoppslag operations, which give out
// vehicles with their owners (eierskap). They answer only for consumers
// granted the roles for owner data in Statens vegvesen's access control;
// with an ordinary enkeltoppslag key they fail with ErrUnauthorized or
// ErrForbidden. Client.Bulk looks lists up in one request (POST
// /kjoretoyoppslag/bulk/kjennemerke, /bulk/kuid, /bulk/understellsnummer),
// each item answered with a vehicle or a feilmelding (its Err); an
// optional Dtg asks for ownership at a past moment. Client.Person (GET
// /kjoretoyoppslag/person, by fødselsnummer and etternavn) and
// Client.Organisasjon (GET /kjoretoyoppslag/organisasjon, paged with side
// and antall up to MaxAntall) search by owner, with List for one page,
// Pages for every page and All for every hit. A *Page[KjoretoydataWrapper]
// holds its hits in Items, its Side and, in Next, the side to resume from
// (0 on the last page: the API announces no total, so a search ends with a
// short or empty page). Each answer reports the server's gjenstaendeKvote.
// Fødselsnumre and organisasjonsnumre are checked (length and control
// digits) before anything is sent, and a person's fødselsnummer and name
// are removed from errors.
//
// # Testing
//
// Package autosystest is an in-process fake of the API with eleven
// realistic vehicles, synthetic owners for the kjøretøyoppslag operations,
// every documented error form, the daily quota and fault injection
// (Script, WithFaults: 429, 5xx, dropped, cut-off and stalled answers, the
// spent quota); point WithBaseURL at its URL.
package autosys
