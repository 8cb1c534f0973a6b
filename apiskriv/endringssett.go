package apiskriv

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"path"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// EndringssettService submits endringssett (change sets) to NVDB and
// follows them (rest/v3/endringssett).
//
// The workflow is Register (201, links), Start (202), then Wait (polls
// fremdrift at the documented intervals) and Status for the result.
// Validate checks a document synchronously against the datakatalog without
// writing anything.
type EndringssettService struct{ c *Client }

// ValidateOptions tune Validate (all NEI by default).
type ValidateOptions struct {
	SkipLocation     bool // skipLocation: do not check stedfesting
	SkipAssociations bool // skipAssociations: do not check assosiasjoner
	UseObjectList    bool // useObjectList
}

type validateParams struct {
	SkipLocation     string `url:"skipLocation,omitempty"`
	SkipAssociations string `url:"skipAssociations,omitempty"`
	UseObjectList    string `url:"useObjectList,omitempty"`
}

func yes(b bool) string {
	if b {
		return "JA"
	}
	return ""
}

// Validate checks doc against the datakatalog (POST
// rest/v3/endringssett/validator). The answer is always a Status: fremdrift
// UTFØRT when valid, AVVIST with the errors in Resultat otherwise; a
// rejected document is not an error. Nothing is written, so the call is
// retried like a GET.
func (s *EndringssettService) Validate(ctx context.Context, doc *Endringssett, opts *ValidateOptions) (*Status, error) {
	if err := doc.Check(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &ValidateOptions{}
	}
	q, err := encodeQuery(validateParams{yes(opts.SkipLocation), yes(opts.SkipAssociations), yes(opts.UseObjectList)})
	if err != nil {
		return nil, err
	}
	var st Status
	_, err = s.c.do(ctx, &call{op: "Endringssett.Validate", method: http.MethodPost, path: "rest/v3/endringssett/validator", query: q,
		body: doc, xmlBody: endringssettXML{Endringssett: doc}, retrySafe: true, out: &st})
	if err != nil {
		return nil, err
	}
	return &st, nil
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
// or 5xx, since the set may have been registered.
func (s *EndringssettService) Register(ctx context.Context, doc *Endringssett, opts *RegisterOptions) (*Registrering, error) {
	if err := doc.Check(); err != nil {
		return nil, err
	}
	h := http.Header{}
	if opts != nil {
		if opts.Delay < 0 {
			return nil, invalid("delay must not be negative")
		}
		if opts.DryRun || opts.DryRunNoLocking {
			h.Set("X-NVDB-DryRun", "true")
		}
		if opts.DryRunNoLocking {
			h.Set("X-NVDB-DryRun-NoLocking", "JA")
		}
		if opts.Delay > 0 {
			h.Set("X-NVDB-Delay", strconv.Itoa(int(opts.Delay/time.Second)))
		}
	}
	var links Ressurser
	resp, err := s.c.do(ctx, &call{op: "Endringssett.Register", method: http.MethodPost, path: "rest/v3/endringssett", header: h,
		body: doc, xmlBody: endringssettXML{Endringssett: doc}, out: &links})
	if err != nil {
		return nil, err
	}
	r := &Registrering{Ressurser: links, Location: resp.Header.Get("Location")}
	src, ok := links.Src("self")
	if !ok {
		src = r.Location
	}
	r.ID = path.Base(src)
	if !uuidRE.MatchString(r.ID) {
		return r, s.c.tc.NewError(resp, ErrInvalidResponse, "", "the answer has no self link with the endringssett id")
	}
	return r, nil
}

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

func (s *EndringssettService) post(ctx context.Context, id, action, op string) (Ressurser, error) {
	p, err := idPath(id, action)
	if err != nil {
		return nil, err
	}
	var links Ressurser
	// The API answers 202 with the set's links (status, fremdrift, self).
	hasLinks := func() error {
		if len(links) == 0 {
			return errors.New("the answer names no links (ressurser)")
		}
		return nil
	}
	if _, err := s.c.do(ctx, &call{op: "Endringssett." + op, method: http.MethodPost, path: p, out: &links, check: hasLinks}); err != nil {
		return nil, err
	}
	return links, nil
}

// Start starts processing a registered set (POST …/{id}/start; 202).
func (s *EndringssettService) Start(ctx context.Context, id string) (Ressurser, error) {
	return s.post(ctx, id, "start", "Start")
}

// Cancel cancels a set (POST …/{id}/kanseller; 202). It is refused once the
// set is finished; a set in BEHANDLES may be cancelled until NVDB is
// written, and one in VENTER at any time.
func (s *EndringssettService) Cancel(ctx context.Context, id string) (Ressurser, error) {
	return s.post(ctx, id, "kanseller", "Cancel")
}

// Restart resumes a set in VENTER at once (POST …/{id}/restart; 202); the
// API also resumes such sets by itself.
func (s *EndringssettService) Restart(ctx context.Context, id string) (Ressurser, error) {
	return s.post(ctx, id, "restart", "Restart")
}

// Fremdrift returns the progress of a set (GET …/{id}/fremdrift).
func (s *EndringssettService) Fremdrift(ctx context.Context, id string) (Fremdrift, error) {
	p, err := idPath(id, "fremdrift")
	if err != nil {
		return "", err
	}
	var f Fremdrift
	if _, err := s.c.do(ctx, &call{op: "Endringssett.Fremdrift", method: http.MethodGet, path: p, out: &f}); err != nil {
		return "", err
	}
	return f, nil
}

// FremdriftOgAarsak returns the progress with its reason (GET
// …/{id}/fremdriftOgÅrsak, always text/plain), for example AVVIST with
// VALIDERINGSFEIL or VENTER with VENTER_PÅ_LÅS.
func (s *EndringssettService) FremdriftOgAarsak(ctx context.Context, id string) (FremdriftOgAarsak, error) {
	p, err := idPath(id, "fremdriftOgÅrsak")
	if err != nil {
		return FremdriftOgAarsak{}, err
	}
	var raw rawAnswer
	if _, err := s.c.do(ctx, &call{op: "Endringssett.FremdriftOgAarsak", method: http.MethodGet, path: p, accept: "text/plain",
		rawOut: &raw, check: checkFremdriftOgAarsak(&raw)}); err != nil {
		return FremdriftOgAarsak{}, err
	}
	return parseFremdriftOgAarsak(string(raw.body)), nil
}

// StatusQuery chooses what Status and Get include; nil includes both
// (the API's default).
type StatusQuery struct {
	UtenResultat bool // inkluderResultat=NEI
	UtenVarsler  bool // inkluderVarsler=NEI
}

func (q *StatusQuery) values() map[string][]string {
	v := map[string][]string{}
	if q != nil && q.UtenResultat {
		v["inkluderResultat"] = []string{"NEI"}
	}
	if q != nil && q.UtenVarsler {
		v["inkluderVarsler"] = []string{"NEI"}
	}
	return v
}

// Status returns the state and result of a set (GET …/{id}/status): the
// resultat holds feil, advarsler and notabener for the set and per
// vegobjekt.
func (s *EndringssettService) Status(ctx context.Context, id string, q *StatusQuery) (*Status, error) {
	p, err := idPath(id, "status")
	if err != nil {
		return nil, err
	}
	var st Status
	if _, err := s.c.do(ctx, &call{op: "Endringssett.Status", method: http.MethodGet, path: p, query: q.values(), out: &st}); err != nil {
		return nil, err
	}
	return &st, nil
}

// Get returns a set as submitted, with its Status (GET …/{id}).
func (s *EndringssettService) Get(ctx context.Context, id string, q *StatusQuery) (*Endringssett, error) {
	p, err := idPath(id)
	if err != nil {
		return nil, err
	}
	var e Endringssett
	// The set is answered with its status (fremdrift and all), whatever q
	// leaves out of it.
	hasStatus := func() error {
		if e.Status == nil || e.Status.Fremdrift == "" {
			return errors.New("the endringssett has no status")
		}
		return nil
	}
	if _, err := s.c.do(ctx, &call{op: "Endringssett.Get", method: http.MethodGet, path: p, query: q.values(), out: &e, check: hasStatus}); err != nil {
		return nil, err
	}
	return &e, nil
}

// EndringssettQuery filters the endringssett search. Only the caller's own
// sets are listed unless the caller is an administrator.
type EndringssettQuery struct {
	Antall                int       // page size, at most 1000
	Start                 int       // 1-based index of the first item
	SorterStigende        *bool     // by time (sorterPå=TID), ascending or descending
	Fra                   time.Time // fraEpochMs
	Til                   time.Time // tilEpochMs
	Status                Fremdrift // only sets in this state
	Aarsak                string    // only sets with this venteårsak or avvistårsak
	BrukernavnEllerKlient string    // owner's username or X-Client name
}

type endringssettParams struct {
	listParams
	FraEpochMs            int64  `url:"fraEpochMs,omitempty"`
	TilEpochMs            int64  `url:"tilEpochMs,omitempty"`
	Status                string `url:"status,omitempty"`
	Aarsak                string `url:"årsak,omitempty"`
	BrukernavnEllerKlient string `url:"brukernavnEllerKlient,omitempty"`
}

func (q *EndringssettQuery) params() (endringssettParams, error) {
	if q == nil {
		q = &EndringssettQuery{}
	}
	lp, err := newListParams(q.Antall, q.Start, "", q.SorterStigende)
	if err != nil {
		return endringssettParams{}, err
	}
	if q.SorterStigende != nil {
		lp.SorterPaa = string(SorterTid)
	}
	if !q.Fra.IsZero() && !q.Til.IsZero() && q.Til.Before(q.Fra) {
		return endringssettParams{}, invalid("til is before fra")
	}
	p := endringssettParams{listParams: lp, Status: string(q.Status), Aarsak: q.Aarsak, BrukernavnEllerKlient: q.BrukernavnEllerKlient}
	if !q.Fra.IsZero() {
		p.FraEpochMs = q.Fra.UnixMilli()
	}
	if !q.Til.IsZero() {
		p.TilEpochMs = q.Til.UnixMilli()
	}
	return p, nil
}

// List returns one page of the endringssett search (GET rest/v3/endringssett).
func (s *EndringssettService) List(ctx context.Context, q *EndringssettQuery) (*Page[Endringssett], error) {
	params, err := q.params()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, params)
}

func (s *EndringssettService) list(ctx context.Context, params endringssettParams) (*Page[Endringssett], error) {
	v, err := encodeQuery(params)
	if err != nil {
		return nil, err
	}
	var l EndringssettListe
	if _, err := s.c.do(ctx, &call{op: "Endringssett.List", method: http.MethodGet, path: "rest/v3/endringssett", query: v, out: &l, start: params.Start}); err != nil {
		return nil, err
	}
	return newPage(l.Endringssett, l.AntallTotalt, params.Start), nil
}

// Pages iterates the pages of the endringssett search (GET
// rest/v3/endringssett); see OppdragService.Pages.
func (s *EndringssettService) Pages(ctx context.Context, q *EndringssettQuery) iter.Seq2[*Page[Endringssett], error] {
	params, err := q.params()
	if err != nil {
		return func(yield func(*Page[Endringssett], error) bool) { yield(nil, err) }
	}
	if params.Antall == 0 {
		params.Antall = MaxAntall
	}
	return pages(ctx, params.Start, func(ctx context.Context, start int) (*Page[Endringssett], error) {
		p := params
		p.Start = start
		return s.list(ctx, p)
	})
}

// All iterates every set that matches q (GET rest/v3/endringssett); see
// OppdragService.All.
func (s *EndringssettService) All(ctx context.Context, q *EndringssettQuery) iter.Seq2[*Endringssett, error] {
	return items(s.Pages(ctx, q))
}
