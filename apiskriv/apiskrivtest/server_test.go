package apiskrivtest_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

type answer struct {
	status int
	ctype  string
	body   string
}

func do(t *testing.T, srv *apiskrivtest.Server, method, path string, hdr map[string]string, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), string(b)}
}

func TestRawProtocol(t *testing.T) {
	srv := apiskrivtest.NewServer(apiskrivtest.WithPrefix("/nvdb/apiskriv"))
	defer srv.Close()
	bearer := map[string]string{"Authorization": "Bearer abc"}
	jsonBearer := map[string]string{"Authorization": "Bearer abc", "Accept": "application/json"}
	reg := `{"datakatalogversjon":"2.37","registrer":{"vegobjekter":[{"typeId":581,"tempId":"t1","egenskaper":[{"typeId":5225,"verdi":["X"]}]}]}}`
	tests := []struct {
		name   string
		method string
		path   string
		hdr    map[string]string
		body   string
		status int
		ctype  string
		has    string
	}{
		{"no token", "GET", "/rest/v1/oppdrag/3466724", nil, "", 401, "xml", "<message>Mangler gyldig autentiseringstoken</message>"},
		{"xml by default", "GET", "/rest/v1/oppdrag/3466724", bearer, "", 200, "xml", `<oppdrag xmlns="http://nvdb.vegvesen.no/apiskriv/domain/task/v1" id="3466724">`},
		{"json on request", "GET", "/rest/v1/oppdrag/3466724", jsonBearer, "", 200, "json", `"fulltNavn":"Ola Nordmann"`},
		{"json fault", "GET", "/rest/v1/oppdrag/1", jsonBearer, "", 404, "json", `{"messages":["Fant ikke oppdrag med id 1"]}`},
		{"unknown path", "GET", "/rest/v1/ukjent", bearer, "", 404, "xml", "fault/v1"},
		{"unknown path, no token", "GET", "/rest/v1/ukjent", nil, "", 401, "xml", "Mangler gyldig autentiseringstoken"},
		{"another method", "DELETE", "/rest/v1/oppdrag/3466724", bearer, "", 405, "xml", "<message>Metoden er ikke tillatt</message>"},
		{"a read-only list", "POST", "/rest/v1/oppdrag", bearer, "", 405, "xml", "fault/v1"},
		{"an action is a POST", "GET", "/rest/v3/endringssett/3fa85f64-5717-4562-b3fc-2c963f66afa6/start", bearer, "", 405, "xml", "fault/v1"},
		{"the lock path, escaped", "GET", "/rest/v1/l%C3%A5s?antall=1", bearer, "", 200, "xml", `antallTotalt="`},
		{"bad antall", "GET", "/rest/v1/oppdrag?antall=1001", bearer, "", 400, "xml", "antall"},
		{"transaksjon rule", "GET", "/rest/v1/transaksjon?vegobjektId=1&nettelementId=2", bearer, "", 400, "xml", "kan ikke brukes samtidig"},
		{"list root", "GET", "/rest/v1/transaksjon?oppdragId=3466724", bearer, "", 200, "xml", `<transaksjoner xmlns="http://nvdb.vegvesen.no/apiskriv/domain/transaction/v1" antallTotalt="1">`},
		{"no X-Client", "POST", "/rest/v3/endringssett", map[string]string{"Authorization": "Bearer abc", "Content-Type": "application/json"}, reg, 400, "xml", "X-Client"},
		{"unsupported body", "POST", "/rest/v3/endringssett", map[string]string{"Authorization": "Bearer abc", "X-Client": "c", "Content-Type": "text/csv"}, "a,b", 415, "xml", "Content-Type"},
		{"bad json", "POST", "/rest/v3/endringssett", map[string]string{"Authorization": "Bearer abc", "X-Client": "c", "Content-Type": "application/json"}, "{", 400, "xml", "Kunne ikke lese"},
		{"semantic error", "POST", "/rest/v3/endringssett", map[string]string{"Authorization": "Bearer abc", "X-Client": "c", "Content-Type": "application/json"},
			`{"datakatalogversjon":"2.37","registrer":{"vegobjekter":[{"typeId":581,"tempId":"a","stedfesting":{"linje":[{"veglenkesekvensNvdbId":1,"fra":0.9,"til":0.1}]}}]}}`,
			422, "xml", "registrer.vegobjekter[0].stedfesting.linje[0]: need 0 &lt;= fra &lt; til &lt;= 1"},
		{"registered", "POST", "/rest/v3/endringssett", map[string]string{"Authorization": "Bearer abc", "X-Client": "c", "Content-Type": "application/json", "Accept": "application/json"}, reg, 201, "json", `{"rel":"start","src":"` + srv.URL + `/rest/v3/endringssett/`},
		{"failed login is 200 {}", "POST", "/rest/v1/oidc/authenticate", map[string]string{"Content-Type": "application/json"}, `{"username":"olanor","password":"galt"}`, 200, "json", "{}\n"},
		{"login", "POST", "/rest/v1/oidc/authenticate", map[string]string{"Content-Type": "application/json"}, `{"username":"olanor","password":"hemmelig","realm":"EMPLOYEE"}`, 200, "json", `"refreshToken":"eyJ`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, srv, tt.method, tt.path, tt.hdr, tt.body)
			assert.Equal(t, tt.status, a.status, a.body)
			assert.Contains(t, a.ctype, tt.ctype)
			if tt.body != "" && tt.status == 200 && tt.has == "{}\n" {
				assert.Equal(t, tt.has, a.body)
			} else {
				assert.Contains(t, a.body, tt.has)
			}
		})
	}
	// Outside the prefix nothing is served.
	req, _ := http.NewRequest("GET", strings.TrimSuffix(srv.URL, "/nvdb/apiskriv")+"/rest/v1/oppdrag/3466724", nil)
	req.Header.Set("Authorization", "Bearer abc")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 404, resp.StatusCode)
}

// transaksjoner is the answer of the transaksjon search in XML.
type transaksjoner struct {
	AntallTotalt  int                    `xml:"antallTotalt,attr"`
	Transaksjoner []apiskriv.Transaksjon `xml:"transaksjon"`
}

// The fake's seed oppdrag and transaksjon equal the documentation's, apart
// from the host in links.
func TestSeedMatchesDocumentation(t *testing.T) {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	for _, tc := range []struct {
		path, file string
		into, want any
	}{
		{"/rest/v1/oppdrag/3466724", "doc-v1-oppdrag-get.xml", &apiskriv.Oppdrag{}, &apiskriv.Oppdrag{}},
		{"/rest/v1/transaksjon?oppdragId=3466724", "doc-v1-transaksjoner-liste.xml", &transaksjoner{}, &transaksjoner{}},
	} {
		a := do(t, srv, "GET", tc.path, map[string]string{"Authorization": "Bearer abc", "Accept": "application/xml"}, "")
		require.Equal(t, 200, a.status)
		require.NoError(t, xml.Unmarshal([]byte(a.body), tc.into))
		doc, err := os.ReadFile("../testdata/" + tc.file)
		require.NoError(t, err)
		require.NoError(t, xml.Unmarshal([]byte(strings.ReplaceAll(string(doc), "https://nvdbapiskriv.atlas.vegvesen.no", srv.URL)), tc.want))
		assert.Equal(t, tc.want, tc.into)
	}
}

func TestFremdriftOgAarsakIsPlainText(t *testing.T) {
	srv := apiskrivtest.NewServer()
	defer srv.Close()
	h := map[string]string{"Authorization": "Bearer abc", "X-Client": "c", "Content-Type": "application/xml", "Accept": "application/xml"}
	a := do(t, srv, "POST", "/rest/v3/endringssett", h,
		`<endringssett xmlns="http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3"><datakatalogversjon>2.20</datakatalogversjon><registrer><vegobjekter><vegobjekt typeId="581" tempId="tunnel#1"><egenskaper><egenskap typeId="0"><verdi>xyz</verdi></egenskap></egenskaper></vegobjekt></vegobjekter></registrer></endringssett>`)
	require.Equal(t, 201, a.status, a.body)
	var links apiskriv.Ressurser
	require.NoError(t, xml.Unmarshal([]byte(a.body), &links))
	start, _ := links.Src("start")
	path := strings.TrimPrefix(start, srv.URL)
	require.Equal(t, 202, do(t, srv, "POST", path, h, "").status)
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/rest/v3/endringssett/"), "/start")
	var got []string
	for range 3 {
		a = do(t, srv, "GET", "/rest/v3/endringssett/"+id+"/fremdriftOgÅrsak", h, "")
		assert.Contains(t, a.ctype, "text/plain")
		got = append(got, a.body)
	}
	assert.Equal(t, []string{"BEHANDLES", "AVVIST:VALIDERINGSFEIL", "AVVIST:VALIDERINGSFEIL"}, got)
	a = do(t, srv, "GET", "/rest/v3/endringssett/"+id+"/fremdrift", map[string]string{"Authorization": "Bearer abc", "Accept": "application/json"}, "")
	assert.Equal(t, `"AVVIST"`, a.body)
	a = do(t, srv, "GET", "/rest/v3/endringssett/"+id+"/fremdrift", h, "")
	assert.Contains(t, a.body, `<fremdrift xmlns="http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3">AVVIST</fremdrift>`)
}

func TestAcceptedTokens(t *testing.T) {
	srv := apiskrivtest.NewServer(apiskrivtest.WithKeys("gyldig-token"))
	defer srv.Close()
	tests := []struct {
		hdr    string
		status int
	}{
		{"Bearer gyldig-token", 200},
		{"Bearer annet-token", 401},
		{"", 401},
		{"Basic gyldig-token", 401},
	}
	for _, tt := range tests {
		a := do(t, srv, "GET", "/rest/v1/oppdrag/3466724", map[string]string{"Authorization": tt.hdr}, "")
		assert.Equal(t, tt.status, a.status, tt.hdr)
	}
}

// Another method on a known path is 405 with the path's methods in Allow,
// under a prefix too.
func TestMethodNotAllowed(t *testing.T) {
	srv := apiskrivtest.NewServer(apiskrivtest.WithPrefix("/nvdb/apiskriv"))
	defer srv.Close()
	for path, allow := range map[string]string{
		"/rest/v1/oppdrag/3466724": "GET",
		"/rest/v3/endringssett":    "GET, POST",
		"/rest/v1/l%C3%A5s":        "GET, POST",
		"/rest/v3/stedfest":        "POST",
	} {
		req, err := http.NewRequest(http.MethodPut, srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer abc")
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, path)
		assert.Equal(t, allow, resp.Header.Get("Allow"), path)
	}
}
