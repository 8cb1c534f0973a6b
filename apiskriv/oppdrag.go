package apiskriv

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"

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

// OppdragListe is the answer of the oppdrag search: <oppdragliste
// antallTotalt="…">. Its JSON form is not documented; this package reads
// {"antallTotalt":n,"oppdrag":[…]}, the element names as keys.
type OppdragListe struct {
	AntallTotalt int       `xml:"antallTotalt,attr" json:"antallTotalt"`
	Oppdrag      []Oppdrag `xml:"oppdrag" json:"oppdrag"`
}

// OppdragQuery filters the oppdrag search. The zero value lists everything
// the caller may see.
type OppdragQuery struct {
	Antall         int           // page size, at most 1000; 0 leaves it to the server (All uses 1000)
	Start          int           // 1-based index of the first item; 0 means 1
	SorterPaa      Sortering     // BRUKERNAVN or TID
	SorterStigende *bool         // ascending (JA) or descending (NEI); nil leaves it to the server
	FraDato        time.Time     // earliest date, sent as 2006-01-02
	Eier           string        // username of the owner
	Tjenesteregel  Tjenesteregel // service rule
}

type oppdragParams struct {
	listParams
	FraDato       time.Time `url:"fraDato,omitempty" layout:"2006-01-02"`
	Eier          string    `url:"eier,omitempty"`
	Tjenesteregel string    `url:"tjenesteregel,omitempty"`
}

func (q *OppdragQuery) params() (oppdragParams, error) {
	if q == nil {
		q = &OppdragQuery{}
	}
	lp, err := newListParams(q.Antall, q.Start, q.SorterPaa, q.SorterStigende)
	if err != nil {
		return oppdragParams{}, err
	}
	return oppdragParams{listParams: lp, FraDato: q.FraDato, Eier: q.Eier, Tjenesteregel: string(q.Tjenesteregel)}, nil
}

// OppdragService reads oppdrag (GET rest/v1/oppdrag).
type OppdragService struct{ c *Client }

// Get returns one oppdrag (GET rest/v1/oppdrag/{id}).
func (s *OppdragService) Get(ctx context.Context, id int64) (*Oppdrag, error) {
	if id <= 0 {
		return nil, invalid("oppdrag id must be positive, got %d", id)
	}
	p, err := transport.JoinPath("rest/v1/oppdrag", strconv.FormatInt(id, 10))
	if err != nil {
		return nil, invalid("%v", err)
	}
	var o Oppdrag
	if _, err := s.c.do(ctx, &call{op: "Oppdrag.Get", method: http.MethodGet, path: p, out: &o}); err != nil {
		return nil, err
	}
	return &o, nil
}

// List returns one page of the oppdrag search (GET rest/v1/oppdrag).
func (s *OppdragService) List(ctx context.Context, q *OppdragQuery) (*Page[Oppdrag], error) {
	params, err := q.params()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, params)
}

func (s *OppdragService) list(ctx context.Context, params oppdragParams) (*Page[Oppdrag], error) {
	v, err := encodeQuery(params)
	if err != nil {
		return nil, err
	}
	var l OppdragListe
	if _, err := s.c.do(ctx, &call{op: "Oppdrag.List", method: http.MethodGet, path: "rest/v1/oppdrag", query: v, out: &l, start: params.Start}); err != nil {
		return nil, err
	}
	return newPage(l.Oppdrag, l.AntallTotalt, params.Start), nil
}

// Pages iterates the pages of the oppdrag search from q.Start (GET
// rest/v1/oppdrag); each page's Next is the Start to resume from. The query
// is checked and copied when Pages is called; no request is made until the
// sequence is ranged. An error is yielded once and ends the sequence.
func (s *OppdragService) Pages(ctx context.Context, q *OppdragQuery) iter.Seq2[*Page[Oppdrag], error] {
	params, err := q.params()
	if err != nil {
		return func(yield func(*Page[Oppdrag], error) bool) { yield(nil, err) }
	}
	if params.Antall == 0 {
		params.Antall = MaxAntall
	}
	return pages(ctx, params.Start, func(ctx context.Context, start int) (*Page[Oppdrag], error) {
		p := params
		p.Start = start
		return s.list(ctx, p)
	})
}

// All iterates every oppdrag that matches q, page by page from q.Start
// (GET rest/v1/oppdrag). The query is checked and copied when All is
// called; no request is made until the sequence is ranged. An error is
// yielded once and ends the sequence. The sequence ends without an error
// only when antallTotalt is reached: a page that is junk, or empty before
// the total, ends it with ErrInvalidResponse.
func (s *OppdragService) All(ctx context.Context, q *OppdragQuery) iter.Seq2[*Oppdrag, error] {
	return items(s.Pages(ctx, q))
}
