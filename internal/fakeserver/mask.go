package fakeserver

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// secretHeaders carry credentials; the log keeps only their scheme.
var secretHeaders = []string{"Authorization", "Proxy-Authorization", "SVV-Authorization", "Cookie", "X-Api-Key", "Api-Key"}

// secretNames are query parameters and JSON fields whose values the log
// masks (compared in lower case).
var secretNames = map[string]bool{
	"password": true, "passord": true, "token": true, "apikey": true, "api_key": true, "key": true, "secret": true,
	"client_secret": true, "refreshtoken": true, "refresh_token": true, "accesstoken": true, "access_token": true,
	"idtoken": true, "id_token": true,
}

// Masked replaces a secret value in the log.
const Masked = "***"

func maskHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for _, name := range secretHeaders {
		vs := out.Values(name)
		if len(vs) == 0 {
			continue
		}
		masked := make([]string, len(vs))
		for i, v := range vs {
			masked[i] = maskCredential(v)
		}
		out[http.CanonicalHeaderKey(name)] = masked
	}
	return out
}

// maskCredential keeps the scheme of "Scheme secret" and hides the rest.
func maskCredential(v string) string {
	if scheme, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
		return scheme + " " + Masked
	}
	return Masked
}

func maskQuery(raw string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, _, ok := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && ok && secretNames[strings.ToLower(n)] {
			parts[i] = name + "=" + Masked
		}
	}
	return strings.Join(parts, "&")
}

// jsonSecret matches a JSON string member whose name is a secret.
var jsonSecret = regexp.MustCompile(`"([A-Za-z_]+)"(\s*:\s*)"(?:[^"\\]|\\.)*"`)

func maskBody(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	return jsonSecret.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := jsonSecret.FindSubmatch(m)
		if !secretNames[strings.ToLower(string(sub[1]))] {
			return m
		}
		return []byte(`"` + string(sub[1]) + `"` + string(sub[2]) + `"` + Masked + `"`)
	})
}
