package nvdb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/vegdata/go-vegdata/nvdb"
)

// geomCases covers every geometry kind NVDB sends, with and without Z, in
// the spellings it uses ("POINT Z(" without a space as well as with one).
var geomCases = []struct {
	name   string
	wkt    string
	want   geom.T // without SRID; the test sets it
	layout geom.Layout
}{
	{"point", "POINT (25400.09 6855338.561)", geom.NewPointFlat(geom.XY, []float64{25400.09, 6855338.561}), geom.XY},
	{"point z", "POINT Z(25400.09 6855338.561 230.62)", geom.NewPointFlat(geom.XYZ, []float64{25400.09, 6855338.561, 230.62}), geom.XYZ},
	{"point z spaced", "POINT Z (1 2 3)", geom.NewPointFlat(geom.XYZ, []float64{1, 2, 3}), geom.XYZ},
	{"linestring", "LINESTRING (1 2, 3 4)", geom.NewLineStringFlat(geom.XY, []float64{1, 2, 3, 4}), geom.XY},
	{"linestring z", "LINESTRING Z(528704.05 7478545.609 20.23, 528697 7478542.094 21.9)",
		geom.NewLineStringFlat(geom.XYZ, []float64{528704.05, 7478545.609, 20.23, 528697, 7478542.094, 21.9}), geom.XYZ},
	{"polygon", "POLYGON ((0 0, 10 0, 10 10, 0 0), (2 2, 3 2, 3 3, 2 2))",
		geom.NewPolygonFlat(geom.XY, []float64{0, 0, 10, 0, 10, 10, 0, 0, 2, 2, 3, 2, 3, 3, 2, 2}, []int{8, 16}), geom.XY},
	{"polygon z", "POLYGON Z ((0 0 1, 10 0 1, 10 10 2, 0 0 1))",
		geom.NewPolygonFlat(geom.XYZ, []float64{0, 0, 1, 10, 0, 1, 10, 10, 2, 0, 0, 1}, []int{12}), geom.XYZ},
	{"multipoint", "MULTIPOINT ((1 2), (3 4))", geom.NewMultiPointFlat(geom.XY, []float64{1, 2, 3, 4}), geom.XY},
	{"multipoint z", "MULTIPOINT Z (1 2 3, 4 5 6)", geom.NewMultiPointFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6}), geom.XYZ},
	{"multilinestring", "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))",
		geom.NewMultiLineStringFlat(geom.XY, []float64{1, 2, 3, 4, 5, 6, 7, 8}, []int{4, 8}), geom.XY},
	{"multilinestring z", "MULTILINESTRING Z((1 2 3, 4 5 6),(7 8 9, 1 1 1))",
		geom.NewMultiLineStringFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1}, []int{6, 12}), geom.XYZ},
	{"multipolygon", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
		geom.NewMultiPolygonFlat(geom.XY, []float64{0, 0, 1, 0, 1, 1, 0, 0, 5, 5, 6, 5, 6, 6, 5, 5}, [][]int{{8}, {16}}), geom.XY},
	{"multipolygon z", "MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))",
		geom.NewMultiPolygonFlat(geom.XYZ, []float64{0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1}, [][]int{{12}}), geom.XYZ},
	{"geometrycollection", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))",
		geom.NewGeometryCollection().MustSetLayout(geom.XY).MustPush(geom.NewPointFlat(geom.XY, []float64{1, 2}), geom.NewLineStringFlat(geom.XY, []float64{1, 2, 3, 4})), geom.XY},
	{"geometrycollection z", "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z (1 2 3, 4 5 6))",
		geom.NewGeometryCollection().MustSetLayout(geom.XYZ).MustPush(geom.NewPointFlat(geom.XYZ, []float64{1, 2, 3}), geom.NewLineStringFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6})), geom.XYZ},
	{"linestring zm", "LINESTRING ZM (1 2 3 4, 5 6 7 8)", geom.NewLineStringFlat(geom.XYZM, []float64{1, 2, 3, 4, 5, 6, 7, 8}), geom.XYZM},
	{"point empty", "POINT EMPTY", geom.NewPointEmpty(geom.XY), geom.XY},
}

// geomCarriers puts one WKT and srid into every model that carries a
// geometry, so each test below runs over all of them.
func geomCarriers(wkt string, srid int) map[string]func() (geom.T, error) {
	own := &nvdb.UtledetGeometri{WKT: wkt, Srid: srid, Egengeometri: true}
	placed := &nvdb.Geometri{WKT: wkt, Srid: srid}
	return map[string]func() (geom.T, error){
		"UtledetGeometri": own.Geom,
		"Geometri":        placed.Geom,
		"VegnettGeometri": (&nvdb.VegnettGeometri{WKT: wkt, Srid: srid}).Geom,
		"OmradeGeometri":  (&nvdb.OmradeGeometri{WKT: wkt, Srid: srid}).Geom,
		"Egenskap": (&nvdb.Egenskap{ID: 4571, Navn: "Geometri, punkt", Egenskapstype: nvdb.EgenskapstypeGeometri,
			Verdi: nvdb.StringVerdi(wkt), Srid: srid}).Geom,
		"Vegobjekt":          (&nvdb.Vegobjekt{ID: 1, Geometri: own}).Geom,
		"Vegobjekt.Lokasjon": (&nvdb.Vegobjekt{ID: 1, Lokasjon: &nvdb.Lokasjon{Geometri: placed}}).Geom,
	}
}

func TestGeomKinds(t *testing.T) {
	for _, tc := range geomCases {
		for _, srid := range []int{5973, 4326} {
			for carrier, fn := range geomCarriers(tc.wkt, srid) {
				t.Run(tc.name+"/"+carrier+"/"+map[int]string{5973: "5973", 4326: "4326"}[srid], func(t *testing.T) {
					g, err := fn()
					require.NoError(t, err)
					require.NotNil(t, g)
					assert.IsType(t, tc.want, g)
					assert.Equal(t, tc.layout, g.Layout(), "Z (and M) kept in the layout")
					assert.Equal(t, srid, g.SRID())
					g, err = geom.SetSRID(g, 0) // the table's values have none
					require.NoError(t, err)
					assert.Equal(t, tc.want, g)
				})
			}
		}
	}
}

func TestGeomNone(t *testing.T) {
	var (
		nilUtledet *nvdb.UtledetGeometri
		nilGeo     *nvdb.Geometri
		nilVegnett *nvdb.VegnettGeometri
		nilOmrade  *nvdb.OmradeGeometri
		nilEgenskp *nvdb.Egenskap
		nilObj     *nvdb.Vegobjekt
	)
	tests := map[string]func() (geom.T, error){
		"nil UtledetGeometri":     nilUtledet.Geom,
		"nil Geometri":            nilGeo.Geom,
		"nil VegnettGeometri":     nilVegnett.Geom,
		"nil OmradeGeometri":      nilOmrade.Geom,
		"nil Egenskap":            nilEgenskp.Geom,
		"nil Vegobjekt":           nilObj.Geom,
		"empty WKT":               (&nvdb.Geometri{Srid: 5973}).Geom,
		"vegobjekt without":       (&nvdb.Vegobjekt{ID: 1, Lokasjon: &nvdb.Lokasjon{Kommuner: []int{301}}}).Geom,
		"text egenskap":           (&nvdb.Egenskap{Egenskapstype: nvdb.EgenskapstypeTekst, Verdi: nvdb.StringVerdi("POINT (1 2)")}).Geom,
		"geometri egenskap, null": (&nvdb.Egenskap{Egenskapstype: nvdb.EgenskapstypeGeometri}).Geom,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			g, err := fn()
			require.NoError(t, err)
			assert.Nil(t, g)
		})
	}
}

func TestGeomInvalid(t *testing.T) {
	long := "LINESTRING Z (" + strings.Repeat("1 2 3, ", 5000) + "1 2)"
	for _, bad := range []string{"POINT", "POINT (1)", "LINESTRING (1 2, 3)", "LINESTRING Z (1 2 3, 4 5)", "CIRCLE (1 2)",
		"POINT (1 2", "POINT (1 2) x", "POLYGON ((1 2, a b))", "POINT (1e400 2)", "((((", long} {
		t.Run(bad[:min(len(bad), 30)], func(t *testing.T) {
			g, err := (&nvdb.Geometri{WKT: bad, Srid: 5973}).Geom()
			require.Error(t, err)
			assert.Nil(t, g)
			assert.ErrorIs(t, err, nvdb.ErrInvalidResponse, "the WKT came from the server")
			assert.NotContains(t, err.Error(), "\n", "one line")
			assert.Less(t, len(err.Error()), 300, "the WKT is cut short in the message")
		})
	}
}

func TestGeomOwnBeforePlaced(t *testing.T) {
	o := &nvdb.Vegobjekt{ID: 1,
		Geometri: &nvdb.UtledetGeometri{WKT: "POINT Z (1 2 3)", Srid: 5973},
		Lokasjon: &nvdb.Lokasjon{Geometri: &nvdb.Geometri{WKT: "LINESTRING Z (1 2 3, 4 5 6)", Srid: 5973}}}
	g, err := o.Geom()
	require.NoError(t, err)
	assert.IsType(t, &geom.Point{}, g)
}

func TestSwapXY(t *testing.T) {
	g, err := (&nvdb.Geometri{WKT: "GEOMETRYCOLLECTION Z (POINT Z (59.91 10.75 12), LINESTRING Z (59.9 10.7 1, 60 11 2))", Srid: 4326}).Geom()
	require.NoError(t, err)
	got := nvdb.SwapXY(g).(*geom.GeometryCollection)
	assert.Equal(t, []float64{10.75, 59.91, 12}, got.Geom(0).FlatCoords())
	assert.Equal(t, []float64{10.7, 59.9, 1, 11, 60, 2}, got.Geom(1).FlatCoords())
	assert.Equal(t, 4326, got.SRID())
	assert.Nil(t, nvdb.SwapXY(nil))

	p, err := (&nvdb.Geometri{WKT: "POINT (59.91 10.75)", Srid: 4326}).Geom()
	require.NoError(t, err)
	assert.Equal(t, []float64{10.75, 59.91}, nvdb.SwapXY(p).FlatCoords())
}

// TestGeomFromFake reads geometries end to end from the fake: road
// objects (own and placed geometry, geometry egenskaper), road network
// segments and areas, in UTM and in 4326.
func TestGeomFromFake(t *testing.T) {
	c, _ := newClient(t, nil)
	ctx := context.Background()

	for _, srid := range []nvdb.Srid{nvdb.Srid5973, nvdb.Srid4326} {
		want := map[nvdb.Srid]int{nvdb.Srid5973: 5973, nvdb.Srid4326: 4326}[srid]
		t.Run("vegobjekt/"+string(srid), func(t *testing.T) {
			o, err := c.Vegobjekter.Get(ctx, 67, 89204552, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Srid: srid})
			require.NoError(t, err)
			g, err := o.Geom()
			require.NoError(t, err)
			require.NotNil(t, g)
			assert.Equal(t, geom.XYZ, g.Layout(), "NVDB sends LINESTRING Z")
			assert.Equal(t, want, g.SRID())
			if srid == nvdb.Srid4326 {
				lat, lon := g.FlatCoords()[0], g.FlatCoords()[1]
				assert.InDelta(t, 64, lat, 8, "latitude first, as NVDB sends 4326")
				assert.InDelta(t, 12, lon, 8)
			}
			pl, err := o.Lokasjon.Geometri.Geom()
			require.NoError(t, err)
			assert.Equal(t, want, pl.SRID())
		})
		t.Run("vegsegment/"+string(srid), func(t *testing.T) {
			n := 0
			for s, err := range c.Veglenkesekvenser.SegmentertAll(ctx, &nvdb.SegmentertQuery{Kommune: []int{301}, Srid: srid}) {
				require.NoError(t, err)
				g, err := s.Geometri.Geom()
				require.NoError(t, err)
				require.NotNil(t, g)
				assert.Equal(t, want, g.SRID())
				assert.NotEqual(t, geom.NoLayout, g.Layout())
				if n++; n == 5 {
					break
				}
			}
			require.Positive(t, n)
		})
		t.Run("omrade/"+string(srid), func(t *testing.T) {
			fylker, err := c.Omrader.Fylker(ctx, &nvdb.OmradeQuery{Inkluder: []nvdb.OmradeInkluder{nvdb.OmradeInkluderKartutsnitt, nvdb.OmradeInkluderSenterpunkt}, Srid: srid})
			require.NoError(t, err)
			require.NotEmpty(t, fylker)
			box, err := fylker[0].Kartutsnitt.Geom()
			require.NoError(t, err)
			assert.IsType(t, &geom.Polygon{}, box)
			assert.Equal(t, want, box.SRID())
			centre, err := fylker[0].Senterpunkt.Geom()
			require.NoError(t, err)
			assert.IsType(t, &geom.Point{}, centre)
		})
	}

	t.Run("geometri egenskap", func(t *testing.T) {
		n := 0
		for o, err := range c.Vegobjekter.All(ctx, 45, &nvdb.VegobjektQuery{Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}}) {
			require.NoError(t, err)
			for i := range o.Egenskaper {
				e := &o.Egenskaper[i]
				if e.Egenskapstype != nvdb.EgenskapstypeGeometri {
					continue
				}
				g, err := e.Geom()
				require.NoError(t, err)
				require.NotNil(t, g)
				assert.Equal(t, e.Srid, g.SRID())
				n++
			}
		}
		require.Positive(t, n, "the fake's bomstasjoner carry a geometry egenskap")
	})
}
