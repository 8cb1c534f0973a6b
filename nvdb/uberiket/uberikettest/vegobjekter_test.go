package uberikettest_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// TestStreamReadsEveryObjectOnce reads a generated type the way a copy
// does, asking again after the last id, and gets every active object once,
// in id order, at its versjon.
func TestStreamReadsEveryObjectOnce(t *testing.T) {
	t.Parallel() // its own server; the generated sets it shares are read-only
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 12_500))
	defer srv.Close()
	want := srv.Snapshot(105)
	require.Len(t, want, 12_500)

	got := map[int64]int{}
	var start int64
	requests := 0
	for {
		objs := stream(t, srv, v1+"/vegobjekter/105/stream?antall=5000&start="+strconv.FormatInt(start, 10))
		requests++
		if len(objs) == 0 {
			break
		}
		assert.LessOrEqual(t, len(objs), 5000)
		for _, o := range objs {
			require.Greater(t, o.ID, start, "in id order, after start")
			_, dup := got[o.ID]
			require.False(t, dup, "object %d twice", o.ID)
			got[o.ID] = o.Versjon
			start = o.ID
			assert.True(t, o.Aktiv(time.Now()), "the stream holds active objects")
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 4, requests, "two full answers, the rest and an empty one")

	assert.Len(t, stream(t, srv, v1+"/vegobjekter/105/stream"), 1000, "antall defaults to 1000")

	ids := slices.Sorted(maps.Keys(want))
	pick := []int64{ids[7], ids[3], ids[10_000], 1}
	objs := stream(t, srv, v1+"/vegobjekter/105/stream?ider="+join(pick))
	require.Len(t, objs, 3, "the unknown id is left out")
	assert.Equal(t, []int64{ids[3], ids[7], ids[10_000]}, []int64{objs[0].ID, objs[1].ID, objs[2].ID}, "in id order")
	objs = stream(t, srv, v1+"/vegobjekter/105/stream?antall=1&start="+strconv.FormatInt(ids[3], 10)+"&ider="+join(pick))
	require.Len(t, objs, 1)
	assert.Equal(t, ids[7], objs[0].ID, "ider with start and antall")
}

func join(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// TestPagesChain follows neste.start through the pages of every version
// and ends on a page without neste.
func TestPagesChain(t *testing.T) {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 600))
	defer srv.Close()

	type key struct {
		id  int64
		ver int
	}
	var seen []key
	path := v1 + "/vegobjekter/105?antall=250"
	pages := 0
	for {
		side := decode[vegobjekterSide](t, getOK(t, srv, path))
		pages++
		require.Equal(t, len(side.Vegobjekter), side.Metadata.Returnert)
		assert.Equal(t, 250, side.Metadata.Sidestorrelse)
		for _, o := range side.Vegobjekter {
			k := key{o.ID, o.Versjon}
			if n := len(seen); n > 0 {
				prev := seen[n-1]
				require.True(t, k.id > prev.id || k.id == prev.id && k.ver > prev.ver, "in id and versjon order: %v after %v", k, prev)
			}
			seen = append(seen, k)
		}
		if side.Metadata.Neste == nil {
			break
		}
		last := side.Vegobjekter[len(side.Vegobjekter)-1]
		assert.Equal(t, strconv.FormatInt(last.ID, 10)+"-"+strconv.Itoa(last.Versjon), side.Metadata.Neste.Start)
		assert.Contains(t, side.Metadata.Neste.Href, "start="+side.Metadata.Neste.Start)
		path = v1 + "/vegobjekter/105?antall=250&start=" + side.Metadata.Neste.Start
	}
	assert.Greater(t, len(seen), 600, "older versions too")
	assert.Equal(t, (len(seen)+249)/250, pages, "no empty last page")
	closed := 0
	for i := 1; i < len(seen); i++ {
		if seen[i].id == seen[i-1].id {
			closed++
		}
	}
	assert.Equal(t, len(seen)-600, closed, "each object's versions, newest open, the others closed")
	assert.Len(t, srv.Snapshot(105), 600)

	side := decode[vegobjekterSide](t, getOK(t, srv, v1+"/vegobjekter/105?inkluder=minimum&antall=1"))
	o := side.Vegobjekter[0]
	assert.Nil(t, o.Egenskaper)
	assert.Nil(t, o.Stedfesting)
	assert.Nil(t, o.Gyldighetsperiode)
	assert.NotZero(t, o.SistEndret)
	assert.NotNil(t, side.Metadata.Neste)
}

// TestVersions: the versions of Tunnelløp 89204552 by number, by date and
// uncorrected history, and an object found by id alone.
func TestVersions(t *testing.T) {
	srv := uberikettest.NewServer()
	defer srv.Close()
	ver := func(path string) int { return decode[uberiket.Vegobjekt](t, getOK(t, srv, v1+path)).Versjon }
	assert.Equal(t, 3, ver("/vegobjekter/67/89204552"), "the newest begun today")
	assert.Equal(t, 2, ver("/vegobjekter/67/89204552?dato=2019-12-31"))
	assert.Equal(t, 1, ver("/vegobjekter/67/89204552/1"))
	assert.Equal(t, 2, ver("/vegobjekter/67/89204552/historisk?dato=2015-06-26"), "sluttdato is not in the period")
	assert.Equal(t, 3, ver("/vegobjekter/id/89204552"))

	side := decode[vegobjekterSide](t, getOK(t, srv, v1+"/vegobjekter/67"))
	require.Len(t, side.Vegobjekter, 3)
	assert.Equal(t, uberiket.Dato("2015-06-26"), side.Vegobjekter[0].Sluttdato())
	side = decode[vegobjekterSide](t, getOK(t, srv, v1+"/vegobjekter/67?dato=2016-01-01"))
	require.Len(t, side.Vegobjekter, 1)
	assert.Equal(t, 2, side.Vegobjekter[0].Versjon)

	o := decode[uberiket.Vegobjekt](t, getOK(t, srv, v1+"/vegobjekter/67/89204552?inkluder=egenskaper"))
	assert.Nil(t, o.Stedfesting)
	d, ok := o.Egenskap(9508).Dato()
	assert.True(t, ok)
	assert.Equal(t, 2019, d.Year())
	assert.Equal(t, []int64{272110916, 272110918}, decode[uberiket.Vegobjekt](t, getOK(t, srv, v1+"/vegobjekter/67/89204552")).Barn[200722])

	side = decode[vegobjekterSide](t, getOK(t, srv, v1+"/vegobjekter?typeIder=105,591&stedfesting=0.9-1@41423"))
	require.Len(t, side.Vegobjekter, 2, "both versions of 85283803 reach 0.9 of 41423")
	assert.EqualValues(t, 85283803, side.Vegobjekter[0].ID)
}

// TestFixturesAreTheSamples: the fake serves the real objects as NVDB
// sent them, with kjorefelt added where NVDB left it out (the
// specification requires it).
func TestFixturesAreTheSamples(t *testing.T) {
	ref, err := oas.ReferenceDir()
	if err != nil {
		t.Skipf("skipping: the shared reference samples are absent (%v)", err)
	}
	srv := uberikettest.NewServer()
	defer srv.Close()
	for path, sample := range map[string]string{
		"/vegobjekter/105/323113504":  "uberiket-v1-vegobjekt-105-fartsgrense-323113504.json",
		"/vegobjekter/105/85283803":   "uberiket-v1-vegobjekt-105-fartsgrense-85283803-v2.json",
		"/vegobjekter/591/848324148":  "uberiket-v1-vegobjekt-591-hoydebegrensning-848324148.json",
		"/vegobjekter/616/1020150975": "uberiket-v1-vegobjekt-616-feltstrekning-1020150975.json",
		"/vegobjekter/821/642414069":  "uberiket-v1-vegobjekt-821-funksjonell-vegklasse-642414069.json",
		"/vegobjekter/538/977736797":  "uberiket-v1-vegobjekt-538-gate-977736797.json",
	} {
		want, err := os.ReadFile(filepath.Join(ref, "samples", "nvdb-les", sample))
		require.NoError(t, err)
		got := strings.ReplaceAll(string(getOK(t, srv, v1+path)), `,"kjorefelt":[]`, "")
		assert.JSONEq(t, string(want), got, path)
	}
	want, err := os.ReadFile(filepath.Join(ref, "samples", "nvdb-les", "uberiket-v1-veglenkesekvenser-page-1951809.json"))
	require.NoError(t, err)
	var page struct {
		Veglenkesekvenser []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(want, &page))
	assert.JSONEq(t, string(page.Veglenkesekvenser[0]), string(getOK(t, srv, v1+"/vegnett/veglenkesekvenser/1951809")))

	var noder struct{ Noder []json.RawMessage }
	want, err = os.ReadFile(filepath.Join(ref, "samples", "nvdb-les", "uberiket-v1-noder-page-trimmed.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(want, &noder))
	assert.JSONEq(t, string(noder.Noder[0]), string(getOK(t, srv, v1+"/vegnett/noder/95513")))
	assert.JSONEq(t, string(noder.Noder[1]), string(getOK(t, srv, v1+"/vegnett/noder/95522")))
}

// TestNetwork: the veglenkesekvenser and nodes of the fixtures meet at
// their ports, and the veglenker stream numbers links from start.
func TestNetwork(t *testing.T) {
	srv := uberikettest.NewServer()
	defer srv.Close()
	for _, l := range lines(getOK(t, srv, v1+"/vegnett/veglenker/stream")) {
		v := decode[uberiket.VeglenkeMedID](t, l)
		for _, end := range []int64{v.Startnode, v.Sluttnode} {
			n := decode[uberiket.Node](t, getOK(t, srv, v1+"/vegnett/noder/"+strconv.FormatInt(end, 10)))
			found := false
			for _, p := range n.Porter {
				found = found || p.VeglenkesekvensID == v.VeglenkesekvensID
			}
			assert.True(t, found, "node %d has a port to %d", end, v.VeglenkesekvensID)
		}
	}
	rest := lines(getOK(t, srv, v1+"/vegnett/veglenker/stream?start=41423-1"))
	require.Len(t, rest, 2)
	assert.Contains(t, string(rest[0]), `"veglenkesekvensId":41423,"veglenkenummer":2`)
	assert.Contains(t, string(rest[1]), `"veglenkesekvensId":1951809,"veglenkenummer":1`)
	assert.Len(t, lines(getOK(t, srv, v1+"/vegnett/veglenkesekvenser/stream?start=41423")), 1)
}

// TestVegnettHendelser: the road network's feeds, all of it and by kind of
// element, page by page.
func TestVegnettHendelser(t *testing.T) {
	srv := uberikettest.NewServer()
	defer srv.Close()
	var all []*uberiket.VegnettHendelse
	path := v1 + "/hendelser/vegnett?antall=2"
	for {
		side := decode[vegnettHendelserSide](t, getOK(t, srv, path))
		all = append(all, side.Hendelser...)
		if side.Metadata.Neste == nil {
			break
		}
		path = v1 + "/hendelser/vegnett?antall=2&start=" + side.Metadata.Neste.Start
	}
	require.Len(t, all, 7, "two veglenkesekvenser and five nodes")
	for i, h := range all {
		if i > 0 {
			assert.Greater(t, h.HendelseID, all[i-1].HendelseID)
		}
		require.NotNil(t, h.Data)
		assert.Equal(t, h.HendelseType, h.Data.Type)
	}
	assert.Equal(t, uberiket.VeglenkesekvensOpprettet, all[0].HendelseType)
	assert.Len(t, all[0].Data.Veglenkesekvens.Veglenker, 2)

	vls := decode[vegnettHendelserSide](t, getOK(t, srv, v1+"/hendelser/veglenkesekvenser"))
	assert.Len(t, vls.Hendelser, 2)
	noder := decode[vegnettHendelserSide](t, getOK(t, srv, v1+"/hendelser/noder?nodeId=95513"))
	require.Len(t, noder.Hendelser, 1)
	assert.EqualValues(t, 95513, noder.Hendelser[0].NettelementID)
	assert.Equal(t, uberiket.NodeOpprettet, noder.Hendelser[0].Data.Type)
	siste := decode[uberiket.VegnettHendelse](t, getOK(t, srv, v1+"/hendelser/veglenkesekvenser/siste"))
	assert.Equal(t, vls.Hendelser[1].HendelseID, siste.HendelseID)
	assert.Len(t, lines(getOK(t, srv, v1+"/hendelser/veglenkesekvenser/stream?start="+strconv.FormatInt(vls.Hendelser[0].HendelseID, 10))), 1)
}
