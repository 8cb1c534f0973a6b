package nvdbtest

import (
	"math"
	"strconv"
	"strings"
)

// Transverse Mercator on GRS80/WGS84 (the differences are far below the
// three decimals NVDB writes), after Snyder, "Map Projections: A Working
// Manual", pp. 61-64.
const (
	tmA  = 6378137.0
	tmF  = 1 / 298.257222101
	tmK0 = 0.9996
	tmE0 = 500000.0
)

var tmE2 = tmF * (2 - tmF)

func utmToLatLon(zone int, x, y float64) (lat, lon float64) {
	e2 := tmE2
	ep2 := e2 / (1 - e2)
	lon0 := float64(zone*6-183) * math.Pi / 180
	m := y / tmK0
	mu := m / (tmA * (1 - e2/4 - 3*e2*e2/64 - 5*e2*e2*e2/256))
	e1 := (1 - math.Sqrt(1-e2)) / (1 + math.Sqrt(1-e2))
	phi1 := mu + (3*e1/2-27*e1*e1*e1/32)*math.Sin(2*mu) + (21*e1*e1/16-55*e1*e1*e1*e1/32)*math.Sin(4*mu) +
		(151*e1*e1*e1/96)*math.Sin(6*mu) + (1097*e1*e1*e1*e1/512)*math.Sin(8*mu)
	sin1, cos1, tan1 := math.Sin(phi1), math.Cos(phi1), math.Tan(phi1)
	c1 := ep2 * cos1 * cos1
	t1 := tan1 * tan1
	n1 := tmA / math.Sqrt(1-e2*sin1*sin1)
	r1 := tmA * (1 - e2) / math.Pow(1-e2*sin1*sin1, 1.5)
	d := (x - tmE0) / (n1 * tmK0)
	lat = phi1 - (n1*tan1/r1)*(d*d/2-(5+3*t1+10*c1-4*c1*c1-9*ep2)*d*d*d*d/24+
		(61+90*t1+298*c1+45*t1*t1-252*ep2-3*c1*c1)*d*d*d*d*d*d/720)
	lon = lon0 + (d-(1+2*t1+c1)*d*d*d/6+(5-2*c1+28*t1-3*c1*c1+8*ep2+24*t1*t1)*d*d*d*d*d/120)/cos1
	return lat * 180 / math.Pi, lon * 180 / math.Pi
}

func latLonToUTM(zone int, lat, lon float64) (x, y float64) {
	e2 := tmE2
	ep2 := e2 / (1 - e2)
	phi := lat * math.Pi / 180
	lam := lon * math.Pi / 180
	lam0 := float64(zone*6-183) * math.Pi / 180
	sin, cos, tan := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	n := tmA / math.Sqrt(1-e2*sin*sin)
	t := tan * tan
	c := ep2 * cos * cos
	a := cos * (lam - lam0)
	m := tmA * ((1-e2/4-3*e2*e2/64-5*e2*e2*e2/256)*phi - (3*e2/8+3*e2*e2/32+45*e2*e2*e2/1024)*math.Sin(2*phi) +
		(15*e2*e2/256+45*e2*e2*e2/1024)*math.Sin(4*phi) - (35*e2*e2*e2/3072)*math.Sin(6*phi))
	x = tmE0 + tmK0*n*(a+(1-t+c)*a*a*a/6+(5-18*t+t*t+72*c-58*ep2)*a*a*a*a*a/120)
	y = tmK0 * (m + n*tan*(a*a/2+(5-t+9*c+4*c*c)*a*a*a*a/24+(61-58*t+t*t+600*c-330*ep2)*a*a*a*a*a*a/720))
	return x, y
}

// sridOf maps the srid parameter to an EPSG code.
func sridOf(p string) (int, bool) {
	switch p {
	case "", "5973", "UTM33":
		return 5973, true
	case "5972", "UTM32":
		return 5972, true
	case "5975", "UTM35":
		return 5975, true
	case "4326", "WGS84":
		return 4326, true
	}
	return 0, false
}

// transformXY converts a UTM33 coordinate to srid.
func transformXY(srid int, x, y float64) (float64, float64) {
	switch srid {
	case 5972, 5975:
		lat, lon := utmToLatLon(33, x, y)
		zone := 32
		if srid == 5975 {
			zone = 35
		}
		return latLonToUTM(zone, lat, lon)
	case 4326:
		lat, lon := utmToLatLon(33, x, y)
		return lat, lon // EPSG axis order: latitude first
	}
	return x, y
}

// transformWKT rewrites every coordinate of a UTM33 WKT in srid, with 3
// decimals for UTM and 8 for 4326, as NVDB writes them.
func transformWKT(wkt string, srid int) string {
	if srid == 5973 || wkt == "" {
		return wkt
	}
	prec := 3
	if srid == 4326 {
		prec = 8
	}
	var b strings.Builder
	b.Grow(len(wkt) + 16)
	i := 0
	for i < len(wkt) {
		j := strings.IndexByte(wkt[i:], '(')
		if j < 0 {
			b.WriteString(wkt[i:])
			break
		}
		b.WriteString(wkt[i : i+j+1])
		i += j + 1
		// a run of coordinates ends at the next parenthesis
		k := strings.IndexAny(wkt[i:], "()")
		if k < 0 {
			k = len(wkt) - i
		}
		seg := wkt[i : i+k]
		if strings.TrimSpace(seg) != "" {
			pts := strings.Split(seg, ",")
			for n, p := range pts {
				if n > 0 {
					b.WriteByte(',')
				}
				f := strings.Fields(p)
				if len(f) < 2 {
					b.WriteString(p)
					continue
				}
				x, _ := strconv.ParseFloat(f[0], 64)
				y, _ := strconv.ParseFloat(f[1], 64)
				tx, ty := transformXY(srid, x, y)
				if n > 0 || strings.HasPrefix(p, " ") {
					b.WriteByte(' ')
				}
				b.WriteString(strconv.FormatFloat(tx, 'f', prec, 64))
				b.WriteByte(' ')
				b.WriteString(strconv.FormatFloat(ty, 'f', prec, 64))
				for _, z := range f[2:] {
					b.WriteByte(' ')
					b.WriteString(z)
				}
			}
		}
		i += k
	}
	return b.String()
}

type pt struct{ x, y float64 }

// parseLine reads the coordinates of a LINESTRING (first ring only).
func parseLine(wkt string) []pt {
	i := strings.IndexByte(wkt, '(')
	j := strings.IndexByte(wkt, ')')
	if i < 0 || j < i {
		return nil
	}
	inner := strings.Trim(wkt[i+1:j], "( ")
	var out []pt
	for _, p := range strings.Split(inner, ",") {
		f := strings.Fields(p)
		if len(f) < 2 {
			continue
		}
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		out = append(out, pt{x, y})
	}
	return out
}

// simplifyWKT applies Douglas-Peucker with tolerance tol (metres) to a
// LINESTRING; other geometries are returned unchanged.
func simplifyWKT(wkt string, tol float64) (string, bool) {
	if !strings.HasPrefix(wkt, "LINESTRING") {
		return wkt, false
	}
	pts := parseLine(wkt)
	if len(pts) < 3 {
		return wkt, false
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var dp func(a, b int)
	dp = func(a, b int) {
		maxD, idx := 0.0, -1
		for k := a + 1; k < b; k++ {
			if d := segDist(pts[k], pts[a], pts[b]); d > maxD {
				maxD, idx = d, k
			}
		}
		if idx >= 0 && maxD > tol {
			keep[idx] = true
			dp(a, idx)
			dp(idx, b)
		}
	}
	dp(0, len(pts)-1)
	var b strings.Builder
	b.WriteString("LINESTRING (")
	first := true
	for k, p := range pts {
		if !keep[k] {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(strconv.FormatFloat(p.x, 'f', 3, 64) + " " + strconv.FormatFloat(p.y, 'f', 3, 64))
	}
	b.WriteString(")")
	return b.String(), true
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

var noParens = strings.NewReplacer("(", "", ")", "")

// bbox returns the bounding box of every coordinate in a UTM33 WKT: of
// every comma-separated point (parentheses dropped) with at least two
// whitespace-separated fields that read as numbers. Filters and the areas
// call it for every object they test, so it reads the WKT in place;
// bboxSlow is the same reading with the standard library's splitting, for
// the WKTs that need it (a non-ASCII byte, a parenthesis inside a number).
func bbox(wkt string) (minX, minY, maxX, maxY float64, ok bool) {
	i := strings.IndexByte(wkt, '(')
	if i < 0 {
		return 0, 0, 0, 0, false
	}
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	s := wkt[i:]
	var fields [2]string
	n := 0 // fields of the point so far
	point := func() {
		if n >= 2 {
			x, ok1 := parseCoord(fields[0])
			y, ok2 := parseCoord(fields[1])
			if ok1 && ok2 {
				minX, minY = math.Min(minX, x), math.Min(minY, y)
				maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
				ok = true
			}
		}
		n = 0
	}
	for j := 0; j < len(s); {
		switch c := s[j]; {
		case c >= 0x80:
			return bboxSlow(wkt)
		case c == ',':
			point()
			j++
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			j++
		default:
			k := j
			for k < len(s) && s[k] != ',' && s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\v' && s[k] != '\f' && s[k] != '\r' {
				if s[k] >= 0x80 {
					return bboxSlow(wkt)
				}
				k++
			}
			a, e := j, k // the token without the parentheses around it
			for a < e && (s[a] == '(' || s[a] == ')') {
				a++
			}
			for e > a && (s[e-1] == '(' || s[e-1] == ')') {
				e--
			}
			tok := s[a:e]
			for q := a; q < e; q++ {
				if s[q] == '(' || s[q] == ')' {
					return bboxSlow(wkt)
				}
			}
			if tok != "" {
				if n < 2 {
					fields[n] = tok
				}
				n++
			}
			j = k
		}
	}
	point()
	return minX, minY, maxX, maxY, ok
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseCoord reads a number as strconv.ParseFloat does (ok for err ==
// nil), and the plain decimals a WKT holds ("-31999.500") without it: the
// digits as a whole number below 2^53, divided by a power of ten, is the
// correctly rounded value ParseFloat returns (IEEE division rounds
// correctly, and both operands are exact).
func parseCoord(s string) (float64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	t := s
	if neg {
		t = s[1:]
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			digits = 99 // not a plain decimal
		}
	}
	if digits == 0 || digits > 15 || (dot && frac == 0) {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	v := float64(m) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

func bboxSlow(wkt string) (minX, minY, maxX, maxY float64, ok bool) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	i := strings.IndexByte(wkt, '(')
	if i < 0 {
		return 0, 0, 0, 0, false
	}
	for _, p := range strings.Split(noParens.Replace(wkt[i:]), ",") {
		f := strings.Fields(p)
		if len(f) < 2 {
			continue
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		minX, minY = math.Min(minX, x), math.Min(minY, y)
		maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
		ok = true
	}
	return minX, minY, maxX, maxY, ok
}
