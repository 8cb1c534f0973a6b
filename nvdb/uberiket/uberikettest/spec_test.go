package uberikettest_test

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// TestResponsesFollowSpec checks every operation's answers, and its error
// answers, against the official OpenAPI document of Uberiket v1: JSON
// bodies whole, NDJSON streams line by line against the item schema.
func TestResponsesFollowSpec(t *testing.T) {
	t.Parallel() // its own server; the generated sets it shares are read-only
	spec := loadSpec(t)
	srv := uberikettest.NewServer(uberikettest.WithGenerated(999, 300))
	defer srv.Close()
	sett := srv.Change(999, 40) // every kind of change, in the feeds
	srv.Change(105, 10)

	streams := map[string]string{ // path prefix → item schema of its NDJSON
		v1 + "/vegobjekter/999/stream":             "Vegobjekt",
		v1 + "/vegobjekter/105/stream":             "Vegobjekt",
		v1 + "/vegobjekter/stream":                 "Vegobjekt",
		v1 + "/vegnett/veglenkesekvenser/stream":   "Veglenkesekvens",
		v1 + "/vegnett/veglenker/stream":           "VeglenkeMedId",
		v1 + "/hendelser/vegobjekter/999/stream":   "VegobjektHendelseResponse",
		v1 + "/hendelser/veglenkesekvenser/stream": "VegnettHendelseResponse",
	}
	tests := []struct {
		name   string
		path   string
		status int
	}{
		// hentVegobjekterMultiType
		{"vegobjekter typer", "/vegobjekter?typeIder=105,591,67&antall=5", 200},
		{"vegobjekter alle typer", "/vegobjekter?antall=1000&inkluder=minimum", 200},
		{"vegobjekter ukjent type", "/vegobjekter?typeIder=4242", 404},
		// hentVegobjekter
		{"side", "/vegobjekter/999?antall=7", 200},
		{"side neste", "/vegobjekter/999?antall=7&start=1-1", 200},
		{"side inkluder", "/vegobjekter/105?inkluder=egenskaper,gyldighetsperiode", 200},
		{"side minimum", "/vegobjekter/67?inkluder=minimum", 200},
		{"side dato", "/vegobjekter/67?dato=2016-01-01", 200},
		{"side ider", "/vegobjekter/105?ider=85283803,323113504", 200},
		{"side stedfesting", "/vegobjekter/105?stedfesting=0-0.5@41423,2098186", 200},
		{"side tom", "/vegobjekter/105?ider=1", 200},
		{"side antall 0", "/vegobjekter/105?antall=0", 400},
		{"side antall 1001", "/vegobjekter/105?antall=1001", 400},
		{"side start", "/vegobjekter/105?start=85283803", 400},
		{"side inkluder ukjent", "/vegobjekter/105?inkluder=geometri", 400},
		{"side vegsystemreferanse", "/vegobjekter/105?vegsystemreferanse=EV6S1D1", 400},
		{"side ukjent type", "/vegobjekter/4242", 404},
		{"side ugyldig type", "/vegobjekter/fart", 400},
		// hentVegobjektMedType, hentVegobjektVersjon, hentVegobjektHistorisk, hentVegobjekt
		{"objekt", "/vegobjekter/105/85283803", 200},
		{"objekt dato", "/vegobjekter/105/85283803?dato=2008-06-01&inkluder=egenskaper", 200},
		{"objekt ukjent", "/vegobjekter/105/1", 404},
		{"objekt ugyldig", "/vegobjekter/105/x", 400},
		{"versjon", "/vegobjekter/67/89204552/2", 200},
		{"versjon ukjent", "/vegobjekter/67/89204552/9", 404},
		{"historisk", "/vegobjekter/67/89204552/historisk?dato=2016-01-01", 200},
		{"historisk før", "/vegobjekter/67/89204552/historisk?dato=2000-01-01", 404},
		{"historisk uten dato", "/vegobjekter/67/89204552/historisk", 400},
		{"id", "/vegobjekter/id/848324148", 200},
		{"id ukjent", "/vegobjekter/id/1", 404},
		{"id ugyldig", "/vegobjekter/id/stream", 400},
		// hentVegobjekterStream, hentVegobjekterMultiTypeStream
		{"stream", "/vegobjekter/999/stream?antall=50", 200},
		{"stream start", "/vegobjekter/999/stream?start=500000000", 200},
		// The objects of 105 the changes left active (they may have
		// removed the three fixtures).
		{"stream ider", "/vegobjekter/105/stream?ider=" + join(slices.Sorted(maps.Keys(srv.Snapshot(105)))), 200},
		{"stream antall", "/vegobjekter/999/stream?antall=10001", 400},
		{"stream start ugyldig", "/vegobjekter/999/stream?start=-1", 400},
		{"stream ukjent", "/vegobjekter/4242/stream", 404},
		{"stream typer", "/vegobjekter/stream?typeIder=105,999&antall=20", 200},
		{"stream dato", "/vegobjekter/stream?typeIder=67&dato=2016-01-01", 200},
		{"stream stedfesting", "/vegobjekter/stream?stedfesting=41383", 200},
		// hentVeglenkesekvenser, hentVeglenkesekvens, historisk, stream, veglenker
		{"veglenkesekvenser", "/vegnett/veglenkesekvenser", 200},
		{"veglenkesekvenser minimum", "/vegnett/veglenkesekvenser?inkluder=minimum&antall=1", 200},
		{"veglenkesekvenser polygon", "/vegnett/veglenkesekvenser?polygon=1%202,3%204,5%206,1%202", 400},
		{"veglenkesekvens", "/vegnett/veglenkesekvenser/1951809", 200},
		{"veglenkesekvens ukjent", "/vegnett/veglenkesekvenser/1", 404},
		{"veglenkesekvens historisk", "/vegnett/veglenkesekvenser/41423/historisk?dato=2000-01-01", 200},
		{"veglenkesekvens historisk før", "/vegnett/veglenkesekvenser/41423/historisk?dato=1900-01-01", 404},
		{"veglenkesekvenser stream", "/vegnett/veglenkesekvenser/stream?ider=1951809,41423", 200},
		{"veglenker stream", "/vegnett/veglenker/stream?start=41423-1", 200},
		{"veglenker stream start", "/vegnett/veglenker/stream?start=41423", 400},
		// hentNoder, hentNode
		{"noder", "/vegnett/noder?antall=2", 200},
		{"noder ider", "/vegnett/noder?ider=95513,95522", 200},
		{"node", "/vegnett/noder/95513", 200},
		{"node ukjent", "/vegnett/noder/1", 404},
		// hendelser for vegobjekter
		{"hendelser", "/hendelser/vegobjekter/999?antall=1000", 200},
		{"hendelser type", "/hendelser/vegobjekter/999?hendelsetype=VegobjektVersjonEndret,VegobjektVersjonFjernet", 200},
		{"hendelser dato", "/hendelser/vegobjekter/538?startDato=2025-10-01&sluttDato=2025-10-15T00:00:00%2B02:00", 200},
		{"hendelser objekt", "/hendelser/vegobjekter/105?vegobjektId=85283803", 200},
		{"hendelser ugyldig type", "/hendelser/vegobjekter/999?hendelsetype=VegobjektSlettet", 400},
		{"hendelser ugyldig dato", "/hendelser/vegobjekter/999?startDato=i%20går", 400},
		{"hendelser typer", "/hendelser/vegobjekter?typeIder=999,105", 200},
		{"hendelser alle typer", "/hendelser/vegobjekter?antall=10", 200},
		{"hendelser stream", "/hendelser/vegobjekter/999/stream?antall=2000", 200},
		{"siste", "/hendelser/vegobjekter/999/siste", 200},
		{"siste tidspunkt", "/hendelser/vegobjekter/538/siste?tidspunkt=2025-06-01T00:00:00Z", 200},
		{"siste før", "/hendelser/vegobjekter/538/siste?tidspunkt=2020-01-01T00:00:00Z", 404},
		{"siste typer", "/hendelser/vegobjekter/siste?typeIder=105,999,538", 200},
		{"siste uten typer", "/hendelser/vegobjekter/siste", 400},
		// hendelser for vegnettet
		{"vegnett", "/hendelser/vegnett", 200},
		{"vegnett type", "/hendelser/vegnett?hendelsetype=NodeOpprettet&antall=2", 200},
		{"vegnett siste", "/hendelser/vegnett/siste", 200},
		{"veglenkesekvenser hendelser", "/hendelser/veglenkesekvenser?veglenkesekvensId=41423", 200},
		{"veglenkesekvenser stream hendelser", "/hendelser/veglenkesekvenser/stream", 200},
		{"veglenkesekvenser siste", "/hendelser/veglenkesekvenser/siste?tidspunkt=2025-06-01", 200},
		{"noder hendelser", "/hendelser/noder?start=90000001", 200},
		{"noder siste", "/hendelser/noder/siste", 200},
		{"noder siste før", "/hendelser/noder/siste?tidspunkt=2020-01-01T00:00:00Z", 404},
		// hentHendelserForEndringssett
		{"endringssett", "/hendelser/endringssett/" + sett + "?antall=10", 200},
		{"endringssett fixture", "/hendelser/endringssett/3c5e0b7a-2f41-4d8e-9a6b-1f0c7d2e8b94", 200},
		{"endringssett ukjent", "/hendelser/endringssett/00000000-0000-4000-8000-000000000000", 404},
		{"endringssett ugyldig", "/hendelser/endringssett/abc", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, v1+tc.path)
			require.Equal(t, tc.status, resp.StatusCode, "%s", body)
			assert.NotEmpty(t, resp.Header.Get("X-REQUEST-ID"))
			ct := resp.Header.Get("Content-Type")
			path, _, _ := strings.Cut(v1+tc.path, "?")
			if item, ok := streams[path]; ok && resp.StatusCode == 200 {
				assert.Equal(t, "application/x-ndjson", ct)
				ls := lines(body)
				assert.NotEmpty(t, ls)
				for i, l := range ls {
					require.NoError(t, spec.ValidateSchema(item, l), "line %d", i)
				}
				return
			}
			if resp.StatusCode != 200 {
				assert.Equal(t, "application/problem+json", ct)
				p := decode[problem](t, body)
				assert.Equal(t, resp.StatusCode, p.Status)
				assert.NotEmpty(t, p.Detail)
			}
			assert.NoError(t, spec.ValidateResponse(http.MethodGet, v1+tc.path, resp.StatusCode, ct, body))
		})
	}
}
