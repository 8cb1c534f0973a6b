// Package apiskriv is a client for NVDB API Skriv, the write API of the
// Norwegian road database (Statens vegvesen): read oppdrag and transaksjoner
// to audit who changed what, and submit endringssett (change sets) and
// follow them until they are written.
//
// # Getting a client
//
// Every request needs an X-Client name and a bearer token, so both are
// NewClient's parameters. Log in with a username and password (realm
// EMPLOYEE, SERVICE_ACCOUNT or EXTERNAL):
//
//	ts, err := apiskriv.PasswordTokenSource(apiskriv.DefaultBaseURL, "olanor", password,
//		apiskriv.WithRealm(apiskriv.RealmEmployee))
//	c, err := apiskriv.NewClient("my-app", ts)
//
// PasswordTokenSource posts to rest/v1/oidc/authenticate, refreshes at
// rest/v1/oidc/refresh a minute before the JWT's exp, and logs in again when
// the refresh token has run out. API Skriv answers a failed login with
// "200 {}"; that is ErrLoginFailed. The password and the tokens are never
// logged nor put in errors. They travel in the body of the login and the
// refresh, which are bound to the base URL's origin (scheme, host and
// port): a redirect of either to another origin, whatever its status, is
// refused with an error and nothing is sent there. Any other
// oauth2.TokenSource works as well.
//
// The base URL includes any deployment prefix: the atlas hosts serve the
// API at their root (DefaultBaseURL, BaseURLATM …), the Docker image and the
// legacy host under /nvdb/apiskriv:
//
//	apiskriv.WithBaseURL("http://localhost:8010/nvdb/apiskriv")
//
// The client speaks JSON by default and XML with WithFormat(apiskriv.XML);
// both decode into the same types. Every request carries a fresh UUID in
// X-Request-ID, which errors (APIError.RequestID) and Meta report.
//
// Response metadata (status, request id, attempts, headers such as
// Location) is reported the same way in every go-vegdata package, through
// the context:
//
//	var m apiskriv.Meta
//	o, err := c.Oppdrag.Get(vegdata.CaptureMeta(ctx, &m), 3466724)
//
// # Oppdrag and transaksjoner
//
// An oppdrag is the record of one finished change, with its owner and time;
// its transaksjoner list the object versions written:
//
//	o, err := c.Oppdrag.Get(ctx, 3466724)
//	for o, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Eier: "olanor"}) { … }
//	for t, err := range c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724}) { … }
//
// List returns one page, a Page[T]: its Items (as *T), AntallTotalt, its
// Start and the start of the next page (Next, 0 on the last), which a job
// stores to resume from (the query's Start; start is 1-based, antall at
// most 1000). Pages iterates the pages and All the items; both ask for
// 1000 a page unless the query says otherwise. Query structs are encoded
// as they are (go-querystring); the API's booleans are JaNei (Ja, Nei, ""
// for the server's default). The
// transaksjon search needs at least one of endringssettId, oppdragId,
// vegobjektId and nettelementId; endringssettId excludes oppdragId and
// vegobjektId excludes nettelementId. These rules, and every other bad
// argument, are reported (ErrInvalidArgument) before any request is sent.
//
// Answers carry links (Ressurser: rel and src); Client.Follow fetches one
// into the type it names (*Oppdrag, *Status, *Page[Transaksjon] …).
//
// Every attempt of a call carries the name of the method called
// (vegdata.Attempt.Operation: "Oppdrag.Get", "Oppdrag.All",
// "Endringssett.Wait", "Follow"), for logs and traces.
//
// # Endringssett
//
// Build a document, register it, start it and wait for the result:
//
//	doc := apiskriv.NewEndringssett("2.37").
//		AddRegistrer(apiskriv.NyttVegobjekt(581, "tunnel#1").
//			WithGyldighetsperiode("2020-01-01", "").
//			WithEgenskap(5225, "Grevlingtunnelen").
//			WithPunkt(1125766, 0.3)).
//		AddLukk(83, 85726571, 3, "2024-09-27", true)
//	reg, err := c.Endringssett.Register(ctx, doc, nil)
//	_, err = c.Endringssett.Start(ctx, reg.ID)
//	st, err := c.Endringssett.Wait(ctx, reg.ID)
//	if st.Fremdrift == apiskriv.FremdriftAvvist { … st.Resultat.AlleFeil() … }
//
// Wait polls …/fremdrift at the documented intervals (1 s while BEHANDLES,
// growing; 1 s or 1 min in VENTER; 1 min in UTFØRT when waiting for API Les)
// until AVVIST, KANSELLERT or UTFØRT_OG_ETTERBEHANDLET (or UTFØRT unless
// the VentPaaLes option), and returns the Status with the resultat: feil,
// advarsler and notabener per vegobjekt. Validate checks a document without
// writing anything; RegisterOptions asks for a dry run. Register, Start,
// Cancel and Restart are never repeated after a network failure or 5xx,
// since the server may have acted; reads and Validate are retried.
//
// # Binary objects, locks, positioning, conversion and data rights
//
// Binary egenskaper (photos, documents) refer to objects uploaded first:
//
//	id, err := c.Binaer.Upload(ctx, "image/png", "N808080-1.png", f)
//	v := apiskriv.NyttVegobjekt(95, "skilt#1").WithBinaer(1234, id, "PNG")
//	obj, err := c.Binaer.Download(ctx, id) // obj.Body streams; close it
//
// c.Laaser reads locks (rest/v1/lås; Get, List, Pages, All with the
// documented filters) and, for clients that edit the road network, takes
// one in advance (Create) for an endringssett to name in its låsing. A set
// in VENTER with VENTER_PÅ_LÅS lists the locks it waits on in
// Status.BlokkerendeLaaser; c.Laaser.Blokkerende reads them.
//
// c.Stedfesting.Stedfest (beta in the API) computes the stedfesting of
// vegobjekter from their geometry; c.Konvertering turns SOSI and
// SOSI-GeoJSON documents into an endringssett to complete; and
// c.Autorisasjon.Get reads a user's data rights.
//
// # Errors
//
// An answer the API did not accept is an *APIError with status, the fault
// message(s) and the request id; match classes with errors.Is
// (ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited …). A 429 is
// retried after its Retry-After when that is short. A call for which no
// attempt got a whole answer is ErrUnavailable (APIError.Attempts,
// APIError.Err); every repeat, whatever its cause, counts against one
// budget (WithRetry), and an answer silent for the stall timeout
// (WithStallTimeout, 60 s) is abandoned. These are package vegdata's
// types, re-exported here. FaultMessages returns
// the fault's messages one by one. A rejected endringssett is not an error:
// it is a Status with Fremdrift AVVIST.
//
// A 2xx answer that is not the documented shape is ErrInvalidResponse,
// never an empty success: an XML root element other than the documented
// one (a proxy's <html>, another service's document) or in a foreign
// namespace, JSON without the members the XML form always has (a list's
// antallTotalt, an object's id: {} and [] are not answers), text that is
// not a fremdrift. A page that holds no items where antallTotalt says
// items from its start exist is refused too, so List, Pages and All never
// end early without an error.
//
// # What is not documented
//
// The API documents its XML; the JSON forms of oppdrag, transaksjon, lås,
// autorisasjon, stedfest, their lists and the fault body are not
// documented, nor are the payload and answer of POST rest/v1/lås and the
// content of the endringssett's top-level validering (each type's doc
// comment says which documented analogue it follows). This package reads the
// mapping public clients rely on (attributes as fields, wrapper elements as
// arrays, list items under the element name: {"antallTotalt":n,
// "oppdrag":[…]}) and faults as {"message":…} or {"messages":[…]}. The
// format of fraDato is sent as an ISO date. Only the values NY
// (transaksjonstype), VEGOBJEKT (objekttype) and VEGNETTSOPPDRAG
// (tjenesteregel) are documented; these types are open strings.
//
// Package apiskrivtest is a fake of the API for tests, with the
// documentation's oppdrag 3466724 and its transaksjon, lock 17900713, and
// every endpoint above in XML and JSON.
package apiskriv
