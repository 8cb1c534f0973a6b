package apiskriv_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

func hostileClient(t *testing.T, h http.Handler) *apiskriv.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := apiskriv.NewClient("hostile", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: fuzzToken}),
		apiskriv.WithBaseURL(srv.URL), apiskriv.WithRetry(fastRetry()), apiskriv.WithRateLimit(1000, 100))
	require.NoError(t, err)
	return c
}

func requireAPIError(t *testing.T, err error, want error, status int, rid string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, want)
	var ae *apiskriv.APIError
	require.True(t, errors.As(err, &ae), "%T: %v", err, err)
	assert.Equal(t, status, ae.StatusCode)
	assert.Equal(t, rid, ae.RequestID)
	assert.NotContains(t, err.Error(), fuzzToken)
}

// Answers of 1 GiB, streamed. Each ends in ErrBodyTooLarge at the
// transport's 64 MiB limit for answers decoded whole. encoding/xml decodes an unknown element token
// by token, so skipping one of any size keeps little live; a single text
// node or a JSON document is held whole by the standard decoders, so their
// memory is bounded by the limit, not by the body. An error body of 1 GiB
// is read up to 1 MiB.
func TestHostileHugeBodies(t *testing.T) {
	hostile.SkipUnlessHuge(t)
	hostile.SkipUnderRace(t)
	tests := []struct {
		name     string
		status   int
		want     error
		body     func() io.Reader
		maxTotal uint64 // TotalAlloc bound
		maxPeak  uint64 // HeapInuse bound
	}{
		{"XML list with an endless unknown element", 200, apiskriv.ErrBodyTooLarge, func() io.Reader {
			return hostile.Body(`<oppdragliste antallTotalt="1"><ukjent>`, `<a b="c">tekst</a>`, `</ukjent></oppdragliste>`, hostile.GiB)
		}, 2 << 30, 64 * hostile.MiB},
		{"XML list with an endless text", 200, apiskriv.ErrBodyTooLarge, func() io.Reader {
			return hostile.Body(`<oppdragliste antallTotalt="1"><oppdrag id="1"><navn>`, `abcdefgh`, `</navn></oppdrag></oppdragliste>`, hostile.GiB)
		}, 400 * hostile.MiB, 320 * hostile.MiB},
		{"JSON list with an endless member", 200, apiskriv.ErrBodyTooLarge, func() io.Reader {
			return hostile.Body(`{"antallTotalt":1,"ukjent":[`, `1234567,"abcdefgh",{"a":[null]},`, `0]}`, hostile.GiB)
		}, 400 * hostile.MiB, 320 * hostile.MiB},
		{"endless fault", 409, apiskriv.ErrConflict, func() io.Reader {
			return hostile.Body(`<fault><messages><message>`, `Låst av et annet endringssett. `, `</message></messages></fault>`, hostile.GiB)
		}, 16 * hostile.MiB, 16 * hostile.MiB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(tc.status, "application/xml", "rid-huge", tc.body))
			var err error
			total, peak := hostile.Measure(func() { _, err = c.Oppdrag.List(context.Background(), nil) })
			requireAPIError(t, err, tc.want, tc.status, "rid-huge")
			assert.Less(t, total, tc.maxTotal)
			assert.Less(t, peak, tc.maxPeak)
			t.Logf("allocated %d KiB in all, live heap peak %d KiB", total/1024, peak/1024)
		})
	}
}

// billionLaughs defines entities that would expand to 3^10 × "lol" if a
// decoder expanded them. encoding/xml does not expand custom entities: the
// answer is refused at once, with nothing allocated to speak of.
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<oppdrag id="3466724"><navn>&lol9;</navn></oppdrag>`

// An element the model does not know is skipped by encoding/xml token by
// token: 100 000 levels of it cost no stack, and the answer is read.
func TestHostileDeepUnknownElement(t *testing.T) {
	body := `<oppdrag id="3466724"><navn>n</navn>` + hostile.Nested("<a>", "x", "</a>", 100000) + `</oppdrag>`
	c := hostileClient(t, hostile.Handler(200, "application/xml", "rid", func() io.Reader { return strings.NewReader(body) }))
	o, err := c.Oppdrag.Get(context.Background(), 3466724)
	require.NoError(t, err)
	assert.EqualValues(t, 3466724, o.ID)
}

// Malformed 200 answers: ErrInvalidResponse with status and request id.
func TestHostileMalformed(t *testing.T) {
	tests := []struct{ name, contentType, body string }{
		{"billion laughs", "application/xml", billionLaughs},
		{"external entity", "application/xml", `<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><oppdrag id="1"><navn>&x;</navn></oppdrag>`},
		{"html from a proxy", "text/html", `<html><body><h1>502 Bad Gateway</h1><br></body></html>`},
		{"not XML or JSON", "application/xml", `Service Unavailable`},
		{"empty", "application/xml", ``},
		{"wrong types XML", "application/xml", `<oppdrag id="tre"><navn>x</navn></oppdrag>`},
		{"wrong types JSON", "application/json", `{"id":"tre","navn":["x"]}`},
		{"truncated XML", "application/xml", `<oppdrag id="1"><navn>x</na`},
		{"100000 levels of [", "application/json", `{"id":1,"x":` + hostile.Nested("[", "", "]", 100000) + `}`},
		{"100000 levels of {", "application/json", hostile.Nested(`{"id":1,"x":`, "1", "}", 100000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(200, tc.contentType, "rid-bad", func() io.Reader { return strings.NewReader(tc.body) }))
			var err error
			total, _ := hostile.Measure(func() { _, err = c.Oppdrag.Get(context.Background(), 3466724) })
			requireAPIError(t, err, apiskriv.ErrInvalidResponse, 200, "rid-bad")
			if !hostile.Race {
				assert.Less(t, total, uint64(64*hostile.MiB))
			}
		})
	}
}
