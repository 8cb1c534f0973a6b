package apiskriv_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func ExampleBinaerService_Upload() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)
	ctx := context.Background()

	photo := []byte("\x89PNG\r\n\x1a\n…")
	id, err := c.Binaer.Upload(ctx, "image/png", "N808080-1.png", bytes.NewReader(photo))
	if err != nil {
		fmt.Println(err)
		return
	}
	// A binary egenskap refers to the uploaded object by its id.
	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
		AddRegistrer(apiskriv.NyttVegobjekt(95, "skilt#1").WithBinaer(1234, id, "PNG"))
	fmt.Println(doc.Check() == nil)

	obj, err := c.Binaer.Download(ctx, id)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer obj.Body.Close()
	b, _ := io.ReadAll(obj.Body)
	fmt.Println(obj.ContentType, obj.Filename, bytes.Equal(b, photo))
	// Output:
	// true
	// image/png N808080-1.png true
}

func ExampleLaaserService_List() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	p, err := c.Laaser.List(context.Background(), &apiskriv.LaasQuery{Antall: 1, Eier: "olanor"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.AntallTotalt, "locks; next page starts at", p.Next)
	l := p.Items[0]
	fmt.Println(l.ID, l.OppdragID, l.EierBrukernavn(), l.Opphav, l.Vegnettlaas)
	for _, t := range l.Vegobjekttyper {
		fmt.Println(t.TypeID, t.Laastype, t.Lokasjonrelevans)
	}
	fmt.Println(l.Lokasjon[0].VeglenkesekvensID, l.Lokasjon[0].Fra, l.Lokasjon[0].Til)
	// Output:
	// 43 locks; next page starts at 2
	// 17900713 3466724 olanor KLASSISK_API false
	// 852 NORMAL VEGLENKESEKVENS
	// 446 SEKUNDÆR VEGLENKESEKVENS
	// 921808 0.16808652 1
}

func ExampleLaaserService_Blokkerende() {
	srv := apiskrivtest.NewServer(apiskrivtest.WithLocked(737948714))
	defer srv.Close()
	c := newExampleClient(srv)
	ctx := context.Background()

	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
		AddDelvisOppdater(apiskriv.EksisterendeVegobjekt(83, 737948714, 1).WithEgenskap(1269, "Drenering"))
	reg, _ := c.Endringssett.Register(ctx, doc, nil)
	_, _ = c.Endringssett.Start(ctx, reg.ID)
	st, err := c.Endringssett.Status(ctx, reg.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Fremdrift, st.Venteaarsak)
	locks, err := c.Laaser.Blokkerende(ctx, st)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range locks {
		fmt.Println("waiting for lock", l.ID, "of", l.EierBrukernavn())
	}
	// Output:
	// VENTER VENTER_PÅ_LÅS
	// waiting for lock 18000001 of karnor
}

func ExampleLaaserService_Create() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	ts, _ := apiskriv.PasswordTokenSource(srv.URL, "svc-vegdata", apiskrivtest.Password, apiskriv.WithRealm(apiskriv.RealmServiceAccount))
	c, _ := apiskriv.NewClient("my-network-editor", ts, apiskriv.WithBaseURL(srv.URL))
	ctx := context.Background()

	l, err := c.Laaser.Create(ctx, &apiskriv.Laas{Vegnettlaas: true,
		Lokasjon: []apiskriv.LaastStrekning{{VeglenkesekvensID: 921808, Fra: 0, Til: 1}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.ID, l.EierBrukernavn(), l.Vegnettlaas)
	// Process a set under the lock and let the API remove it when done.
	doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).WithLaasing(l.ID, apiskriv.FremdriftUtfortOgEtterbehandlet).
		AddLukk(83, 737948714, 1, "2024-09-27", false)
	fmt.Println(doc.Check() == nil)
	// Output:
	// 18100001 svc-vegdata true
	// true
}

func ExampleStedfestingService_Stedfest() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	skilt := apiskriv.NyttVegobjekt(95, "skiltpunkt#1").WithGyldighetsperiode("2020-01-01", "").
		WithGeometri(4794, apiskriv.Geometri{Srid: 5973, Wkt: "POINT Z(270196.99 7041858.13 15.72)"})
	res, err := c.Stedfesting.Stedfest(context.Background(), &apiskriv.Stedfest{
		Parametere:  apiskriv.StedfestParametere{MaksimalAvstandTilVeg: 100, Veger: []apiskriv.Veg{{Kategori: "F", Fase: "V", Nummer: 6690}}},
		Vegobjekter: []*apiskriv.Vegobjekt{skilt},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := res.Vegobjekt("skiltpunkt#1")
	if len(v.Feil) > 0 {
		fmt.Println(v.Feil[0].Kode, v.Feil[0].Melding)
		return
	}
	p := v.Stedfesting.Punkt[0]
	fmt.Printf("%s%s %d on veglenkesekvens %d at %.7f\n", v.Stedfesting.Oversikt[0].Veg.Kategori, v.Stedfesting.Oversikt[0].Veg.Fase,
		v.Stedfesting.Oversikt[0].Veg.Nummer, p.VeglenkesekvensNvdbID, p.Posisjon)
	skilt.Stedfesting = v.AsStedfesting() // ready for an endringssett
	// Output:
	// FV 6690 on veglenkesekvens 2510771 at 0.1429407
}

func ExampleKonverteringService_Sosi() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	doc, err := c.Konvertering.Sosi(context.Background(), []byte(docSOSI))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range doc.Registrer.Vegobjekter {
		g := v.Egenskaper[len(v.Egenskaper)-1].Geometri[0]
		fmt.Println(v.TypeID, v.TempID, len(v.Egenskaper), g.Srid, g.Wkt)
	}
	// Output:
	// 96 PUNKT_1_16 8 5973 POINT(7034339.8 569467.68 9.95)
}

func ExampleAutorisasjonService_Get() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	a, err := c.Autorisasjon.Get(context.Background(), apiskrivtest.Username)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Hva.Vegobjekttyper, a.KanEndreVegnett(), a.Hvor.Vegkategorier)
	// Output:
	// [95 96 538] false [E R F]
}

func Example_meta() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	var m apiskriv.Meta
	ctx := vegdata.CaptureMeta(context.Background(), &m)
	if _, err := c.Oppdrag.Get(ctx, 3466724); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.API, m.StatusCode, m.Attempts, len(m.RequestID))
	// Output:
	// apiskriv 200 1 36
}

func ExampleRegelsettService_Versjon() {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv, apiskriv.WithFormat(apiskriv.XML))

	v, err := c.Regelsett.Versjon(context.Background(), apiskriv.RegelsettVeglenke)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Type, v.ContentType)
	fmt.Println(string(v.Dokument)[strings.Index(string(v.Dokument), "<versjon"):])
	// Output:
	// veglenke application/xml; charset=UTF-8
	// <versjon>
	//   <nummer>2024.1</nummer>
	//   <gyldigFra>2024-01-01</gyldigFra>
	// </versjon>
}
