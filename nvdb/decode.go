package nvdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// scanner is a small streaming JSON reader for the hot path: a page of
// vegobjekter. It decodes straight into the model without reflection and
// without a second pass, interns the strings that repeat between objects
// (names, enum values, dates) and reads the body through a fixed window,
// so a page is never held whole as bytes. Rarely used parts are handed to
// encoding/json as raw bytes.
type scanner struct {
	r      io.Reader
	buf    []byte
	pos    int // next unread byte
	end    int // end of valid data
	eof    bool
	rerr   error    // the body failed while read: worth fetching again
	intern []string // internSlots entries
	read   int64    // bytes consumed before buf[0], for error offsets
	depth  int      // objects and arrays open, bounded by maxDepth
	// tooLong is set when one value outgrows maxValue: the page arrived
	// as sent, so it is an error of the answer, not of the connection.
	tooLong error

	// Small values are carved out of shared blocks: far fewer allocations
	// for the many small parts of a page.
	objs       slab[Vegobjekt]
	floats     slab[float64]
	enheter    slab[Enhet]
	metas      slab[Metadata]
	utledet    slab[UtledetGeometri]
	geometrier slab[Geometri]
	lokasjoner slab[Lokasjon]
	vegsystem  slab[Vegsystem]
	strekning  slab[Strekning]
	relasjoner slab[Relasjoner]
	egArena    []Egenskap // block the top-level egenskaper are carved from
}

// slab hands out pointers into blocks of 64 values.
type slab[T any] struct{ free []T }

func (p *slab[T]) get() *T {
	if len(p.free) == 0 {
		p.free = make([]T, 64)
	}
	x := &p.free[0]
	p.free = p.free[1:]
	return x
}

func (s *scanner) newFloat(f float64) *float64 {
	p := s.floats.get()
	*p = f
	return p
}

func (s *scanner) newEnhet() *Enhet { return s.enheter.get() }

const (
	scanBuf     = 64 << 10
	internSlots = 4096 // power of two
	// maxDepth bounds the nesting of objects and arrays, as encoding/json
	// does: the decoder recurses (relasjoner hold vegobjekter, Struktur
	// egenskaper hold egenskaper), and a hostile page nested a million
	// levels deep would otherwise overflow the goroutine stack, a fatal
	// error no recover catches.
	maxDepth = 10000
	// maxValue bounds the window, and so the longest single value (a
	// string, a number, a member kept whole for encoding/json) a page may
	// hold. The window doubles from scanBuf while one value fills it; an
	// endless string in a member the decoder reads (href, wkt, verdi)
	// would otherwise grow it to the body limit (256 MiB, 448 MiB live
	// with the old window beside the new). Growing to 16 MiB allocates
	// under 32 MiB and keeps at most 24 MiB live. The longest real values
	// are WKT geometries: the real samples take 27 to 43 bytes per
	// coordinate (x y z, 3 decimals in UTM) with a point every 4 to 6 m
	// of road, so 16 MiB is some 400 000 coordinates, well over 1 000 km
	// of road or a polygon of that many points in one value, where a
	// veglenkesekvens is at most tens of km (well under 1 MiB). A longer
	// value is ErrInvalidResponse; Geometritoleranse shrinks a geometry.
	maxValue = 16 << 20
)

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, scanBuf), intern: make([]string, internSlots)}
}

// fill moves unread bytes to the front and reads more; it grows the
// buffer when a single token fills it, up to maxValue. It reports whether
// bytes were added.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.read += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) {
		// The window holds nothing but the value being read.
		if len(s.buf) >= maxValue {
			s.tooLong = fmt.Errorf("nvdb: decoding: a value longer than %d MiB at offset %d", maxValue>>20, s.read)
			s.eof = true
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxValue))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

func (s *scanner) errEOF() error {
	if s.tooLong != nil {
		return s.tooLong
	}
	if s.rerr != nil {
		return s.rerr
	}
	return io.ErrUnexpectedEOF
}

// ended reports whether the body ended as sent: not broken off while read,
// not cut by maxValue.
func (s *scanner) ended() bool { return s.rerr == nil && s.tooLong == nil }

func (s *scanner) syntax(msg string) error {
	return fmt.Errorf("nvdb: decoding: %s at offset %d", msg, s.read+int64(s.pos))
}

// next skips white space and returns the next byte without consuming it.
func (s *scanner) next() (byte, error) {
	if p := s.pos; p < s.end && s.buf[p] > ' ' {
		return s.buf[p], nil
	}
	return s.nextSlow()
}

func (s *scanner) nextSlow() (byte, error) {
	for {
		for s.pos < s.end {
			c := s.buf[s.pos]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				s.pos++
				continue
			}
			return c, nil
		}
		if !s.fill() {
			return 0, s.errEOF()
		}
	}
}

func (s *scanner) expect(c byte) error {
	b, err := s.next()
	if err != nil {
		return err
	}
	if b != c {
		return fmt.Errorf("nvdb: decoding: expected %q at offset %d, got %q", c, s.read+int64(s.pos), b)
	}
	s.pos++
	return nil
}

// null consumes a null literal if one is next.
func (s *scanner) null() (bool, error) {
	c, err := s.next()
	if err != nil || c != 'n' {
		return false, err
	}
	return true, s.literal("null")
}

func (s *scanner) literal(lit string) error {
	for s.end-s.pos < len(lit) {
		if !s.fill() {
			return s.errEOF()
		}
	}
	if string(s.buf[s.pos:s.pos+len(lit)]) != lit {
		return s.syntax("invalid literal")
	}
	s.pos += len(lit)
	return nil
}

// rawString scans a string at pos and returns its contents (valid until
// the next read) and whether it holds escapes.
func (s *scanner) rawString() ([]byte, bool, error) {
	c, err := s.next()
	if err != nil {
		return nil, false, err
	}
	if c != '"' {
		return nil, false, fmt.Errorf("nvdb: decoding: expected a string at offset %d, got %q", s.read+int64(s.pos), c)
	}
	i := s.pos + 1
	// Most strings are short keys and names: a plain loop beats IndexByte.
	for lim := min(s.end, i+24); i < lim; i++ {
		c := s.buf[i]
		if c == '"' {
			out := s.buf[s.pos+1 : i]
			s.pos = i + 1
			return out, false, nil
		}
		if c == '\\' {
			break // the general scan below handles escapes
		}
	}
	esc := false
	for {
		if j := bytes.IndexByte(s.buf[i:s.end], '"'); j >= 0 {
			k := i + j
			if esc || bytes.IndexByte(s.buf[i:k], '\\') >= 0 {
				esc = true
				n := 0
				for p := k - 1; p > s.pos && s.buf[p] == '\\'; p-- {
					n++
				}
				if n%2 == 1 { // an escaped quote
					i = k + 1
					continue
				}
			}
			out := s.buf[s.pos+1 : k]
			s.pos = k + 1
			return out, esc, nil
		}
		if bytes.IndexByte(s.buf[i:s.end], '\\') >= 0 {
			esc = true
		}
		off := s.end - s.pos
		if !s.fill() {
			return nil, false, s.errEOF()
		}
		i = s.pos + off
	}
}

func (s *scanner) unescape(raw []byte) (string, error) {
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	var out string
	if err := json.Unmarshal(q, &out); err != nil {
		return "", err
	}
	return out, nil
}

// str reads a string, copying it.
func (s *scanner) str() (string, error) {
	raw, esc, err := s.rawString()
	if err != nil {
		return "", err
	}
	if esc {
		return s.unescape(raw)
	}
	if !utf8.Valid(raw) {
		return string([]rune(string(raw))), nil
	}
	return string(raw), nil
}

// istr reads a string that is likely to repeat, sharing one copy.
func (s *scanner) istr() (string, error) {
	raw, esc, err := s.rawString()
	if err != nil {
		return "", err
	}
	if esc || len(raw) > 96 {
		if esc {
			return s.unescape(raw)
		}
		return string(raw), nil
	}
	// A direct-mapped cache: a collision only costs an allocation.
	h := uint32(len(raw))
	for _, c := range raw {
		h = h*31 + uint32(c)
	}
	slot := &s.intern[h&(internSlots-1)]
	if *slot == string(raw) {
		return *slot, nil
	}
	v := string(raw)
	if !utf8.ValidString(v) {
		v = string([]rune(v))
	}
	*slot = v
	return v, nil
}

// nullableStr reads a string or null.
func (s *scanner) nullableStr(intern bool) (string, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return "", err
	}
	if intern {
		return s.istr()
	}
	return s.str()
}

// number scans a number literal.
func (s *scanner) number() ([]byte, error) {
	if _, err := s.next(); err != nil {
		return nil, err
	}
	i := s.pos
	for {
		for i < s.end {
			c := s.buf[i]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				i++
				continue
			}
			if i == s.pos {
				return nil, fmt.Errorf("nvdb: decoding: expected a number at offset %d, got %q", s.read+int64(s.pos), c)
			}
			out := s.buf[s.pos:i]
			s.pos = i
			return out, nil
		}
		off := i - s.pos
		if !s.fill() {
			if off > 0 && s.ended() { // a number at the very end
				out := s.buf[s.pos:s.end]
				s.pos = s.end
				return out, nil
			}
			return nil, s.errEOF()
		}
		i = s.pos + off
	}
}

func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (s *scanner) int64v() (int64, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return 0, err
	}
	b, err := s.number()
	if err != nil {
		return 0, err
	}
	if n, ok := parseInt(b); ok {
		return n, nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || f != math.Trunc(f) {
		return 0, fmt.Errorf("nvdb: decoding: %q is not an integer", b)
	}
	return int64(f), nil
}

func (s *scanner) intv() (int, error) {
	n, err := s.int64v()
	return int(n), err
}

func (s *scanner) float() (float64, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return 0, err
	}
	b, err := s.number()
	if err != nil {
		return 0, err
	}
	if n, ok := parseInt(b); ok {
		return float64(n), nil
	}
	return strconv.ParseFloat(string(b), 64)
}

func (s *scanner) floatp() (*float64, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	f, err := s.float()
	if err != nil {
		return nil, err
	}
	return s.newFloat(f), nil
}

func (s *scanner) boolean() (bool, error) {
	c, err := s.next()
	if err != nil {
		return false, err
	}
	switch c {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	case 'n':
		return false, s.literal("null")
	}
	return false, s.syntax("expected a boolean")
}

// skip consumes any value; with keep it returns a copy of its bytes.
func (s *scanner) skip(keep bool) ([]byte, error) {
	if _, err := s.next(); err != nil {
		return nil, err
	}
	i := s.pos
	depth := 0
	inStr := false
	// Without keep, bytes already scanned are dropped before each refill,
	// so skipping a value of any size needs no more than the window.
	dropped := false
	for {
		for i < s.end {
			c := s.buf[i]
			switch {
			case inStr:
				if c == '\\' {
					i++
				} else if c == '"' {
					inStr = false
					if depth == 0 {
						i++
						return s.take(i, keep), nil
					}
				}
			case depth == 0 && (i > s.pos || dropped) && (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r'):
				return s.take(i, keep), nil
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					i++
					return s.take(i, keep), nil
				}
				if depth < 0 {
					return nil, s.syntax("unbalanced")
				}
			}
			i++
		}
		if !keep && i > s.pos && i <= s.end {
			s.pos, dropped = i, true
		}
		off := i - s.pos
		if !s.fill() {
			if depth == 0 && !inStr && (off > 0 || dropped) && s.ended() {
				return s.take(s.end, keep), nil
			}
			return nil, s.errEOF()
		}
		i = s.pos + off
	}
}

func (s *scanner) take(i int, keep bool) []byte {
	var out []byte
	if keep {
		out = append([]byte(nil), s.buf[s.pos:i]...)
	}
	s.pos = i
	return out
}

// raw decodes the next value with encoding/json into v.
func (s *scanner) raw(v any) error {
	b, err := s.skip(true)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// object calls fn for each key of an object (null is empty). The key is
// valid only until fn reads.
func (s *scanner) object(fn func(key []byte) error) error {
	if s.depth >= maxDepth {
		return s.syntax("exceeded max depth")
	}
	s.depth++
	err := s.objectMembers(fn)
	s.depth--
	return err
}

func (s *scanner) objectMembers(fn func(key []byte) error) error {
	if isNull, err := s.null(); isNull || err != nil {
		return err
	}
	if err := s.expect('{'); err != nil {
		return err
	}
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == '}' {
		s.pos++
		return nil
	}
	for {
		key, esc, err := s.rawString()
		if err != nil {
			return err
		}
		if esc {
			k, err := s.unescape(key)
			if err != nil {
				return err
			}
			key = []byte(k)
		} else if s.pos >= s.end || s.buf[s.pos] != ':' {
			// key points into the window, which expect may refill and
			// move: keep a copy (rare: only when the key ends a read).
			key = append([]byte(nil), key...)
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := fn(key); err != nil {
			return err
		}
		c, err := s.next()
		if err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
			continue
		case '}':
			return nil
		}
		return s.syntax("expected , or }")
	}
}

// array calls fn for each element of an array (null is empty).
func (s *scanner) array(fn func() error) error {
	if s.depth >= maxDepth {
		return s.syntax("exceeded max depth")
	}
	s.depth++
	err := s.arrayElements(fn)
	s.depth--
	return err
}

func (s *scanner) arrayElements(fn func() error) error {
	if isNull, err := s.null(); isNull || err != nil {
		return err
	}
	if err := s.expect('['); err != nil {
		return err
	}
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		c, err := s.next()
		if err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
			continue
		case ']':
			return nil
		}
		return s.syntax("expected , or ]")
	}
}

func (s *scanner) ints() ([]int, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	out := []int{}
	err := s.array(func() error {
		n, err := s.intv()
		out = append(out, n)
		return err
	})
	return out, err
}

func (s *scanner) int64s() ([]int64, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	out := []int64{}
	err := s.array(func() error {
		n, err := s.int64v()
		out = append(out, n)
		return err
	})
	return out, err
}

func (s *scanner) strs() ([]string, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	out := []string{}
	err := s.array(func() error {
		v, err := s.istr()
		out = append(out, v)
		return err
	})
	return out, err
}

// timestamp reads yyyy-MM-ddTHH:mm:ssZ quickly, anything else via time.Parse.
func (s *scanner) timestamp() (time.Time, error) {
	raw, esc, err := s.rawString()
	if err != nil || esc {
		if err == nil {
			err = errors.New("nvdb: decoding: escaped timestamp")
		}
		return time.Time{}, err
	}
	if len(raw) == 20 && raw[4] == '-' && raw[7] == '-' && raw[10] == 'T' && raw[13] == ':' && raw[16] == ':' && raw[19] == 'Z' {
		d := func(b []byte) (int, bool) {
			n := 0
			for _, c := range b {
				if c < '0' || c > '9' {
					return 0, false
				}
				n = n*10 + int(c-'0')
			}
			return n, true
		}
		y, ok1 := d(raw[0:4])
		mo, ok2 := d(raw[5:7])
		dd, ok3 := d(raw[8:10])
		h, ok4 := d(raw[11:13])
		mi, ok5 := d(raw[14:16])
		se, ok6 := d(raw[17:19])
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && h < 24 && mi < 60 && se < 61 {
			return time.Date(y, time.Month(mo), dd, h, mi, se, 0, time.UTC), nil
		}
	}
	return time.Parse(time.RFC3339Nano, string(raw))
}
