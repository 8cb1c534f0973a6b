package nvdbtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/nvdb"
)

// expr is a parsed egenskap filter, evaluated against one object.
type expr interface {
	eval(o *nvdb.Vegobjekt, s *store) bool
}

type andExpr []expr
type orExpr []expr

func (a andExpr) eval(o *nvdb.Vegobjekt, s *store) bool {
	for _, e := range a {
		if !e.eval(o, s) {
			return false
		}
	}
	return true
}

func (a orExpr) eval(o *nvdb.Vegobjekt, s *store) bool {
	for _, e := range a {
		if e.eval(o, s) {
			return true
		}
	}
	return false
}

type lit struct {
	null  bool
	isNum bool
	num   float64
	str   string
}

type cmpExpr struct {
	id   int
	op   string // = != > >= < <= in notin
	vals []lit
}

func (c cmpExpr) eval(o *nvdb.Vegobjekt, _ *store) bool {
	e := o.Egenskaper.ByID(c.id)
	if c.op == "=" || c.op == "!=" {
		if c.vals[0].null {
			isNull := e == nil || e.IsNull()
			return isNull == (c.op == "=")
		}
	}
	if e == nil || e.IsNull() {
		return false
	}
	match := func(v lit) int { // -2: incomparable
		if e.Egenskapstype.IsEnum() {
			if !v.isNum {
				return -2
			}
			return cmpF(float64(e.EnumID), v.num)
		}
		if f, ok := e.Verdi.Float(); ok {
			if !v.isNum {
				return -2
			}
			return cmpF(f, v.num)
		}
		if s, ok := e.Verdi.String(); ok {
			if v.isNum {
				return -2
			}
			return strings.Compare(s, v.str)
		}
		if b, ok := e.Verdi.Bool(); ok && !v.isNum {
			return strings.Compare(strconv.FormatBool(b), v.str)
		}
		return -2
	}
	switch c.op {
	case "in", "notin":
		found := false
		for _, v := range c.vals {
			if match(v) == 0 {
				found = true
				break
			}
		}
		return found == (c.op == "in")
	}
	r := match(c.vals[0])
	if r == -2 {
		return false
	}
	switch c.op {
	case "=":
		return r == 0
	case "!=":
		return r != 0
	case ">":
		return r > 0
	case ">=":
		return r >= 0
	case "<":
		return r < 0
	case "<=":
		return r <= 0
	}
	return false
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// relExpr is relasjon(type, filter): some child of that type matches.
type relExpr struct {
	typeID int
	inner  expr
}

func (r relExpr) eval(o *nvdb.Vegobjekt, s *store) bool {
	if o.Relasjoner == nil {
		return false
	}
	d := s.sets[r.typeID]
	if d == nil {
		return false
	}
	for _, b := range o.Relasjoner.Barn {
		if b.Type.ID != r.typeID {
			continue
		}
		for _, id := range b.VegobjektIder {
			if i, ok := d.indexOf(id); ok {
				vs := d.versionsAt(i)
				if r.inner.eval(vs[len(vs)-1], s) {
					return true
				}
			}
		}
	}
	return false
}

type parser struct {
	toks []string
	pos  int
}

// parseFilter parses the egenskap filter language: egenskap(id) op value,
// the short form id op value, in/notin lists, AND/OR, parentheses,
// relasjon(type, filter) and null.
func parseFilter(s string) (expr, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return e, nil
}

func tokenize(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case strings.ContainsRune("()[],", rune(c)):
			out = append(out, string(c))
			i++
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			out = append(out, s[i:i+j+2])
			i += j + 2
		case c == '!' || c == '<' || c == '>' || c == '=':
			if i+1 < len(s) && s[i+1] == '=' {
				out = append(out, s[i:i+2])
				i += 2
			} else if c == '!' {
				return nil, fmt.Errorf("unexpected '!' at %d", i)
			} else {
				out = append(out, string(c))
				i++
			}
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()[],\"'!<>=", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out, nil
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *parser) next() string { t := p.peek(); p.pos++; return t }

func (p *parser) expect(t string) error {
	if got := p.next(); got != t {
		return fmt.Errorf("expected %q, got %q", t, got)
	}
	return nil
}

func (p *parser) or() (expr, error) {
	var parts orExpr
	for {
		e, err := p.and()
		if err != nil {
			return nil, err
		}
		parts = append(parts, e)
		if !strings.EqualFold(p.peek(), "OR") {
			break
		}
		p.next()
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return parts, nil
}

func (p *parser) and() (expr, error) {
	var parts andExpr
	for {
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		parts = append(parts, e)
		if !strings.EqualFold(p.peek(), "AND") {
			break
		}
		p.next()
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return parts, nil
}

func (p *parser) unary() (expr, error) {
	t := p.peek()
	switch {
	case t == "(":
		p.next()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		return e, p.expect(")")
	case strings.EqualFold(t, "relasjon"):
		p.next()
		if err := p.expect("("); err != nil {
			return nil, err
		}
		id, err := strconv.Atoi(p.next())
		if err != nil {
			return nil, fmt.Errorf("relasjon: invalid type id")
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if _, isOr := inner.(orExpr); isOr {
			return nil, fmt.Errorf("relasjon(%d): OR is not allowed inside a relasjon", id)
		}
		return relExpr{typeID: id, inner: inner}, p.expect(")")
	case strings.EqualFold(t, "egenskap"):
		p.next()
		if err := p.expect("("); err != nil {
			return nil, err
		}
		id, err := strconv.Atoi(p.next())
		if err != nil {
			return nil, fmt.Errorf("egenskap: invalid id")
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return p.comparison(id)
	}
	id, err := strconv.Atoi(t)
	if err != nil {
		return nil, fmt.Errorf("unexpected %q", t)
	}
	p.next()
	return p.comparison(id)
}

func (p *parser) comparison(id int) (expr, error) {
	op := strings.ToLower(p.next())
	switch op {
	case "=", "!=", ">", ">=", "<", "<=":
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		if v.null && op != "=" && op != "!=" {
			return nil, fmt.Errorf("null compares only with = and !=")
		}
		return cmpExpr{id: id, op: op, vals: []lit{v}}, nil
	case "in", "notin":
		if err := p.expect("["); err != nil {
			return nil, err
		}
		var vals []lit
		for {
			v, err := p.literal()
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
			if p.peek() == "," {
				p.next()
				continue
			}
			break
		}
		return cmpExpr{id: id, op: op, vals: vals}, p.expect("]")
	}
	return nil, fmt.Errorf("egenskap(%d): unknown operator %q", id, op)
}

func (p *parser) literal() (lit, error) {
	t := p.next()
	switch {
	case t == "":
		return lit{}, fmt.Errorf("missing value")
	case strings.EqualFold(t, "null"):
		return lit{null: true}, nil
	case t[0] == '"' || t[0] == '\'':
		return lit{str: t[1 : len(t)-1]}, nil
	case t == "true" || t == "false":
		return lit{str: t}, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return lit{}, fmt.Errorf("invalid value %q (quote strings, use . in decimals)", t)
	}
	return lit{isNum: true, num: f}, nil
}

// egenskapIDs adds the egenskapstyper e compares to ids, and reports
// false when e reads anything else of an object (relasjon).
func egenskapIDs(e expr, ids map[int]bool) bool {
	switch e := e.(type) {
	case andExpr:
		for _, x := range e {
			if !egenskapIDs(x, ids) {
				return false
			}
		}
		return true
	case orExpr:
		for _, x := range e {
			if !egenskapIDs(x, ids) {
				return false
			}
		}
		return true
	case cmpExpr:
		ids[e.id] = true
		return true
	}
	return false
}
