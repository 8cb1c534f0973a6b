package apiskriv

import (
	"context"
	"encoding/xml"
	"iter"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// NamespaceLock is the XML namespace of locks (lås).
const NamespaceLock = "http://nvdb.vegvesen.no/apiskriv/domain/lock/v1"

// MaxLaasVeglenkesekvenser is the most veglenkesekvenser one lock may hold;
// the API refuses more with 422 FOR_MANGE_LENKESEKVENSER.
const MaxLaasVeglenkesekvenser = 999

// Laastype says how a vegobjekttype is locked: NORMAL or SEKUNDÆR (a
// secondary lock the API takes on dependent types). Other values are kept
// as the server sends them.
type Laastype string

// Known låstyper.
const (
	LaastypeNormal    Laastype = "NORMAL"
	LaastypeSekundaer Laastype = "SEKUNDÆR"
)

// Lokasjonrelevans says what part of the network a locked type is locked
// on. Other values are kept as the server sends them.
type Lokasjonrelevans string

// Known lokasjonrelevanser.
const (
	LokasjonrelevansVeglenkesekvens          Lokasjonrelevans = "VEGLENKESEKVENS"
	LokasjonrelevansVeglenkesekvensEllerNode Lokasjonrelevans = "VEGLENKESEKVENS_ELLER_NODE"
)

// Opphav is where a lock was made; only KLASSISK_API is documented.
type Opphav string

// Known opphav.
const (
	OpphavKlassiskAPI Opphav = "KLASSISK_API"
)

// Eier is the user who owns a lock.
type Eier struct {
	Brukernavn string `xml:"brukernavn" json:"brukernavn"`
	FulltNavn  string `xml:"fulltNavn,omitempty" json:"fulltNavn,omitempty"`
}

// Laas (lås) is a lock an oppdrag holds on vegobjekttyper along a part of
// the road network, so that no other change touches it meanwhile.
// XML: <lås xmlns="…/domain/lock/v1" id="…">. Its JSON form is not
// documented; this package reads the element names as keys (with the
// API's å), wrappers as arrays: {"id":…,"vegnettlås":false,
// "vegobjekttyper":[{"typeId":852,"låstype":"NORMAL",…}],"lokasjon":[{"id":…,"fra":…,"til":…}]}.
type Laas struct {
	ID             int64                `xml:"id,attr,omitempty" json:"id,omitempty"`
	OppdragID      int64                `xml:"oppdragId,omitempty" json:"oppdragId,omitempty"`
	Eier           *Eier                `xml:"eier,omitempty" json:"eier,omitempty"`
	Opprettet      Tidspunkt            `xml:"opprettet,omitempty" json:"opprettet,omitempty"`
	Opphav         Opphav               `xml:"opphav,omitempty" json:"opphav,omitempty"`
	Vegnettlaas    bool                 `xml:"vegnettlås" json:"vegnettlås"`
	Vegobjekttyper []LaastVegobjekttype `xml:"vegobjekttyper>vegobjekttype" json:"vegobjekttyper"`
	Lokasjon       []LaastStrekning     `xml:"lokasjon>veglenkesekvens" json:"lokasjon"`
}

// LaastVegobjekttype is one vegobjekttype a lock covers.
type LaastVegobjekttype struct {
	TypeID           int              `xml:"typeId,attr" json:"typeId"`
	Laastype         Laastype         `xml:"låstype" json:"låstype"`
	Lokasjonrelevans Lokasjonrelevans `xml:"lokasjonrelevans" json:"lokasjonrelevans"`
}

// LaastStrekning is a stretch [Fra, Til] of one veglenkesekvens a lock
// covers.
type LaastStrekning struct {
	VeglenkesekvensID int64   `xml:"id,attr" json:"id"`
	Fra               float64 `xml:"fra,attr" json:"fra"`
	Til               float64 `xml:"til,attr" json:"til"`
}

// EierBrukernavn returns the owner's username, "" when the lock names none.
func (l *Laas) EierBrukernavn() string {
	if l == nil || l.Eier == nil {
		return ""
	}
	return l.Eier.Brukernavn
}

// laasXML is a lock sent as a request body: the root element <lås> in
// NamespaceLock in XML, the lock's own members in JSON.
type laasXML struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/lock/v1 lås" json:"-"`
	*Laas
}

// LaasQuery filters the lock search (GET rest/v1/lås). The zero value
// lists every lock the caller may see.
type LaasQuery struct {
	// Antall is the page size, at most 1000; 0 leaves it to the server
	// (Pages and All ask for 1000).
	Antall int `url:"antall,omitempty"`
	// Start is the 1-based index of the first item; 0 means 1. A page's
	// Next is the Start to resume from.
	Start                   int       `url:"-"`
	SorterPaa               Sortering `url:"sorterPå,omitempty"`                // BRUKERNAVN or TID
	SorterStigende          JaNei     `url:"sorterStigende,omitempty"`          // ascending (JA) or descending (NEI)
	Eier                    string    `url:"eier,omitempty"`                    // username of the owner
	OppdragID               int64     `url:"oppdragId,omitempty"`               // the oppdrag the locks belong to
	BlokkererEndringssettID string    `url:"blokkererEndringssettId,omitempty"` // UUID of an endringssett the locks block
}

// call is the search's call; iterate asks for full pages by default.
func (q *LaasQuery) call(iterate bool) endpoint.Call[int] {
	var o LaasQuery
	if q != nil {
		o = *q
	}
	o.Antall = pageSize(o.Antall, iterate)
	p, err := laasPath()
	if err == nil {
		err = o.check()
	}
	return listCall(p, &o, o.Start, err)
}

func (q *LaasQuery) check() error {
	if err := checkPaging(q.Antall, q.Start, q.SorterPaa, q.SorterStigende); err != nil {
		return err
	}
	if q.OppdragID < 0 {
		return invalid("oppdragId must be positive, got %d", q.OppdragID)
	}
	if q.BlokkererEndringssettID != "" && !uuidRE.MatchString(q.BlokkererEndringssettID) {
		return invalid("blokkererEndringssettId must be a UUID, got %q", q.BlokkererEndringssettID)
	}
	return nil
}

// LaaserService reads and takes locks (rest/v1/lås).
type LaaserService service

func (s *LaaserService) svc() *service { return (*service)(s) }

// laasPath is rest/v1/lås with the å escaped.
func laasPath() (string, error) {
	p, err := transport.JoinPath("rest/v1", "lås")
	if err != nil {
		return "", invalid("%v", err)
	}
	return p, nil
}

var (
	laaserGet    = opOf[Laas, laasAnswer](get("Laaser.Get"))
	laaserList   = listOf[Laas, laasListe]("Laaser.List", NamespaceLock, checkLaas)
	laaserCreate = opOf[Laas, laasAnswer](post("Laaser.Create", false))
	// Blokkerende reads each lock as Get does, under its own name.
	laaserBlokkerende = opOf[Laas, laasAnswer](get("Laaser.Blokkerende"))
)

// Get returns one lock (GET rest/v1/lås/{id}).
func (s *LaaserService) Get(ctx context.Context, id int64) (*Laas, error) {
	p, err := laasPath()
	if err != nil {
		return nil, err
	}
	return laaserGet.Do(ctx, s.svc(), idRequest("lock", p, id))
}

// List returns one page of the lock search from q.Start (GET rest/v1/lås).
func (s *LaaserService) List(ctx context.Context, q *LaasQuery) (*Page[Laas], error) {
	return laaserList.List(ctx, s.svc(), q.call(false))
}

// Pages iterates the pages of the lock search from q.Start (GET
// rest/v1/lås); each page's Next is the Start to resume from. The query is
// checked and copied when Pages is called; no request is made until the
// sequence is ranged. An error is yielded once and ends the sequence.
func (s *LaaserService) Pages(ctx context.Context, q *LaasQuery) iter.Seq2[*Page[Laas], error] {
	return laaserList.Pages(ctx, s.svc(), q.call(true))
}

// All iterates every lock that matches q, page by page from q.Start (GET
// rest/v1/lås), as OppdragService.All does.
func (s *LaaserService) All(ctx context.Context, q *LaasQuery) iter.Seq2[*Laas, error] {
	return laaserList.All(ctx, s.svc(), q.call(true))
}

// Create takes a lock in advance (POST rest/v1/lås), for clients that edit
// the road network: the lock names its vegobjekttyper and the
// veglenkesekvens stretches (lokasjon) it covers, and Vegnettlaas for a
// lock on the network itself. The answer is the lock with its id.
//
// The API refuses a lock with more than 999 veglenkesekvenser (422
// FOR_MANGE_LENKESEKVENSER; refused here before any request) and answers
// 403 with a fault when the caller lacks the rights to a vegobjekttype, to
// the kommuner of the stretches, or to network changes. The request
// payload and the 201 answer are not documented; this package sends the
// lock in the documented <lås> form (without id, eier, opprettet and
// opphav, which the server sets) and reads the created lock back, the
// closest documented analogue (GET rest/v1/lås/{id}). A new lock is made
// on each call, so it is not repeated after a network failure or 5xx.
func (s *LaaserService) Create(ctx context.Context, l *Laas) (*Laas, error) {
	return laaserCreate.Do(ctx, s.svc(), l.createRequest())
}

// createRequest is the POST of l without the members the server sets.
func (l *Laas) createRequest() endpoint.Request {
	if err := l.check(); err != nil {
		return endpoint.Fail(err)
	}
	p, err := laasPath()
	if err != nil {
		return endpoint.Fail(err)
	}
	in := &Laas{OppdragID: l.OppdragID, Vegnettlaas: l.Vegnettlaas, Vegobjekttyper: l.Vegobjekttyper, Lokasjon: l.Lokasjon}
	return endpoint.Request{Path: p, Body: &laasXML{Laas: in}}
}

func (l *Laas) check() error {
	switch {
	case l == nil:
		return invalid("nil lock")
	case len(l.Vegobjekttyper) == 0 && !l.Vegnettlaas:
		return invalid("a lock needs vegobjekttyper or vegnettlås")
	case len(l.Lokasjon) == 0:
		return invalid("a lock needs a lokasjon (veglenkesekvens stretches)")
	case len(l.Lokasjon) > MaxLaasVeglenkesekvenser:
		return invalid("FOR_MANGE_LENKESEKVENSER: a lock holds at most %d veglenkesekvenser, got %d", MaxLaasVeglenkesekvenser, len(l.Lokasjon))
	case l.OppdragID < 0:
		return invalid("oppdragId must be positive, got %d", l.OppdragID)
	}
	for i, t := range l.Vegobjekttyper {
		if t.TypeID <= 0 {
			return invalid("vegobjekttyper[%d]: typeId must be positive", i)
		}
	}
	for i, v := range l.Lokasjon {
		if v.VeglenkesekvensID <= 0 || v.Fra < 0 || v.Til > 1 || v.Fra > v.Til {
			return invalid("lokasjon[%d]: need a veglenkesekvens id and 0 <= fra <= til <= 1", i)
		}
	}
	return nil
}

// Blokkerende returns the locks that keep a set waiting (the ids of
// Status.BlokkerendeLaaser, each read with GET rest/v1/lås/{id}); none for
// a nil status or one that waits on no lock.
func (s *LaaserService) Blokkerende(ctx context.Context, st *Status) ([]*Laas, error) {
	if st == nil {
		return nil, nil
	}
	p, err := laasPath()
	if err != nil {
		return nil, err
	}
	out := make([]*Laas, 0, len(st.BlokkerendeLaaser))
	for _, id := range st.BlokkerendeLaaser {
		l, err := laaserBlokkerende.Do(ctx, s.svc(), idRequest("lock", p, id))
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	return out, nil
}
