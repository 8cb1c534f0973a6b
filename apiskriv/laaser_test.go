package apiskriv_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func docLaas() apiskriv.Laas {
	return apiskriv.Laas{ID: 17900713, OppdragID: 3466724, Eier: &apiskriv.Eier{Brukernavn: "olanor", FulltNavn: "Ola Nordmann"},
		Opprettet: "2020-07-14T08:32:07Z", Opphav: apiskriv.OpphavKlassiskAPI,
		Vegobjekttyper: []apiskriv.LaastVegobjekttype{
			{TypeID: 852, Laastype: apiskriv.LaastypeNormal, Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens},
			{TypeID: 446, Laastype: apiskriv.LaastypeSekundaer, Lokasjonrelevans: apiskriv.LokasjonrelevansVeglenkesekvens}},
		Lokasjon: []apiskriv.LaastStrekning{{VeglenkesekvensID: 921808, Fra: 0.16808652, Til: 1}, {VeglenkesekvensID: 921809, Fra: 0, Til: 1},
			{VeglenkesekvensID: 921810, Fra: 0, Til: 1}}}
}

func TestLaaserGetAndList(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			l, err := e.c.Laaser.Get(ctx, 17900713)
			require.NoError(t, err)
			assert.Equal(t, docLaas(), *l)
			reqs := e.srv.Requests()
			assert.Equal(t, "/rest/v1/lås/17900713", reqs[len(reqs)-1].Path)

			// The documentation's search: antall=1&eier=olanor gives 43 in all.
			p, err := e.c.Laaser.List(ctx, &apiskriv.LaasQuery{Antall: 1, Eier: "olanor"})
			require.NoError(t, err)
			assert.Equal(t, 43, p.AntallTotalt)
			require.Len(t, p.Items, 1)
			assert.Equal(t, docLaas(), *p.Items[0])
			assert.Equal(t, 2, p.Next)
			reqs = e.srv.Requests()
			assert.Equal(t, "antall=1&eier=olanor", reqs[len(reqs)-1].Query)

			n := 0
			last := ""
			for l, err := range e.c.Laaser.All(ctx, &apiskriv.LaasQuery{Antall: 10, Eier: "olanor", SorterPaa: apiskriv.SorterTid, SorterStigende: apiskriv.Nei}) {
				require.NoError(t, err)
				if last != "" {
					assert.LessOrEqual(t, string(l.Opprettet), last, "descending by time")
				}
				last = string(l.Opprettet)
				n++
			}
			assert.Equal(t, 43, n)

			p, err = e.c.Laaser.List(ctx, &apiskriv.LaasQuery{OppdragID: 3466724})
			require.NoError(t, err)
			require.NotEmpty(t, p.Items)
			for _, l := range p.Items {
				assert.Equal(t, int64(3466724), l.OppdragID)
			}

			_, err = e.c.Laaser.Get(ctx, 1)
			assert.ErrorIs(t, err, apiskriv.ErrNotFound)
		})
	}
}

func TestLaaserQueryRefusedBeforeRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	before := len(e.srv.Requests())
	tests := []struct {
		name string
		q    *apiskriv.LaasQuery
	}{
		{"antall", &apiskriv.LaasQuery{Antall: 1001}},
		{"start", &apiskriv.LaasQuery{Start: -1}},
		{"sort key", &apiskriv.LaasQuery{SorterPaa: "NAVN"}},
		{"oppdragId", &apiskriv.LaasQuery{OppdragID: -3}},
		{"endringssett id", &apiskriv.LaasQuery{BlokkererEndringssettID: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Laaser.List(ctx, tt.q)
			assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		})
	}
	_, err := e.c.Laaser.Get(ctx, 0)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	assert.Len(t, e.srv.Requests(), before)
}

func strekninger(n int) []apiskriv.LaastStrekning {
	out := make([]apiskriv.LaastStrekning, n)
	for i := range out {
		out[i] = apiskriv.LaastStrekning{VeglenkesekvensID: int64(500000 + i), Fra: 0, Til: 1}
	}
	return out
}

func TestLaaserCreate(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			t.Cleanup(srv.Close)
			svc := newEnvOn(t, srv, "svc-vegdata", f)
			ola := newEnvOn(t, srv, "olanor", f)
			ctx := context.Background()

			in := &apiskriv.Laas{OppdragID: 3466724, Vegnettlaas: true, Lokasjon: strekninger(2),
				Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: 95}}}
			l, err := svc.c.Laaser.Create(ctx, in)
			require.NoError(t, err)
			assert.Positive(t, l.ID)
			assert.Equal(t, "svc-vegdata", l.EierBrukernavn())
			assert.True(t, l.Vegnettlaas)
			assert.Equal(t, apiskriv.LaastypeNormal, l.Vegobjekttyper[0].Laastype)
			assert.Equal(t, apiskriv.OpphavKlassiskAPI, l.Opphav)
			got, err := ola.c.Laaser.Get(ctx, l.ID)
			require.NoError(t, err)
			assert.Equal(t, l, got)

			// 403 with a fault: olanor may not change the network nor type 581.
			_, err = ola.c.Laaser.Create(ctx, &apiskriv.Laas{Vegnettlaas: true, Lokasjon: strekninger(1),
				Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: 581}}})
			require.ErrorIs(t, err, apiskriv.ErrForbidden)
			msgs := apiskriv.FaultMessages(err)
			require.Len(t, msgs, 2)
			assert.Contains(t, msgs[0], "vegnettsendringer")
			assert.Contains(t, msgs[1], "581")

			// More than 999 veglenkesekvenser is refused before a request.
			before := len(srv.Requests())
			_, err = svc.c.Laaser.Create(ctx, &apiskriv.Laas{Vegnettlaas: true, Lokasjon: strekninger(1000)})
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "FOR_MANGE_LENKESEKVENSER")
			assert.Len(t, srv.Requests(), before)
		})
	}
}

func TestLaaserCreateRefusedBeforeRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	before := len(e.srv.Requests())
	tests := []struct {
		name string
		l    *apiskriv.Laas
	}{
		{"nil", nil},
		{"nothing locked", &apiskriv.Laas{Lokasjon: strekninger(1)}},
		{"no lokasjon", &apiskriv.Laas{Vegnettlaas: true}},
		{"bad type", &apiskriv.Laas{Lokasjon: strekninger(1), Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: 0}}}},
		{"fra after til", &apiskriv.Laas{Vegnettlaas: true, Lokasjon: []apiskriv.LaastStrekning{{VeglenkesekvensID: 1, Fra: 0.8, Til: 0.2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Laaser.Create(context.Background(), tt.l)
			assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		})
	}
	assert.Len(t, e.srv.Requests(), before)
}

func TestBlokkerendeLaaserResolveToLocks(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, []apiskrivtest.Option{apiskrivtest.WithLocked(737948714)})
			ctx := context.Background()
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
				AddDelvisOppdater(apiskriv.EksisterendeVegobjekt(83, 737948714, 1).WithEgenskap(1269, "Drenering"))
			reg, err := e.c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			st, err := e.c.Endringssett.Status(ctx, reg.ID, nil)
			require.NoError(t, err)
			require.Equal(t, apiskriv.FremdriftVenter, st.Fremdrift)
			require.Len(t, st.BlokkerendeLaaser, 1)

			locks, err := e.c.Laaser.Blokkerende(ctx, st)
			require.NoError(t, err)
			require.Len(t, locks, 1)
			assert.Equal(t, st.BlokkerendeLaaser[0], locks[0].ID)
			assert.Equal(t, "karnor", locks[0].EierBrukernavn())

			p, err := e.c.Laaser.List(ctx, &apiskriv.LaasQuery{BlokkererEndringssettID: reg.ID})
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Equal(t, locks[0].ID, p.Items[0].ID)

			e.srv.Unlock(737948714)
			final, err := e.c.Endringssett.Wait(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftUtfort, final.Fremdrift)
			assert.Empty(t, final.BlokkerendeLaaser)
			none, err := e.c.Laaser.Blokkerende(ctx, nil)
			require.NoError(t, err)
			assert.Empty(t, none)
		})
	}
}

func TestLaasingReleasesLockWhenDone(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			t.Cleanup(srv.Close)
			e := newEnvOn(t, srv, "svc-vegdata", f)
			ctx := context.Background()
			l, err := e.c.Laaser.Create(ctx, &apiskriv.Laas{Lokasjon: strekninger(1), Vegobjekttyper: []apiskriv.LaastVegobjekttype{{TypeID: 581}}})
			require.NoError(t, err)
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).WithLaasing(l.ID, apiskriv.FremdriftUtfort).
				AddRegistrer(tunnel("tunnel#1"))
			reg, err := e.c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			got, err := e.c.Endringssett.Get(ctx, reg.ID, nil)
			require.NoError(t, err)
			require.NotNil(t, got.Laasing)
			assert.Equal(t, apiskriv.Laasing{LaasID: l.ID, SlettLaasAutomatiskNaar: apiskriv.FremdriftUtfort}, *got.Laasing)
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			st, err := e.c.Endringssett.Wait(ctx, reg.ID)
			require.NoError(t, err)
			require.Equal(t, apiskriv.FremdriftUtfort, st.Fremdrift)
			_, err = e.c.Laaser.Get(ctx, l.ID)
			assert.ErrorIs(t, err, apiskriv.ErrNotFound, "the lock is removed when the set reaches UTFØRT")

			bad := apiskriv.NewEndringssett("2.37").WithLaasing(0, "BEHANDLES").AddRegistrer(tunnel("t"))
			err = bad.Check()
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "låsId")
			assert.Contains(t, err.Error(), "slettLåsAutomatiskNår")
		})
	}
}

func TestSeedLaasAndAutorisasjonDecode(t *testing.T) {
	var l apiskriv.Laas
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v1-laas-get.xml"), &l))
	assert.Equal(t, docLaas(), l)
	ll, err := seedClient(t, "doc-v1-laasliste.xml").Laaser.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, 43, ll.AntallTotalt)
	require.Len(t, ll.Items, 1)
	assert.Equal(t, docLaas(), *ll.Items[0])

	var a apiskriv.Autorisasjon
	require.NoError(t, xml.Unmarshal(readTestdata(t, "doc-v1-autorisasjon.xml"), &a))
	assert.Equal(t, []int{95, 96, 538}, a.Hva.Vegobjekttyper)
	assert.Equal(t, apiskriv.Nei, a.Hva.Vegnett)
	assert.Empty(t, a.Hvor.Kommuner)
	assert.Len(t, a.Hvor.Fylker, 11)
	assert.Equal(t, apiskriv.Nei, a.KanDeaktivereValideringsregler)

	// The lock goes back out in the documented form, root <lås> in lock/v1.
	b, err := json.Marshal(docLaas())
	require.NoError(t, err)
	assert.Contains(t, string(b), `"vegnettlås":false`)
	assert.Contains(t, string(b), `"låstype":"SEKUNDÆR"`)
}
