package uberiket

import "encoding/json"

// Geometristruktur is a geometry as NVDB stores it: WKT in the
// coordinate system Srid (5973, UTM 33 with height, for the road
// network), with how and when it was captured. Optional numbers are
// pointers so that an answer written back carries exactly the members it
// came with (NVDB sends 0 and -1 as real values).
type Geometristruktur struct {
	WKT               string            `json:"wkt"`
	Srid              int               `json:"srid"`
	Lengde            *float64          `json:"lengde,omitempty"`
	Datafangstdato    Dato              `json:"datafangstdato,omitempty"`
	Temakode          *int              `json:"temakode,omitempty"`
	Medium            *int              `json:"medium,omitempty"`
	Kommune           *int              `json:"kommune,omitempty"`
	Hoydereferanse    *int              `json:"hoydereferanse,omitempty"`
	SosiNavn          string            `json:"sosiNavn,omitempty"`
	Referansegeometri *bool             `json:"referansegeometri,omitempty"`
	Verifiseringsdato Dato              `json:"verifiseringsdato,omitempty"`
	Oppdateringsdato  Dato              `json:"oppdateringsdato,omitempty"`
	Prosesshistorikk  string            `json:"prosesshistorikk,omitempty"`
	Kvalitet          *GeometriKvalitet `json:"kvalitet,omitempty"`
}

// GeometriKvalitet describes how exactly a geometry was captured (NVDB
// uses -1 for "not known").
type GeometriKvalitet struct {
	Malemetode            *int   `json:"malemetode,omitempty"`
	MalemetodeHoyde       *int   `json:"malemetodeHoyde,omitempty"`
	Datafangstmetode      string `json:"datafangstmetode,omitempty"`
	DatafangstmetodeHoyde string `json:"datafangstmetodeHoyde,omitempty"`
	Noyaktighet           *int   `json:"noyaktighet,omitempty"`
	NoyaktighetHoyde      *int   `json:"noyaktighetHoyde,omitempty"`
	Synbarhet             *int   `json:"synbarhet,omitempty"`
	MaksimaltAvvik        *int   `json:"maksimaltAvvik,omitempty"`
}

// UnmarshalJSON requires wkt and srid, as the specification does.
func (g *Geometristruktur) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	type plain Geometristruktur
	var w struct {
		plain
		WKT  *string `json:"wkt"`
		Srid *int    `json:"srid"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.WKT == nil || w.Srid == nil {
		return missing("Geometristruktur", "wkt", "srid")
	}
	*g = Geometristruktur(w.plain)
	g.WKT, g.Srid = *w.WKT, *w.Srid
	return nil
}

func (g *Geometristruktur) check(model string) error {
	switch {
	case g == nil:
		return invalidf(model, "no geometri")
	case g.WKT == "":
		return invalidf(model, "geometri without wkt")
	case g.Srid <= 0:
		return invalidf(model, "geometri without srid")
	}
	return nil
}
