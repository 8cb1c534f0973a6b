package apiskriv_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// operations records the Attempt.Operation of every request sent.
type operations struct {
	mu   sync.Mutex
	ops  []string
	next http.RoundTripper
}

func (o *operations) RoundTrip(r *http.Request) (*http.Response, error) {
	a, _ := vegdata.AttemptFromContext(r.Context())
	o.mu.Lock()
	o.ops = append(o.ops, a.Operation)
	o.mu.Unlock()
	return o.next.RoundTrip(r)
}

func (o *operations) take() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	ops := o.ops
	o.ops = nil
	return ops
}

// all requires every recorded operation to be name, and at least one.
func (o *operations) all(t *testing.T, name string) {
	t.Helper()
	ops := o.take()
	require.NotEmpty(t, ops, name)
	for _, op := range ops {
		assert.Equal(t, name, op)
	}
}

// TestOperationNames: every attempt carries the name of the method the
// caller called, iterators and the methods that make several requests
// (Wait, Blokkerende) included, without the package; the token source's
// login is named too.
func TestOperationNames(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			srv := apiskrivtest.NewServer(apiskrivtest.WithLocked(85726571))
			defer srv.Close()
			rec := &operations{next: srv.Client().Transport}
			hc := &http.Client{Transport: rec}
			ts, err := apiskriv.PasswordTokenSource(srv.URL, apiskrivtest.Username, apiskrivtest.Password, apiskriv.WithAuthHTTPClient(hc))
			require.NoError(t, err)
			c, err := apiskriv.NewClient("operations", ts, apiskriv.WithBaseURL(srv.URL), apiskriv.WithHTTPClient(hc),
				apiskriv.WithFormat(f), apiskriv.WithPollIntervals(fastPoll()))
			require.NoError(t, err)
			ctx := context.Background()

			_, err = c.Oppdrag.Get(ctx, 3466724)
			require.NoError(t, err)
			assert.Equal(t, []string{"PasswordTokenSource.Login", "Oppdrag.Get"}, rec.take())

			n := 0
			for _, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 2, Eier: "olanor"}) {
				require.NoError(t, err)
				n++
			}
			assert.Greater(t, n, 2, "more than one page")
			rec.all(t, "Oppdrag.All")

			for _, err := range c.Laaser.Pages(ctx, &apiskriv.LaasQuery{Antall: 20, Eier: "olanor"}) {
				require.NoError(t, err)
			}
			rec.all(t, "Laaser.Pages")

			_, err = c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724})
			require.NoError(t, err)
			assert.Equal(t, []string{"Transaksjoner.List"}, rec.take())

			o, err := c.Oppdrag.Get(ctx, 3466724)
			require.NoError(t, err)
			rec.take()
			var p apiskriv.Page[apiskriv.Transaksjon]
			require.NoError(t, c.Follow(ctx, o.Ressurser, "transaksjoner", &p))
			assert.Equal(t, []string{"Follow"}, rec.take())

			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(83, 85726571, 1, "2024-01-01", false)
			reg, err := c.Endringssett.Register(ctx, doc, nil)
			require.NoError(t, err)
			_, err = c.Endringssett.Start(ctx, reg.ID)
			require.NoError(t, err)
			assert.Equal(t, []string{"Endringssett.Register", "Endringssett.Start"}, rec.take())
			st, err := c.Endringssett.Status(ctx, reg.ID, nil)
			require.NoError(t, err)
			rec.take()
			_, err = c.Laaser.Blokkerende(ctx, st)
			require.NoError(t, err)
			rec.all(t, "Laaser.Blokkerende")
			srv.Unlock(85726571)
			_, err = c.Endringssett.Wait(ctx, reg.ID)
			require.NoError(t, err)
			rec.all(t, "Endringssett.Wait")

			id, err := c.Binaer.Upload(ctx, "image/png", "", strings.NewReader("png"))
			require.NoError(t, err)
			obj, err := c.Binaer.Download(ctx, id)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, obj.Body)
			require.NoError(t, obj.Body.Close())
			assert.Equal(t, []string{"Binaer.Upload", "Binaer.Download"}, rec.take())
		})
	}
}

// TestZeroValueClient: a client that was not made by NewClient returns
// an error from every kind of method instead of panicking.
func TestZeroValueClient(t *testing.T) {
	ctx := context.Background()
	const setID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	for name, c := range map[string]*apiskriv.Client{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			assert.NotPanics(t, func() {
				assert.Empty(t, c.BaseURL())
				assert.Equal(t, apiskriv.JSON, c.Format())
				err := c.Follow(ctx, apiskriv.Ressurser{{Rel: "self", Src: "rest/v1/oppdrag/1"}}, "self", &apiskriv.Oppdrag{})
				assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
			})
		})
	}
	var c apiskriv.Client
	_, err := c.Oppdrag.Get(ctx, 3466724)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "Oppdrag.Get")
	for _, err := range c.Oppdrag.All(ctx, nil) {
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "Oppdrag.All")
	}
	for _, err := range c.Transaksjoner.Pages(ctx, &apiskriv.TransaksjonQuery{OppdragID: 1}) {
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	}
	_, err = (&apiskriv.Client{}).Laaser.List(ctx, nil)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Endringssett.Wait(ctx, setID)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Endringssett.FremdriftOgAarsak(ctx, setID)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Binaer.Upload(ctx, "image/png", "", strings.NewReader("png"))
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Binaer.Download(ctx, setID)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Regelsett.Get(ctx, apiskriv.RegelsettVeglenke)
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = c.Laaser.Blokkerende(ctx, &apiskriv.Status{BlokkerendeLaaser: []int64{17900713}})
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
	_, err = (&apiskriv.Client{}).Autorisasjon.Get(ctx, "olanor")
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument)
}

// TestPostRetrySafety: a POST that writes nothing (validation, positioning,
// conversion) is repeated after a 503 like a GET; one that makes or
// changes something (a set, its start, cancellation and restart, a lock,
// a binary object) is sent once, since the server may have acted.
func TestPostRetrySafety(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	doc := func() *apiskriv.Endringssett {
		return apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t"))
	}
	newSet := func() string {
		reg, err := e.c.Endringssett.Register(ctx, doc(), nil)
		require.NoError(t, err)
		return reg.ID
	}
	_, err := e.c.Oppdrag.Get(ctx, 3466724) // log in
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		safe  bool
		setup func() string
		call  func(id string) error
	}{
		{"Endringssett.Validate", true, nil, func(string) error { _, err := e.c.Endringssett.Validate(ctx, doc(), nil); return err }},
		{"Stedfesting.Stedfest", true, nil, func(string) error { _, err := e.c.Stedfesting.Stedfest(ctx, docStedfest()); return err }},
		{"Konvertering.SosiGeoJSON", true, nil, func(string) error {
			_, err := e.c.Konvertering.SosiGeoJSON(ctx, []byte(docGeoJSON))
			return err
		}},
		{"Konvertering.Sosi", true, nil, func(string) error { _, err := e.c.Konvertering.Sosi(ctx, []byte(docSOSI)); return err }},
		{"Endringssett.Register", false, nil, func(string) error { _, err := e.c.Endringssett.Register(ctx, doc(), nil); return err }},
		{"Endringssett.Start", false, newSet, func(id string) error { _, err := e.c.Endringssett.Start(ctx, id); return err }},
		{"Endringssett.Cancel", false, newSet, func(id string) error { _, err := e.c.Endringssett.Cancel(ctx, id); return err }},
		{"Endringssett.Restart", false, newSet, func(id string) error { _, err := e.c.Endringssett.Restart(ctx, id); return err }},
		{"Laaser.Create", false, nil, func(string) error {
			l := docLaas()
			_, err := e.c.Laaser.Create(ctx, &l)
			return err
		}},
		{"Binaer.Upload", false, nil, func(string) error {
			_, err := e.c.Binaer.Upload(ctx, "image/png", "", strings.NewReader("png"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var id string
			if tc.setup != nil {
				id = tc.setup()
			}
			n := len(e.srv.Requests())
			e.srv.Script(apiskrivtest.Fault{Status: http.StatusServiceUnavailable})
			err := tc.call(id)
			if tc.safe {
				require.NoError(t, err)
				assert.Equal(t, n+2, len(e.srv.Requests()), "repeated after the 503")
				return
			}
			require.ErrorIs(t, err, apiskriv.ErrServer)
			assert.Equal(t, n+1, len(e.srv.Requests()), "sent once")
		})
	}
}
