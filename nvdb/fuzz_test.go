package nvdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// seedFiles adds the files of testdata/seeds whose names start with prefix.
func seedFiles(f *testing.F, prefix string) {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "seeds", prefix+"*"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds %s*: %v", prefix, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzDecodeSide checks the streaming page decoder against encoding/json:
// it never panics; it gives the same answer whatever sizes the body comes
// in; every page both accept decodes to the same value; a failure is
// either a body cut short (io.ErrUnexpectedEOF, worth fetching again) or a
// *decodeError (a whole body that is not a page).
func FuzzDecodeSide(f *testing.F) {
	seedFiles(f, "page-")
	f.Add([]byte(decodeSample))
	f.Add([]byte(`{"objekter":[],"metadata":{"returnert":0,"sidestørrelse":1000,"neste":{"start":"x","href":"h"}}}`))
	f.Add([]byte(`{"objekter":[{"id":1,"relasjoner":{"barn":[{"id":2,"vegobjekter":[{"id":3,"egenskaper":[{"id":1,"egenskapstype":"Struktur","innhold":[{"id":2,"verdi":1}]}]}]}]}}],"metadata":{}}`))
	f.Add([]byte(`{"objekter":null,"metadata":null}`))
	f.Add([]byte(`{"objekter":[{"id":1e2,"href":"\u00e6\ud800","egenskaper":[{"verdi":-0.0}]}],"metadata":{"antall":null}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodePage(bytes.NewReader(body))
		if err != nil {
			var de *decodeError
			if !errors.As(err, &de) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
		// The window is refilled at arbitrary points: same result.
		got1, err1 := decodePage(iotest.OneByteReader(bytes.NewReader(body)))
		if (err == nil) != (err1 == nil) {
			t.Fatalf("whole body: %v; a byte at a time: %v", err, err1)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(got, got1) {
			t.Fatalf("a byte at a time decodes differently:\n%+v\n%+v", got, got1)
		}
		want, serr := decodePageStd(bytes.NewReader(body))
		if serr != nil {
			return // the fast decoder is more lenient (1e2 as an id); fine
		}
		if foldedKey(body) {
			return // encoding/json matches keys case-insensitively; NVDB's are exact
		}
		if !reflect.DeepEqual(want, got) {
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			t.Fatalf("fast decoder disagrees with encoding/json:\nfast: %s\nstd:  %s", gj, wj)
		}
	})
}

// knownKeys holds the json names of every field of a page.
var knownKeys = func() map[string]bool {
	keys := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			fl := t.Field(i)
			if name, _, _ := strings.Cut(fl.Tag.Get("json"), ","); name != "" && name != "-" {
				keys[name] = true
			} else if name == "" {
				keys[fl.Name] = true
			}
			walk(fl.Type)
		}
	}
	walk(reflect.TypeFor[Page[Vegobjekt]]())
	walk(reflect.TypeFor[relasjonWire]())
	return keys
}()

// foldedKey reports whether the valid JSON body holds a string that
// matches a known key only when case is ignored.
func foldedKey(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if s, ok := tok.(string); ok && !knownKeys[s] {
			for k := range knownKeys {
				if strings.EqualFold(s, k) {
					return true
				}
			}
		}
	}
}

// FuzzVegobjekt decodes one object as Get does (encoding/json through the
// custom unmarshalers of Verdi and Relasjon): never panics, and encoding
// what was decoded is stable: decode(encode(o)) encodes to the same bytes.
func FuzzVegobjekt(f *testing.F) {
	seedFiles(f, "vegobjekt-")
	f.Add([]byte(`{"id":1,"href":"h","relasjoner":{"foreldre":[{"id":1,"type":{"id":581},"vegobjekter":[1,2]}],"barn":[{"id":2,"relasjonstype":"vegobjekter","vegobjekter":[{"id":3}]}]}}`))
	f.Add([]byte(`{"id":2,"egenskaper":[{"id":1,"egenskapstype":"Flyttall","verdi":1.5e300},{"id":2,"egenskapstype":"Ny","verdi":{"a":[1]}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var o Vegobjekt
		if err := json.Unmarshal(body, &o); err != nil {
			return
		}
		enc1, err := json.Marshal(&o)
		if err != nil {
			t.Fatalf("encoding a decoded object: %v", err)
		}
		var o2 Vegobjekt
		if err := json.Unmarshal(enc1, &o2); err != nil {
			t.Fatalf("decoding %s: %v", enc1, err)
		}
		enc2, err := json.Marshal(&o2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(enc1, enc2) {
			t.Fatalf("round trip changed the object:\n%s\n%s", enc1, enc2)
		}
	})
}

// FuzzEgenskap decodes one egenskap: the typed accessors never panic and
// agree with the kind of the value and the egenskapstype, and Verdi
// survives an encode and decode unchanged.
func FuzzEgenskap(f *testing.F) {
	// Each element of the synthetic list of every egenskapstype is a seed.
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", "egenskaper-v3-synthetic.json"))
	if err != nil {
		f.Fatal(err)
	}
	var all []json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		f.Fatal(err)
	}
	for _, e := range all {
		f.Add([]byte(e))
	}
	f.Add([]byte(`{"id":2021,"egenskapstype":"Heltallenum","verdi":80,"enum_id":2738,"enhet":{"kortnavn":"km/h"}}`))
	f.Add([]byte(`{"id":1,"egenskapstype":"Flyttall","verdi":-1.25e2}`))
	f.Add([]byte(`{"id":1,"egenskapstype":"Heltall","verdi":12345678901234567890}`))
	f.Add([]byte(`{"id":1,"egenskapstype":"Tekst","verdi":"a\"\u00f8\n"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var e Egenskap
		if err := json.Unmarshal(body, &e); err != nil {
			return
		}
		v := e.Verdi
		if s, ok := e.Tekst(); ok {
			if got, _ := v.String(); v.Kind() != VerdiString || got != s {
				t.Fatalf("Tekst %q from a %v value", s, v.Kind())
			}
		}
		if i, ok := e.Heltall(); ok {
			f, fok := e.Flyttall()
			if !fok || f != float64(i) {
				t.Fatalf("Heltall %d but Flyttall %v %v", i, f, fok)
			}
		}
		if d, ok := e.Dato(); ok {
			if s, _ := v.String(); d.Format(time.DateOnly) != s {
				t.Fatalf("Dato %v from %q", d, s)
			}
		}
		if m, d, ok := e.Kortdato(); ok && (m < 1 || m > 12 || d < 1 || d > 31) {
			t.Fatalf("Kortdato %d-%d", m, d)
		}
		if h, m, ok := e.Tid(); ok && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Fatalf("Tid %d:%d", h, m)
		}
		if _, ok := e.Boolsk(); ok && v.Kind() != VerdiBool {
			t.Fatalf("Boolsk from a %v value", v.Kind())
		}
		if id, ok := e.Enum(); ok && (id == 0 || !e.Egenskapstype.IsEnum()) {
			t.Fatalf("Enum %d of a %s", id, e.Egenskapstype)
		}
		_ = e.String()
		_ = e.IsNull()

		// Verdi round trip.
		enc, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("encoding %#v: %v", v, err)
		}
		var v2 Verdi
		if err := json.Unmarshal(enc, &v2); err != nil {
			t.Fatalf("decoding %s: %v", enc, err)
		}
		if v.Kind() == VerdiRaw {
			var want bytes.Buffer
			_ = json.Compact(&want, v.Raw())
			if v2.Kind() != VerdiRaw || !bytes.Equal(v2.Raw(), want.Bytes()) {
				t.Fatalf("raw %s came back as %s", v.Raw(), v2.Raw())
			}
			return
		}
		if !reflect.DeepEqual(v, v2) {
			t.Fatalf("Verdi %#v came back as %#v (wire %s)", v, v2, enc)
		}
	})
}

// FuzzVerdiUnmarshal calls Verdi.UnmarshalJSON directly with any bytes, as
// a caller's own decoder might: never a panic, and for valid JSON the kind
// is that of the JSON value.
func FuzzVerdiUnmarshal(f *testing.F) {
	for _, s := range []string{`"x"`, `"`, `1`, `-`, `1.5e3`, `true`, `null`, `[1]`, `{"a":1}`, `""`, `"\u00e6"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Verdi
		err := v.UnmarshalJSON(b)
		if err != nil || !json.Valid(b) {
			return
		}
		want := map[byte]VerdiKind{'"': VerdiString, 't': VerdiBool, 'f': VerdiBool, 'n': VerdiNull, '[': VerdiRaw, '{': VerdiRaw}[bytes.TrimSpace(b)[0]]
		if c := bytes.TrimSpace(b)[0]; c == '-' || (c >= '0' && c <= '9') {
			want = VerdiNumber
		}
		if v.Kind() != want {
			t.Fatalf("%s decoded as kind %v, want %v", b, v.Kind(), want)
		}
	})
}

// filterNode is the tree a filter was built from, and the tree the test
// parser reads back from its string.
type filterNode struct {
	Op   string // AND, OR, REL, CMP
	ID   int    // egenskap or relasjon type id
	Cmp  string // = != > >= < <= in notin
	Lits []string
	Kids []filterNode
}

// FuzzFilter builds filters from fuzzed values and reads the string back
// with a parser of NVDB's filter language: the tree is the one built, so
// a value can never inject an operator, a parenthesis or a quote. A value
// that cannot be quoted (holding both " and ') makes an error, not a string.
func FuzzFilter(f *testing.F) {
	f.Add(2021, "Vikatunnelen", int64(2738), 80.5, 67, uint8(0))
	f.Add(1, `" OR egenskap(1)=1 OR "`, int64(-1), math.Copysign(0, -1), 1, uint8(0xff))
	f.Add(5, `') AND (egenskap(2)!=null`, int64(0), 1e21, 581, uint8(0x5a))
	f.Add(5, `both " and '`, int64(0), 1e-7, 1, uint8(3))
	f.Add(7, "", int64(math.MaxInt64), math.MaxFloat64, 0, uint8(0x21))
	f.Fuzz(func(t *testing.T, id int, s string, n int64, fl float64, rel int, ops uint8) {
		cmps := []struct {
			op string
			fn func(EgenskapID, any) Filter
		}{{"=", EgenskapID.Eq}, {"!=", EgenskapID.NotEq}, {">", EgenskapID.Gt}, {">=", EgenskapID.Gteq}, {"<", EgenskapID.Lt}, {"<=", EgenskapID.Lteq}}
		c := cmps[int(ops&7)%len(cmps)]
		a := c.fn(EgenskapID(id), s)
		wantA := filterNode{Op: "CMP", ID: id, Cmp: c.op, Lits: []string{"s:" + s}}
		var b Filter
		var wantB filterNode
		validFl := !math.IsNaN(fl) && !math.IsInf(fl, 0)
		switch (ops >> 3) & 3 {
		case 0:
			b = EgenskapID(id+1).In(n, fl)
			wantB = filterNode{Op: "CMP", ID: id + 1, Cmp: "in", Lits: []string{"n:" + strconv.FormatInt(n, 10), "n:" + fmtF(fl)}}
		case 1:
			b = EgenskapID(id+1).NotIn(s, n)
			wantB = filterNode{Op: "CMP", ID: id + 1, Cmp: "notin", Lits: []string{"s:" + s, "n:" + strconv.FormatInt(n, 10)}}
		case 2:
			b = EgenskapID(id + 1).IsNull()
			wantB = filterNode{Op: "CMP", ID: id + 1, Cmp: "=", Lits: []string{"null"}}
		default:
			b = EgenskapID(id + 1).Gteq(fl)
			wantB = filterNode{Op: "CMP", ID: id + 1, Cmp: ">=", Lits: []string{"n:" + fmtF(fl)}}
		}
		var got Filter
		var want filterNode
		if ops&0x20 != 0 {
			got, want = Or(a, And(b, a)), filterNode{Op: "OR", Kids: []filterNode{wantA, {Op: "AND", Kids: []filterNode{wantB, wantA}}}}
		} else {
			got, want = And(a, b), filterNode{Op: "AND", Kids: []filterNode{wantA, wantB}}
		}
		if ops&0x40 != 0 {
			got, want = RelasjonFilter(rel, got), filterNode{Op: "REL", ID: rel, Kids: []filterNode{want}}
		}

		bad := id <= 0 || id+1 <= 0 || (strings.Contains(s, `"`) && strings.Contains(s, "'")) ||
			(ops&0x40 != 0 && (rel <= 0 || ops&0x20 != 0)) || (!validFl && ((ops>>3)&3 == 0 || (ops>>3)&3 == 3))
		if bad {
			if got.Err() == nil {
				t.Fatalf("invalid parts gave %q without an error", got.String())
			}
			return
		}
		if got.Err() != nil {
			t.Fatalf("valid parts gave an error: %v", got.Err())
		}
		p := &builtFilterParser{s: got.String()}
		tree, err := p.or()
		if err == nil && p.pos != len(p.s) {
			err = fmt.Errorf("trailing %q", p.s[p.pos:])
		}
		if err != nil {
			t.Fatalf("%q does not parse: %v", got.String(), err)
		}
		if !reflect.DeepEqual(flatten(want), tree) {
			t.Fatalf("%q parses as\n%+v\nwant\n%+v", got.String(), tree, flatten(want))
		}
	})
}

func fmtF(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// flatten merges nested nodes of the same operator, as the language does
// (A AND (B AND C) is A AND B AND C).
func flatten(n filterNode) filterNode {
	if n.Op != "AND" && n.Op != "OR" {
		for i := range n.Kids {
			n.Kids[i] = flatten(n.Kids[i])
		}
		return n
	}
	var kids []filterNode
	for _, k := range n.Kids {
		k = flatten(k)
		if k.Op == n.Op {
			kids = append(kids, k.Kids...)
		} else {
			kids = append(kids, k)
		}
	}
	return filterNode{Op: n.Op, Kids: kids}
}

// builtFilterParser reads the language the builder writes:
//
//	or    = and {" OR " and}
//	and   = unary {" AND " unary}
//	unary = "(" or ")" | "relasjon(" int ", " or ")" | "egenskap(" int ")" cmp
//	cmp   = op lit | " in [" lits "]" | " notin [" lits "]"
//	lit   = number | null | "..." | '...'
type builtFilterParser struct {
	s   string
	pos int
}

func (p *builtFilterParser) eat(tok string) bool {
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *builtFilterParser) errf(format string, a ...any) error {
	return fmt.Errorf("at %d: %s", p.pos, fmt.Sprintf(format, a...))
}

func (p *builtFilterParser) list(op, sep string, next func() (filterNode, error)) (filterNode, error) {
	first, err := next()
	if err != nil {
		return filterNode{}, err
	}
	kids := []filterNode{first}
	for p.eat(sep) {
		k, err := next()
		if err != nil {
			return filterNode{}, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	// Parenthesised groups of the same operator merge, as in flatten.
	var flat []filterNode
	for _, k := range kids {
		if k.Op == op {
			flat = append(flat, k.Kids...)
		} else {
			flat = append(flat, k)
		}
	}
	return filterNode{Op: op, Kids: flat}, nil
}

func (p *builtFilterParser) or() (filterNode, error)  { return p.list("OR", " OR ", p.and) }
func (p *builtFilterParser) and() (filterNode, error) { return p.list("AND", " AND ", p.unary) }

func (p *builtFilterParser) int() (int, error) {
	i := p.pos
	for p.pos < len(p.s) && (p.s[p.pos] == '-' || (p.s[p.pos] >= '0' && p.s[p.pos] <= '9')) {
		p.pos++
	}
	return strconv.Atoi(p.s[i:p.pos])
}

func (p *builtFilterParser) unary() (filterNode, error) {
	switch {
	case p.eat("("):
		n, err := p.or()
		if err != nil {
			return n, err
		}
		if !p.eat(")") {
			return n, p.errf("missing )")
		}
		return n, nil
	case p.eat("relasjon("):
		id, err := p.int()
		if err != nil || !p.eat(", ") {
			return filterNode{}, p.errf("bad relasjon")
		}
		inner, err := p.or()
		if err != nil {
			return inner, err
		}
		if !p.eat(")") {
			return inner, p.errf("missing ) of relasjon")
		}
		return filterNode{Op: "REL", ID: id, Kids: []filterNode{inner}}, nil
	case p.eat("egenskap("):
		id, err := p.int()
		if err != nil || !p.eat(")") {
			return filterNode{}, p.errf("bad egenskap")
		}
		n := filterNode{Op: "CMP", ID: id}
		for _, op := range []string{" notin [", " in ["} {
			if p.eat(op) {
				n.Cmp = strings.TrimSuffix(strings.TrimPrefix(op, " "), " [")
				for {
					l, err := p.lit()
					if err != nil {
						return n, err
					}
					n.Lits = append(n.Lits, l)
					if p.eat("]") {
						return n, nil
					}
					if !p.eat(",") {
						return n, p.errf("bad list")
					}
				}
			}
		}
		for _, op := range []string{"!=", ">=", "<=", "=", ">", "<"} {
			if p.eat(op) {
				n.Cmp = op
				l, err := p.lit()
				n.Lits = []string{l}
				return n, err
			}
		}
		return n, p.errf("no operator")
	}
	return filterNode{}, p.errf("unexpected %q", p.s[p.pos:])
}

func (p *builtFilterParser) lit() (string, error) {
	if p.eat("null") {
		return "null", nil
	}
	if p.pos < len(p.s) && (p.s[p.pos] == '"' || p.s[p.pos] == '\'') {
		q := p.s[p.pos]
		end := strings.IndexByte(p.s[p.pos+1:], q)
		if end < 0 {
			return "", p.errf("unterminated string")
		}
		v := p.s[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return "s:" + v, nil
	}
	i := p.pos
	for p.pos < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.pos]) >= 0 {
		p.pos++
	}
	if _, err := strconv.ParseFloat(p.s[i:p.pos], 64); err != nil {
		return "", p.errf("bad number %q", p.s[i:p.pos])
	}
	return "n:" + p.s[i:p.pos], nil
}
