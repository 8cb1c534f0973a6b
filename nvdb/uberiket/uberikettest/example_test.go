package uberikettest_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// Example copies a generated type through the stream, lets the fake change
// it, and reads what changed from the hendelser: what a sync does, by hand.
func Example() {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 1000), uberikettest.WithSeed(1),
		uberikettest.WithClock(func() time.Time { return time.Date(2025, 11, 3, 9, 30, 0, 0, time.UTC) }))
	defer srv.Close()

	read := func(path string, each func(line []byte)) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/uberiket/api/v1"+path, nil)
		req.Header.Set("X-Client", "example")
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			each(sc.Bytes())
		}
	}

	pos := srv.SisteHendelse(105) // noted before copying, so nothing is missed
	copied := 0
	read("/vegobjekter/105/stream?antall=10000", func(line []byte) { copied++ })
	fmt.Println("copied", copied, "objects")

	srv.Change(105, 5)
	kinds := map[string]int{}
	read(fmt.Sprintf("/hendelser/vegobjekter/105/stream?start=%d", pos), func(line []byte) {
		var h uberiket.VegobjektHendelse
		if err := json.Unmarshal(line, &h); err != nil {
			panic(err)
		}
		kinds[h.HendelseType]++
	})
	fmt.Println(kinds)
	fmt.Println("active now:", len(srv.Snapshot(105)))
	// Output:
	// copied 1000 objects
	// map[VegobjektVersjonEndret:4 VegobjektVersjonFjernet:2 VegobjektVersjonOpprettet:2]
	// active now: 998
}
