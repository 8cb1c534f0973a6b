package apiskrivtest

import (
	"encoding/xml"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// veglenkesekvens is a straight piece of the fake's road network, in
// EUREF89 UTM33 (srid 5973).
type veglenkesekvens struct {
	id      int64
	veg     apiskriv.Veg
	typeVeg string
	x0, y0  float64 // start
	x1, y1  float64 // end
}

// network is the fake's road network. 2510771 (Fv. 6690) is laid so that
// the documentation's stedfest example gives the documented answer
// (posisjon 0.1429407 at POINT (270192.0336852201 7041858.010694844)).
var network = func() []veglenkesekvens {
	fx, fy := 270192.0336852201, 7041858.010694844
	px, py := 270196.99, 7041858.13
	dx, dy := -(py - fy), px-fx // along the road: perpendicular to the foot
	n := math.Hypot(dx, dy)
	dx, dy = dx/n, dy/n
	const length, pos = 100.0, 0.1429407
	x0, y0 := fx-pos*length*dx, fy-pos*length*dy
	return []veglenkesekvens{
		{id: 2510771, veg: apiskriv.Veg{Kategori: "F", Fase: "V", Nummer: 6690}, typeVeg: "ENKEL_BILVEG", x0: x0, y0: y0, x1: x0 + length*dx, y1: y0 + length*dy},
		{id: 1125766, veg: apiskriv.Veg{Kategori: "E", Fase: "V", Nummer: 6}, typeVeg: "KANALISERT_VEG", x0: 270400, y0: 7041700, x1: 270400, y1: 7042300},
		{id: 921808, veg: apiskriv.Veg{Kategori: "K", Fase: "V", Nummer: 1020}, typeVeg: "ENKEL_BILVEG", x0: 262000, y0: 7040000, x1: 262500, y1: 7040000},
	}
}()

// geometriEgenskap is the geometry egenskapstype of the vegobjekttyper the
// fake knows (Skiltpunkt 95: Geometri, punkt 4794; Skiltplate 96: 4795).
var geometriEgenskap = map[int]int{95: 4794, 96: 4795}

var vegobjekttypeNavn = map[int]string{95: "Skiltpunkt", 96: "Skiltplate"}

type stedfestIn struct {
	XMLName xml.Name `xml:"stedfest"`
	*apiskriv.Stedfest
}

type stedfestingResultatDoc struct {
	XMLName xml.Name `xml:"http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3 stedfestingResultat"`
	*apiskriv.StedfestingResultat
}

// serveStedfest answers POST rest/v3/stedfest: each vegobjekt's geometry is
// projected onto the nearest veglenkesekvens within maksimalAvstandTilVeg
// (of the given veger and typeVeger, else of category E, R, F or K). The
// answer is 200 whether or not an object could be positioned.
func (s *Server) serveStedfest(w http.ResponseWriter, r *http.Request, _ User) {
	req := &apiskriv.Stedfest{}
	var target any = req
	if !strings.Contains(r.Header.Get("Content-Type"), "json") {
		target = &stedfestIn{Stedfest: req}
	}
	if !readBody(w, r, target) {
		return
	}
	if !(req.Parametere.MaksimalAvstandTilVeg > 0) {
		writeFault(w, r, http.StatusBadRequest, "parametere.maksimalAvstandTilVeg er obligatorisk")
		return
	}
	res := apiskriv.StedfestingResultat{Vegobjekter: []apiskriv.StedfestetVegobjekt{}}
	for _, v := range req.Vegobjekter {
		if v == nil {
			continue
		}
		res.Vegobjekter = append(res.Vegobjekter, stedfest(req.Parametere, v))
	}
	write(w, r, http.StatusOK, res, stedfestingResultatDoc{StedfestingResultat: &res})
}

func stedfest(p apiskriv.StedfestParametere, v *apiskriv.Vegobjekt) apiskriv.StedfestetVegobjekt {
	out := apiskriv.StedfestetVegobjekt{TempID: v.TempID, NvdbID: v.NvdbID}
	ref := fmt.Sprintf("https://datakatalogen.vegdata.no/%d", v.TypeID)
	fail := func(kode, melding string, egenskap *int) apiskriv.StedfestetVegobjekt {
		out.Feil = append(out.Feil, apiskriv.Melding{Kode: kode, Melding: melding, Referanse: ref, EgenskapTypeID: egenskap})
		return out
	}
	var geom *apiskriv.Geometri
	for _, e := range v.Egenskaper {
		if len(e.Geometri) == 0 {
			continue
		}
		if want, ok := geometriEgenskap[v.TypeID]; ok && e.TypeID != want {
			id := e.TypeID
			return fail("UGYLDIG_EGENSKAPSTYPE", fmt.Sprintf("Egenskapstypen Geometri (%d) er ikke del av vegobjekttypen %s (%d)",
				e.TypeID, vegobjekttypeNavn[v.TypeID], v.TypeID), &id)
		}
		geom = &e.Geometri[0]
	}
	if geom == nil {
		return fail("MANGLER_GEOMETRI", "Vegobjektet har ingen geometriegenskap å stedfeste etter", nil)
	}
	pts, line, err := parseWKT(geom.Wkt)
	if err != nil {
		return fail("UGYLDIG_GEOMETRI", "Kan ikke lese geometrien: "+err.Error(), nil)
	}
	best, bestD := -1, math.Inf(1)
	for i, vl := range network {
		if !vegAllowed(p, vl) {
			continue
		}
		d := 0.0
		for _, pt := range pts {
			_, dd := project(vl, pt)
			d = max(d, dd)
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 || bestD > p.MaksimalAvstandTilVeg {
		return fail("INGEN_VEG_INNENFOR_AVSTAND", fmt.Sprintf("Fant ikke relevant vegnett innenfor %v meter", p.MaksimalAvstandTilVeg), nil)
	}
	vl := network[best]
	length := math.Hypot(vl.x1-vl.x0, vl.y1-vl.y0)
	st := &apiskriv.BeregnetStedfesting{}
	srid := geom.Srid
	if !line {
		t, _ := project(vl, pts[0])
		fx, fy := vl.x0+t*(vl.x1-vl.x0), vl.y0+t*(vl.y1-vl.y0)
		pu := apiskriv.StedfestetPunkt{Punkt: apiskriv.Punkt{VeglenkesekvensNvdbID: vl.id, Posisjon: round(t)},
			Geometri: &apiskriv.Geometri{Srid: srid, Wkt: fmt.Sprintf("POINT (%s %s)", num(fx), num(fy))}}
		if p.BeregnSideposisjon {
			pu.Sideposisjon = side(vl, pts[0])
		}
		st.Punkt = append(st.Punkt, pu)
		st.Oversikt = []apiskriv.Oversikt{{Veg: vl.veg, Lengde: 0}}
	} else {
		ta, _ := project(vl, pts[0])
		tb, _ := project(vl, pts[len(pts)-1])
		fra, til := min(ta, tb), max(ta, tb)
		li := apiskriv.StedfestetLinje{Linje: apiskriv.Linje{VeglenkesekvensNvdbID: vl.id, Fra: round(fra), Til: round(til)},
			Geometri: &apiskriv.Geometri{Srid: srid, Wkt: fmt.Sprintf("LINESTRING (%s %s, %s %s)",
				num(vl.x0+fra*(vl.x1-vl.x0)), num(vl.y0+fra*(vl.y1-vl.y0)), num(vl.x0+til*(vl.x1-vl.x0)), num(vl.y0+til*(vl.y1-vl.y0)))}}
		if ta > tb {
			li.Retning = apiskriv.RetningMot
		} else {
			li.Retning = apiskriv.RetningMed
		}
		st.Linje = append(st.Linje, li)
		st.Oversikt = []apiskriv.Oversikt{{Veg: vl.veg, Lengde: math.Round((til-fra)*length*100) / 100}}
	}
	out.Stedfesting = st
	return out
}

func vegAllowed(p apiskriv.StedfestParametere, vl veglenkesekvens) bool {
	if len(p.TypeVeger) > 0 && !slices.Contains(p.TypeVeger, vl.typeVeg) {
		return false
	}
	if len(p.Veger) == 0 {
		return slices.Contains([]string{"E", "R", "F", "K"}, vl.veg.Kategori)
	}
	for _, v := range p.Veger {
		if v.Kategori == vl.veg.Kategori && (v.Fase == "" || v.Fase == vl.veg.Fase) && (v.Nummer == 0 || v.Nummer == vl.veg.Nummer) {
			return true
		}
	}
	return false
}

// project returns the position in [0, 1] of the point of vl nearest pt,
// and the distance to it.
func project(vl veglenkesekvens, pt [2]float64) (float64, float64) {
	dx, dy := vl.x1-vl.x0, vl.y1-vl.y0
	t := ((pt[0]-vl.x0)*dx + (pt[1]-vl.y0)*dy) / (dx*dx + dy*dy)
	t = min(max(t, 0), 1)
	return t, math.Hypot(vl.x0+t*dx-pt[0], vl.y0+t*dy-pt[1])
}

// side is H (right) or V (left) of the road in its direction.
func side(vl veglenkesekvens, pt [2]float64) string {
	if (vl.x1-vl.x0)*(pt[1]-vl.y0)-(vl.y1-vl.y0)*(pt[0]-vl.x0) > 0 {
		return "V"
	}
	return "H"
}

func round(t float64) float64 { return math.Round(t*1e7) / 1e7 }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

var wktRE = regexp.MustCompile(`^\s*(POINT|LINESTRING)\s*(?:Z\s*|ZM\s*|M\s*)?\(([^()]*)\)\s*$`)

// parseWKT reads the x y of a POINT or LINESTRING (any Z or M dropped).
func parseWKT(s string) ([][2]float64, bool, error) {
	m := wktRE.FindStringSubmatch(strings.ToUpper(s))
	if m == nil {
		return nil, false, fmt.Errorf("bare POINT og LINESTRING støttes")
	}
	var pts [][2]float64
	for _, c := range strings.Split(m[2], ",") {
		f := strings.Fields(c)
		if len(f) < 2 {
			return nil, false, fmt.Errorf("ugyldig koordinat %q", c)
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			return nil, false, fmt.Errorf("ugyldig koordinat %q", c)
		}
		pts = append(pts, [2]float64{x, y})
	}
	if m[1] == "LINESTRING" && len(pts) < 2 {
		return nil, false, fmt.Errorf("en LINESTRING trenger minst to punkter")
	}
	return pts, m[1] == "LINESTRING", nil
}
