package nvdbtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/longtest"
	"github.com/vegdata/go-vegdata/nvdb"
)

// TestFilterExprDates: the egenskap filter a Scan splits a kommune by (a
// date in single quotes, ranges with AND, null OR-ed with a comparison)
// is parsed and evaluated as NVDB documents it.
func TestFilterExprDates(t *testing.T) {
	with := &nvdb.Vegobjekt{Egenskaper: nvdb.Egenskaper{fartsgrense(50), dato(5127, "Gyldig fra dato", "2000-03-01")}}
	without := &nvdb.Vegobjekt{Egenskaper: nvdb.Egenskaper{fartsgrense(50)}}
	for _, tc := range []struct {
		filter        string
		with, without bool
	}{
		{"5127<'1997-03-01' OR 5127=null", false, true},
		{"5127<'2000-03-02' OR 5127=null", true, true},
		{"5127>='1997-03-01' AND 5127<'2003-07-01'", true, false},
		{"5127>='2000-03-01' AND 5127<'2000-03-02'", true, false},
		{"5127>'2000-03-01'", false, false},
		{"5127<'2000-03-01'", false, false},
		{"5127>='2000-03-02'", false, false},
		{"2021<2730", false, false},
		{"2021<=2730", true, true},
		{"2021>2730", false, false},
		{"2021>=2730", true, true},
		{"2021!=2730", false, false},
		{"2021 in [2728, 2730]", true, true},
		{"5127>='2003-07-01'", false, false},
		{"5127<='2000-03-01'", true, false},
		{"egenskap(5127)='2000-03-01'", true, false},
		{"5127!='2000-03-01'", false, false},
		{"5127!=null", true, false},
		{"(2021=2730) AND (5127>='1997-03-01' AND 5127<'2003-07-01')", true, false},
		{"(2021=2738) AND (5127>='1997-03-01' AND 5127<'2003-07-01')", false, false},
		{"(2021=2730) AND (5127<'1997-03-01' OR 5127=null)", false, true},
		{`5127<"2000-04-01"`, true, false},
		{"5127 in ['1999-01-01','2000-03-01']", true, false},
		{"5127 notin ['1999-01-01','2000-03-01']", false, false},
		{"5127<5", false, false}, // a number does not compare with a date
	} {
		e, err := parseFilter(tc.filter)
		require.NoError(t, err, tc.filter)
		assert.Equal(t, tc.with, e.eval(with, nil), "%s, with a date", tc.filter)
		assert.Equal(t, tc.without, e.eval(without, nil), "%s, without one", tc.filter)
	}
	for _, bad := range []string{"5127<null", "5127<'2000-01-01", "5127<2000-01-01", "(5127=null"} {
		_, err := parseFilter(bad)
		assert.Error(t, err, bad)
	}
}

// TestGenEgenskapFilterServes: egenskap filters that read only 2021 and
// 5127 are decided from the index; those that read anything else are
// tested on the built object.
func TestGenEgenskapFilterServes(t *testing.T) {
	for _, tc := range []struct {
		filters      []string
		speed, start bool
		fast         bool
	}{
		{nil, false, false, false},
		{[]string{"5127>='2000-01-01'"}, false, true, true},
		{[]string{"2021=2730"}, true, false, true},
		{[]string{"egenskap(2021) in [2730, 2738] OR 5127=null"}, true, true, true},
		{[]string{"2021=2730", "5127<'2000-01-01'"}, true, true, true},
		{[]string{"9999=null"}, false, false, false},
		{[]string{"2021=2730 AND 9999!=null"}, false, false, false},
		{[]string{"2021=2730", "9999=null"}, false, false, false},
		{[]string{"relasjon(67, 1317>2000)"}, false, false, false},
		{[]string{"2021=2730 AND relasjon(67, 1317>2000)"}, false, false, false},
	} {
		var exprs []expr
		for _, s := range tc.filters {
			e, err := parseFilter(s)
			require.NoError(t, err, s)
			exprs = append(exprs, e)
		}
		gf := newGenEgenskapFilter(exprs)
		if !tc.fast {
			assert.Nil(t, gf, "%q", tc.filters)
			continue
		}
		require.NotNil(t, gf, "%q", tc.filters)
		assert.Equal(t, [2]bool{tc.speed, tc.start}, [2]bool{gf.speed, gf.start}, "%q", tc.filters)
	}
}

// TestGeneratedEgenskaper: a generated object's egenskaper are the ones
// genEgenskapIndex finds from its hash, and every speed and start date
// occurs.
func TestGeneratedEgenskaper(t *testing.T) {
	g := newGenerator(105, 20000)
	speeds, starts := map[int]bool{}, map[int]bool{}
	for i := 0; i < g.n; i++ {
		s, d := genEgenskapIndex(g.hash(i))
		speeds[s], starts[d] = true, true
		if i%97 != 0 {
			continue
		}
		o := g.build(i)
		require.Equal(t, nvdb.Egenskaper{genSpeedEgenskaper[s], genStartEgenskaper[d]}, o.Egenskaper, "object %d", i)
		require.Equal(t, nvdb.Dato(genStarts[d/12][d%12]), o.Metadata.Startdato, "object %d", i)
		kmh, ok := o.Egenskaper.ByID(2021).Heltall()
		require.True(t, ok)
		require.Equal(t, int64(genSpeeds[s]), kmh)
	}
	assert.Len(t, speeds, len(genSpeeds))
	assert.Len(t, starts, len(genStartEgenskaper))
}

// egenskapFilters are the egenskap filters the fast path must decide as
// the built objects do: the partitions of a split by date, at and
// around month boundaries (generated dates are the first of a month,
// 1990-01-01 to 2023-12-01), beyond the generated range, on the enum ids
// of 2021, combined as a Scan combines them with a search's own filter,
// and some it must leave to the built object.
var egenskapFilters = [][]string{
	{"5127<'1997-03-01' OR 5127=null"},
	{"5127>='1997-03-01' AND 5127<'2003-07-01'"},
	{"5127>='2003-07-01'"},
	{`"5127>='2000-01-01' AND 5127<'2010-01-01'"`},
	{"5127>'2000-01-01'"},
	{"5127<='2000-01-01'"},
	{"5127<'2000-01-02' AND 5127>'1999-12-31'"},
	{"5127='2000-01-01'"},
	{"5127!='2000-01-01'"},
	{"5127<'1990-01-01'"},
	{"5127>='1990-01-01'"},
	{"5127>'2023-12-01'"},
	{"5127>='2023-12-01'"},
	{"5127<'2099-01-01'"},
	{"5127=null"},
	{"5127!=null"},
	{"5127 in ['2000-01-01','2001-06-01','2099-01-01']"},
	{"5127 notin ['2000-01-01','2001-06-01']"},
	{"5127<5"},
	{"2021=2730"},
	{"egenskap(2021)!=2730"},
	{"2021 in [2730, 2738]"},
	{"2021 notin [2730, 2738]"},
	{"2021<2735"},
	{"2021>=5087"},
	{"2021=9999"},
	{"2021!=9999"},
	{"2021=null"},
	{"2021='x'"},
	{"(2021=2730 OR 2021=2738) AND (5127>='1997-03-01' AND 5127<'2003-07-01')"},
	{"(2021!=2741) AND (5127<'1997-03-01' OR 5127=null)"},
	{"2021=2730", "5127<'2000-01-01'"},
	// Read from the built object.
	{"9999=null"},
	{"2021=2730 AND 9999=null"},
	{"(2021=2730) AND (5127>='2000-01-01' AND 5127<'2010-01-01')", "9999!=null"},
	{"relasjon(67, 1317>2000)"},
}

type pageAnswer struct {
	Objekter []struct {
		ID int64 `json:"id"`
	} `json:"objekter"`
	Metadata struct {
		Antall    *int `json:"antall"`
		Returnert int  `json:"returnert"`
		Neste     struct {
			Start string `json:"start"`
		} `json:"neste"`
	} `json:"metadata"`
}

func getJSON(t *testing.T, srv *Server, path string, v url.Values, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path+"?"+v.Encode(), nil)
	require.NoError(t, err)
	req.Header.Set("X-Client", "test")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, v.Encode())
	require.NoError(t, json.NewDecoder(resp.Body).Decode(out), v.Encode())
}

// TestEgenskapFastMatchesSlow: a search of a generated set with egenskap
// filters returns the same objects, page by page, and counts the same
// (inkluderAntall, statistikk) as the plain search that builds every
// object and tests it whole, with area filters and kartutsnitt, in the
// eight kommuner and spread over Norway (objects across a border
// among them), and with the filters on time; without WithSpreadKommuner
// a count builds no object and a page only those it returns.
func TestEgenskapFastMatchesSlow(t *testing.T) {
	const path = "/vegobjekter/api/v4/vegobjekter/105"
	for _, layout := range []struct {
		name   string
		n      int
		spread bool
	}{
		{"eight kommuner", longtest.N(1000, 20000), false},
		{"spread", longtest.N(2500, 30000), true},
	} {
		t.Run(layout.name, func(t *testing.T) {
			opts := []Option{WithGenerated(105, layout.n), WithoutFixtures(), WithGzip(false)}
			if layout.spread {
				opts = append(opts, WithSpreadKommuner())
			}
			srv := NewServer(opts...)
			defer srv.Close()
			d := srv.data.sets[105]
			g := d.gen
			ref := built(d)
			cross := firstCrossing(g)
			crossKommune := ref.recs[cross].current().Lokasjon.Kommuner[0]
			// Every filter with the areas of a split kommune; the
			// partitions of a split, a search's own filter and one left to
			// the built object with the other areas.
			areas := []string{
				"",
				"kommune=301",
				"kommune=" + strconv.Itoa(crossKommune),
				"kommune=301&kartutsnitt=" + boxes(g, 0)["cut"],
			}
			moreAreas := []string{
				"fylke=3,46",
				"kartutsnitt=" + boxes(g, cross)["cut"],
				"kartutsnitt=" + boxes(g, cross)["touch max"],
				"vegsystemreferanse=K&kommune=301,3201",
				"kommune=301&tidspunkt=2000-01-01",
				"kommune=301&alle_versjoner=true",
				"endret_etter=2024-05-01T00:00:00Z",
			}
			var some [][]string
			for _, fs := range egenskapFilters {
				switch fs[0] {
				case "5127<'1997-03-01' OR 5127=null", "5127>='1997-03-01' AND 5127<'2003-07-01'", "5127>='2003-07-01'",
					"(2021=2730 OR 2021=2738) AND (5127>='1997-03-01' AND 5127<'2003-07-01')", "2021=2730 AND 9999=null":
					some = append(some, fs)
				}
			}
			require.Len(t, some, 5)
			timed := map[string]bool{"kommune=301&tidspunkt=2000-01-01": true, "endret_etter=2024-05-01T00:00:00Z": true}
			for _, area := range append(areas, moreAreas...) {
				filters := egenskapFilters
				if !slices.Contains(areas, area) {
					filters = some
				}
				for _, filters := range filters {
					v, err := url.ParseQuery(area)
					require.NoError(t, err)
					for _, x := range filters {
						v.Add("egenskap", x)
					}
					name := v.Encode()
					p := &params{v: v}
					f := parseSearch(p, srv.data)
					require.NoError(t, p.err, name)

					var wantIDs []int64
					var want acc
					each(ref, f, func(o *nvdb.Vegobjekt) {
						wantIDs = append(wantIDs, o.ID)
						want.n++
						want.mm += lengthMM(o)
					})

					// Counted from the index: no object is built but those
					// across a border (kept once built).
					before := g.builds.Load()
					assert.Equal(t, want, sum(d, f), "sum %s", name)
					if v.Get("alle_versjoner") == "" { // statistikk refuses it
						var st stat
						getJSON(t, srv, path+"/statistikk", v, &st)
						if assert.NotNil(t, st.Antall, name) && assert.NotNil(t, st.Lengde, name) {
							assert.Equal(t, want.n, *st.Antall, "statistikk antall %s", name)
							assert.Equal(t, fromMM(want.mm), *st.Lengde, "statistikk lengde %s", name)
						}
					}
					fast := f.egGen != nil
					if fast && !layout.spread && !timed[area] {
						assert.Equal(t, before, g.builds.Load(), "objects built to count %s", name)
					}

					// The pages, and the count the first carries.
					before = g.builds.Load()
					var gotIDs []int64
					q := url.Values{}
					for k, x := range v {
						q[k] = x
					}
					q.Set("antall", "400")
					q.Set("inkluderAntall", "true")
					for pages := 0; ; pages++ {
						require.Less(t, pages, layout.n, name)
						var a pageAnswer
						getJSON(t, srv, path, q, &a)
						if pages == 0 && assert.NotNil(t, a.Metadata.Antall, name) {
							assert.Equal(t, want.n, *a.Metadata.Antall, "inkluderAntall %s", name)
						}
						if a.Metadata.Returnert == 0 {
							break
						}
						for _, o := range a.Objekter {
							gotIDs = append(gotIDs, o.ID)
						}
						q.Set("start", a.Metadata.Neste.Start)
					}
					assert.Equal(t, wantIDs, gotIDs, "ids %s", name)
					if fast && !layout.spread && !timed[area] {
						assert.Equal(t, int64(len(wantIDs)), g.builds.Load()-before, "objects built for the pages of %s", name)
					}
				}
			}
		})
	}
}
