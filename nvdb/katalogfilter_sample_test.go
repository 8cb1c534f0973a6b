package nvdb_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb"
)

// readSample reads shared/reference/samples/nvdb-les/<name> from beside
// the repository root; the test is skipped when it is absent.
func readSample(t *testing.T, name string) []byte {
	t.Helper()
	ref, err := oas.ReferenceDir()
	if err != nil {
		t.Skipf("skipping: the shared reference samples are absent (%v)", err)
	}
	b, err := os.ReadFile(filepath.Join(ref, "samples", "nvdb-les", name))
	require.NoError(t, err)
	return b
}

// TestFilterWithRealCatalogue translates filters with the real catalogue
// entry of 105 Fartsgrense (a v3 capture, where enums carry the kind of
// their values and a list of tillatte_verdier).
func TestFilterWithRealCatalogue(t *testing.T) {
	var ty nvdb.Vegobjekttype
	require.NoError(t, json.Unmarshal(readSample(t, "v3-vegobjekttyper-105-fartsgrense.json"), &ty))
	assert.Equal(t, "Fartsgrense", ty.Navn)
	for kmh, id := range map[string]string{"20": "11576", "30": "2726", "40": "2728", "50": "2730", "60": "2732", "70": "2735", "80": "2738", "90": "2741", "100": "5087", "110": "9721"} {
		f, err := ty.Filter("Fartsgrense = " + kmh)
		require.NoError(t, err, kmh)
		assert.Equal(t, "egenskap(2021)="+id, f.String())
	}
	_, err := ty.Filter("Fartsgrense = 85")
	assert.ErrorContains(t, err, "not an allowed value")
	f, err := ty.Filter(`Vedtaksnummer = "2019/123" AND Gyldig fra dato >= 2020-01-01`)
	require.NoError(t, err)
	assert.Equal(t, `egenskap(1891)='2019/123' AND egenskap(5127)>='2020-01-01'`, f.String())

	es := nvdb.Egenskaper{{ID: 2021, EnumID: 2741}}
	ty.FillIn(es)
	n, ok := es[0].Verdi.Int()
	assert.True(t, ok)
	assert.EqualValues(t, 90, n)
	assert.Equal(t, "km/h", es[0].Enhet.Kortnavn)
}
