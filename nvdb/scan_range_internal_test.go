package nvdb

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A range is searched by NVDB's egenskap filter, < and >= on its bounds,
// with null in the lowest range; after a query's own filter, which is put
// in parentheses whatever its operator.
func TestScanRangeFilter(t *testing.T) {
	for _, tt := range []struct {
		r    ScanRange
		want string
	}{
		{ScanRange{Egenskap: 5127, Type: EgenskapstypeDato, To: "1997-03-01"}, `egenskap(5127)<'1997-03-01' OR egenskap(5127)=null`},
		{ScanRange{Egenskap: 5127, Type: EgenskapstypeDato, From: "1997-03-01", To: "2003-07-01"}, `egenskap(5127)>='1997-03-01' AND egenskap(5127)<'2003-07-01'`},
		{ScanRange{Egenskap: 5127, Type: EgenskapstypeDato, From: "2003-07-01"}, `egenskap(5127)>='2003-07-01'`},
		{ScanRange{Egenskap: 1820, Type: EgenskapstypeFlyttall, From: "12.5", To: "20"}, `egenskap(1820)>=12.5 AND egenskap(1820)<20`},
	} {
		assert.Equal(t, tt.want, tt.r.filter().String())
		assert.True(t, tt.r.matches(tt.want))
		for _, q := range []Filter{RawFilter("egenskap(2021)=2738 OR egenskap(2021)=2740"), EgenskapID(2021).Eq(2738)} {
			f := rangeEgenskap(q, tt.r).String()
			assert.True(t, tt.r.matches(f), f)
			assert.Contains(t, f, "("+q.String()+") AND ")
		}
		assert.False(t, tt.r.matches(tt.want+" OR egenskap(1)=2"))
		assert.False(t, tt.r.matches("egenskap(2021)=2738 OR "+tt.want), "q's filter outside parentheses")
		assert.False(t, tt.r.matches("(egenskap(2021)=2738) OR (egenskap(2021)=2740) AND "+tt.want), "an OR before the range's AND")
		quoted := rangeEgenskap(RawFilter(`egenskap(1891)=")(" OR egenskap(2021)=2738`), tt.r).String()
		assert.True(t, tt.r.matches(quoted), "parentheses in quotes: %s", quoted)
	}
}

// Ranges must follow each other from no lower bound to no upper bound,
// in one egenskap, each non-empty.
func TestTileRanges(t *testing.T) {
	d := func(from, to string) ScanRange {
		return ScanRange{Egenskap: 5127, Type: EgenskapstypeDato, From: from, To: to}
	}
	assert.True(t, tileRanges([]ScanRange{d("2000-01-01", "2010-01-01"), d("", "2000-01-01"), d("2010-01-01", "")}))
	assert.True(t, tileRanges([]ScanRange{d("", "2000-01-01"), d("2000-01-01", "")}))
	assert.True(t, tileRanges([]ScanRange{d("", "1969-12-31"), d("1969-12-31", "1970-01-01"), d("1970-01-01", "")}), "dates before 1970")
	f := func(from, to string) ScanRange {
		return ScanRange{Egenskap: 1820, Type: EgenskapstypeFlyttall, From: from, To: to}
	}
	assert.True(t, tileRanges([]ScanRange{f("", "-5"), f("-5", "0.1"), f("0.1", "")}))
	for name, rs := range map[string][]ScanRange{
		"none":           nil,
		"gap":            {d("", "2000-01-01"), d("2000-02-01", "")},
		"overlap":        {d("", "2000-02-01"), d("2000-01-01", "")},
		"no null range":  {d("1900-01-01", "2000-01-01"), d("2000-01-01", "")},
		"no top":         {d("", "2000-01-01"), d("2000-01-01", "2010-01-01")},
		"empty":          {d("", "2000-01-01"), d("2000-01-01", "2000-01-01"), d("2000-01-01", "")},
		"backwards":      {d("", "2010-01-01"), d("2010-01-01", "2000-01-01"), d("2000-01-01", "")},
		"two egenskaper": {d("", "2000-01-01"), {Egenskap: 1, Type: EgenskapstypeDato, From: "2000-01-01"}},
		"not a date":     {d("", "2000-13-01"), d("2000-13-01", "")},
		"whole":          {d("", "")},
		"enum":           {{Egenskap: 2021, Type: EgenskapstypeHeltallenum, To: "2738"}, {Egenskap: 2021, Type: EgenskapstypeHeltallenum, From: "2738"}},
		"half a Heltall": {{Egenskap: 1, Type: EgenskapstypeHeltall, To: "5.5"}, {Egenskap: 1, Type: EgenskapstypeHeltall, From: "5.5"}},
		"exponent":       {{Egenskap: 1, Type: EgenskapstypeFlyttall, To: "1e3"}, {Egenskap: 1, Type: EgenskapstypeFlyttall, From: "1e3"}},
	} {
		assert.False(t, tileRanges(rs), name)
	}
}

// The egenskap chosen is the one of a date or number type with the most
// values in the sample; enums and text are not compared by < and >=.
func TestChooseEgenskap(t *testing.T) {
	obj := func(es ...Egenskap) *Vegobjekt { return &Vegobjekt{Egenskaper: es} }
	dato := func(s string) Egenskap {
		return Egenskap{ID: 5127, Egenskapstype: EgenskapstypeDato, Verdi: mustVerdi(t, `"`+s+`"`)}
	}
	heltall := func(v string) Egenskap {
		return Egenskap{ID: 1, Egenskapstype: EgenskapstypeHeltall, Verdi: mustVerdi(t, v)}
	}
	enum := func(v string) Egenskap {
		return Egenskap{ID: 2021, Egenskapstype: EgenskapstypeHeltallenum, Verdi: mustVerdi(t, v), EnumID: 2700}
	}
	tekst := func(v string) Egenskap {
		return Egenskap{ID: 3, Egenskapstype: EgenskapstypeTekst, Verdi: mustVerdi(t, `"`+v+`"`)}
	}
	objs := []*Vegobjekt{
		obj(dato("2001-01-01"), heltall("5"), enum("50"), tekst("a")),
		obj(dato("2002-01-01"), heltall("5"), enum("60"), tekst("b")),
		obj(dato("2003-01-01"), heltall("6"), enum("70"), tekst("c")),
		obj(heltall("7"), enum("80"), tekst("d")), // no date: null counts as a value
	}
	id, typ, ok := chooseEgenskap(objs)
	require.True(t, ok)
	assert.Equal(t, 5127, id)
	assert.Equal(t, EgenskapstypeDato, typ)
	// As many values: the lower id.
	other := func(v string) Egenskap {
		return Egenskap{ID: 9000, Egenskapstype: EgenskapstypeHeltall, Verdi: mustVerdi(t, v)}
	}
	id, _, ok = chooseEgenskap([]*Vegobjekt{obj(other("1"), heltall("5")), obj(other("2"), heltall("6"))})
	require.True(t, ok)
	assert.Equal(t, 1, id)

	_, _, ok = chooseEgenskap([]*Vegobjekt{obj(enum("50"), tekst("a")), obj(enum("60"), tekst("b"))})
	assert.False(t, ok, "enums and text only")
	_, _, ok = chooseEgenskap([]*Vegobjekt{obj(heltall("5")), obj(heltall("5"))})
	assert.False(t, ok, "one value only")

	pts := samplePoints([]*Vegobjekt{
		{Geometri: &UtledetGeometri{WKT: "POINT (10 6500000)"}, Lokasjon: &Lokasjon{Kommuner: []int{301}}, Egenskaper: Egenskaper{dato("2001-01-01")}},
		{Geometri: &UtledetGeometri{WKT: "POINT (20 6500000)"}, Lokasjon: &Lokasjon{Kommuner: []int{301}}},
	}, true)[301]
	setValues(pts, 5127)
	day, ok := rangeNumber(EgenskapstypeDato, "2001-01-01")
	require.True(t, ok)
	assert.Equal(t, []float64{day, math.Inf(-1)}, []float64{pts[0].v, pts[1].v})
	for _, d := range []string{"2001-01-01", "1970-01-01", "1969-12-31", "1583-10-15", "0001-01-01", "9999-12-31"} {
		v, ok := rangeNumber(EgenskapstypeDato, d)
		require.True(t, ok, d)
		assert.Equal(t, d, rangeText(EgenskapstypeDato, v), "a date survives as a number")
	}
}

func mustVerdi(t *testing.T, raw string) Verdi {
	t.Helper()
	var v Verdi
	require.NoError(t, v.UnmarshalJSON([]byte(raw)))
	return v
}

// Cut by value first: the ranges follow each other over all values, each
// holds about its share of the points; points of one value are cut in
// space, and the cells of that range tile the bounds.
func TestSplitParts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pts := randomPoints(r, 1000, 150, 70)
	for i := range pts {
		pts[i].v = float64(r.IntN(400)) // 400 dates
	}
	leaves, held := splitParts(pts, 10, wholeLeaf, true)
	require.Len(t, leaves, 10)
	for i, l := range leaves {
		assert.Equal(t, scanBounds, l.cell, "cut by value only")
		assert.InDelta(t, 100, held[i], 30)
		assert.Equal(t, held[i], meeting(pts, l), "no point is returned by two ranges")
	}
	assert.True(t, tileRanges(leafRanges(leaves)))

	// A third of the points have no value, the others one value: each
	// range is cut in space, in proportion to its points.
	for i := range pts {
		pts[i].v = 7
		if i%3 == 0 {
			pts[i].v = math.Inf(-1)
		}
	}
	leaves, held = splitParts(pts, 9, wholeLeaf, true)
	require.Len(t, leaves, 9)
	byRange := map[[2]float64][]ScanCell{}
	for i, l := range leaves {
		byRange[[2]float64{l.lo, l.hi}] = append(byRange[[2]float64{l.lo, l.hi}], l.cell)
		assert.Positive(t, held[i])
		assert.Equal(t, held[i], owned(pts, l))
	}
	require.Len(t, byRange, 2)
	for k, cells := range byRange {
		assert.True(t, tile(cells, scanBounds), "range %v", k)
	}
	assert.Len(t, byRange[[2]float64{math.Inf(-1), 7}], 3, "the nulls: a third of the points, a third of the parts")
	assert.Len(t, byRange[[2]float64{7, math.Inf(1)}], 6)
	assert.True(t, tileRanges(leafRanges(leaves)))
}

// owned counts the points a part keeps: value in its range, owner point
// in its cell.
func owned(pts []samplePoint, l scanLeaf) int {
	n := 0
	for _, p := range pts {
		if l.holds(p) && l.cell.owns(p.x, p.y, scanBounds) {
			n++
		}
	}
	return n
}

func leafRanges(leaves []scanLeaf) []ScanRange {
	var out []ScanRange
	seen := map[[2]float64]bool{}
	for _, l := range leaves {
		if k := [2]float64{l.lo, l.hi}; !seen[k] {
			seen[k] = true
			if r := leafRange(l, 5127, EgenskapstypeDato); r != nil {
				out = append(out, *r)
			}
		}
	}
	return out
}

// Cut by value, a kommune's parts hold its objects once: their estimates
// add up to the kommune's count (less the rounding down of each), where
// cells add the objects across their edges.
func TestCutKommunerByValue(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pts := randomPoints(r, 500, 150, 70)
	for i := range pts {
		pts[i].v = float64(r.IntN(400))
	}
	est := []int{100_000}
	cuts, reach := cutKommuner(est, [][]samplePoint{pts}, 1000, time.Second, true)
	require.NotNil(t, cuts[0])
	sum := 0
	for j, leaf := range cuts[0].parts {
		assert.Equal(t, scanBounds, leaf.cell, "by value only")
		assert.LessOrEqual(t, math.Ceil(float64(cuts[0].counts[j])/1000)*scanSlack, reach+1)
		sum += cuts[0].counts[j]
	}
	assert.LessOrEqual(t, sum, est[0])
	assert.Greater(t, sum, est[0]-len(cuts[0].parts))
	assert.True(t, tileRanges(leafRanges(cuts[0].parts)))

	spatial, _ := cutKommuner(est, [][]samplePoint{pts}, 1000, time.Second, false)
	cellSum := 0
	for _, n := range spatial[0].counts {
		cellSum += n
	}
	assert.Greater(t, cellSum, est[0], "cells read the objects across their edges twice")
}
