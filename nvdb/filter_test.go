package nvdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb"
)

func TestFilterStrings(t *testing.T) {
	e := nvdb.EgenskapID(2021)
	tests := []struct {
		name string
		f    nvdb.Filter
		want string
	}{
		{"eq", e.Eq(2738), "egenskap(2021)=2738"},
		{"ne", e.NotEq(2738), "egenskap(2021)!=2738"},
		{"gt float", nvdb.EgenskapID(1313).Gt(12.5), "egenskap(1313)>12.5"},
		{"ge", nvdb.EgenskapID(10278).Gteq(2000), "egenskap(10278)>=2000"},
		{"lt", nvdb.EgenskapID(5277).Lt(4), "egenskap(5277)<4"},
		{"le", nvdb.EgenskapID(1313).Lteq(int64(100)), "egenskap(1313)<=100"},
		{"string", nvdb.EgenskapID(5225).Eq("Vikatunnelen"), `egenskap(5225)='Vikatunnelen'`},
		{"string with double quote", nvdb.EgenskapID(5225).Eq(`the "big" one`), `egenskap(5225)='the "big" one'`},
		{"string with single quote", nvdb.EgenskapID(5225).Eq(`Kari's`), `egenskap(5225)="Kari's"`},
		{"date", nvdb.EgenskapID(5127).Gteq(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)), `egenskap(5127)>='2019-01-01'`},
		{"null", nvdb.EgenskapID(2010).IsNull(), "egenskap(2010)=null"},
		{"not null", nvdb.EgenskapID(2010).NotNull(), "egenskap(2010)!=null"},
		{"in", e.In(11576, 2728, 2726), "egenskap(2021) in [11576,2728,2726]"},
		{"notin", e.NotIn(11576, 2728), "egenskap(2021) notin [11576,2728]"},
		{"and", nvdb.And(nvdb.EgenskapID(10278).Gteq(2000), nvdb.EgenskapID(1313).Lteq(100)), "egenskap(10278)>=2000 AND egenskap(1313)<=100"},
		{"or", nvdb.Or(e.Eq(2738), e.Eq(2741)), "egenskap(2021)=2738 OR egenskap(2021)=2741"},
		{"parentheses", nvdb.And(nvdb.Or(nvdb.EgenskapID(5054).Eq(6248), nvdb.EgenskapID(5054).Eq(6249)), nvdb.EgenskapID(5074).Eq(6429)),
			"(egenskap(5054)=6248 OR egenskap(5054)=6249) AND egenskap(5074)=6429"},
		{"nested and flattens", nvdb.And(nvdb.And(e.Eq(1), e.Eq(2)), e.Eq(3)), "egenskap(2021)=1 AND egenskap(2021)=2 AND egenskap(2021)=3"},
		{"single member", nvdb.And(e.Eq(1)), "egenskap(2021)=1"},
		{"empty members skipped", nvdb.And(nvdb.Filter{}, e.Eq(1)), "egenskap(2021)=1"},
		{"relasjon", nvdb.RelasjonFilter(67, nvdb.EgenskapID(1317).Gt(2000)), "relasjon(67, egenskap(1317)>2000)"},
		{"nested relasjon", nvdb.RelasjonFilter(67, nvdb.RelasjonFilter(591, nvdb.EgenskapID(5277).Lt(4))), "relasjon(67, relasjon(591, egenskap(5277)<4))"},
		{"relasjon with and", nvdb.RelasjonFilter(67, nvdb.And(nvdb.EgenskapID(1317).Gt(2000), nvdb.RelasjonFilter(591, nvdb.EgenskapID(5277).Lt(4)))),
			"relasjon(67, egenskap(1317)>2000 AND relasjon(591, egenskap(5277)<4))"},
		{"overlapp", nvdb.Overlapp(105, e.Eq(2738)), "105(egenskap(2021)=2738)"},
		{"overlapp bare", nvdb.Overlapp(67), "67"},
		{"raw", nvdb.RawFilter(" (4566=5492)AND(4567=5499) "), "(4566=5492)AND(4567=5499)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.f.Err())
			assert.Equal(t, tc.want, tc.f.String())
		})
	}
}

func TestFilterErrors(t *testing.T) {
	tests := []struct {
		name string
		f    nvdb.Filter
		want string
	}{
		{"id", nvdb.EgenskapID(0).Eq(1), "must be > 0"},
		{"null ordering", nvdb.EgenskapID(1).Gt(nil), "null only compares"},
		{"empty in", nvdb.EgenskapID(1).In(), "empty list"},
		{"null in list", nvdb.EgenskapID(1).In(1, nil), "null is not allowed"},
		{"type", nvdb.EgenskapID(1).Eq(struct{}{}), "unsupported value type"},
		{"both quotes", nvdb.EgenskapID(1).Eq(`a"b'c`), "both quote"},
		{"or in relasjon", nvdb.RelasjonFilter(67, nvdb.Or(nvdb.EgenskapID(1).Eq(1), nvdb.EgenskapID(1).Eq(2))), "only AND"},
		{"empty relasjon", nvdb.RelasjonFilter(67, nvdb.Filter{}), "needs a filter"},
		{"error propagates", nvdb.And(nvdb.EgenskapID(1).Eq(1), nvdb.EgenskapID(-1).Eq(1)), "must be > 0"},
		{"overlapp type", nvdb.Overlapp(-5), "must be > 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, tc.f.Err())
			assert.Contains(t, tc.f.Err().Error(), tc.want)
		})
	}
}

// TestFiltersAgainstFake runs built filters through the fake, which parses
// and evaluates the same language.
func TestFiltersAgainstFake(t *testing.T) {
	c, _ := newClient(t, nil)
	inkl := []nvdb.Inkluder{nvdb.InkluderEgenskaper}
	speed := func(o *nvdb.Vegobjekt) int64 { v, _ := o.Egenskap(2021).Heltall(); return v }
	tests := []struct {
		name  string
		typ   int
		q     nvdb.VegobjektQuery
		check func(t *testing.T, objs []*nvdb.Vegobjekt)
	}{
		{"enum eq", 105, nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(2021).Eq(2730)}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.NotEmpty(t, objs)
			for _, o := range objs {
				assert.EqualValues(t, 50, speed(o))
			}
		}},
		{"in", 105, nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(2021).In(2726, 2728)}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.NotEmpty(t, objs)
			for _, o := range objs {
				assert.Contains(t, []int64{30, 40}, speed(o))
			}
		}},
		{"or and kommune", 105, nvdb.VegobjektQuery{Kommune: []int{301}, Egenskap: nvdb.Or(nvdb.EgenskapID(2021).Eq(2726), nvdb.EgenskapID(2021).Eq(2735))},
			func(t *testing.T, objs []*nvdb.Vegobjekt) {
				require.NotEmpty(t, objs)
				for _, o := range objs {
					assert.Contains(t, []int64{30, 70}, speed(o))
				}
			}},
		{"number compare", 581, nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(8945).Gt(1000)}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 78728489, objs[0].ID)
		}},
		{"text", 581, nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(5225).Eq("Vikatunnelen")}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 79608124, objs[0].ID)
		}},
		{"null", 45, nvdb.VegobjektQuery{Egenskap: nvdb.EgenskapID(9413).NotNull()}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 79632559, objs[0].ID)
		}},
		{"relasjon", 581, nvdb.VegobjektQuery{Egenskap: nvdb.RelasjonFilter(67, nvdb.EgenskapID(1317).Gt(2000))}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 78728489, objs[0].ID)
		}},
		{"raw short form", 45, nvdb.VegobjektQuery{Egenskap: nvdb.RawFilter("(9409=13255)AND(9414=13261)")}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 1013526183, objs[0].ID)
		}},
		{"ider", 105, nvdb.VegobjektQuery{Ider: []int64{78697179, 85101008}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 2)
		}},
		{"fylke", 67, nvdb.VegobjektQuery{Fylke: []int{18}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 89204552, objs[0].ID)
		}},
		{"vegsystemreferanse", 105, nvdb.VegobjektQuery{Vegsystemreferanse: []string{"EV39"}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 6)
		}},
		{"kartutsnitt", 45, nvdb.VegobjektQuery{Kartutsnitt: nvdb.Kartutsnitt(250000, 6640000, 270000, 6660000)}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 1013526183, objs[0].ID)
		}},
		{"riksvegrute", 45, nvdb.VegobjektQuery{Riksvegrute: []string{"RUTE4A"}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 2)
		}},
		{"road network filters", 105, nvdb.VegobjektQuery{TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegEnkelBilveg}, Trafikantgruppe: nvdb.TrafikantgruppeKjorende,
			Detaljniva: []nvdb.Detaljniva{nvdb.DetaljnivaVegtraseOgKjorebane}, Veglenketype: []nvdb.Veglenketype{nvdb.VeglenketypeHoved},
			AdskilteLop: []nvdb.AdskilteLop{nvdb.AdskilteLopNei}, Kryssystem: nvdb.Bool(false)}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 25)
		}},
		{"no ramps", 105, nvdb.VegobjektQuery{TypeVeg: []nvdb.TypeVeg{nvdb.TypeVegRampe}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Empty(t, objs)
		}},
		{"veglenkesekvens", 67, nvdb.VegobjektQuery{Veglenkesekvens: []string{"0.521@885141"}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.EqualValues(t, 89204552, objs[0].ID)
		}},
		{"alle versjoner", 67, nvdb.VegobjektQuery{Ider: []int64{89204552}, AlleVersjoner: true, Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 3)
			for i, o := range objs {
				assert.Equal(t, i+1, o.Versjon())
			}
		}},
		{"tidspunkt", 67, nvdb.VegobjektQuery{Ider: []int64{89204552}, Tidspunkt: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 1)
			assert.Equal(t, 2, objs[0].Versjon())
		}},
		{"endret etter", 45, nvdb.VegobjektQuery{EndretEtter: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata}}, func(t *testing.T, objs []*nvdb.Vegobjekt) {
			require.Len(t, objs, 2)
			for _, o := range objs {
				assert.True(t, o.Metadata.SistModifisert.After(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			if q.Inkluder == nil {
				q.Inkluder = inkl
			}
			var objs []*nvdb.Vegobjekt
			for o, err := range c.Vegobjekter.All(context.Background(), tc.typ, &q) {
				require.NoError(t, err)
				objs = append(objs, o)
			}
			tc.check(t, objs)
		})
	}
}
