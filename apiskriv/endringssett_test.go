package apiskriv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func tunnel(tempID string) *apiskriv.Vegobjekt {
	return apiskriv.NyttVegobjekt(581, tempID).
		WithGyldighetsperiode("2020-01-01", "").
		WithEgenskap(5225, "Grevlingtunnelen").
		WithPunkt(1125766, 0.3)
}

func TestEndringssettLifecycle(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).WithEksternRef("ABC123").
				AddRegistrer(tunnel("tunnel#1")).
				AddDelvisOppdater(apiskriv.EksisterendeVegobjekt(83, 737948714, 1).WithEgenskap(1269, "Drenering").WithoutEgenskap(7065))

			var meta apiskriv.Meta
			reg, err := e.c.Endringssett.Register(vegdata.CaptureMeta(ctx, &meta), doc, nil)
			require.NoError(t, err)
			assert.Regexp(t, `^[0-9a-f-]{36}$`, reg.ID)
			assert.Equal(t, 201, meta.StatusCode)
			assert.Equal(t, e.srv.URL+"/rest/v3/endringssett/"+reg.ID, reg.Location)
			assert.Equal(t, reg.Location, meta.Header.Get("Location"))
			assert.Equal(t, "apiskriv", meta.API)
			assert.Equal(t, 1, meta.Attempts)
			for _, rel := range []string{"self", "start", "kanseller", "status", "fremdrift", "fremdriftOgÅrsak"} {
				_, ok := reg.Ressurser.Src(rel)
				assert.True(t, ok, rel)
			}
			reqs := e.srv.Requests()
			post := reqs[len(reqs)-1]
			assert.Equal(t, "go-vegdata-test", post.Header.Get("X-Client"))
			assert.Contains(t, post.Header.Get("Content-Type"), map[apiskriv.Format]string{apiskriv.JSON: "application/json", apiskriv.XML: "application/xml"}[f])

			fr, err := e.c.Endringssett.Fremdrift(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftIkkeStartet, fr)
			_, err = e.c.Endringssett.Wait(ctx, reg.ID)
			assert.ErrorIs(t, err, apiskriv.ErrNotStarted)

			links, err := e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			_, ok := links.Src("fremdrift")
			assert.True(t, ok)

			var seen []apiskriv.Fremdrift
			st, err := e.c.Endringssett.Wait(ctx, reg.ID, apiskriv.VentPaaLes(), apiskriv.OnFremdrift(func(f apiskriv.Fremdrift) { seen = append(seen, f) }))
			require.NoError(t, err)
			assert.Equal(t, []apiskriv.Fremdrift{apiskriv.FremdriftBehandles, apiskriv.FremdriftUtfort, apiskriv.FremdriftUtfortOgEtterbehandlet}, seen)
			assert.Equal(t, apiskriv.FremdriftUtfortOgEtterbehandlet, st.Fremdrift)
			assert.True(t, st.Etterbehandling.TilgjengeligILes)
			assert.Equal(t, "olanor", st.Eier)
			assert.Equal(t, "go-vegdata-test", st.Klient)
			require.NotNil(t, st.Resultat)
			require.Len(t, st.Resultat.Vegobjekter, 2)
			assert.Empty(t, st.Resultat.AlleFeil())
			assert.Equal(t, "tunnel#1", st.Resultat.Vegobjekter[0].TempID)
			assert.NotZero(t, st.Resultat.Vegobjekter[0].NvdbID)
			assert.Equal(t, 1, st.Resultat.Vegobjekter[0].Versjon)
			assert.Equal(t, 2, st.Resultat.Vegobjekter[1].Versjon)
			require.NotZero(t, st.Transaksjon.OppdragID)

			// The finished set is an oppdrag with one transaksjon.
			var o apiskriv.Oppdrag
			err = e.c.Follow(ctx, st.Ressurser, "oppdrag", &o)
			require.NoError(t, err)
			assert.Equal(t, st.Transaksjon.OppdragID, o.ID)
			assert.Equal(t, "ABC123", o.Navn)
			assert.Equal(t, "olanor", o.Bruker.Brukernavn)
			var trs []*apiskriv.Transaksjon
			for tr, err := range e.c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{EndringssettID: reg.ID}) {
				require.NoError(t, err)
				trs = append(trs, tr)
			}
			require.Len(t, trs, 1)
			assert.Equal(t, st.Transaksjon.Tidspunkt, trs[0].Tidspunkt)
			require.Len(t, trs[0].Objekttyper, 2)
			assert.Equal(t, 581, trs[0].Objekttyper[0].TypeID)
			assert.Equal(t, apiskriv.TransaksjonstypeNy, trs[0].Objekttyper[0].Objekter[0].Transaksjonstype)
			assert.Equal(t, apiskriv.Dato("2020-01-01"), trs[0].Objekttyper[0].Objekter[0].Startdato)
			assert.Equal(t, int64(737948714), trs[0].Objekttyper[1].Objekter[0].ObjektID)

			// Get returns the document as submitted, with its status.
			got, err := e.c.Endringssett.Get(ctx, reg.ID, &apiskriv.StatusQuery{InkluderResultat: apiskriv.Nei})
			require.NoError(t, err)
			assert.Equal(t, reg.ID, got.ID)
			assert.Nil(t, got.Status.Resultat)
			assert.Equal(t, doc.Registrer, got.Registrer)
			assert.Equal(t, doc.DelvisOppdater, got.DelvisOppdater)
			assert.Equal(t, apiskriv.OperasjonSlett, got.DelvisOppdater.Vegobjekter[0].Egenskaper[1].Operasjon)

			// A finished set cannot be cancelled or restarted.
			_, err = e.c.Endringssett.Cancel(ctx, reg.ID)
			var ae *apiskriv.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 422, ae.StatusCode)
			assert.Contains(t, ae.Message, "kan ikke kanselleres")
			_, err = e.c.Endringssett.Restart(ctx, reg.ID)
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 422, ae.StatusCode)
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.ErrorAs(t, err, &ae)
			assert.Contains(t, ae.Message, "allerede startet")

			// The new object's version is now 2: a stale version conflicts.
			doc2 := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(83, 737948714, 1, "2024-12-31", true)
			reg2, err := e.c.Endringssett.Register(ctx, doc2, nil)
			require.NoError(t, err)
			_, err = e.c.Endringssett.Start(ctx, reg2.ID)
			require.NoError(t, err)
			st2, err := e.c.Endringssett.Wait(ctx, reg2.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftAvvist, st2.Fremdrift)
			require.Len(t, st2.Resultat.AlleFeil(), 1)
			assert.Equal(t, "VERSJONSKONFLIKT", st2.Resultat.AlleFeil()[0].Kode)
		})
	}
}

func TestEndringssettAvvist(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			doc := apiskriv.NewEndringssett("2.20").AddRegistrer(tunnel("tunnel#1").WithEgenskap(0, "xyz"))

			// Validate: synchronous, 200, AVVIST with the errors.
			st, err := e.c.Endringssett.Validate(ctx, doc, &apiskriv.ValidateOptions{SkipLocation: apiskriv.Ja})
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftAvvist, st.Fremdrift)
			assert.Equal(t, apiskriv.AvvistaarsakValideringsfeil, st.Avvistaarsak)
			reqs := e.srv.Requests()
			assert.Equal(t, "skipLocation=JA", reqs[len(reqs)-1].Query)

			reg, err := e.c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			st, err = e.c.Endringssett.Wait(ctx, reg.ID, apiskriv.VentPaaLes())
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftAvvist, st.Fremdrift)
			assert.Equal(t, apiskriv.AvvistaarsakValideringsfeil, st.Avvistaarsak)
			require.Len(t, st.Resultat.Vegobjekter, 1)
			feil := st.Resultat.Vegobjekter[0].Feil
			require.Len(t, feil, 1)
			assert.Equal(t, "UKJENT_EGENSKAPSTYPE", feil[0].Kode)
			assert.Equal(t, "Egenskapstypen 0 finnes ikke i datakatalogen", feil[0].Melding)
			assert.Equal(t, intp(0), feil[0].EgenskapTypeID)
			require.Len(t, st.Resultat.Advarsler, 1)
			assert.Equal(t, "IKKE_GJELDENDE_DATAKATALOGVERSJON", st.Resultat.Advarsler[0].Kode)
			assert.Zero(t, st.Transaksjon.OppdragID)

			fo, err := e.c.Endringssett.FremdriftOgAarsak(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftOgAarsak{Fremdrift: apiskriv.FremdriftAvvist, Aarsak: "VALIDERINGSFEIL"}, fo)
			assert.Equal(t, "AVVIST:VALIDERINGSFEIL", fo.String())
			reqs = e.srv.Requests()
			assert.Equal(t, "text/plain", reqs[len(reqs)-1].Header.Get("Accept"))

			noWarn, err := e.c.Endringssett.Status(ctx, reg.ID, &apiskriv.StatusQuery{InkluderVarsler: apiskriv.Nei})
			require.NoError(t, err)
			assert.Empty(t, noWarn.Resultat.Advarsler)
			assert.Len(t, noWarn.Resultat.AlleFeil(), 1)

			// Valid document: UTFØRT from the validator, nothing written.
			ok, err := e.c.Endringssett.Validate(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")), nil)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftUtfort, ok.Fremdrift)
			assert.Empty(t, ok.Resultat.AlleFeil())
		})
	}
}

func TestEndringssettVenterCancelRestart(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, []apiskrivtest.Option{apiskrivtest.WithLocked(737948714)})
			ctx := context.Background()
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddFjern(83, 737948714, 0, false)

			// Waits on the lock until it is released.
			reg, err := e.c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			fo, err := e.c.Endringssett.FremdriftOgAarsak(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, "VENTER:VENTER_PÅ_LÅS", fo.String())
			_, err = e.c.Endringssett.Restart(ctx, reg.ID) // still locked: stays VENTER
			require.NoError(t, err)
			venter := 0
			st, err := e.c.Endringssett.Wait(ctx, reg.ID, apiskriv.OnFremdrift(func(f apiskriv.Fremdrift) {
				if f == apiskriv.FremdriftVenter {
					venter++
					if venter == 3 {
						e.srv.Unlock(737948714)
					}
				}
			}))
			require.NoError(t, err)
			assert.Equal(t, 3, venter)
			assert.Equal(t, apiskriv.FremdriftUtfort, st.Fremdrift)
			assert.Equal(t, 1, st.Resultat.Vegobjekter[0].Versjon)

			// Cancel a set in VENTER.
			doc2 := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(95, 555, 1, "2024-01-01", false)
			e2 := newEnv(t, f, []apiskrivtest.Option{apiskrivtest.WithLocked(555)})
			reg2, err := e2.c.Endringssett.Register(ctx, doc2, nil)
			require.NoError(t, err)
			_, err = e2.c.Endringssett.Start(ctx, reg2.ID)
			require.NoError(t, err)
			st2, err := e2.c.Endringssett.Status(ctx, reg2.ID, nil)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftVenter, st2.Fremdrift)
			assert.Equal(t, apiskriv.VenteaarsakLaas, st2.Venteaarsak)
			_, ok := st2.Ressurser.Src("restart")
			assert.True(t, ok)
			links, err := e2.c.Endringssett.Cancel(ctx, reg2.ID)
			require.NoError(t, err)
			_, ok = links.Src("status")
			assert.True(t, ok)
			st2, err = e2.c.Endringssett.Wait(ctx, reg2.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftKansellert, st2.Fremdrift)
			assert.True(t, *st2.KanselleringBestilt)

			// Cancel before start.
			reg3, err := e2.c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("x")), nil)
			require.NoError(t, err)
			_, err = e2.c.Endringssett.Cancel(ctx, reg3.ID)
			require.NoError(t, err)
			fr, err := e2.c.Endringssett.Fremdrift(ctx, reg3.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftKansellert, fr)
		})
	}
}

func TestEndringssettDryRun(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			reg, err := e.c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")),
				&apiskriv.RegisterOptions{DryRun: true, Delay: 2 * time.Second})
			require.NoError(t, err)
			reqs := e.srv.Requests()
			assert.Equal(t, "true", reqs[len(reqs)-1].Header.Get("X-NVDB-DryRun"))
			assert.Equal(t, "2", reqs[len(reqs)-1].Header.Get("X-NVDB-Delay"))
			_, err = e.c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			st, err := e.c.Endringssett.Wait(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, apiskriv.FremdriftUtfort, st.Fremdrift)
			assert.True(t, st.Behandlingsparametere.Dryrun)
			assert.Zero(t, st.Transaksjon.OppdragID, "a dry run writes no oppdrag")
			_, ok := st.Ressurser.Src("oppdrag")
			assert.False(t, ok)
			p, err := e.c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{EndringssettID: reg.ID})
			require.NoError(t, err)
			assert.Zero(t, p.AntallTotalt)

			_, err = e.c.Endringssett.Register(ctx, apiskriv.NewEndringssett("2.37").AddRegistrer(tunnel("t")), &apiskriv.RegisterOptions{DryRunNoLocking: true})
			require.NoError(t, err)
			reqs = e.srv.Requests()
			assert.Equal(t, "JA", reqs[len(reqs)-1].Header.Get("X-NVDB-DryRun-NoLocking"))
		})
	}
}

func TestEndringssettListAndAccess(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer()
			defer srv.Close()
			ola := newEnvOn(t, srv, "olanor", f)
			kari := newEnvOn(t, srv, "karnor", f)
			svc := newEnvOn(t, srv, "svc-vegdata", f)
			ctx := context.Background()
			var ids []string
			for i := range 3 {
				reg, err := ola.c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")), nil)
				require.NoError(t, err)
				ids = append(ids, reg.ID)
				if i == 0 {
					_, err = ola.c.Endringssett.Start(ctx, reg.ID)
					require.NoError(t, err)
				}
			}
			p, err := ola.c.Endringssett.List(ctx, &apiskriv.EndringssettQuery{Antall: 2})
			require.NoError(t, err)
			assert.Equal(t, 3, p.AntallTotalt)
			require.Len(t, p.Items, 2)
			assert.Equal(t, ids[0], p.Items[0].ID)
			assert.Equal(t, apiskriv.FremdriftBehandles, p.Items[0].Status.Fremdrift)
			assert.Nil(t, p.Items[0].Status.Resultat)
			assert.Equal(t, 3, p.Next)

			var all []string
			for es, err := range ola.c.Endringssett.All(ctx, &apiskriv.EndringssettQuery{Status: apiskriv.FremdriftIkkeStartet, SorterStigende: apiskriv.Nei,
				Fra: time.Now().Add(-time.Hour), Til: time.Now().Add(time.Hour)}) {
				require.NoError(t, err)
				all = append(all, es.ID)
			}
			assert.Equal(t, []string{ids[2], ids[1]}, all)
			reqs := srv.Requests()
			assert.Contains(t, reqs[len(reqs)-1].Query, "sorterP%C3%A5=TID")

			kp, err := kari.c.Endringssett.List(ctx, nil)
			require.NoError(t, err)
			assert.Zero(t, kp.AntallTotalt, "only the caller's own sets")

			_, err = kari.c.Endringssett.Status(ctx, ids[0], nil)
			assert.ErrorIs(t, err, apiskriv.ErrForbidden)
			_, err = kari.c.Endringssett.Cancel(ctx, ids[0])
			assert.ErrorIs(t, err, apiskriv.ErrForbidden)
			// A service account may read others' progress, not change it.
			_, err = svc.c.Endringssett.Status(ctx, ids[0], nil)
			require.NoError(t, err)
			_, err = svc.c.Endringssett.Cancel(ctx, ids[0])
			assert.ErrorIs(t, err, apiskriv.ErrForbidden)

			_, err = ola.c.Endringssett.Status(ctx, "00000000-0000-4000-8000-000000000000", nil)
			assert.ErrorIs(t, err, apiskriv.ErrNotFound)
		})
	}
}

func TestEndringssettBadInputNoRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	v := apiskriv.NewEndringssett
	tests := []struct {
		name string
		doc  *apiskriv.Endringssett
		want string
	}{
		{"nil", nil, "nil endringssett"},
		{"no datakatalog", v("").AddRegistrer(tunnel("a")), "datakatalogversjon"},
		{"empty", v("2.37"), "no vegobjekter"},
		{"no tempId", v("2.37").AddRegistrer(apiskriv.NyttVegobjekt(581, "")), "tempId is required"},
		{"duplicate tempId", v("2.37").AddRegistrer(tunnel("a"), tunnel("a")), "used twice"},
		{"no type", v("2.37").AddRegistrer(apiskriv.NyttVegobjekt(0, "a")), "typeId"},
		{"oppdater no version", v("2.37").AddOppdater(apiskriv.EksisterendeVegobjekt(581, 1, 0)), "versjon is required"},
		{"korriger no lestFraNvdb", v("2.37").AddKorriger(apiskriv.EksisterendeVegobjekt(581, 1, 1)), "lestFraNvdb"},
		{"delvisKorriger no lestFraNvdb", v("2.37").AddDelvisKorriger(apiskriv.EksisterendeVegobjekt(581, 1, 1)), "lestFraNvdb"},
		{"overskriv", v("2.37").AddOppdater(apiskriv.EksisterendeVegobjekt(581, 1, 1).WithOverskriv()), "overskriv"},
		{"lukk no date", v("2.37").AddLukk(581, 1, 1, "", true), "lukkedato"},
		{"fjern no id", v("2.37").AddFjern(581, 0, 0, true), "nvdbId"},
		{"posisjon", v("2.37").AddRegistrer(apiskriv.NyttVegobjekt(581, "a").WithPunkt(1, 1.5)), "posisjon"},
		{"fra after til", v("2.37").AddRegistrer(apiskriv.NyttVegobjekt(581, "a").WithLinje(1, 0.8, 0.2)), "fra < til"},
		{"long eksternRef", v("2.37").WithEksternRef(string(make([]byte, 300))).AddRegistrer(tunnel("a")), "255"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Endringssett.Register(ctx, tt.doc, nil)
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.want)
			_, err = e.c.Endringssett.Validate(ctx, tt.doc, nil)
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		})
	}
	for _, id := range []string{"", "abc", "../oppdrag", "63de0209-18b3-43d7-9944-69a3bc6d403"} {
		_, err := e.c.Endringssett.Start(ctx, id)
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		_, err = e.c.Endringssett.Wait(ctx, id)
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		_, err = e.c.Endringssett.Status(ctx, id, nil)
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	}
	_, err := e.c.Endringssett.List(ctx, &apiskriv.EndringssettQuery{Fra: time.Now(), Til: time.Now().Add(-time.Hour)})
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = e.c.Endringssett.Register(ctx, v("2.37").AddRegistrer(tunnel("a")), &apiskriv.RegisterOptions{Delay: -1})
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	err = e.c.Follow(ctx, nil, "self", &apiskriv.Oppdrag{})
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	assert.Zero(t, len(e.srv.Requests()))
}

func TestWaitHonoursContext(t *testing.T) {
	// Long intervals: Wait must return as soon as ctx is done.
	e := newEnv(t, apiskriv.JSON, []apiskrivtest.Option{apiskrivtest.WithProcessingPolls(1000)},
		apiskriv.WithPollIntervals(apiskriv.PollIntervals{Behandles: time.Hour, BehandlesMax: time.Hour}))
	ctx, cancel := context.WithCancel(context.Background())
	reg, err := e.c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t")), nil)
	require.NoError(t, err)
	_, err = e.c.Endringssett.Start(ctx, reg.ID)
	require.NoError(t, err)
	polled := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		_, err := e.c.Endringssett.Wait(ctx, reg.ID, apiskriv.OnFremdrift(func(apiskriv.Fremdrift) {
			select {
			case polled <- struct{}{}:
			default:
			}
		}))
		done <- err
	}()
	<-polled
	cancel()
	err = <-done
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

func TestRestartAfterUnlock(t *testing.T) {
	e := newEnv(t, apiskriv.XML, []apiskrivtest.Option{apiskrivtest.WithLocked(737948714)})
	ctx := context.Background()
	reg, err := e.c.Endringssett.Register(ctx, apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(83, 737948714, 1, "2025-01-01", false), nil)
	require.NoError(t, err)
	_, err = e.c.Endringssett.Start(ctx, reg.ID)
	require.NoError(t, err)
	e.srv.Unlock(737948714)
	links, err := e.c.Endringssett.Restart(ctx, reg.ID)
	require.NoError(t, err)
	var f apiskriv.Fremdrift
	err = e.c.Follow(ctx, links, "fremdrift", &f)
	require.NoError(t, err)
	assert.Equal(t, apiskriv.FremdriftBehandles, f)
	var st apiskriv.Status
	err = e.c.Follow(ctx, links, "status", &st)
	require.NoError(t, err)
	assert.Empty(t, st.Venteaarsak)
}

func TestValidateIsRetriedRegisterIsNot(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t"))
	_, err := e.c.Oppdrag.Get(ctx, 3466724) // log in
	require.NoError(t, err)

	n := len(e.srv.Requests())
	e.srv.Script(apiskrivtest.Fault{Status: 503})
	st, err := e.c.Endringssett.Validate(ctx, doc, nil)
	require.NoError(t, err)
	assert.Equal(t, apiskriv.FremdriftUtfort, st.Fremdrift)
	assert.Equal(t, n+2, len(e.srv.Requests()), "validation writes nothing, so a 503 is retried")

	n = len(e.srv.Requests())
	e.srv.Script(apiskrivtest.Fault{Drop: true})
	_, err = e.c.Endringssett.Register(ctx, doc, nil)
	require.Error(t, err)
	assert.Equal(t, n+1, len(e.srv.Requests()), "a dropped register may have been applied: not repeated")

	n = len(e.srv.Requests())
	e.srv.Script(apiskrivtest.Fault{Status: 429, RetryAfter: "0"})
	_, err = e.c.Endringssett.Register(ctx, doc, nil)
	require.NoError(t, err, "a 429 was not processed, so even a register is repeated")
	assert.Equal(t, n+2, len(e.srv.Requests()))
}
