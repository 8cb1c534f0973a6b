package nvdbtest

import (
	"net/http"
	"strconv"
)

// routes is the fake's API: the versioned paths of the four services, and
// the unversioned aliases the real host also answers (/vegobjekter/105,
// /vegobjekt?id=, /vegobjekttyper/105).
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range []string{"/vegobjekter/api/v4", ""} {
		mux.HandleFunc("GET "+p+"/vegobjekt", s.getByID)
		mux.HandleFunc("GET "+p+"/vegobjekter/statistikk", s.statistikkAlle)
		mux.HandleFunc("GET "+p+"/vegobjekter/endringer", func(w http.ResponseWriter, r *http.Request) { s.endringer(w, r, 0) })
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}", s.typed(func(w http.ResponseWriter, r *http.Request, d *dataset) {
			s.list(w, r, d)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/statistikk", s.typed(s.statistikk))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/statistikk/gruppert", s.typed(func(w http.ResponseWriter, r *http.Request, d *dataset) {
			s.statistikkGruppert(w, r, d, false)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/statistikk/gruppert/egenskap", s.typed(func(w http.ResponseWriter, r *http.Request, d *dataset) {
			s.statistikkGruppert(w, r, d, true)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/endringer", s.typed(func(w http.ResponseWriter, r *http.Request, d *dataset) {
			s.endringer(w, r, d.typeID)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/{id}", s.object(func(w http.ResponseWriter, r *http.Request, d *dataset, id int64) {
			s.getOne(w, r, d, id, 0, false)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/{id}/versjoner", s.object(func(w http.ResponseWriter, r *http.Request, d *dataset, id int64) {
			s.getOne(w, r, d, id, 0, true)
		}))
		mux.HandleFunc("GET "+p+"/vegobjekter/{typeID}/{id}/{versjon}", s.object(func(w http.ResponseWriter, r *http.Request, d *dataset, id int64) {
			v, err := strconv.Atoi(r.PathValue("versjon"))
			if err != nil || v <= 0 {
				writeProblem(w, r, http.StatusBadRequest, "Ugyldig versjon "+strconv.Quote(r.PathValue("versjon")))
				return
			}
			s.getOne(w, r, d, id, v, false)
		}))
	}

	const v = vegnettV4
	mux.HandleFunc("GET "+v+"/veglenkesekvenser", s.listSekvenser)
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/{id}", s.byID(s.getSekvens))
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/segmentert", s.listSegmenter)
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/segmentert/{id}", s.byID(s.getSegmenter))
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/segmentert/statistikk", func(w http.ResponseWriter, r *http.Request) { s.vegnettStatistikk(w, r, false) })
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/segmentert/statistikk/gruppert", func(w http.ResponseWriter, r *http.Request) { s.vegnettStatistikk(w, r, true) })
	mux.HandleFunc("GET "+v+"/veglenkesekvenser/endringer", s.vegnettEndringer)
	mux.HandleFunc("GET "+v+"/noder", s.listNoder)
	mux.HandleFunc("GET "+v+"/noder/{id}", s.byID(s.getNode))
	mux.HandleFunc("GET "+v+"/veg", s.veg)
	mux.HandleFunc("GET "+v+"/veg/batch", s.vegBatch)
	mux.HandleFunc("GET "+v+"/posisjon", s.posisjon)
	mux.HandleFunc("GET "+v+"/beta/vegnett/rute", func(w http.ResponseWriter, r *http.Request) { s.rute(w, r, r.URL.Query()) })
	mux.HandleFunc("POST "+v+"/beta/vegnett/rute", s.rutePost)

	for _, area := range []string{"fylker", "kommuner", "kontraktsomrader", "riksvegruter", "vegforvaltere", "adresser"} {
		mux.HandleFunc("GET /omrader/api/v4/"+area, func(w http.ResponseWriter, r *http.Request) { s.omrader(w, r, area) })
	}

	const k = "/datakatalog/api/v1"
	mux.HandleFunc("GET "+k+"/versjon", s.cachedValue(katalogVersjon))
	mux.HandleFunc("GET "+k+"/kategorier", s.cachedValue(kategorier))
	mux.HandleFunc("GET "+k+"/enheter", s.cachedValue(enheter))
	mux.HandleFunc("GET "+k+"/egenskapstypekategorier", s.cachedValue(egKategorier))
	mux.HandleFunc("GET "+k+"/egenskapstyper/{egenskapstypeid}", s.katalogInkluder(s.egenskapstype))
	for _, p := range []string{k, ""} {
		mux.HandleFunc("GET "+p+"/vegobjekttyper", s.katalogInkluder(s.vegobjekttyper))
		mux.HandleFunc("GET "+p+"/vegobjekttyper/historisk/{versjon}", s.katalogInkluder(s.vegobjekttyper))
		mux.HandleFunc("GET "+p+"/vegobjekttyper/{vegobjekttypeid}", s.katalogInkluder(s.vegobjekttype))
		mux.HandleFunc("GET "+p+"/vegobjekttyper/{vegobjekttypeid}/{del}", s.katalogInkluder(s.vegobjekttypeDel))
	}

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+r.URL.Path)
	})
	return mux
}

// typed finds the data set of {typeID}: 400 for an id that is not one,
// 404 for a type the fake does not hold, 401 for a sensitive type asked
// for without an accepted token.
func (s *Server) typed(h func(w http.ResponseWriter, r *http.Request, d *dataset)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw := r.PathValue("typeID")
		typeID, err := strconv.Atoi(raw)
		if err != nil || typeID <= 0 {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjekttypeId "+strconv.Quote(raw))
			return
		}
		d := s.data.sets[typeID]
		if d == nil {
			writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+raw+" finnes ikke")
			return
		}
		if !s.requireToken(w, r, typeID) {
			return
		}
		h(w, r, d)
	}
}

// object is typed with the vegobjekt id {id} parsed.
func (s *Server) object(h func(w http.ResponseWriter, r *http.Request, d *dataset, id int64)) http.HandlerFunc {
	return s.typed(func(w http.ResponseWriter, r *http.Request, d *dataset) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjektId "+strconv.Quote(r.PathValue("id")))
			return
		}
		h(w, r, d, id)
	})
}

// byID parses the road-network id {id}.
func (s *Server) byID(h func(w http.ResponseWriter, r *http.Request, id int64)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig id "+strconv.Quote(r.PathValue("id")))
			return
		}
		h(w, r, id)
	}
}
