package apiskrivtest

import (
	"fmt"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// oppdragRec is an oppdrag with its transaksjoner. Links are stored relative
// to the base URL and made absolute when served.
type oppdragRec struct {
	o              apiskriv.Oppdrag
	trans          []apiskriv.Transaksjon
	endringssettID string
}

type objektRec struct {
	typeID  int
	versjon int
	lukket  bool
	fjernet bool
}

func rel(pairs ...string) apiskriv.Ressurser {
	out := make(apiskriv.Ressurser, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, apiskriv.Ressurs{Rel: pairs[i], Src: pairs[i+1]})
	}
	return out
}

func oppdragLinks(id int64) apiskriv.Ressurser {
	return rel("self", fmt.Sprintf("rest/v1/oppdrag/%d", id), "transaksjoner", fmt.Sprintf("rest/v1/transaksjon?oppdragId=%d", id))
}

func objektLinks(typeID int, id int64, versjon int) apiskriv.Ressurser {
	return rel("objekt", fmt.Sprintf("rest/v3/les/vegobjekt/%d/%d/%d", typeID, id, versjon))
}

func (s *Server) userByName(name string) User {
	for _, u := range s.users {
		if u.Brukernavn == name {
			return u
		}
	}
	for _, u := range DefaultUsers() {
		if u.Brukernavn == name {
			return u
		}
	}
	return User{Brukernavn: name, FulltNavn: name}
}

// seed loads the documentation's oppdrag 3466724 with its transaksjon, and
// generated oppdrag for olanor and karnor.
func (s *Server) seed() {
	ola := s.userByName("olanor")
	s.oppdrag = append(s.oppdrag, &oppdragRec{
		o: apiskriv.Oppdrag{
			ID: 3466724, TypeID: 24598, Navn: "Fylkes- og kommunale veger",
			Beskrivelse: "Øvrige veger: bare for kommunale veger", Sluttidspunkt: "2016-09-20T07:13:31Z",
			Bruker:        apiskriv.Bruker{ID: ola.ID, Brukernavn: ola.Brukernavn, FulltNavn: ola.FulltNavn},
			Tjenesteregel: apiskriv.TjenesteregelVegnettsoppdrag, Ressurser: oppdragLinks(3466724),
		},
		trans: []apiskriv.Transaksjon{{
			OppdragID: 3466724, Tidspunkt: "2016-09-20T09:12:46", Brukernavn: "olanor",
			Objekttyper: []apiskriv.TransaksjonObjekttype{{TypeID: 83, Objekttype: apiskriv.ObjekttypeVegobjekt,
				Objekter: []apiskriv.TransaksjonObjekt{{ObjektID: 737948714, Transaksjonstype: apiskriv.TransaksjonstypeNy,
					Objektversjon: 1, Startdato: "2016-09-20", Ressurser: objektLinks(83, 737948714, 1)}}}},
			// The documentation's example links to oppdrag 3466723; kept as published.
			Ressurser: rel("oppdrag", "rest/v1/oppdrag/3466723"),
		}},
	})
	s.objekter[737948714] = objektRec{typeID: 83, versjon: 1}
	defer s.seedLaaser()

	navn := []string{"Fylkes- og kommunale veger", "Skiltplan E6 Sørli", "Registrering av kummer", "Oppdatering fartsgrenser", "Tunnelinspeksjon 2023", "Rekkverk Rv. 4"}
	typer := []int{95, 96, 105, 581, 79, 83}
	kinds := []apiskriv.Transaksjonstype{apiskriv.TransaksjonstypeNy, "ENDRET", "LUKKET"}
	base := time.Date(2018, 3, 5, 8, 0, 0, 0, time.UTC)
	for i := range 24 {
		u := s.userByName([]string{"olanor", "karnor"}[i%2])
		id := int64(3466725 + i*1117)
		end := base.Add(time.Duration(i) * 97 * 24 * time.Hour).Add(time.Duration(i*37) * time.Minute)
		o := apiskriv.Oppdrag{ID: id, TypeID: 24598, Navn: navn[i%len(navn)], Beskrivelse: fmt.Sprintf("Generert oppdrag %d", i+1),
			Sluttidspunkt: apiskriv.Tidspunkt(end.Format("2006-01-02T15:04:05Z")),
			Bruker:        apiskriv.Bruker{ID: u.ID, Brukernavn: u.Brukernavn, FulltNavn: u.FulltNavn},
			Tjenesteregel: apiskriv.TjenesteregelVegnettsoppdrag, Ressurser: oppdragLinks(id)}
		rec := &oppdragRec{o: o}
		for k := range 1 + i%2 {
			at := end.Add(-time.Duration(k+1) * time.Minute)
			typ := typer[(i+k)%len(typer)]
			var objs []apiskriv.TransaksjonObjekt
			for j := range 1 + (i+k)%3 {
				oid := int64(800000000 + i*100 + k*10 + j)
				kind := kinds[(i+j)%len(kinds)]
				ver := 1
				if kind != apiskriv.TransaksjonstypeNy {
					ver = 2
				}
				objs = append(objs, apiskriv.TransaksjonObjekt{ObjektID: oid, Transaksjonstype: kind, Objektversjon: ver,
					Startdato: apiskriv.Dato(at.Format("2006-01-02")), Ressurser: objektLinks(typ, oid, ver)})
				s.objekter[oid] = objektRec{typeID: typ, versjon: ver, lukket: kind == "LUKKET"}
			}
			rec.trans = append(rec.trans, apiskriv.Transaksjon{OppdragID: id, Tidspunkt: localTime(at), Brukernavn: u.Brukernavn,
				Objekttyper: []apiskriv.TransaksjonObjekttype{{TypeID: typ, Objekttype: apiskriv.ObjekttypeVegobjekt, Objekter: objs}},
				Ressurser:   rel("oppdrag", fmt.Sprintf("rest/v1/oppdrag/%d", id))})
		}
		s.oppdrag = append(s.oppdrag, rec)
	}
}

// localTime writes t as Norwegian local time without a zone, as the API
// writes tidspunkt. Without the time zone database it falls back to UTC.
func localTime(t time.Time) apiskriv.Tidspunkt {
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		t = t.In(loc)
	} else {
		t = t.UTC()
	}
	return apiskriv.Tidspunkt(t.Format("2006-01-02T15:04:05"))
}
