package nvdb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Filter translates expr, an egenskap filter written with the names and
// values a person reads in the data catalogue, into the filter NVDB takes:
//
//	Fartsgrense = 80                          → egenskap(2021)=2738
//	Fartsgrense in [70, 80] AND Vedtaksnummer != null
//	(Type tunnelløp = Berg OR "Lengde" > 2000) AND Åpningsår >= 1990
//
// Names are egenskapstype names (any case) or ids, bare or in double
// quotes; values are numbers, quoted or bare words, dates (yyyy-mm-dd) or
// null. Enum egenskaper are compared by value or kortnavn and sent as
// their enum id, and take only =, !=, in and notin. Operators are =, !=,
// <, <=, >, >=, in [..] and notin [..], joined by AND and OR with
// parentheses. A name the type does not have, a value an enum does not
// allow or a value of the wrong kind is an error, so nothing is sent. The
// type must have been fetched with its egenskapstyper.
func (t *Vegobjekttype) Filter(expr string) (Filter, error) {
	if t == nil {
		return Filter{}, invalidf("nvdb: filter: no vegobjekttype")
	}
	if len(t.Egenskapstyper) == 0 {
		return Filter{}, invalidf("nvdb: filter: vegobjekttype %d was fetched without egenskapstyper", t.ID)
	}
	p := &filterParser{s: expr, t: t}
	f, err := p.parse()
	if err != nil {
		return Filter{}, invalidf("nvdb: filter %q on %s (%d): %w", expr, t.Navn, t.ID, err)
	}
	return f, nil
}

// Filter fetches vegobjekttype typeID with its egenskapstyper (from the
// cache when it is fresh) and translates expr with Vegobjekttype.Filter.
func (s *DatakatalogService) Filter(ctx context.Context, typeID int, expr string) (Filter, error) {
	t, err := s.Vegobjekttype(ctx, typeID, VegobjekttypeEgenskapstyper)
	if err != nil {
		return Filter{}, err
	}
	return t.Filter(expr)
}

type filterParser struct {
	s   string
	i   int
	t   *Vegobjekttype
	err error
}

func (p *filterParser) parse() (Filter, error) {
	p.space()
	if p.i >= len(p.s) {
		return Filter{}, invalidf("empty expression")
	}
	f := p.or()
	if p.err != nil {
		return Filter{}, p.err
	}
	p.space()
	if p.i < len(p.s) {
		return Filter{}, invalidf("unexpected %q at offset %d", p.s[p.i:], p.i)
	}
	if f.err != nil {
		return Filter{}, f.err
	}
	return f, nil
}

func (p *filterParser) fail(format string, args ...any) Filter {
	if p.err == nil {
		p.err = invalidf(format, args...)
	}
	return Filter{}
}

func (p *filterParser) space() {
	for p.i < len(p.s) && unicode.IsSpace(rune(p.s[p.i])) {
		p.i++
	}
}

// keyword consumes word (any case) when it stands alone at the cursor.
func (p *filterParser) keyword(word string) bool {
	p.space()
	n := len(word)
	if p.i+n > len(p.s) || !strings.EqualFold(p.s[p.i:p.i+n], word) {
		return false
	}
	if p.i+n < len(p.s) {
		c := p.s[p.i+n]
		if c != ' ' && c != '(' && c != '[' && c != '\t' && c != '\n' {
			return false
		}
	}
	p.i += n
	return true
}

func (p *filterParser) or() Filter {
	fs := []Filter{p.and()}
	for p.err == nil && p.keyword("OR") {
		fs = append(fs, p.and())
	}
	if len(fs) == 1 {
		return fs[0]
	}
	return Or(fs...)
}

func (p *filterParser) and() Filter {
	fs := []Filter{p.factor()}
	for p.err == nil && p.keyword("AND") {
		fs = append(fs, p.factor())
	}
	if len(fs) == 1 {
		return fs[0]
	}
	return And(fs...)
}

func (p *filterParser) factor() Filter {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		f := p.or()
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return p.fail("missing ) at offset %d", p.i)
		}
		p.i++
		// And and Or put a group in parentheses where its operator
		// differs from theirs, so the grouping survives.
		return f
	}
	return p.comparison()
}

func (p *filterParser) name() string {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		end := strings.IndexByte(p.s[p.i+1:], '"')
		if end < 0 {
			p.fail("unterminated quoted name at offset %d", p.i)
			return ""
		}
		n := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		return n
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '=' || c == '!' || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' {
			break
		}
		if unicode.IsSpace(rune(c)) {
			rest := strings.TrimLeftFunc(p.s[p.i:], unicode.IsSpace)
			low := strings.ToLower(rest)
			if (strings.HasPrefix(low, "in") && strings.HasPrefix(strings.TrimLeftFunc(rest[2:], unicode.IsSpace), "[")) ||
				(strings.HasPrefix(low, "notin") && strings.HasPrefix(strings.TrimLeftFunc(rest[5:], unicode.IsSpace), "[")) {
				break
			}
		}
		p.i++
	}
	return strings.TrimSpace(p.s[start:p.i])
}

func (p *filterParser) operator() string {
	p.space()
	for _, op := range []string{"!=", "<=", ">=", "=", "<", ">"} {
		if strings.HasPrefix(p.s[p.i:], op) {
			p.i += len(op)
			return op
		}
	}
	if p.keyword("notin") {
		return "notin"
	}
	if p.keyword("in") {
		return "in"
	}
	return ""
}

// token is a value as written: text and whether it was quoted.
type token struct {
	text   string
	quoted bool
}

func (p *filterParser) value() (token, bool) {
	p.space()
	if p.i >= len(p.s) {
		p.fail("missing value at end of expression")
		return token{}, false
	}
	if q := p.s[p.i]; q == '"' || q == '\'' {
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			p.fail("unterminated string at offset %d", p.i)
			return token{}, false
		}
		v := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		return token{text: v, quoted: true}, true
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if unicode.IsSpace(rune(c)) || c == ')' || c == ']' || c == ',' || c == '(' {
			break
		}
		p.i++
	}
	if p.i == start {
		p.fail("missing value at offset %d", p.i)
		return token{}, false
	}
	return token{text: p.s[start:p.i]}, true
}

func (p *filterParser) comparison() Filter {
	at := p.i
	name := p.name()
	if p.err != nil {
		return Filter{}
	}
	if name == "" {
		return p.fail("missing egenskap name at offset %d", at)
	}
	et := p.lookup(name)
	if et == nil {
		return p.fail("%s has no egenskap %q", p.t.Navn, name)
	}
	op := p.operator()
	switch op {
	case "":
		return p.fail("missing operator after %q", name)
	case "in", "notin":
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '[' {
			return p.fail("%s %s: want a list in [ ]", name, op)
		}
		p.i++
		var vals []any
		for {
			tok, ok := p.value()
			if !ok {
				return Filter{}
			}
			v, err := convertValue(et, tok, op)
			if err != nil {
				return p.fail("%s: %w", et.Navn, err)
			}
			if v == nil {
				return p.fail("%s: null is not allowed in a list", et.Navn)
			}
			vals = append(vals, v)
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				break
			}
			return p.fail("%s %s: missing ] at offset %d", name, op, p.i)
		}
		id := EgenskapID(et.ID)
		if op == "in" {
			return id.In(vals...)
		}
		return id.NotIn(vals...)
	}
	tok, ok := p.value()
	if !ok {
		return Filter{}
	}
	v, err := convertValue(et, tok, op)
	if err != nil {
		return p.fail("%s: %w", et.Navn, err)
	}
	return EgenskapID(et.ID).cmp(op, v)
}

func (p *filterParser) lookup(name string) *EgenskapstypeInfo {
	if et := p.t.EgenskapstypeByNavn(name); et != nil {
		return et
	}
	if id, err := strconv.Atoi(name); err == nil {
		return p.t.EgenskapstypeByID(id)
	}
	return nil
}

// convertValue turns a written value into the literal NVDB compares for
// egenskapstype et: the enum id of an enum value, a number, a date.
func convertValue(et *EgenskapstypeInfo, tok token, op string) (any, error) {
	if !tok.quoted && strings.EqualFold(tok.text, "null") {
		if op != "=" && op != "!=" {
			return nil, invalidf("null compares only with = and !=")
		}
		return nil, nil
	}
	if isEnum(et) {
		if op != "=" && op != "!=" && op != "in" && op != "notin" {
			return nil, invalidf("an enum egenskap takes only =, !=, in and notin, not %s", op)
		}
		tv := matchEnum(et, tok.text)
		if tv == nil {
			return nil, invalidf("%q is not an allowed value (allowed: %s)", tok.text, allowedList(et))
		}
		return tv.ID, nil
	}
	switch et.Egenskapstype {
	case EgenskapstypeHeltall:
		n, err := strconv.ParseInt(tok.text, 10, 64)
		if err != nil {
			return nil, invalidf("%q is not a whole number", tok.text)
		}
		return n, nil
	case EgenskapstypeFlyttall:
		f, err := strconv.ParseFloat(tok.text, 64)
		if err != nil {
			return nil, invalidf("%q is not a number", tok.text)
		}
		return f, nil
	case EgenskapstypeTekst:
		return tok.text, nil
	case EgenskapstypeDato:
		d, err := time.Parse(time.DateOnly, tok.text)
		if err != nil {
			return nil, invalidf("%q is not a date (yyyy-mm-dd)", tok.text)
		}
		return d, nil
	case EgenskapstypeKortdato:
		if _, err := time.Parse("01-02", tok.text); err != nil {
			return nil, invalidf("%q is not a month and day (MM-dd)", tok.text)
		}
		return tok.text, nil
	case EgenskapstypeTid:
		if _, err := time.Parse("15:04", tok.text); err != nil {
			return nil, invalidf("%q is not a time of day (HH:mm)", tok.text)
		}
		return tok.text, nil
	case EgenskapstypeBoolsk:
		b, err := strconv.ParseBool(tok.text)
		if err != nil {
			return nil, invalidf("%q is not true or false", tok.text)
		}
		if op != "=" && op != "!=" {
			return nil, invalidf("a Boolsk egenskap takes only = and !=")
		}
		return b, nil
	}
	return nil, invalidf("NVDB cannot filter on a %s egenskap", et.Egenskapstype)
}

// isEnum reports whether values of et are chosen from TillatteVerdier. The
// v4 catalogue says so in the kind (Heltallenum ...); older catalogues
// gave enums the kind of their values (Heltall) with a list of values.
func isEnum(et *EgenskapstypeInfo) bool {
	return et.Egenskapstype.IsEnum() || len(et.TillatteVerdier) > 0
}

func matchEnum(et *EgenskapstypeInfo, s string) *TillattVerdi {
	want, numErr := strconv.ParseFloat(s, 64)
	for i := range et.TillatteVerdier {
		tv := &et.TillatteVerdier[i]
		if f, ok := tv.Verdi.Float(); ok && numErr == nil && f == want {
			return tv
		}
		if str, ok := tv.Verdi.String(); ok && strings.EqualFold(str, s) {
			return tv
		}
	}
	for i := range et.TillatteVerdier {
		if tv := &et.TillatteVerdier[i]; tv.Kortnavn != "" && strings.EqualFold(tv.Kortnavn, s) {
			return tv
		}
	}
	return nil
}

func allowedList(et *EgenskapstypeInfo) string {
	const most = 12
	var parts []string
	for i, tv := range et.TillatteVerdier {
		if i == most {
			parts = append(parts, fmt.Sprintf("… %d more", len(et.TillatteVerdier)-most))
			break
		}
		parts = append(parts, tv.Verdi.text())
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// FillIn completes egenskaper from the catalogue: the name and kind where
// they are missing, the value of an enum egenskap that came with only its
// enum id, and the unit of a number that came without one. Members of
// Liste and Struktur egenskaper are completed too. The type must have been
// fetched with its egenskapstyper.
func (t *Vegobjekttype) FillIn(es Egenskaper) {
	for i := range es {
		e := &es[i]
		et := t.EgenskapstypeByID(e.ID)
		if et == nil {
			if len(e.Innhold) > 0 {
				t.FillIn(e.Innhold)
			}
			continue
		}
		if e.Navn == "" {
			e.Navn = et.Navn
		}
		if e.Egenskapstype == "" {
			e.Egenskapstype = et.Egenskapstype
		}
		if (e.Egenskapstype.IsEnum() || isEnum(et)) && e.EnumID != 0 && e.Verdi.IsZero() {
			if tv := et.TillattVerdiByID(e.EnumID); tv != nil {
				e.Verdi = tv.Verdi
			}
		}
		if e.Enhet == nil && et.Enhet != nil {
			u := *et.Enhet
			e.Enhet = &u
		}
		if len(e.Innhold) > 0 {
			t.FillIn(e.Innhold)
		}
	}
}

// FillIn completes the egenskaper of o from the catalogue entry of its
// type (see Vegobjekttype.FillIn). o must carry its metadata
// (InkluderMetadata) so that its type is known.
func (s *DatakatalogService) FillIn(ctx context.Context, o *Vegobjekt) error {
	if o == nil || o.TypeID() == 0 {
		return invalidf("nvdb: FillIn needs a vegobjekt with metadata (its type)")
	}
	t, err := s.Vegobjekttype(ctx, o.TypeID(), VegobjekttypeEgenskapstyper)
	if err != nil {
		return err
	}
	t.FillIn(o.Egenskaper)
	return nil
}
