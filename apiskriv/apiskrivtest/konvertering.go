package apiskrivtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// enumEgenskaper are the egenskapstyper the fake's datakatalog knows as
// enumerations: their values are enum ids, the others plain verdi.
var enumEgenskaper = map[int]bool{1876: true, 1671: true, 5530: true, 1894: true, 1970: true, 1892: true, 1879: true, 1921: true, 8828: true}

// serveKonverter answers POST rest/v3/konverter/sosiGeoJson
// (application/json) and rest/v3/konverter/sosi (text/plain) with an
// endringssett: every feature becomes a vegobjekt in registrer with
// today's startdato and no stedfesting.
func (s *Server) serveKonverter(kind string) func(http.ResponseWriter, *http.Request, User) {
	return func(w http.ResponseWriter, r *http.Request, _ User) { s.konverter(w, r, kind) }
}

func (s *Server) konverter(w http.ResponseWriter, r *http.Request, kind string) {
	ct := r.Header.Get("Content-Type")
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 32<<20))
	if err != nil {
		writeFault(w, r, http.StatusRequestEntityTooLarge, "Dokumentet er for stort")
		return
	}
	today := apiskriv.Dato(s.now().Format("2006-01-02"))
	var objs []*apiskriv.Vegobjekt
	switch kind {
	case "sosiGeoJson":
		if !strings.Contains(ct, "application/json") {
			writeFault(w, r, http.StatusUnsupportedMediaType, "Content-Type må være application/json")
			return
		}
		objs, err = fromGeoJSON(body)
	case "sosi":
		if !strings.HasPrefix(ct, "text/plain") {
			writeFault(w, r, http.StatusUnsupportedMediaType, "Content-Type må være text/plain")
			return
		}
		objs, err = fromSOSI(body)
	default:
		writeFault(w, r, http.StatusNotFound, "Fant ikke ressursen")
		return
	}
	if err != nil {
		writeFault(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	doc := apiskriv.Endringssett{Datakatalogversjon: DatakatalogVersjon, Registrer: &apiskriv.Vegobjekter{Vegobjekter: objs}}
	for _, o := range objs {
		o.Gyldighetsperiode = &apiskriv.Gyldighetsperiode{Startdato: today}
	}
	writeDoc(w, r, http.StatusOK, &doc)
}

var suffixID = regexp.MustCompile(`_(\d+)$`)

// typeOf reads the id at the end of a SOSI name such as Skiltpunkt_95.
func typeOf(name string) (int, bool) {
	m := suffixID.FindStringSubmatch(strings.TrimSpace(name))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// egenskap turns a SOSI value into an egenskap: an enum id for the fake's
// enumerations, else a verdi with decimal comma made a point.
func egenskap(typeID int, value string) apiskriv.Egenskap {
	value = strings.Trim(strings.TrimSpace(value), `"`)
	if enumEgenskaper[typeID] {
		if n, err := strconv.Atoi(value); err == nil {
			return apiskriv.Egenskap{TypeID: typeID, Enum: []int{n}}
		}
	}
	if strings.Count(value, ",") == 1 {
		if _, err := strconv.ParseFloat(strings.Replace(value, ",", ".", 1), 64); err == nil {
			value = strings.Replace(value, ",", ".", 1)
		}
	}
	return apiskriv.Egenskap{TypeID: typeID, Verdi: []string{value}}
}

func geometriFor(typeID int, g apiskriv.Geometri) (apiskriv.Egenskap, error) {
	id, ok := geometriEgenskap[typeID]
	if !ok {
		return apiskriv.Egenskap{}, fmt.Errorf("vegobjekttype %d har ingen kjent geometriegenskap", typeID)
	}
	return apiskriv.Egenskap{TypeID: id, Geometri: []apiskriv.Geometri{g}}, nil
}

func intp(n int) *int { return &n }

// --- SOSI-GeoJSON ---

type geoFeature struct {
	ID         json.RawMessage `json:"id"`
	Properties json.RawMessage `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func fromGeoJSON(body []byte) ([]*apiskriv.Vegobjekt, error) {
	var fc struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
		CRS      struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"crs"`
	}
	if err := json.Unmarshal(body, &fc); err != nil || fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("dokumentet er ikke en SOSI-GeoJSON FeatureCollection")
	}
	srid := 4326
	if m := suffixNum.FindStringSubmatch(fc.CRS.Properties.Name); m != nil {
		srid, _ = strconv.Atoi(m[1])
	}
	var out []*apiskriv.Vegobjekt
	for i, f := range fc.Features {
		props, err := orderedObject(f.Properties)
		if err != nil {
			return nil, fmt.Errorf("features[%d].properties: %v", i, err)
		}
		var typeID int
		g := apiskriv.Geometri{Srid: srid}
		var egs []apiskriv.Egenskap
		for _, kv := range props {
			var str string
			_ = json.Unmarshal(kv.v, &str)
			switch kv.k {
			case "objekttypenavn":
				typeID, _ = typeOf(str)
			case "PTEMA":
				if n, err := strconv.Atoi(str); err == nil {
					g.Temakode = intp(n)
				}
			case "datafangstdato":
				if len(str) >= 10 {
					g.Datafangstdato = apiskriv.Dato(str[:10])
				}
			case "kvalitet":
				var k map[string]*int
				if json.Unmarshal(kv.v, &k) == nil {
					g.Kvalitet = &apiskriv.Kvalitet{Maalemetode: k["målemetode"], MaalemetodeHoyde: k["målemetodeHøyde"],
						Noyaktighet: k["nøyaktighet"], NoyaktighetHoyde: k["nøyaktighetHøyde"], Synbarhet: k["synbarhet"]}
				}
			default:
				if id, ok := typeOf(kv.k); ok {
					if str == "" {
						str = strings.TrimSpace(string(kv.v))
					}
					egs = append(egs, egenskap(id, str))
				}
			}
		}
		if typeID == 0 {
			return nil, fmt.Errorf("features[%d]: objekttypenavn mangler eller har ikke id", i)
		}
		wkt, err := geoWKT(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("features[%d].geometry: %v", i, err)
		}
		g.Wkt = wkt
		ge, err := geometriFor(typeID, g)
		if err != nil {
			return nil, err
		}
		tempID := strings.Trim(string(f.ID), `"`)
		if tempID == "" || tempID == "null" {
			tempID = strconv.Itoa(i + 1)
		}
		out = append(out, &apiskriv.Vegobjekt{TypeID: typeID, TempID: tempID, Egenskaper: append(egs, ge)})
	}
	return out, nil
}

var suffixNum = regexp.MustCompile(`(\d+)$`)

type keyValue struct {
	k string
	v json.RawMessage
}

// orderedObject reads a JSON object's members in document order.
func orderedObject(raw json.RawMessage) ([]keyValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("ikke et objekt")
	}
	var out []keyValue
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, keyValue{k: t.(string), v: v})
	}
	return out, nil
}

func geoWKT(typ string, coords json.RawMessage) (string, error) {
	pos := func(p []float64) string {
		s := make([]string, len(p))
		for i, f := range p {
			s[i] = num(f)
		}
		return strings.Join(s, " ")
	}
	list := func(ps [][]float64) string {
		s := make([]string, len(ps))
		for i, p := range ps {
			s[i] = pos(p)
		}
		return strings.Join(s, ", ")
	}
	switch typ {
	case "Point":
		var p []float64
		if json.Unmarshal(coords, &p) != nil || len(p) < 2 {
			return "", fmt.Errorf("ugyldig Point")
		}
		return "POINT(" + pos(p) + ")", nil
	case "LineString":
		var ps [][]float64
		if json.Unmarshal(coords, &ps) != nil || len(ps) < 2 {
			return "", fmt.Errorf("ugyldig LineString")
		}
		return "LINESTRING(" + list(ps) + ")", nil
	case "Polygon":
		var rings [][][]float64
		if json.Unmarshal(coords, &rings) != nil || len(rings) == 0 {
			return "", fmt.Errorf("ugyldig Polygon")
		}
		parts := make([]string, len(rings))
		for i, r := range rings {
			parts[i] = "(" + list(r) + ")"
		}
		return "POLYGON(" + strings.Join(parts, ", ") + ")", nil
	}
	return "", fmt.Errorf("geometritypen %q støttes ikke", typ)
}

// --- SOSI-NVDB ---

var sosiObject = regexp.MustCompile(`^\.(PUNKT|KURVE|FLATE)\s+(\d+):?\s*$`)

type sosiObj struct {
	kind, nr string
	line     int
	typeID   int
	g        apiskriv.Geometri
	egs      []apiskriv.Egenskap
	coords   [][3]float64
	dims     int
}

// fromSOSI reads .PUNKT, .KURVE and .FLATE objects. The .HODE must give
// ..KOORDSYS 22 or 23 (srid 5972 or 5973) and ...VERT-DATUM NN2000;
// coordinates are ORIGO-NØ plus units of ENHET, written N E H as the
// documentation's answer shows.
func fromSOSI(body []byte) ([]*apiskriv.Vegobjekt, error) {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var (
		koordsys, vert       string
		origoN, origoE, unit = 0.0, 0.0, 1.0
		objs                 []*sosiObj
		cur                  *sosiObj
		inCoords             bool
	)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "!") {
			continue
		}
		if !strings.HasPrefix(line, ".") {
			if cur == nil || !inCoords {
				return nil, fmt.Errorf("linje %d: koordinater utenfor et objekt", n)
			}
			f := strings.Fields(line)
			if len(f) < 2 {
				return nil, fmt.Errorf("linje %d: ugyldig koordinat", n)
			}
			var c [3]float64
			for i := 0; i < len(f) && i < cur.dims; i++ {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					return nil, fmt.Errorf("linje %d: ugyldig koordinat", n)
				}
				c[i] = v
			}
			cur.coords = append(cur.coords, c)
			continue
		}
		inCoords = false
		key, val, _ := strings.Cut(line, " ")
		val = strings.TrimSpace(val)
		if m := sosiObject.FindStringSubmatch(line); m != nil {
			cur = &sosiObj{kind: m[1], nr: m[2], line: n}
			objs = append(objs, cur)
			continue
		}
		switch key {
		case "...KOORDSYS", "..KOORDSYS":
			koordsys = val
		case "...VERT-DATUM", "..VERT-DATUM":
			vert = val
		case "...ENHET", "..ENHET":
			unit, _ = strconv.ParseFloat(val, 64)
		case "...ORIGO-NØ", "..ORIGO-NØ":
			f := strings.Fields(val)
			if len(f) == 2 {
				origoN, _ = strconv.ParseFloat(f[0], 64)
				origoE, _ = strconv.ParseFloat(f[1], 64)
			}
		case ".SLUTT":
			cur = nil
		case "..OBJTYPE":
			if cur != nil {
				cur.typeID, _ = typeOf(val)
			}
		case "..PTEMA":
			if cur != nil {
				if t, err := strconv.Atoi(val); err == nil {
					cur.g.Temakode = intp(t)
				}
			}
		case "..DATAFANGSTDATO":
			if cur != nil && len(val) == 8 {
				cur.g.Datafangstdato = apiskriv.Dato(val[:4] + "-" + val[4:6] + "-" + val[6:])
			}
		case "..KVALITET":
			if cur != nil {
				var k [5]*int
				for i, f := range strings.Fields(val) {
					if t, err := strconv.Atoi(f); err == nil && i < 5 {
						k[i] = intp(t)
					}
				}
				cur.g.Kvalitet = &apiskriv.Kvalitet{Maalemetode: k[0], Noyaktighet: k[1], Synbarhet: k[2], MaalemetodeHoyde: k[3], NoyaktighetHoyde: k[4]}
			}
		case "..NØ", "..NØH":
			if cur != nil {
				inCoords, cur.dims = true, 2
				if key == "..NØH" {
					cur.dims = 3
				}
			}
		default:
			if cur != nil && strings.HasPrefix(key, "..") {
				if id, ok := typeOf(strings.TrimPrefix(key, "..")); ok {
					cur.egs = append(cur.egs, egenskap(id, val))
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("kan ikke lese SOSI-dokumentet: %v", err)
	}
	srid := map[string]int{"22": 5972, "23": 5973}[koordsys]
	switch {
	case srid == 0:
		return nil, fmt.Errorf("KOORDSYS må være 22 (UTM32) eller 23 (UTM33), ikke %q", koordsys)
	case vert != "NN2000":
		return nil, fmt.Errorf("VERT-DATUM må være NN2000, ikke %q", vert)
	}
	r := func(f float64) string { return num(math.Round(f*1e6) / 1e6) }
	var out []*apiskriv.Vegobjekt
	for _, o := range objs {
		if o.typeID == 0 {
			return nil, fmt.Errorf(".%s %s: OBJTYPE mangler eller har ikke id", o.kind, o.nr)
		}
		if len(o.coords) == 0 {
			return nil, fmt.Errorf(".%s %s: koordinater mangler", o.kind, o.nr)
		}
		pts := make([]string, len(o.coords))
		for i, c := range o.coords {
			p := []string{r(origoN + c[0]*unit), r(origoE + c[1]*unit)}
			if o.dims == 3 {
				p = append(p, r(c[2]*unit))
			}
			pts[i] = strings.Join(p, " ")
		}
		g := o.g
		g.Srid = srid
		switch o.kind {
		case "PUNKT":
			g.Wkt = "POINT(" + pts[0] + ")"
		case "KURVE":
			g.Wkt = "LINESTRING(" + strings.Join(pts, ", ") + ")"
		case "FLATE":
			if pts[0] != pts[len(pts)-1] {
				pts = append(pts, pts[0])
			}
			g.Wkt = "POLYGON((" + strings.Join(pts, ", ") + "))"
		}
		ge, err := geometriFor(o.typeID, g)
		if err != nil {
			return nil, err
		}
		out = append(out, &apiskriv.Vegobjekt{TypeID: o.typeID, TempID: fmt.Sprintf("%s_%s_%d", o.kind, o.nr, o.line), Egenskaper: append(o.egs, ge)})
	}
	return out, nil
}
