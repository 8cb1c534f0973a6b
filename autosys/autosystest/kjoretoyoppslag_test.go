package autosystest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

func post(t *testing.T, srv *autosystest.Server, path, body, key string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("SVV-Authorization", "Apikey "+key)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

// TestKjoretoyoppslagValidateAgainstOpenAPI checks the answers of the bulk
// lookups and owner searches (hits, per-item feilmelding, too many items,
// too large antall, spent quota) against the official OpenAPI file.
func TestKjoretoyoppslagValidateAgainstOpenAPI(t *testing.T) {
	spec := loadSpec(t)
	srv := autosystest.NewServer(autosystest.WithBulkLimit(3))
	defer srv.Close()
	kuid := autosystest.Kuid("EK 39085")
	require.NotEmpty(t, kuid)
	tests := []struct {
		name, method, path, body string
		q                        url.Values
		status                   int
		contains                 []string
	}{
		{name: "bulk kjennemerke", method: "POST", path: autosystest.BulkKjennemerkePath, status: 200,
			body:     `[{"kjennemerke":"EK39085"},{"kjennemerke":"ZZ99999"},{"kjennemerke":"BE12335","dtg":"2016-11-15T23:00:00.000+01:00"}]`,
			contains: []string{`"gjenstaendeKvote"`, `"eierskap"`, `"KJENNEMERKE_UKJENT"`, `"spesielleKjennetegn":""`, kuid}},
		{name: "bulk kuid", method: "POST", path: autosystest.BulkKuidPath, status: 200,
			body: `[{"kuid":"` + kuid + `"},{"kuid":"1"}]`, contains: []string{`"Kari"`, autosystest.OwnerKari.Etternavn, "OPPLYSNINGER_IKKE_TILGJENGELIGE"}},
		{name: "bulk understellsnummer", method: "POST", path: autosystest.BulkUnderstellsnummerPath, status: 200,
			body: `[{"understellsnummer":"WVWZZZAUZH8950429"},{"understellsnummer":"X"}]`, contains: []string{`"kjoretoydataListe"`, "OPPLYSNINGER_IKKE_TILGJENGELIGE"}},
		{name: "bulk too many", method: "POST", path: autosystest.BulkKjennemerkePath, status: 400,
			body: `[{"kjennemerke":"EK39085"},{"kjennemerke":"EK39085"},{"kjennemerke":"EK39085"},{"kjennemerke":"EK39085"}]`, contains: []string{`"responser":[]`}},
		{name: "person", method: "GET", path: autosystest.PersonPath, status: 200,
			q: url.Values{"fodselsnummer": {autosystest.OwnerKari.Fodselsnummer}, "etternavn": {"Nordmann"}}, contains: []string{"EK 39085", "BE 12335", "EC 45678", `"leasingtaker"`}},
		{name: "organisasjon page", method: "GET", path: autosystest.OrganisasjonPath, status: 200,
			q: url.Values{"organisasjonsnummer": {autosystest.OwnerFiktivTransport.Organisasjonsnummer}, "side": {"1"}, "antall": {"4"}}, contains: []string{`"side":1`, `"underenhet"`}},
		{name: "organisasjon antall too large", method: "GET", path: autosystest.OrganisasjonPath, status: 400,
			q: url.Values{"organisasjonsnummer": {autosystest.OwnerFiktivTransport.Organisasjonsnummer}, "antall": {"2001"}}, contains: []string{"Antall-parameter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			var body []byte
			if tt.method == "POST" {
				resp, body = post(t, srv, tt.path, tt.body, "k")
			} else {
				resp, body = get(t, srv, tt.path, tt.q, "k")
			}
			require.Equal(t, tt.status, resp.StatusCode, string(body))
			require.NoError(t, spec.ValidateResponse(tt.method, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
			for _, c := range tt.contains {
				assert.Contains(t, string(body), c)
			}
		})
	}

	q := autosystest.NewServer(autosystest.WithDailyQuota(1))
	defer q.Close()
	resp, body := post(t, q, autosystest.BulkKjennemerkePath, `[{"kjennemerke":"EK39085"},{"kjennemerke":"BE12335"}]`, "k")
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "two vehicles do not fit a quota of one")
	require.NotEmpty(t, resp.Header.Get("Retry-After"))
	require.NoError(t, spec.ValidateResponse("POST", autosystest.BulkKjennemerkePath, resp.StatusCode, resp.Header.Get("Content-Type"), body))
}

// TestKjoretoyoppslagAnswers checks the fake's paging, dtg, quota counting
// and refusals.
func TestKjoretoyoppslagAnswers(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	org := autosystest.OwnerFiktivTransport.Organisasjonsnummer
	var seen []string
	for side := 0; side < 3; side++ {
		resp, body := get(t, srv, autosystest.OrganisasjonPath, url.Values{"organisasjonsnummer": {org}, "side": {itoa(side)}, "antall": {"4"}}, "k")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var r struct {
			GjenstaendeKvote  int `json:"gjenstaendeKvote"`
			KjoretoydataListe []struct {
				Kjoretoydata struct {
					KjoretoyID struct{ Kjennemerke string } `json:"kjoretoyId"`
				} `json:"kjoretoydata"`
			} `json:"kjoretoydataListe"`
		}
		require.NoError(t, json.Unmarshal(body, &r))
		for _, h := range r.KjoretoydataListe {
			seen = append(seen, h.Kjoretoydata.KjoretoyID.Kjennemerke)
		}
		if side == 1 {
			assert.Len(t, r.KjoretoydataListe, 2, "six vehicles: 4 + 2")
			assert.Equal(t, 50000-6, r.GjenstaendeKvote, "the quota counts vehicles given out")
		}
	}
	assert.ElementsMatch(t, []string{"ZT 40123", "JV 7731", "VH 33445", "KT 4821", "KH 54321", "HEIA"}, seen)

	// At a moment before HEIA changed hands, the organisation did not own it.
	_, body := get(t, srv, autosystest.OrganisasjonPath, url.Values{"organisasjonsnummer": {org}, "dtg": {"2022-01-01T00:00:00+01:00"}}, "k")
	assert.NotContains(t, string(body), "HEIA")
	assert.Contains(t, string(body), "ZT 40123")

	for _, tc := range []struct {
		name   string
		do     func() *http.Response
		status int
	}{
		{"no key", func() *http.Response { r, _ := post(t, srv, autosystest.BulkKuidPath, `[]`, ""); return r }, 401},
		{"not an array", func() *http.Response { r, _ := post(t, srv, autosystest.BulkKuidPath, `{"kuid":"1"}`, "k"); return r }, 400},
		{"GET on bulk", func() *http.Response { r, _ := get(t, srv, autosystest.BulkKuidPath, nil, "k"); return r }, 405},
		{"person without etternavn", func() *http.Response {
			r, _ := get(t, srv, autosystest.PersonPath, url.Values{"fodselsnummer": {autosystest.OwnerOla.Fodselsnummer}}, "k")
			return r
		}, 400},
		{"bad dtg", func() *http.Response {
			r, _ := post(t, srv, autosystest.BulkKjennemerkePath, `[{"kjennemerke":"EK39085","dtg":"i går"}]`, "k")
			return r
		}, 400},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.status, tc.do().StatusCode) })
	}
	_, body = get(t, srv, autosystest.PersonPath, url.Values{"fodselsnummer": {autosystest.OwnerOla.Fodselsnummer}, "etternavn": {"Feil"}}, "k")
	assert.True(t, bytes.Contains(body, []byte(`"kjoretoydataListe":[]`)), string(body))
}

func itoa(i int) string { return string(rune('0' + i)) }
