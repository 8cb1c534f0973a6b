package apiskriv_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func seedOppdrag(srv *apiskrivtest.Server) apiskriv.Oppdrag {
	return apiskriv.Oppdrag{
		ID: 3466724, TypeID: 24598, Navn: "Fylkes- og kommunale veger",
		Beskrivelse: "Øvrige veger: bare for kommunale veger", Sluttidspunkt: "2016-09-20T07:13:31Z",
		Bruker:        apiskriv.Bruker{ID: 42, Brukernavn: "olanor", FulltNavn: "Ola Nordmann"},
		Tjenesteregel: apiskriv.TjenesteregelVegnettsoppdrag,
		Ressurser: apiskriv.Ressurser{
			{Rel: "self", Src: srv.URL + "/rest/v1/oppdrag/3466724"},
			{Rel: "transaksjoner", Src: srv.URL + "/rest/v1/transaksjon?oppdragId=3466724"},
		},
	}
}

func TestOppdragGet(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			var meta apiskriv.Meta
			o, err := e.c.Oppdrag.Get(vegdata.CaptureMeta(context.Background(), &meta), 3466724)
			require.NoError(t, err)
			assert.Equal(t, seedOppdrag(e.srv), *o)
			assert.Equal(t, 200, meta.StatusCode)
			assert.Regexp(t, `^[0-9a-f-]{36}$`, meta.RequestID)

			reqs := e.srv.Requests()
			last := reqs[len(reqs)-1]
			assert.Equal(t, "/rest/v1/oppdrag/3466724", last.Path)
			assert.Equal(t, "go-vegdata-test", last.Header.Get("X-Client"))
			assert.Equal(t, "Bearer ***", last.Header.Get("Authorization"))
			assert.Equal(t, meta.RequestID, last.Header.Get("X-Request-ID"))
			if f == apiskriv.XML {
				assert.Equal(t, "application/xml", last.Header.Get("Accept"))
			} else {
				assert.Equal(t, "application/json", last.Header.Get("Accept"))
			}
			tm, err := o.Sluttidspunkt.Time()
			require.NoError(t, err)
			assert.Equal(t, time.Date(2016, 9, 20, 7, 13, 31, 0, time.UTC), tm.UTC())
		})
	}
}

func TestOppdragGetErrors(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			_, err := e.c.Oppdrag.Get(context.Background(), 999)
			var ae *apiskriv.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, apiskriv.ErrNotFound)
			assert.Equal(t, 404, ae.StatusCode)
			assert.Equal(t, "Fant ikke oppdrag med id 999", ae.Message)
			reqs := e.srv.Requests()
			assert.Equal(t, reqs[len(reqs)-1].Header.Get("X-Request-ID"), ae.RequestID)

			n := len(e.srv.Requests())
			_, err = e.c.Oppdrag.Get(context.Background(), 0)
			assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Equal(t, n, len(e.srv.Requests()))
		})
	}
}

func TestOppdragList(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			p, err := e.c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: 1, Eier: "olanor"})
			require.NoError(t, err)
			require.Len(t, p.Items, 1)
			assert.Equal(t, seedOppdrag(e.srv), *p.Items[0])
			assert.Equal(t, 13, p.AntallTotalt)
			assert.Equal(t, 1, p.Start)
			assert.Equal(t, 2, p.Next)

			reqs := e.srv.Requests()
			assert.Equal(t, "antall=1&eier=olanor", reqs[len(reqs)-1].Query)

			var ids []int64
			for o, err := range e.c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 5, Eier: "karnor", SorterPaa: apiskriv.SorterTid, SorterStigende: apiskriv.Nei}) {
				require.NoError(t, err)
				assert.Equal(t, "karnor", o.Bruker.Brukernavn)
				ids = append(ids, o.ID)
			}
			assert.Len(t, ids, 12)
			for i := 1; i < len(ids); i++ {
				assert.Greater(t, ids[i-1], ids[i], "descending by time")
			}
			reqs = e.srv.Requests()
			assert.Contains(t, reqs[len(reqs)-1].Query, "sorterStigende=NEI")
			assert.Contains(t, reqs[len(reqs)-1].Query, "start=11")

			p, err = e.c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{FraDato: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Tjenesteregel: apiskriv.TjenesteregelVegnettsoppdrag})
			require.NoError(t, err)
			assert.NotEmpty(t, p.Items)
			for _, o := range p.Items {
				assert.GreaterOrEqual(t, string(o.Sluttidspunkt), "2020-01-01")
			}
			reqs = e.srv.Requests()
			assert.Contains(t, reqs[len(reqs)-1].Query, "fraDato=2020-01-01")
			assert.Equal(t, 0, p.Next)
		})
	}
}

func TestOppdragQueryRejectedWithoutRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	tests := []struct {
		name string
		q    apiskriv.OppdragQuery
		want string
	}{
		{"antall too large", apiskriv.OppdragQuery{Antall: 1001}, "antall"},
		{"negative antall", apiskriv.OppdragQuery{Antall: -1}, "antall"},
		{"negative start", apiskriv.OppdragQuery{Start: -2}, "start"},
		{"unknown sort", apiskriv.OppdragQuery{SorterPaa: "NAVN"}, "sorterPå"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.c.Oppdrag.List(context.Background(), &tt.q)
			require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.want)
			n := 0
			for _, err := range e.c.Oppdrag.All(context.Background(), &tt.q) {
				require.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
				n++
			}
			assert.Equal(t, 1, n, "error yielded once")
		})
	}
	assert.Zero(t, len(e.srv.Requests()))
}

func TestOppdragAllIterator(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	q := &apiskriv.OppdragQuery{Antall: 2}
	seq := e.c.Oppdrag.All(ctx, q)
	q.Antall = 1000 // the iterator copied the query
	q.Eier = "karnor"
	assert.Zero(t, len(e.srv.Requests()), "no I/O before ranging")

	n := 0
	for _, err := range seq {
		require.NoError(t, err)
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	var lists int
	for _, r := range e.srv.Requests() {
		if r.Path == "/rest/v1/oppdrag" {
			lists++
			assert.Contains(t, r.Query, "antall=2")
			assert.NotContains(t, r.Query, "karnor")
		}
	}
	assert.Equal(t, 2, lists, "stopping early sends no further request")

	// An error ends the sequence after one yield.
	e.srv.Script(apiskrivtest.Fault{Status: 403})
	var errs int
	for _, err := range e.c.Oppdrag.All(ctx, nil) {
		if err != nil {
			errs++
			assert.ErrorIs(t, err, apiskriv.ErrForbidden)
		}
	}
	assert.Equal(t, 1, errs)

	// Ranging again starts afresh; all 25 oppdrag in pages of 10.
	total := 0
	for _, err := range e.c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 10}) {
		require.NoError(t, err)
		total++
	}
	assert.Equal(t, 25, total)
}

func TestOppdragConcurrent(t *testing.T) {
	e := newEnv(t, apiskriv.XML, nil)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			o, err := e.c.Oppdrag.Get(context.Background(), 3466724)
			if err == nil && !strings.Contains(o.Navn, "veger") {
				err = assert.AnError
			}
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
	assert.Equal(t, 1, e.srv.Logins(), "one login shared by all requests")
}
