package autosystest

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

//go:embed testdata/*.json
var fixtures embed.FS

// Vehicle names one vehicle of the fake's data set.
type Vehicle struct {
	Kjennemerke       string // as the register formats it ("EK 39085")
	Understellsnummer string
	Description       string // what the vehicle is there to show
}

// descriptions say what each fixture demonstrates, by file name.
var descriptions = map[string]string{
	"kjoretoydata-personbil-elbil-vw-egolf-2017.json":                      "real: electric car (VW e-Golf 2017) with periodic control",
	"kjoretoydata-personbil-vw-passat-2017.json":                           "real: plug-in hybrid (VW Passat GTE 2017), petrol and electric motor",
	"kjoretoydata-personbil-vraket-toyota-1979.json":                       "real: scrapped car (Toyota Carina 1979), no periodic control",
	"kjoretoydata-personbil-bensin-toyota-yaris-2019.json":                 "petrol car (Toyota Yaris 2019) with WLTP values",
	"kjoretoydata-personbil-elbil-tesla-model-y-2023.json":                 "electric car (Tesla Model Y 2023), two motors, WLTP range, 400 V battery",
	"kjoretoydata-lastebil-volvo-fh-2020.json":                             "truck (Volvo FH 2020): axle groups, trailer and combination weights, coupling, ADR approval",
	"kjoretoydata-motorsykkel-yamaha-mt07-2021.json":                       "motorcycle (Yamaha MT-07 2021), class L3e",
	"kjoretoydata-tilhenger-brenderup-2018.json":                           "trailer (Brenderup 1205S 2018), class O1, no engine, no periodic control",
	"kjoretoydata-veteranbil-volvo-amazon-1965.json":                       "vintage car (Volvo Amazon 1965), national approval, no periodic control",
	"kjoretoydata-personbil-personlig-kjennemerke-audi-q5-2020.json":       "personal plate HEIA (Audi Q5 2020, used import), earlier plate DR 12345 in the history",
	"kjoretoydata-varebil-registreringsbegrensning-ford-transit-2016.json": "deregistered van (Ford Transit 2016) with registration limits",
}

type dataset struct {
	byPlate  map[string][]byte // normalised plate → response body
	byVIN    map[string][]byte
	vehicles []Vehicle
}

type fixtureBody struct {
	KjoretoydataListe []struct {
		KjoretoyID struct {
			Kjennemerke       string `json:"kjennemerke"`
			Understellsnummer string `json:"understellsnummer"`
		} `json:"kjoretoyId"`
		Kjennemerke []struct {
			Kjennemerke  string `json:"kjennemerke"`
			TilTidspunkt string `json:"tilTidspunkt"`
		} `json:"kjennemerke"`
	} `json:"kjoretoydataListe"`
}

// builtin is the fixtures' data set, parsed once (parsing it for every
// server was a fifth to half of several autosys tests' CPU). Servers share
// it and only read it.
var builtin = sync.OnceValue(func() *dataset { return parseDataset() })

// loadDataset is the fixtures' data set with extra added: the shared one
// when there is nothing to add, else a copy of its indexes (the bodies are
// never written, so they are shared).
func loadDataset(extra [][]byte) *dataset {
	b := builtin()
	if len(extra) == 0 {
		return b
	}
	d := &dataset{byPlate: maps.Clone(b.byPlate), byVIN: maps.Clone(b.byVIN), vehicles: slices.Clone(b.vehicles)}
	for _, raw := range extra {
		d.add(raw, "added with WithVehicles")
	}
	return d
}

func parseDataset() *dataset {
	d := &dataset{byPlate: map[string][]byte{}, byVIN: map[string][]byte{}}
	names, _ := fs.Glob(fixtures, "testdata/*.json")
	sort.Strings(names)
	for _, n := range names {
		b, err := fixtures.ReadFile(n)
		if err == nil {
			d.add(b, descriptions[strings.TrimPrefix(n, "testdata/")])
		}
	}
	return d
}

// add indexes one response body by the vehicle's current plates and VIN.
func (d *dataset) add(raw []byte, desc string) {
	var f fixtureBody
	if json.Unmarshal(raw, &f) != nil || len(f.KjoretoydataListe) == 0 {
		return
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return
	}
	body := slices.Clip(buf.Bytes()) // shared by servers: an append must not write into it
	for _, v := range f.KjoretoydataListe {
		if v.KjoretoyID.Kjennemerke != "" {
			d.byPlate[plateKey(v.KjoretoyID.Kjennemerke)] = body
		}
		for _, k := range v.Kjennemerke {
			if k.TilTidspunkt == "" && k.Kjennemerke != "" {
				d.byPlate[plateKey(k.Kjennemerke)] = body
			}
		}
		if v.KjoretoyID.Understellsnummer != "" {
			d.byVIN[strings.ToUpper(v.KjoretoyID.Understellsnummer)] = body
		}
		d.vehicles = append(d.vehicles, Vehicle{Kjennemerke: v.KjoretoyID.Kjennemerke, Understellsnummer: v.KjoretoyID.Understellsnummer, Description: desc})
	}
}

// plateKey normalises a plate as the API does: no spaces or hyphens, upper case.
func plateKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// Vehicles lists the vehicles the server knows.
func (s *Server) Vehicles() []Vehicle { return append([]Vehicle(nil), s.data.vehicles...) }

// Kjennemerker returns the plates of the built-in vehicles, as the register
// formats them.
func Kjennemerker() []string {
	d := loadDataset(nil)
	out := make([]string, 0, len(d.vehicles))
	for _, v := range d.vehicles {
		out = append(out, v.Kjennemerke)
	}
	return out
}
