package synsbasen_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/hostile"
	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func hostileClient(t *testing.T, h http.Handler) *synsbasen.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := synsbasen.NewClient(fuzzKey, synsbasen.WithBaseURL(srv.URL), synsbasen.WithRateLimit(1000, 100),
		synsbasen.WithRetry(synsbasen.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}))
	require.NoError(t, err)
	return c
}

func requireAPIError(t *testing.T, err error, want error, status int, rid string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, want)
	var ae *synsbasen.APIError
	require.True(t, errors.As(err, &ae), "%T: %v", err, err)
	assert.Equal(t, status, ae.StatusCode)
	assert.Equal(t, rid, ae.RequestID)
	assert.NotContains(t, err.Error(), fuzzKey)
}

// Answers of 1 GiB, streamed. A vehicle is decoded by encoding/json, which
// holds what it reads: the call ends in ErrBodyTooLarge at the transport's
// 64 MiB limit for answers decoded whole, with memory bounded by that
// limit, not by the body. An
// error body is read up to 1 MiB.
func TestHostileHugeBodies(t *testing.T) {
	hostile.SkipUnlessHuge(t)
	hostile.SkipUnderRace(t)
	tests := []struct {
		name             string
		status           int
		want             error
		body             func() io.Reader
		maxTotal, maxTop uint64
	}{
		{"endless vehicle", 200, synsbasen.ErrBodyTooLarge, func() io.Reader {
			return hostile.Body(`{"data":{"id":1,"registration":"AS87640","ukjent":[`, `1234567,"abcdefgh",{"a":[null]},`, `0]}}`, hostile.GiB)
		}, 400 * hostile.MiB, 320 * hostile.MiB},
		{"endless error body", 404, synsbasen.ErrNotFound, func() io.Reader {
			return hostile.Body(`{"error":"`, "not found ", `"}`, hostile.GiB)
		}, 16 * hostile.MiB, 16 * hostile.MiB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(tc.status, "application/json", "rid-huge", tc.body))
			var err error
			total, peak := hostile.Measure(func() { _, err = c.Vehicles.GetByRegistration(context.Background(), "AS87640") })
			requireAPIError(t, err, tc.want, tc.status, "rid-huge")
			assert.Less(t, total, tc.maxTotal)
			assert.Less(t, peak, tc.maxTop)
			t.Logf("allocated %d KiB in all, live heap peak %d KiB", total/1024, peak/1024)
		})
	}
}

// Malformed 200 answers: ErrInvalidResponse with status and request id,
// for a vehicle and for a search page. (A page without "data" is read as
// an empty page on purpose, so "no data" is checked on a vehicle only.)
func TestHostileMalformed(t *testing.T) {
	tests := []struct{ name, contentType, body string }{
		{"html from a proxy", "text/html", `<html><body><h1>502 Bad Gateway</h1></body></html>`},
		{"not JSON", "application/json", `upstream connect error`},
		{"empty", "application/json", ``},
		{"no data", "application/json", `{"cost":1}`},
		{"wrong types", "application/json", `{"data":{"id":"AS87640","registration":12},"cost":"x"}`},
		{"data of the wrong kind", "application/json", `{"data":"vehicle"}`},
		{"truncated", "application/json", `{"data":{"id":1,"registration":"AS8`},
		{"100000 levels of [", "application/json", `{"data":` + hostile.Nested("[", "", "]", 100000) + `}`},
		{"100000 levels of {", "application/json", hostile.Nested(`{"data":`, "1", "}", 100000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(200, tc.contentType, "rid-bad", func() io.Reader { return strings.NewReader(tc.body) }))
			v, err := c.Vehicles.GetByRegistration(context.Background(), "AS87640")
			assert.Nil(t, v)
			requireAPIError(t, err, synsbasen.ErrInvalidResponse, 200, "rid-bad")
			if tc.name == "no data" {
				return
			}
			p, err := c.Vehicles.Search(context.Background(), &synsbasen.Search{})
			assert.Nil(t, p)
			requireAPIError(t, err, synsbasen.ErrInvalidResponse, 200, "rid-bad")
		})
	}
}

// A webhook delivery of 1 GiB is refused with 413 after the handler's
// 1 MiB limit, before the signature is checked, and never reaches the
// function; deep nesting with a right signature is a 400.
func TestHostileWebhook(t *testing.T) {
	calls := 0
	h, err := synsbasen.NewWebhookHandler("sb_whsk_test", func(context.Context, *synsbasen.Event) error { calls++; return nil })
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	closeInBackground(t, srv)

	var resp *http.Response
	total, peak := hostile.Measure(func() {
		resp, err = http.Post(srv.URL, "application/json", hostile.Body(`{"event":"vehicles.updated","data":[`, `1,`, `1]}`, hostile.GiB))
	})
	if err == nil { // the server may also hang up mid-upload
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	}
	if !hostile.Race {
		assert.Less(t, total, uint64(64*hostile.MiB))
	}
	t.Logf("1 GiB delivery: allocated %d KiB in all, live heap peak %d KiB", total/1024, peak/1024)

	deep := []byte(`{"event":"vehicle.updated","data":` + hostile.Nested(`{"id":`, "1", "}", 100000) + `}`)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(deep)))
	req.Header.Set(synsbasen.SignatureHeader, synsbasen.Sign("sb_whsk_test", deep))
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Zero(t, calls)
}

// A page without "data" (a proxy's {} with status 200) is an error, not an
// empty last page: SearchAll must not end early without a word.
func TestPageWithoutDataIsInvalid(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c, err := synsbasen.NewClient("sb_sk_test", synsbasen.WithBaseURL(srv.URL))
	require.NoError(t, err)
	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Start("registration", "AS876")}, PerPage: 2}
	srv.Script(synsbasentest.Fault{}, synsbasentest.Fault{Status: 200, Body: `{}`})
	n := 0
	var errs []error
	for _, err := range c.Vehicles.SearchAll(context.Background(), q) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Equal(t, 2, n, "the first page arrived whole")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], synsbasen.ErrInvalidResponse)

	srv.Script(synsbasentest.Fault{Status: 200, Body: `{"data":null}`})
	_, err = c.Brands.List(context.Background(), nil)
	assert.ErrorIs(t, err, synsbasen.ErrInvalidResponse)
}
