package synsbasen

import (
	"math"
	"reflect"
	"regexp"
)

var (
	attrRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)
	selectRe = regexp.MustCompile(`^[A-Z]+\([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?\)$`)
	sortRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?( (?i:asc|desc))?$`)
	// a column, or FUNC(arg, arg …) where an arg is a column or a number
	groupRe = regexp.MustCompile(`^([a-z][a-z0-9_.]*|[A-Z]+\(\s*[a-z][a-z0-9_.]*\s*(,\s*([a-z][a-z0-9_.]*|-?[0-9]+(\.[0-9]+)?)\s*)*\))$`)
)

// searchKind is the kind of answer a caller wants from a search.
type searchKind int

const (
	kindSelect    searchKind = iota // a page of resources (Search, SearchAll, SearchPages)
	kindAggregate                   // COUNT, PERCENTAGE or a select function (Aggregate)
	kindDistinct                    // DISTINCT (Distinct)
)

// validate checks s for the kind of answer the caller wants.
func (s *Search) validate(kind searchKind) error {
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
	case "", MethodSelect, MethodCount, MethodPercentage, MethodDistinct:
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
	switch kind {
	case kindDistinct:
		if s.Method != MethodDistinct {
			return invalid("Distinct needs method DISTINCT, got %s", s.methodOrDefault())
		}
		if s.Select != "" {
			return invalid("method DISTINCT takes no select function")
		}
		if len(s.GroupBy) == 0 {
			return invalid("method DISTINCT needs group_by: the columns whose values to list")
		}
	case kindAggregate:
		if s.Method == MethodDistinct {
			return invalid("method DISTINCT lists values; use Distinct")
		}
		if !isAgg {
			return invalid("Aggregate needs method COUNT or PERCENTAGE, or a Select function; use Search for SELECT")
		}
	default:
		if s.Method == MethodDistinct {
			return invalid("method DISTINCT lists values; use Distinct")
		}
		if isAgg {
			return invalid("method %s with select %q returns an aggregate; use Aggregate", s.methodOrDefault(), s.Select)
		}
		if len(s.GroupBy) > 0 {
			return invalid("group_by needs an aggregate; use Aggregate or Distinct")
		}
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
