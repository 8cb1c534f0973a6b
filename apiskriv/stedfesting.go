package apiskriv

import (
	"context"
	"encoding/xml"
	"strings"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Stedfest is the request of the stedfesting service: parameters that
// limit or hint the positioning, and the vegobjekter (with a geometry
// egenskap) to position. XML: <stedfest xmlns="…/domain/changeset/v3">.
// Its JSON form is not documented; this package sends the element names as
// keys, wrappers as arrays (as for Endringssett).
type Stedfest struct {
	Parametere  StedfestParametere `xml:"parametere" json:"parametere"`
	Vegobjekter []*Vegobjekt       `xml:"vegobjekter>vegobjekt" json:"vegobjekter"`
}

// StedfestParametere limit or hint the computed positioning.
type StedfestParametere struct {
	// MaksimalAvstandTilVeg is how many metres from the object's geometry
	// to look for road network (required).
	MaksimalAvstandTilVeg float64 `xml:"maksimalAvstandTilVeg" json:"maksimalAvstandTilVeg"`
	// Veger limits positioning to these roads; without it the nearest road
	// of category E, R, F or K is used.
	Veger []Veg `xml:"veger>veg,omitempty" json:"veger,omitempty"`
	// TypeVeger limits positioning to these types of road (ENKEL_BILVEG,
	// KANALISERT_VEG, RAMPE, RUNDKJØRING …).
	TypeVeger []string `xml:"typeVeger>typeVeg,omitempty" json:"typeVeger,omitempty"`
	// BeregnSideposisjon asks for sideposisjon on each element.
	BeregnSideposisjon bool `xml:"beregnSideposisjon" json:"beregnSideposisjon"`
	// Forankring anchors the route at given points.
	Forankring *Forankring `xml:"forankring,omitempty" json:"forankring,omitempty"`
}

// Veg names a road: kategori (E, R, F, K, P, S …, required), fase (V, A,
// P, F) and nummer.
type Veg struct {
	Kategori string `xml:"kategori" json:"kategori"`
	Fase     string `xml:"fase,omitempty" json:"fase,omitempty"`
	Nummer   int    `xml:"nummer,omitempty" json:"nummer,omitempty"`
}

// Forankring anchors the computed route at a start (and optional end)
// point, in the given srid.
type Forankring struct {
	Srid     int    `xml:"srid" json:"srid"`
	StartWkt string `xml:"startWkt" json:"startWkt"`
	SluttWkt string `xml:"sluttWkt,omitempty" json:"sluttWkt,omitempty"`
}

// StedfestingResultat is the answer: per vegobjekt either the computed
// stedfesting or the errors that kept it from being computed. XML:
// <stedfestingResultat>; in JSON this package reads
// {"vegobjekt":[…]}, the element name as key (undocumented).
type StedfestingResultat struct {
	Vegobjekter []StedfestetVegobjekt `xml:"vegobjekt" json:"vegobjekt"`
}

// StedfestetVegobjekt is the result for one vegobjekt, named by its tempId.
type StedfestetVegobjekt struct {
	TempID      string               `xml:"tempId,attr,omitempty" json:"tempId,omitempty"`
	NvdbID      int64                `xml:"nvdbId,attr,omitempty" json:"nvdbId,omitempty"`
	Stedfesting *BeregnetStedfesting `xml:"stedfesting,omitempty" json:"stedfesting,omitempty"`
	Feil        []Melding            `xml:"feil>feil,omitempty" json:"feil,omitempty"`
	Advarsler   []Melding            `xml:"advarsler>advarsel,omitempty" json:"advarsler,omitempty"`
}

// BeregnetStedfesting is a computed stedfesting: an overview of the road
// and measured length (metres), and punkt or linje elements each with the
// geometry of the network it lies on.
type BeregnetStedfesting struct {
	Oversikt []Oversikt        `xml:"oversikt" json:"oversikt"`
	Punkt    []StedfestetPunkt `xml:"punkt,omitempty" json:"punkt,omitempty"`
	Linje    []StedfestetLinje `xml:"linje,omitempty" json:"linje,omitempty"`
}

// Oversikt describes the road a stedfesting lies on and its length in
// metres.
type Oversikt struct {
	Veg    Veg     `xml:"veg" json:"veg"`
	Lengde float64 `xml:"lengde" json:"lengde"`
}

// StedfestetPunkt is a computed point position with the network geometry.
type StedfestetPunkt struct {
	Punkt
	Geometri *Geometri `xml:"geometri,omitempty" json:"geometri,omitempty"`
}

// StedfestetLinje is a computed stretch with the network geometry.
type StedfestetLinje struct {
	Linje
	Geometri *Geometri `xml:"geometri,omitempty" json:"geometri,omitempty"`
}

// Vegobjekt returns the result for tempID, nil when there is none.
func (r *StedfestingResultat) Vegobjekt(tempID string) *StedfestetVegobjekt {
	if r == nil {
		return nil
	}
	for i := range r.Vegobjekter {
		if r.Vegobjekter[i].TempID == tempID {
			return &r.Vegobjekter[i]
		}
	}
	return nil
}

// AsStedfesting returns the computed positions as a Stedfesting for an
// endringssett (the geometries dropped), nil when none was computed.
func (v *StedfestetVegobjekt) AsStedfesting() *Stedfesting {
	if v == nil || v.Stedfesting == nil {
		return nil
	}
	s := &Stedfesting{}
	for _, p := range v.Stedfesting.Punkt {
		s.Punkt = append(s.Punkt, p.Punkt)
	}
	for _, l := range v.Stedfesting.Linje {
		s.Linje = append(s.Linje, l.Linje)
	}
	return s
}

// stedfestXML is the request as a body: the root element <stedfest> in
// NamespaceChangeset in XML, the request's own members in JSON.
type stedfestXML struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 stedfest" json:"-"`
	*Stedfest
}

// StedfestingService computes stedfesting (rest/v3/stedfest, beta).
type StedfestingService service

// A positioning writes nothing, so it is retried like a GET.
var stedfestingStedfest = opOf[StedfestingResultat, stedfestingResultatAnswer](post("Stedfesting.Stedfest", true))

// Stedfest computes a valid stedfesting for vegobjekter with geometry
// egenskaper (POST rest/v3/stedfest; beta in the API). The answer is
// always 200: an object that could not be positioned carries its errors
// (Feil) in the result, as in an endringssett's behandlingsresultat. The
// result can be put on the same objects in an endringssett
// (StedfestetVegobjekt.AsStedfesting). Nothing is written, so the call is
// retried like a GET.
func (s *StedfestingService) Stedfest(ctx context.Context, req *Stedfest) (*StedfestingResultat, error) {
	r := endpoint.Request{Path: "rest/v3/stedfest", Body: &stedfestXML{Stedfest: req}}
	if err := req.check(); err != nil {
		r = endpoint.Fail(err)
	}
	return stedfestingStedfest.Do(ctx, (*service)(s), r)
}

func (r *Stedfest) check() error {
	if r == nil {
		return invalid("nil stedfest request")
	}
	var errs []string
	if !(r.Parametere.MaksimalAvstandTilVeg > 0) {
		errs = append(errs, "parametere.maksimalAvstandTilVeg must be positive")
	}
	for i, v := range r.Parametere.Veger {
		if strings.TrimSpace(v.Kategori) == "" {
			errs = append(errs, "parametere.veger["+itoa(i)+"]: kategori is required")
		}
	}
	if f := r.Parametere.Forankring; f != nil && (f.Srid <= 0 || strings.TrimSpace(f.StartWkt) == "") {
		errs = append(errs, "parametere.forankring needs srid and startWkt")
	}
	if len(r.Vegobjekter) == 0 {
		errs = append(errs, "no vegobjekter")
	}
	for i, v := range r.Vegobjekter {
		switch {
		case v == nil:
			errs = append(errs, "vegobjekter["+itoa(i)+"]: nil")
		case v.TypeID <= 0 || v.TempID == "":
			errs = append(errs, "vegobjekter["+itoa(i)+"]: typeId and tempId are required")
		}
	}
	if len(errs) > 0 {
		return invalid("%s", strings.Join(errs, "; "))
	}
	return nil
}
