package apiskriv_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

func TestFaultBodies(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   string
		is     error
	}{
		{"documented message", 422, string(readTestdata(t, "doc-fault.xml")),
			"registrer.vegobjekter[0].stedfesting.stedfestingselementer[0]: Fra må være mindre enn til", apiskriv.ErrBadRequest},
		{"messages wrapper", 400, `<fault xmlns="http://nvdb.vegvesen.no/apiskriv/fault/v1"><messages><message>delvisOppdater.vegobjekter[3].assosiasjoner[0]: nvdbId må være unik</message><message>to</message></messages></fault>`,
			"delvisOppdater.vegobjekter[3].assosiasjoner[0]: nvdbId må være unik; to", apiskriv.ErrBadRequest},
		{"json message", 403, `{"message":"Mangler rolle"}`, "Mangler rolle", apiskriv.ErrForbidden},
		{"json messages", 404, `{"messages":["Fant ikke","oppdrag"]}`, "Fant ikke; oppdrag", apiskriv.ErrNotFound},
		{"json message objects", 401, `{"messages":[{"message":"Utløpt token"}]}`, "Utløpt token", apiskriv.ErrUnauthorized},
		{"plain text", 500, `Internal Server Error`, "Internal Server Error", apiskriv.ErrServer},
		{"unknown xml", 500, `<html><body>oops</body></html>`, "", apiskriv.ErrServer},
	}
	for _, f := range formats {
		e := newEnv(t, f, nil, apiskriv.WithRetry(apiskriv.RetryPolicy{MaxRetries: apiskriv.NoRetries}))
		_, err := e.c.Oppdrag.Get(context.Background(), 3466724) // log in first
		require.NoError(t, err)
		for _, tt := range tests {
			t.Run(f.String()+"/"+tt.name, func(t *testing.T) {
				e.srv.Script(apiskrivtest.Fault{Status: tt.status, Body: tt.body})
				_, err := e.c.Oppdrag.Get(context.Background(), 3466724)
				var ae *apiskriv.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tt.status, ae.StatusCode)
				assert.Equal(t, tt.want, ae.Message)
				assert.ErrorIs(t, err, tt.is)
				assert.Regexp(t, `^[0-9a-f-]{36}$`, ae.RequestID)
				if tt.want != "" && tt.status != 500 {
					assert.Equal(t, tt.want, strings.Join(apiskriv.FaultMessages(err), "; "))
				}
			})
		}
	}
}

func TestRateLimited(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			_, err := e.c.Oppdrag.Get(ctx, 3466724) // log in first
			require.NoError(t, err)

			// 429 with a short Retry-After is retried.
			e.srv.Script(apiskrivtest.Fault{Status: 429, RetryAfter: "0"}, apiskrivtest.Fault{Status: 429, RetryAfter: "0"})
			o, err := e.c.Oppdrag.Get(ctx, 3466724)
			require.NoError(t, err)
			assert.Equal(t, int64(3466724), o.ID)

			// Beyond MaxRetryAfter the call fails at once with the time.
			n := len(e.srv.Requests())
			e.srv.Script(apiskrivtest.Fault{Status: 429, RetryAfter: "3600"})
			_, err = e.c.Oppdrag.Get(ctx, 3466724)
			var ae *apiskriv.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, apiskriv.ErrRateLimited)
			assert.ErrorIs(t, err, apiskriv.ErrQuotaExceeded)
			assert.False(t, ae.RetryAt.IsZero())
			assert.Equal(t, n+1, len(e.srv.Requests()))

			// A POST that must not be repeated is not retried after a 503.
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddLukk(83, 737948714, 1, "2024-01-01", false)
			n = len(e.srv.Requests())
			e.srv.Script(apiskrivtest.Fault{Status: 503})
			_, err = e.c.Endringssett.Register(ctx, doc, nil)
			assert.ErrorIs(t, err, apiskriv.ErrServer)
			assert.Equal(t, n+1, len(e.srv.Requests()))

			// A truncated 2xx body is fetched again; when every attempt is
			// cut short it is an invalid response, not a panic.
			tr := apiskrivtest.Fault{Truncate: true}
			e.srv.Script(tr)
			o, err = e.c.Oppdrag.Get(ctx, 3466724)
			require.NoError(t, err)
			assert.Equal(t, int64(3466724), o.ID)
			e.srv.Script(tr, tr, tr, tr)
			_, err = e.c.Oppdrag.Get(ctx, 3466724)
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, apiskriv.ErrUnavailable)
			assert.Equal(t, 200, ae.StatusCode)
		})
	}
}

func TestRandomFaultsEventuallySucceed(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, []apiskrivtest.Option{apiskrivtest.WithFaults(apiskrivtest.Faults{Seed: 7, RateLimited: 0.2, Unavailable: 0.2})},
		apiskriv.WithRetry(apiskriv.RetryPolicy{MaxRetries: 10, MinWait: 1, MaxWait: 2}))
	n := 0
	for _, err := range e.c.Oppdrag.All(context.Background(), &apiskriv.OppdragQuery{Antall: 5}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 25, n)
}

func TestFaultMessagesSplit(t *testing.T) {
	e := newEnv(t, apiskriv.XML, nil)
	ctx := context.Background()
	_, err := e.c.Oppdrag.Get(ctx, 3466724) // log in
	require.NoError(t, err)
	e.srv.Script(apiskrivtest.Fault{Status: 422, Body: `<fault xmlns="http://nvdb.vegvesen.no/apiskriv/fault/v1"><messages><message>a; b</message><message>c</message></messages></fault>`})
	_, err = e.c.Oppdrag.Get(ctx, 3466724)
	assert.Equal(t, []string{"a; b", "c"}, apiskriv.FaultMessages(err))
	assert.Nil(t, apiskriv.FaultMessages(nil))
	assert.Nil(t, apiskriv.FaultMessages(assert.AnError))
	_, err = e.c.Oppdrag.Get(ctx, 5)
	assert.Equal(t, []string{"Fant ikke oppdrag med id 5"}, apiskriv.FaultMessages(err))
}
