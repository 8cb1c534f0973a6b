package nvdb_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

func TestOmrader(t *testing.T) {
	ctx := context.Background()
	c, _ := newClient(t, nil)
	om := c.Omrader

	fylker, err := om.Fylker(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, fylker)
	assert.Equal(t, &nvdb.Fylke{ID: 3, Navn: "Oslo", Nummer: 3, Organisasjonsnummer: 958935420}, fylker[0])

	fylker, err = om.Fylker(ctx, &nvdb.OmradeQuery{Inkluder: []nvdb.OmradeInkluder{nvdb.OmradeInkluderAlle}, Srid: nvdb.Srid4326})
	require.NoError(t, err)
	require.NotNil(t, fylker[0].Kartutsnitt)
	assert.Equal(t, 4326, fylker[0].Kartutsnitt.Srid)
	assert.True(t, strings.HasPrefix(fylker[0].Senterpunkt.WKT, "POINT (59."), fylker[0].Senterpunkt.WKT)
	assert.Equal(t, 945, fylker[0].Vegobjekt.Type)

	kommuner, err := om.Kommuner(ctx, &nvdb.OmradeQuery{Inkluder: []nvdb.OmradeInkluder{nvdb.OmradeInkluderKartutsnitt}})
	require.NoError(t, err)
	var oslo *nvdb.Kommune
	for i := range kommuner {
		if kommuner[i].Nummer == 301 {
			oslo = kommuner[i]
		}
	}
	require.NotNil(t, oslo)
	assert.Equal(t, "Oslo", oslo.Navn)
	assert.Equal(t, 3, oslo.Fylke)
	require.NotNil(t, oslo.Kartutsnitt)
	assert.Nil(t, oslo.Senterpunkt)
	assert.Equal(t, 5973, oslo.Kartutsnitt.Srid)

	ko, err := om.Kontraktsomrader(ctx, nvdb.OmradeInkluderVegobjekt)
	require.NoError(t, err)
	require.NotEmpty(t, ko)
	assert.Equal(t, "1260 Hordaland vest 2016-2022", ko[0].Navn)
	assert.Contains(t, ko[0].Fylker, 46)
	require.NotNil(t, ko[0].Vegobjekt)

	rv, err := om.Riksvegruter(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, rv)
	assert.Equal(t, "RUTE4A", rv[0].Riksvegrute)

	vf, err := om.Vegforvaltere(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, vf)

	adr, err := om.Adresser(ctx, nvdb.OmradeInkluderVegobjektID)
	require.NoError(t, err)
	require.NotEmpty(t, adr)
	assert.Equal(t, 301, adr[0].Kommune)
	require.NotEmpty(t, adr[0].VegobjektIder)
	assert.Empty(t, adr[0].Vegobjekter)
	o, err := c.Vegobjekter.Get(ctx, 105, adr[0].VegobjektIder[0], nil)
	require.NoError(t, err, "the ids of an address are real objects")
	assert.Equal(t, []int{301}, o.Lokasjon.Kommuner)
}

func TestOmraderErrorsAndCache(t *testing.T) {
	ctx := context.Background()
	c, srv, rec := recordingClient(t, nil)
	before := len(srv.Requests())
	_, err := c.Omrader.Kontraktsomrader(ctx, nvdb.OmradeInkluderKartutsnitt)
	assert.ErrorContains(t, err, "inkluder")
	_, err = c.Omrader.Fylker(ctx, &nvdb.OmradeQuery{Srid: "1234"})
	assert.ErrorContains(t, err, "srid")
	_, err = c.Omrader.Adresser(ctx, nvdb.OmradeInkluderSenterpunkt)
	assert.Error(t, err)
	assert.Equal(t, before, len(srv.Requests()))

	a, err := c.Omrader.Kommuner(ctx, nil)
	require.NoError(t, err)
	want := slices.Clone(a)
	slices.Reverse(a) // the caller's own slice: the cache is not disturbed
	b, err := c.Omrader.Kommuner(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, want, b)
	log := rec.all()
	require.Len(t, log, 2)
	assert.NotEmpty(t, log[1].ifNoneMatch)
	assert.Equal(t, http.StatusNotModified, log[1].status)
}
