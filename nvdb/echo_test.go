package nvdb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/hostile"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

const echoKey = "NVDB-token-echo-2d8f6b1e9a"

// echoCase is one place a hostile server puts the key it was sent. In
// header and body, {key} stands for the Authorization value ("Bearer
// <token>") the request carried. Status 0 lets the fake answer (a real
// road object) with the headers added.
type echoCase struct {
	name   string
	status int
	header map[string]string
	body   string
}

// TestEchoedKeyNeverHandedOut: whichever field of its answer a server
// echoes the bearer token into, it (or all of it but its last character,
// what a cut through it leaves) is in none of err.Error(), the APIError's
// fields, Meta (URL, request id, headers) or the debug log.
func TestEchoedKeyNeverHandedOut(t *testing.T) {
	fake := nvdbtest.NewServer()
	defer fake.Close()
	fakeURL, err := url.Parse(fake.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(fakeURL)
	challenge := map[string]string{
		"WWW-Authenticate": `Bearer error="invalid_token", error_description="{key}"`,
		"X-Echo":           "{key}",
	}
	for _, tc := range []echoCase{
		{"problem type", 400, nil, `{"type":"{key}","title":"Bad Request","status":400}`},
		{"problem title", 400, nil, `{"type":"about:blank","title":"{key}","status":400}`},
		{"problem detail", 401, nil, `{"type":"https://nvdbapiles.atlas.vegvesen.no/problems/token","title":"Unauthorized","detail":"token {key} expired","status":401}`},
		{"problem instance", 403, nil, `{"type":"about:blank","title":"Forbidden","instance":"/vegobjekter/67?token={key}","status":403}`},
		{"plain text", 403, nil, "forbidden: {key}"},
		{"server error", 503, nil, `{"type":"{key}","title":"{key}","detail":"{key}"}`},
		{"non-JSON 200", 200, nil, "<html>{key}</html>"},
		{"challenge and echo headers", 401, challenge, ""},
		{"request id", 400, map[string]string{"X-Request-ID": "{key}"}, ""},
		{"headers of a good answer", 0, challenge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sent string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sent = r.Header.Get("Authorization")
				echo := strings.NewReplacer("{key}", sent)
				for k, v := range tc.header {
					w.Header()[k] = []string{echo.Replace(v)}
				}
				if tc.status == 0 {
					proxy.ServeHTTP(w, r)
					return
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, echo.Replace(tc.body))
			}))
			defer srv.Close()
			var logs hostile.Log
			logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			retry := nvdb.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}
			c, err := nvdb.NewClient("echo-test", nvdb.WithBaseURL(srv.URL), nvdb.WithLogger(logger), nvdb.WithRetry(retry),
				nvdb.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: echoKey})))
			require.NoError(t, err)
			var m vegdata.Meta
			ctx := vegdata.CaptureMeta(context.Background(), &m)
			_, err = c.Vegobjekter.Get(ctx, 67, 89204552, nil)
			require.Contains(t, sent, echoKey, "the server had the secret to echo")
			if tc.status == 0 {
				require.NoError(t, err)
				assert.NotEmpty(t, m.Header.Get("Content-Type"), "other headers are kept")
			} else {
				require.Error(t, err)
			}
			assert.NotZero(t, m.StatusCode, "Meta reported")
			assertNoSecret(t, echoKey, err, &m, logs.String())
		})
	}
}

// assertNoSecret fails if the secret, or all of it but its last character,
// is anywhere the caller can see it.
func assertNoSecret(t *testing.T, secret string, err error, m *vegdata.Meta, logs string) {
	t.Helper()
	require.NotEmpty(t, logs, "debug logging was on")
	texts := map[string]string{"log": logs, "Meta.Header": fmt.Sprint(m.Header), "Meta.URL": m.URL, "Meta.RequestID": m.RequestID}
	for e, i := err, 0; e != nil; e, i = errors.Unwrap(e), i+1 {
		texts[fmt.Sprintf("error chain %d", i)] = fmt.Sprintf("%v | %+v", e, e)
	}
	var ae *vegdata.APIError
	if errors.As(err, &ae) {
		texts["APIError.Code"], texts["APIError.Message"], texts["APIError.Body"] = ae.Code, ae.Message, string(ae.Body)
		texts["APIError.URL"], texts["APIError.RequestID"] = ae.URL, ae.RequestID
	}
	for field, s := range texts {
		assert.NotContains(t, s, secret[:len(secret)-1], field)
	}
}
