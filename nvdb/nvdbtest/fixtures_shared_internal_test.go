package nvdbtest

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFixturesNotChanged: the fixture sets every server shares are the
// fixtures as built, after servers answered every kind of question about
// them (lists and objects with everything included, in other srids,
// simplified, with children as objects, versions, statistics, changes,
// the road network, areas and datakatalog built from them).
func TestFixturesNotChanged(t *testing.T) {
	const v4, vn, om, dk = "/vegobjekter/api/v4", "/vegnett/api/v4", "/omrader/api/v4", "/datakatalog/api/v1"
	for _, opts := range [][]Option{nil, {WithGenerated(105, 50), WithGeneratedVegnett(20)}, {WithSpreadKommuner()}} {
		srv := NewServer(opts...)
		for _, p := range []string{
			v4 + "/vegobjekter/105?inkluder=alle&antall=10&inkluderAntall=true",
			v4 + "/vegobjekter/45?inkluder=alle&srid=4326",
			v4 + "/vegobjekter/67?inkluder=alle&alle_versjoner=true&srid=5972",
			v4 + "/vegobjekter/581?inkluder=alle&geometritoleranse=5&dybde=full",
			v4 + "/vegobjekter/581?overlapp=67(egenskap(1317)%3E2000)&inkluder=alle",
			v4 + "/vegobjekter/105?kommune=301&egenskap=egenskap(2021)%3D2730&inkluder=alle&inkludergeometri=lokasjon",
			v4 + "/vegobjekter/67/89204552?inkluder=alle&srid=4326",
			v4 + "/vegobjekter/581/79608124?dybde=2&inkluder=alle",
			v4 + "/vegobjekter/67/89204552/versjoner?inkluder=alle",
			v4 + "/vegobjekter/67/89204552/1",
			v4 + "/vegobjekt?id=79632559",
			v4 + "/vegobjekter/105/statistikk?inkluder=lengde",
			v4 + "/vegobjekter/105/statistikk/gruppert?gruppering=fylke,kommune,vegkategori",
			v4 + "/vegobjekter/45/statistikk/gruppert/egenskap?egenskapstypeId=1819",
			v4 + "/vegobjekter/statistikk",
			v4 + "/vegobjekter/endringer?typeIder=45,67,581,105",
			vn + "/veglenkesekvenser?antall=1000",
			vn + "/veglenkesekvenser/segmentert?antall=1000&srid=4326",
			vn + "/veglenkesekvenser/endringer",
			vn + "/noder?antall=1000",
			vn + "/posisjon?nord=6569188.91&ost=-34211.402&maks_antall=3",
			om + "/kommuner?inkluder=alle",
			om + "/kontraktsomrader?inkluder=alle",
			dk + "/vegobjekttyper?inkluder=alle",
			dk + "/vegobjekttyper/105?inkluder=alle",
		} {
			req, err := http.NewRequest(http.MethodGet, srv.URL+p, nil)
			require.NoError(t, err)
			req.Header.Set("X-Client", "test")
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			require.NoError(t, resp.Body.Close())
			require.Equal(t, http.StatusOK, resp.StatusCode, p)
		}
		srv.Close()
	}
	fresh := map[int][]any{}
	for typ, objs := range buildFixtures() {
		for _, o := range objs {
			fresh[typ] = append(fresh[typ], o)
		}
	}
	for typ, d := range fixtureSets() {
		var shared []any
		for _, r := range d.recs {
			for _, o := range r.versions {
				shared = append(shared, o)
			}
		}
		require.ElementsMatch(t, fresh[typ], shared, "type %d", typ)
	}
}
