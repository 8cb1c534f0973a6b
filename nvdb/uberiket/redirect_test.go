package uberiket_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// TestRedirectToAnotherHostCarriesNoIdentity: a GET that NVDB (or
// something posing as it) redirects to another host takes neither the
// bearer token, the X-Client nor the Kontaktperson (an e-mail address)
// along.
func TestRedirectToAnotherHostCarriesNoIdentity(t *testing.T) {
	var got atomic.Pointer[http.Header]
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		got.Store(&h)
		http.Error(w, "nothing here", http.StatusNotFound)
	}))
	defer other.Close()
	// Another host: localhost instead of 127.0.0.1.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusFound)
	}))
	defer home.Close()
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(home.URL), uberiket.WithLimiter(nil),
		uberiket.WithRetry(fastRetry), uberiket.WithKontaktperson("ola@example.no"),
		uberiket.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "redirect-secret"})))
	require.NoError(t, err)
	_, _ = c.Hendelser.Siste(context.Background(), 105, time.Time{})
	h := got.Load()
	require.NotNil(t, h, "the redirect was followed")
	assert.Empty(t, h.Get("Authorization"), "the bearer token went to another host")
	assert.Empty(t, h.Get("X-Client"), "X-Client went to another host")
	assert.Empty(t, h.Get("X-Client-Session"), "X-Client-Session went to another host")
	for k, v := range *h {
		joined := strings.Join(v, ",")
		assert.NotContains(t, joined, "ola@example.no", "header %s took the kontaktperson to another host", k)
		assert.NotContains(t, joined, "redirect-secret", "header %s took the token to another host", k)
	}
}
