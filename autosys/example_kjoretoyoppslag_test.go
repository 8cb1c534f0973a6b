package autosys_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// Look many plates up in one request, with their owners. Each item
// answers for itself; Err reports its feilmelding. (Owner data needs a key
// granted those roles.)
func ExampleBulkService_Kjennemerke() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	r, err := c.Bulk.Kjennemerke(context.Background(), []autosys.KjennemerkeRequest{
		{Kjennemerke: "EK 39085"}, {Kjennemerke: "ZZ 99999"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r.Responser {
		if err := it.Err(); err != nil {
			fmt.Println(it.Request.Kjennemerke, errors.Is(err, autosys.ErrNotFound), it.Feilmelding)
			continue
		}
		fmt.Println(it.Request.Kjennemerke, it.Kjoretoydata.Merke(), it.Kjoretoydata.Eier().Navn())
	}
	fmt.Println("quota left:", *r.GjenstaendeKvote)
	// Output:
	// EK39085 VOLKSWAGEN Kari Nordmann
	// ZZ99999 true KJENNEMERKE_UKJENT
	// quota left: 49999
}

// Walk an organisation's vehicles page by page (side/antall); All fetches
// the next page when the loop needs it.
func ExampleOrganisasjonService_All() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	q := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: 4}
	n := 0
	for hit, err := range c.Organisasjon.All(context.Background(), q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if hit.Err() == nil {
			n++
		}
	}
	fmt.Println(n, "vehicles, requests:", len(srv.Requests()))
	// Output:
	// 6 vehicles, requests: 2
}

// The vehicles a person owns, co-owns or leases; fødselsnummer and
// etternavn must match Folkeregisteret and never appear in errors.
func ExamplePersonService_List() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	p, err := c.Person.List(context.Background(), &autosys.PersonQuery{Fodselsnummer: "02887210066", Etternavn: "Nordmann"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, hit := range p.Items {
		fmt.Println(hit.Kjoretoydata.RegistrertKjennemerke(), hit.Kjoretoydata.Merke())
	}
	_, err = c.Person.List(context.Background(), &autosys.PersonQuery{Fodselsnummer: "02887210067", Etternavn: "Nordmann"})
	fmt.Println(errors.Is(err, autosys.ErrInvalidArgument))
	// Output:
	// BE 12335 VOLKSWAGEN
	// CD 19650 VOLVO
	// SP 23005 TOYOTA
	// true
}

// Walk an organisation's vehicles page by page: each page says its side
// and, in Next, the side to resume from (0 on the last), so a job can
// stop and continue later with OrganisasjonQuery.Side.
func ExampleOrganisasjonService_Pages() {
	srv := autosystest.NewServer()
	defer srv.Close()
	c, _ := autosys.NewClient("my-key", autosys.WithBaseURL(srv.URL))
	q := &autosys.OrganisasjonQuery{Organisasjonsnummer: "912340007", Antall: 4}
	for p, err := range c.Organisasjon.Pages(context.Background(), q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("side %d: %d vehicles, next %d\n", p.Side, len(p.Items), p.Next)
	}
	// Output:
	// side 0: 4 vehicles, next 1
	// side 1: 2 vehicles, next 0
}
