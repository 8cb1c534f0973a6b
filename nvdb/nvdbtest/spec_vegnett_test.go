package nvdbtest_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

// TestVegnettFollowsSpec checks the fake's road network answers against
// the official OpenAPI document.
func TestVegnettFollowsSpec(t *testing.T) {
	spec, err := oas.LoadReference("nvdb-vegnett.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("skipping: the shared reference folder with the official OpenAPI files is absent: ", err)
	}
	require.NoError(t, err)
	srv := nvdbtest.NewServer(nvdbtest.WithGeneratedVegnett(100))
	defer srv.Close()

	const vn = "/vegnett/api/v4"
	tests := []struct {
		name   string
		path   string
		status int
	}{
		{"veglenkesekvenser", vn + "/veglenkesekvenser?antall=5", 200},
		{"veglenkesekvenser kommune", vn + "/veglenkesekvenser?kommune=301&inkluderAntall=true&srid=4326", 200},
		{"veglenkesekvenser topologiniva", vn + "/veglenkesekvenser?topologiniva=kj%C3%B8rebane", 200},
		{"veglenkesekvens", vn + "/veglenkesekvenser/383266", 200},
		{"veglenkesekvens generated", vn + "/veglenkesekvenser/2000009?srid=UTM32", 200},
		{"segmentert", vn + "/veglenkesekvenser/segmentert?antall=20", 200},
		{"segmentert filtered", vn + "/veglenkesekvenser/segmentert?fylke=46&typeveg=enkelBilveg&veglenketype=Hoved&detaljniva=VTKB&trafikantgruppe=K&arm=false", 200},
		{"segmentert vegsystemreferanse", vn + "/veglenkesekvenser/segmentert?vegsystemreferanse=EV39&geometritoleranse=5", 200},
		{"segmentert one", vn + "/veglenkesekvenser/segmentert/383266", 200},
		{"segmentert one historisk", vn + "/veglenkesekvenser/segmentert/2000001?historisk=true&tidspunkt=2024-01-01", 200},
		{"noder", vn + "/noder?antall=10", 200},
		{"noder kommune", vn + "/noder?kommune=301", 200},
		{"node", vn + "/noder/90000008", 200},
		{"veg vsr", vn + "/veg?vegsystemreferanse=4647SV113S2D1m20", 200},
		{"veg vls", vn + "/veg?veglenkesekvens=0.5@383266&srid=4326", 200},
		{"veg batch", vn + "/veg/batch?veglenkesekvenser=0.5@383266,0.1@2000000&vegsystemreferanser=SV113S2D1m20", 200},
		{"posisjon", vn + "/posisjon?nord=6855350&ost=25385&maks_antall=3", 200},
		{"posisjon latlon", vn + "/posisjon?lat=59.92&lon=10.75&maks_avstand=5000", 200},
		{"rute", vn + "/beta/vegnett/rute?start=0.2@2000000&slutt=0.7@2000016", 200},
		{"rute kortform", vn + "/beta/vegnett/rute?start=0.2@2000000&slutt=0.7@2000016&kortform=true", 200},
		{"statistikk", vn + "/veglenkesekvenser/segmentert/statistikk", 200},
		{"statistikk gruppert", vn + "/veglenkesekvenser/segmentert/statistikk/gruppert?gruppering=fylke,vegkategori", 200},
		{"statistikk gruppert kartutsnitt", vn + "/veglenkesekvenser/segmentert/statistikk/gruppert?gruppering=fylke&kartutsnitt=250000,6600000,300000,6700000", 200},
		{"statistikk gruppert none", vn + "/veglenkesekvenser/segmentert/statistikk/gruppert", 400},
		{"endringer", vn + "/veglenkesekvenser/endringer", 200},
		{"endringer kommune", vn + "/veglenkesekvenser/endringer?kommune=301&antall=2", 200},
		{"unknown veglenkesekvens", vn + "/veglenkesekvenser/1", 404},
		{"unknown node", vn + "/noder/1", 404},
		{"veg not found", vn + "/veg?veglenkesekvens=0.5@1", 404},
		{"veg bad", vn + "/veg?vegsystemreferanse=EV6", 400},
		{"posisjon none", vn + "/posisjon?nord=1&ost=1", 404},
		{"posisjon bad", vn + "/posisjon?nord=1", 400},
		{"rute none", vn + "/beta/vegnett/rute?start=0.1@383266&slutt=0.5@2000000", 404},
		{"bad veglenketype", vn + "/veglenkesekvenser/segmentert?veglenketype=hoved", 400},
		{"bad cursor", vn + "/noder?start=x", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			assert.NoError(t, spec.ValidateResponse("GET", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
		})
	}
	t.Run("rute post", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+vn+"/beta/vegnett/rute",
			bytes.NewBufferString(`{"start":"0.2@2000000","slutt":"0.7@2000016","maks_avstand":10,"omkrets":200,"konnekteringslenker":true,"detaljerte_lenker":false,"kortform":false,"behold_trafikantgruppe":false}`))
		require.NoError(t, err)
		req.Header.Set("X-Client", "spec")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, 200, resp.StatusCode, string(body))
		assert.NoError(t, spec.ValidateResponse("POST", vn+"/beta/vegnett/rute", 200, resp.Header.Get("Content-Type"), body))
	})
}
