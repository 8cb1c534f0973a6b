package apiskriv_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func TestPagesAndMetaPerPage(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			var metas []*apiskriv.Meta
			ctx := vegdata.OnMeta(context.Background(), func(m *vegdata.Meta) { metas = append(metas, m) })
			var starts, sizes []int
			for p, err := range e.c.Oppdrag.Pages(ctx, &apiskriv.OppdragQuery{Antall: 10}) {
				require.NoError(t, err)
				assert.Equal(t, 25, p.AntallTotalt)
				starts = append(starts, p.Start)
				sizes = append(sizes, len(p.Items))
			}
			assert.Equal(t, []int{1, 11, 21}, starts)
			assert.Equal(t, []int{10, 10, 5}, sizes)
			require.Len(t, metas, 3, "one Meta per page")
			for _, m := range metas {
				assert.Equal(t, "apiskriv", m.API)
				assert.Equal(t, 200, m.StatusCode)
				assert.Equal(t, 1, m.Attempts)
				assert.Regexp(t, `^[0-9a-f-]{36}$`, m.RequestID)
				assert.Contains(t, m.URL, "/rest/v1/oppdrag?")
			}

			// Resuming from a page's Next continues where it left off.
			p, err := e.c.Oppdrag.List(context.Background(), &apiskriv.OppdragQuery{Antall: 10, Start: 11})
			require.NoError(t, err)
			assert.Equal(t, 21, p.Next)
			n := 0
			for o, err := range e.c.Oppdrag.All(context.Background(), &apiskriv.OppdragQuery{Antall: 10, Start: p.Next}) {
				require.NoError(t, err)
				require.NotNil(t, o)
				n++
			}
			assert.Equal(t, 5, n)
		})
	}
}

func TestPagesRejectBadQueryOnce(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	before := len(e.srv.Requests())
	tests := []struct {
		name string
		seq  func(yield func(bool, error) bool)
	}{
		{"oppdrag", func(yield func(bool, error) bool) {
			for p, err := range e.c.Oppdrag.Pages(context.Background(), &apiskriv.OppdragQuery{Antall: -1}) {
				yield(p == nil, err)
			}
		}},
		{"transaksjoner", func(yield func(bool, error) bool) {
			for p, err := range e.c.Transaksjoner.Pages(context.Background(), nil) {
				yield(p == nil, err)
			}
		}},
		{"endringssett", func(yield func(bool, error) bool) {
			for p, err := range e.c.Endringssett.Pages(context.Background(), &apiskriv.EndringssettQuery{Start: -1}) {
				yield(p == nil, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			tt.seq(func(isNil bool, err error) bool {
				n++
				assert.True(t, isNil)
				assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
				return true
			})
			assert.Equal(t, 1, n)
		})
	}
	assert.Len(t, e.srv.Requests(), before, "no request for a bad query")
}

func TestMetaOfErrorAnswer(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	var m apiskriv.Meta
	_, err := e.c.Oppdrag.Get(vegdata.CaptureMeta(context.Background(), &m), 1)
	require.ErrorIs(t, err, apiskriv.ErrNotFound)
	assert.Equal(t, 404, m.StatusCode)
	assert.NotEmpty(t, m.RequestID)
}

func TestNilSafeAccessors(t *testing.T) {
	var st *apiskriv.Status
	var e *apiskriv.Endringssett
	var r *apiskriv.Resultat
	var m *apiskriv.Melding
	assert.Equal(t, apiskriv.Fremdrift(""), e.Fremdrift())
	assert.Equal(t, apiskriv.Fremdrift(""), (&apiskriv.Endringssett{}).Fremdrift())
	assert.Nil(t, st.AlleFeil())
	_, ok := st.OppdragID()
	assert.False(t, ok)
	_, ok = (&apiskriv.Status{Transaksjon: &apiskriv.StatusTransaksjon{}}).OppdragID()
	assert.False(t, ok)
	assert.False(t, st.TilgjengeligILes())
	assert.False(t, st.DryRun())
	assert.False(t, st.KanselleringErBestilt())
	assert.Nil(t, r.Vegobjekt("x"))
	_, ok = r.NvdbID("x")
	assert.False(t, ok)
	_, ok = m.EgenskapType()
	assert.False(t, ok)
	_, ok = (&apiskriv.Melding{}).Veglenke()
	assert.False(t, ok)
	_, ok = (&apiskriv.Melding{}).Port()
	assert.False(t, ok)
}

func TestAccessorsOnFinishedSet(t *testing.T) {
	e := newEnv(t, apiskriv.XML, nil)
	ctx := context.Background()
	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("tunnel#1"))
	reg, err := e.c.Endringssett.Register(ctx, doc, nil)
	require.NoError(t, err)
	_, err = e.c.Endringssett.Start(ctx, reg.ID)
	require.NoError(t, err)
	st, err := e.c.Endringssett.Wait(ctx, reg.ID, apiskriv.VentPaaLes())
	require.NoError(t, err)
	assert.True(t, st.TilgjengeligILes())
	assert.False(t, st.DryRun())
	assert.False(t, st.KanselleringErBestilt())
	oid, ok := st.OppdragID()
	assert.True(t, ok)
	assert.Positive(t, oid)
	id, ok := st.Resultat.NvdbID("tunnel#1")
	assert.True(t, ok)
	assert.Positive(t, id)
	got, err := e.c.Endringssett.Get(ctx, reg.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, apiskriv.FremdriftUtfortOgEtterbehandlet, got.Fremdrift())

	bad := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(apiskriv.NyttVegobjekt(581, "t#2").WithEgenskap(-5, "x"))
	vst, err := e.c.Endringssett.Validate(ctx, bad, nil)
	require.NoError(t, err)
	require.NotEmpty(t, vst.AlleFeil())
	et, ok := vst.AlleFeil()[0].EgenskapType()
	assert.True(t, ok)
	assert.Equal(t, -5, et)
}
