package nvdb_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

// TestNilSafeAccessors reads what is not there, on a real object fetched
// without the parts it reads, on an empty object and on nil: every read
// reports "not there" and none panics.
func TestNilSafeAccessors(t *testing.T) {
	c, _ := newClient(t, nil)
	// Only the egenskaper: no metadata, geometri, lokasjon or relasjoner.
	real, err := c.Vegobjekter.Get(context.Background(), 105, 78697179, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderEgenskaper}})
	require.NoError(t, err)
	require.NotEmpty(t, real.Egenskaper)
	require.Nil(t, real.Metadata)
	require.Nil(t, real.Lokasjon)

	for name, o := range map[string]*nvdb.Vegobjekt{"fetched": real, "empty": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			missing := o.Egenskap(999999)
			assert.Nil(t, missing)
			n, ok := missing.Heltall()
			assert.False(t, ok)
			assert.Zero(t, n)
			_, ok = missing.Tekst()
			assert.False(t, ok)
			_, ok = missing.Flyttall()
			assert.False(t, ok)
			_, ok = missing.Boolsk()
			assert.False(t, ok)
			_, ok = missing.Dato()
			assert.False(t, ok)
			_, _, ok = missing.Kortdato()
			assert.False(t, ok)
			_, _, ok = missing.Tid()
			assert.False(t, ok)
			_, _, ok = missing.Geometri()
			assert.False(t, ok)
			_, ok = missing.Enum()
			assert.False(t, ok)
			assert.True(t, missing.IsNull())
			assert.Empty(t, missing.String())
			assert.Nil(t, o.EgenskapByNavn("Finnes ikke"))

			assert.Zero(t, o.TypeID())
			assert.Zero(t, o.Versjon())
			_, _, ok = o.Gyldighet()
			assert.False(t, ok)
			assert.True(t, o.SistModifisert().IsZero())
			_, _, ok = o.WKT()
			assert.False(t, ok)
			assert.Nil(t, o.Kommuner())
			assert.Nil(t, o.Fylker())
			assert.Nil(t, o.Vegsystemreferanser())
			assert.Nil(t, o.Stedfestinger())
			assert.Nil(t, o.Foreldre())
			assert.Nil(t, o.Barn())
		})
	}

	// The same object with everything: the accessors find it.
	full, err := c.Vegobjekter.Get(context.Background(), 105, 78697179, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}})
	require.NoError(t, err)
	assert.Equal(t, 105, full.TypeID())
	assert.Positive(t, full.Versjon())
	start, _, ok := full.Gyldighet()
	assert.True(t, ok)
	assert.NotEmpty(t, start)
	_, srid, ok := full.WKT()
	assert.True(t, ok)
	assert.NotZero(t, srid)
	assert.NotEmpty(t, full.Kommuner())
	fart, ok := full.Egenskap(2021).Heltall()
	assert.True(t, ok)
	assert.Positive(t, fart)
}
