package nvdbtest

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// appendFixed3 writes what strconv.AppendFloat(b, v, 'f', 3, 64) writes:
// at halves, negative zero, huge values and the coordinates of generated
// objects.
func TestAppendFixed3IsStrconv(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), -0.0001, -0.0004999, 0.0005, -0.0005, 0.0015, 1.0005, 2.5, -31999.5,
		262024.72996, 6649000.1234999, 123456.0004999, 68719476.7355, 1e11, -1e11, math.MaxFloat64, math.Inf(1), math.NaN()}
	for i := range 5000 {
		h := mix(uint64(i))
		v := float64(int64(h%2_000_000_000)-500_000_000) / 1000
		vals = append(vals, v, v+0.0005, v+float64(h>>40%1000)/1e6, float64(h%10_000_000)*0.01+6*math.Sin(float64(i)*0.9))
	}
	for _, v := range vals {
		require.Equal(t, strconv.FormatFloat(v, 'f', 3, 64), string(appendFixed3(nil, v)), "%v", v)
	}
	g := newGenerator(105, 1_500_000)
	for i := 0; i < g.n; i += 4999 {
		o := g.object(i)
		ax, ay := g.anchor(i)
		x, y := fromMM(ax), fromMM(ay)
		assert.Contains(t, o.Geometri.WKT, "("+strconv.FormatFloat(x, 'f', 3, 64)+" "+strconv.FormatFloat(y, 'f', 3, 64)+" ", "object %d", i)
	}
}

// parseCoord reads what strconv.ParseFloat reads, to the bit.
func TestParseCoordIsStrconv(t *testing.T) {
	vals := []string{"0", "-0", "-0.000", "1.", ".5", "-.5", "1.5.2", "1e3", "+1", "0x10", "1_0", "inf", "NaN", "123456789012345",
		"1234567890123456", "-", "", "00012.5000", "9007199254740993", "0.1", "262024.730", "-31999.500", "1..2", "--1", "1-"}
	for i := range 5000 {
		h := mix(uint64(i))
		vals = append(vals, string(appendFixed3(nil, float64(int64(h%2_000_000_000_000)-500_000_000_000)/1000)),
			strconv.FormatFloat(float64(h%1e9)/1e6, 'f', -1, 64))
	}
	for _, s := range vals {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseCoord(s)
		require.Equal(t, err == nil, ok, "%q", s)
		if ok {
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), "%q", s)
		}
	}
}

// bbox reads a WKT in place as bboxSlow reads it split up.
func TestBboxInPlace(t *testing.T) {
	for _, wkt := range []string{"LINESTRING Z (1 2 3, 4 5 6)", "POINT (1 2)", "MULTILINESTRING ((1 2, 3 4), (5 6,7 8))", "x", "",
		"POLYGON ((1 2, 3 x, 5 6))", "A ( ( 1 2 ) )", "A (1(2 3)", "A (1)2 3, 4 5)", "A (1 2,,3)", "A (1\u00a02 3, 4 5)", "A (1 2 3\n,\t4 5 6)",
		"A (1 a, 2 3)", "A (-1e3 2, 1 -2e2)", "A ()", "A (1)", "A (1 2", "A (1 2 ,3 4 5 6 7)", "A (1 (2), 3 4)",
		genLine(262000.03, 6649000, 55), genLine(-32000.5, 6737000, 30)} {
		x0, y0, x1, y1, ok := bbox(wkt)
		sx0, sy0, sx1, sy1, sok := bboxSlow(wkt)
		assert.Equal(t, [5]any{sx0, sy0, sx1, sy1, sok}, [5]any{x0, y0, x1, y1, ok}, "%q", wkt)
	}
}
