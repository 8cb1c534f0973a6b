package nvdb

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxEndringerAntall is the largest page of the change feed.
const MaxEndringerAntall = 1000

// EndringerQuery holds the parameters of the change feed. NVDB keeps
// changes for 30 days.
type EndringerQuery struct {
	Ider []int64 // only changes to these objects
	// Start is where to begin: a date ("2025-06-01"), a timestamp with zone
	// ("2025-06-01T12:00:00Z") or a cursor from a previous page's Neste
	// ("2025-06-01T12:00:00Z,12345,1"). Empty starts with the oldest change.
	Start string
	// Fra is Start as a time.Time; set at most one of the two.
	Fra time.Time
	// Slutt ends the feed before this date or timestamp; Til is the same as
	// a time.Time.
	Slutt  string
	Til    time.Time
	Antall int // page size, at most MaxEndringerAntall
}

func (q *EndringerQuery) values() (url.Values, error) {
	e := newEnc()
	if q == nil {
		return e.v, nil
	}
	e.ids("ider", q.Ider)
	start, err := tidOrString("start", q.Start, q.Fra, true)
	if err != nil {
		return nil, err
	}
	slutt, err := tidOrString("slutt", q.Slutt, q.Til, false)
	if err != nil {
		return nil, err
	}
	e.str("start", start)
	e.str("slutt", slutt)
	switch {
	case q.Antall < 0 || q.Antall > MaxEndringerAntall:
		e.fail("invalid antall %d: must be between 1 and %d", q.Antall, MaxEndringerAntall)
	case q.Antall > 0:
		e.v.Set("antall", strconv.Itoa(q.Antall))
	}
	return e.v, e.err
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
	Metadata   PageMetadata     `json:"metadata"`
}

// decodeEndringer merges the four lists of a change-feed page into one,
// in the order the changes became visible (tidspunkt, id, versjon: the
// order of the feed's cursor), each marked with its kind.
func decodeEndringer(r io.Reader) (*Page[VersjonEndring], error) {
	var w endringerWire
	if err := decodeJSONPage(r, &w); err != nil {
		return nil, err
	}
	p := &Page[VersjonEndring]{Metadata: w.Metadata,
		Objekter: make([]VersjonEndring, 0, len(w.Opprettet)+len(w.Endret)+len(w.Fjernet)+len(w.Segmentert))}
	for _, l := range []struct {
		kind Endringstype
		list []VersjonEndring
	}{{EndringOpprettet, w.Opprettet}, {EndringEndret, w.Endret}, {EndringFjernet, w.Fjernet}, {EndringSegmentert, w.Segmentert}} {
		for _, e := range l.list {
			e.Endring = l.kind
			p.Objekter = append(p.Objekter, e)
		}
	}
	slices.SortStableFunc(p.Objekter, func(a, b VersjonEndring) int {
		return cmp.Or(a.Tidspunkt.Compare(b.Tidspunkt), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Versjon, b.Versjon))
	})
	return p, nil
}

// endringerLister is the change feed of one type
// (/vegobjekter/{vegobjekttypeId}/endringer) or of several
// (/vegobjekter/endringer?typeIder=).
func (s *VegobjekterService) endringerLister(typeIDs []int, q *EndringerQuery) (lister[VersjonEndring], url.Values, error) {
	l := lister[VersjonEndring]{s: (*service)(s), op: "Vegobjekter.Endringer", decode: decodeEndringer, feed: true}
	if len(typeIDs) == 0 {
		return l, nil, invalidf("nvdb: endringer needs at least one vegobjekttype id")
	}
	v, err := q.values()
	if err != nil {
		return l, nil, fmt.Errorf("nvdb: %w", err)
	}
	if len(typeIDs) == 1 {
		l.path, err = typePath(typeIDs[0], "endringer")
		return l, v, err
	}
	e := &enc{v: v}
	e.ints("typeIder", typeIDs)
	if e.err != nil {
		return l, nil, fmt.Errorf("nvdb: %w", e.err)
	}
	l.path = VegobjekterPrefix + "/vegobjekter/endringer"
	return l, v, nil
}

// ListEndringer fetches one page of the changes in the last 30 days to
// objects of the given types (GET
// /vegobjekter/api/v4/vegobjekter/{vegobjekttypeId}/endringer for one
// type, /vegobjekter/api/v4/vegobjekter/endringer?typeIder= for several).
// The page's Neste is where to continue; when the page is empty the feed
// is caught up and Neste is the cursor to poll with later.
func (s *VegobjekterService) ListEndringer(ctx context.Context, typeIDs []int, q *EndringerQuery) (*Page[VersjonEndring], error) {
	l, v, err := s.endringerLister(typeIDs, q)
	if err != nil {
		return nil, err
	}
	return l.page(ctx, v, v.Get("start"))
}

// PagesEndringer iterates over the pages of the change feed of one or
// more types, from q.Start until the feed is caught up (an empty page or a
// repeated cursor). The last page's Neste is where a later poll continues.
func (s *VegobjekterService) PagesEndringer(ctx context.Context, typeIDs []int, q *EndringerQuery) iter.Seq2[*Page[VersjonEndring], error] {
	l, v, err := s.endringerLister(slices.Clone(typeIDs), q)
	return l.pages(ctx, v, err, v.Get("start"))
}

// AllEndringer iterates over every change in the feed of one or more
// types from q.Start until it is caught up. To poll later from where it
// stopped, range over PagesEndringer and save the last page's Neste.
func (s *VegobjekterService) AllEndringer(ctx context.Context, typeIDs []int, q *EndringerQuery) iter.Seq2[*VersjonEndring, error] {
	return items(s.PagesEndringer(ctx, typeIDs, q))
}
