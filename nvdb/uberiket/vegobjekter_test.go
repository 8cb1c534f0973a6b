package uberiket_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

func ids[T any](items []*T, id func(*T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func vegobjektID(o *uberiket.Vegobjekt) int64 { return o.ID }

func TestVegobjekterList(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()

	p, err := c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{Antall: 2})
	require.NoError(t, err)
	assert.Equal(t, []int64{78697179, 85283803}, ids(p.Items, vegobjektID))
	assert.Equal(t, "85283803-1", p.Next, "the versions of 85283803 go on on the next page")
	assert.Equal(t, 2, p.Returnert)
	assert.Equal(t, 2, p.Sidestorrelse)

	next, err := c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{Antall: 2, Start: p.Next})
	require.NoError(t, err)
	assert.Equal(t, []int64{85283803, 323113504}, ids(next.Items, vegobjektID))
	assert.Equal(t, 2, next.Items[0].Versjon)
	assert.Equal(t, p.Next, next.Start)

	var all []int64
	for o, err := range c.Vegobjekter.All(ctx, 105, &uberiket.VegobjektQuery{Antall: 1}) {
		require.NoError(t, err)
		all = append(all, o.ID)
	}
	assert.Equal(t, []int64{78697179, 85283803, 85283803, 323113504}, all, "every version")

	pages := 0
	for p, err := range c.Vegobjekter.Pages(ctx, 105, &uberiket.VegobjektQuery{Dato: "2008-01-01", Inkluder: []uberiket.Inkluder{uberiket.InkluderMinimum}}) {
		require.NoError(t, err)
		pages++
		require.Len(t, p.Items, 2, "the versions valid in 2008")
		for _, o := range p.Items {
			assert.Nil(t, o.Egenskaper, "inkluder=minimum")
		}
	}
	assert.Equal(t, 1, pages)

	p, err = c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{IDs: []int64{323113504}, Stedfesting: []string{"2098119"}})
	require.NoError(t, err)
	assert.Equal(t, []int64{323113504}, ids(p.Items, vegobjektID))
	assert.Empty(t, p.Next)
	assert.Contains(t, srv.Requests()[len(srv.Requests())-1].Query, "ider=323113504")
}

func TestVegobjekterMultiType(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	var got []int64
	for o, err := range c.Vegobjekter.MultiTypeAll(context.Background(), &uberiket.MultiTypeQuery{TypeIDs: []int{581, 45},
		VegobjektQuery: uberiket.VegobjektQuery{Antall: 1}}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, []int64{79608124, 79632559, 89204551}, got)
	n := 0
	for p, err := range c.Vegobjekter.MultiTypePages(context.Background(), &uberiket.MultiTypeQuery{TypeIDs: []int{581}}) {
		require.NoError(t, err)
		n += len(p.Items)
	}
	assert.Equal(t, 2, n)
	p, err := c.Vegobjekter.MultiType(context.Background(), &uberiket.MultiTypeQuery{TypeIDs: []int{45}})
	require.NoError(t, err)
	assert.Equal(t, "Madlaveien", func() string { s, _ := p.Items[0].Egenskap(1078).Tekst(); return s }())
}

func TestVegobjekterGet(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()

	o, err := c.Vegobjekter.Get(ctx, 105, 85283803, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, o.Versjon)
	fart, ok := o.Egenskap(2021).EnumID()
	assert.True(t, ok)
	assert.Equal(t, 2730, fart)

	o, err = c.Vegobjekter.Get(ctx, 105, 85283803, &uberiket.VegobjektOptions{Dato: "2006-01-01",
		Inkluder: []uberiket.Inkluder{uberiket.InkluderGyldighetsperiode}})
	require.NoError(t, err)
	assert.Equal(t, 1, o.Versjon)
	assert.Equal(t, uberiket.Dato("2009-01-01"), o.Sluttdato())
	assert.Nil(t, o.Stedfesting)

	o, err = c.Vegobjekter.GetByID(ctx, 89204552, nil)
	require.NoError(t, err)
	assert.Equal(t, 67, o.TypeID)
	assert.Equal(t, 3, o.Versjon)

	o, err = c.Vegobjekter.GetVersjon(ctx, 67, 89204552, 2, uberiket.InkluderEgenskaper)
	require.NoError(t, err)
	assert.Equal(t, 2, o.Versjon)
	assert.Nil(t, o.Stedfesting)

	o, err = c.Vegobjekter.GetHistorisk(ctx, 67, 89204552, "2016-05-17")
	require.NoError(t, err)
	assert.Equal(t, 2, o.Versjon)

	_, err = c.Vegobjekter.GetVersjon(ctx, 67, 89204552, 9)
	assert.ErrorIs(t, err, uberiket.ErrNotFound)
}

// TestVegobjekterInvalid: bad input is refused before any request.
func TestVegobjekterInvalid(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	calls := map[string]func() error{
		"type 0": func() error { _, err := c.Vegobjekter.List(ctx, 0, nil); return err },
		"antall": func() error {
			_, err := c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{Antall: 1001})
			return err
		},
		"inkluder": func() error {
			_, err := c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{Inkluder: []uberiket.Inkluder{"geometri"}})
			return err
		},
		"dato": func() error {
			_, err := c.Vegobjekter.List(ctx, 105, &uberiket.VegobjektQuery{Dato: "01.01.2020"})
			return err
		},
		"ids": func() error {
			_, err := c.Vegobjekter.MultiType(ctx, &uberiket.MultiTypeQuery{VegobjektQuery: uberiket.VegobjektQuery{IDs: []int64{-1}}})
			return err
		},
		"type ids": func() error {
			_, err := c.Vegobjekter.MultiType(ctx, &uberiket.MultiTypeQuery{TypeIDs: []int{0}})
			return err
		},
		"get id":    func() error { _, err := c.Vegobjekter.Get(ctx, 105, 0, nil); return err },
		"get by id": func() error { _, err := c.Vegobjekter.GetByID(ctx, -3, nil); return err },
		"versjon":   func() error { _, err := c.Vegobjekter.GetVersjon(ctx, 105, 1, 0); return err },
		"no dato":   func() error { _, err := c.Vegobjekter.GetHistorisk(ctx, 105, 1, ""); return err },
		"options dato": func() error {
			_, err := c.Vegobjekter.Get(ctx, 105, 1, &uberiket.VegobjektOptions{Dato: "x"})
			return err
		},
		"all": func() error {
			for _, err := range c.Vegobjekter.All(ctx, -1, nil) {
				return err
			}
			return nil
		},
	}
	for name, f := range calls {
		t.Run(name, func(t *testing.T) { assert.ErrorIs(t, f(), uberiket.ErrInvalidArgument) })
	}
	assert.Empty(t, srv.Requests())
}

// TestEnvelopeChecks: a 200 that is not the documented shape is
// ErrInvalidResponse, never an empty success.
func TestEnvelopeChecks(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, body string
		call       func(c *uberiket.Client) error
	}{
		{"empty page", `{}`, func(c *uberiket.Client) error { _, err := c.Vegobjekter.List(ctx, 105, nil); return err }},
		{"page without metadata", `{"vegobjekter":[]}`, func(c *uberiket.Client) error { _, err := c.Vegobjekter.List(ctx, 105, nil); return err }},
		{"null item", `{"noder":[null],"metadata":{"returnert":1,"sidestorrelse":1}}`,
			func(c *uberiket.Client) error { _, err := c.Noder.List(ctx, nil); return err }},
		{"html", `<html>maintenance</html>`, func(c *uberiket.Client) error { _, err := c.Vegobjekter.Get(ctx, 105, 1, nil); return err }},
		{"empty object", `{}`, func(c *uberiket.Client) error { _, err := c.Vegobjekter.Get(ctx, 105, 1, nil); return err }},
		{"siste of another type", `{"hendelseId":5,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":45,"vegobjektVersjon":0,"tidspunkt":"2025-05-02T20:00:00Z"}`,
			func(c *uberiket.Client) error { _, err := c.Hendelser.Siste(ctx, 105, zeroTime); return err }},
		{"siste list", `{}`, func(c *uberiket.Client) error {
			_, err := c.Hendelser.MultiTypeSiste(ctx, []int{105}, zeroTime)
			return err
		}},
		{"stream junk", "{\"id\":1}\n", func(c *uberiket.Client) error {
			for _, err := range c.Vegobjekter.Stream(ctx, 105, &uberiket.StreamQuery{Parallel: 1}) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv)
			srv.Script(uberikettest.Fault{Status: 200, Body: tc.body})
			assert.ErrorIs(t, tc.call(c), uberiket.ErrInvalidResponse)
		})
	}
}

func TestVegobjekterMultiTypeStream(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	var got []int64
	for o, err := range c.Vegobjekter.MultiTypeStream(ctx, &uberiket.MultiTypeStreamQuery{TypeIDs: []int{581, 45}, Antall: 1}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, []int64{79608124, 79632559, 89204551}, got)
	got = nil
	for o, err := range c.Vegobjekter.MultiTypeStream(ctx, &uberiket.MultiTypeStreamQuery{IDs: []int64{89204552, 79632559, 1}}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, []int64{79632559, 89204552}, got)
	got = nil
	for o, err := range c.Vegobjekter.MultiTypeStream(ctx, &uberiket.MultiTypeStreamQuery{TypeIDs: []int{105}, Dato: "2006-01-01"}) {
		require.NoError(t, err)
		got = append(got, o.ID)
		assert.Equal(t, 1, o.Versjon)
	}
	assert.Equal(t, []int64{78697179, 85283803}, got, "the versions of 2006")
	for _, err := range c.Vegobjekter.MultiTypeStream(ctx, &uberiket.MultiTypeStreamQuery{TypeIDs: []int{-1}}) {
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
	}
}

// TestMultiTypeStreamIgnoringStart: a server that answers the same
// objects again after start is an ErrInvalidResponse, not a loop.
func TestMultiTypeStreamIgnoringStart(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	line := `{"id":78697179,"versjon":1,"typeId":105,"sistEndret":"2023-01-01T12:34:56Z"}` + "\n"
	srv.Script(uberikettest.Fault{Status: 200, Body: line}, uberikettest.Fault{Status: 200, Body: line})
	var errs []error
	n := 0
	for _, err := range c.Vegobjekter.MultiTypeStream(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
}

func TestVegobjekterStreamFixtures(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	var got []int64
	for o, err := range c.Vegobjekter.Stream(ctx, 67, nil) {
		require.NoError(t, err)
		got = append(got, o.ID)
		assert.Equal(t, 3, o.Versjon, "the active version")
	}
	assert.Equal(t, []int64{89204552}, got)

	got = nil
	for o, err := range c.Vegobjekter.Stream(ctx, 105, &uberiket.StreamQuery{IDs: []int64{323113504, 78697179, 78697179, 5}}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	slices.Sort(got)
	assert.Equal(t, []int64{78697179, 323113504}, got)
}
