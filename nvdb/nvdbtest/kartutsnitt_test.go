package nvdbtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestKartutsnittComparesBoundingBoxes: kartutsnitt finds a generated
// object when the box meets the object's bounding box, as NVDB documents
// ("vegobjektets bounding box benyttes for sammenligning"): at a corner,
// or where the box lies inside the bounding box but off the line itself;
// and not a millimetre beyond it. The list, its count (inkluderAntall),
// statistikk and statistikk/gruppert agree on every box.
func TestKartutsnittComparesBoundingBoxes(t *testing.T) {
	for _, layout := range []struct {
		name string
		opts []nvdbtest.Option
	}{
		{"eight kommuner", nil},
		{"spread", []nvdbtest.Option{nvdbtest.WithSpreadKommuner()}},
	} {
		t.Run(layout.name, func(t *testing.T) {
			srv := nvdbtest.NewServer(append(layout.opts, nvdbtest.WithGenerated(105, 3000))...)
			defer srv.Close()
			c, err := nvdb.NewClient("test", nvdb.WithBaseURL(srv.URL), nvdb.WithRateLimit(1000, 10))
			require.NoError(t, err)
			ctx := context.Background()
			first, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Antall: 1, Inkluder: []nvdb.Inkluder{nvdb.InkluderLokasjon}})
			require.NoError(t, err)
			require.Len(t, first.Items, 1)
			o := first.Items[0]
			g, err := o.Lokasjon.Geometri.Geom()
			require.NoError(t, err)
			b := g.Bounds()
			x0, y0, x1, y1 := b.Min(0), b.Min(1), b.Max(0), b.Max(1)
			// The line starts at its lowest x and y and rises to the
			// east: the box's north-west corner is far from it.
			for _, p := range g.(*geom.LineString).Coords() {
				require.False(t, p.X() <= x0+1 && p.Y() >= y1-1, "the line passes the north-west corner")
			}
			for _, tc := range []struct {
				name  string
				box   string
				found bool
			}{
				{"touches the north-east corner", nvdb.Kartutsnitt(x1, y1, x1+500, y1+500), true},
				{"touches the south-west corner", nvdb.Kartutsnitt(x0-500, y0-500, x0, y0), true},
				{"inside the box, off the line", nvdb.Kartutsnitt(x0, y1-1, x0+1, y1), true},
				{"a millimetre beyond the north-east", nvdb.Kartutsnitt(x1+0.001, y1+0.001, x1+500, y1+500), false},
				{"a millimetre beyond the west", nvdb.Kartutsnitt(x0-500, y0, x0-0.001, y1), false},
				{"around the kommune", nvdb.Kartutsnitt(x0-3000, y0-3000, x1+3000, y1+3000), true},
			} {
				q := &nvdb.VegobjektQuery{Kartutsnitt: tc.box}
				found, n := false, 0
				for x, err := range c.Vegobjekter.All(ctx, 105, q) {
					require.NoError(t, err)
					found = found || x.ID == o.ID
					n++
				}
				assert.Equal(t, tc.found, found, tc.name)
				st, err := c.Vegobjekter.Statistikk(ctx, 105, q)
				require.NoError(t, err)
				assert.Equal(t, n, st.Antall, tc.name)
				counted, err := c.Vegobjekter.List(ctx, 105, &nvdb.VegobjektQuery{Kartutsnitt: tc.box, InkluderAntall: true, Antall: 1})
				require.NoError(t, err)
				require.NotNil(t, counted.Metadata.Antall)
				assert.Equal(t, n, *counted.Metadata.Antall, tc.name)
				groups, err := c.Vegobjekter.StatistikkGruppert(ctx, 105, &nvdb.StatistikkQuery{Gruppering: []nvdb.Gruppering{nvdb.GrupperingKommune}, Kartutsnitt: tc.box})
				require.NoError(t, err)
				sum := 0
				for _, r := range groups {
					sum += r.Antall
				}
				assert.Equal(t, n, sum, tc.name)
			}
		})
	}
}
