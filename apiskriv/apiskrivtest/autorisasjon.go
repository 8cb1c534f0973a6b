package apiskrivtest

import (
	"encoding/xml"
	"fmt"
	"net/http"

	"github.com/vegdata/go-vegdata/apiskriv"
)

type autorisasjonDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/authorization/v1 autorisasjon"`
	*apiskriv.Autorisasjon
}

// autorisasjonOf is a user's data rights in the fake: olanor has the
// documentation's example; karnor the types of the generated oppdrag; the
// service account may change the road network and every type the fake
// knows; the external user signs only.
func autorisasjonOf(u User) apiskriv.Autorisasjon {
	hvor := apiskriv.AutorisasjonHvor{Vegkategorier: []string{"E", "R", "F"},
		TyperVeg: []string{"RUNDKJØRING", "ENKEL_BILVEG", "KANALISERT_VEG", "GANG_OG_SYKKELVEG", "RAMPE"},
		Kommuner: []int{}, Fylker: []int{18, 34, 50, 3, 38, 54, 42, 11, 30, 46, 15}}
	a := apiskriv.Autorisasjon{Hvor: hvor, KanDeaktivereValideringsregler: apiskriv.Nei,
		Hva: apiskriv.AutorisasjonHva{Vegobjekttyper: []int{}, Vegnett: apiskriv.Nei}}
	switch {
	case u.Brukernavn == "olanor":
		a.Hva.Vegobjekttyper = []int{95, 96, 538}
	case u.Brukernavn == "karnor":
		a.Hva.Vegobjekttyper = []int{79, 83, 95, 96, 105, 581}
	case u.Realm == apiskriv.RealmServiceAccount:
		a.Hva = apiskriv.AutorisasjonHva{Vegobjekttyper: []int{79, 83, 95, 96, 105, 446, 538, 581, 852}, Vegnett: apiskriv.Ja}
		a.Hvor.Vegkategorier = []string{"E", "R", "F", "K", "P", "S"}
		a.KanDeaktivereValideringsregler = apiskriv.Ja
	case u.Realm == apiskriv.RealmExternal:
		a.Hva.Vegobjekttyper = []int{95, 96}
		a.Hvor.Fylker = []int{50}
	}
	return a
}

// getAutorisasjon answers GET rest/v1/autorisasjon/{brukernavn}: a fagdata
// user may read only their own rights, a service account anyone's.
func (s *Server) getAutorisasjon(w http.ResponseWriter, r *http.Request, u User) {
	brukernavn := r.PathValue("brukernavn")
	if brukernavn != u.Brukernavn && u.Realm != apiskriv.RealmServiceAccount {
		writeFault(w, r, http.StatusForbidden, fmt.Sprintf("Brukeren %s har ikke tilgang til autorisasjonen til %s", u.Brukernavn, brukernavn))
		return
	}
	s.mu.Lock()
	var found *User
	for _, cand := range s.users {
		if cand.Brukernavn == brukernavn {
			c := cand
			found = &c
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeFault(w, r, http.StatusNotFound, "Fant ikke brukeren "+brukernavn)
		return
	}
	a := autorisasjonOf(*found)
	write(w, r, http.StatusOK, a, autorisasjonDoc{Autorisasjon: &a})
}
