package pgtest

import (
	"math/rand/v2"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// FartsgrenseType is NVDB's vegobjekttype Fartsgrense (speed limit).
const FartsgrenseType = 105

// fartsgrenseVerdier are enum ids of egenskap 2021 (Fartsgrense), 2730
// being 50 km/h.
var fartsgrenseVerdier = []int{2726, 2728, 2730, 2735, 2738, 2741, 2744, 5087, 9721, 19885}

// Fartsgrense returns a speed limit shaped like the ones Uberiket sends
// (see reference/samples uberiket-v1-vegobjekt-105-fartsgrense-*): egenskap
// 2021 (the limit, an enum), often 5127 (a date) and sometimes 11576 (a
// text), a gyldighetsperiode, no children, and a stedfesting of one to
// three stretches on veglenkesekvenser. The same id and versjon give the
// same object.
func Fartsgrense(id int64, versjon int) *uberiket.Vegobjekt {
	r := rand.New(rand.NewPCG(uint64(id), uint64(versjon)))
	eg := uberiket.Egenskaper{2021: uberiket.NewEnum(fartsgrenseVerdier[r.IntN(len(fartsgrenseVerdier))])}
	if r.IntN(10) < 7 {
		eg[5127] = uberiket.NewDato(uberiket.Dato(time.Date(1975+r.IntN(50), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)))
	}
	if r.IntN(10) == 0 {
		eg[11576] = uberiket.NewTekst("Vedtak 2019/4471-12, Statens vegvesen Vest")
	}
	start := time.Date(2009+r.IntN(16), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	g := &uberiket.Gyldighetsperiode{Startdato: uberiket.DatoOf(start)}
	if r.IntN(20) == 0 {
		g.Sluttdato = uberiket.DatoOf(start.AddDate(1+r.IntN(3), 0, 0))
	}
	linjer := make([]uberiket.StedfestingLinje, 1+r.IntN(3))
	vls := int64(40000 + r.IntN(3_000_000))
	for i := range linjer {
		a, b := r.Float64(), r.Float64()
		if a > b {
			a, b = b, a
		}
		linjer[i] = uberiket.StedfestingLinje{VeglenkesekvensID: vls + int64(i), Startposisjon: round8(a),
			Sluttposisjon: round8(b), Retning: uberiket.RetningMed}
	}
	return &uberiket.Vegobjekt{
		ID: id, Versjon: versjon, TypeID: FartsgrenseType, Gyldighetsperiode: g, Egenskaper: eg,
		Barn:        map[int][]int64{},
		Stedfesting: &uberiket.Stedfesting{Type: uberiket.StedfestingLinjer, Linjer: linjer},
		SistEndret:  time.Date(2025, 4, 30, 19, 9, 15, 976470000, time.UTC).Add(time.Duration(r.IntN(1e6)) * time.Second),
	}
}

func round8(f float64) float64 { return float64(int64(f*1e8)) / 1e8 }

// Fartsgrenser returns n speed limits at versjon 1 with ids from first on,
// spaced as NVDB's are (not every id is one of the type).
func Fartsgrenser(first int64, n int) []*uberiket.Vegobjekt {
	out := make([]*uberiket.Vegobjekt, n)
	for i := range out {
		out[i] = Fartsgrense(first+int64(i)*7, 1)
	}
	return out
}
