package uberikettest

import (
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// fixtureObject is a hand-made object: its versions now, and as they were
// when the hendelse log began (the same, unless a fixture hendelse changed
// it since).
type fixtureObject struct {
	current  []*uberiket.Vegobjekt
	imported []*uberiket.Vegobjekt
}

// fixtureHendelse is a change recorded in the fixtures' history.
type fixtureHendelse struct {
	sett string
	h    uberiket.VegobjektHendelse
}

// fixtureSett is the endringssett of the fixtures' one change since the
// import: the name of Gate 977736797 (538) corrected in October 2025.
const fixtureSett = "3c5e0b7a-2f41-4d8e-9a6b-1f0c7d2e8b94"

func tidspunkt(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err) // fixtures are constants
	}
	return t
}

// version builds one version of a fixture object.
func version(typ int, id int64, ver int, start, slutt uberiket.Dato, sist string, eg uberiket.Egenskaper, sted *uberiket.Stedfesting, barn map[int][]int64) *uberiket.Vegobjekt {
	if barn == nil {
		barn = map[int][]int64{}
	}
	return &uberiket.Vegobjekt{ID: id, Versjon: ver, TypeID: typ, Gyldighetsperiode: &uberiket.Gyldighetsperiode{Startdato: start, Sluttdato: slutt},
		Egenskaper: eg, Barn: barn, Stedfesting: sted, SistEndret: tidspunkt(sist)}
}

// linje is a stretch; NVDB leaves kjorefelt out when there are none, the
// specification requires it, and the fake sends it (empty).
func linje(vls int64, fra, til float64, r uberiket.Retning, kjorefelt ...string) uberiket.StedfestingLinje {
	if kjorefelt == nil {
		kjorefelt = []string{}
	}
	return uberiket.StedfestingLinje{VeglenkesekvensID: vls, Startposisjon: fra, Sluttposisjon: til, Retning: r, Kjorefelt: kjorefelt}
}

func linjer(l ...uberiket.StedfestingLinje) *uberiket.Stedfesting {
	return &uberiket.Stedfesting{Type: uberiket.StedfestingLinjer, Linjer: l}
}

func punkt(vls int64, pos float64, r uberiket.Retning, side uberiket.Sideposisjon) *uberiket.Stedfesting {
	return &uberiket.Stedfesting{Type: uberiket.StedfestingPunkter, Punkter: []uberiket.StedfestingPunkt{
		{VeglenkesekvensID: vls, Posisjon: pos, Retning: r, Sideposisjon: side, Kjorefelt: []string{}}}}
}

const (
	med = uberiket.RetningMed
	mot = uberiket.RetningMot
)

func enum(id int) *uberiket.Egenskap          { return uberiket.NewEnum(id) }
func heltall(n int64) *uberiket.Egenskap      { return uberiket.NewHeltall(n) }
func tekst(s string) *uberiket.Egenskap       { return uberiket.NewTekst(s) }
func flyt(f float64) *uberiket.Egenskap       { return uberiket.NewFlyttall(f) }
func dato(d uberiket.Dato) *uberiket.Egenskap { return uberiket.NewDato(d) }

// fixtureObjects returns the hand-made objects by type: the real answers of
// NVDB's TN-ITS tool (nvdb-tnits-public's test resources, 2025) and the
// documentation's objects of the other fakes, in Uberiket's form.
func fixtureObjects() map[int][]fixtureObject {
	same := func(vs ...*uberiket.Vegobjekt) fixtureObject { return fixtureObject{current: vs, imported: vs} }

	gate := version(538, 977736797, 1, "2019-01-04", "", "2025-10-14T14:41:01.366031Z",
		uberiket.Egenskaper{4588: heltall(4970), 4589: tekst("Åsvegen"), 12622: tekst("5038")},
		linjer(linje(1786245, 0, 1, med), linje(2605437, 0, 1, mot)), nil)
	gateImportert := *gate
	gateImportert.Egenskaper = uberiket.Egenskaper{4588: heltall(4970), 4589: tekst("Åsveien"), 12622: tekst("5038")}
	gateImportert.SistEndret = tidspunkt("2025-05-02T16:03:11.274513Z")

	tunnellop := func(ver int, start, slutt uberiket.Dato, sist string) *uberiket.Vegobjekt {
		eg := uberiket.Egenskaper{8356: heltall(1965), 1317: heltall(33), 1130: enum(3386)}
		if ver == 3 {
			eg[9508] = dato("2019-10-15")
		}
		return version(67, 89204552, ver, start, slutt, sist, eg, linjer(linje(885141, 0.51994496, 0.52300514, med)),
			map[int][]int64{200721: {481662525}, 200722: {272110916, 272110918}})
	}

	return map[int][]fixtureObject{
		105: {
			same(version(105, 323113504, 1, "2012-02-01", "", "2025-05-01T18:46:46.998137Z", uberiket.Egenskaper{2021: enum(2730)},
				linjer(linje(2098186, 0, 1, med), linje(2098119, 0, 1, med), linje(2098004, 0, 1, med), linje(2098120, 0, 1, med)), nil)),
			same(
				version(105, 85283803, 1, "2005-06-01", "2009-01-01", "2025-04-30T19:09:15.975112Z", uberiket.Egenskaper{2021: enum(2735)},
					linjer(linje(41423, 0, 0.95944735, med)), nil),
				version(105, 85283803, 2, "2009-01-01", "", "2025-04-30T19:09:15.976470Z",
					uberiket.Egenskaper{5127: dato("1980-01-01"), 2021: enum(2730)},
					linjer(linje(41423, 0, 0.4010989, med), linje(41423, 0.59010989, 0.95944735, med)), nil)),
			same(version(105, 78697179, 1, "1980-01-01", "", "2023-01-01T12:34:56Z",
				uberiket.Egenskaper{2021: enum(2730), 5127: dato("1980-01-01")}, linjer(linje(383266, 0, 1, med)), nil)),
		},
		591: {same(version(591, 848324148, 1, "2018-03-01", "", "2025-05-01T13:43:27.445819Z", uberiket.Egenskaper{
			3868: flyt(4.84), 3869: flyt(4.79), 3870: flyt(4.79), 5270: enum(8151), 5778: tekst("Blaklivegen Felt 2"),
			9489: dato("2017-08-30"), 9490: enum(13366), 10247: flyt(4.5), 11149: tekst("Etterslep 2017")},
			linjer(linje(41383, 0.85513699, 0.86366968, med, "2")), nil))},
		616: {same(version(616, 1020150975, 1, "2024-10-01", "", "2025-05-02T17:54:08.225080Z", uberiket.Egenskaper{
			12675: heltall(0), 12673: heltall(0), 12671: heltall(0), 12630: heltall(0), 12629: heltall(1), 12668: heltall(1),
			12669: heltall(0), 12631: heltall(0), 12672: heltall(0), 12674: heltall(0), 12632: heltall(0), 12670: heltall(0),
			12647: tekst("1"), 12633: enum(21829), 5528: tekst("2"), 12628: enum(21822)},
			linjer(linje(413032, 0.36971529, 0.77288576, med), linje(2518519, 0, 1, med), linje(2518522, 0, 1, med)), nil))},
		821: {same(version(821, 642414069, 1, "2015-10-23", "", "2025-05-02T17:28:30.270288Z", uberiket.Egenskaper{9338: enum(13067)},
			linjer(linje(714, 0.76493726, 1, mot), linje(8305, 0, 0.38297862, med), linje(8305, 0.79043115, 1, med),
				linje(8432, 0, 1, med), linje(8967, 0, 1, mot), linje(2567342, 0, 1, med)), nil))},
		538: {{current: []*uberiket.Vegobjekt{gate}, imported: []*uberiket.Vegobjekt{&gateImportert}}},
		67: {same(
			tunnellop(1, "2014-01-17", "2015-06-26", "2015-06-26T10:40:41Z"),
			tunnellop(2, "2015-06-26", "2020-01-01", "2020-01-02T03:00:00Z"),
			tunnellop(3, "2020-01-01", "", "2022-06-26T10:40:41Z"))},
		581: {
			same(version(581, 79608124, 3, "2012-05-10", "", "2024-02-14T09:41:02Z",
				uberiket.Egenskaper{8945: heltall(120), 8150: heltall(120), 5225: tekst("Vikatunnelen")},
				punkt(41640, 0.83, med, ""), map[int][]int64{200710: {79608125}})),
			same(version(581, 89204551, 2, "2014-01-17", "", "2022-06-26T10:40:41Z",
				uberiket.Egenskaper{5225: tekst("Sommersettunnelen"), 8945: heltall(33), 3947: enum(5011), 10383: heltall(1965)},
				punkt(885141, 0.52, med, ""), map[int][]int64{200710: {89204552}})),
		},
		45: {same(version(45, 79632559, 6, "2015-11-19", "", "2024-03-01T08:12:40Z",
			uberiket.Egenskaper{1078: tekst("Madlaveien"), 1819: heltall(96), 1820: heltall(32)},
			punkt(319531, 0.37, med, uberiket.SideposisjonH), nil))},
	}
}

// fixtureHendelser is what happened to the fixtures after the import: the
// name of Gate 977736797 was corrected from "Åsveien" to "Åsvegen".
func fixtureHendelser(types map[int]*typeData) []fixtureHendelse {
	td := types[538]
	if td == nil {
		return nil
	}
	i := td.index(977736797)
	before := td.entries[i].hist.imported[0]
	return []fixtureHendelse{{sett: fixtureSett, h: uberiket.VegobjektHendelse{
		HendelseType: uberiket.VegobjektVersjonEndret, VegobjektID: 977736797, VegobjektTypeID: 538, VegobjektVersjon: 1,
		Tidspunkt: tidspunkt("2025-10-14T14:41:01.366031Z"),
		Data: &uberiket.VegobjektHendelseData{Type: uberiket.VegobjektVersjonEndret, VersjonID: 1,
			EgenskapEndringer: uberiket.Egenskaper{4589: tekst("Åsvegen")}, BarnEndringer: map[int]*uberiket.RelasjonEndring{},
			OriginalVersjon: before.AsVersjon()}}}}
}
