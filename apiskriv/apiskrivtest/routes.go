package apiskrivtest

import (
	"net/http"
	"strings"
)

// moreState is the fake's state for binary objects and locks. It is
// guarded by Server.mu.
type moreState struct {
	binaer   map[string]binaerRec
	laaser   []*laasRec
	nextLaas int64
}

// routes serves the API's paths under the prefix. Login and refresh take
// no token; every other path, a missing one included, needs one (401
// before anything else). Another method on a known path is 405 with the
// paths's methods in Allow, an unknown path 404, both with the API's
// fault body.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h func(http.ResponseWriter, *http.Request, User)) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" "+s.prefix+path, s.authed(h))
	}
	mux.HandleFunc("POST "+s.prefix+"/rest/v1/oidc/authenticate", s.serveOIDC)
	mux.HandleFunc("POST "+s.prefix+"/rest/v1/oidc/refresh", s.serveOIDC)

	handle("GET /rest/v1/oppdrag", s.listOppdrag)
	handle("GET /rest/v1/oppdrag/{id}", s.getOppdrag)
	handle("GET /rest/v1/transaksjon", s.listTransaksjoner)

	handle("GET /rest/v3/endringssett", s.listSets)
	handle("POST /rest/v3/endringssett", s.register)
	handle("POST /rest/v3/endringssett/validator", s.validate)
	handle("GET /rest/v3/endringssett/{id}", s.onSet(s.getSet))
	handle("GET /rest/v3/endringssett/{id}/status", s.onSet(s.getStatus))
	handle("GET /rest/v3/endringssett/{id}/fremdrift", s.onSet(s.getFremdrift))
	handle("GET /rest/v3/endringssett/{id}/fremdriftOgÅrsak", s.onSet(s.getFremdriftOgAarsak))
	for _, action := range []string{"start", "kanseller", "restart"} {
		handle("POST /rest/v3/endringssett/{id}/"+action, s.onSet(s.act(action)))
	}

	handle("POST /rest/v3/binaer", s.uploadBinaer)
	handle("GET /rest/v3/binaer/{id}", s.downloadBinaer)

	handle("GET /rest/v1/lås", s.listLaaser)
	handle("POST /rest/v1/lås", s.createLaas)
	handle("GET /rest/v1/lås/{id}", s.getLaas)

	handle("GET /rest/v1/autorisasjon/{brukernavn}", s.getAutorisasjon)
	handle("POST /rest/v3/stedfest", s.serveStedfest)
	handle("POST /rest/v3/konverter/sosiGeoJson", s.serveKonverter("sosiGeoJson"))
	handle("POST /rest/v3/konverter/sosi", s.serveKonverter("sosi"))
	handle("GET /rest/v1/regelsett/{type}", s.serveRegelsett(false))
	handle("GET /rest/v1/regelsett/{type}/versjon", s.serveRegelsett(true))

	mux.HandleFunc("/", s.authed(func(w http.ResponseWriter, r *http.Request, _ User) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			other := r.Clone(r.Context())
			other.Method = m
			if _, pattern := mux.Handler(other); m != r.Method && pattern != "/" && pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeFault(w, r, http.StatusMethodNotAllowed, "Metoden er ikke tillatt")
			return
		}
		writeFault(w, r, http.StatusNotFound, "Fant ikke ressursen "+strings.TrimPrefix(r.URL.Path, s.prefix))
	}))
	return mux
}

// authed runs h for the user the request's bearer token names, or answers
// 401.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.authenticate(r)
		if !ok {
			writeFault(w, r, http.StatusUnauthorized, "Mangler gyldig autentiseringstoken")
			return
		}
		h(w, r, u)
	}
}
