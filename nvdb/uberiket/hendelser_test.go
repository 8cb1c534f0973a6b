package uberiket_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// The fixtures' hendelse log: one VegobjektImportert per object from
// 150000001 in type and id order (types 45, 67, 105, 538, 581, 591, 616,
// 821), then the correction of Gate 977736797.
const (
	importGate     = 150000006
	correctionGate = 150000012
	fixtureSett    = "3c5e0b7a-2f41-4d8e-9a6b-1f0c7d2e8b94"
)

func hendelseID(h *uberiket.VegobjektHendelse) int64 { return h.HendelseID }

func TestHendelser(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()

	p, err := c.Hendelser.List(ctx, 538, nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{importGate, correctionGate}, ids(p.Items, hendelseID))
	assert.Equal(t, uberiket.VegobjektImportert, p.Items[0].HendelseType)
	assert.Equal(t, uberiket.VegobjektVersjonEndret, p.Items[1].HendelseType)
	navn, _ := p.Items[1].Data.EgenskapEndringer[4589].Tekst()
	assert.Equal(t, "Åsvegen", navn)

	var got []int64
	for h, err := range c.Hendelser.All(ctx, 538, &uberiket.HendelseQuery{Start: importGate}) {
		require.NoError(t, err)
		got = append(got, h.HendelseID)
	}
	assert.Equal(t, []int64{correctionGate}, got)

	pages := 0
	for p, err := range c.Hendelser.Pages(ctx, 105, &uberiket.HendelseQuery{Antall: 1, Hendelsetyper: []string{uberiket.VegobjektImportert}}) {
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		pages++
	}
	assert.Equal(t, 3, pages)

	got = nil
	for h, err := range c.Hendelser.Stream(ctx, 105, &uberiket.HendelseQuery{Antall: 2}) {
		require.NoError(t, err)
		got = append(got, h.VegobjektID)
	}
	assert.Equal(t, []int64{78697179, 85283803, 323113504}, got)

	got = nil
	for h, err := range c.Hendelser.MultiTypeAll(ctx, &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{105, 538},
		HendelseQuery: uberiket.HendelseQuery{Antall: 3}}) {
		require.NoError(t, err)
		got = append(got, h.HendelseID)
	}
	assert.Equal(t, []int64{150000003, 150000004, 150000005, importGate, correctionGate}, got)
	mp, err := c.Hendelser.MultiType(ctx, &uberiket.MultiTypeHendelseQuery{HendelseQuery: uberiket.HendelseQuery{
		VegobjektIDs: []int64{977736797}, StartDato: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}})
	require.NoError(t, err)
	assert.Equal(t, []int64{correctionGate}, ids(mp.Items, hendelseID))
	n := 0
	for _, err := range c.Hendelser.MultiTypePages(ctx, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
}

func TestHendelserSiste(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	h, err := c.Hendelser.Siste(ctx, 538, zeroTime)
	require.NoError(t, err)
	assert.Equal(t, int64(correctionGate), h.HendelseID)
	h, err = c.Hendelser.Siste(ctx, 538, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, int64(importGate), h.HendelseID)
	_, err = c.Hendelser.Siste(ctx, 538, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, uberiket.ErrNotFound)
	assert.Contains(t, srv.Requests()[len(srv.Requests())-1].Query, "tidspunkt=2020-01-01T00%3A00%3A00Z")

	list, err := c.Hendelser.MultiTypeSiste(ctx, []int{105, 538}, zeroTime)
	require.NoError(t, err)
	assert.Equal(t, []int64{150000005, correctionGate}, ids(list, hendelseID))
	_, err = c.Hendelser.MultiTypeSiste(ctx, nil, zeroTime)
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
}

func TestHendelserInvalid(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	first := func(seq func(func(*uberiket.VegobjektHendelse, error) bool)) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	for name, err := range map[string]error{
		"type":          first(c.Hendelser.All(ctx, 0, nil)),
		"hendelsetype":  first(c.Hendelser.All(ctx, 105, &uberiket.HendelseQuery{Hendelsetyper: []string{"NodeOpprettet"}})),
		"start":         first(c.Hendelser.All(ctx, 105, &uberiket.HendelseQuery{Start: -1})),
		"antall":        first(c.Hendelser.All(ctx, 105, &uberiket.HendelseQuery{Antall: 5000})),
		"dates":         first(c.Hendelser.All(ctx, 105, &uberiket.HendelseQuery{StartDato: time.Now(), SluttDato: time.Now().Add(-time.Hour)})),
		"stream filter": first(c.Hendelser.Stream(ctx, 105, &uberiket.HendelseQuery{VegobjektIDs: []int64{1}})),
		"stream antall": first(c.Hendelser.Stream(ctx, 105, &uberiket.HendelseQuery{Antall: 10_001})),
	} {
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument, name)
	}
	assert.Empty(t, srv.Requests())
}

// TestHendelserStreamOrder: a stream whose hendelser go back is an
// ErrInvalidResponse, yielded once, after the ones in order.
func TestHendelserStreamOrder(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	line := func(id int) string {
		return `{"hendelseId":` + itoa(id) + `,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0,"tidspunkt":"2025-05-02T20:00:00Z"}` + "\n"
	}
	srv.Script(uberikettest.Fault{Status: 200, Body: line(7) + line(9) + line(8)})
	var got []int64
	var errs []error
	for h, err := range c.Hendelser.Stream(context.Background(), 105, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, h.HendelseID)
	}
	assert.Equal(t, []int64{7, 9}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestVegnettHendelser(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	count := func(seq func(func(*uberiket.VegnettHendelse, error) bool)) int {
		n := 0
		for _, err := range seq {
			require.NoError(t, err)
			n++
		}
		return n
	}
	assert.Equal(t, 7, count(c.VegnettHendelser.All(ctx, &uberiket.VegnettHendelseQuery{Antall: 3})))
	assert.Equal(t, 2, count(c.VeglenkesekvensHendelser.All(ctx, nil)))
	assert.Equal(t, 5, count(c.NodeHendelser.All(ctx, &uberiket.VegnettHendelseQuery{Antall: 2})))
	assert.Equal(t, 1, count(c.NodeHendelser.All(ctx, &uberiket.VegnettHendelseQuery{IDs: []int64{95513}})))
	assert.Contains(t, srv.Requests()[len(srv.Requests())-1].Query, "nodeId=95513")
	assert.Equal(t, 1, count(c.VeglenkesekvensHendelser.All(ctx, &uberiket.VegnettHendelseQuery{IDs: []int64{41423},
		Hendelsetyper: []string{uberiket.VeglenkesekvensOpprettet}})))
	assert.Equal(t, 2, count(c.VeglenkesekvensHendelser.Stream(ctx, &uberiket.VegnettHendelseQuery{Antall: 1})))
	assert.Equal(t, 1, count(c.VegnettHendelser.All(ctx, &uberiket.VegnettHendelseQuery{IDs: []int64{1951809}})))

	p, err := c.VegnettHendelser.List(ctx, &uberiket.VegnettHendelseQuery{Start: 90000005})
	require.NoError(t, err)
	assert.Len(t, p.Items, 2)
	p, err = c.VeglenkesekvensHendelser.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, uberiket.VeglenkesekvensOpprettet, p.Items[0].HendelseType)
	p, err = c.NodeHendelser.List(ctx, &uberiket.VegnettHendelseQuery{Antall: 1})
	require.NoError(t, err)
	assert.Equal(t, uberiket.NodeOpprettet, p.Items[0].HendelseType)
	for _, f := range []func(*uberiket.VegnettHendelseQuery) (int, error){
		func(q *uberiket.VegnettHendelseQuery) (int, error) {
			n := 0
			for _, err := range c.VegnettHendelser.Pages(ctx, q) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		},
		func(q *uberiket.VegnettHendelseQuery) (int, error) {
			n := 0
			for _, err := range c.VeglenkesekvensHendelser.Pages(ctx, q) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		},
		func(q *uberiket.VegnettHendelseQuery) (int, error) {
			n := 0
			for _, err := range c.NodeHendelser.Pages(ctx, q) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		},
	} {
		n, err := f(&uberiket.VegnettHendelseQuery{Antall: 1, Start: 90000006})
		require.NoError(t, err)
		assert.LessOrEqual(t, n, 1)
	}

	h, err := c.VegnettHendelser.Siste(ctx, zeroTime)
	require.NoError(t, err)
	assert.Equal(t, int64(90000007), h.HendelseID)
	h, err = c.VeglenkesekvensHendelser.Siste(ctx, zeroTime)
	require.NoError(t, err)
	assert.Equal(t, int64(90000002), h.HendelseID)
	h, err = c.NodeHendelser.Siste(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, int64(90000007), h.HendelseID)

	_, err = c.VegnettHendelser.List(ctx, &uberiket.VegnettHendelseQuery{Hendelsetyper: []string{uberiket.VegobjektImportert}})
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
	for _, err := range c.VeglenkesekvensHendelser.Stream(ctx, &uberiket.VegnettHendelseQuery{IDs: []int64{1}}) {
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
	}
}

func TestEndringssett(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	var got []*uberiket.EndringssettHendelse
	for h, err := range c.Endringssett.All(ctx, fixtureSett, &uberiket.EndringssettQuery{Antall: 1}) {
		require.NoError(t, err)
		got = append(got, h)
	}
	require.Len(t, got, 1)
	require.NotNil(t, got[0].Vegobjekt)
	assert.Nil(t, got[0].Vegnett)
	assert.Equal(t, int64(977736797), got[0].Vegobjekt.VegobjektID)
	p, err := c.Endringssett.List(ctx, fixtureSett, nil)
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	pages := 0
	for _, err := range c.Endringssett.Pages(ctx, fixtureSett, nil) {
		require.NoError(t, err)
		pages++
	}
	assert.Equal(t, 1, pages)

	sett := srv.Change(105, 3)
	n := 0
	for _, err := range c.Endringssett.All(ctx, sett, &uberiket.EndringssettQuery{Antall: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.GreaterOrEqual(t, n, 3, "one or more hendelser per change")

	_, err = c.Endringssett.List(ctx, "42", nil)
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
	_, err = c.Endringssett.List(ctx, "00000000-0000-4000-8000-000000000000", nil)
	assert.ErrorIs(t, err, uberiket.ErrNotFound)
}
