package apiskrivtest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

// Other-language clients send the documentation's bodies as they are; the
// fake answers them as the documentation shows.
func TestDocumentedBodiesOverRawHTTP(t *testing.T) {
	srv := apiskrivtest.NewServer()
	t.Cleanup(srv.Close)
	xmlHdr := map[string]string{"Authorization": "Bearer x", "Content-Type": "application/xml", "Accept": "application/xml", "X-Client": "raw"}
	req, err := os.ReadFile("../testdata/doc-v3-stedfest-request.xml")
	require.NoError(t, err)
	a := do(t, srv, "POST", "/rest/v3/stedfest", xmlHdr, string(req))
	require.Equal(t, 200, a.status, a.body)
	assert.Contains(t, a.body, `<stedfestingResultat xmlns="http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3">`)
	assert.Contains(t, a.body, `<punkt veglenkesekvensNvdbId="2510771" posisjon="0.1429407">`)
	assert.Contains(t, a.body, `<nummer>6690</nummer>`)

	a = do(t, srv, "GET", "/rest/v1/l%C3%A5s/17900713", xmlHdr, "")
	require.Equal(t, 200, a.status, a.body)
	want, err := os.ReadFile("../testdata/doc-v1-laas-get.xml")
	require.NoError(t, err)
	assert.Contains(t, a.body, `<lås xmlns="http://nvdb.vegvesen.no/apiskriv/domain/lock/v1" id="17900713">`)
	for _, line := range []string{"<opphav>KLASSISK_API</opphav>", "<vegnettlås>false</vegnettlås>", "<låstype>SEKUNDÆR</låstype>", `<vegobjekttype typeId="446">`} {
		assert.Contains(t, string(want), line)
		assert.Contains(t, a.body, line)
	}

	a = do(t, srv, "POST", "/rest/v3/binaer", map[string]string{"Authorization": "Bearer x", "Content-Type": "image/png",
		"Content-Disposition": `filename="N808080-1.png"`, "X-Client": "raw"}, "\x89PNG")
	require.Equal(t, 201, a.status, a.body)
	assert.Equal(t, "application/json; charset=UTF-8", a.ctype)
	assert.Regexp(t, `^"[0-9a-f-]{36}"$`, a.body)
	id := strings.Trim(a.body, `"`)
	a = do(t, srv, "GET", "/rest/v3/binaer/"+id, map[string]string{"Authorization": "Bearer x"}, "")
	assert.Equal(t, 200, a.status)
	assert.Equal(t, "image/png", a.ctype)
	assert.Equal(t, "\x89PNG", a.body)

	// Locks: X-Client is required on POST; too many veglenkesekvenser is
	// 422 FOR_MANGE_LENKESEKVENSER.
	a = do(t, srv, "POST", "/rest/v1/lås", map[string]string{"Authorization": "Bearer x", "Content-Type": "application/json"}, `{}`)
	assert.Equal(t, 400, a.status)
	var sb strings.Builder
	sb.WriteString(`{"vegnettlås":true,"lokasjon":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"id":1,"fra":0,"til":1}`)
	}
	sb.WriteString("]}")
	a = do(t, srv, "POST", "/rest/v1/lås", map[string]string{"Authorization": "Bearer x", "Content-Type": "application/json",
		"Accept": "application/json", "X-Client": "raw"}, sb.String())
	assert.Equal(t, 422, a.status)
	assert.Contains(t, a.body, "FOR_MANGE_LENKESEKVENSER")

	// The pre-sprint-17 rule set name is gone.
	a = do(t, srv, "GET", "/rest/v1/regelsett/lenke", xmlHdr, "")
	assert.Equal(t, 404, a.status)
}
