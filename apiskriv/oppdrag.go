package apiskriv

import (
	"context"
	"iter"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Tjenesteregel is the service rule an oppdrag was made under. The full list
// lives only in the server's tjenesteregel.xsd; unknown values are kept as
// they are.
type Tjenesteregel string

// Known tjenesteregler.
const (
	TjenesteregelVegnettsoppdrag Tjenesteregel = "VEGNETTSOPPDRAG"
)

// Bruker is the user who owns an oppdrag.
type Bruker struct {
	ID         int64  `xml:"id,attr" json:"id"`
	Brukernavn string `xml:"brukernavn" json:"brukernavn"`
	FulltNavn  string `xml:"fulltNavn" json:"fulltNavn"`
}

// Oppdrag (task) is the record of one finished endringssett (or one edit in
// another NVDB tool): who, when, under which rule, and links to its
// transaksjoner. XML: <oppdrag xmlns="…/domain/task/v1" id="…">.
type Oppdrag struct {
	ID            int64         `xml:"id,attr" json:"id"`
	TypeID        int           `xml:"typeId" json:"typeId"`
	Navn          string        `xml:"navn" json:"navn"`
	Beskrivelse   string        `xml:"beskrivelse,omitempty" json:"beskrivelse,omitempty"`
	Sluttidspunkt Tidspunkt     `xml:"sluttidspunkt" json:"sluttidspunkt"`
	Bruker        Bruker        `xml:"bruker" json:"bruker"`
	Tjenesteregel Tjenesteregel `xml:"tjenesteregel" json:"tjenesteregel"`
	Ressurser     Ressurser     `xml:"ressurser,omitempty" json:"ressurser,omitempty"`
}

// OppdragQuery filters the oppdrag search (GET rest/v1/oppdrag). The zero
// value lists everything the caller may see.
type OppdragQuery struct {
	// Antall is the page size, at most 1000; 0 leaves it to the server
	// (Pages and All ask for 1000).
	Antall int `url:"antall,omitempty"`
	// Start is the 1-based index of the first item; 0 means 1. A page's
	// Next is the Start to resume from.
	Start          int           `url:"-"`
	SorterPaa      Sortering     `url:"sorterPå,omitempty"`                    // BRUKERNAVN or TID
	SorterStigende JaNei         `url:"sorterStigende,omitempty"`              // ascending (JA) or descending (NEI); "" leaves it to the server
	FraDato        time.Time     `url:"fraDato,omitempty" layout:"2006-01-02"` // earliest date, sent as 2006-01-02
	Eier           string        `url:"eier,omitempty"`                        // username of the owner
	Tjenesteregel  Tjenesteregel `url:"tjenesteregel,omitempty"`               // service rule
}

// call is the search's call; iterate asks for full pages by default.
func (q *OppdragQuery) call(iterate bool) endpoint.Call[int] {
	var o OppdragQuery
	if q != nil {
		o = *q
	}
	o.Antall = pageSize(o.Antall, iterate)
	return listCall("rest/v1/oppdrag", &o, o.Start, checkPaging(o.Antall, o.Start, o.SorterPaa, o.SorterStigende))
}

// OppdragService reads oppdrag (GET rest/v1/oppdrag).
type OppdragService service

func (s *OppdragService) svc() *service { return (*service)(s) }

var (
	oppdragGet  = opOf[Oppdrag, oppdragAnswer](get("Oppdrag.Get"))
	oppdragList = listOf[Oppdrag, oppdragListe]("Oppdrag.List", NamespaceTask, checkOppdrag)
)

// Get returns one oppdrag (GET rest/v1/oppdrag/{id}).
func (s *OppdragService) Get(ctx context.Context, id int64) (*Oppdrag, error) {
	return oppdragGet.Do(ctx, s.svc(), idRequest("oppdrag", "rest/v1/oppdrag", id))
}

// List returns one page of the oppdrag search from q.Start (GET
// rest/v1/oppdrag).
func (s *OppdragService) List(ctx context.Context, q *OppdragQuery) (*Page[Oppdrag], error) {
	return oppdragList.List(ctx, s.svc(), q.call(false))
}

// Pages iterates the pages of the oppdrag search from q.Start (GET
// rest/v1/oppdrag); each page's Next is the Start to resume from. The query
// is checked and copied when Pages is called; no request is made until the
// sequence is ranged. An error is yielded once and ends the sequence.
func (s *OppdragService) Pages(ctx context.Context, q *OppdragQuery) iter.Seq2[*Page[Oppdrag], error] {
	return oppdragList.Pages(ctx, s.svc(), q.call(true))
}

// All iterates every oppdrag that matches q, page by page from q.Start
// (GET rest/v1/oppdrag). The query is checked and copied when All is
// called; no request is made until the sequence is ranged. An error is
// yielded once and ends the sequence. The sequence ends without an error
// only when antallTotalt is reached: a page that is junk, or empty before
// the total, ends it with ErrInvalidResponse.
func (s *OppdragService) All(ctx context.Context, q *OppdragQuery) iter.Seq2[*Oppdrag, error] {
	return oppdragList.All(ctx, s.svc(), q.call(true))
}

// idRequest is the GET of prefix/{id} for a positive id of what.
func idRequest(what, prefix string, id int64) endpoint.Request {
	if id <= 0 {
		return endpoint.Fail(invalid("%s id must be positive, got %d", what, id))
	}
	p, err := transport.JoinPath(prefix, strconv.FormatInt(id, 10))
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p}
}
