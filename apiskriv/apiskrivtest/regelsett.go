package apiskrivtest

import (
	"encoding/xml"
	"net/http"
)

// regelsettVersjon is the fake's version of each rule set. The real
// schema is published only on the server; the changelog names the root
// <regelsett> and its <versjon>, so the fake answers with those and a
// version number and date of its own choosing.
type regelsettVersjon struct {
	XMLName   xml.Name `xml:"versjon" json:"-"`
	Nummer    string   `xml:"nummer" json:"nummer"`
	GyldigFra string   `xml:"gyldigFra" json:"gyldigFra"`
}

type regelsettDoc struct {
	XMLName xml.Name         `xml:"regelsett" json:"-"`
	Type    string           `xml:"type,attr" json:"type"`
	Versjon regelsettVersjon `xml:"versjon" json:"versjon"`
}

// serveRegelsett answers GET rest/v1/regelsett/{vegnettobjekttype,veglenke}
// and, with versjon, …/versjon; the pre-sprint-17 name "lenke" is gone
// (404).
func (s *Server) serveRegelsett(versjon bool) func(http.ResponseWriter, *http.Request, User) {
	return func(w http.ResponseWriter, r *http.Request, _ User) {
		t := r.PathValue("type")
		if t != "vegnettobjekttype" && t != "veglenke" {
			writeFault(w, r, http.StatusNotFound, "Fant ikke ressursen")
			return
		}
		v := regelsettVersjon{Nummer: "2024.1", GyldigFra: "2024-01-01"}
		if versjon {
			write(w, r, http.StatusOK, v, v)
			return
		}
		d := regelsettDoc{Type: t, Versjon: v}
		write(w, r, http.StatusOK, d, d)
	}
}
