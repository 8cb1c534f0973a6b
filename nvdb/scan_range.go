package nvdb

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ScanRange is a part of a cut kommune by the values of one egenskap of a
// date or number type: the objects whose value v has From <= v < To. The
// range without From holds the objects without a value too; the one
// without To reaches the highest value. The ranges of a kommune follow
// each other without gap or overlap (To of one is From of the next), and
// a range is searched by NVDB's egenskap filter, egenskap(id)>=From AND
// egenskap(id)<To (OR egenskap(id)=null), a Dato in single quotes. An
// egenskap of these types holds one value, so an object lies in exactly
// one range: no object is returned by two of them, whatever its geometry.
type ScanRange struct {
	Egenskap int `json:"egenskap"`
	// Type is the egenskap's type: Dato, Heltall or Flyttall.
	Type Egenskapstype `json:"type"`
	// From and To are values as NVDB writes them (yyyy-MM-dd for a
	// Dato); "" for no bound.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// rangeTypes are the egenskap types a kommune may be cut by: NVDB compares
// their values with < and >= ("kun relevant for egenskapstyper av type
// tall eller dato"), and each object holds at most one.
var rangeTypes = []Egenskapstype{EgenskapstypeDato, EgenskapstypeHeltall, EgenskapstypeFlyttall}

// rangeNumber is the value of an egenskap of a range type as a number: a
// Dato in days since 1970.
func rangeNumber(typ Egenskapstype, s string) (float64, bool) {
	if typ == EgenskapstypeDato {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return 0, false
		}
		return float64(t.Unix() / 86400), true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// rangeText writes a number back as the value NVDB compares.
func rangeText(typ Egenskapstype, v float64) string {
	if typ == EgenskapstypeDato {
		return time.Unix(int64(v)*86400, 0).UTC().Format(time.DateOnly)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// filterValue is a bound as the filter builder takes it.
func (r ScanRange) filterValue(s string) any {
	if r.Type == EgenskapstypeDato {
		return Dato(s)
	}
	v, _ := rangeNumber(r.Type, s)
	return v
}

// filter is the egenskap filter that finds the range's objects.
func (r ScanRange) filter() Filter {
	id := EgenskapID(r.Egenskap)
	var f Filter
	switch {
	case r.From != "" && r.To != "":
		f = And(id.Gteq(r.filterValue(r.From)), id.Lt(r.filterValue(r.To)))
	case r.From != "":
		f = id.Gteq(r.filterValue(r.From))
	case r.To != "":
		f = Or(id.Lt(r.filterValue(r.To)), id.IsNull())
	}
	return f
}

// rangeEgenskap is a partition's egenskap filter: q's own, in
// parentheses, and the range's.
func rangeEgenskap(q Filter, r ScanRange) Filter {
	if q.IsZero() {
		return r.filter()
	}
	return And(RawFilter("("+q.String()+")"), r.filter())
}

// own returns the query's own filter of egenskap, a partition's egenskap
// parameter: "" where egenskap is the range's filter alone, the
// parenthesized filter before it otherwise. ok is false where egenskap is
// neither.
func (r ScanRange) own(egenskap string) (q string, ok bool) {
	f := r.filter().String()
	if egenskap == f {
		return "", true
	}
	if r.filter().op == "OR" {
		f = "(" + f + ")"
	}
	q, ok = strings.CutSuffix(egenskap, " AND "+f)
	if !ok || !enclosed(q) {
		return "", false
	}
	return q, true
}

// matches reports whether egenskap, a partition's egenskap parameter, is
// the range's filter, alone or after a filter of the query's own.
func (r ScanRange) matches(egenskap string) bool {
	_, ok := r.own(egenskap)
	return ok
}

// enclosed reports whether s is one parenthesized expression: its first
// parenthesis closes at its last character, so that an AND after it
// applies to all of it. Quoted text is skipped.
func enclosed(s string) bool {
	if len(s) < 3 || s[0] != '(' {
		return false
	}
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i == len(s)-1
			}
		}
	}
	return false
}

// bounds returns the range as numbers, -Inf and +Inf for no bound; ok is
// false for a range that is not a valid one.
func (r ScanRange) bounds() (lo, hi float64, ok bool) {
	if r.Egenskap <= 0 || !slices.Contains(rangeTypes, r.Type) || (r.From == "" && r.To == "") {
		return 0, 0, false
	}
	// A bound is written as the plan writes it (rangeText), so that the
	// filter sent is the one checked.
	bound := func(s string, none float64) (float64, bool) {
		if s == "" {
			return none, true
		}
		v, ok := rangeNumber(r.Type, s)
		return v, ok && rangeText(r.Type, v) == s && (r.Type != EgenskapstypeHeltall || v == math.Trunc(v))
	}
	lo, okLo := bound(r.From, math.Inf(-1))
	hi, okHi := bound(r.To, math.Inf(1))
	return lo, hi, okLo && okHi && lo < hi
}

// tileRanges reports whether ranges, of one egenskap, follow each other
// from no lower bound to no upper bound without gap or overlap.
func tileRanges(rs []ScanRange) bool {
	if len(rs) == 0 {
		return false
	}
	type span struct{ lo, hi float64 }
	spans := make([]span, len(rs))
	for i, r := range rs {
		lo, hi, ok := r.bounds()
		if !ok || r.Egenskap != rs[0].Egenskap || r.Type != rs[0].Type {
			return false
		}
		spans[i] = span{lo, hi}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	if !math.IsInf(spans[0].lo, -1) || !math.IsInf(spans[len(spans)-1].hi, 1) {
		return false
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].lo != spans[i-1].hi {
			return false
		}
	}
	return true
}

// leafRange is the ScanRange of a leaf's values, nil for all values.
func leafRange(l scanLeaf, id int, typ Egenskapstype) *ScanRange {
	if math.IsInf(l.lo, -1) && math.IsInf(l.hi, 1) {
		return nil
	}
	r := &ScanRange{Egenskap: id, Type: typ}
	if !math.IsInf(l.lo, -1) {
		r.From = rangeText(typ, l.lo)
	}
	if !math.IsInf(l.hi, 1) {
		r.To = rangeText(typ, l.hi)
	}
	return r
}

// egenskapValues lists an object's values of the egenskaper of a range
// type.
func egenskapValues(o *Vegobjekt) []egenskapValue {
	var out []egenskapValue
	for i := range o.Egenskaper {
		e := &o.Egenskaper[i]
		if !slices.Contains(rangeTypes, e.Egenskapstype) {
			continue
		}
		var v float64
		var ok bool
		if e.Egenskapstype == EgenskapstypeDato {
			if s, isStr := e.Verdi.String(); isStr {
				v, ok = rangeNumber(EgenskapstypeDato, s)
			}
		} else {
			v, ok = e.Verdi.Float()
			ok = ok && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
		if ok {
			out = append(out, egenskapValue{id: e.ID, typ: e.Egenskapstype, v: v})
		}
	}
	return out
}

// chooseEgenskap picks the egenskap a plan cuts kommuner by: of those of
// a range type in the sampled objects, the one with the most distinct
// values (an object without a value counts as one more), so that the
// ranges can be cut finest; the lowest id on a tie. ok is false when no
// egenskap has two values.
func chooseEgenskap(objs []*Vegobjekt) (id int, typ Egenskapstype, ok bool) {
	type seen struct {
		typ    Egenskapstype
		values map[float64]bool
		n      int
	}
	by := map[int]*seen{}
	for _, o := range objs {
		for _, ev := range egenskapValues(o) {
			s := by[ev.id]
			if s == nil {
				s = &seen{typ: ev.typ, values: map[float64]bool{}}
				by[ev.id] = s
			}
			if s.typ == ev.typ {
				s.values[ev.v] = true
				s.n++
			}
		}
	}
	best := 0
	for cand, s := range by {
		d := len(s.values)
		if s.n < len(objs) {
			d++ // objects without a value
		}
		if d >= 2 && (d > best || (d == best && cand < id)) {
			id, typ, best = cand, s.typ, d
		}
	}
	return id, typ, best >= 2
}

// setValues gives each point its value of egenskap id (-Inf without one).
func setValues(pts []samplePoint, id int) {
	for i := range pts {
		pts[i].v = math.Inf(-1)
		for _, ev := range pts[i].vals {
			if ev.id == id {
				pts[i].v = ev.v
				break
			}
		}
	}
}
