package autosys_test

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

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

func hostileClient(t *testing.T, h http.Handler) *autosys.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := autosys.NewClient("hostile-key", autosys.WithBaseURL(srv.URL), autosys.WithRetry(fastRetry),
		autosys.WithRateLimit(1000, 100), autosys.WithoutQuota())
	require.NoError(t, err)
	return c
}

func requireAPIError(t *testing.T, err error, want error, status int, rid string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, want)
	var ae *autosys.APIError
	require.True(t, errors.As(err, &ae), "%T: %v", err, err)
	assert.Equal(t, status, ae.StatusCode)
	assert.Equal(t, rid, ae.RequestID)
	assert.NotContains(t, err.Error(), "hostile-key")
}

// A lookup answered with 1 GiB, streamed: the client reads 8 MiB and stops
// with ErrBodyTooLarge (before, it read the transport's 256 MiB limit into
// memory); an error body of 1 GiB is read up to 1 MiB.
func TestHostileHugeBodies(t *testing.T) {
	hostile.SkipUnlessHuge(t)
	hostile.SkipUnderRace(t)
	tests := []struct {
		name   string
		status int
		want   error
		body   func() io.Reader
	}{
		{"endless vehicle list", 200, autosys.ErrBodyTooLarge, func() io.Reader {
			return hostile.Body(`{"kjoretoydataListe":[`, `{"kjoretoyId":{"kjennemerke":"EK 39085"}},`, `{}]}`, hostile.GiB)
		}},
		{"endless error body", 403, autosys.ErrForbidden, func() io.Reader {
			return hostile.Body(`{"message":"`, "x", `"}`, hostile.GiB)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(tc.status, "application/json", "rid-huge", tc.body))
			var err error
			alloc, peak := hostile.Measure(func() { _, err = c.LookupKjennemerke(context.Background(), "EK 39085") })
			requireAPIError(t, err, tc.want, tc.status, "rid-huge")
			assert.Less(t, alloc, uint64(64*hostile.MiB))
			t.Logf("allocated %d KiB in all, live heap peak %d KiB", alloc/1024, peak/1024)
		})
	}
}

// Malformed answers with status 200 give ErrInvalidResponse with status and
// request id; nothing is mistaken for a vehicle.
func TestHostileMalformed(t *testing.T) {
	tests := []struct{ name, contentType, body string }{
		{"html from a proxy", "text/html", `<html><body>Bad Gateway</body></html>`},
		{"not JSON", "application/json", `Internal error`},
		{"wrong types", "application/json", `{"kjoretoydataListe":{"kjoretoyId":7}}`},
		{"wrong types deeper", "application/json", `{"kjoretoydataListe":[{"kjoretoyId":{"kjennemerke":12345}}]}`},
		{"bad date", "application/json", `{"kjoretoydataListe":[{"forstegangsregistrering":{"registrertForstegangNorgeDato":"gisteren"}}]}`},
		{"truncated", "application/json", `{"kjoretoydataListe":[{"kjoretoyId":`},
		{"100000 levels of [", "application/json", `{"kjoretoydataListe":` + hostile.Nested("[", "", "]", 100000) + `}`},
		{"100000 levels of {", "application/json", hostile.Nested(`{"kjoretoydataListe":[{"x":`, "1", "}]}", 100000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hostileClient(t, hostile.Handler(200, tc.contentType, "rid-bad", func() io.Reader { return strings.NewReader(tc.body) }))
			v, err := c.LookupKjennemerke(context.Background(), "EK 39085")
			assert.Nil(t, v)
			requireAPIError(t, err, autosys.ErrInvalidResponse, 200, "rid-bad")
		})
	}
	// An empty 200 is how the register says "nothing to show": not found,
	// with status and request id.
	c := hostileClient(t, hostile.Handler(200, "application/json", "rid-empty", nil))
	_, err := c.LookupKjennemerke(context.Background(), "EK 39085")
	requireAPIError(t, err, autosys.ErrNotFound, 200, "rid-empty")
}
