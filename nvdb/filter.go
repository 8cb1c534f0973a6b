package nvdb

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Filter is an expression in NVDB's filter language, used by the egenskap
// and overlapp parameters: egenskap(2021)=2738, egenskap(2021) in [2738,2741],
// (A OR B) AND C, relasjon(67, egenskap(1317)>2000), 105(egenskap(2021)=2738).
// Build one with EgenskapID, And, Or, RelasjonFilter and Overlapp, or pass a
// string of your own with RawFilter. A Filter built from invalid parts
// carries an error that the request methods return before sending anything.
type Filter struct {
	s     string
	err   error
	op    string // top-level operator: "", "AND" or "OR"
	hasOr bool   // contains OR anywhere (not allowed inside relasjon)
}

// RawFilter uses s as written, for expressions the builder does not cover.
func RawFilter(s string) Filter {
	s = strings.TrimSpace(s)
	return Filter{s: s, hasOr: strings.Contains(s, " OR ") || strings.Contains(s, ")OR(")}
}

// String returns the expression as sent to NVDB.
func (f Filter) String() string { return f.s }

// Err returns the error of an invalid filter.
func (f Filter) Err() error { return f.err }

// IsZero reports whether f is the empty filter.
func (f Filter) IsZero() bool { return f.s == "" && f.err == nil }

// EncodeValues adds the expression to v under key (go-querystring's
// query.Encoder, which a query's egenskap field is sent through); the
// empty filter adds nothing, an invalid one is its error.
func (f Filter) EncodeValues(key string, v *url.Values) error {
	if f.err != nil {
		return f.err
	}
	if f.s != "" {
		v.Add(key, f.s)
	}
	return nil
}

// EgenskapID refers to the value of an egenskap by its egenskapstype id.
// Enum egenskaper must be compared by enum id, not by value.
type EgenskapID int

func (e EgenskapID) cmp(op string, v any) Filter {
	if e <= 0 {
		return Filter{err: invalidf("filter: egenskapstype id must be > 0, got %d", int(e))}
	}
	lit, err := literal(v)
	if err != nil {
		return Filter{err: invalidf("filter: egenskap(%d)%s: %w", int(e), op, err)}
	}
	if lit == "null" && op != "=" && op != "!=" {
		return Filter{err: invalidf("filter: egenskap(%d)%snull: null only compares with = and !=", int(e), op)}
	}
	return Filter{s: "egenskap(" + strconv.Itoa(int(e)) + ")" + op + lit}
}

// Eq is egenskap(id)=v. v may be an integer, a float, a string, a
// time.Time (compared as a date) or nil (no value).
func (e EgenskapID) Eq(v any) Filter { return e.cmp("=", v) }

// NotEq is egenskap(id)!=v.
func (e EgenskapID) NotEq(v any) Filter { return e.cmp("!=", v) }

// Gt is egenskap(id)>v (not for enum egenskaper).
func (e EgenskapID) Gt(v any) Filter { return e.cmp(">", v) }

// Gteq is egenskap(id)>=v (not for enum egenskaper).
func (e EgenskapID) Gteq(v any) Filter { return e.cmp(">=", v) }

// Lt is egenskap(id)<v (not for enum egenskaper).
func (e EgenskapID) Lt(v any) Filter { return e.cmp("<", v) }

// Lteq is egenskap(id)<=v (not for enum egenskaper).
func (e EgenskapID) Lteq(v any) Filter { return e.cmp("<=", v) }

// IsNull is egenskap(id)=null: the egenskap has no value.
func (e EgenskapID) IsNull() Filter { return e.cmp("=", nil) }

// NotNull is egenskap(id)!=null: the egenskap has a value.
func (e EgenskapID) NotNull() Filter { return e.cmp("!=", nil) }

// In is egenskap(id) in [v1,v2,...].
func (e EgenskapID) In(vs ...any) Filter { return e.list("in", vs) }

// NotIn is egenskap(id) notin [v1,v2,...].
func (e EgenskapID) NotIn(vs ...any) Filter { return e.list("notin", vs) }

func (e EgenskapID) list(op string, vs []any) Filter {
	if e <= 0 {
		return Filter{err: invalidf("filter: egenskapstype id must be > 0, got %d", int(e))}
	}
	if len(vs) == 0 {
		return Filter{err: invalidf("filter: egenskap(%d) %s: empty list", int(e), op)}
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		lit, err := literal(v)
		if err != nil || lit == "null" {
			if err == nil {
				err = invalidf("null is not allowed in a list")
			}
			return Filter{err: invalidf("filter: egenskap(%d) %s: %w", int(e), op, err)}
		}
		parts[i] = lit
	}
	return Filter{s: "egenskap(" + strconv.Itoa(int(e)) + ") " + op + " [" + strings.Join(parts, ",") + "]"}
}

// literal formats a value of the filter language: numbers with a decimal
// point, strings quoted, null.
func literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case int:
		return strconv.Itoa(x), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case float32:
		return literal(float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", invalidf("invalid number %v", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case string:
		return quote(x)
	case Dato:
		return quote(string(x))
	case time.Time:
		return quote(x.Format(time.DateOnly))
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", invalidf("unsupported value type %T", v)
}

// quote puts text or a date in single quotes, as NVDB's documentation of
// the filter writes them ("Tekst og tidspunkt må markeres med enkle
// anførselstegn"), or in double quotes where the text holds a single one.
func quote(s string) (string, error) {
	switch {
	case !strings.Contains(s, "'"):
		return "'" + s + "'", nil
	case !strings.Contains(s, `"`):
		return `"` + s + `"`, nil
	}
	return "", invalidf("string %q holds both quote characters and cannot be quoted", s)
}

// And joins filters with AND. Compound members are put in parentheses.
func And(fs ...Filter) Filter { return join("AND", fs) }

// Or joins filters with OR. Compound members are put in parentheses.
func Or(fs ...Filter) Filter { return join("OR", fs) }

func join(op string, fs []Filter) Filter {
	var parts []string
	out := Filter{op: op, hasOr: op == "OR"}
	for _, f := range fs {
		if f.err != nil {
			return Filter{err: f.err}
		}
		if f.s == "" {
			continue
		}
		s := f.s
		if f.op != "" && f.op != op {
			s = "(" + s + ")"
		}
		out.hasOr = out.hasOr || f.hasOr
		parts = append(parts, s)
	}
	switch len(parts) {
	case 0:
		return Filter{}
	case 1:
		return Filter{s: parts[0], op: "", hasOr: out.hasOr}
	}
	out.s = strings.Join(parts, " "+op+" ")
	return out
}

// RelasjonFilter filters on children of type typeID that match f:
// relasjon(67, egenskap(1317)>2000). NVDB allows only AND inside a relasjon.
func RelasjonFilter(typeID int, f Filter) Filter {
	if typeID <= 0 {
		return Filter{err: invalidf("filter: relasjon type id must be > 0, got %d", typeID)}
	}
	if f.err != nil {
		return Filter{err: f.err}
	}
	if f.s == "" {
		return Filter{err: invalidf("filter: relasjon(%d) needs a filter", typeID)}
	}
	if f.hasOr {
		return Filter{err: invalidf("filter: relasjon(%d, %s): NVDB allows only AND inside a relasjon", typeID, f.s)}
	}
	return Filter{s: "relasjon(" + strconv.Itoa(typeID) + ", " + f.s + ")"}
}

// Overlapp builds a value for the overlapp parameter: objects of type
// typeID on the same stretch of road, optionally matching f:
// 105(egenskap(2021)=2738), or just 67.
func Overlapp(typeID int, f ...Filter) Filter {
	if typeID <= 0 {
		return Filter{err: invalidf("filter: overlapp type id must be > 0, got %d", typeID)}
	}
	inner := And(f...)
	if inner.err != nil {
		return Filter{err: inner.err}
	}
	s := strconv.Itoa(typeID)
	if inner.s != "" {
		s += "(" + inner.s + ")"
	}
	return Filter{s: s}
}
