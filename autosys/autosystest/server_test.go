package autosystest_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/internal/oas"
)

func get(t *testing.T, srv *autosystest.Server, path string, q url.Values, key string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path+"?"+q.Encode(), nil)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("SVV-Authorization", "Apikey "+key)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

func loadSpec(t *testing.T) *oas.Spec {
	t.Helper()
	spec, err := oas.LoadReference("autosys-akf-datautlevering.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skip("reference OpenAPI file not available: ", err)
	}
	require.NoError(t, err)
	return spec
}

// TestResponsesValidateAgainstOpenAPI checks every vehicle by plate and by
// VIN, the JSON not-found forms and the spent-quota answer against the
// official OpenAPI file.
func TestResponsesValidateAgainstOpenAPI(t *testing.T) {
	spec := loadSpec(t)
	srv := autosystest.NewServer()
	defer srv.Close()
	vehicles := srv.Vehicles()
	require.GreaterOrEqual(t, len(vehicles), 10)
	for _, v := range vehicles {
		for _, q := range []url.Values{{"kjennemerke": {v.Kjennemerke}}, {"understellsnummer": {v.Understellsnummer}}} {
			t.Run(q.Encode(), func(t *testing.T) {
				resp, body := get(t, srv, autosystest.Path, q, "k")
				require.Equal(t, http.StatusOK, resp.StatusCode)
				require.NoError(t, spec.ValidateResponse("GET", autosystest.Path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
				assert.Contains(t, string(body), v.Understellsnummer)
			})
		}
	}
	for _, form := range []autosystest.NotFoundForm{autosystest.NotFoundFeilmelding, autosystest.NotFoundEmptyList} {
		nf := autosystest.NewServer(autosystest.WithNotFound(form))
		resp, body := get(t, nf, autosystest.Path, url.Values{"kjennemerke": {"ZZ99999"}}, "k")
		nf.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NoError(t, spec.ValidateResponse("GET", autosystest.Path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
	}
	q := autosystest.NewServer(autosystest.WithDailyQuota(1))
	defer q.Close()
	get(t, q, autosystest.Path, url.Values{"kjennemerke": {"EK39085"}}, "k")
	resp, body := get(t, q, autosystest.Path, url.Values{"kjennemerke": {"EK39085"}}, "k")
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	require.NotEmpty(t, resp.Header.Get("Retry-After"))
	require.NoError(t, spec.ValidateResponse("GET", autosystest.Path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
}

// TestServerAnswers checks the fake's status codes, bodies and headers for
// each documented case.
func TestServerAnswers(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC) // 23:30 in Oslo
	tests := []struct {
		name   string
		opts   []autosystest.Option
		path   string
		q      url.Values
		key    string
		status int
		check  func(t *testing.T, h http.Header, body string)
	}{
		{name: "alternative path", path: autosystest.AlternativePath, q: url.Values{"kjennemerke": {"ek 39085"}}, key: "k", status: 200,
			check: func(t *testing.T, _ http.Header, body string) { assert.Contains(t, body, "WVWZZZAUZH8950429") }},
		{name: "personal plate", q: url.Values{"kjennemerke": {"heia"}}, key: "k", status: 200,
			check: func(t *testing.T, _ http.Header, body string) { assert.Contains(t, body, `"PERSONLIG"`) }},
		{name: "vin lower case", q: url.Values{"understellsnummer": {"ta40316268"}}, key: "k", status: 200,
			check: func(t *testing.T, _ http.Header, body string) { assert.Contains(t, body, "SP 23005") }},
		{name: "both fields", q: url.Values{"kjennemerke": {"EK39085"}, "understellsnummer": {"X"}}, key: "k", status: 400,
			check: func(t *testing.T, _ http.Header, body string) { assert.Contains(t, body, "Mer enn ett av feltene") }},
		{name: "no field", q: url.Values{}, key: "k", status: 400},
		{name: "no key", q: url.Values{"kjennemerke": {"EK39085"}}, status: 401},
		{name: "unknown key", opts: []autosystest.Option{autosystest.WithKeys("good")}, q: url.Values{"kjennemerke": {"EK39085"}}, key: "bad", status: 403},
		{name: "accepted key", opts: []autosystest.Option{autosystest.WithKeys("good")}, q: url.Values{"kjennemerke": {"EK39085"}}, key: "good", status: 200},
		{name: "not found default", q: url.Values{"kjennemerke": {"ZZ99999"}}, key: "k", status: 200,
			check: func(t *testing.T, _ http.Header, body string) {
				assert.JSONEq(t, `{"feilmelding":"OPPLYSNINGER_IKKE_TILGJENGELIGE"}`, body)
			}},
		{name: "not found 204", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundNoContent)}, q: url.Values{"kjennemerke": {"ZZ99999"}}, key: "k", status: 204,
			check: func(t *testing.T, _ http.Header, body string) { assert.Empty(t, body) }},
		{name: "not found text", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundPlainText)}, q: url.Values{"kjennemerke": {"ZZ99999"}}, key: "k", status: 200,
			check: func(t *testing.T, _ http.Header, body string) {
				assert.Equal(t, "OPPLYSNINGER_IKKE_TILGJENGELIGE", body)
			}},
		{name: "not found 404", opts: []autosystest.Option{autosystest.WithNotFound(autosystest.NotFoundStatus)}, q: url.Values{"kjennemerke": {"ZZ99999"}}, key: "k", status: 404},
		{name: "quota 429 seconds", opts: []autosystest.Option{autosystest.WithDailyQuota(0), autosystest.WithQuotaStatus(429), autosystest.WithRetryAfterSeconds(), autosystest.WithClock(func() time.Time { return t0 })},
			q: url.Values{"kjennemerke": {"EK39085"}}, key: "k", status: 429,
			check: func(t *testing.T, h http.Header, _ string) { assert.Equal(t, "1800", h.Get("Retry-After")) }},
		{name: "quota 422 date", opts: []autosystest.Option{autosystest.WithDailyQuota(0), autosystest.WithClock(func() time.Time { return t0 })},
			q: url.Values{"kjennemerke": {"EK39085"}}, key: "k", status: 422,
			check: func(t *testing.T, h http.Header, _ string) {
				assert.Equal(t, "Sun, 22 Nov 2026 23:00:00 GMT", h.Get("Retry-After"))
			}},
		{name: "scripted 503", opts: nil, q: url.Values{"kjennemerke": {"EK39085"}}, key: "k", status: 503},
		{name: "unknown path", path: "/nope", key: "k", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := autosystest.NewServer(tt.opts...)
			defer srv.Close()
			if tt.status == 503 {
				srv.Script(autosystest.Fault{Status: 503})
			}
			path := tt.path
			if path == "" {
				path = autosystest.Path
			}
			resp, body := get(t, srv, path, tt.q, tt.key)
			require.Equal(t, tt.status, resp.StatusCode, string(body))
			if tt.check != nil {
				tt.check(t, resp.Header, string(body))
			}
		})
	}
}

func TestQuotaResetsAtOsloMidnight(t *testing.T) {
	var now atomic.Int64                                                // the fake's clock, read from the server's goroutines
	now.Store(time.Date(2026, 7, 1, 21, 59, 0, 0, time.UTC).UnixNano()) // 23:59 summer time in Oslo
	srv := autosystest.NewServer(autosystest.WithDailyQuota(1), autosystest.WithClock(func() time.Time { return time.Unix(0, now.Load()) }))
	defer srv.Close()
	q := url.Values{"kjennemerke": {"EK39085"}}
	resp, _ := get(t, srv, autosystest.Path, q, "k")
	require.Equal(t, 200, resp.StatusCode)
	resp, _ = get(t, srv, autosystest.Path, q, "k")
	require.Equal(t, 422, resp.StatusCode)
	resp, _ = get(t, srv, autosystest.Path, q, "other")
	require.Equal(t, 200, resp.StatusCode, "quota is per key")
	now.Add(int64(2 * time.Minute))
	resp, _ = get(t, srv, autosystest.Path, q, "k")
	require.Equal(t, 200, resp.StatusCode, "a new Oslo day")
	assert.Equal(t, 1, srv.QuotaUsed("k"))
}
