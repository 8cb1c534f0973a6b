package nvdb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

// TestRedirectToAnotherHostCarriesNoIdentity: a GET that NVDB (or
// something posing as it) redirects to another host takes neither
// X-Client, X-Client-Session nor X-Kontaktperson (an e-mail address)
// along; the transport's own test covers the rule for every package.
func TestRedirectToAnotherHostCarriesNoIdentity(t *testing.T) {
	var got atomic.Pointer[http.Header]
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		got.Store(&h)
		http.NotFound(w, r)
	}))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer home.Close()
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(home.URL), nvdb.WithLimiter(nil),
		nvdb.WithRetry(nvdb.RetryPolicy{MaxRetries: nvdb.NoRetries}), nvdb.WithKontaktperson("ola@example.no"))
	require.NoError(t, err)
	_, _ = c.Vegobjekter.Get(context.Background(), 105, 78697179, nil)
	h := got.Load()
	require.NotNil(t, h, "the redirect was followed")
	for _, name := range []string{"X-Client", "X-Client-Session", "X-Kontaktperson"} {
		assert.Empty(t, h.Values(name), "%s went to another host", name)
	}
}
