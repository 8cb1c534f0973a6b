package nvdb

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// MaxEndringerAntall is the largest page of the change feed.
const MaxEndringerAntall = 1000

// EndringerQuery holds the parameters of the change feed. NVDB keeps
// changes for 30 days.
type EndringerQuery struct {
	Ider []int64 `url:"ider,comma,omitempty"` // only changes to these objects
	// Start is where to begin: a date ("2025-06-01"), a timestamp with zone
	// ("2025-06-01T12:00:00Z") or a cursor from a previous page's Next
	// ("2025-06-01T12:00:00Z,12345,1"). Empty starts with the oldest change.
	Start string `url:"-"`
	// Fra is Start as a time.Time; set at most one of the two.
	Fra time.Time `url:"-"`
	// Slutt ends the feed before this date or timestamp; Til is the same as
	// a time.Time.
	Slutt  string    `url:"slutt,omitempty"`
	Til    time.Time `url:"-"`
	Antall int       `url:"antall,omitempty"` // page size, at most MaxEndringerAntall
}

func (q *EndringerQuery) validate() error {
	var c checker
	positives(&c, "ider", q.Ider)
	feedRange(&c, q.Start, q.Fra, q.Slutt, q.Til, q.Antall)
	return c.err
}

// feedRange checks the start, end and page size of a change feed.
func feedRange(c *checker, start string, fra time.Time, slutt string, til time.Time, antall int) {
	if _, err := tidOrString("start", start, fra, true); err != nil && c.err == nil {
		c.err = err
	}
	if _, err := tidOrString("slutt", slutt, til, false); err != nil && c.err == nil {
		c.err = err
	}
	if antall < 0 || antall > MaxEndringerAntall {
		c.fail("invalid antall %d: must be between 1 and %d", antall, MaxEndringerAntall)
	}
}

// feedCall is the call of a change feed at path: q encoded, the end set
// from Til, and the first cursor from Start or Fra.
func feedCall(s *service, path string, q query, start string, fra time.Time, til time.Time) endpoint.Call[string] {
	v, err := encode(q)
	if err != nil {
		return endpoint.Call[string]{Request: endpoint.Fail(err)}
	}
	if !til.IsZero() {
		v.Set("slutt", til.UTC().Format(time.RFC3339Nano))
	}
	start, _ = tidOrString("start", start, fra, true) // checked by encode
	return endpoint.Call[string]{Request: endpoint.Request{Path: path, Query: v}, Start: start, Prefetch: s.prefetch()}
}

func tidOrString(name, s string, t time.Time, cursor bool) (string, error) {
	if s != "" && !t.IsZero() {
		return "", invalidf("set either the %s string or its time.Time, not both", name)
	}
	if !t.IsZero() {
		return t.UTC().Format(time.RFC3339Nano), nil
	}
	if s == "" || validTid(s) {
		return s, nil
	}
	if cursor {
		if parts := strings.Split(s, ","); len(parts) == 3 && validTid(parts[0]) && isInt(parts[1]) && isInt(parts[2]) {
			return s, nil
		}
	}
	return "", invalidf("invalid %s %q: want a date (2025-06-01), a timestamp with zone (2025-06-01T12:00:00Z) or a cursor", name, s)
}

func validTid(s string) bool {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

func isInt(s string) bool { _, err := strconv.ParseInt(s, 10, 64); return err == nil }

// Endringstype says what a change in a change feed did.
type Endringstype string

// The kinds of change in NVDB's change feeds; the vegnett feed has only
// Fjernet and Segmentert.
const (
	EndringOpprettet  Endringstype = "opprettet"  // a new version
	EndringEndret     Endringstype = "endret"     // a version changed
	EndringFjernet    Endringstype = "fjernet"    // a version (or veglenkesekvens) removed
	EndringSegmentert Endringstype = "segmentert" // segmented anew
)

// VersjonEndring is one change to one version of an object.
type VersjonEndring struct {
	// Endring is the list NVDB sent the change in
	// (vegobjektVersjonerOpprettet, ...Endret, ...Fjernet, ...Segmentert).
	Endring Endringstype `json:"endring,omitempty"`
	ID      int64        `json:"id"`
	Versjon int          `json:"versjon"`
	Type    int          `json:"type"`
	// Tidspunkt is when the change became visible in Les API v4.
	Tidspunkt time.Time `json:"tidspunkt"`
	Startdato Dato      `json:"startdato,omitempty"` // Opprettet and Endret only
	Sluttdato Dato      `json:"sluttdato,omitempty"` // Opprettet and Endret only
}

// endringerWire is a page of the vegobjekter change feed as NVDB sends it.
type endringerWire struct {
	Opprettet  []VersjonEndring `json:"vegobjektVersjonerOpprettet"`
	Endret     []VersjonEndring `json:"vegobjektVersjonerEndret"`
	Fjernet    []VersjonEndring `json:"vegobjektVersjonerFjernet"`
	Segmentert []VersjonEndring `json:"vegobjektVersjonerSegmentert"`
	Metadata   *PageMetadata    `json:"metadata"`
}

// decodeEndringer merges the four lists of a change-feed page into one,
// in the order the changes became visible (tidspunkt, id, versjon: the
// order of the feed's cursor), each marked with its kind.
func decodeEndringer(resp *endpoint.Response, p *Page[VersjonEndring]) error {
	var w endringerWire
	if err := transport.DecodeJSON(resp.Body, &w); err != nil {
		return err
	}
	if w.Metadata == nil {
		return errNoMeta
	}
	*p = Page[VersjonEndring]{Metadata: *w.Metadata,
		Items: make([]*VersjonEndring, 0, len(w.Opprettet)+len(w.Endret)+len(w.Fjernet)+len(w.Segmentert))}
	for _, l := range []struct {
		kind Endringstype
		list []VersjonEndring
	}{{EndringOpprettet, w.Opprettet}, {EndringEndret, w.Endret}, {EndringFjernet, w.Fjernet}, {EndringSegmentert, w.Segmentert}} {
		for i := range l.list {
			e := &l.list[i]
			e.Endring = l.kind
			p.Items = append(p.Items, e)
		}
	}
	slices.SortStableFunc(p.Items, func(a, b *VersjonEndring) int {
		return cmp.Or(a.Tidspunkt.Compare(b.Tidspunkt), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Versjon, b.Versjon))
	})
	return nil
}

var vegobjekterEndringer = feedOf("Vegobjekter.Endringer", decodeEndringer)

// endringerCall is the call of the change feed of one type
// (/vegobjekter/{vegobjekttypeId}/endringer) or of several
// (/vegobjekter/endringer?typeIder=).
func (s *VegobjekterService) endringerCall(typeIDs []int, q *EndringerQuery) endpoint.Call[string] {
	if q == nil {
		q = &EndringerQuery{}
	}
	fail := func(err error) endpoint.Call[string] { return endpoint.Call[string]{Request: endpoint.Fail(err)} }
	var c checker
	positives(&c, "vegobjekttype id", typeIDs)
	switch {
	case len(typeIDs) == 0:
		return fail(invalidf("nvdb: endringer needs at least one vegobjekttype id"))
	case c.err != nil:
		return fail(fmt.Errorf("nvdb: %w", c.err))
	case len(typeIDs) == 1:
		path, err := typePath(typeIDs[0], "endringer")
		if err != nil {
			return fail(err)
		}
		return feedCall((*service)(s), path, q, q.Start, q.Fra, q.Til)
	}
	call := feedCall((*service)(s), VegobjekterPrefix+"/vegobjekter/endringer", q, q.Start, q.Fra, q.Til)
	if call.Err == nil {
		call.Query.Set("typeIder", joinInts(typeIDs))
	}
	return call
}

// joinInts is a list parameter of the arguments of a call.
func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

// Endringer fetches one page of the changes in the last 30 days to
// objects of the given types (GET
// /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/endringer for one
// type, /vegobjekter/api/v4/vegobjekter/endringer?typeIder= for several).
// The page's Next is where to continue; when the page is empty the feed
// is caught up and Next is the cursor to poll with later.
func (s *VegobjekterService) Endringer(ctx context.Context, typeIDs []int, q *EndringerQuery) (*Page[VersjonEndring], error) {
	return vegobjekterEndringer.List(ctx, s.t(), s.endringerCall(typeIDs, q))
}

// EndringerPages iterates over the pages of the change feed of one or
// more types, from q.Start until the feed is caught up (an empty page or a
// repeated cursor). The last page's Next is where a later poll continues;
// it may be an empty page, the answer of a feed that is caught up, so a
// feed read from a date hands out the cursor to poll with even when
// nothing changed. No request is made until the sequence is ranged.
func (s *VegobjekterService) EndringerPages(ctx context.Context, typeIDs []int, q *EndringerQuery) iter.Seq2[*Page[VersjonEndring], error] {
	return vegobjekterEndringer.Pages(ctx, s.t(), s.endringerCall(typeIDs, q))
}

// EndringerAll iterates over every change in the feed of one or more
// types from q.Start until it is caught up. To poll later from where it
// stopped, range over EndringerPages and save the last page's Next.
func (s *VegobjekterService) EndringerAll(ctx context.Context, typeIDs []int, q *EndringerQuery) iter.Seq2[*VersjonEndring, error] {
	return vegobjekterEndringer.All(ctx, s.t(), s.endringerCall(typeIDs, q))
}
