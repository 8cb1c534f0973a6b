package nvdbtest

import (
	"net/http"
	"strconv"
)

type vegobjekttype struct {
	ID               int    `json:"id"`
	Navn             string `json:"navn"`
	Kortnavn         string `json:"kortnavn"`
	Beskrivelse      string `json:"beskrivelse"`
	Sorteringsnummer int    `json:"sorteringsnummer"`
	Status           string `json:"status"`
	Hovedkategori    string `json:"hovedkategori"`
	TidsromRelevant  bool   `json:"tidsrom_relevant"`
	AbstraktType     bool   `json:"abstrakt_type"`
	Avledet          bool   `json:"avledet"`
	MaHaMor          bool   `json:"må_ha_mor"`
	ErDataserie      bool   `json:"er_dataserie"`
	EnVersjon        bool   `json:"en_versjon"`
	Kategorier       []any  `json:"kategorier"`
	Sensitiv         bool   `json:"sensitiv"`
}

// vegobjekttype answers the datakatalog's /vegobjekttyper/{id} (and its
// unversioned alias) with the type's basic description, so clients that
// look a type up before reading its objects find it.
func (s *Server) vegobjekttype(w http.ResponseWriter, r *http.Request, rest string) {
	id, err := strconv.Atoi(rest)
	if err != nil || id <= 0 {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig vegobjekttypeid "+strconv.Quote(rest))
		return
	}
	info, ok := catalogue[id]
	if !ok {
		if s.data.sets[id] == nil {
			writeProblem(w, r, http.StatusNotFound, "Vegobjekttype "+rest+" finnes ikke")
			return
		}
		info = typeInfo{ID: id, Navn: typeName(id), Kortnavn: typeName(id), Sortnr: id * 10}
	}
	s.writeJSON(w, r, vegobjekttype{ID: info.ID, Navn: info.Navn, Kortnavn: info.Kortnavn, Beskrivelse: info.Beskr,
		Sorteringsnummer: info.Sortnr, Status: "Aktiv", Hovedkategori: "Vegobjekt", Kategorier: []any{}, TidsromRelevant: true})
}
