package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRedirectToAnotherOriginDropsStaticHeaders: the static headers a
// client is configured with (X-Client, X-Kontaktperson, any other, and
// the caller's User-Agent) and its credential go to the API's own origin
// only. net/http copies a request's headers onto a redirect to another
// host; a GET redirected to another host or port carries none of them,
// one redirected within the origin, or back to it, carries them all.
// Every package's client (autosys, nvdb, uberiket, apiskriv, synsbasen)
// sends through this one path.
func TestRedirectToAnotherOriginDropsStaticHeaders(t *testing.T) {
	static := http.Header{"X-Client": {"my-app"}, "X-Kontaktperson": {"ola@example.no"}, "X-Static": {"static-value"}}
	var mu sync.Mutex
	got := map[string]http.Header{} // by the server that received it: "home" or "away"
	record := func(name string, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got[name] = r.Header.Clone()
	}
	var homeURL string
	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("away", r)
		if r.URL.Query().Has("back") {
			http.Redirect(w, r, homeURL+"/prefix/done", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer away.Close()
	otherPort := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("away", r)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer otherPort.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/prefix/host":
			http.Redirect(w, r, strings.Replace(away.URL, "127.0.0.1", "localhost", 1)+"/x", http.StatusFound)
		case "/prefix/port":
			http.Redirect(w, r, otherPort.URL+"/x", http.StatusTemporaryRedirect)
		case "/prefix/same":
			http.Redirect(w, r, "/prefix/done", http.StatusFound)
		case "/prefix/back":
			http.Redirect(w, r, away.URL+"/x?back=1", http.StatusFound)
		default:
			record("home", r)
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	defer home.Close()
	homeURL = home.URL

	s := Defaults(home.URL+"/prefix/", 1e9, 1)
	require.NoError(t, s.SetUserAgent("my-app/1.0"))
	c, err := New(Config{API: "test", Settings: s, Header: static, Auth: Bearer(secretKey)})
	require.NoError(t, err)

	for _, tc := range []struct {
		path       string
		away, home bool // which servers the call reaches
	}{
		{"host", true, false},
		{"port", true, false},
		{"same", false, true},
		{"back", true, true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			mu.Lock()
			clear(got)
			mu.Unlock()
			_, err := c.JSON(context.Background(), &Request{Path: tc.path}, nil)
			require.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			if h, ok := got["away"]; assert.Equal(t, tc.away, ok) && ok {
				for name := range static {
					assert.Empty(t, h.Values(name), "%s went to another origin", name)
				}
				assert.Empty(t, h.Get("Authorization"), "the credential went to another origin")
				assert.NotContains(t, h.Get("User-Agent"), "my-app", "the caller's User-Agent went to another origin")
				assert.Equal(t, DefaultUserAgent(), h.Get("User-Agent"))
				for name, vs := range h {
					for _, v := range vs {
						assert.NotContains(t, v, "ola@example.no", "header %s", name)
						assert.NotContains(t, v, secretKey, "header %s", name)
					}
				}
			}
			if h, ok := got["home"]; assert.Equal(t, tc.home, ok) && ok {
				for name, v := range static {
					assert.Equal(t, v, h.Values(name), "%s at home", name)
				}
				assert.Equal(t, "Bearer "+secretKey, h.Get("Authorization"))
				assert.Contains(t, h.Get("User-Agent"), "my-app/1.0")
			}
		})
	}
}
