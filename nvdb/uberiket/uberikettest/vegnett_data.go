package uberikettest

import (
	"math"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// The nettelement type ids of vegnett hendelser. The specification does not
// list them; the fake uses these two.
const (
	nettelementVeglenkesekvens = 1
	nettelementNode            = 2
)

// firstVegnettHendelseID is the id of the first vegnett hendelse (a
// sequence of its own).
const firstVegnettHendelseID = 90_000_001

// network is the fake's road network; it does not change.
type network struct {
	vls       []*uberiket.Veglenkesekvens // by id
	noder     []*uberiket.Node            // by id
	hendelser []*uberiket.VegnettHendelse // by id
}

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// kvalitet is how the fixtures' geometries were captured (as 41423's).
func kvalitet() *uberiket.GeometriKvalitet {
	return &uberiket.GeometriKvalitet{Malemetode: intp(20), MalemetodeHoyde: intp(-1), Noyaktighet: intp(36),
		NoyaktighetHoyde: intp(-1), Synbarhet: intp(99), MaksimaltAvvik: intp(-1), Datafangstmetode: "fot"}
}

// lineLength is the 2D length of a LINESTRING Z.
func lineLength(wkt string) float64 {
	body := wkt[strings.IndexByte(wkt, '(')+1 : strings.LastIndexByte(wkt, ')')]
	var px, py, l float64
	for i, p := range strings.Split(body, ",") {
		f := strings.Fields(p)
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		if i > 0 {
			l += math.Hypot(x-px, y-py)
		}
		px, py = x, y
	}
	return l
}

func veglenke(nummer, fra, til, kommune int, start uberiket.Dato, typeVeg uberiket.TypeVeg, detalj uberiket.Detaljniva,
	konnektering bool, wkt string, felt ...string) uberiket.Veglenke {
	if felt == nil {
		felt = []string{}
	}
	l := lineLength(wkt)
	return uberiket.Veglenke{Nummer: nummer, Gyldighetsperiode: uberiket.Gyldighetsperiode{Startdato: start},
		Konnektering: konnektering, Topologiniva: uberiket.TopologinivaVegtrase, Malemetode: uberiket.MalemetodeGeometrisk,
		Detaljniva: detalj, TypeVeg: typeVeg, Startport: fra, Sluttport: til, Kommune: kommune,
		Geometri: uberiket.Geometristruktur{WKT: wkt, Srid: 5973, Lengde: f64(l), Datafangstdato: "1993-04-24",
			Temakode: intp(7001), Kommune: intp(kommune), Kvalitet: kvalitet()},
		Lengde: l, Feltoversikt: felt}
}

func node(id int64, x, y, z float64, sist string, porter ...uberiket.Nodeport) *uberiket.Node {
	wkt := "POINT Z(" + strconv.FormatFloat(x, 'f', -1, 64) + " " + strconv.FormatFloat(y, 'f', -1, 64) + " " +
		strconv.FormatFloat(z, 'f', -1, 64) + ")"
	return &uberiket.Node{ID: id, Porter: porter, Gyldighetsperiode: uberiket.Gyldighetsperiode{Startdato: "1950-01-01"},
		Geometri: uberiket.Geometristruktur{WKT: wkt, Srid: 5973}, SistEndret: tidspunkt(sist)}
}

func nodeport(nummer int, vls int64, vlsPort int) uberiket.Nodeport {
	return uberiket.Nodeport{Nummer: nummer, VeglenkesekvensID: vls, VeglenkesekvensPortNummer: vlsPort}
}

// newNetwork builds the fixtures' road network: veglenkesekvens 1951809
// as NVDB sends it, a shortened 41423 (under 85283803) with the real nodes
// 95513 and 95522 at its ports, and the nodes at the other ports.
func newNetwork() *network {
	const ny = "2011-02-25"
	v1951809 := &uberiket.Veglenkesekvens{ID: 1951809,
		Porter: []uberiket.Veglenkesekvensport{{Nummer: 1, NodeID: 1951825, NodePortNummer: 2, Posisjon: 0}, {Nummer: 2, NodeID: 1951851, NodePortNummer: 3, Posisjon: 1}},
		Veglenker: []uberiket.Veglenke{{Nummer: 1, Gyldighetsperiode: uberiket.Gyldighetsperiode{Startdato: ny}, Konnektering: false,
			Topologiniva: uberiket.TopologinivaVegtrase, Malemetode: uberiket.MalemetodeGeometrisk, Detaljniva: uberiket.DetaljnivaVegtrase,
			TypeVeg: uberiket.TypeVegKanalisertVeg, Startport: 1, Sluttport: 2, Kommune: 301,
			Geometri: uberiket.Geometristruktur{
				WKT:  "LINESTRING Z(270882.069999695 6651693.75 165.488, 270880.606132507 6651699.7779541 165.463, 270878.069999695 6651708.06005859 165.428)",
				Srid: 5973, Lengde: f64(14.8649868632275), Datafangstdato: ny, Temakode: intp(7012), Kommune: intp(301),
				Kvalitet: &uberiket.GeometriKvalitet{Malemetode: intp(45), MalemetodeHoyde: intp(-1), Noyaktighet: intp(200),
					NoyaktighetHoyde: intp(-1), Synbarhet: intp(0), MaksimaltAvvik: intp(-1), Datafangstmetode: "dig"}},
			Lengde: 14.8649868632275, Feltoversikt: []string{"1", "2"}}},
		Lengde: f64(14.8649868632275), SistEndret: tidspunkt("2025-05-02T13:20:03.017657Z")}

	const (
		w1 = "LINESTRING Z(273299.1 7041553.5 53.335, 273298.055 7041548.974 53.567, 273294.908 7041537.633 53.338, 273292 7041529 54.335)"
		w2 = "LINESTRING Z(273292 7041529 54.335, 273285.4 7041498.7 55.535, 273303.5 7041429.3 58.335, 273443.891 7041316.782 55.18, " +
			"273562.2 7041211.9 59.936, 273650.296 7041111.8 62.24, 273738.591 7041005.679 67.36, 273823.905 7040905.219 73.837, 273842.7 7040880.7 74.3)"
	)
	l1 := veglenke(1, 1, 3, 5001, "1950-01-01", uberiket.TypeVegKanalisertVeg, uberiket.DetaljnivaVegtrase, true, w1)
	l2 := veglenke(2, 3, 2, 5001, "1950-01-01", uberiket.TypeVegEnkelBilveg, uberiket.DetaljnivaVegtraseOgKjorebane, false, w2, "1", "2")
	total := l1.Lengde + l2.Lengde
	v41423 := &uberiket.Veglenkesekvens{ID: 41423,
		Porter: []uberiket.Veglenkesekvensport{{Nummer: 1, NodeID: 95522, NodePortNummer: 3, Posisjon: 0},
			{Nummer: 2, NodeID: 95888, NodePortNummer: 2, Posisjon: 1},
			{Nummer: 3, NodeID: 95513, NodePortNummer: 3, Posisjon: math.Round(l1.Lengde/total*1e8) / 1e8}},
		Veglenker: []uberiket.Veglenke{l1, l2}, Lengde: f64(total), SistEndret: tidspunkt("2025-05-02T12:59:07.307765Z")}

	n := &network{vls: []*uberiket.Veglenkesekvens{v41423, v1951809}}
	n.noder = []*uberiket.Node{
		node(95513, 273292, 7041529, 54.335, "2025-05-02T12:58:53.456667Z",
			nodeport(1, 73587, 2), nodeport(2, 73111, 2), nodeport(3, 41423, 3)),
		node(95522, 273299.1, 7041553.5, 53.335, "2025-05-02T12:58:53.456667Z",
			nodeport(1, 72747, 7), nodeport(2, 41428, 7), nodeport(3, 41423, 1)),
		node(95888, 273842.7, 7040880.7, 74.3, "2025-05-02T12:58:53.456667Z",
			nodeport(1, 41424, 1), nodeport(2, 41423, 2)),
		node(1951825, 270882.069999695, 6651693.75, 165.488, "2025-05-02T13:20:03.017657Z",
			nodeport(1, 1951808, 2), nodeport(2, 1951809, 1)),
		node(1951851, 270878.069999695, 6651708.06005859, 165.428, "2025-05-02T13:20:03.017657Z",
			nodeport(1, 1951810, 1), nodeport(2, 1951852, 1), nodeport(3, 1951809, 2)),
	}
	id := int64(firstVegnettHendelseID)
	for _, v := range n.vls {
		n.hendelser = append(n.hendelser, &uberiket.VegnettHendelse{HendelseID: id, NettelementID: v.ID,
			NettelementType: nettelementVeglenkesekvens, Tidspunkt: importTidspunkt, HendelseType: uberiket.VeglenkesekvensOpprettet,
			Data: &uberiket.VegnettHendelseData{Type: uberiket.VeglenkesekvensOpprettet, Veglenkesekvens: &uberiket.VeglenkesekvensEndring{
				Porter: v.Porter, Veglenker: v.Veglenker, Lengde: v.Lengde, LastLengde: new(bool)}}})
		id++
	}
	for _, nd := range n.noder {
		g, p := nd.Gyldighetsperiode, nd.Geometri
		n.hendelser = append(n.hendelser, &uberiket.VegnettHendelse{HendelseID: id, NettelementID: nd.ID,
			NettelementType: nettelementNode, Tidspunkt: importTidspunkt, HendelseType: uberiket.NodeOpprettet,
			Data: &uberiket.VegnettHendelseData{Type: uberiket.NodeOpprettet, Node: &uberiket.NodeEndring{
				Porter: nd.Porter, Gyldighetsperiode: &g, Geometri: &p}}})
		id++
	}
	return n
}

// veglenker returns the links of a veglenkesekvens as the veglenker
// stream sends them: ends as nodes and positions instead of ports.
func veglenker(v *uberiket.Veglenkesekvens) []*uberiket.VeglenkeMedID {
	port := map[int]uberiket.Veglenkesekvensport{}
	for _, p := range v.Porter {
		port[p.Nummer] = p
	}
	out := make([]*uberiket.VeglenkeMedID, 0, len(v.Veglenker))
	for _, l := range v.Veglenker {
		fra, til := port[l.Startport], port[l.Sluttport]
		out = append(out, &uberiket.VeglenkeMedID{VeglenkesekvensID: v.ID, Veglenkenummer: l.Nummer,
			Gyldighetsperiode: l.Gyldighetsperiode, Konnektering: l.Konnektering, Topologiniva: l.Topologiniva,
			Maledato: l.Maledato, Malemetode: l.Malemetode, Detaljniva: l.Detaljniva, TypeVeg: l.TypeVeg,
			Superstedfesting: l.Superstedfesting, Startnode: fra.NodeID, Sluttnode: til.NodeID,
			Startposisjon: fra.Posisjon, Sluttposisjon: til.Posisjon, Kommune: l.Kommune, Geometri: l.Geometri,
			Lengde: l.Lengde, Feltoversikt: l.Feltoversikt})
	}
	return out
}
