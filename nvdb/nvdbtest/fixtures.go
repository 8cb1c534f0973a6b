package nvdbtest

import (
	"math"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

func itoa(i int) string { return strconv.Itoa(i) }

var (
	enhetMeter  = &nvdb.Enhet{ID: 1, Navn: "Meter", Kortnavn: "m"}
	enhetKmh    = &nvdb.Enhet{ID: 7, Navn: "Kilometer/time", Kortnavn: "km/h"}
	enhetStk    = &nvdb.Enhet{ID: 12, Navn: "Stykker", Kortnavn: "stk"}
	enhetKroner = &nvdb.Enhet{ID: 19, Navn: "Kroner", Kortnavn: "Kr"}
	enhetMinutt = &nvdb.Enhet{ID: 35, Navn: "Minutt", Kortnavn: "min"}
)

func eg(id int, navn string, t nvdb.Egenskapstype, v nvdb.Verdi) nvdb.Egenskap {
	return nvdb.Egenskap{ID: id, Navn: navn, Egenskapstype: t, Verdi: v}
}

func tekst(id int, navn, s string) nvdb.Egenskap {
	return eg(id, navn, nvdb.EgenskapstypeTekst, nvdb.StringVerdi(s))
}

func tekstenum(id int, navn, s string, enumID int) nvdb.Egenskap {
	e := eg(id, navn, nvdb.EgenskapstypeTekstenum, nvdb.StringVerdi(s))
	e.EnumID = enumID
	return e
}

func heltall(id int, navn string, v int64, enh *nvdb.Enhet) nvdb.Egenskap {
	e := eg(id, navn, nvdb.EgenskapstypeHeltall, nvdb.IntVerdi(v))
	e.Enhet = enh
	return e
}

func flyttall(id int, navn string, v float64, enh *nvdb.Enhet) nvdb.Egenskap {
	e := eg(id, navn, nvdb.EgenskapstypeFlyttall, nvdb.FloatVerdi(v))
	e.Enhet = enh
	return e
}

func heltallenum(id int, navn string, v int64, enumID int, enh *nvdb.Enhet) nvdb.Egenskap {
	e := eg(id, navn, nvdb.EgenskapstypeHeltallenum, nvdb.IntVerdi(v))
	e.EnumID, e.Enhet = enumID, enh
	return e
}

func dato(id int, navn, s string) nvdb.Egenskap {
	return eg(id, navn, nvdb.EgenskapstypeDato, nvdb.StringVerdi(s))
}

func tid(id int, navn, s string) nvdb.Egenskap {
	return eg(id, navn, nvdb.EgenskapstypeTid, nvdb.StringVerdi(s))
}

func kortdato(id int, navn, s string) nvdb.Egenskap {
	return eg(id, navn, nvdb.EgenskapstypeKortdato, nvdb.StringVerdi(s))
}

func boolsk(id int, navn string, b bool) nvdb.Egenskap {
	return eg(id, navn, nvdb.EgenskapstypeBoolsk, nvdb.BoolVerdi(b))
}

func geomEgenskap(id int, navn, wkt string, kommune int) nvdb.Egenskap {
	e := eg(id, navn, nvdb.EgenskapstypeGeometri, nvdb.StringVerdi(wkt))
	e.Srid = 5973
	e.Kommune = kommune
	e.Datafangstdato = "2019-06-12"
	n := 50
	e.Kvalitet = &nvdb.GeometriKvalitet{Datafangstmetode: "gen", Noyaktighet: &n}
	e.Medium = "T"
	return e
}

// lineLength is the 2D length of the first ring of a WKT.
func lineLength(wkt string) float64 {
	pts := parseLine(wkt)
	l := 0.0
	for i := 1; i < len(pts); i++ {
		l += math.Hypot(pts[i].x-pts[i-1].x, pts[i].y-pts[i-1].y)
	}
	return math.Round(l*1000) / 1000
}

// fx describes a fixture object compactly.
type fx struct {
	typ        int
	id         int64
	ver        int
	start      string
	slutt      string
	mod        string    // sist_modifisert, RFC 3339
	modTime    time.Time // sist_modifisert, when not given as mod
	eg         []nvdb.Egenskap
	kommune    int
	fylke      int
	kat, fase  string // vegkategori and fase
	vegnr      int
	strekning  int
	delstr     int
	meter      [2]float64 // fra, til (til 0 for a point)
	vlsid      int64      // veglenkesekvens
	pos        [2]float64 // startposisjon, sluttposisjon (slutt < 0 for a point)
	wkt        string
	foreldre   []nvdb.Relasjon
	barn       []nvdb.Relasjon
	kontrakter []nvdb.Kontraktsomrade
	riksveg    []nvdb.Riksvegrute
	typeVeg    string  // typeVeg_sosi of the road
	lengde     float64 // length of the line, when already known
}

var typeVegNavn = map[string]string{"enkelBilveg": "Enkel bilveg", "kanalisertVeg": "Kanalisert veg", "rampe": "Rampe", "rundkjøring": "Rundkjøring", "gangOgSykkelveg": "Gang- og sykkelveg"}

func vegforvalter(kat string, fylke int) nvdb.Vegforvalter {
	switch kat {
	case "E", "R":
		return nvdb.Vegforvalter{EnumID: 21771, Vegforvalter: "Statens vegvesen"}
	case "F":
		return nvdb.Vegforvalter{EnumID: 21700 + fylke, Vegforvalter: "Fylkeskommune " + itoa(fylke)}
	}
	return nvdb.Vegforvalter{EnumID: 21900, Vegforvalter: "Kommune"}
}

// mkParts is the memory of one object mk builds, in one allocation
// rather than some thirty: generated sets build an object whenever one is
// asked for. The slices are the arrays here, of length and capacity one,
// as literals would be; the Vegsystemreferanse the Vegsegment points to is
// a copy of the Lokasjon's, as before.
type mkParts struct {
	o                                                            nvdb.Vegobjekt
	meta                                                         nvdb.Metadata
	geo                                                          nvdb.UtledetGeometri
	lok                                                          nvdb.Lokasjon
	lokGeo                                                       nvdb.Geometri
	strek                                                        nvdb.Strekning
	vs                                                           nvdb.Vegsystem
	vsr                                                          nvdb.Vegsystemreferanse
	rel                                                          nvdb.Relasjoner
	kommuner, fylker                                             [1]int
	segForvaltere                                                [1]int
	forvaltere                                                   [1]nvdb.Vegforvalter
	vsrs                                                         [1]nvdb.Vegsystemreferanse
	steder                                                       [1]nvdb.Stedfesting
	segs                                                         [1]nvdb.Vegsegment
	lengde, meter0, meter1, segPos0, segPos1, stedPos0, stedPos1 float64
}

func mk(f fx) *nvdb.Vegobjekt {
	mod := f.modTime
	if mod.IsZero() {
		mod, _ = time.Parse(time.RFC3339, f.mod)
	}
	p := &mkParts{}
	o := &p.o
	p.meta = nvdb.Metadata{
		Type: nvdb.VegobjekttypeRef{ID: f.typ, Navn: typeName(f.typ)}, Versjon: f.ver,
		Startdato: nvdb.Dato(f.start), Sluttdato: nvdb.Dato(f.slutt), SistModifisert: mod.UTC(),
	}
	o.ID, o.Metadata, o.Egenskaper = f.id, &p.meta, f.eg
	point := f.pos[1] < 0
	lengde := f.lengde
	if !point && lengde == 0 {
		lengde = lineLength(f.wkt)
	}
	p.geo = nvdb.UtledetGeometri{WKT: f.wkt, Srid: 5973}
	o.Geometri = &p.geo
	if !point {
		p.lengde = lengde
		o.Geometri.Lengde = &p.lengde
	}
	p.strek = nvdb.Strekning{Strekning: f.strekning, Delstrekning: f.delstr, AdskilteLop: "Nei", Trafikantgruppe: "K", Retning: "MED"}
	strek := &p.strek
	var kort, stedKort string
	p.vs = nvdb.Vegsystem{Vegkategori: f.kat, Fase: f.fase, Nummer: f.vegnr}
	// "EV39 S30D1 m1405-1600" and "0.25-0.75@319531", each written in
	// one allocation (generated objects build them all the time).
	var kb, sb [48]byte
	b := append(append(kb[:0], f.kat...), f.fase...)
	b = strconv.AppendInt(b, int64(f.vegnr), 10)
	b = strconv.AppendInt(append(b, " S"...), int64(f.strekning), 10)
	b = strconv.AppendInt(append(b, 'D'), int64(f.delstr), 10)
	b = strconv.AppendInt(append(b, " m"...), int64(int(f.meter[0])), 10)
	s := strconv.AppendFloat(sb[:0], f.pos[0], 'f', -1, 64)
	if point {
		p.meter0 = f.meter[0]
		strek.Meter = &p.meter0
	} else {
		p.meter0, p.meter1 = f.meter[0], f.meter[1]
		strek.FraMeter, strek.TilMeter = &p.meter0, &p.meter1
		b = strconv.AppendInt(append(b, '-'), int64(int(f.meter[1])), 10)
		s = strconv.AppendFloat(append(s, '-'), f.pos[1], 'f', -1, 64)
	}
	kort = string(b)
	stedKort = string(strconv.AppendInt(append(s, '@'), f.vlsid, 10))
	p.vsr = nvdb.Vegsystemreferanse{Vegsystem: &p.vs, Strekning: strek, Kortform: kort}
	sted := nvdb.Stedfesting{Type: "Linje", Veglenkesekvensid: f.vlsid, Retning: "MED", Kortform: stedKort}
	if point {
		sted.Type = "Punkt"
		p.stedPos0 = f.pos[0]
		sted.RelativPosisjon = &p.stedPos0
	} else {
		p.stedPos0, p.stedPos1 = f.pos[0], f.pos[1]
		sted.Startposisjon, sted.Sluttposisjon = &p.stedPos0, &p.stedPos1
	}
	p.kommuner[0], p.fylker[0] = f.kommune, f.fylke
	p.forvaltere[0] = vegforvalter(f.kat, f.fylke)
	p.vsrs[0] = p.vsr
	p.steder[0] = sted
	p.lokGeo = nvdb.Geometri{WKT: f.wkt, Srid: 5973}
	p.lok = nvdb.Lokasjon{
		Kommuner: p.kommuner[:], Fylker: p.fylker[:],
		Kontraktsomrader:    f.kontrakter,
		Riksvegruter:        f.riksveg,
		Vegforvaltere:       p.forvaltere[:],
		Vegsystemreferanser: p.vsrs[:],
		Stedfestinger:       p.steder[:],
		Geometri:            &p.lokGeo,
		Lengde:              lengde,
	}
	o.Lokasjon = &p.lok
	if len(f.foreldre) > 0 || len(f.barn) > 0 {
		p.rel = nvdb.Relasjoner{Foreldre: f.foreldre, Barn: f.barn}
	}
	o.Relasjoner = &p.rel
	tv := f.typeVeg
	if tv == "" {
		tv = "enkelBilveg"
	}
	seg := nvdb.Vegsegment{
		Veglenkesekvensid: f.vlsid, Retning: "MED", VeglenkeType: "HOVED", Detaljniva: "Vegtrase og kjørebane",
		TypeVeg: typeVegNavn[tv], TypeVegSosi: tv, Startdato: nvdb.Dato(f.start), Sluttdato: nvdb.Dato(f.slutt),
		Geometri: nvdb.Geometri{WKT: f.wkt, Srid: 5973}, Kommune: f.kommune, Fylke: f.fylke,
		Vegsystemreferanse: &p.vsr, Lengde: lengde,
	}
	if point {
		p.segPos0 = f.pos[0]
		seg.RelativPosisjon = &p.segPos0
	} else {
		p.segPos0, p.segPos1 = f.pos[0], f.pos[1]
		seg.Startposisjon, seg.Sluttposisjon = &p.segPos0, &p.segPos1
	}
	for _, k := range f.kontrakter {
		seg.Kontraktsomrader = append(seg.Kontraktsomrader, k.ID)
	}
	for _, r := range f.riksveg {
		seg.Riksvegruter = append(seg.Riksvegruter, r.EnumID)
	}
	p.segForvaltere[0] = p.forvaltere[0].EnumID
	seg.Vegforvaltere = p.segForvaltere[:]
	p.segs[0] = seg
	o.Vegsegmenter = p.segs[:]
	return o
}

func ids(r nvdb.Relasjon, v ...int64) nvdb.Relasjon {
	r.Relasjonstype = nvdb.RelasjonstypeVegobjektIder
	r.VegobjektIder = v
	return r
}

func rel(id, typ int, v ...int64) nvdb.Relasjon {
	return ids(nvdb.Relasjon{ID: id, Type: nvdb.VegobjekttypeRef{ID: typ, Navn: typeName(typ)}}, v...)
}

// The speed limit enum ids of egenskapstype 2021 (Fartsgrense).
var fartsgrenseEnum = map[int]int{5: 19885, 20: 11576, 30: 2726, 40: 2728, 50: 2730, 60: 2732, 70: 2735, 80: 2738, 90: 2741, 100: 5087, 110: 9721, 120: 19642}

func fartsgrense(kmh int) nvdb.Egenskap {
	return heltallenum(2021, "Fartsgrense", int64(kmh), fartsgrenseEnum[kmh], enhetKmh)
}

func line(x, y, dx, dy float64, n int, z float64) string {
	b := make([]byte, 0, 16+n*34)
	b = append(b, "LINESTRING Z ("...)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		// a gentle curve so simplification has work to do
		bend := lineBend(i)
		b = appendFixed3(b, x+dx*float64(i)+bend)
		b = append(b, ' ')
		b = appendFixed3(b, y+dy*float64(i)-bend)
		b = append(b, ' ')
		b = appendFixed3(b, z+float64(i)*0.4)
	}
	return string(append(b, ')'))
}

// lineBends are the bends of the first points of a line, worked out
// once: every generated object's line has eight.
var lineBends = func() (b [16]float64) {
	for i := range b {
		b[i] = 6 * math.Sin(float64(i)*0.9)
	}
	return b
}()

func lineBend(i int) float64 {
	if i < len(lineBends) {
		return lineBends[i]
	}
	return 6 * math.Sin(float64(i)*0.9)
}

// appendFixed3 appends v with three decimals, byte for byte as
// strconv.AppendFloat(b, v, 'f', 3, 64) does, in a fraction of its time
// (every generated object's line is written this way when it is built).
// v*1000 rounded is the right decimal unless the product lies near a half,
// where its own rounding error could tip it, or rounds to a negative zero;
// those go to strconv.
func appendFixed3(b []byte, v float64) []byte {
	s := v * 1000
	if math.Abs(s) < 1<<36 { // the product's error is below 2^-16
		r := math.Round(s)
		if math.Abs(s-r) < 0.5-1e-4 && !(r == 0 && math.Signbit(v)) {
			m := int64(r)
			if m < 0 {
				b = append(b, '-')
				m = -m
			}
			b = strconv.AppendInt(b, m/1000, 10)
			return append(b, '.', byte('0'+m/100%10), byte('0'+m/10%10), byte('0'+m%10))
		}
	}
	return strconv.AppendFloat(b, v, 'f', 3, 64)
}

func point(x, y, z float64) string {
	return "POINT Z (" + strconv.FormatFloat(x, 'f', 3, 64) + " " + strconv.FormatFloat(y, 'f', 3, 64) + " " + strconv.FormatFloat(z, 'f', 3, 64) + ")"
}

var kontraktBergen = nvdb.Kontraktsomrade{ID: 11111260, Nummer: 1260, Navn: "1260 Hordaland vest 2016-2022"}

// buildFixtures returns the hand-made objects, all versions, by type.
func buildFixtures() map[int][]*nvdb.Vegobjekt {
	out := map[int][]*nvdb.Vegobjekt{}
	add := func(f fx) { out[f.typ] = append(out[f.typ], mk(f)) }

	// 45 Bomstasjon
	add(fx{typ: 45, id: 79632559, ver: 6, start: "2015-11-19", mod: "2024-03-01T08:12:40Z", kommune: 1103, fylke: 11, kat: "E", fase: "V", vegnr: 39, strekning: 30, delstr: 1, meter: [2]float64{1405}, vlsid: 319531, pos: [2]float64{0.37, -1},
		wkt: point(-34211.402, 6569188.91, 12.4), riksveg: []nvdb.Riksvegrute{{EnumID: 20290, Riksvegrute: "RUTE4A"}},
		eg: []nvdb.Egenskap{tekst(1078, "Navn bomstasjon", "Madlaveien"), heltall(1819, "Takst stor bil", 96, enhetKroner), heltall(1820, "Takst liten bil", 32, enhetKroner),
			tekstenum(9390, "Bomstasjonstype", "AutoPASS + automatisk", 13133), tekstenum(9409, "Tidsdifferensiert takst", "Nei", 13256),
			tekstenum(9412, "Timesregel", "Ja", 13257), heltall(9413, "Vedtatt til år", 2030, nil), tekstenum(9414, "Innkrevningsretning", "Begge retninger", 13261),
			heltall(9595, "Bomstasjon_Id", 12, nil), heltall(9596, "Bompengeanlegg_Id", 41, nil), tekst(10714, "Navn bompengeanlegg (fra CS)", "Ferde AS - Nord-Jæren")}})
	add(fx{typ: 45, id: 79786595, ver: 9, start: "2014-12-05", mod: "2023-09-26T02:00:06Z", kommune: 1122, fylke: 11, kat: "F", fase: "V", vegnr: 45, strekning: 1, delstr: 1, meter: [2]float64{10305}, vlsid: 320617, pos: [2]float64{0.16417875, -1},
		wkt: point(8106.681, 6552587.839, 380.733),
		eg: []nvdb.Egenskap{tekst(1078, "Navn bomstasjon", "Øvstabø"), heltall(1819, "Takst stor bil", 85, enhetKroner), heltall(1820, "Takst liten bil", 48, enhetKroner),
			tekstenum(9390, "Bomstasjonstype", "AutoPASS + automatisk", 13133), tekstenum(9404, "Gratis gjennomkjøring ved HC-brikke", "Nei", 13254),
			tekstenum(9409, "Tidsdifferensiert takst", "Nei", 13256), tekstenum(9412, "Timesregel", "Ikke timesregel", 13258),
			tekstenum(9414, "Innkrevningsretning", "Begge retninger", 13261), heltall(9595, "Bomstasjon_Id", 1, nil), heltall(9596, "Bompengeanlegg_Id", 4, nil),
			tekst(10714, "Navn bompengeanlegg (fra CS)", "Ferde AS - Fv. 45 Gjesdal"), tekst(10715, "Link til bomstasjon", "www.gjesdalbompengeselskap.no")}})
	for v := 7; v <= 8; v++ { // two versions of Sandviken, the older one closed
		f := fx{typ: 45, id: 82443541, ver: v, start: "2017-03-30", mod: "2022-06-06T10:23:41Z", kommune: 4601, fylke: 46, kat: "E", fase: "V", vegnr: 39, strekning: 19, delstr: 1, meter: [2]float64{10040}, vlsid: 805617, pos: [2]float64{0.00836412, -1},
			wkt: point(-32178.727, 6737228.442, 31.796), kontrakter: []nvdb.Kontraktsomrade{kontraktBergen}, riksveg: []nvdb.Riksvegrute{{EnumID: 20290, Riksvegrute: "RUTE4A"}},
			eg: []nvdb.Egenskap{tekst(1078, "Navn bomstasjon", "Sandviken"), heltall(1819, "Takst stor bil", 118, enhetKroner), heltall(1820, "Takst liten bil", 29, enhetKroner),
				tekstenum(9390, "Bomstasjonstype", "AutoPASS + automatisk", 13133),
				tid(9405, "Rushtid ettermiddag, fra", "14:30"), tid(9406, "Rushtid ettermiddag, til", "16:29"), tid(9407, "Rushtid morgen, fra", "06:30"), tid(9408, "Rushtid morgen, til", "08:59"),
				tekstenum(9409, "Tidsdifferensiert takst", "Ja", 13255), heltall(9410, "Rushtidstakst liten bil", 54, enhetKroner), heltall(9411, "Rushtidstakst stor bil", 118, enhetKroner),
				tekstenum(9412, "Timesregel", "Standard timesregel", 13257), tekstenum(9414, "Innkrevningsretning", "Med metrering", 13259),
				heltall(9595, "Bomstasjon_Id", 1, nil), heltall(9596, "Bompengeanlegg_Id", 24, nil), tekst(10714, "Navn bompengeanlegg (fra CS)", "Bergen Bompengeselskap AS"),
				tekst(10715, "Link til bomstasjon", "www.bomringenbergen.no"), heltall(10951, "Timesregel, passeringsgruppe", 240016, nil), heltall(10952, "Timesregel, varighet", 60, enhetMinutt)}}
		if v == 7 {
			f.slutt, f.mod = "2019-01-01", "2019-01-02T01:00:00Z"
			f.eg = append([]nvdb.Egenskap(nil), f.eg...)
			f.eg[1] = heltall(1819, "Takst stor bil", 67, enhetKroner)
		} else {
			f.start = "2019-01-01"
		}
		add(f)
	}
	add(fx{typ: 45, id: 1013526183, ver: 1, start: "2023-01-01", mod: "2024-11-30T12:00:00Z", kommune: 301, fylke: 3, kat: "K", fase: "V", vegnr: 1072, strekning: 1, delstr: 1, meter: [2]float64{412}, vlsid: 443322, pos: [2]float64{0.55, -1},
		wkt: point(261233.5, 6650410.2, 62.1),
		eg: []nvdb.Egenskap{tekst(1078, "Navn bomstasjon", "Hammersborg"), heltall(1819, "Takst stor bil", 120, enhetKroner), heltall(1820, "Takst liten bil", 39, enhetKroner),
			tekstenum(9390, "Bomstasjonstype", "AutoPASS + automatisk", 13133), tekstenum(9409, "Tidsdifferensiert takst", "Ja", 13255),
			kortdato(11278, "Gyldig fra, sesong", "01-01"), boolsk(12411, "Nullutslippsfritak", false),
			flyttall(12412, "Rabatt elbil", 12.5, nil), geomEgenskap(12413, "Geometri, punkt", point(261233.5, 6650410.2, 62.1), 301),
			tekstenum(9414, "Innkrevningsretning", "Begge retninger", 13261), tekst(10714, "Navn bompengeanlegg (fra CS)", "Fjellinjen AS")}})

	// 581 Tunnel and 67 Tunnelløp
	add(fx{typ: 581, id: 79608124, ver: 3, start: "2012-05-10", mod: "2024-02-14T09:41:02Z", kommune: 4639, fylke: 46, kat: "F", fase: "V", vegnr: 13, strekning: 20, delstr: 1, meter: [2]float64{4120}, vlsid: 41640, pos: [2]float64{0.83, -1},
		wkt: point(59873.412, 6801344.215, 88.2),
		eg: []nvdb.Egenskap{heltall(8945, "Lengde, skiltet", 120, enhetMeter), heltall(8150, "Sum lengde alle løp", 120, enhetMeter), tekst(5225, "Navn", "Vikatunnelen"),
			heltallenum(3947, "Antall parallelle hovedløp", 1, 5011, enhetStk), heltall(10383, "Åpningsår", 1992, nil), tekstenum(9517, "Undersjøisk", "Nei", 13433)},
		barn: []nvdb.Relasjon{rel(200710, 67, 79608125)}})
	add(fx{typ: 67, id: 79608125, ver: 2, start: "2012-05-10", mod: "2024-02-14T09:41:02Z", kommune: 4639, fylke: 46, kat: "F", fase: "V", vegnr: 13, strekning: 20, delstr: 1, meter: [2]float64{4060, 4180}, vlsid: 41640, pos: [2]float64{0.83, 0.97},
		wkt: line(59820, 6801310, 12, 8, 11, 85), eg: []nvdb.Egenskap{heltall(1317, "Lengde", 120, enhetMeter), tekstenum(1130, "Type tunnelløp", "Berg", 3386), heltall(8356, "Åpningsår", 1992, nil)},
		foreldre: []nvdb.Relasjon{rel(220710, 581, 79608124)}})
	add(fx{typ: 581, id: 78728489, ver: 4, start: "2014-02-21", mod: "2023-11-21T15:07:07Z", kommune: 4638, fylke: 46, kat: "E", fase: "V", vegnr: 39, strekning: 65, delstr: 1, meter: [2]float64{20324}, vlsid: 384020, pos: [2]float64{0.86445343, -1},
		wkt: point(5164.81, 6817661.879, 21.562), riksveg: []nvdb.Riksvegrute{{EnumID: 20290, Riksvegrute: "RUTE4A"}},
		eg: []nvdb.Egenskap{tekst(3913, "Merknad syklende", "Omkøyring utenom tunnelen"), tekstenum(3915, "Kabler seksjonert", "Ja", 4922),
			heltallenum(3947, "Antall parallelle hovedløp", 1, 5011, enhetStk), tekst(5225, "Navn", "Bogstunnelen"), heltall(8150, "Sum lengde alle løp", 2489, enhetMeter),
			heltall(8945, "Lengde, offisiell", 3482, enhetMeter), tekstenum(9131, "Restriksjonsklasse", "a", 12167), dato(9507, "Særskilt brannobjekt fra tidspunkt", "2014-09-01"),
			tekstenum(9517, "Undersjøisk", "Nei", 13433), tekstenum(9518, "Sykkelforbud", "Ja", 13434), heltall(10383, "Åpningsår", 2004, nil)},
		barn: []nvdb.Relasjon{rel(200710, 67, 78728490)}})
	add(fx{typ: 67, id: 78728490, ver: 3, start: "2014-02-21", mod: "2023-11-21T15:07:07Z", kommune: 4638, fylke: 46, kat: "E", fase: "V", vegnr: 39, strekning: 65, delstr: 1, meter: [2]float64{18830, 21319}, vlsid: 384020, pos: [2]float64{0.2, 0.9},
		wkt: line(3900, 6816600, 180, 140, 15, 20), eg: []nvdb.Egenskap{heltall(1317, "Lengde", 2489, enhetMeter), tekstenum(1130, "Type tunnelløp", "Berg", 3386), heltall(8356, "Åpningsår", 2004, nil)},
		foreldre: []nvdb.Relasjon{rel(220710, 581, 78728489)}})
	add(fx{typ: 581, id: 89204551, ver: 2, start: "2014-01-17", mod: "2022-06-26T10:40:41Z", kommune: 1845, fylke: 18, kat: "E", fase: "V", vegnr: 6, strekning: 23, delstr: 1, meter: [2]float64{17084}, vlsid: 885141, pos: [2]float64{0.52, -1},
		wkt:  point(528704.05, 7478545.609, 20.23),
		eg:   []nvdb.Egenskap{tekst(5225, "Navn", "Sommersettunnelen"), heltall(8945, "Lengde, offisiell", 33, enhetMeter), heltallenum(3947, "Antall parallelle hovedløp", 1, 5011, enhetStk), heltall(10383, "Åpningsår", 1965, nil)},
		barn: []nvdb.Relasjon{rel(200710, 67, 89204552)}})
	for v := 1; v <= 3; v++ {
		f := fx{typ: 67, id: 89204552, ver: v, start: "2014-01-17", mod: "2022-06-26T10:40:41Z", kommune: 1845, fylke: 18, kat: "E", fase: "V", vegnr: 6, strekning: 23, delstr: 1, meter: [2]float64{17084, 17117}, vlsid: 885141, pos: [2]float64{0.51994496, 0.52300514},
			wkt:      "LINESTRING Z (528704.05 7478545.609 20.23, 528697 7478542.094 21.9, 528692.7 7478540.297 22, 528688.7 7478538.5 22.1, 528684.9 7478536.906 22.1, 528681.2 7478535.199 22.2, 528674 7478532.281 21)",
			eg:       []nvdb.Egenskap{heltall(8356, "Åpningsår", 1965, nil), heltall(1317, "Lengde", 33, enhetMeter), tekstenum(1130, "Type tunnelløp", "Berg", 3386)},
			foreldre: []nvdb.Relasjon{rel(220710, 581, 89204551)},
			barn:     []nvdb.Relasjon{rel(200721, 89, 481662525), rel(200722, 69, 272110916, 272110918)}}
		switch v {
		case 1:
			f.slutt, f.mod = "2015-06-26", "2015-06-26T10:40:41Z"
		case 2:
			f.start, f.slutt, f.mod = "2015-06-26", "2020-01-01", "2020-01-02T03:00:00Z"
			f.eg = []nvdb.Egenskap{heltall(8356, "Åpningsår", 1965, nil), heltall(1317, "Lengde", 33, enhetMeter), tekstenum(1130, "Type tunnelløp", "Berg", 3386)}
		default:
			f.start = "2020-01-01"
			f.eg = append(f.eg, dato(9508, "Sist rehabilitert", "2019-10-15"))
		}
		add(f)
	}

	// 105 Fartsgrense: the documentation's object plus streets in four cities.
	add(fx{typ: 105, id: 78697179, ver: 1, start: "1980-01-01", mod: "2023-01-01T12:34:56Z", kommune: 4647, fylke: 46, kat: "S", fase: "V", vegnr: 113, strekning: 2, delstr: 1, meter: [2]float64{0, 46}, vlsid: 383266, pos: [2]float64{0, 1},
		wkt: "LINESTRING Z (25400.09 6855338.561 230.62, 25399.5 6855341.199 230.5, 25399.1 6855342.301 230.7, 25397.4 6855344.4 231.2, 25394.9 6855345.699 231.8, 25386.8 6855349.6 233.4, 25381 6855355.199 234.1, 25377 6855360.801 234.7, 25375.6 6855365.1 235.2, 25374.8 6855370.199 236.1, 25375 6855373.2 236.2)",
		eg:  []nvdb.Egenskap{fartsgrense(50), dato(5127, "Gyldig fra dato", "1980-01-01")}})
	type city struct {
		kommune, fylke int
		x, y           float64
		kat            string
		vegnr          int
	}
	cities := []city{{301, 3, 262100, 6649300, "K", 1060}, {301, 3, 259800, 6652100, "R", 4}, {5001, 50, 270500, 7041200, "F", 6650}, {4601, 46, -31800, 6736900, "E", 39}}
	speeds := []int{30, 40, 50, 60, 80, 30, 50, 70, 90, 110}
	id := int64(85101001)
	for i := 0; i < 24; i++ {
		c := cities[i%len(cities)]
		kmh := speeds[i%len(speeds)]
		start := time.Date(2005+i%18, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		fra := float64(i * 250)
		add(fx{typ: 105, id: id, ver: 1, start: start, mod: time.Date(2024, time.Month(1+i%12), 1+i, 6, 30, 0, 0, time.UTC).Format(time.RFC3339),
			kommune: c.kommune, fylke: c.fylke, kat: c.kat, fase: "V", vegnr: c.vegnr, strekning: 1 + i%3, delstr: 1, meter: [2]float64{fra, fra + 240},
			vlsid: int64(300000 + i*17), pos: [2]float64{0.1, 0.6},
			wkt: line(c.x+float64(i*40), c.y+float64(i*25), 24, 12, 9, 40),
			eg:  []nvdb.Egenskap{fartsgrense(kmh), dato(5127, "Gyldig fra dato", start)}})
		id += 7
	}
	return out
}
