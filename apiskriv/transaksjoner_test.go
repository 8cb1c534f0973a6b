package apiskriv_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func seedTransaksjon(srv *apiskrivtest.Server) apiskriv.Transaksjon {
	return apiskriv.Transaksjon{
		OppdragID: 3466724, Tidspunkt: "2016-09-20T09:12:46", Brukernavn: "olanor",
		Objekttyper: []apiskriv.TransaksjonObjekttype{{
			TypeID: 83, Objekttype: apiskriv.ObjekttypeVegobjekt,
			Objekter: []apiskriv.TransaksjonObjekt{{
				ObjektID: 737948714, Transaksjonstype: apiskriv.TransaksjonstypeNy, Objektversjon: 1, Startdato: "2016-09-20",
				Ressurser: apiskriv.Ressurser{{Rel: "objekt", Src: srv.URL + "/rest/v3/les/vegobjekt/83/737948714/1"}},
			}},
		}},
		Ressurser: apiskriv.Ressurser{{Rel: "oppdrag", Src: srv.URL + "/rest/v1/oppdrag/3466723"}},
	}
}

func TestTransaksjonerByOppdrag(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			var got []*apiskriv.Transaksjon
			for tr, err := range e.c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724}) {
				require.NoError(t, err)
				got = append(got, tr)
			}
			require.Len(t, got, 1)
			assert.Equal(t, seedTransaksjon(e.srv), *got[0])

			p, err := e.c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{VegobjektID: 737948714, Antall: 10, SorterPaa: apiskriv.SorterBrukernavn, SorterStigende: apiskriv.Ja})
			require.NoError(t, err)
			assert.Equal(t, 1, p.AntallTotalt)
			assert.Equal(t, 0, p.Next)
			reqs := e.srv.Requests()
			assert.Equal(t, "antall=10&sorterP%C3%A5=BRUKERNAVN&sorterStigende=JA&vegobjektId=737948714", reqs[len(reqs)-1].Query)

			// Following the oppdrag's transaksjoner link gives the same list.
			o, err := e.c.Oppdrag.Get(ctx, 3466724)
			require.NoError(t, err)
			var l apiskriv.Page[apiskriv.Transaksjon]
			err = e.c.Follow(ctx, o.Ressurser, "transaksjoner", &l)
			require.NoError(t, err)
			assert.Equal(t, 1, l.AntallTotalt)
			assert.Equal(t, got, l.Items)
		})
	}
}

func TestTransaksjonerPaging(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			// karnor's generated oppdrag 3467842 (i=1) has two transaksjoner.
			p, err := e.c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3467842, Antall: 1})
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Equal(t, 2, p.AntallTotalt)
			assert.Equal(t, 2, p.Next)
			p2, err := e.c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3467842, Antall: 1, Start: p.Next})
			require.NoError(t, err)
			require.Len(t, p2.Items, 1)
			assert.Equal(t, 0, p2.Next)
			assert.Less(t, string(p.Items[0].Tidspunkt), string(p2.Items[0].Tidspunkt))
			assert.Equal(t, "karnor", p2.Items[0].Brukernavn)

			n := 0
			for tr, err := range e.c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{VegobjektID: 800000100, FraDato: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), Eier: "karnor"}) {
				require.NoError(t, err)
				assert.Equal(t, int64(3467842), tr.OppdragID)
				n++
			}
			assert.Equal(t, 1, n)
		})
	}
}

func TestTransaksjonQueryRules(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	const es = "63de0209-18b3-43d7-9944-69a3bc6d4037"
	tests := []struct {
		name string
		q    *apiskriv.TransaksjonQuery
		want string
	}{
		{"nil", nil, "required"},
		{"no id", &apiskriv.TransaksjonQuery{Eier: "olanor"}, "at least one of"},
		{"endringssett and oppdrag", &apiskriv.TransaksjonQuery{EndringssettID: es, OppdragID: 1}, "endringssettId and oppdragId"},
		{"vegobjekt and nettelement", &apiskriv.TransaksjonQuery{VegobjektID: 1, NettelementID: 2}, "vegobjektId and nettelementId"},
		{"bad uuid", &apiskriv.TransaksjonQuery{EndringssettID: "abc"}, "UUID"},
		{"negative id", &apiskriv.TransaksjonQuery{OppdragID: -5}, "positive"},
		{"antall", &apiskriv.TransaksjonQuery{OppdragID: 1, Antall: 5000}, "antall"},
		{"sort", &apiskriv.TransaksjonQuery{OppdragID: 1, SorterPaa: "X"}, "sorterPå"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Transaksjoner.List(context.Background(), tt.q)
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.want)
			for _, err := range e.c.Transaksjoner.All(context.Background(), tt.q) {
				require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			}
		})
	}
	assert.Zero(t, len(e.srv.Requests()), "bad combinations never reach the server")

	// Allowed combinations.
	for _, q := range []*apiskriv.TransaksjonQuery{
		{EndringssettID: es, VegobjektID: 1}, {OppdragID: 1, NettelementID: 2}, {NettelementID: 2},
	} {
		p, err := e.c.Transaksjoner.List(context.Background(), q)
		require.NoError(t, err)
		assert.Zero(t, p.AntallTotalt)
	}
}

func TestTransaksjonServerSideRules(t *testing.T) {
	// The fake enforces the same rules for clients that skip the checks.
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	e := newEnvOn(t, srv, "olanor", apiskriv.XML)
	var l apiskriv.Page[apiskriv.Transaksjon]
	err := e.c.Follow(context.Background(), apiskriv.Ressurser{{Rel: "x", Src: srv.URL + "/rest/v1/transaksjon?eier=olanor"}}, "x", &l)
	var ae *apiskriv.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 400, ae.StatusCode)
	assert.Contains(t, ae.Message, "Minst én av parametrene")
}
