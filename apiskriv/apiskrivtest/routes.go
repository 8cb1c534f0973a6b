package apiskrivtest

import "net/http"

// moreState is the fake's state for binary objects and locks. It is
// guarded by Server.mu.
type moreState struct {
	binaer   map[string]binaerRec
	laaser   []*laasRec
	nextLaas int64
}

// serveMore routes the endpoints beyond oppdrag, transaksjoner and
// endringssett; false when the path is none of them.
func (s *Server) serveMore(w http.ResponseWriter, r *http.Request, u User, segs []string) bool {
	if len(segs) < 3 || segs[0] != "rest" {
		return false
	}
	switch {
	case segs[1] == "v3" && segs[2] == "binaer" && len(segs) <= 4:
		s.serveBinaer(w, r, u, segs[3:])
	case segs[1] == "v1" && segs[2] == "lås" && len(segs) <= 4:
		s.serveLaaser(w, r, u, segs[3:])
	case segs[1] == "v1" && segs[2] == "autorisasjon" && len(segs) == 4:
		s.serveAutorisasjon(w, r, u, segs[3])
	case segs[1] == "v3" && segs[2] == "stedfest" && len(segs) == 3:
		s.serveStedfest(w, r)
	case segs[1] == "v3" && segs[2] == "konverter" && len(segs) == 4:
		s.serveKonverter(w, r, segs[3])
	case segs[1] == "v1" && segs[2] == "regelsett":
		s.serveRegelsett(w, r, segs[3:])
	default:
		return false
	}
	return true
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeFault(w, r, http.StatusMethodNotAllowed, "Metoden er ikke tillatt")
}
