package synsbasen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/paginate"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Method is the search method: SELECT returns matching resources page by
// page, COUNT and PERCENTAGE return aggregates.
type Method string

// The documented search methods.
const (
	MethodSelect     Method = "SELECT"     // the resources themselves (the default)
	MethodCount      Method = "COUNT"      // the number of matches, per group when grouped
	MethodPercentage Method = "PERCENTAGE" // each group's share, per PercentageType
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
	// Method is SELECT (when empty), COUNT or PERCENTAGE. Search and
	// SearchAll need SELECT; Aggregate takes COUNT, PERCENTAGE, or SELECT
	// with a Select function.
	Method Method
	// Select is an aggregate function over one column, such as
	// Avg("mileage"). It makes the answer an aggregate.
	Select string
	// GroupBy groups aggregates by columns or by the functions Year,
	// Quarter, Month, Week, Day, Round, RoundTo, Nearest, Substring and
	// Concat. One entry is sent as a string, several as an array.
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

var (
	attrRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)
	selectRe = regexp.MustCompile(`^[A-Z]+\([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?\)$`)
	sortRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?( (?i:asc|desc))?$`)
	// a column, or FUNC(arg, arg …) where an arg is a column or a number
	groupRe = regexp.MustCompile(`^([a-z][a-z0-9_.]*|[A-Z]+\(\s*[a-z][a-z0-9_.]*\s*(,\s*([a-z][a-z0-9_.]*|-?[0-9]+(\.[0-9]+)?)\s*)*\))$`)
)

// validate checks s; aggregate says which kind of answer the caller wants.
func (s *Search) validate(aggregate bool) error {
	seen := map[string]bool{}
	for i, c := range s.Query {
		if !attrRe.MatchString(c.Attribute) {
			return invalid("search attribute %q is not an attribute name", c.Attribute)
		}
		if !c.Predicate.known() {
			return invalid("unknown predicate %q on %s", c.Predicate, c.Attribute)
		}
		if seen[c.Matcher()] {
			return invalid("matcher %s given twice", c.Matcher())
		}
		seen[c.Matcher()] = true
		if c.Predicate.list() {
			c.Value = normalizeList(c.Value)
			s.Query[i].Value = c.Value
		}
		if err := checkValue(c); err != nil {
			return err
		}
	}
	switch s.Method {
	case "", MethodSelect, MethodCount, MethodPercentage:
	default:
		return invalid("unknown search method %q", s.Method)
	}
	if s.PercentageType != "" {
		if s.Method != MethodPercentage {
			return invalid("percentage type %s needs method PERCENTAGE", s.PercentageType)
		}
		if s.PercentageType != PercentageRelative && s.PercentageType != PercentageTotal {
			return invalid("unknown percentage type %q", s.PercentageType)
		}
	}
	if s.Method == MethodPercentage && len(s.GroupBy) == 0 {
		return invalid("method PERCENTAGE needs group_by")
	}
	if s.Select != "" && !selectRe.MatchString(s.Select) {
		return invalid("select %q is not a function of one column such as AVG(mileage)", s.Select)
	}
	for _, g := range s.GroupBy {
		if !groupRe.MatchString(g) {
			return invalid("group_by %q is not a column or a group function", g)
		}
	}
	for _, o := range s.Sorts {
		if !sortRe.MatchString(o) {
			return invalid("sort %q is not \"<attribute> ASC|DESC\"", o)
		}
	}
	if s.Page < 0 {
		return invalid("page must be >= 1, got %d", s.Page)
	}
	if s.PerPage < 0 {
		return invalid("per_page must be >= 1, got %d", s.PerPage)
	}
	isAgg := s.Method == MethodCount || s.Method == MethodPercentage || s.Select != ""
	if aggregate && !isAgg {
		return invalid("Aggregate needs method COUNT or PERCENTAGE, or a Select function; use Search for SELECT")
	}
	if !aggregate && isAgg {
		return invalid("method %s with select %q returns an aggregate; use Aggregate", s.methodOrDefault(), s.Select)
	}
	if !aggregate && len(s.GroupBy) > 0 {
		return invalid("group_by needs an aggregate; use Aggregate")
	}
	return nil
}

func (s *Search) methodOrDefault() Method {
	if s.Method == "" {
		return MethodSelect
	}
	return s.Method
}

// normalizeList turns any slice or array value into []any, so Where(attr,
// PredIn, []string{…}) works like In.
func normalizeList(v any) any {
	if _, ok := v.([]any); ok || v == nil {
		return v
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return v
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

func checkValue(c Condition) error {
	if c.Predicate.list() {
		l, ok := c.Value.([]any)
		if !ok || len(l) == 0 {
			return invalid("%s needs a non-empty list of values", c.Matcher())
		}
		for _, v := range l {
			if err := checkScalar(c, v); err != nil {
				return err
			}
		}
		return nil
	}
	return checkScalar(c, c.Value)
}

func checkScalar(c Condition, v any) error {
	if v == nil {
		return invalid("%s has no value", c.Matcher())
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		if c.Predicate.text() && rv.String() == "" {
			return invalid("%s needs a non-empty text", c.Matcher())
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if c.Predicate.text() {
			return invalid("%s needs text, got %T", c.Matcher(), v)
		}
		return nil
	case reflect.Float32, reflect.Float64:
		if f := rv.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return invalid("%s: %v is not a number the API accepts", c.Matcher(), f)
		}
		if c.Predicate.text() {
			return invalid("%s needs text, got %T", c.Matcher(), v)
		}
		return nil
	case reflect.Bool:
		if c.Predicate != PredEq && c.Predicate != PredNotEq && c.Predicate != PredIn && c.Predicate != PredNotIn {
			return invalid("%s cannot compare a boolean", c.Matcher())
		}
		return nil
	}
	return invalid("%s: value of type %T is not a string, number or boolean (format dates with synsbasen.Date)", c.Matcher(), v)
}

// Page is one page of a SELECT search or of a list.
type Page[T any] struct {
	Data       []T     // the resources of this page
	HasMore    bool    // another page follows
	Page       int     // this page's number, from 1
	TotalPages int     // pages in all
	TotalCount int     // matches in all
	PerPage    int     // page size (0 when the API did not say)
	Cost       float64 // tokens charged for this page
}

// Aggregate is the answer of a COUNT, PERCENTAGE or AVG() search.
type Aggregate struct {
	// Grouped says the search had group_by and the answer is in Groups;
	// otherwise it is in Value.
	Grouped bool
	// Groups holds one value per group, in the order the API gave.
	Groups []Group
	// Value is the single value of an ungrouped aggregate.
	Value float64
	// Null says the ungrouped value was null (an average of nothing).
	Null bool
	// Cost is the tokens charged.
	Cost float64
}

// Group is one group of an aggregate.
type Group struct {
	// Key is the group's value as the API wrote it ("" for null).
	Key string
	// Keys holds one value per group_by column; with several columns the
	// API writes Key as a JSON array, which Keys splits.
	Keys []string
	// Value is the count, percentage (0-100) or average of the group.
	Value float64
	// Null says the value was null.
	Null bool
}

// Get returns the value of the group with key, and whether it exists.
func (a *Aggregate) Get(key string) (float64, bool) {
	for _, g := range a.Groups {
		if g.Key == key {
			return g.Value, !g.Null
		}
	}
	return 0, false
}

// UnmarshalJSON reads the envelope of an aggregate answer: "data" is an
// object (grouped) or a single value, in the order the API gave.
func (a *Aggregate) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	*a = Aggregate{}
	return transport.StreamObject(dec, func(key string) error {
		switch key {
		case "cost":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return fmt.Errorf("cost: %w", err)
			}
			if n != "" {
				f, err := n.Float64()
				if err != nil {
					return fmt.Errorf("cost: %w", err)
				}
				a.Cost = f
			}
			return nil
		case "data":
			return a.decodeData(dec)
		}
		return transport.Skip(dec)
	})
}

func (a *Aggregate) decodeData(dec *json.Decoder) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		v, null, err := aggValue(raw)
		if err != nil {
			return fmt.Errorf("data: %w", err)
		}
		a.Value, a.Null = v, null
		return nil
	}
	a.Grouped = true
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return transport.StreamObject(d, func(key string) error {
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return err
		}
		f, null, err := aggValue(v)
		if err != nil {
			return fmt.Errorf("group %q: %w", key, err)
		}
		a.Groups = append(a.Groups, Group{Key: key, Keys: splitKey(key), Value: f, Null: null})
		return nil
	})
}

// aggValue reads a number, a numeric string (Rails writes decimals such as
// averages as strings) or null.
func aggValue(raw json.RawMessage) (float64, bool, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, true, nil
	}
	if strings.HasPrefix(s, `"`) {
		var t string
		if err := json.Unmarshal(raw, &t); err != nil {
			return 0, false, err
		}
		s = t
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("not a number: %q", s)
	}
	return f, false, nil
}

func splitKey(key string) []string {
	if strings.HasPrefix(key, "[") {
		var parts []any
		// An empty array is not a list of columns; keep it as the one key.
		if json.Unmarshal([]byte(key), &parts) == nil && len(parts) > 0 {
			out := make([]string, len(parts))
			for i, p := range parts {
				if p != nil {
					out[i] = fmt.Sprint(p)
				}
			}
			return out
		}
	}
	return []string{key}
}

// searchRequest builds the request of s against resource ("vehicles").
func searchRequest(resource string, s *Search) (*call, error) {
	p, err := path(resource, "search")
	if err != nil {
		return nil, err
	}
	q, err := expandQuery(nil, s.Expand)
	if err != nil {
		return nil, err
	}
	// A search only reads: it changes nothing on the server, and only a 200
	// answer costs tokens, so an attempt that failed with 429, 5xx or a
	// dropped connection can be repeated without double charge or effect.
	return &call{method: http.MethodPost, path: p, query: q, body: s, retrySafe: true}, nil
}

// searchPage runs a SELECT search and returns one page.
func searchPage[T any](ctx context.Context, c *Client, resource string, s *Search) (*Page[T], error) {
	s = s.clone()
	if err := s.validate(false); err != nil {
		return nil, err
	}
	return searchPageValid[T](ctx, c, resource, s)
}

func searchPageValid[T any](ctx context.Context, c *Client, resource string, s *Search) (*Page[T], error) {
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	var env envelope[[]T]
	k.out = &env
	// A page without "data" (a proxy's {}) is refused rather than read as an
	// empty last page, which would end an iteration early without a word.
	k.missing = func() bool { return env.Data == nil }
	if err := c.do(ctx, k, func() float64 { return env.Cost }); err != nil {
		return nil, err
	}
	return pageOf(&env), nil
}

func pageOf[T any](env *envelope[[]T]) *Page[T] {
	p := &Page[T]{Data: env.Data, Page: env.Page, TotalPages: env.TotalPages, TotalCount: env.TotalCount,
		PerPage: env.PerPage, Cost: env.Cost}
	if p.Data == nil {
		p.Data = []T{}
	}
	if env.HasMore != nil {
		p.HasMore = *env.HasMore
	} else {
		p.HasMore = p.TotalPages > 0 && p.Page > 0 && p.Page < p.TotalPages
	}
	return p
}

// searchAll iterates every page of a SELECT search. Pages are fetched one at
// a time, when the caller reaches them: each page costs tokens, so none is
// fetched ahead of need.
func searchAll[T any](ctx context.Context, c *Client, resource string, s *Search) iter.Seq2[T, error] {
	s = s.clone()
	start := s.Page
	if start == 0 {
		start = 1
	}
	fetch := func(ctx context.Context, page int) (paginate.Page[T, int], error) {
		q := s.clone()
		q.Page = page
		if err := q.validate(false); err != nil {
			return paginate.Page[T, int]{}, err
		}
		p, err := searchPageValid[T](ctx, c, resource, q)
		if err != nil {
			return paginate.Page[T, int]{}, err
		}
		return paginate.Page[T, int]{Items: p.Data, Next: page + 1, Last: !p.HasMore}, nil
	}
	return paginate.Seq(ctx, start, fetch, paginate.Options{})
}

// aggregate runs a COUNT, PERCENTAGE or AVG() search.
func aggregate(ctx context.Context, c *Client, resource string, s *Search) (*Aggregate, error) {
	s = s.clone()
	if err := s.validate(true); err != nil {
		return nil, err
	}
	k, err := searchRequest(resource, s)
	if err != nil {
		return nil, err
	}
	var a Aggregate
	k.out = &a
	if err := c.do(ctx, k, func() float64 { return a.Cost }); err != nil {
		return nil, err
	}
	return &a, nil
}
