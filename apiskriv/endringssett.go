package apiskriv

import (
	"context"
	"encoding/xml"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// EndringssettService submits endringssett (change sets) to NVDB and
// follows them (rest/v3/endringssett).
//
// The workflow is Register (201, links), Start (202), then Wait (polls
// fremdrift at the documented intervals) and Status for the result.
// Validate checks a document synchronously against the datakatalog without
// writing anything.
type EndringssettService service

func (s *EndringssettService) svc() *service { return (*service)(s) }

var (
	endringssettValidate          = opOf[Status, statusAnswer](post("Endringssett.Validate", true))
	endringssettStart             = opOf[Ressurser, ressurserAnswer](post("Endringssett.Start", false))
	endringssettCancel            = opOf[Ressurser, ressurserAnswer](post("Endringssett.Cancel", false))
	endringssettRestart           = opOf[Ressurser, ressurserAnswer](post("Endringssett.Restart", false))
	endringssettFremdrift         = opOf[Fremdrift, fremdriftAnswer](get("Endringssett.Fremdrift"))
	endringssettStatus            = opOf[Status, statusAnswer](get("Endringssett.Status"))
	endringssettGet               = opOf[Endringssett, endringssettStatusAnswer](get("Endringssett.Get"))
	endringssettList              = listOf[Endringssett, endringssettListe]("Endringssett.List", NamespaceChangeset, checkListedEndringssett)
	endringssettFremdriftOgAarsak = declare(endpoint.Op[fremdriftOgAarsakAnswer]{
		Spec:   endpoint.Spec{Name: "Endringssett.FremdriftOgAarsak", Accept: "text/plain"},
		Decode: func(resp *endpoint.Response, a *fremdriftOgAarsakAnswer) error { return readRaw(resp, &a.rawAnswer) },
		Check:  (*fremdriftOgAarsakAnswer).check,
	}, (*fremdriftOgAarsakAnswer).value)
	// A registration makes a new set on each call, so it is not repeated
	// after a network failure or 5xx: the set may have been registered.
	endringssettRegister = declare(endpoint.Op[registreringAnswer]{
		Spec: post("Endringssett.Register", false), Decode: decodeRegistrering, Check: (*registreringAnswer).check,
	}, (*registreringAnswer).value)
)

// endringssettXML is a document sent as a request body: the root element
// <endringssett> in NamespaceChangeset in XML, the document's own members
// in JSON.
type endringssettXML struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 endringssett" json:"-"`
	*Endringssett
}

// docRequest is the POST of doc to p, or the problems Check finds in doc.
func docRequest(p string, doc *Endringssett, q any) endpoint.Request {
	if err := doc.Check(); err != nil {
		return endpoint.Fail(err)
	}
	v, err := endpoint.Values(q)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p, Query: v, Body: &endringssettXML{Endringssett: doc}}
}

// ValidateOptions tune Validate (all NEI by default).
type ValidateOptions struct {
	SkipLocation     JaNei `url:"skipLocation,omitempty"`     // JA: do not check stedfesting
	SkipAssociations JaNei `url:"skipAssociations,omitempty"` // JA: do not check assosiasjoner
	UseObjectList    JaNei `url:"useObjectList,omitempty"`
}

// Validate checks doc against the datakatalog (POST
// rest/v3/endringssett/validator). The answer is always a Status: fremdrift
// UTFØRT when valid, AVVIST with the errors in Resultat otherwise; a
// rejected document is not an error. Nothing is written, so the call is
// retried like a GET.
func (s *EndringssettService) Validate(ctx context.Context, doc *Endringssett, opts *ValidateOptions) (*Status, error) {
	return endringssettValidate.Do(ctx, s.svc(), validateRequest(doc, opts))
}

func validateRequest(doc *Endringssett, opts *ValidateOptions) endpoint.Request {
	var o ValidateOptions
	if opts != nil {
		o = *opts
	}
	for _, v := range []struct {
		name string
		v    JaNei
	}{{"skipLocation", o.SkipLocation}, {"skipAssociations", o.SkipAssociations}, {"useObjectList", o.UseObjectList}} {
		if err := checkJaNei(v.name, v.v); err != nil {
			return endpoint.Fail(err)
		}
	}
	return docRequest("rest/v3/endringssett/validator", doc, &o)
}

// RegisterOptions are the dry-run and test headers of Register.
type RegisterOptions struct {
	// DryRun (X-NVDB-DryRun) processes the set fully but writes nothing.
	DryRun bool
	// DryRunNoLocking (X-NVDB-DryRun-NoLocking) is a dry run that takes no
	// locks.
	DryRunNoLocking bool
	// Delay (X-NVDB-Delay, whole seconds) delays processing; test
	// environments only.
	Delay time.Duration
}

// Registrering is the answer to Register: the new set's id, its Location
// (the header of the 201) and its links (self, start, kanseller, status,
// fremdrift …).
type Registrering struct {
	ID        string
	Location  string
	Ressurser Ressurser
}

// Register submits doc (POST rest/v3/endringssett; 201). The set is not
// processed until Start. The request is not repeated on a network failure
// or 5xx, since the set may have been registered. An answer that names no
// set id (no self link, no Location ending in one) is ErrInvalidResponse.
func (s *EndringssettService) Register(ctx context.Context, doc *Endringssett, opts *RegisterOptions) (*Registrering, error) {
	return endringssettRegister.Do(ctx, s.svc(), registerRequest(doc, opts))
}

func registerRequest(doc *Endringssett, opts *RegisterOptions) endpoint.Request {
	r := docRequest("rest/v3/endringssett", doc, nil)
	if r.Err != nil || opts == nil {
		return r
	}
	if opts.Delay < 0 {
		return endpoint.Fail(invalid("delay must not be negative"))
	}
	r.Header = http.Header{}
	if opts.DryRun || opts.DryRunNoLocking {
		r.Header.Set("X-NVDB-DryRun", "true")
	}
	if opts.DryRunNoLocking {
		r.Header.Set("X-NVDB-DryRun-NoLocking", "JA")
	}
	if opts.Delay > 0 {
		r.Header.Set("X-NVDB-Delay", strconv.Itoa(int(opts.Delay/time.Second)))
	}
	return r
}

// idPath is rest/v3/endringssett/{id}/rest… for a set id (a UUID).
func idPath(id string, rest ...string) (string, error) {
	if !uuidRE.MatchString(id) {
		return "", invalid("endringssett id must be a UUID, got %q", id)
	}
	p, err := transport.JoinPath("rest/v3/endringssett", append([]string{id}, rest...)...)
	if err != nil {
		return "", invalid("%v", err)
	}
	return p, nil
}

// setRequest is a request of set id at rest…, with the query q.
func setRequest(id string, q any, rest ...string) endpoint.Request {
	p, err := idPath(id, rest...)
	if err != nil {
		return endpoint.Fail(err)
	}
	v, err := endpoint.Values(q)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p, Query: v}
}

// Start starts processing a registered set (POST …/{id}/start; 202). The
// answer is the set's links.
func (s *EndringssettService) Start(ctx context.Context, id string) (Ressurser, error) {
	return links(endringssettStart.Do(ctx, s.svc(), setRequest(id, nil, "start")))
}

// Cancel cancels a set (POST …/{id}/kanseller; 202). It is refused once the
// set is finished; a set in BEHANDLES may be cancelled until NVDB is
// written, and one in VENTER at any time.
func (s *EndringssettService) Cancel(ctx context.Context, id string) (Ressurser, error) {
	return links(endringssettCancel.Do(ctx, s.svc(), setRequest(id, nil, "kanseller")))
}

// Restart resumes a set in VENTER at once (POST …/{id}/restart; 202); the
// API also resumes such sets by itself.
func (s *EndringssettService) Restart(ctx context.Context, id string) (Ressurser, error) {
	return links(endringssettRestart.Do(ctx, s.svc(), setRequest(id, nil, "restart")))
}

func links(r *Ressurser, err error) (Ressurser, error) {
	if err != nil {
		return nil, err
	}
	return *r, nil
}

// Fremdrift returns the progress of a set (GET …/{id}/fremdrift).
func (s *EndringssettService) Fremdrift(ctx context.Context, id string) (Fremdrift, error) {
	f, err := endringssettFremdrift.Do(ctx, s.svc(), setRequest(id, nil, "fremdrift"))
	if err != nil {
		return "", err
	}
	return *f, nil
}

// FremdriftOgAarsak returns the progress with its reason (GET
// …/{id}/fremdriftOgÅrsak, always text/plain), for example AVVIST with
// VALIDERINGSFEIL or VENTER with VENTER_PÅ_LÅS.
func (s *EndringssettService) FremdriftOgAarsak(ctx context.Context, id string) (FremdriftOgAarsak, error) {
	f, err := endringssettFremdriftOgAarsak.Do(ctx, s.svc(), setRequest(id, nil, "fremdriftOgÅrsak"))
	if err != nil {
		return FremdriftOgAarsak{}, err
	}
	return *f, nil
}

// StatusQuery chooses what Status and Get include; nil (or "") includes
// both, the API's default.
type StatusQuery struct {
	InkluderResultat JaNei `url:"inkluderResultat,omitempty"` // NEI leaves out the resultat
	InkluderVarsler  JaNei `url:"inkluderVarsler,omitempty"`  // NEI leaves out advarsler and notabener
}

func statusRequest(id string, q *StatusQuery, rest ...string) endpoint.Request {
	var o StatusQuery
	if q != nil {
		o = *q
	}
	if err := checkJaNei("inkluderResultat", o.InkluderResultat); err != nil {
		return endpoint.Fail(err)
	}
	if err := checkJaNei("inkluderVarsler", o.InkluderVarsler); err != nil {
		return endpoint.Fail(err)
	}
	return setRequest(id, &o, rest...)
}

// Status returns the state and result of a set (GET …/{id}/status): the
// resultat holds feil, advarsler and notabener for the set and per
// vegobjekt.
func (s *EndringssettService) Status(ctx context.Context, id string, q *StatusQuery) (*Status, error) {
	return endringssettStatus.Do(ctx, s.svc(), statusRequest(id, q, "status"))
}

// Get returns a set as submitted, with its Status (GET …/{id}).
func (s *EndringssettService) Get(ctx context.Context, id string, q *StatusQuery) (*Endringssett, error) {
	return endringssettGet.Do(ctx, s.svc(), statusRequest(id, q))
}

// EndringssettQuery filters the endringssett search (GET
// rest/v3/endringssett). Only the caller's own sets are listed unless the
// caller is an administrator.
type EndringssettQuery struct {
	// Antall is the page size, at most 1000; 0 leaves it to the server
	// (Pages and All ask for 1000).
	Antall int `url:"antall,omitempty"`
	// Start is the 1-based index of the first item; 0 means 1. A page's
	// Next is the Start to resume from.
	Start int `url:"-"`
	// SorterStigende sorts by time (sorterPå=TID), ascending (JA) or
	// descending (NEI).
	SorterStigende        JaNei     `url:"sorterStigende,omitempty"`
	Fra                   time.Time `url:"fraEpochMs,omitempty,unixmilli"`
	Til                   time.Time `url:"tilEpochMs,omitempty,unixmilli"`
	Status                Fremdrift `url:"status,omitempty"`                // only sets in this state
	Aarsak                string    `url:"årsak,omitempty"`                 // only sets with this venteårsak or avvistårsak
	BrukernavnEllerKlient string    `url:"brukernavnEllerKlient,omitempty"` // owner's username or X-Client name
}

// call is the search's call; iterate asks for full pages by default.
func (q *EndringssettQuery) call(iterate bool) endpoint.Call[int] {
	var o EndringssettQuery
	if q != nil {
		o = *q
	}
	o.Antall = pageSize(o.Antall, iterate)
	err := checkPaging(o.Antall, o.Start, "", o.SorterStigende)
	if err == nil && !o.Fra.IsZero() && !o.Til.IsZero() && o.Til.Before(o.Fra) {
		err = invalid("til is before fra")
	}
	c := listCall("rest/v3/endringssett", &o, o.Start, err)
	if c.Err == nil && o.SorterStigende != "" {
		c.Query.Set("sorterPå", string(SorterTid)) // the only sort key of sets
	}
	return c
}

// List returns one page of the endringssett search from q.Start (GET
// rest/v3/endringssett). Listed sets carry no resultat.
func (s *EndringssettService) List(ctx context.Context, q *EndringssettQuery) (*Page[Endringssett], error) {
	return endringssettList.List(ctx, s.svc(), q.call(false))
}

// Pages iterates the pages of the endringssett search from q.Start (GET
// rest/v3/endringssett); each page's Next is the Start to resume from. The
// query is checked and copied when Pages is called; no request is made
// until the sequence is ranged. An error is yielded once and ends the
// sequence.
func (s *EndringssettService) Pages(ctx context.Context, q *EndringssettQuery) iter.Seq2[*Page[Endringssett], error] {
	return endringssettList.Pages(ctx, s.svc(), q.call(true))
}

// All iterates every set that matches q, page by page from q.Start (GET
// rest/v3/endringssett), as OppdragService.All does.
func (s *EndringssettService) All(ctx context.Context, q *EndringssettQuery) iter.Seq2[*Endringssett, error] {
	return endringssettList.All(ctx, s.svc(), q.call(true))
}
