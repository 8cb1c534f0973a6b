package uberiket

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// dec reads one JSON value held whole in memory: the decoder of the hot
// path, a line of a stream. encoding/json took about 30 µs and 120
// allocations for a speed limit with three stretches, which alone would
// hold a copy under the 100 000 objects a second Uberiket's streams can
// deliver; this reader decodes straight into the models in one pass and
// checks the JSON as strictly (grammar, control characters, trailing
// data). Rare parts (a geometry in an egenskap) are handed to
// encoding/json.
type dec struct {
	b     []byte
	i     int
	depth int
}

// maxDecodeDepth bounds nesting as encoding/json does: lists of egenskaper
// recurse, and a hostile line nested a million levels deep must fail, not
// overflow the stack.
const maxDecodeDepth = 10000

var errSyntax = errors.New("invalid JSON")

func (d *dec) fail(what string) error {
	if d.i >= len(d.b) {
		return fmt.Errorf("%w: unexpected end, %s", errSyntax, what)
	}
	return fmt.Errorf("%w at offset %d: %s", errSyntax, d.i, what)
}

// want is the error for a value of the wrong kind: a type error when what
// follows is some other JSON value, a syntax error otherwise.
func (d *dec) want(kind string) error {
	got := ""
	switch d.peek() {
	case '{':
		got = "an object"
	case '[':
		got = "an array"
	case '"':
		got = "a string"
	case 't', 'f':
		got = "a boolean"
	case 'n':
		got = "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		got = "a number"
	default:
		return d.fail("expected " + kind)
	}
	return fmt.Errorf("expected %s, got %s", kind, got)
}

func (d *dec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after space, or 0 at the end.
func (d *dec) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// null consumes a null and reports whether there was one.
func (d *dec) null() bool {
	if d.peek() == 'n' && bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return true
	}
	return false
}

// end requires that nothing but space follows the value.
func (d *dec) end() error {
	if d.peek() != 0 {
		return d.fail("data after the value")
	}
	return nil
}

// object calls member with each key, which must consume the value.
func (d *dec) object(member func(key []byte) error) error {
	if d.peek() != '{' {
		return d.want("an object")
	}
	if d.depth++; d.depth > maxDecodeDepth {
		return d.fail("nested too deep")
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		d.depth--
		return nil
	}
	for {
		key, err := d.rawString()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.fail("expected ':'")
		}
		d.i++
		if err := member(key); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			d.depth--
			return nil
		default:
			return d.fail("expected ',' or '}'")
		}
	}
}

// array calls elem for each element, which must consume it.
func (d *dec) array(elem func() error) error {
	if d.peek() != '[' {
		return d.want("an array")
	}
	if d.depth++; d.depth > maxDecodeDepth {
		return d.fail("nested too deep")
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		d.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			d.depth--
			return nil
		default:
			return d.fail("expected ',' or ']'")
		}
	}
}

// rawString consumes a string and returns its bytes between the quotes,
// escapes undone only when there are any (a new buffer then).
func (d *dec) rawString() ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.want("a string")
	}
	start := d.i + 1
	plain, ascii := true, true
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			s := d.b[start:j]
			if plain && (ascii || utf8.Valid(s)) {
				return s, nil
			}
			var out string // escapes and broken UTF-8 as encoding/json reads them
			if err := json.Unmarshal(d.b[start-1:j+1], &out); err != nil {
				return nil, fmt.Errorf("%w: %v", errSyntax, err)
			}
			return []byte(out), nil
		case c == '\\':
			plain = false
			j++
		case c < 0x20:
			d.i = j
			return nil, d.fail("control character in a string")
		case c >= 0x80:
			ascii = false
		}
	}
	d.i = len(d.b)
	return nil, d.fail("unterminated string")
}

func (d *dec) str() (string, error) {
	b, err := d.rawString()
	return string(b), err
}

// number consumes a number and returns its text.
func (d *dec) number() ([]byte, error) {
	d.ws()
	start, j := d.i, d.i
	digits := func() bool {
		k := j
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(d.b) && d.b[j] == '-' {
		j++
	}
	switch {
	case j < len(d.b) && d.b[j] == '0':
		j++
	case !digits():
		d.i = start
		return nil, d.want("a number")
	}
	if j < len(d.b) && d.b[j] == '.' {
		j++
		if !digits() {
			d.i = j
			return nil, d.fail("invalid number")
		}
	}
	if j < len(d.b) && (d.b[j] == 'e' || d.b[j] == 'E') {
		j++
		if j < len(d.b) && (d.b[j] == '+' || d.b[j] == '-') {
			j++
		}
		if !digits() {
			d.i = j
			return nil, d.fail("invalid number")
		}
	}
	d.i = j
	return d.b[start:j], nil
}

// int64 consumes an integer (no fraction, no exponent).
func (d *dec) int64() (int64, error) {
	t, err := d.number()
	if err != nil {
		return 0, err
	}
	neg := t[0] == '-'
	if neg {
		t = t[1:]
	}
	var v uint64
	for _, c := range t {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("number %s is not an integer", t)
		}
		if v > (math.MaxInt64-uint64(c-'0'))/10 {
			return 0, fmt.Errorf("number %s overflows an int64", t)
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// int consumes an integer that fits an int32, as the specification's
// int32 members do.
func (d *dec) int() (int, error) {
	v, err := d.int64()
	if err == nil && (v > math.MaxInt32 || v < math.MinInt32) {
		err = fmt.Errorf("number %d overflows an int32", v)
	}
	return int(v), err
}

func (d *dec) float() (float64, error) {
	t, err := d.number()
	if err != nil {
		return 0, err
	}
	// The text lives in d.b, which outlives the call; no copy is needed to
	// parse it.
	return strconv.ParseFloat(unsafe.String(unsafe.SliceData(t), len(t)), 64)
}

func (d *dec) bool() (bool, error) {
	switch {
	case bytes.HasPrefix(d.b[d.i:], []byte("true")):
		d.i += 4
		return true, nil
	case bytes.HasPrefix(d.b[d.i:], []byte("false")):
		d.i += 5
		return false, nil
	}
	return false, d.want("true or false")
}

// skip consumes any value, checking it.
func (d *dec) skip() error {
	switch c := d.peek(); {
	case c == '{':
		return d.object(func([]byte) error { return d.skip() })
	case c == '[':
		return d.array(d.skip)
	case c == '"':
		_, err := d.rawString()
		return err
	case c == 't' || c == 'f':
		_, err := d.bool()
		return err
	case c == 'n':
		if !d.null() {
			return d.fail("invalid literal")
		}
		return nil
	default:
		_, err := d.number()
		return err
	}
}

// span consumes any value and returns its bytes.
func (d *dec) span() ([]byte, error) {
	d.ws()
	start := d.i
	if err := d.skip(); err != nil {
		return nil, err
	}
	return d.b[start:d.i], nil
}

// Strings that repeat in every object are returned without allocating.
func internType(b []byte) string {
	switch string(b) {
	case "EnumEgenskap":
		return "EnumEgenskap"
	case "TekstEgenskap":
		return "TekstEgenskap"
	case "HeltallEgenskap":
		return "HeltallEgenskap"
	case "FlyttallEgenskap":
		return "FlyttallEgenskap"
	case "DatoEgenskap":
		return "DatoEgenskap"
	case "StedfestingLinjer":
		return "StedfestingLinjer"
	case "StedfestingPunkter":
		return "StedfestingPunkter"
	case "MED":
		return "MED"
	case "MOT":
		return "MOT"
	}
	return string(b)
}

func (d *dec) date() (Dato, error) {
	b, err := d.rawString()
	if err != nil {
		return "", err
	}
	if !validDate(b) {
		return "", fmt.Errorf("invalid date %q: want YYYY-MM-DD", b)
	}
	return Dato(b), nil
}

// validDate checks YYYY-MM-DD without allocating.
func validDate(b []byte) bool {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return false
	}
	n := func(s []byte) int {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, day := n(b[:4]), n(b[5:7]), n(b[8:])
	if y < 0 || m < 1 || m > 12 || day < 1 {
		return false
	}
	return day <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// instant reads a timestamp; NVDB's own form ("2025-04-30T19:09:15.976470Z")
// without allocating, any other RFC 3339 form through time.Parse.
func (d *dec) instant() (time.Time, error) {
	b, err := d.rawString()
	if err != nil {
		return time.Time{}, err
	}
	if t, ok := parseUTC(b); ok {
		return t, nil
	}
	return parseInstant(string(b))
}

func parseUTC(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[len(b)-1] != 'Z' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || !validDate(b[:10]) {
		return time.Time{}, false
	}
	n := func(s []byte) int {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	hh, mm, ss := n(b[11:13]), n(b[14:16]), n(b[17:19])
	if hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 {
		return time.Time{}, false
	}
	ns := 0
	if frac := b[19 : len(b)-1]; len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		digits := frac[1:]
		if ns = n(digits); ns < 0 {
			return time.Time{}, false
		}
		for k := len(digits); k < 9; k++ {
			ns *= 10
		}
	} else if len(b) != 20 {
		return time.Time{}, false
	}
	y, mo, day := n(b[:4]), n(b[5:7]), n(b[8:10])
	return time.Date(y, time.Month(mo), day, hh, mm, ss, ns, time.UTC), true
}

// emptyStrings is the kjorefelt of a stretch that has none: shared, as a
// slice of no capacity cannot be written to.
var emptyStrings = []string{}

func (d *dec) strings() ([]string, error) {
	if d.null() {
		return nil, nil
	}
	out := emptyStrings
	err := d.array(func() error {
		b, err := d.rawString()
		if err != nil {
			return err
		}
		out = append(out, laneName(b))
		return nil
	})
	return out, err
}

// laneName returns the common lane names without allocating.
func laneName(b []byte) string {
	if len(b) == 1 && b[0] >= '1' && b[0] <= '9' {
		return "123456789"[b[0]-'1' : b[0]-'0']
	}
	return string(b)
}

func (d *dec) ids() ([]int64, error) {
	if d.null() {
		return nil, nil
	}
	out := []int64{}
	err := d.array(func() error {
		v, err := d.int64()
		out = append(out, v)
		return err
	})
	return out, err
}

func (d *dec) vegobjekt(o *Vegobjekt) error {
	const (
		hasID = 1 << iota
		hasVersjon
		hasType
		hasSistEndret
	)
	seen := 0
	*o = Vegobjekt{}
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			o.ID, err = d.int64()
			seen |= hasID
		case "versjon":
			o.Versjon, err = d.int()
			seen |= hasVersjon
		case "typeId":
			o.TypeID, err = d.int()
			seen |= hasType
		case "sistEndret":
			o.SistEndret, err = d.instant()
			seen |= hasSistEndret
		case "gyldighetsperiode":
			o.Gyldighetsperiode = nil
			if !d.null() {
				o.Gyldighetsperiode = new(Gyldighetsperiode)
				err = d.gyldighetsperiode(o.Gyldighetsperiode)
			}
		case "egenskaper":
			o.Egenskaper, err = d.egenskaper()
		case "barn":
			o.Barn, err = d.barn()
		case "stedfesting":
			o.Stedfesting = nil
			if !d.null() {
				o.Stedfesting = new(Stedfesting)
				err = d.stedfesting(o.Stedfesting)
			}
		default:
			err = d.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if seen != hasID|hasVersjon|hasType|hasSistEndret {
		return missing("Vegobjekt", "id", "versjon", "typeId", "sistEndret")
	}
	return nil
}

func (d *dec) gyldighetsperiode(g *Gyldighetsperiode) error {
	start := false
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "startdato":
			g.Startdato, err = d.date()
			start = true
		case "sluttdato":
			if !d.null() {
				g.Sluttdato, err = d.date()
			}
		default:
			err = d.skip()
		}
		return err
	})
	if err == nil && !start {
		return missing("Gyldighetsperiode", "startdato")
	}
	return err
}

func (d *dec) egenskaper() (Egenskaper, error) {
	if d.null() {
		return nil, nil
	}
	es := make(Egenskaper, 4)
	err := d.object(func(key []byte) error {
		id, ok := keyID(key)
		if !ok {
			return fmt.Errorf("egenskap key %q is not an egenskapstype id", key)
		}
		if d.null() {
			es[id] = nil
			return nil
		}
		e := new(Egenskap)
		if err := d.egenskap(e); err != nil {
			return fmt.Errorf("%d: %w", id, err)
		}
		es[id] = e
		return nil
	})
	return es, err
}

func (d *dec) barn() (map[int][]int64, error) {
	if d.null() {
		return nil, nil
	}
	barn := map[int][]int64{}
	err := d.object(func(key []byte) error {
		id, ok := keyID(key)
		if !ok {
			return fmt.Errorf("barn key %q is not a relasjonstype id", key)
		}
		var err error
		barn[id], err = d.ids()
		return err
	})
	return barn, err
}

// keyID reads the id of a member name ("2021").
func keyID(key []byte) (int, bool) {
	if len(key) == 0 || len(key) > 10 {
		return 0, false
	}
	v := 0
	for _, c := range key {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, v <= math.MaxInt32
}

// egenskap reads one value. Its members may come in any order, so their
// places are noted first and read once the type is known.
func (d *dec) egenskap(e *Egenskap) error {
	d.ws()
	start := d.i
	var typ, verdi, verdier, format, ressurs []byte
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "type":
			typ, err = d.rawString()
		case "verdi":
			verdi, err = d.span()
		case "verdier":
			verdier, err = d.span()
		case "format":
			format, err = d.span()
		case "ressursId":
			ressurs, err = d.span()
		default:
			err = d.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if typ == nil {
		return missing("EgenskapVerdi", "type")
	}
	t := EgenskapType(internType(typ))
	*e = Egenskap{typ: t}
	if t == EgenskapStruktur || !t.Known() {
		e.raw = bytes.Clone(d.b[start:d.i])
		return nil
	}
	sub := func(b []byte) *dec { return &dec{b: b, depth: d.depth} }
	if verdi != nil && string(verdi) == "null" {
		verdi = nil
	}
	switch t {
	case EgenskapBinaer:
		if format == nil || string(format) == "null" {
			return missing(string(t), "format")
		}
		if e.s, err = sub(format).str(); err != nil {
			return fmt.Errorf("format: %w", err)
		}
		if ressurs != nil && string(ressurs) != "null" {
			if e.i, err = sub(ressurs).int64(); err != nil {
				return fmt.Errorf("ressursId: %w", err)
			}
			e.b = true
		}
		return nil
	case EgenskapListe:
		if verdier == nil || string(verdier) == "null" {
			return missing(string(t), "verdier")
		}
		sd := sub(verdier)
		e.list = []*Egenskap{}
		return sd.array(func() error {
			if sd.null() {
				e.list = append(e.list, nil)
				return nil
			}
			v := new(Egenskap)
			e.list = append(e.list, v)
			return sd.egenskap(v)
		})
	}
	if verdi == nil {
		return missing(string(t), "verdi")
	}
	vd := sub(verdi)
	switch t {
	case EgenskapTekst, EgenskapKortDato, EgenskapTid:
		e.s, err = vd.str()
	case EgenskapDato:
		var dt Dato
		dt, err = vd.date()
		e.s = string(dt)
	case EgenskapHeltall, EgenskapEnum:
		e.i, err = vd.int64()
	case EgenskapFlyttall:
		e.f, err = vd.float()
	case EgenskapBoolsk:
		e.b, err = vd.bool()
	case EgenskapGeometri:
		e.geo = new(Geometristruktur)
		err = json.Unmarshal(verdi, e.geo)
	}
	if err != nil {
		return fmt.Errorf("%s: verdi: %w", t, err)
	}
	return nil
}

// stedfesting reads a stedfesting, its members noted first as for an
// egenskap.
func (d *dec) stedfesting(s *Stedfesting) error {
	d.ws()
	start := d.i
	var typ, linjer, punkter, id, startpunkt, sluttpunkt []byte
	var direct bool // linjer read in place: "type" came first, as NVDB sends it
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "type":
			typ, err = d.rawString()
		case "linjer":
			if string(typ) == string(StedfestingLinjer) && !d.null() {
				direct = true
				s.Linjer = make([]StedfestingLinje, 0, 4)
				err = d.array(func() error {
					s.Linjer = append(s.Linjer, StedfestingLinje{})
					return d.linje(&s.Linjer[len(s.Linjer)-1])
				})
				linjer = []byte("[]") // present
				break
			}
			linjer, err = d.span()
		case "punkter":
			punkter, err = d.span()
		case "id":
			id, err = d.span()
		case "startpunkt":
			startpunkt, err = d.span()
		case "sluttpunkt":
			sluttpunkt, err = d.span()
		default:
			err = d.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if typ == nil {
		return missing("Stedfesting", "type")
	}
	t := StedfestingType(internType(typ))
	if direct && t == StedfestingLinjer {
		*s = Stedfesting{Type: t, Linjer: s.Linjer}
		return nil
	}
	*s = Stedfesting{Type: t}
	sub := func(b []byte) *dec { return &dec{b: b, depth: d.depth} }
	notNull := func(b []byte) bool { return b != nil && string(b) != "null" }
	switch t {
	case StedfestingLinjer:
		if !notNull(linjer) {
			return missing(string(t), "linjer")
		}
		sd := sub(linjer)
		s.Linjer = make([]StedfestingLinje, 0, 4)
		return sd.array(func() error {
			s.Linjer = append(s.Linjer, StedfestingLinje{})
			return sd.linje(&s.Linjer[len(s.Linjer)-1])
		})
	case StedfestingPunkter:
		if !notNull(punkter) {
			return missing(string(t), "punkter")
		}
		sd := sub(punkter)
		s.Punkter = []StedfestingPunkt{}
		return sd.array(func() error {
			s.Punkter = append(s.Punkter, StedfestingPunkt{})
			return sd.punkt(&s.Punkter[len(s.Punkter)-1])
		})
	case StedfestingSving:
		if !notNull(id) || !notNull(startpunkt) || !notNull(sluttpunkt) {
			return missing(string(t), "id", "startpunkt", "sluttpunkt")
		}
		s.Sving = new(Sving)
		if s.Sving.ID, err = sub(id).int64(); err != nil {
			return fmt.Errorf("id: %w", err)
		}
		if err = sub(startpunkt).punkt(&s.Sving.Startpunkt); err != nil {
			return fmt.Errorf("startpunkt: %w", err)
		}
		if err = sub(sluttpunkt).punkt(&s.Sving.Sluttpunkt); err != nil {
			return fmt.Errorf("sluttpunkt: %w", err)
		}
	case StedfestingMangler:
	default:
		s.Raw = bytes.Clone(d.b[start:d.i])
	}
	return nil
}

func (d *dec) linje(l *StedfestingLinje) error {
	if d.null() {
		return errNull
	}
	seen := 0
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			l.VeglenkesekvensID, err = d.int64()
			seen |= 1
		case "startposisjon":
			l.Startposisjon, err = d.float()
			seen |= 2
		case "sluttposisjon":
			l.Sluttposisjon, err = d.float()
			seen |= 4
		case "retning":
			err = d.retning(&l.Retning)
		case "sideposisjon":
			err = d.sideposisjon(&l.Sideposisjon)
		case "kjorefelt":
			l.Kjorefelt, err = d.strings()
		default:
			err = d.skip()
		}
		return err
	})
	if err == nil && seen != 7 {
		return missing("StedfestingLinje", "id", "startposisjon", "sluttposisjon")
	}
	return err
}

func (d *dec) punkt(p *StedfestingPunkt) error {
	if d.null() {
		return errNull
	}
	seen := 0
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			p.VeglenkesekvensID, err = d.int64()
			seen |= 1
		case "posisjon":
			p.Posisjon, err = d.float()
			seen |= 2
		case "retning":
			err = d.retning(&p.Retning)
		case "sideposisjon":
			err = d.sideposisjon(&p.Sideposisjon)
		case "kjorefelt":
			p.Kjorefelt, err = d.strings()
		default:
			err = d.skip()
		}
		return err
	})
	if err == nil && seen != 3 {
		return missing("StedfestingPunkt", "id", "posisjon")
	}
	return err
}

func (d *dec) retning(r *Retning) error {
	if d.null() {
		*r = ""
		return nil
	}
	b, err := d.rawString()
	*r = Retning(internType(b))
	return err
}

func (d *dec) sideposisjon(s *Sideposisjon) error {
	if d.null() {
		*s = ""
		return nil
	}
	b, err := d.rawString()
	*s = Sideposisjon(b)
	return err
}
