package fakeserver

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serve(t *testing.T, cfg Config) *Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":"`+strings.Repeat("x", 100)+`"}`)
	})
	if cfg.ErrorBody == nil {
		cfg.ErrorBody = func(status int) (string, string) {
			return "application/json", `{"status":"` + http.StatusText(status) + `"}`
		}
	}
	srv := New(h, cfg)
	t.Cleanup(srv.Close)
	return srv
}

func TestScriptedFaults(t *testing.T) {
	srv := serve(t, Config{Quota: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusUnprocessableEntity)
	}})
	srv.Script(Fault{Status: 429, RetryAfter: "1"}, Fault{Drop: true}, Fault{Truncate: true}, Fault{Status: 503, Body: "down"},
		Fault{Status: 500}, Fault{Quota: true})
	type want struct {
		status     int
		retryAfter string
		body       string
		err        error // from the request or from reading the body
	}
	// A fresh connection per request: on a reused one net/http repeats a
	// GET whose connection closed silently, hiding the drop.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	hc := &http.Client{Transport: tr}
	for i, w := range []want{
		{status: 429, retryAfter: "1", body: `{"status":"Too Many Requests"}`},
		{err: io.EOF},
		{status: 200, err: io.ErrUnexpectedEOF},
		{status: 503, body: "down"},
		{status: 500, body: `{"status":"Internal Server Error"}`},
		{status: 422, retryAfter: "3600"},
		{status: 200, body: `{"data":"` + strings.Repeat("x", 100) + `"}`}, // script used up
	} {
		resp, err := hc.Get(srv.URL)
		if w.status == 0 {
			require.Error(t, err, "request %d", i)
			continue
		}
		require.NoError(t, err, "request %d", i)
		b, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		assert.Equal(t, w.status, resp.StatusCode, "request %d", i)
		assert.Equal(t, w.retryAfter, resp.Header.Get("Retry-After"), "request %d", i)
		if w.err != nil {
			assert.ErrorIs(t, err, w.err, "request %d", i)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, w.body, string(b), "request %d", i)
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 7)
	assert.Equal(t, Fault{Drop: true}, reqs[1].Fault)
	assert.Equal(t, Fault{}, reqs[6].Fault)
	assert.Equal(t, 6, srv.Injected())
}

func TestSeededScheduleRepeats(t *testing.T) {
	run := func() []int {
		srv := serve(t, Config{Faults: Faults{Seed: 7, RateLimited: 0.2, Unavailable: 0.2, ServerError: 0.1, RetryAfterMax: time.Second}})
		var codes []int
		for range 40 {
			resp, err := srv.Client().Get(srv.URL)
			require.NoError(t, err)
			_ = resp.Body.Close()
			codes = append(codes, resp.StatusCode)
		}
		return codes
	}
	a, b := run(), run()
	assert.Equal(t, a, b)
	for _, code := range []int{200, 429, 500, 503} {
		assert.Contains(t, a, code)
	}
}

func TestScriptedDelayOnlyServesNormally(t *testing.T) {
	srv := serve(t, Config{})
	srv.Script(Fault{}, Fault{Delay: 10 * time.Millisecond})
	for range 2 {
		resp, err := srv.Client().Get(srv.URL)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, string(body), `"data"`)
	}
	assert.Equal(t, 0, srv.Injected(), "a delay is not counted as an injected fault")
}

// A stalled answer sends half its body and then nothing until the client
// gives up; the fake's Close ends a stall that nobody gives up on.
func TestStall(t *testing.T) {
	srv := serve(t, Config{})
	srv.Script(Fault{Stall: true}, Fault{Stall: true})

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	buf := make([]byte, 200)
	n, err := io.ReadAtLeast(resp.Body, buf, 10)
	require.NoError(t, err)
	assert.Equal(t, `{"data":"x`, string(buf[:10]))
	assert.Less(t, n, 110, "only half the body arrives")
	cancel()
	_, err = io.ReadAll(resp.Body)
	assert.Error(t, err)
	_ = resp.Body.Close()

	resp, err = srv.Client().Get(srv.URL)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { _, err := io.ReadAll(resp.Body); done <- err }()
	srv.Close() // must not wait for the stalled handler forever
	assert.Error(t, <-done)
	_ = resp.Body.Close()
}

func TestKey(t *testing.T) {
	h := func(s **Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if key, ok := (*s).Key(w, r); ok {
				_, _ = io.WriteString(w, "key="+key)
			}
		})
	}
	tests := []struct {
		name   string
		cfg    Config
		header string
		status int
		body   string
	}{
		{"any key", Config{Auth: Auth{Header: "Authorization", Scheme: "Bearer"}}, "Bearer abc", 200, "key=abc"},
		{"missing", Config{Auth: Auth{Header: "Authorization", Scheme: "Bearer"}}, "", 401, "401 Unauthorized\n"},
		{"empty", Config{Auth: Auth{Header: "Authorization", Scheme: "Bearer"}}, "Bearer  ", 401, "401 Unauthorized\n"},
		{"wrong scheme", Config{Auth: Auth{Header: "Authorization", Scheme: "Bearer"}}, "Basic abc", 401, "401 Unauthorized\n"},
		{"optional missing", Config{Auth: Auth{Header: "Authorization", Scheme: "Bearer", Optional: true}}, "", 200, "key="},
		{"optional present, refused", Config{Keys: []string{"good"}, Auth: Auth{Header: "Authorization", Scheme: "Bearer", Optional: true}}, "Bearer bad", 401, "401 Unauthorized\n"},
		{"restricted, accepted", Config{Keys: []string{"good"}, Auth: Auth{Header: "SVV-Authorization", Scheme: "Apikey", Rejected: 403}}, "Apikey good", 200, "key=good"},
		{"restricted, refused", Config{Keys: []string{"good"}, Auth: Auth{Header: "SVV-Authorization", Scheme: "Apikey", Rejected: 403}}, "Apikey bad", 403, "403 Forbidden\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *Server
			s = New(h(&s), tt.cfg)
			defer s.Close()
			req, _ := http.NewRequest(http.MethodGet, s.URL, nil)
			if tt.header != "" {
				req.Header.Set(tt.cfg.Auth.Header, tt.header)
			}
			resp, err := s.Client().Do(req)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.body, string(b))
		})
	}
}

func TestRequestLogMasksSecrets(t *testing.T) {
	srv := serve(t, Config{Prefix: "/nvdb/apiskriv", Auth: Auth{Header: "SVV-Authorization"}})
	body := `{"username":"olanor","password":"hemmelig","refreshToken":"rt-123","realm":"EMPLOYEE"}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/nvdb/apiskriv/rest/v1/oidc/authenticate?api_key=k-456&x=1", strings.NewReader(body))
	req.Header.Set("SVV-Authorization", "Apikey secret-789")
	req.Header.Set("Authorization", "Bearer tok-000")
	req.Header.Set("Cookie", "session=s-111")
	req.Header.Set("X-Client", "my-app")
	req.Header.Set("X-Request-ID", "rid-1")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/rest/v1/oidc/authenticate", r.Path)
	assert.Equal(t, "api_key=***&x=1", r.Query)
	assert.Equal(t, "Apikey ***", r.Auth)
	assert.Equal(t, "Bearer ***", r.Header.Get("Authorization"))
	assert.Equal(t, "***", r.Header.Get("Cookie"))
	assert.Equal(t, "my-app", r.Client)
	assert.Equal(t, "rid-1", r.RequestID)
	assert.JSONEq(t, `{"username":"olanor","password":"***","refreshToken":"***","realm":"EMPLOYEE"}`, string(r.Body))
	for _, secret := range []string{"hemmelig", "rt-123", "k-456", "secret-789", "tok-000", "s-111"} {
		assert.NotContains(t, strings.Join([]string{r.Query, r.Auth, string(r.Body)}, " "), secret)
		for _, vs := range r.Header {
			for _, v := range vs {
				assert.NotContains(t, v, secret)
			}
		}
	}
}

// The handler reads the whole body although the log keeps only its head.
func TestLargeBodyReachesHandler(t *testing.T) {
	var got int
	srv := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = len(b)
	}), Config{})
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL, "application/octet-stream", strings.NewReader(strings.Repeat("a", MaxLoggedBody+10)))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, MaxLoggedBody+10, got)
	assert.Len(t, srv.Requests()[0].Body, MaxLoggedBody)
}

func TestOpenConns(t *testing.T) {
	srv := serve(t, Config{})
	srv.Script(Fault{Drop: true})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	hc := &http.Client{Transport: tr}
	_, err := hc.Get(srv.URL)
	require.Error(t, err, "dropped")
	for range 3 {
		resp, err := hc.Get(srv.URL)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	assert.Equal(t, 1, srv.OpenConns(), "one kept-alive connection; the dropped one is gone")
	tr.CloseIdleConnections()
	assert.Eventually(t, func() bool { return srv.OpenConns() == 0 }, 5*time.Second, 5*time.Millisecond)
}
