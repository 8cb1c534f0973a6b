package nvdbtest

import (
	"net/http"
	"strings"
)

// authConfig says which vegobjekttyper are sensitive and which bearer
// tokens open them.
type authConfig struct {
	sensitive map[int]bool
	tokens    map[string]bool // nil: any non-empty token
}

// WithSensitive marks vegobjekttyper as sensitive, as NVDB does for types
// whose objects are not public: the datakatalog says "sensitiv": true for
// them, and their objects, versions, statistics and changes are served
// only to requests with "Authorization: Bearer <token>" (401 without, as
// the vegobjekter OpenAPI's bearerAuth says). Every other type stays open.
// By default any non-empty token is accepted; see WithSensitiveTokens.
func WithSensitive(typeIDs ...int) Option {
	return func(s *Server) {
		a := &s.opt.auth
		if a.sensitive == nil {
			a.sensitive = map[int]bool{}
		}
		for _, t := range typeIDs {
			a.sensitive[t] = true
		}
	}
}

// WithSensitiveTokens restricts the bearer tokens that open sensitive
// types (WithSensitive) to tokens; any other token is refused with 401.
// WithKeys is the tokens accepted on any request that carries one.
func WithSensitiveTokens(tokens ...string) Option {
	return func(s *Server) {
		a := &s.opt.auth
		if a.tokens == nil {
			a.tokens = map[string]bool{}
		}
		for _, t := range tokens {
			a.tokens[t] = true
		}
	}
}

// sensitive reports whether typeID is served only with a token.
func (s *Server) sensitive(typeID int) bool { return s.auth.sensitive[typeID] }

// authorized reports whether r carries an accepted bearer token.
func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return false
	}
	return s.auth.tokens == nil || s.auth.tokens[tok]
}

// requireToken answers 401 with a ProblemDetail and a WWW-Authenticate
// challenge unless r may read typeID; it reports whether to go on.
func (s *Server) requireToken(w http.ResponseWriter, r *http.Request, typeID int) bool {
	if !s.sensitive(typeID) || s.authorized(r) {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="nvdbapiles"`)
	writeProblem(w, r, http.StatusUnauthorized, "Vegobjekttype "+itoa(typeID)+" er sensitiv og krever et gyldig token (Authorization: Bearer)")
	return false
}

// markSensitive sets Sensitiv on the catalogue's types.
func (k *katalog) markSensitive(a authConfig) {
	for t := range a.sensitive {
		if typ := k.types[t]; typ != nil {
			typ.Sensitiv = true
		}
	}
}
