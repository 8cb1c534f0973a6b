package nvdb

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// appendWKTAsGeoJSON converts a WKT geometry, as NVDB writes it (POINT,
// LINESTRING, POLYGON, their MULTI forms and GEOMETRYCOLLECTION, each with
// or without Z or M), into a GeoJSON geometry object appended to dst.
// Coordinates are kept as they are, except that with swapXY (NVDB's
// 4326, latitude first) the first two are swapped into GeoJSON's
// longitude, latitude order; an M value is dropped. An EMPTY geometry,
// or one whose members are all EMPTY, becomes null, and EMPTY members of
// a MULTI geometry or collection are left out (as go-geom reads them:
// FuzzGeom holds the two to the same output). Nothing is allocated beyond
// the growth of dst.
func appendWKTAsGeoJSON(dst []byte, wkt string, swapXY bool) ([]byte, error) {
	p := wktParser{s: wkt, swap: swapXY}
	out, err := p.geometry(dst)
	if err != nil {
		return dst, fmt.Errorf("wkt %.60q: %w", wkt, err)
	}
	p.space()
	if p.i != len(p.s) {
		return dst, fmt.Errorf("wkt %.60q: unexpected %.20q at offset %d", wkt, p.s[p.i:], p.i)
	}
	return out, nil
}

type wktParser struct {
	s    string
	i    int
	swap bool
	dims int  // coordinates per position (2, 3 or 4)
	hasM bool // the last coordinate is M (dropped)
	npos int  // positions written so far
}

var errWKTEnd = errors.New("unexpected end")

func (p *wktParser) space() {
	for p.i < len(p.s) && isWKTSpace(p.s[p.i]) {
		p.i++
	}
}

// isWKTSpace is unicode.IsSpace of the byte read as Latin-1, the
// whitespace go-geom's decoder skips.
func isWKTSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0:
		return true
	}
	return false
}

func (p *wktParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		p.i++
	}
	return p.s[start:p.i]
}

func (p *wktParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.s) {
		return errWKTEnd
	}
	if p.s[p.i] != c {
		return fmt.Errorf("want %q at offset %d, got %q", c, p.i, p.s[p.i])
	}
	p.i++
	return nil
}

// empty consumes the word EMPTY if it comes next.
func (p *wktParser) empty() bool {
	p.space()
	if len(p.s)-p.i < 5 || !strings.EqualFold(p.s[p.i:p.i+5], "EMPTY") {
		return false
	}
	if r := p.i + 5; r < len(p.s) && (p.s[r]|0x20 >= 'a' && p.s[r]|0x20 <= 'z') {
		return false
	}
	p.i += 5
	return true
}

func (p *wktParser) peek() byte {
	p.space()
	if p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}

// geoTypes maps a WKT type to its GeoJSON name and the nesting of its
// coordinates (0 a position, 1 a list of positions, ...).
var geoTypes = map[string]struct {
	name  string
	depth int
}{
	"POINT": {"Point", 0}, "LINESTRING": {"LineString", 1}, "POLYGON": {"Polygon", 2},
	"MULTIPOINT": {"MultiPoint", 1}, "MULTILINESTRING": {"MultiLineString", 2}, "MULTIPOLYGON": {"MultiPolygon", 3},
}

func (p *wktParser) geometry(dst []byte) ([]byte, error) {
	start := len(dst)
	kind := strings.ToUpper(p.word())
	if kind == "" {
		return dst, errors.New("missing geometry type")
	}
	mod := ""
	if _, known := geoTypes[kind]; !known && kind != "GEOMETRYCOLLECTION" {
		// PostGIS spells the modifier as part of the type: POINTZ, LINESTRINGZM
		for _, m := range [...]string{"ZM", "Z", "M"} {
			if base, ok := strings.CutSuffix(kind, m); ok {
				if _, known := geoTypes[base]; known || base == "GEOMETRYCOLLECTION" {
					kind, mod = base, m
					break
				}
			}
		}
	}
	if mod == "" {
		mod = strings.ToUpper(p.word())
	}
	switch mod {
	case "":
		p.dims, p.hasM = 0, false // taken from the first position
	case "Z":
		p.dims, p.hasM = 3, false
	case "M":
		p.dims, p.hasM = 3, true
	case "ZM":
		p.dims, p.hasM = 4, true
	case "EMPTY":
		return append(dst, "null"...), nil
	default:
		return dst, fmt.Errorf("unknown modifier %q", mod)
	}
	if mod != "" && p.peek() != '(' {
		if w := strings.ToUpper(p.word()); w == "EMPTY" {
			return append(dst, "null"...), nil
		}
		return dst, errors.New("want ( or EMPTY")
	}
	if kind == "GEOMETRYCOLLECTION" {
		dst = append(dst, `{"type":"GeometryCollection","geometries":[`...)
		if err := p.expect('('); err != nil {
			return dst, err
		}
		for n := 0; ; {
			mark := len(dst)
			if n > 0 {
				dst = append(dst, ',')
			}
			at := len(dst)
			var err error
			if dst, err = p.geometry(dst); err != nil {
				return dst, err
			}
			if string(dst[at:]) == "null" {
				dst = dst[:mark] // an EMPTY member is left out
			} else {
				n++
			}
			if p.peek() == ',' {
				p.i++
				continue
			}
			if err := p.expect(')'); err != nil {
				return dst, err
			}
			if n == 0 {
				return append(dst[:start], "null"...), nil
			}
			return append(dst, "]}"...), nil
		}
	}
	t, ok := geoTypes[kind]
	if !ok {
		return dst, fmt.Errorf("unsupported geometry type %q", kind)
	}
	dst = append(dst, `{"type":"`...)
	dst = append(dst, t.name...)
	dst = append(dst, `","coordinates":`...)
	before := p.npos
	var err error
	if t.depth == 0 {
		if err = p.expect('('); err != nil {
			return dst, err
		}
		if dst, err = p.position(dst); err != nil {
			return dst, err
		}
		if err = p.expect(')'); err != nil {
			return dst, err
		}
	} else if dst, err = p.list(dst, t.depth, kind == "MULTIPOINT"); err != nil {
		return dst, err
	}
	if p.npos == before { // only EMPTY members
		return append(dst[:start], "null"...), nil
	}
	return append(dst, '}'), nil
}

// list reads "( ... , ... )" holding positions (depth 1) or lists.
func (p *wktParser) list(dst []byte, depth int, multipoint bool) ([]byte, error) {
	if err := p.expect('('); err != nil {
		return dst, err
	}
	dst = append(dst, '[')
	for n := 0; ; {
		var err error
		switch {
		case (depth > 1 || multipoint) && p.empty():
			// an EMPTY member of a MULTI geometry is left out
		default:
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst, err = p.element(dst, depth, multipoint)
		}
		if err != nil {
			return dst, err
		}
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return append(dst, ']'), nil
		case 0:
			return dst, errWKTEnd
		default:
			return dst, fmt.Errorf("want , or ) at offset %d", p.i)
		}
	}
}

// element reads one member of a list: a list, a position or a
// MULTIPOINT's "(x y)".
func (p *wktParser) element(dst []byte, depth int, multipoint bool) ([]byte, error) {
	var err error
	switch {
	case depth > 1:
		dst, err = p.list(dst, depth-1, false)
	case multipoint && p.peek() == '(':
		p.i++
		if dst, err = p.position(dst); err == nil {
			err = p.expect(')')
		}
	default:
		dst, err = p.position(dst)
	}
	return dst, err
}

// position reads "x y [z [m]]" and appends [x,y(,z)].
func (p *wktParser) position(dst []byte) ([]byte, error) {
	var c [4]float64
	n := 0
	for n < 4 {
		p.space()
		start := p.i
		for p.i < len(p.s) {
			ch := p.s[p.i]
			if (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E' {
				p.i++
				continue
			}
			break
		}
		if start == p.i {
			break
		}
		f, err := strconv.ParseFloat(p.s[start:p.i], 64)
		if err != nil {
			return dst, fmt.Errorf("bad number %q", p.s[start:p.i])
		}
		c[n] = f
		n++
	}
	if n < 2 {
		return dst, fmt.Errorf("a position needs at least two numbers at offset %d", p.i)
	}
	if p.dims == 0 {
		p.dims = n
		p.hasM = n == 4 // "x y z m" without a modifier, as go-geom reads it
	}
	if n != p.dims {
		return dst, fmt.Errorf("position with %d numbers where %d were expected", n, p.dims)
	}
	keep := n
	if p.hasM {
		keep--
	}
	if p.swap {
		c[0], c[1] = c[1], c[0]
	}
	p.npos++
	dst = append(dst, '[')
	for k := 0; k < keep; k++ {
		if k > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendFloat(dst, c[k], 'f', -1, 64)
	}
	return append(dst, ']'), nil
}
