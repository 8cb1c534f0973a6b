package oas

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the validator against the official reference specs and
// real captured responses. The reference folder lives outside the module
// (a sibling of the repository root), so they skip when it is absent.

func loadRef(t *testing.T, name string) *Spec {
	t.Helper()
	s, err := LoadReference(name)
	if errors.Is(err, ErrNotFound) {
		t.Skipf("reference spec not available: %v", err)
	}
	require.NoError(t, err)
	return s
}

// samplesDir finds shared/reference/samples the same way LoadReference finds
// the specs: beside the repository root only.
func samplesDir(t *testing.T) string {
	t.Helper()
	ref, err := ReferenceDir()
	if errors.Is(err, ErrNotFound) {
		t.Skipf("reference samples not available: %v", err)
	}
	require.NoError(t, err)
	p := filepath.Join(ref, "samples")
	if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
		t.Skipf("reference samples not available at %s", p)
	}
	return p
}

func readSample(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir(t), rel))
	require.NoError(t, err)
	return b
}

type refCase struct {
	name         string
	method, path string
	status       int
	ct, body     string
	want         []string // substrings of violations/errors; nil means valid
}

func runRefCases(t *testing.T, s *Spec, cases []refCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := s.ValidateResponse(tc.method, tc.path, tc.status, tc.ct, []byte(tc.body))
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestReferenceVegobjekter(t *testing.T) {
	s := loadRef(t, "nvdb-vegobjekter.json")
	const page = `{
	  "objekter": [{
	    "id": 85283803, "href": "https://nvdbapiles.atlas.vegvesen.no/vegobjekter/api/v4/vegobjekter/105/85283803/2",
	    "metadata": {"type": {"id": 105, "navn": "Fartsgrense"}, "versjon": 2, "startdato": "2020-01-01", "sist_modifisert": "2025-05-02T23:12:39Z"},
	    "egenskaper": [
	      {"id": 2021, "navn": "Fartsgrense", "egenskapstype": "Heltallenum", "verdi": 50, "enum_id": 2730},
	      {"id": 5127, "navn": "Vedtaksnummer", "egenskapstype": "Tekst", "verdi": "V-1"}
	    ]
	  }],
	  "metadata": {"returnert": 1, "sidestørrelse": 1000, "neste": {"start": "85283803", "href": "https://x/vegobjekter/api/v4/vegobjekter/105?start=85283803"}}
	}`
	const broken = `{
	  "objekter": [{
	    "id": "85283803", "href": "h",
	    "egenskaper": [{"id": 2021, "navn": "Fartsgrense", "egenskapstype": "Heltallenum", "verdi": "50"}]
	  }],
	  "metadata": {"sidestørrelse": 1000}
	}`
	runRefCases(t, s, []refCase{
		{"tiny page", "GET", "/vegobjekter/api/v4/vegobjekter/105", 200, "application/json", page, nil},
		{"empty page", "GET", "/api/v4/vegobjekter/105", 200, "application/json", `{"objekter":[],"metadata":{"returnert":0,"sidestørrelse":1000}}`, nil},
		{"broken page", "GET", "/vegobjekter/api/v4/vegobjekter/105", 200, "application/json", broken, []string{
			"/metadata/returnert: required property \"returnert\" is missing",
			"/objekter/0/egenskaper/0/verdi: expected integer or null, got string",
			"/objekter/0/id: expected integer, got string",
		}},
		{"unknown egenskapstype", "GET", "/api/v4/vegobjekter/105/1", 200, "application/json",
			`{"id":1,"href":"h","egenskaper":[{"id":1,"navn":"x","egenskapstype":"Farge"}]}`, []string{
				`/egenskaper/0/egenskapstype: value "Farge" is not one of the enum values`,
			}},
		{"statistikk literal segment", "GET", "/vegobjekter/api/v4/vegobjekter/105/statistikk", 200, "application/json", `{"antall":3,"lengde":1.5}`, nil},
		{"problem detail", "GET", "/vegobjekter/api/v4/vegobjekter/105", 404, "application/problem+json",
			`{"type":"about:blank","title":"Not Found","status":404,"detail":"x","instance":"/vegobjekter/api/v4/vegobjekter/105"}`, nil},
		{"problem detail wrong type", "GET", "/vegobjekter/api/v4/vegobjekter/105", 404, "application/problem+json", `{"status":"404"}`,
			[]string{"/status: expected integer, got string"}},
		{"undeclared status", "GET", "/vegobjekter/api/v4/vegobjekter/105", 418, "application/json", `{}`, []string{"no response declared for status 418"}},
	})

	t.Run("real v4 page sample", func(t *testing.T) {
		body := readSample(t, "nvdb-les/v4-vegobjekter-532-page-inkluder-egenskaper-lokasjon-trimmed-geometry.json")
		require.NoError(t, s.ValidateResponse("GET", "/vegobjekter/api/v4/vegobjekter/532?inkluder=egenskaper,lokasjon", 200, "application/json", body))
		require.NoError(t, s.ValidateSchema("VegobjekterSide", body))
	})
	t.Run("real v4 single object sample", func(t *testing.T) {
		body := readSample(t, "nvdb-les/v4-vegobjekt-532-vegreferanse-981474676-single-trimmed-geometry.json")
		require.NoError(t, s.ValidateResponse("GET", "/vegobjekter/api/v4/vegobjekter/532/981474676", 200, "application/json", body))
		require.NoError(t, s.ValidateResponse("GET", "/vegobjekter/api/v4/vegobjekter/532/981474676/1", 200, "application/json", body))
		require.NoError(t, s.ValidateSchema("Vegobjekt", body))
		// The same object is not a page.
		assert.Error(t, s.ValidateSchema("VegobjekterSide", body))
	})
	t.Run("v3 samples", func(t *testing.T) {
		// The minimal v3 page (ids and hrefs only) happens to be a valid v4 page.
		require.NoError(t, s.ValidateSchema("VegobjekterSide", readSample(t, "nvdb-les/v3-vegobjekter-105-page-minimal-doc.json")))
		// A full v3 page is not: v4 split relasjoner and stedfesting out of egenskaper.
		err := s.ValidateSchema("VegobjekterSide", readSample(t, "nvdb-les/v3-vegobjekter-581-tunnel-page.json"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `/objekter/0/relasjoner/barn/0/relasjonstype: required property "relasjonstype" is missing`)
		assert.Contains(t, err.Error(), `/objekter/0/egenskaper/17/egenskapstype: value "Stedfesting" is not one of the enum values`)
	})
}

func TestReferenceVegnett(t *testing.T) {
	s := loadRef(t, "nvdb-vegnett.json")
	runRefCases(t, s, []refCase{
		{"empty node page", "GET", "/vegnett/api/v4/noder", 200, "application/json", `{"objekter":[],"metadata":{"returnert":0,"sidestørrelse":100,"neste":null}}`, nil},
		{"node missing fields", "GET", "/vegnett/api/v4/noder/123", 200, "application/json", `{"id":123,"href":"h","startdato":"2020-13-01"}`, []string{
			`/geometri: required property "geometri" is missing`,
			`/startdato: "2020-13-01" is not a valid date`,
		}},
	})
	t.Run("real v4 posisjon sample", func(t *testing.T) {
		body := readSample(t, "nvdb-les/v4-vegnett-veg-posisjon-vegsystemreferanse.json")
		require.NoError(t, s.ValidateResponse("GET", "/vegnett/api/v4/veg?vegsystemreferanse=EV18S28D1m10043", 200, "application/json", body))
		require.NoError(t, s.ValidateSchema("Posisjon", body))
	})
}

func TestReferenceOmrader(t *testing.T) {
	s := loadRef(t, "nvdb-omrader.json")
	runRefCases(t, s, []refCase{
		{"fylker", "GET", "/omrader/api/v4/fylker", 200, "application/json",
			`[{"id":18,"navn":"Nordland","nummer":18,"organisasjonsnummer":964982953,"kartutsnitt":null,"senterpunkt":{"wkt":"POINT (1 2)","srid":5973}}]`, nil},
		{"fylke with bad geometry", "GET", "/omrader/api/v4/fylker", 200, "application/json",
			`[{"id":18,"navn":"Nordland","nummer":18,"organisasjonsnummer":964982953,"senterpunkt":{"wkt":"POINT (1 2)"}}]`, []string{
				"/0/senterpunkt: object value matches no oneOf branch (closest: #/components/schemas/Geometri)",
				`/0/senterpunkt/srid: required property "srid" is missing`,
			}},
	})
	t.Run("v3 fylker sample lacks v4 fields", func(t *testing.T) {
		body := readSample(t, "nvdb-les/v3-omrader-fylker-trimmed.json")
		err := s.ValidateResponse("GET", "/omrader/api/v4/fylker", 200, "application/json", body)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `/0/id: required property "id" is missing`)
	})
}

func TestReferenceDatakatalog(t *testing.T) {
	s := loadRef(t, "nvdb-datakatalog.json")
	runRefCases(t, s, []refCase{
		{"versjon", "GET", "/datakatalog/api/v1/versjon", 200, "application/json;charset=UTF-8", `{"id":1,"dato":"2025-01-31","versjon":"2.41"}`, nil},
		{"versjon bad date", "GET", "/datakatalog/api/v1/versjon", 200, "application/json", `{"id":1,"dato":"31.01.2025","versjon":"2.41"}`,
			[]string{`/dato: "31.01.2025" is not a valid date`}},
		// The discriminator dispatches a "Tekst" egenskapstype to
		// EgenskapstypeTekst, whose own required list is then enforced.
		{"egenskapstype dispatch", "GET", "/datakatalog/api/v1/egenskapstyper/5127", 200, "application/json", `{"id":5127,"egenskapstype":"Tekst"}`,
			[]string{`/ajourhold_snu: required property "ajourhold_snu" is missing`}},
	})
}

func TestReferenceAutosys(t *testing.T) {
	s := loadRef(t, "autosys-akf-datautlevering.json")
	dir := filepath.Join(samplesDir(t), "autosys")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, s.ValidateResponse("GET", "/enkeltoppslag/kjoretoydata?kjennemerke=X", 200, "application/json;charset=UTF-8", body))
		})
	}

	t.Run("mutated sample is reported", func(t *testing.T) {
		body, err := os.ReadFile(files[0])
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(body, &doc))
		k := doc["kjoretoydataListe"].([]any)[0].(map[string]any)
		k["forstegangsregistrering"] = map[string]any{"registrertForstegangNorgeDato": "06.06.2017"}
		k["kjoretoyId"] = map[string]any{"kjennemerke": 39085}
		mutated, err := json.Marshal(doc)
		require.NoError(t, err)
		err = s.ValidateResponse("GET", "/enkeltoppslag/kjoretoydata", 200, "application/json", mutated)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `/kjoretoydataListe/0/forstegangsregistrering/registrertForstegangNorgeDato: "06.06.2017" is not a valid date`)
		assert.Contains(t, err.Error(), "/kjoretoydataListe/0/kjoretoyId/kjennemerke: expected string, got integer")
	})
	t.Run("422 declares no body", func(t *testing.T) {
		require.NoError(t, s.ValidateResponse("GET", "/enkeltoppslag/kjoretoydata", 422, "", nil))
	})
}
