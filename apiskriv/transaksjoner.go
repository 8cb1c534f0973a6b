package apiskriv

import (
	"context"
	"iter"
	"regexp"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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

// TransaksjonQuery filters the transaksjon search (GET
// rest/v1/transaksjon). At least one of EndringssettID, OppdragID,
// VegobjektID and NettelementID is required; EndringssettID excludes
// OppdragID and VegobjektID excludes NettelementID.
type TransaksjonQuery struct {
	// Antall is the page size, at most 1000; 0 leaves it to the server
	// (Pages and All ask for 1000).
	Antall int `url:"antall,omitempty"`
	// Start is the 1-based index of the first item; 0 means 1. A page's
	// Next is the Start to resume from.
	Start          int       `url:"-"`
	SorterPaa      Sortering `url:"sorterPå,omitempty"`       // BRUKERNAVN or TID
	SorterStigende JaNei     `url:"sorterStigende,omitempty"` // ascending (JA) or descending (NEI)
	EndringssettID string    `url:"endringssettId,omitempty"` // UUID of an endringssett
	OppdragID      int64     `url:"oppdragId,omitempty"`
	VegobjektID    int64     `url:"vegobjektId,omitempty"`
	NettelementID  int64     `url:"nettelementId,omitempty"`
	FraDato        time.Time `url:"fraDato,omitempty" layout:"2006-01-02"` // earliest date, sent as 2006-01-02
	Eier           string    `url:"eier,omitempty"`                        // username of the owner
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// call is the search's call, or the rule q breaks; iterate asks for full
// pages by default.
func (q *TransaksjonQuery) call(iterate bool) endpoint.Call[int] {
	if q == nil {
		return listCall("", nil, 0, invalid("a TransaksjonQuery with endringssettId, oppdragId, vegobjektId or nettelementId is required"))
	}
	o := *q
	o.Antall = pageSize(o.Antall, iterate)
	return listCall("rest/v1/transaksjon", &o, o.Start, o.check())
}

func (q *TransaksjonQuery) check() error {
	if err := checkPaging(q.Antall, q.Start, q.SorterPaa, q.SorterStigende); err != nil {
		return err
	}
	switch {
	case q.EndringssettID == "" && q.OppdragID == 0 && q.VegobjektID == 0 && q.NettelementID == 0:
		return invalid("at least one of endringssettId, oppdragId, vegobjektId and nettelementId is required")
	case q.EndringssettID != "" && q.OppdragID != 0:
		return invalid("endringssettId and oppdragId cannot be used together")
	case q.VegobjektID != 0 && q.NettelementID != 0:
		return invalid("vegobjektId and nettelementId cannot be used together")
	case q.EndringssettID != "" && !uuidRE.MatchString(q.EndringssettID):
		return invalid("endringssettId must be a UUID, got %q", q.EndringssettID)
	case q.OppdragID < 0 || q.VegobjektID < 0 || q.NettelementID < 0:
		return invalid("ids must be positive")
	}
	return nil
}

// TransaksjonerService reads transaksjoner (GET rest/v1/transaksjon).
type TransaksjonerService service

func (s *TransaksjonerService) svc() *service { return (*service)(s) }

var transaksjonerList = listOf[Transaksjon, transaksjonListe]("Transaksjoner.List", NamespaceTransaction, checkTransaksjon)

// List returns one page of the transaksjon search from q.Start (GET
// rest/v1/transaksjon). The parameter rules are checked before any request
// is sent.
func (s *TransaksjonerService) List(ctx context.Context, q *TransaksjonQuery) (*Page[Transaksjon], error) {
	return transaksjonerList.List(ctx, s.svc(), q.call(false))
}

// Pages iterates the pages of the transaksjon search from q.Start (GET
// rest/v1/transaksjon); each page's Next is the Start to resume from. The
// query is checked and copied when Pages is called; no request is made
// until the sequence is ranged. An error is yielded once and ends the
// sequence.
func (s *TransaksjonerService) Pages(ctx context.Context, q *TransaksjonQuery) iter.Seq2[*Page[Transaksjon], error] {
	return transaksjonerList.Pages(ctx, s.svc(), q.call(true))
}

// All iterates every transaksjon that matches q, page by page from q.Start
// (GET rest/v1/transaksjon). The query is checked and copied when All is
// called; no request is made until the sequence is ranged. An error is
// yielded once and ends the sequence. The sequence ends without an error
// only when antallTotalt is reached: a page that is junk, or empty before
// the total, ends it with ErrInvalidResponse.
func (s *TransaksjonerService) All(ctx context.Context, q *TransaksjonQuery) iter.Seq2[*Transaksjon, error] {
	return transaksjonerList.All(ctx, s.svc(), q.call(true))
}
