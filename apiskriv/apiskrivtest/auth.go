package apiskrivtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
)

type issued struct {
	user    User
	expires time.Time
}

// newJWT returns an unsigned JWT-shaped token with sub and exp, which a
// client can read to refresh in time.
func newJWT(sub string, exp time.Time, kind string) string {
	var jti [12]byte
	_, _ = rand.Read(jti[:])
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"none"}`))
	claims, _ := json.Marshal(map[string]any{"sub": sub, "exp": exp.Unix(), "iat": time.Now().Unix(),
		"tokenName": kind, "jti": hex.EncodeToString(jti[:])})
	return hdr + "." + base64.RawURLEncoding.EncodeToString(claims) + ".ZmFrZS1zaWduYXR1cmU"
}

// serveOIDC answers login and refresh. Like the real API it says no with
// 200 and {}.
func (s *Server) serveOIDC(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username     string `json:"username"`
		Password     string `json:"password"`
		Realm        string `json:"realm"`
		RefreshToken string `json:"refreshToken"`
	}
	if !strings.Contains(r.Header.Get("Content-Type"), "json") {
		writeFault(w, r, http.StatusUnsupportedMediaType, "Content-Type må være application/json")
		return
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in); err != nil {
		writeFault(w, r, http.StatusBadRequest, "Ugyldig JSON")
		return
	}
	realm := apiskriv.Realm(in.Realm)
	if realm == "" {
		realm = apiskriv.RealmEmployee
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if strings.HasSuffix(r.URL.Path, "/refresh") {
		rt, ok := s.refreshTokens[in.RefreshToken]
		if ok && now.Before(rt.expires) && rt.user.Realm == realm {
			out["idToken"] = s.issueLocked(rt.user, "id_token", now)
			out["accessToken"] = s.issueLocked(rt.user, "access_token", now)
			s.refreshes++
		}
	} else {
		for _, u := range s.users {
			if u.Brukernavn == in.Username && u.Password == in.Password && u.Realm == realm && in.Password != "" {
				out["idToken"] = s.issueLocked(u, "id_token", now)
				out["accessToken"] = s.issueLocked(u, "access_token", now)
				rt := newJWT(u.Brukernavn, now.Add(8*time.Hour), "refresh_token")
				s.refreshTokens[rt] = issued{user: u, expires: now.Add(8 * time.Hour)}
				out["refreshToken"] = rt
				s.logins++
				break
			}
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(out)
}

func (s *Server) issueLocked(u User, kind string, now time.Time) string {
	exp := now.Add(s.tokenLife)
	t := newJWT(u.Brukernavn, exp, kind)
	s.tokens[t] = issued{user: u, expires: exp}
	return t
}

// authenticate finds the caller from the bearer token.
func (s *Server) authenticate(r *http.Request) (User, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		return User{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if is, found := s.tokens[tok]; found {
		if s.now().Before(is.expires) {
			return is.user, true
		}
		return User{}, false
	}
	// WithKeys names the static tokens allowed; WithStrictTokens allows
	// none; by default any is.
	allowed := s.fs.Accepts(tok) && (s.fs.Restricted() || !s.strict)
	if !allowed || len(s.users) == 0 {
		return User{}, false
	}
	return s.users[0], true
}
