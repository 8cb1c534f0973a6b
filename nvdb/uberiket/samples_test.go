package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var vegobjektSamples = []string{
	"uberiket-v1-vegobjekt-105-fartsgrense-323113504.json",
	"uberiket-v1-vegobjekt-105-fartsgrense-85283803-v2.json",
	"uberiket-v1-vegobjekt-538-gate-977736797.json",
	"uberiket-v1-vegobjekt-591-hoydebegrensning-848324148.json",
	"uberiket-v1-vegobjekt-616-feltstrekning-1020150975.json",
	"uberiket-v1-vegobjekt-821-funksjonell-vegklasse-642414069.json",
}

// TestSamplesRoundTrip decodes every real answer, checks it, writes it
// back and compares, and validates both against the specification.
func TestSamplesRoundTrip(t *testing.T) {
	t.Parallel()
	spec := loadSpec(t)
	for _, name := range vegobjektSamples {
		t.Run(name, func(t *testing.T) {
			raw := readSample(t, name)
			var o Vegobjekt
			out := roundTrip(t, raw, &o)
			// The timestamp text survives too, trailing zeros included.
			var in, back struct{ SistEndret string }
			require.NoError(t, json.Unmarshal(raw, &in))
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, in.SistEndret, back.SistEndret)
			assert.Empty(t, violations(spec.ValidateSchema("Vegobjekt", raw)), "the sample")
			assert.Empty(t, violations(spec.ValidateSchema("Vegobjekt", out)), "written back")
			assert.Empty(t, violations(spec.ValidateResponse("GET", "/uberiket/api/v1/vegobjekter/105/1", 200, "application/json", out)))
		})
	}
	t.Run("veglenkesekvenser page", func(t *testing.T) {
		raw := readSample(t, "uberiket-v1-veglenkesekvenser-page-1951809.json")
		var side veglenkesekvenserSide
		out := roundTrip(t, raw, &side)
		require.NoError(t, spec.ValidateSchema("VeglenkesekvenserSide", out))
		require.Len(t, side.Veglenkesekvenser, 1)
		v := side.Veglenkesekvenser[0]
		assert.EqualValues(t, 1951809, v.ID)
		require.Len(t, v.Veglenker, 1)
		l := v.Veglenker[0]
		assert.Equal(t, TypeVegKanalisertVeg, l.TypeVeg)
		assert.Equal(t, DetaljnivaVegtrase, l.Detaljniva)
		assert.Equal(t, 301, l.Kommune)
		assert.Equal(t, 5973, l.Geometri.Srid)
		require.NotNil(t, l.Geometri.Kvalitet)
		require.NotNil(t, l.Geometri.Kvalitet.Synbarhet)
		assert.Equal(t, 0, *l.Geometri.Kvalitet.Synbarhet, "a 0 that was sent is kept")
		assert.Equal(t, -1, *l.Geometri.Kvalitet.MalemetodeHoyde)
		assert.Equal(t, []string{"1", "2"}, l.Feltoversikt)
		assert.Equal(t, int64(1951825), v.Porter[0].NodeID)
		assert.Equal(t, "2025-05-02T13:20:03.017657Z", FormatTidspunkt(v.SistEndret))
	})
	t.Run("noder page", func(t *testing.T) {
		raw := readSample(t, "uberiket-v1-noder-page-trimmed.json")
		var side noderSide
		out := roundTrip(t, raw, &side)
		require.NoError(t, spec.ValidateSchema("NoderSide", out))
		require.Len(t, side.Noder, 2)
		n := side.Noder[0]
		assert.EqualValues(t, 95513, n.ID)
		assert.Equal(t, Nodeport{Nummer: 3, VeglenkesekvensID: 41423, VeglenkesekvensPortNummer: 3}, n.Porter[2])
		assert.Equal(t, "POINT Z(273292 7041529 54.335)", n.Geometri.WKT)
		assert.Equal(t, 500, side.Metadata.Sidestorrelse)
		assert.Nil(t, side.Metadata.Neste)
	})
}

// TestSampleAccessors reads the samples through the accessors users use.
func TestSampleAccessors(t *testing.T) {
	decode := func(t *testing.T, name string) *Vegobjekt {
		var o Vegobjekt
		require.NoError(t, json.Unmarshal(readSample(t, name), &o))
		return &o
	}
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, oslo)
		require.NoError(t, err)
		return d.Add(12 * time.Hour)
	}

	o := decode(t, "uberiket-v1-vegobjekt-105-fartsgrense-323113504.json")
	fart, ok := o.Egenskap(2021).EnumID()
	assert.True(t, ok)
	assert.Equal(t, 2730, fart, "50 km/h")
	assert.Equal(t, EgenskapEnum, o.Egenskap(2021).Type())
	_, ok = o.Egenskap(2021).Heltall()
	assert.False(t, ok, "an enum is not a heltall")
	assert.Nil(t, o.Egenskap(5127))
	assert.EqualValues(t, 323113504, o.ID)
	assert.Equal(t, 1, o.Versjon)
	assert.Equal(t, 105, o.TypeID)
	assert.Equal(t, Dato("2012-02-01"), o.Startdato())
	assert.Equal(t, Dato(""), o.Sluttdato())
	assert.True(t, o.Aktiv(day("2025-01-01")))
	assert.False(t, o.Aktiv(day("2012-01-31")), "before its startdato")
	assert.Equal(t, []int64{2098186, 2098119, 2098004, 2098120}, o.Veglenkesekvenser())
	assert.NotNil(t, o.Barn)
	assert.Empty(t, o.Barn)
	require.Equal(t, StedfestingLinjer, o.Stedfesting.Type)
	assert.Equal(t, StedfestingLinje{VeglenkesekvensID: 2098186, Startposisjon: 0, Sluttposisjon: 1, Retning: RetningMed},
		o.Stedfesting.Linjer[0], "kjorefelt not sent stays nil")

	o = decode(t, "uberiket-v1-vegobjekt-105-fartsgrense-85283803-v2.json")
	d, ok := o.Egenskap(5127).Dato()
	assert.True(t, ok)
	assert.Equal(t, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), d)
	assert.Equal(t, 2, o.Versjon)
	assert.Equal(t, []int64{41423}, o.Veglenkesekvenser(), "two stretches of one veglenkesekvens")

	o = decode(t, "uberiket-v1-vegobjekt-591-hoydebegrensning-848324148.json")
	h, ok := o.Egenskap(3868).Flyttall()
	assert.True(t, ok)
	assert.Equal(t, 4.84, h)
	txt, ok := o.Egenskap(5778).Tekst()
	assert.True(t, ok)
	assert.Equal(t, "Blaklivegen Felt 2", txt)
	assert.Equal(t, []string{"2"}, o.Stedfesting.Linjer[0].Kjorefelt)
	assert.Equal(t, "2017-08-30", o.Egenskap(9489).String())

	o = decode(t, "uberiket-v1-vegobjekt-538-gate-977736797.json")
	n, ok := o.Egenskap(4588).Heltall()
	assert.True(t, ok)
	assert.EqualValues(t, 4970, n)
	f, ok := o.Egenskap(4588).Flyttall()
	assert.True(t, ok, "a heltall reads as a float too")
	assert.Equal(t, 4970.0, f)
	txt, _ = o.Egenskap(4589).Tekst()
	assert.Equal(t, "Åsvegen", txt)
	assert.Equal(t, RetningMot, o.Stedfesting.Linjer[1].Retning)

	o = decode(t, "uberiket-v1-vegobjekt-616-feltstrekning-1020150975.json")
	assert.Len(t, o.Egenskaper, 16)
	assert.Equal(t, []int{5528, 12628, 12629}, o.Egenskaper.IDs()[:3])
}
