package uberikettest_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

var testNow = time.Date(2025, 11, 3, 9, 30, 0, 0, time.UTC)

// hendelserAfter reads every hendelse of a type after start, page by page.
func hendelserAfter(t *testing.T, srv *uberikettest.Server, typeID int, start int64) []*uberiket.VegobjektHendelse {
	t.Helper()
	var out []*uberiket.VegobjektHendelse
	for {
		side := decode[hendelserSide](t, getOK(t, srv, v1+"/hendelser/vegobjekter/"+strconv.Itoa(typeID)+"?antall=1000&start="+strconv.FormatInt(start, 10)))
		out = append(out, side.Hendelser...)
		if side.Metadata.Neste == nil {
			return out
		}
		next, err := strconv.ParseInt(side.Metadata.Neste.Start, 10, 64)
		require.NoError(t, err)
		require.Greater(t, next, start)
		start = next
	}
}

// TestChangeIsRecorded: every change is in the hendelser, and a copy made
// the way NVDB's own tool makes it (note the last hendelse, copy the
// stream, then read again every object a hendelse names) ends equal to
// Snapshot.
func TestChangeIsRecorded(t *testing.T) {
	t.Parallel() // its own server; the generated sets it shares are read-only
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 3000), uberikettest.WithSeed(7),
		uberikettest.WithClock(func() time.Time { return testNow }))
	defer srv.Close()

	pos := srv.SisteHendelse(105)
	siste := decode[uberiket.VegobjektHendelse](t, getOK(t, srv, v1+"/hendelser/vegobjekter/105/siste"))
	require.Equal(t, pos, siste.HendelseID)
	assert.Equal(t, uberiket.VegobjektImportert, siste.HendelseType, "the log begins with the import")

	copyOf := map[int64]int{}
	for start := int64(0); ; {
		objs := stream(t, srv, v1+"/vegobjekter/105/stream?antall=10000&start="+strconv.FormatInt(start, 10))
		if len(objs) == 0 {
			break
		}
		for _, o := range objs {
			copyOf[o.ID] = o.Versjon
			start = o.ID
		}
	}
	require.Equal(t, srv.Snapshot(105), copyOf)

	sett := srv.Change(105, 300)
	srv.Change(105, 0)
	hs := hendelserAfter(t, srv, 105, pos)
	require.NotEmpty(t, hs)
	kinds := map[string]int{}
	changed := map[int64]bool{}
	for i, h := range hs {
		if i > 0 {
			require.Greater(t, h.HendelseID, hs[i-1].HendelseID)
		}
		kinds[h.HendelseType]++
		changed[h.VegobjektID] = true
		assert.Equal(t, testNow, h.Tidspunkt)
		assert.Equal(t, h.HendelseType, h.Data.Type)
		assert.Equal(t, 105, h.VegobjektTypeID)
	}
	for _, k := range []string{uberiket.VegobjektVersjonOpprettet, uberiket.VegobjektVersjonEndret, uberiket.VegobjektVersjonFjernet} {
		assert.Positive(t, kinds[k], k)
	}
	assert.Equal(t, srv.SisteHendelse(105), hs[len(hs)-1].HendelseID)

	// Read every changed object again, 100 ids at a time: active ones are
	// in the stream, the others are gone from the copy.
	ids := slices.Sorted(maps.Keys(changed))
	for k := 0; k < len(ids); k += 100 {
		batch := ids[k:min(k+100, len(ids))]
		active := map[int64]int{}
		for _, o := range stream(t, srv, v1+"/vegobjekter/105/stream?ider="+join(batch)) {
			active[o.ID] = o.Versjon
		}
		for _, id := range batch {
			if v, ok := active[id]; ok {
				copyOf[id] = v
			} else {
				delete(copyOf, id)
			}
		}
	}
	assert.Equal(t, srv.Snapshot(105), copyOf)

	// A version removed is followed by the removal of the one before (an
	// object removed whole, newest first, down to versjon 1), or by the
	// reopening of the one before, current again.
	ended, removed, reverted := 0, 0, 0
	for k, h := range hs {
		d := h.Data
		switch h.HendelseType {
		case uberiket.VegobjektVersjonFjernet:
			require.NotNil(t, d.OriginalVersjon)
			assert.Equal(t, h.VegobjektVersjon, d.VersjonID)
			if h.VegobjektVersjon == 1 {
				resp, _ := get(t, srv, v1+"/vegobjekter/105/"+strconv.FormatInt(h.VegobjektID, 10))
				assert.Equal(t, http.StatusNotFound, resp.StatusCode, "a removed object is gone")
				removed++
				continue
			}
			require.Less(t, k+1, len(hs), "hendelse %d", h.HendelseID)
			next := hs[k+1]
			assert.Equal(t, h.VegobjektID, next.VegobjektID)
			assert.Equal(t, h.VegobjektVersjon-1, next.VegobjektVersjon, "then the version before")
			if next.HendelseType == uberiket.VegobjektVersjonEndret {
				require.NotNil(t, next.Data.Gyldighetsperiode)
				assert.Empty(t, next.Data.Gyldighetsperiode.Sluttdato, "reopened")
				reverted++
			} else {
				assert.Equal(t, uberiket.VegobjektVersjonFjernet, next.HendelseType)
			}
		case uberiket.VegobjektVersjonEndret:
			require.NotNil(t, d.OriginalVersjon)
			assert.Equal(t, d.VersjonID, d.OriginalVersjon.VersjonID)
			if d.Gyldighetsperiode != nil && d.Gyldighetsperiode.Sluttdato == "" {
				require.Positive(t, k)
				prev := hs[k-1]
				assert.Equal(t, uberiket.VegobjektVersjonFjernet, prev.HendelseType, "reopened after the newest version was removed")
				assert.Equal(t, h.VegobjektVersjon+1, prev.VegobjektVersjon)
				assert.NotEmpty(t, d.OriginalVersjon.Gyldighetsperiode.Sluttdato, "closed before")
			} else if d.Gyldighetsperiode != nil {
				assert.Equal(t, uberiket.Today(testNow), d.Gyldighetsperiode.Sluttdato, "closed today")
				if _, active := srv.Snapshot(105)[h.VegobjektID]; !active {
					ended++
				}
			} else {
				assert.True(t, len(d.EgenskapEndringer) > 0 || d.StedfestingEndring != nil, "a correction says what changed")
			}
		case uberiket.VegobjektVersjonOpprettet:
			require.NotNil(t, d.Versjon)
			assert.Equal(t, h.VegobjektVersjon, d.Versjon.VersjonID)
			assert.Equal(t, uberiket.Today(testNow), d.Versjon.Gyldighetsperiode.Startdato)
		}
	}
	assert.Positive(t, ended, "some objects ended")
	assert.Positive(t, removed)
	assert.Positive(t, reverted, "some objects back at the version before")

	// The endringssett holds exactly the hendelser of the call.
	var fromSett []int64
	for start := ""; ; {
		var side struct {
			VegobjektHendelser []*uberiket.VegobjektHendelse `json:"vegobjektHendelser"`
			VegnettHendelser   []*uberiket.VegnettHendelse   `json:"vegnettHendelser"`
			Metadata           uberiket.SideMetadata         `json:"metadata"`
		}
		require.NoError(t, json.Unmarshal(getOK(t, srv, v1+"/hendelser/endringssett/"+sett+"?antall=100&start="+start), &side))
		for _, h := range side.VegobjektHendelser {
			fromSett = append(fromSett, h.HendelseID)
		}
		if side.Metadata.Neste == nil {
			break
		}
		start = side.Metadata.Neste.Start
	}
	want := make([]int64, len(hs))
	for i, h := range hs {
		want[i] = h.HendelseID
	}
	assert.Equal(t, want, fromSett)
}

// TestChangeIsDeterministic: the same seed and calls give the same data and
// hendelser; another seed does not.
func TestChangeIsDeterministic(t *testing.T) {
	run := func(seed uint64) (string, map[int64]int) {
		uberikettest.ForgetGenerated() // drawn anew each time
		srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 500), uberikettest.WithSeed(seed),
			uberikettest.WithClock(func() time.Time { return testNow }))
		defer srv.Close()
		pos := srv.SisteHendelse(105)
		srv.Change(105, 40)
		srv.Change(105, 40)
		b := getOK(t, srv, v1+"/hendelser/vegobjekter/105?antall=1000&start="+strconv.FormatInt(pos, 10))
		return string(b), srv.Snapshot(105)
	}
	a, snapA := run(3)
	b, snapB := run(3)
	c, _ := run(4)
	assert.Equal(t, a, b)
	assert.Equal(t, snapA, snapB)
	assert.NotEqual(t, a, c)
}

// TestChangeWhileStreaming: clients read streams, pages and hendelser
// while Change runs; each answer is whole and in order (run with -race).
func TestChangeWhileStreaming(t *testing.T) {
	// Its own server; the generated sets it shares are read-only.
	t.Parallel()
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 12_000)) // more than the two answers of 10 000 at the end
	defer srv.Close()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var prev int64
				for _, o := range stream(t, srv, v1+"/vegobjekter/105/stream?antall=2000") {
					assert.Greater(t, o.ID, prev)
					prev = o.ID
				}
				getOK(t, srv, v1+"/vegobjekter/105?antall=200")
				getOK(t, srv, v1+"/hendelser/vegobjekter/105/stream?antall=100&start="+strconv.FormatInt(srv.SisteHendelse(105)-50, 10))
			}
		}()
	}
	for range 20 {
		srv.Change(105, 50)
	}
	close(stop)
	wg.Wait()
	assert.Equal(t, len(srv.Snapshot(105)), len(stream(t, srv, v1+"/vegobjekter/105/stream?antall=10000"))+
		len(stream(t, srv, v1+"/vegobjekter/105/stream?antall=10000&start="+strconv.FormatInt(lastID(t, srv), 10))))
}

// lastID is the id of the 10 000th active object.
func lastID(t *testing.T, srv *uberikettest.Server) int64 {
	objs := stream(t, srv, v1+"/vegobjekter/105/stream?antall=10000")
	return objs[len(objs)-1].ID
}

// TestSiste: the newest hendelse at or before a time, as a copy notes its
// position before it begins.
func TestSiste(t *testing.T) {
	now := testNow
	srv := uberikettest.NewServer(uberikettest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	imported := srv.SisteHendelse(105)
	srv.Change(105, 5)
	now = now.Add(time.Hour)
	srv.Change(105, 5)
	newest := srv.SisteHendelse(105)
	require.Greater(t, newest, imported)

	at := func(tid string) int64 {
		return decode[uberiket.VegobjektHendelse](t, getOK(t, srv, v1+"/hendelser/vegobjekter/105/siste?tidspunkt="+tid)).HendelseID
	}
	assert.Equal(t, imported, at("2025-11-03T09:29:59Z"), "before the first change")
	first := at("2025-11-03T09:30:00Z")
	assert.Greater(t, first, imported)
	assert.Less(t, first, newest)
	assert.Equal(t, first, at("2025-11-03T10:59:59.999%2B01:00"), "with a zone")
	assert.Equal(t, newest, at("2025-11-03T10:30:00Z"))
	resp, _ := get(t, srv, v1+"/hendelser/vegobjekter/105/siste?tidspunkt=2025-05-01")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "nothing before the import")

	var list []*uberiket.VegobjektHendelse
	require.NoError(t, json.Unmarshal(getOK(t, srv, v1+"/hendelser/vegobjekter/siste?typeIder=105,538"), &list))
	require.Len(t, list, 2)
	assert.Equal(t, newest, list[0].HendelseID)
	assert.Equal(t, 538, list[1].VegobjektTypeID)
	assert.Equal(t, uberiket.VegobjektVersjonEndret, list[1].HendelseType, "the name of 977736797 corrected")
}

// TestRetention: a start older than the hendelser the fake keeps is
// refused, so a copy knows to start over; a start it keeps is served.
func TestRetention(t *testing.T) {
	srv := uberikettest.NewServer(uberikettest.WithGenerated(105, 200), uberikettest.WithHendelseRetention(100))
	defer srv.Close()
	pos := srv.SisteHendelse(105)
	side := decode[hendelserSide](t, getOK(t, srv, v1+"/hendelser/vegobjekter/105?start="+strconv.FormatInt(pos-50, 10)))
	assert.Len(t, side.Hendelser, 50)

	srv.Change(105, 150) // more than 100 hendelser
	for _, path := range []string{
		"/hendelser/vegobjekter/105?start=" + strconv.FormatInt(pos, 10),
		"/hendelser/vegobjekter/105/stream?start=" + strconv.FormatInt(pos, 10),
		"/hendelser/vegobjekter?start=" + strconv.FormatInt(pos, 10),
	} {
		resp, body := get(t, srv, v1+path)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, path)
		assert.Contains(t, decode[problem](t, body).Detail, "eldste tilgjengelige hendelse")
	}
	all := decode[hendelserSide](t, getOK(t, srv, v1+"/hendelser/vegobjekter/105?antall=1000"))
	assert.Len(t, all.Hendelser, 100, "without start: the oldest kept on")
	oldest := all.Hendelser[0].HendelseID
	side = decode[hendelserSide](t, getOK(t, srv, v1+"/hendelser/vegobjekter/105?antall=1000&start="+strconv.FormatInt(oldest-1, 10)))
	assert.Len(t, side.Hendelser, 100, "a start just before the oldest kept loses nothing")
	resp, _ := get(t, srv, v1+"/hendelser/vegobjekter/105/siste?tidspunkt=2025-05-03")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the import is gone")
}
