package nvdbtest

import (
	"net/http"
	"strconv"
	"strings"
)

// route dispatches the versioned paths and the unversioned aliases the
// real host also answers (/vegobjekter/105, /vegobjekt?id=,
// /vegobjekttyper/105).
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	var rest string
	switch {
	case strings.HasPrefix(p, "/vegobjekter/api/v4/"):
		rest = strings.TrimPrefix(p, "/vegobjekter/api/v4")
	case strings.HasPrefix(p, "/vegobjekter/") || p == "/vegobjekt" || p == "/vegobjekter":
		rest = p
	case strings.HasPrefix(p, vegnettV4+"/"):
		s.vegnett(w, r, strings.TrimPrefix(p, vegnettV4+"/"))
		return
	case strings.HasPrefix(p, "/omrader/api/v4/"):
		s.omrader(w, r, strings.TrimPrefix(p, "/omrader/api/v4/"))
		return
	case strings.HasPrefix(p, "/datakatalog/api/v1/"):
		s.datakatalog(w, r, strings.TrimPrefix(p, "/datakatalog/api/v1/"))
		return
	case strings.HasPrefix(p, "/vegobjekttyper/"):
		s.datakatalog(w, r, p)
		return
	default:
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+p)
		return
	}
	seg := strings.Split(strings.Trim(rest, "/"), "/")
	if len(seg) == 1 && seg[0] == "vegobjekt" {
		s.getByID(w, r)
		return
	}
	if len(seg) < 2 || seg[0] != "vegobjekter" {
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+p)
		return
	}
	seg = seg[1:]
	switch {
	case len(seg) == 1 && seg[0] == "statistikk":
		s.statistikkAlle(w, r)
		return
	case len(seg) == 1 && seg[0] == "endringer":
		s.endringer(w, r, 0)
		return
	}
	typeID, err := strconv.Atoi(seg[0])
	if err != nil || typeID <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjekttypeId "+strconv.Quote(seg[0]))
		return
	}
	d := s.data.sets[typeID]
	if d == nil {
		writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+seg[0]+" finnes ikke")
		return
	}
	if !s.requireToken(w, r, typeID) {
		return
	}
	switch {
	case len(seg) == 1:
		s.list(w, r, d)
	case len(seg) == 2 && seg[1] == "statistikk":
		s.statistikk(w, r, d)
	case len(seg) == 3 && seg[1] == "statistikk" && seg[2] == "gruppert":
		s.statistikkGruppert(w, r, d, false)
	case len(seg) == 4 && seg[1] == "statistikk" && seg[2] == "gruppert" && seg[3] == "egenskap":
		s.statistikkGruppert(w, r, d, true)
	case len(seg) == 2 && seg[1] == "endringer":
		s.endringer(w, r, typeID)
	case len(seg) >= 2 && len(seg) <= 3:
		id, err := strconv.ParseInt(seg[1], 10, 64)
		if err != nil || id <= 0 {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjektId "+strconv.Quote(seg[1]))
			return
		}
		switch {
		case len(seg) == 2:
			s.getOne(w, r, d, id, 0, false)
		case seg[2] == "versjoner":
			s.getOne(w, r, d, id, 0, true)
		default:
			v, err := strconv.Atoi(seg[2])
			if err != nil || v <= 0 {
				writeProblem(w, r, http.StatusBadRequest, "Ugyldig versjon "+strconv.Quote(seg[2]))
				return
			}
			s.getOne(w, r, d, id, v, false)
		}
	default:
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+p)
	}
}
