package nvdbtest

import (
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/vegdata/go-vegdata/nvdb"
)

// Names and organisation numbers of the fylker and kommuner the data lies in.
var (
	fylkeNavn = map[int]string{3: "Oslo", 11: "Rogaland", 15: "Møre og Romsdal", 18: "Nordland", 31: "Østfold", 32: "Akershus",
		33: "Buskerud", 34: "Innlandet", 39: "Vestfold", 40: "Telemark", 42: "Agder", 46: "Vestland", 50: "Trøndelag", 55: "Troms", 56: "Finnmark"}
	fylkeOrg    = map[int]int{3: 958935420, 11: 971045698, 18: 964982953, 33: 921693230, 42: 921707134, 46: 821311632, 50: 817920632, 55: 922420866}
	kommuneNavn = map[int]string{301: "Oslo", 1103: "Stavanger", 1122: "Gjesdal", 1804: "Bodø", 1845: "Sørfold", 3301: "Drammen",
		4204: "Kristiansand", 4601: "Bergen", 4638: "Høyanger", 4639: "Vik", 4647: "Sunnfjord", 5001: "Trondheim", 5501: "Tromsø"}
	kommuneOrg = map[int]int{301: 958935420, 1103: 964965226, 1122: 964965137, 1804: 972418013, 1845: 972417971, 3301: 921234554,
		4204: 963296746, 4601: 964338531, 4638: 964968519, 4639: 964968713, 4647: 921475934, 5001: 942110464, 5501: 940101808}
)

// kommuneName is the name of kommune nr (those of 2024 under
// WithSpreadKommuner).
func kommuneName(nr int) string {
	if n, ok := kommuneNavn[nr]; ok {
		return n
	}
	if i := indexOfKommune(nr); i < len(norgeKommuner) && norgeKommuner[i].nr == nr {
		return norgeKommuner[i].navn
	}
	return ""
}

// omrader is the fake's area data, derived from the objects it serves.
type omrader struct {
	fylker    []int
	kommuner  []int
	fylkeOf   map[int]int
	box       map[int][4]float64 // kommune or -fylke → minX, minY, maxX, maxY (UTM33)
	kontrakt  []nvdb.KontraktsomradeInfo
	riksveg   []nvdb.RiksvegruteInfo
	forvalter []nvdb.VegforvalterInfo
	adresser  []nvdb.AdresseInfo
}

type areaSet struct{ fylker, kommuner map[int]bool }

func (a *areaSet) add(l *nvdb.Lokasjon) {
	if a.fylker == nil {
		a.fylker, a.kommuner = map[int]bool{}, map[int]bool{}
	}
	for _, f := range l.Fylker {
		a.fylker[f] = true
	}
	for _, k := range l.Kommuner {
		a.kommuner[k] = true
	}
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func newOmrader(d *store) *omrader {
	o := &omrader{fylkeOf: map[int]int{}, box: map[int][4]float64{}}
	grow := func(key int, minX, minY, maxX, maxY float64) {
		b, ok := o.box[key]
		if !ok {
			b = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		}
		o.box[key] = [4]float64{math.Min(b[0], minX), math.Min(b[1], minY), math.Max(b[2], maxX), math.Max(b[3], maxY)}
	}
	kontrakter, ruter, forvaltere := map[int64]*nvdb.Kontraktsomrade{}, map[int]string{}, map[int]string{}
	kArea, rArea, fArea := map[int64]*areaSet{}, map[int]*areaSet{}, map[int]*areaSet{}
	var oslo []int64
	for _, typ := range d.typeIDs() {
		set := d.sets[typ]
		if g := set.gen; g != nil {
			// Every kommune an object lists holds the object's box: the
			// one it was generated in and the one it crosses into.
			for c, cl := range g.stats.classes {
				if cl.n == 0 {
					continue
				}
				a, b := g.classPlaces(c)
				box := g.placeBox(a)
				for _, k := range []*genKommune{&a, b} {
					if k != nil {
						o.fylkeOf[k.nr] = k.fylke
						grow(k.nr, box[0], box[1], box[2], box[3])
						grow(-k.fylke, box[0], box[1], box[2], box[3])
					}
				}
			}
			continue
		}
		for _, r := range set.recs {
			ob := r.current()
			l := ob.Lokasjon
			if l == nil {
				continue
			}
			for i, k := range l.Kommuner {
				if i < len(l.Fylker) {
					o.fylkeOf[k] = l.Fylker[i]
				}
				if l.Geometri != nil {
					if x0, y0, x1, y1, ok := bbox(l.Geometri.WKT); ok {
						grow(k, x0, y0, x1, y1)
						grow(-o.fylkeOf[k], x0, y0, x1, y1)
					}
				}
			}
			if typ == 105 && len(l.Kommuner) == 1 && l.Kommuner[0] == 301 {
				oslo = append(oslo, ob.ID)
			}
			for _, k := range l.Kontraktsomrader {
				kk := k
				kontrakter[k.ID] = &kk
				if kArea[k.ID] == nil {
					kArea[k.ID] = &areaSet{}
				}
				kArea[k.ID].add(l)
			}
			for _, rv := range l.Riksvegruter {
				ruter[rv.EnumID] = rv.Riksvegrute
				if rArea[rv.EnumID] == nil {
					rArea[rv.EnumID] = &areaSet{}
				}
				rArea[rv.EnumID].add(l)
			}
			for _, f := range l.Vegforvaltere {
				forvaltere[f.EnumID] = f.Vegforvalter
				if fArea[f.EnumID] == nil {
					fArea[f.EnumID] = &areaSet{}
				}
				fArea[f.EnumID].add(l)
			}
		}
	}
	fs := map[int]bool{}
	for k, f := range o.fylkeOf {
		o.kommuner = append(o.kommuner, k)
		fs[f] = true
	}
	sort.Ints(o.kommuner)
	o.fylker = sortedKeys(fs)
	for id, k := range kontrakter {
		nr := k.Nummer
		o.kontrakt = append(o.kontrakt, nvdb.KontraktsomradeInfo{ID: id, Navn: k.Navn, Nummer: &nr, Type: "Driftskontrakt, veg",
			Fylker: sortedKeys(kArea[id].fylker), Kommuner: sortedKeys(kArea[id].kommuner)})
	}
	sort.Slice(o.kontrakt, func(a, b int) bool { return o.kontrakt[a].ID < o.kontrakt[b].ID })
	for id, n := range ruter {
		o.riksveg = append(o.riksveg, nvdb.RiksvegruteInfo{EnumID: id, Riksvegrute: n, Fylker: sortedKeys(rArea[id].fylker), Kommuner: sortedKeys(rArea[id].kommuner)})
	}
	sort.Slice(o.riksveg, func(a, b int) bool { return o.riksveg[a].EnumID < o.riksveg[b].EnumID })
	for id, n := range forvaltere {
		o.forvalter = append(o.forvalter, nvdb.VegforvalterInfo{EnumID: id, Vegforvalter: n, Fylker: sortedKeys(fArea[id].fylker), Kommuner: sortedKeys(fArea[id].kommuner)})
	}
	sort.Slice(o.forvalter, func(a, b int) bool { return o.forvalter[a].EnumID < o.forvalter[b].EnumID })
	// Streets in Oslo, each with the speed limits along it.
	streets := []struct {
		navn string
		kode int
	}{{"Bogstadveien", 10304}, {"Karl Johans gate", 13400}, {"Kirkeveien", 13800}, {"Ring 3", 19650}}
	for i, st := range streets {
		a := nvdb.AdresseInfo{Navn: st.navn, Adressekode: st.kode, Kommune: 301, Sideveg: bp(false)}
		for j := i; j < len(oslo); j += len(streets) {
			a.VegobjektIder = append(a.VegobjektIder, oslo[j])
		}
		o.adresser = append(o.adresser, a)
	}
	return o
}

func areaVegobjekt(typ int, nr int) *nvdb.OmradeVegobjekt {
	id := int64(typ)*1_000_000 + int64(nr)
	return &nvdb.OmradeVegobjekt{ID: id, Versjon: 1, Type: typ,
		Href: "https://nvdbapiles.atlas.vegvesen.no/vegobjekter/api/v4/vegobjekter/" + itoa(typ) + "/" + strconv.FormatInt(id, 10) + "/1"}
}

func (o *omrader) geometri(key, srid int) (box, centre *nvdb.OmradeGeometri) {
	b, ok := o.box[key]
	if !ok {
		return nil, nil
	}
	const pad = 500
	x0, y0, x1, y1 := math.Floor(b[0]-pad), math.Floor(b[1]-pad), math.Ceil(b[2]+pad), math.Ceil(b[3]+pad)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	poly := "POLYGON ((" + f(x0) + " " + f(y0) + ", " + f(x1) + " " + f(y0) + ", " + f(x1) + " " + f(y1) + ", " + f(x0) + " " + f(y1) + ", " + f(x0) + " " + f(y0) + "))"
	centreWKT := "POINT (" + f((x0+x1)/2) + " " + f((y0+y1)/2) + ")"
	return &nvdb.OmradeGeometri{WKT: transformWKT(poly, srid), Srid: srid}, &nvdb.OmradeGeometri{WKT: transformWKT(centreWKT, srid), Srid: srid}
}

// omrader answers /omrader/api/v4/{what}, one of the areas routes.go
// registers.
func (s *Server) omrader(w http.ResponseWriter, r *http.Request, what string) {
	q := r.URL.Query()
	var valid map[string]bool
	switch what {
	case "fylker", "kommuner":
		valid = map[string]bool{"kartutsnitt": true, "senterpunkt": true, "vegobjekt": true, "alle": true}
	case "kontraktsomrader":
		valid = map[string]bool{"vegobjekt": true, "alle": true}
	case "adresser":
		valid = map[string]bool{"vegobjekt": true, "vegobjektId": true, "alle": true}
	case "riksvegruter", "vegforvaltere":
	default:
		writeProblem(w, r, http.StatusNotFound, "Ukjent ressurs "+r.URL.Path)
		return
	}
	has := map[string]bool{}
	for _, x := range splitList(q.Get("inkluder")) {
		if !valid[x] {
			writeProblem(w, r, http.StatusBadRequest, "Ugyldig verdi for inkluder: "+x)
			return
		}
		has[x] = true
	}
	alle := has["alle"]
	srid, ok := sridOf(q.Get("srid"))
	if !ok || (q.Has("srid") && what != "fylker" && what != "kommuner") {
		writeProblem(w, r, http.StatusBadRequest, "Ugyldig srid "+strconv.Quote(q.Get("srid")))
		return
	}
	o := s.omr
	switch what {
	case "fylker":
		out := make([]nvdb.Fylke, 0, len(o.fylker))
		for _, nr := range o.fylker {
			f := nvdb.Fylke{ID: nr, Navn: fylkeNavn[nr], Nummer: nr, Organisasjonsnummer: fylkeOrg[nr]}
			box, centre := o.geometri(-nr, srid)
			if alle || has["kartutsnitt"] {
				f.Kartutsnitt = box
			}
			if alle || has["senterpunkt"] {
				f.Senterpunkt = centre
			}
			if alle || has["vegobjekt"] {
				f.Vegobjekt = areaVegobjekt(945, nr)
			}
			out = append(out, f)
		}
		s.writeCached(w, r, out)
	case "kommuner":
		out := make([]nvdb.Kommune, 0, len(o.kommuner))
		for _, nr := range o.kommuner {
			k := nvdb.Kommune{ID: nr, Navn: kommuneName(nr), Nummer: nr, Fylke: o.fylkeOf[nr], Organisasjonsnummer: kommuneOrg[nr]}
			box, centre := o.geometri(nr, srid)
			if alle || has["kartutsnitt"] {
				k.Kartutsnitt = box
			}
			if alle || has["senterpunkt"] {
				k.Senterpunkt = centre
			}
			if alle || has["vegobjekt"] {
				k.Vegobjekt = areaVegobjekt(536, nr)
			}
			out = append(out, k)
		}
		s.writeCached(w, r, out)
	case "kontraktsomrader":
		out := make([]nvdb.KontraktsomradeInfo, 0, len(o.kontrakt))
		for _, k := range o.kontrakt {
			if alle || has["vegobjekt"] {
				k.Vegobjekt = areaVegobjekt(580, int(k.ID%1_000_000))
			}
			out = append(out, k)
		}
		s.writeCached(w, r, out)
	case "riksvegruter":
		s.writeCached(w, r, o.riksveg)
	case "vegforvaltere":
		s.writeCached(w, r, o.forvalter)
	case "adresser":
		out := make([]nvdb.AdresseInfo, 0, len(o.adresser))
		for _, a := range o.adresser {
			c := a
			c.VegobjektIder, c.Vegobjekter = nil, nil
			if alle || has["vegobjektId"] {
				c.VegobjektIder = a.VegobjektIder
			}
			if alle || has["vegobjekt"] {
				for _, id := range a.VegobjektIder {
					c.Vegobjekter = append(c.Vegobjekter, nvdb.OmradeVegobjekt{ID: id, Versjon: 1, Type: 105,
						Href: "https://nvdbapiles.atlas.vegvesen.no/vegobjekter/api/v4/vegobjekter/105/" + strconv.FormatInt(id, 10) + "/1"})
				}
			}
			out = append(out, c)
		}
		s.writeCached(w, r, out)
	}
}
