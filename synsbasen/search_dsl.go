package synsbasen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Method is the search method: SELECT returns matching resources page by
// page, COUNT and PERCENTAGE return aggregates, DISTINCT the distinct
// values of the group_by columns.
type Method string

// The documented search methods.
const (
	MethodSelect     Method = "SELECT"     // the resources themselves (the default)
	MethodCount      Method = "COUNT"      // the number of matches, per group when grouped
	MethodPercentage Method = "PERCENTAGE" // each group's share, per PercentageType
	// MethodDistinct lists the distinct values of the group_by columns among
	// the matches (added to the API after the first release; see Distinct).
	MethodDistinct Method = "DISTINCT"
)

// PercentageType says what a PERCENTAGE is relative to.
type PercentageType string

// The documented percentage types.
const (
	// PercentageRelative (the API's default) expresses the values within each
	// group as a percentage of that group's total. With one group_by
	// column the group is the whole result.
	PercentageRelative PercentageType = "RELATIVE"
	// PercentageTotal expresses every value as a percentage of the total of
	// all groups combined.
	PercentageTotal PercentageType = "TOTAL"
)

// Predicate is how a search matcher compares an attribute with its value.
// The matcher sent is "<attribute>_<predicate>". All predicates are case
// sensitive except i_cont and i_cont_any.
type Predicate string

// The documented predicates.
const (
	PredEq       Predicate = "eq"         // equal
	PredNotEq    Predicate = "not_eq"     // not equal
	PredStart    Predicate = "start"      // LIKE 'value%'
	PredEnd      Predicate = "end"        // LIKE '%value'
	PredCont     Predicate = "cont"       // LIKE '%value%'
	PredICont    Predicate = "i_cont"     // ILIKE '%value%' (case insensitive)
	PredContAny  Predicate = "cont_any"   // LIKE '%a%' OR LIKE '%b%' …
	PredIContAny Predicate = "i_cont_any" // ILIKE '%a%' OR ILIKE '%b%' …
	PredIn       Predicate = "in"         // IN (…)
	PredNotIn    Predicate = "not_in"     // NOT IN (…)
	PredGt       Predicate = "gt"         // >
	PredGteq     Predicate = "gteq"       // >=
	PredLt       Predicate = "lt"         // <
	PredLteq     Predicate = "lteq"       // <=
)

// Predicates lists every predicate the client knows, longest suffix first
// (so "i_cont_any" is matched before "cont_any" and "not_eq" before "eq").
func Predicates() []Predicate {
	return []Predicate{PredIContAny, PredContAny, PredNotEq, PredNotIn, PredICont, PredStart,
		PredGteq, PredLteq, PredCont, PredEnd, PredEq, PredIn, PredGt, PredLt}
}

func (p Predicate) known() bool {
	for _, k := range Predicates() {
		if p == k {
			return true
		}
	}
	return false
}

func (p Predicate) list() bool {
	return p == PredIn || p == PredNotIn || p == PredContAny || p == PredIContAny
}

func (p Predicate) text() bool {
	switch p {
	case PredStart, PredEnd, PredCont, PredICont, PredContAny, PredIContAny:
		return true
	}
	return false
}

// Condition is one search matcher: an attribute, a predicate and a value.
// Build them with Eq, In, Gteq … .
type Condition struct {
	Attribute string
	Predicate Predicate
	Value     any // a scalar, or []any for in, not_in, cont_any and i_cont_any
}

// Matcher returns the matcher name sent to the API, "<attribute>_<predicate>".
func (c Condition) Matcher() string { return c.Attribute + "_" + string(c.Predicate) }

// Where builds a condition with any predicate.
func Where(attribute string, p Predicate, value any) Condition {
	return Condition{Attribute: attribute, Predicate: p, Value: value}
}

// Eq matches attribute = value.
func Eq(attribute string, value any) Condition { return Where(attribute, PredEq, value) }

// NotEq matches attribute <> value.
func NotEq(attribute string, value any) Condition { return Where(attribute, PredNotEq, value) }

// Start matches attribute starting with prefix (case sensitive).
func Start(attribute, prefix string) Condition { return Where(attribute, PredStart, prefix) }

// End matches attribute ending with suffix (case sensitive).
func End(attribute, suffix string) Condition { return Where(attribute, PredEnd, suffix) }

// Cont matches attribute containing s (case sensitive).
func Cont(attribute, s string) Condition { return Where(attribute, PredCont, s) }

// ICont matches attribute containing s, ignoring case.
func ICont(attribute, s string) Condition { return Where(attribute, PredICont, s) }

// ContAny matches attribute containing any of values (case sensitive).
func ContAny(attribute string, values ...string) Condition {
	return Where(attribute, PredContAny, anySlice(values))
}

// IContAny matches attribute containing any of values, ignoring case.
func IContAny(attribute string, values ...string) Condition {
	return Where(attribute, PredIContAny, anySlice(values))
}

// In matches attribute equal to one of values.
func In[V any](attribute string, values ...V) Condition {
	return Where(attribute, PredIn, anySlice(values))
}

// NotIn matches attribute equal to none of values.
func NotIn[V any](attribute string, values ...V) Condition {
	return Where(attribute, PredNotIn, anySlice(values))
}

// Gt matches attribute > value (numbers, and dates as yyyy-mm-dd).
func Gt(attribute string, value any) Condition { return Where(attribute, PredGt, value) }

// Gteq matches attribute >= value.
func Gteq(attribute string, value any) Condition { return Where(attribute, PredGteq, value) }

// Lt matches attribute < value.
func Lt(attribute string, value any) Condition { return Where(attribute, PredLt, value) }

// Lteq matches attribute <= value.
func Lteq(attribute string, value any) Condition { return Where(attribute, PredLteq, value) }

// Date formats t as the API's dates, yyyy-mm-dd.
func Date(t time.Time) string { return t.Format(time.DateOnly) }

func anySlice[V any](vs []V) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// Query is the "query" object of a search: its conditions, all of which must
// hold. It is sent as a JSON object in the order given.
type Query []Condition

// MarshalJSON encodes the conditions as {"<attribute>_<predicate>": value}.
func (q Query) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range q {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(c.Matcher())
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(c.Value)
		if err != nil {
			return nil, fmt.Errorf("value of %s: %w", c.Matcher(), err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Group-by and select helpers. They return the function call text the API
// expects, for Search.GroupBy and Search.Select.

// Avg is the AVG() select function, the only one the API supports so far.
func Avg(attribute string) string { return "AVG(" + attribute + ")" }

// Year groups a date attribute by year.
func Year(attribute string) string { return "YEAR(" + attribute + ")" }

// Quarter groups a date attribute by quarter (1-4).
func Quarter(attribute string) string { return "QUARTER(" + attribute + ")" }

// Month groups a date attribute by month (1-12).
func Month(attribute string) string { return "MONTH(" + attribute + ")" }

// Week groups a date attribute by ISO week (1-53).
func Week(attribute string) string { return "WEEK(" + attribute + ")" }

// Day groups a date attribute by day of the month (1-31).
func Day(attribute string) string { return "DAY(" + attribute + ")" }

// Round groups a number attribute by its value rounded to an integer.
func Round(attribute string) string { return "ROUND(" + attribute + ")" }

// RoundTo groups a number attribute by its value rounded to precision
// decimals.
func RoundTo(attribute string, precision int) string {
	return "ROUND(" + attribute + ", " + strconv.Itoa(precision) + ")"
}

// Nearest groups a number attribute by its value rounded to the nearest
// multiple of precision (NEAREST(mileage, 10000) buckets by 10 000 km).
func Nearest(attribute string, precision float64) string {
	return "NEAREST(" + attribute + ", " + strconv.FormatFloat(precision, 'f', -1, 64) + ")"
}

// Substring groups a text attribute by length characters from position
// (1-based), like SQL SUBSTRING.
func Substring(attribute string, position, length int) string {
	return "SUBSTRING(" + attribute + ", " + strconv.Itoa(position) + ", " + strconv.Itoa(length) + ")"
}

// Concat groups by the concatenation of attributes.
func Concat(attributes ...string) string { return "CONCAT(" + strings.Join(attributes, ", ") + ")" }

// Asc sorts by attribute, ascending.
func Asc(attribute string) string { return attribute + " ASC" }

// Desc sorts by attribute, descending.
func Desc(attribute string) string { return attribute + " DESC" }

// Search is the body of a POST /v1/<resource>/search. Your subscription
// must include the search capability. The zero value selects the first page
// of everything.
type Search struct {
	// Query holds the conditions; all must hold.
	Query Query
	// Method is SELECT (when empty), COUNT, PERCENTAGE or DISTINCT.
	// Search, SearchAll and SearchPages need SELECT; Aggregate takes
	// COUNT, PERCENTAGE, or SELECT with a Select function; Distinct takes
	// DISTINCT (or empty, which it sends as DISTINCT).
	Method Method
	// Select is an aggregate function over one column, such as
	// Avg("mileage"). It makes the answer an aggregate.
	Select string
	// GroupBy groups aggregates (and names the columns of DISTINCT) by
	// columns or by the functions Year, Quarter, Month, Week, Day, Round,
	// RoundTo, Nearest, Substring and Concat. One entry is sent as a
	// string, several as an array.
	GroupBy []string
	// PercentageType is RELATIVE (the API's default) or TOTAL; only with
	// MethodPercentage.
	PercentageType PercentageType
	// Sorts orders SELECT results, such as Asc("registration") or
	// "first_registration_date DESC". One entry is sent as a string, several
	// as an array.
	Sorts []string
	// Page is the page to fetch, from 1 (0 lets the API choose, which is 1).
	Page int
	// PerPage is the page size (0 lets the API choose; the docs' examples
	// show 10). The API's maximum is not documented; synsbasentest allows
	// up to 1000. Vehicles and inspections cost a token each, so keep it to
	// what you need.
	PerPage int
	// Expand includes expandable resources in each result; it is sent in
	// the query string as expand[]=….
	Expand []Expand
}

// clone copies s so later changes by the caller do not affect a request.
func (s *Search) clone() *Search {
	if s == nil {
		return &Search{}
	}
	cp := *s
	cp.Query = append(Query(nil), s.Query...)
	for i, c := range cp.Query {
		if !c.Predicate.list() {
			continue
		}
		if l, ok := normalizeList(c.Value).([]any); ok {
			cp.Query[i].Value = append([]any(nil), l...)
		}
	}
	cp.GroupBy = append([]string(nil), s.GroupBy...)
	cp.Sorts = append([]string(nil), s.Sorts...)
	cp.Expand = append([]Expand(nil), s.Expand...)
	return &cp
}

// searchBody is the wire form of a Search, in the key order of the docs.
type searchBody struct {
	Query          Query  `json:"query,omitempty"`
	Method         Method `json:"method"`
	Select         string `json:"select,omitempty"`
	GroupBy        any    `json:"group_by,omitempty"`
	PercentageType string `json:"percentage_type,omitempty"`
	Page           int    `json:"page,omitempty"`
	PerPage        int    `json:"per_page,omitempty"`
	Sorts          any    `json:"sorts,omitempty"`
}

func oneOrMany(v []string) any {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return v[0]
	}
	return v
}

// MarshalJSON encodes the search as the API's request body. Method defaults
// to SELECT, as in the official gem.
func (s Search) MarshalJSON() ([]byte, error) {
	m := s.Method
	if m == "" {
		m = MethodSelect
	}
	return json.Marshal(searchBody{Query: s.Query, Method: m, Select: s.Select, GroupBy: oneOrMany(s.GroupBy),
		PercentageType: string(s.PercentageType), Page: s.Page, PerPage: s.PerPage, Sorts: oneOrMany(s.Sorts)})
}
