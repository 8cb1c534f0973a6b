package apiskriv

import (
	"context"
	"iter"
	"net/http"
	"regexp"
	"time"
)

// Transaksjonstype says what a transaksjon did to an object. Only NY is seen
// in the documentation; other values are kept as the server sends them.
type Transaksjonstype string

// Known transaksjonstyper.
const (
	TransaksjonstypeNy Transaksjonstype = "NY"
)

// Objekttype is the kind of object a transaksjon touched. Only VEGOBJEKT is
// seen in the documentation; other values are kept as the server sends them.
type Objekttype string

// Known objekttyper.
const (
	ObjekttypeVegobjekt Objekttype = "VEGOBJEKT"
)

// Transaksjon is one write to NVDB within an oppdrag. It has no id of its
// own: oppdragId plus tidspunkt (to the second) identify it.
// XML: <transaksjon> in namespace …/domain/transaction/v1.
type Transaksjon struct {
	OppdragID   int64                   `xml:"oppdragId" json:"oppdragId"`
	Tidspunkt   Tidspunkt               `xml:"tidspunkt" json:"tidspunkt"`
	Brukernavn  string                  `xml:"brukernavn,omitempty" json:"brukernavn,omitempty"`
	Objekttyper []TransaksjonObjekttype `xml:"objekttyper>objekttype" json:"objekttyper"`
	Ressurser   Ressurser               `xml:"ressurser,omitempty" json:"ressurser,omitempty"`
}

// TransaksjonObjekttype groups the objects of one type in a transaksjon.
// (In XML an <objekttype> element holds another <objekttype>: the kind.)
type TransaksjonObjekttype struct {
	TypeID     int                 `xml:"typeId" json:"typeId"`
	Objekttype Objekttype          `xml:"objekttype" json:"objekttype"`
	Objekter   []TransaksjonObjekt `xml:"objekter>objekt" json:"objekter"`
}

// TransaksjonObjekt is one object version written by a transaksjon.
type TransaksjonObjekt struct {
	ObjektID         int64            `xml:"objektId" json:"objektId"`
	Transaksjonstype Transaksjonstype `xml:"transaksjonstype" json:"transaksjonstype"`
	Objektversjon    int              `xml:"objektversjon" json:"objektversjon"`
	Startdato        Dato             `xml:"startdato,omitempty" json:"startdato,omitempty"`
	Ressurser        Ressurser        `xml:"ressurser,omitempty" json:"ressurser,omitempty"`
}

// TransaksjonListe is the answer of the transaksjon search:
// <transaksjoner antallTotalt="…"><transaksjon>…. Its JSON form is not
// documented; this package reads {"antallTotalt":n,"transaksjon":[…]}, the
// element names as keys.
type TransaksjonListe struct {
	AntallTotalt  int           `xml:"antallTotalt,attr" json:"antallTotalt"`
	Transaksjoner []Transaksjon `xml:"transaksjon" json:"transaksjon"`
}

// TransaksjonQuery filters the transaksjon search. At least one of
// EndringssettID, OppdragID, VegobjektID and NettelementID is required;
// EndringssettID excludes OppdragID and VegobjektID excludes NettelementID.
type TransaksjonQuery struct {
	Antall         int       // page size, at most 1000; 0 leaves it to the server (All uses 1000)
	Start          int       // 1-based index of the first item; 0 means 1
	SorterPaa      Sortering // BRUKERNAVN or TID
	SorterStigende *bool     // ascending (JA) or descending (NEI)
	EndringssettID string    // UUID of an endringssett
	OppdragID      int64
	VegobjektID    int64
	NettelementID  int64
	FraDato        time.Time // earliest date, sent as 2006-01-02
	Eier           string    // username of the owner
}

type transaksjonParams struct {
	listParams
	EndringssettID string    `url:"endringssettId,omitempty"`
	OppdragID      int64     `url:"oppdragId,omitempty"`
	VegobjektID    int64     `url:"vegobjektId,omitempty"`
	NettelementID  int64     `url:"nettelementId,omitempty"`
	FraDato        time.Time `url:"fraDato,omitempty" layout:"2006-01-02"`
	Eier           string    `url:"eier,omitempty"`
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (q *TransaksjonQuery) params() (transaksjonParams, error) {
	if q == nil {
		return transaksjonParams{}, invalid("a TransaksjonQuery with endringssettId, oppdragId, vegobjektId or nettelementId is required")
	}
	lp, err := newListParams(q.Antall, q.Start, q.SorterPaa, q.SorterStigende)
	if err != nil {
		return transaksjonParams{}, err
	}
	switch {
	case q.EndringssettID == "" && q.OppdragID == 0 && q.VegobjektID == 0 && q.NettelementID == 0:
		return transaksjonParams{}, invalid("at least one of endringssettId, oppdragId, vegobjektId and nettelementId is required")
	case q.EndringssettID != "" && q.OppdragID != 0:
		return transaksjonParams{}, invalid("endringssettId and oppdragId cannot be used together")
	case q.VegobjektID != 0 && q.NettelementID != 0:
		return transaksjonParams{}, invalid("vegobjektId and nettelementId cannot be used together")
	case q.EndringssettID != "" && !uuidRE.MatchString(q.EndringssettID):
		return transaksjonParams{}, invalid("endringssettId must be a UUID, got %q", q.EndringssettID)
	case q.OppdragID < 0 || q.VegobjektID < 0 || q.NettelementID < 0:
		return transaksjonParams{}, invalid("ids must be positive")
	}
	return transaksjonParams{listParams: lp, EndringssettID: q.EndringssettID, OppdragID: q.OppdragID,
		VegobjektID: q.VegobjektID, NettelementID: q.NettelementID, FraDato: q.FraDato, Eier: q.Eier}, nil
}

// TransaksjonService reads transaksjoner (GET rest/v1/transaksjon).
type TransaksjonService struct{ c *Client }

// List returns one page of the transaksjon search (GET
// rest/v1/transaksjon). The parameter rules are
// checked before any request is sent.
func (s *TransaksjonService) List(ctx context.Context, q *TransaksjonQuery) (*Page[Transaksjon], error) {
	params, err := q.params()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, params)
}

func (s *TransaksjonService) list(ctx context.Context, params transaksjonParams) (*Page[Transaksjon], error) {
	v, err := encodeQuery(params)
	if err != nil {
		return nil, err
	}
	var l TransaksjonListe
	if _, err := s.c.do(ctx, &call{op: "Transaksjoner.List", method: http.MethodGet, path: "rest/v1/transaksjon", query: v, out: &l, start: params.Start}); err != nil {
		return nil, err
	}
	return newPage(l.Transaksjoner, l.AntallTotalt, params.Start), nil
}

// Pages iterates the pages of the transaksjon search from q.Start (GET
// rest/v1/transaksjon). The query is checked and copied when Pages is
// called; no request is made until the sequence is ranged. An error is
// yielded once and ends the sequence.
func (s *TransaksjonService) Pages(ctx context.Context, q *TransaksjonQuery) iter.Seq2[*Page[Transaksjon], error] {
	params, err := q.params()
	if err != nil {
		return func(yield func(*Page[Transaksjon], error) bool) { yield(nil, err) }
	}
	if params.Antall == 0 {
		params.Antall = MaxAntall
	}
	return pages(ctx, params.Start, func(ctx context.Context, start int) (*Page[Transaksjon], error) {
		p := params
		p.Start = start
		return s.list(ctx, p)
	})
}

// All iterates every transaksjon that matches q (GET rest/v1/transaksjon).
// The query is checked and copied when All is called; no request is made
// until the sequence is ranged. An error is yielded once and ends the
// sequence. The sequence ends without an error only when antallTotalt is
// reached: a page that is junk, or empty before the total, ends it with
// ErrInvalidResponse.
func (s *TransaksjonService) All(ctx context.Context, q *TransaksjonQuery) iter.Seq2[*Transaksjon, error] {
	return items(s.Pages(ctx, q))
}
