package nvdb

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/paginate"
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

// VersjonEndring is one change to one version of an object.
type VersjonEndring struct {
	ID      int64 `json:"id"`
	Versjon int   `json:"versjon"`
	Type    int   `json:"type"`
	// Tidspunkt is when the change became visible in Les API v4.
	Tidspunkt time.Time `json:"tidspunkt"`
	Startdato Dato      `json:"startdato,omitempty"` // Opprettet and Endret only
	Sluttdato Dato      `json:"sluttdato,omitempty"` // Opprettet and Endret only
}

// EndringerSide is one page of the change feed.
type EndringerSide struct {
	Opprettet  []VersjonEndring `json:"vegobjektVersjonerOpprettet"`  // new versions
	Endret     []VersjonEndring `json:"vegobjektVersjonerEndret"`     // changed versions
	Fjernet    []VersjonEndring `json:"vegobjektVersjonerFjernet"`    // removed versions
	Segmentert []VersjonEndring `json:"vegobjektVersjonerSegmentert"` // versions segmented anew
	Metadata   SideMetadata     `json:"metadata"`
	// Neste is where to continue: save it and pass it as Start to read the
	// changes after this page. When a page is empty the feed is caught up;
	// Neste then repeats the cursor so a later poll continues from it.
	Neste string `json:"-"`
}

// Len is the number of changes in the page.
func (p *EndringerSide) Len() int {
	return len(p.Opprettet) + len(p.Endret) + len(p.Fjernet) + len(p.Segmentert)
}

// Endringer fetches one page of the changes to objects of type typeID in
// the last 30 days.
func (s *VegobjekterService) Endringer(ctx context.Context, typeID int, q *EndringerQuery) (*EndringerSide, error) {
	path, err := typePath(typeID, "endringer")
	if err != nil {
		return nil, err
	}
	v, err := q.values()
	if err != nil {
		return nil, fmt.Errorf("nvdb: %w", err)
	}
	return s.endringerPage(ctx, path, v)
}

// EndringerForTyper fetches one page of the changes to objects of several
// types in the last 30 days.
func (s *VegobjekterService) EndringerForTyper(ctx context.Context, typeIDs []int, q *EndringerQuery) (*EndringerSide, error) {
	path, v, err := endringerForTyper(typeIDs, q)
	if err != nil {
		return nil, err
	}
	return s.endringerPage(ctx, path, v)
}

func endringerForTyper(typeIDs []int, q *EndringerQuery) (string, url.Values, error) {
	if len(typeIDs) == 0 {
		return "", nil, invalidf("nvdb: endringer needs at least one vegobjekttype id")
	}
	v, err := q.values()
	if err != nil {
		return "", nil, fmt.Errorf("nvdb: %w", err)
	}
	e := &enc{v: v}
	e.ints("typeIder", typeIDs)
	if e.err != nil {
		return "", nil, fmt.Errorf("nvdb: %w", e.err)
	}
	return VegobjekterPrefix + "/vegobjekter/endringer", v, nil
}

func (s *VegobjekterService) endringerPage(ctx context.Context, path string, v url.Values) (*EndringerSide, error) {
	var out EndringerSide
	if err := (*service)(s).get(ctx, path, v, &out); err != nil {
		return nil, err
	}
	out.Neste = v.Get("start")
	if n := out.Metadata.Neste; n != nil && n.Start != "" {
		out.Neste = n.Start
	}
	return &out, nil
}

// AlleEndringer iterates over the pages of the change feed of one or more
// types, from q.Start until the feed is caught up (an empty page or a
// repeated cursor). The last page's Neste is where a later poll continues.
func (s *VegobjekterService) AlleEndringer(ctx context.Context, typeIDs []int, q *EndringerQuery) iter.Seq2[*EndringerSide, error] {
	var qc EndringerQuery
	if q != nil {
		qc = *q
		qc.Ider = append([]int64(nil), q.Ider...)
	}
	typeIDs = append([]int(nil), typeIDs...)
	var path string
	var v url.Values
	var err error
	if len(typeIDs) == 1 {
		path, err = typePath(typeIDs[0], "endringer")
		if err == nil {
			v, err = qc.values()
		}
	} else {
		path, v, err = endringerForTyper(typeIDs, &qc)
	}
	start, _ := tidOrString("start", qc.Start, qc.Fra, true)
	fetch := func(ctx context.Context, cursor string) (paginate.Page[*EndringerSide, string], error) {
		if err != nil {
			return paginate.Page[*EndringerSide, string]{}, err
		}
		pv := make(url.Values, len(v)+1)
		for k, x := range v {
			pv[k] = x
		}
		pv.Del("start")
		if cursor != "" {
			pv.Set("start", cursor)
		}
		side, ferr := s.endringerPage(ctx, path, pv)
		if ferr != nil {
			return paginate.Page[*EndringerSide, string]{}, ferr
		}
		if side.Len() == 0 {
			return paginate.Page[*EndringerSide, string]{Last: true}, nil
		}
		return paginate.Page[*EndringerSide, string]{Items: []*EndringerSide{side}, Next: side.Neste}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
}
