package nvdbtest

import (
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/longtest"
	"github.com/vegdata/go-vegdata/nvdb"
)

// genSet makes a generated set of n objects of type 105, in the eight
// default kommuner or spread over Norway.
func genSet(t *testing.T, n int, spread bool) (*store, *dataset) {
	t.Helper()
	st := newStore(false, map[int]int{105: n}, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	if spread {
		spreadAll(st)
	}
	return st, st.sets[105]
}

// built is d with every object built and kept, as a set of fixtures: the
// plain search, object by object, that the aggregates must agree with.
func built(d *dataset) *dataset {
	m := &dataset{typeID: d.typeID}
	for i := 0; i < d.len(); i++ {
		m.recs = append(m.recs, &record{versions: d.versionsAt(i)})
	}
	return m
}

func values[K comparable](m map[K]*acc) map[K]acc {
	out := make(map[K]acc, len(m))
	for k, a := range m {
		out[k] = *a
	}
	return out
}

func mmString(v int64) string { return strconv.FormatFloat(fromMM(v), 'f', 3, 64) }

// boxes are kartutsnitt around object i of g: one that cuts through the
// objects of its kommune, two that touch the object's bounding box at a
// corner (a box that touches counts) and one a millimetre beyond it.
func boxes(g *generator, i int) map[string]string {
	ax, ay := g.anchor(i)
	x0, y0, x1, y1 := ax+genShapeX0, ay+genShapeY0, ax+genShapeX1, ay+genShapeY1
	box := func(a, b, c, d int64) string {
		return mmString(a) + "," + mmString(b) + "," + mmString(c) + "," + mmString(d)
	}
	return map[string]string{
		"cut":            box(ax-1_200_000, ay-700_000, ax+900_000, ay+1_500_000),
		"touch max":      box(x1, y1, x1+800_000, y1+600_000),
		"touch min":      box(x0-800_000, y0-600_000, x0, y0),
		"beyond max":     box(x1+1, y1+1, x1+800_000, y1+600_000),
		"beyond min, x":  box(x0-800_000, y0-600_000, x0-1, y1),
		"one object box": box(x0, y0, x1, y1),
	}
}

// TestAggregatesMatchSearch: statistikk counted from the aggregates of a
// generated set equals the count of the objects a search returns, built
// and tested one by one, for every filter the aggregates answer, in
// every grouping; other filters are not answered from them.
func TestAggregatesMatchSearch(t *testing.T) {
	queries := []struct {
		q   string
		agg bool
	}{
		{"", true},
		{"kommune=301", true},
		{"kommune=301,4601,5001", true},
		{"fylke=3,46", true},
		{"fylke=99", true},
		{"kommune=301&fylke=46", true},
		{"vegsystemreferanse=K", true},
		{"vegsystemreferanse=E,F", true},
		{"vegsystemreferanse=EV39", true},
		{"vegsystemreferanse=1103EV39", true},
		{"vegsystemreferanse=0301K", true},
		{"vegsystemreferanse=EV39D1", true},
		{"vegsystemreferanse=EV39S3", false},
		{"vegforvalter=Statens vegvesen", true},
		{"vegforvalter=21900", true},
		{"kontraktsomrade=1260", true},
		{"riksvegrute=RUTE4A", true},
		{"typeveg=enkelBilveg", true},
		{"typeveg=rampe", true},
		{"adskiltelop=Nei&trafikantgruppe=K", true},
		{"trafikantgruppe=G", true},
		{"kryssystem=false&sideanlegg=false", true},
		{"sideanlegg=true", true},
		{"veglenketype=hoved&detaljniva=VTKB", true},
		{"detaljniva=KF", true},
		{"segmentering=true&kommune=301", true},
		{"kartutsnitt=-100000,6400000,1200000,8000000", true},
		{"kartutsnitt=263000,6650000,264000,6651000", true},
		{"kartutsnitt=262500,6648000,270000,6650500&fylke=3", true},
		{"kartutsnitt=10.7,59.9,10.8,59.95&srid=4326", true},
		{"kartutsnitt=200000,6600000,300000,6700000&vegsystemreferanse=K&kommune=301,3201", true},
		{"egenskap=egenskap(2021)=2730", false},
		{"tidspunkt=2010-01-01", false},
		{"endret_etter=2024-05-01T00:00:00Z", false},
		{"veglenkesekvens=0-1@500001", false},
		{"ider=2050000000,2050000003", false},
	}
	full := map[string]bool{"fylke": true, "kommune": true, "vegkategori": true}
	groupings := []map[string]bool{full, {"kommune": true}, {"fylke": true, "vegkategori": true}}
	for _, layout := range []struct {
		name   string
		n      int
		spread bool
	}{
		// Eight kommuner: 250 objects a kommune and three more, 500 at
		// the full size.
		{"eight kommuner", longtest.N(2003, 4003), false},
		// Spread: 5000 objects lie in all 15 fylker and 345 of the 357
		// kommuner, 56 of them across a border; the full size
		// (VEGDATA_LONG=1) adds 3 kommuner and fills each group more.
		{"spread", longtest.N(5000, 10000), true},
	} {
		t.Run(layout.name, func(t *testing.T) {
			st, d := genSet(t, layout.n, layout.spread)
			ref := built(d)
			qs := append([]struct {
				q   string
				agg bool
			}(nil), queries...)
			// Boxes at the edges of objects' bounding boxes, an object
			// across a border among them.
			for _, i := range []int{0, 5, layout.n / 2, layout.n - 1, firstCrossing(d.gen)} {
				for _, b := range boxes(d.gen, i) {
					qs = append(qs, struct {
						q   string
						agg bool
					}{"kartutsnitt=" + b, true})
				}
			}
			for _, tc := range qs {
				v, err := url.ParseQuery(tc.q)
				require.NoError(t, err)
				p := &params{v: v}
				f := parseSearch(p, st)
				p.srid()
				require.NoError(t, p.err, tc.q)
				assert.Equal(t, tc.agg, d.aggregated(f), tc.q)

				// The search counted once in the finest groups; the others
				// are their sums.
				fine := tally(ref, f, func(o *nvdb.Vegobjekt) gruppeKey { return keyOf(o, full) }, false)
				var all acc
				for _, a := range fine {
					all.n, all.mm = all.n+a.n, all.mm+a.mm
				}
				assert.Equal(t, all, sum(d, f), tc.q)
				for _, grp := range groupings {
					want := map[gruppeKey]acc{}
					for k, a := range fine {
						c := gruppeKey{}
						if grp["fylke"] {
							c.fylke = k.fylke
						}
						if grp["kommune"] {
							c.kommune = k.kommune
						}
						if grp["vegkategori"] {
							c.kat = k.kat
						}
						w := want[c]
						want[c] = acc{w.n + a.n, w.mm + a.mm}
					}
					got := tally(d, f, func(o *nvdb.Vegobjekt) gruppeKey { return keyOf(o, grp) }, true)
					assert.Equal(t, want, values(got), "%s grouped by %v", tc.q, grp)
				}
			}
		})
	}
}

// firstCrossing is the first object that crosses into a neighbouring
// kommune, or 1 when none does.
func firstCrossing(g *generator) int {
	for i := 0; g.spread != nil && i < g.n; i++ {
		if g.spread.crosses(i) {
			return i
		}
	}
	return 1
}

// TestWalkMatchesSearch: the walk a generated set falls back to, and a
// page of the list walks (both skip objects by their kommune and
// bounding box before building them), counts what a plain search does.
func TestWalkMatchesSearch(t *testing.T) {
	st, d := genSet(t, 3000, true)
	ref := built(d)
	qs := []string{"", "kommune=301,4601", "fylke=3", "vegsystemreferanse=K&kartutsnitt=-100000,6400000,1200000,8000000", "egenskap=egenskap(2021)=2730&fylke=46"}
	for _, i := range []int{7, firstCrossing(d.gen)} {
		for _, b := range boxes(d.gen, i) {
			qs = append(qs, "kartutsnitt="+b)
		}
	}
	for _, q := range qs {
		v, _ := url.ParseQuery(q)
		p := &params{v: v}
		f := parseSearch(p, st)
		require.NoError(t, p.err)
		key := func(o *nvdb.Vegobjekt) gruppeKey { return keyOf(o, map[string]bool{"kommune": true}) }
		assert.Equal(t, values(tally(ref, f, key, false)), values(tally(d, f, key, false)), q)
	}
}

// classView is what the filters the aggregates answer read of an object
// (see filter.match and segmentsMatch), and the keys and length
// statistikk reads.
type classView struct {
	Kommuner, Fylker []int
	Kontrakter       []nvdb.Kontraktsomrade
	Riksveg          []nvdb.Riksvegrute
	Forvaltere       []nvdb.Vegforvalter
	Veger            []vegView
	Segmenter        []segmentView
	Lengde           float64
}

type vegView struct {
	Vegsystem                     nvdb.Vegsystem
	Delstrekning                  int
	AdskilteLop, Trafikantgruppe  string
	Kryssystem, Sideanlegg, Strek bool
}

type segmentView struct {
	TypeVegSosi, VeglenkeType, Detaljniva string
	Veg                                   vegView
}

func viewVeg(v *nvdb.Vegsystemreferanse) vegView {
	var out vegView
	if v == nil {
		return out
	}
	if v.Vegsystem != nil {
		out.Vegsystem = *v.Vegsystem
	}
	if s := v.Strekning; s != nil {
		out.Strek = true
		out.Delstrekning, out.AdskilteLop, out.Trafikantgruppe = s.Delstrekning, s.AdskilteLop, s.Trafikantgruppe
	}
	out.Kryssystem, out.Sideanlegg = v.Kryssystem != nil, v.Sideanlegg != nil
	return out
}

func viewOf(o *nvdb.Vegobjekt) classView {
	l := o.Lokasjon
	v := classView{Kommuner: l.Kommuner, Fylker: l.Fylker, Kontrakter: l.Kontraktsomrader, Riksveg: l.Riksvegruter, Forvaltere: l.Vegforvaltere, Lengde: l.Lengde}
	for _, r := range l.Vegsystemreferanser {
		v.Veger = append(v.Veger, viewVeg(&r))
	}
	for _, s := range o.Vegsegmenter {
		v.Segmenter = append(v.Segmenter, segmentView{s.TypeVegSosi, s.VeglenkeType, s.Detaljniva, viewVeg(s.Vegsystemreferanse)})
	}
	return v
}

// TestGeneratedClasses: every object of a class shares what the filters
// the aggregates answer read with the class's representative, one
// current version each, and its bounding box is the shape's moved to its
// anchor, as kartutsnitt reads it from the WKT.
func TestGeneratedClasses(t *testing.T) {
	for _, spread := range []bool{false, true} {
		_, d := genSet(t, 20011, spread)
		g := d.gen
		counts := make([]int, len(g.stats.classes))
		// Forty thousand objects: testify is asked only about those that
		// fail (its every call walks the stack for t.Helper).
		check := func(g *generator, i int) {
			var vs []*nvdb.Vegobjekt
			if g == d.gen {
				vs = d.versionsAt(i)
			} else {
				vs = []*nvdb.Vegobjekt{g.object(i)}
			}
			if len(vs) != 1 {
				require.Len(t, vs, 1)
			}
			o := vs[0]
			if o.Metadata.Sluttdato != "" {
				require.Empty(t, o.Metadata.Sluttdato)
			}
			c := g.class(i)
			if want, got := viewOf(g.stats.reps[c]), viewOf(o); !reflect.DeepEqual(want, got) {
				require.Equal(t, want, got, "object %d, class %d", i, c)
			}
			x0, y0, x1, y1, ok := bbox(o.Lokasjon.Geometri.WKT)
			ax, ay := g.anchor(i)
			box := [4]float64{fromMM(ax + genShapeX0), fromMM(ay + genShapeY0), fromMM(ax + genShapeX1), fromMM(ay + genShapeY1)}
			if !ok || [4]float64{x0, y0, x1, y1} != box {
				require.True(t, ok)
				require.Equal(t, [4]float64{x0, y0, x1, y1}, box, "object %d", i)
			}
		}
		for i := 0; i < g.n; i++ {
			counts[g.class(i)]++
			check(g, i)
		}
		for c, cl := range g.stats.classes {
			assert.Equal(t, counts[c], cl.n, "class %d", c)
		}
		// Far into a large set, where the anchor has moved east.
		big := newGenerator(105, 1_500_000)
		if spread {
			big.spread = newSpread(big.n, 105)
		}
		big.stats = newGenStats(big)
		for i := 0; i < big.n; i += 49_999 {
			check(big, i)
		}
	}
}
