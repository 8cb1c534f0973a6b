package uberikettest

import (
	"net/http"
)

// v1 is where the real host serves Uberiket.
const v1 = "/uberiket/api/v1"

// handler routes the 28 operations of the specification, one pattern each
// (hentVegobjekt, /vegobjekter/id/{vegobjektId}, shares the pattern of
// hentVegobjektMedType: a separate one would overlap
// /vegobjekter/{typeId}/stream, which Go's router refuses).
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	get := func(pattern string, h http.HandlerFunc) { mux.HandleFunc("GET "+v1+pattern, h) }

	get("/vegobjekter", s.hentVegobjekterMultiType)
	get("/vegobjekter/stream", s.hentVegobjekterMultiTypeStream)
	get("/vegobjekter/{typeId}", s.hentVegobjekter)
	get("/vegobjekter/{typeId}/stream", s.hentVegobjekterStream)
	get("/vegobjekter/{typeId}/{vegobjektId}", s.hentVegobjektMedType) // and hentVegobjekt
	get("/vegobjekter/{typeId}/{vegobjektId}/{versjon}", s.hentVegobjektVersjon)
	get("/vegobjekter/{typeId}/{vegobjektId}/historisk", s.hentVegobjektHistorisk)

	get("/vegnett/veglenkesekvenser", s.hentVeglenkesekvenser)
	get("/vegnett/veglenkesekvenser/stream", s.streamVeglenkesekvenser)
	get("/vegnett/veglenkesekvenser/{veglenkesekvensId}", s.hentVeglenkesekvens)
	get("/vegnett/veglenkesekvenser/{veglenkesekvensId}/historisk", s.hentVeglenkesekvensHistorisk)
	get("/vegnett/veglenker/stream", s.streamVeglenker)
	get("/vegnett/noder", s.hentNoder)
	get("/vegnett/noder/{nodeId}", s.hentNode)

	get("/hendelser/vegobjekter", s.hentVegobjektHendelserForTyper)
	get("/hendelser/vegobjekter/siste", s.hentSisteVegobjektHendelseForTyper)
	get("/hendelser/vegobjekter/{typeId}", s.hentVegobjektHendelser)
	get("/hendelser/vegobjekter/{typeId}/stream", s.streamVegobjekthendelser)
	get("/hendelser/vegobjekter/{typeId}/siste", s.hentSisteVegobjektHendelse)
	get("/hendelser/vegnett", s.hentVegnettHendelser)
	get("/hendelser/vegnett/siste", s.hentSisteVegnettHendelse)
	get("/hendelser/veglenkesekvenser", s.hentVeglenkesekvensHendelser)
	get("/hendelser/veglenkesekvenser/stream", s.streamVeglenkesekvensHendelser)
	get("/hendelser/veglenkesekvenser/siste", s.hentSisteVeglenkesekvensHendelse)
	get("/hendelser/noder", s.hentNodeHendelser)
	get("/hendelser/noder/siste", s.hentSisteNodeHendelse)
	get("/hendelser/endringssett/{endringssettId}", s.hentHendelserForEndringssett)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeProblem(w, r, http.StatusMethodNotAllowed, "Kun GET er støttet")
			return
		}
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+r.URL.Path)
	})
	return s.guard(mux)
}
