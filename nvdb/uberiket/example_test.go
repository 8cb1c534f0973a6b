package uberiket_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"golang.org/x/time/rate"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// exampleClient is a client of a fake with its fixtures, as the examples
// use it, without the client's pace: the fake needs none, and the
// examples would only wait 25 ms for every request after the first. A
// real program leaves WithBaseURL and WithLimiter out.
func exampleClient() (*uberiket.Client, *uberikettest.Server) {
	srv := uberikettest.NewServer()
	c, err := uberiket.NewClient("my-app", uberiket.WithBaseURL(srv.URL), uberiket.WithLimiter(nil))
	if err != nil {
		panic(err)
	}
	return c, srv
}

func ExampleNewClient() {
	srv := uberikettest.NewServer()
	defer srv.Close()
	c, err := uberiket.NewClient("my-app", uberiket.WithBaseURL(srv.URL), uberiket.WithKontaktperson("ola@example.com"))
	if err != nil {
		panic(err)
	}
	o, err := c.Vegobjekter.Get(context.Background(), 105, 78697179, nil)
	if err != nil {
		panic(err)
	}
	fart, _ := o.Egenskap(2021).EnumID()
	fmt.Println(o.ID, "versjon", o.Versjon, "fartsgrense enum", fart)
	// Output: 78697179 versjon 1 fartsgrense enum 2730
}

// NVDB allows 40 requests per second per X-Client, counted across Les v4
// and Uberiket: a program with both clients gives them one limiter.
func ExampleWithLimiter() {
	les, ub := nvdbtest.NewServer(), uberikettest.NewServer()
	defer les.Close()
	defer ub.Close()

	shared := rate.NewLimiter(uberiket.DefaultRateLimit, 1) // or take u.Limiter() after NewClient
	u, err := uberiket.NewClient("my-app", uberiket.WithLimiter(shared), uberiket.WithBaseURL(ub.URL))
	if err != nil {
		panic(err)
	}
	n, err := nvdb.NewClient("my-app", nvdb.WithLimiter(u.Limiter()), nvdb.WithBaseURL(les.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	v4, err := n.Vegobjekter.Get(ctx, 105, 78697179, nil)
	if err != nil {
		panic(err)
	}
	raw, err := u.Vegobjekter.Get(ctx, 105, 78697179, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(v4.ID == raw.ID, u.Limiter() == shared)
	// Output: true true
}

func ExampleVegobjekterService_List() {
	c, srv := exampleClient()
	defer srv.Close()
	page, err := c.Vegobjekter.List(context.Background(), 105, &uberiket.VegobjektQuery{Antall: 2})
	if err != nil {
		panic(err)
	}
	for _, o := range page.Items {
		fmt.Println(o.ID, o.Versjon, "from", o.Startdato(), "until", cmp.Or(o.Sluttdato(), "now"))
	}
	fmt.Println("next:", page.Next)
	// Output:
	// 78697179 1 from 1980-01-01 until now
	// 85283803 1 from 2005-06-01 until 2009-01-01
	// next: 85283803-1
}

func ExampleVegobjekterService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for o, err := range c.Vegobjekter.All(context.Background(), 67, nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.ID, "versjon", o.Versjon, "from", o.Startdato())
	}
	// Output:
	// 89204552 versjon 1 from 2014-01-17
	// 89204552 versjon 2 from 2015-06-26
	// 89204552 versjon 3 from 2020-01-01
}

func ExampleVegobjekterService_MultiTypeAll() {
	c, srv := exampleClient()
	defer srv.Close()
	q := &uberiket.MultiTypeQuery{TypeIDs: []int{45, 581}, VegobjektQuery: uberiket.VegobjektQuery{Inkluder: []uberiket.Inkluder{uberiket.InkluderEgenskaper}}}
	for o, err := range c.Vegobjekter.MultiTypeAll(context.Background(), q) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.TypeID, o.ID, o.Egenskap(5225).String()+o.Egenskap(1078).String())
	}
	// Output:
	// 581 79608124 Vikatunnelen
	// 45 79632559 Madlaveien
	// 581 89204551 Sommersettunnelen
}

func ExampleVegobjekterService_Get() {
	c, srv := exampleClient()
	defer srv.Close()
	o, err := c.Vegobjekter.Get(context.Background(), 105, 85283803, &uberiket.VegobjektOptions{Dato: "2006-06-01"})
	if err != nil {
		panic(err)
	}
	fmt.Println(o.ID, "versjon", o.Versjon, "until", o.Sluttdato(), "on", o.Veglenkesekvenser())
	// Output: 85283803 versjon 1 until 2009-01-01 on [41423]
}

func ExampleVegobjekterService_GetByID() {
	c, srv := exampleClient()
	defer srv.Close()
	o, err := c.Vegobjekter.GetByID(context.Background(), 79632559, nil)
	if err != nil {
		panic(err)
	}
	navn, _ := o.Egenskap(1078).Tekst()
	fmt.Println("type", o.TypeID, navn)
	// Output: type 45 Madlaveien
}

func ExampleVegobjekterService_GetVersjon() {
	c, srv := exampleClient()
	defer srv.Close()
	o, err := c.Vegobjekter.GetVersjon(context.Background(), 67, 89204552, 1, uberiket.InkluderGyldighetsperiode)
	if err != nil {
		panic(err)
	}
	fmt.Println(o.Versjon, o.Startdato(), o.Sluttdato())
	// Output: 1 2014-01-17 2015-06-26
}

func ExampleVegobjekterService_GetHistorisk() {
	c, srv := exampleClient()
	defer srv.Close()
	o, err := c.Vegobjekter.GetHistorisk(context.Background(), 67, 89204552, "2017-05-17")
	if err != nil {
		panic(err)
	}
	fmt.Println("valid on 2017-05-17: versjon", o.Versjon)
	// Output: valid on 2017-05-17: versjon 2
}

// Stream copies the active objects of a type; a type of more than one
// answer it reads in several id ranges at once. (The fake's type here fits
// in one: a larger one would only make the example wait for the client's
// pace while the stream probes the id space.)
func ExampleVegobjekterService_Stream() {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 500))
	defer srv.Close()
	c, err := uberiket.NewClient("my-app", uberiket.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	n := 0
	for _, err := range c.Vegobjekter.Stream(context.Background(), 105, nil) {
		if err != nil {
			panic(err)
		}
		n++
	}
	fmt.Println(n, "objects, as many as NVDB has:", n == len(srv.Snapshot(105)))
	// Output: 500 objects, as many as NVDB has: true
}

// StreamChunks says after every chunk what is left to read, so a copy
// can stop and go on later.
func ExampleVegobjekterService_StreamChunks() {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 2000))
	defer srv.Close()
	c, err := uberiket.NewClient("my-app", uberiket.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	n := 0
	var left []uberiket.Range
	for ch, err := range c.Vegobjekter.StreamChunks(ctx, 105, nil) {
		if err != nil {
			panic(err)
		}
		n += len(ch.Items)
		left = ch.Remaining
		if n >= 1000 {
			break // stopped: save left, go on later
		}
	}
	for _, err := range c.Vegobjekter.Stream(ctx, 105, &uberiket.StreamQuery{Ranges: left}) {
		if err != nil {
			panic(err)
		}
		n++
	}
	fmt.Println(n)
	// Output: 2000
}

func ExampleVegobjekterService_MultiTypeStream() {
	c, srv := exampleClient()
	defer srv.Close()
	for o, err := range c.Vegobjekter.MultiTypeStream(context.Background(), &uberiket.MultiTypeStreamQuery{IDs: []int64{89204552, 79608124}}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.TypeID, o.ID)
	}
	// Output:
	// 581 79608124
	// 67 89204552
}

func ExampleVeglenkesekvenserService_List() {
	c, srv := exampleClient()
	defer srv.Close()
	page, err := c.Veglenkesekvenser.List(context.Background(), &uberiket.VeglenkesekvensQuery{Antall: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(page.Items[0].ID, len(page.Items[0].Veglenker), "veglenker, next:", page.Next)
	// Output: 41423 2 veglenker, next: 41423
}

func ExampleVeglenkesekvenserService_Get() {
	c, srv := exampleClient()
	defer srv.Close()
	v, err := c.Veglenkesekvenser.Get(context.Background(), 1951809)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d: %.1f m, kommune %d\n", v.ID, *v.Lengde, v.Veglenker[0].Kommune)
	// Output: 1951809: 14.9 m, kommune 301
}

func ExampleVeglenkesekvenserService_GetHistorisk() {
	c, srv := exampleClient()
	defer srv.Close()
	_, err := c.Veglenkesekvenser.GetHistorisk(context.Background(), 1951809, "2010-01-01")
	fmt.Println("before it was built:", err != nil)
	v, err := c.Veglenkesekvenser.GetHistorisk(context.Background(), 1951809, "2012-01-01")
	if err != nil {
		panic(err)
	}
	fmt.Println(len(v.Veglenker), "veglenke in 2012")
	// Output:
	// before it was built: true
	// 1 veglenke in 2012
}

func ExampleVeglenkesekvenserService_Stream() {
	c, srv := exampleClient()
	defer srv.Close()
	for v, err := range c.Veglenkesekvenser.Stream(context.Background(), nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(v.ID, len(v.Porter), "porter")
	}
	// Output:
	// 41423 3 porter
	// 1951809 2 porter
}

func ExampleVeglenkerService_Stream() {
	c, srv := exampleClient()
	defer srv.Close()
	for l, err := range c.Veglenker.Stream(context.Background(), &uberiket.StreamQuery{IDs: []int64{41423}}) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d-%d from node %d to %d, %s\n", l.VeglenkesekvensID, l.Veglenkenummer, l.Startnode, l.Sluttnode, l.TypeVeg)
	}
	// Output:
	// 41423-1 from node 95522 to 95513, KANALISERT_VEG
	// 41423-2 from node 95513 to 95888, ENKEL_BILVEG
}

func ExampleNoderService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for n, err := range c.Noder.All(context.Background(), &uberiket.NodeQuery{IDs: []int64{95513, 95522}}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(n.ID, len(n.Porter), "porter")
	}
	// Output:
	// 95513 3 porter
	// 95522 3 porter
}

func ExampleNoderService_Get() {
	c, srv := exampleClient()
	defer srv.Close()
	n, err := c.Noder.Get(context.Background(), 95888)
	if err != nil {
		panic(err)
	}
	for _, p := range n.Porter {
		fmt.Println("port", p.Nummer, "meets veglenkesekvens", p.VeglenkesekvensID)
	}
	// Output:
	// port 1 meets veglenkesekvens 41424
	// port 2 meets veglenkesekvens 41423
}

func ExampleHendelserService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for h, err := range c.Hendelser.All(context.Background(), 538, nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.HendelseID, h.HendelseType, h.VegobjektID)
	}
	// Output:
	// 150000006 VegobjektImportert 977736797
	// 150000012 VegobjektVersjonEndret 977736797
}

// A copy notes the last hendelse before it reads the objects, then reads
// the hendelser after it.
func ExampleHendelserService_Siste() {
	c, srv := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	h, err := c.Hendelser.Siste(ctx, 538, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println("last before June 2025:", h.HendelseID)
	for h, err := range c.Hendelser.All(ctx, 538, &uberiket.HendelseQuery{Start: h.HendelseID}) {
		if err != nil {
			panic(err)
		}
		navn, _ := h.Data.EgenskapEndringer[4589].Tekst()
		fmt.Println("since:", h.HendelseType, navn)
	}
	// Output:
	// last before June 2025: 150000006
	// since: VegobjektVersjonEndret Åsvegen
}

func ExampleHendelserService_Stream() {
	c, srv := exampleClient()
	defer srv.Close()
	n := 0
	var last int64
	for h, err := range c.Hendelser.Stream(context.Background(), 105, nil) {
		if err != nil {
			panic(err)
		}
		n++
		last = h.HendelseID
	}
	fmt.Println(n, "hendelser, resume after", last)
	// Output: 3 hendelser, resume after 150000005
}

func ExampleHendelserService_MultiTypeAll() {
	c, srv := exampleClient()
	defer srv.Close()
	q := &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{45, 538}, HendelseQuery: uberiket.HendelseQuery{Hendelsetyper: []string{uberiket.VegobjektImportert}}}
	for h, err := range c.Hendelser.MultiTypeAll(context.Background(), q) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.VegobjektTypeID, h.VegobjektID)
	}
	// Output:
	// 45 79632559
	// 538 977736797
}

func ExampleHendelserService_MultiTypeSiste() {
	c, srv := exampleClient()
	defer srv.Close()
	list, err := c.Hendelser.MultiTypeSiste(context.Background(), []int{105, 538}, time.Time{})
	if err != nil {
		panic(err)
	}
	for _, h := range list {
		fmt.Println(h.VegobjektTypeID, h.HendelseID)
	}
	// Output:
	// 105 150000005
	// 538 150000012
}

func ExampleVegnettHendelserService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	kinds := map[string]int{}
	for h, err := range c.VegnettHendelser.All(context.Background(), nil) {
		if err != nil {
			panic(err)
		}
		kinds[h.HendelseType]++
	}
	fmt.Println(kinds)
	// Output: map[NodeOpprettet:5 VeglenkesekvensOpprettet:2]
}

func ExampleVegnettHendelserService_Siste() {
	c, srv := exampleClient()
	defer srv.Close()
	h, err := c.VegnettHendelser.Siste(context.Background(), time.Time{})
	if err != nil {
		panic(err)
	}
	fmt.Println(h.HendelseID, h.HendelseType, h.NettelementID)
	// Output: 90000007 NodeOpprettet 1951851
}

func ExampleVeglenkesekvensHendelserService_Stream() {
	c, srv := exampleClient()
	defer srv.Close()
	for h, err := range c.VeglenkesekvensHendelser.Stream(context.Background(), nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.HendelseID, h.NettelementID, len(h.Data.Veglenkesekvens.Veglenker), "veglenker")
	}
	// Output:
	// 90000001 41423 2 veglenker
	// 90000002 1951809 1 veglenker
}

func ExampleVeglenkesekvensHendelserService_Siste() {
	c, srv := exampleClient()
	defer srv.Close()
	h, err := c.VeglenkesekvensHendelser.Siste(context.Background(), time.Time{})
	if err != nil {
		panic(err)
	}
	fmt.Println(h.HendelseID, h.NettelementID)
	// Output: 90000002 1951809
}

func ExampleVeglenkesekvensHendelserService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for h, err := range c.VeglenkesekvensHendelser.All(context.Background(), &uberiket.VegnettHendelseQuery{IDs: []int64{41423}}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.HendelseType, h.NettelementID)
	}
	// Output: VeglenkesekvensOpprettet 41423
}

func ExampleNodeHendelserService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for h, err := range c.NodeHendelser.All(context.Background(), &uberiket.VegnettHendelseQuery{Start: 90000005}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.HendelseID, h.NettelementID)
	}
	// Output:
	// 90000006 1951825
	// 90000007 1951851
}

func ExampleNodeHendelserService_Siste() {
	c, srv := exampleClient()
	defer srv.Close()
	h, err := c.NodeHendelser.Siste(context.Background(), time.Time{})
	if err != nil {
		panic(err)
	}
	fmt.Println(h.NettelementID, len(h.Data.Node.Porter), "porter")
	// Output: 1951851 3 porter
}

func ExampleEndringssettService_All() {
	c, srv := exampleClient()
	defer srv.Close()
	for h, err := range c.Endringssett.All(context.Background(), "3c5e0b7a-2f41-4d8e-9a6b-1f0c7d2e8b94", nil) {
		if err != nil {
			panic(err)
		}
		fmt.Println(h.Vegobjekt.HendelseType, h.Vegobjekt.VegobjektID)
	}
	// Output: VegobjektVersjonEndret 977736797
}

// Sync keeps a store equal to NVDB: a copy the first time, the hendelser
// after.
func ExampleClient_Sync() {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 500),
		uberikettest.WithClock(func() time.Time { return time.Date(2025, 11, 3, 9, 30, 0, 0, time.UTC) }))
	defer srv.Close()
	c, err := uberiket.NewClient("my-app", uberiket.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	if err := c.Sync(ctx, 105, store, nil); err != nil {
		panic(err)
	}
	fmt.Println("copied:", maps.Equal(store.Versjoner(105), srv.Snapshot(105)))

	srv.Change(105, 100) // NVDB changes
	if err := c.Sync(ctx, 105, store, nil); err != nil {
		panic(err)
	}
	pos, _, _ := store.Position(ctx, 105)
	fmt.Println("caught up:", maps.Equal(store.Versjoner(105), srv.Snapshot(105)), pos.Hendelse == srv.SisteHendelse(105))
	// Output:
	// copied: true
	// caught up: true true
}

// A file store keeps each type as a log of batches in a directory; a
// program opens it again where it stopped.
func ExampleNewFileStore() {
	dir, err := os.MkdirTemp("", "mirror")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	c, srv := exampleClient()
	defer srv.Close()

	store, err := uberiket.NewFileStore(dir)
	if err != nil {
		panic(err)
	}
	if err := c.Sync(context.Background(), 105, store, nil); err != nil {
		panic(err)
	}
	store.Close()

	store, err = uberiket.NewFileStore(dir)
	if err != nil {
		panic(err)
	}
	defer store.Close()
	fmt.Println(slices.Sorted(maps.Keys(store.Versjoner(105))))
	// Output: [78697179 85283803 323113504]
}
