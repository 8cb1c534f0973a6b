package apiskriv_test

import (
	"context"
	"fmt"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// newExampleClient logs in to a fake as olanor.
func newExampleClient(srv *apiskrivtest.Server, opts ...apiskriv.Option) *apiskriv.Client {
	ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password)
	if err != nil {
		panic(err)
	}
	c, err := apiskriv.NewClient("my-app", ts, append([]apiskriv.Option{apiskriv.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleOppdragService_Get() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	o, err := c.Oppdrag.Get(context.Background(), 3466724)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Navn)
	fmt.Println(o.Bruker.FulltNavn, o.Sluttidspunkt, o.Tjenesteregel)
	// Output:
	// Fylkes- og kommunale veger
	// Ola Nordmann 2016-09-20T07:13:31Z VEGNETTSOPPDRAG
}

func ExampleTransaksjonerService_All() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv, apiskriv.WithFormat(apiskriv.XML))

	for t, err := range c.Transaksjoner.All(context.Background(), &apiskriv.TransaksjonQuery{OppdragID: 3466724}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, ot := range t.Objekttyper {
			for _, o := range ot.Objekter {
				fmt.Println(t.Tidspunkt, t.Brukernavn, ot.Objekttype, ot.TypeID, o.ObjektID, o.Transaksjonstype, o.Objektversjon)
			}
		}
	}
	// Output:
	// 2016-09-20T09:12:46 olanor VEGOBJEKT 83 737948714 NY 1
}

func ExampleOppdragService_All() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	n := 0
	for o, err := range c.Oppdrag.All(context.Background(), &apiskriv.OppdragQuery{Eier: "olanor"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if n < 2 {
			fmt.Println(o.ID, o.Navn)
		}
		n++
	}
	fmt.Println(n, "oppdrag")
	// Output:
	// 3466724 Fylkes- og kommunale veger
	// 3466725 Fylkes- og kommunale veger
	// 13 oppdrag
}

func ExampleEndringssettService_Wait() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv, apiskriv.WithPollIntervals(apiskriv.PollIntervals{Behandles: 1, Venter: 1, VenterEtterBehandles: 1, Utfort: 1}))
	ctx := context.Background()

	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
		AddRegistrer(apiskriv.NyttVegobjekt(581, "tunnel#1").
			WithGyldighetsperiode("2020-01-01", "").
			WithEgenskap(5225, "Grevlingtunnelen").
			WithPunkt(1125766, 0.3))
	reg, err := c.Endringssett.Register(ctx, doc, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Endringssett.Start(ctx, reg.ID); err != nil {
		fmt.Println(err)
		return
	}
	st, err := c.Endringssett.Wait(ctx, reg.ID, apiskriv.VentPaaLes(),
		apiskriv.OnFremdrift(func(f apiskriv.Fremdrift) { fmt.Println("fremdrift:", f) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range st.Resultat.Vegobjekter {
		fmt.Printf("%s got versjon %d, %d feil\n", v.TempID, v.Versjon, len(v.Feil))
	}
	var o apiskriv.Oppdrag
	if err := c.Follow(ctx, st.Ressurser, "oppdrag", &o); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("oppdrag by", o.Bruker.Brukernavn)
	// Output:
	// fremdrift: BEHANDLES
	// fremdrift: UTFØRT
	// fremdrift: UTFØRT_OG_ETTERBEHANDLET
	// tunnel#1 got versjon 1, 0 feil
	// oppdrag by olanor
}

func ExampleEndringssettService_Validate() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
		AddRegistrer(apiskriv.NyttVegobjekt(581, "tunnel#1").WithEgenskap(0, "xyz").WithPunkt(1125766, 0.3))
	st, err := c.Endringssett.Validate(context.Background(), doc, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Fremdrift, st.Avvistaarsak)
	for _, f := range st.Resultat.AlleFeil() {
		fmt.Println(f.Kode, f.Melding)
	}
	// Output:
	// AVVIST VALIDERINGSFEIL
	// UKJENT_EGENSKAPSTYPE Egenskapstypen 0 finnes ikke i datakatalogen
}

func ExampleTransaksjonerService_List_rules() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	_, err := c.Transaksjoner.List(context.Background(), &apiskriv.TransaksjonQuery{VegobjektID: 1, NettelementID: 2})
	fmt.Println(err)
	fmt.Println("requests sent:", len(srv.Requests()))
	// Output:
	// apiskriv: invalid argument: vegobjektId and nettelementId cannot be used together
	// requests sent: 0
}
