package synsbasentest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The documentation's examples, with the "..." placeholders removed.
//
//go:embed fixtures/*.json
var fixtures embed.FS

// today is the date the fake's data is current on (see DataDate).
func today() time.Time { return time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC) }

// DataDate is the date the fake's data is current on: ages, mileage
// averages and inspection estimates are computed against it, so answers
// never change with the wall clock.
func DataDate() time.Time { return today() }

// Ids of the documentation's examples, all present in the fake's data.
const (
	VehicleID           int64 = 1004501200018020 // CITROËN XANTIA, AS87640
	VehicleRegistration       = "AS87640"
	VehicleVIN                = "VF7X1REVF72378327"
	WatchVehicleID      int64 = 9000000000970539 // MITSUBISHI OUTLANDER, AS67902
	WatchRegistration         = "AS67902"
	InspectionID        int64 = 26939482 // inspection of AS67902 on 2021-01-07
	// PersonalRegistration is a personal plate with Danish letters.
	PersonalRegistration = "GRØN1"
)

func fixture(name string) map[string]any {
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		panic(fmt.Sprintf("synsbasentest: missing fixture %s: %v", name, err)) // embedded at build time
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		panic(fmt.Sprintf("synsbasentest: fixture %s: %v", name, err))
	}
	return m
}

// vehicle is one vehicle of the fake: its base object, its expands and its
// inspections.
type vehicle struct {
	base        map[string]any
	expands     map[string]any
	inspections []map[string]any
}

type spec struct {
	brand, brandID, model, modelID, variant, variantID, version, versionID string
	bodyType, wmi, fuel, fuelExt, kind, category, country, region, maker   string
	kw, kmPerL, whPerKm, co2, battery, rangeKm                             float64
	cyl, gears, weight, doors, seats                                       int
	euronorm, energyClass                                                  string
}

var specs = []spec{
	{brand: "CITROËN", brandID: "10045", model: "XANTIA", modelID: "10045053", variant: "2,0 I 16 V", variantID: "1004505304",
		version: "UOPLYST", versionID: "10045053040000000", bodyType: "Sedan", wmi: "VF7", fuel: "Benzin", fuelExt: "Benzin",
		kind: "Personbil", category: "M1", maker: "Citroën", country: "France", region: "Europe",
		kw: 97, kmPerL: 11.2, co2: 205, cyl: 4, gears: 5, weight: 1340, doors: 4, seats: 5, euronorm: "Euro II", energyClass: "D"},
	{brand: "MITSUBISHI", brandID: "10049", model: "OUTLANDER", modelID: "10049021", variant: "2,0 PHEV", variantID: "1004902107",
		version: "INSTYLE", versionID: "10049021070000012", bodyType: "SUV", wmi: "MMC", fuel: "Benzin", fuelExt: "Plugin-hybrid (Benzin)",
		kind: "Personbil", category: "M1", maker: "Mitsubishi Thailand", country: "Thailand", region: "Asia",
		kw: 89, kmPerL: 55.6, whPerKm: 134, co2: 42, battery: 12, rangeKm: 52, cyl: 4, gears: 1, weight: 2310, doors: 5, seats: 5, euronorm: "Euro 6", energyClass: "A++"},
	{brand: "VOLKSWAGEN", brandID: "10067", model: "GOLF", modelID: "10067030", variant: "1,5 TSI EVO 150 HK", variantID: "1006703044",
		version: "LIFE", versionID: "10067030440000003", bodyType: "Hatchback", wmi: "WVW", fuel: "Benzin", fuelExt: "Benzin",
		kind: "Personbil", category: "M1", maker: "Volkswagen", country: "Germany", region: "Europe",
		kw: 110, kmPerL: 18.9, co2: 121, cyl: 4, gears: 7, weight: 1810, doors: 5, seats: 5, euronorm: "Euro 6", energyClass: "A"},
	{brand: "TOYOTA", brandID: "10064", model: "YARIS", modelID: "10064052", variant: "1,5 HYBRID", variantID: "1006405218",
		version: "H3", versionID: "10064052180000002", bodyType: "Hatchback", wmi: "VNK", fuel: "Benzin", fuelExt: "Hybrid (Benzin)",
		kind: "Personbil", category: "M1", maker: "Toyota France", country: "France", region: "Europe",
		kw: 68, kmPerL: 27.0, co2: 85, cyl: 3, gears: 1, weight: 1565, doors: 5, seats: 5, euronorm: "Euro 6", energyClass: "A+++"},
	{brand: "SKODA", brandID: "10059", model: "OCTAVIA", modelID: "10059015", variant: "2,0 TDI 150 HK", variantID: "1005901533",
		version: "STYLE COMBI", versionID: "10059015330000004", bodyType: "Stationcar", wmi: "TMB", fuel: "Diesel", fuelExt: "Diesel",
		kind: "Personbil", category: "M1", maker: "Škoda", country: "Czech Republic", region: "Europe",
		kw: 110, kmPerL: 22.2, co2: 119, cyl: 4, gears: 7, weight: 2000, doors: 5, seats: 5, euronorm: "Euro 6", energyClass: "A+"},
	{brand: "TESLA", brandID: "10133", model: "MODEL 3", modelID: "10133003", variant: "LONG RANGE AWD", variantID: "1013300302",
		version: "STANDARD", versionID: "10133003020000001", bodyType: "Sedan", wmi: "LRW", fuel: "El", fuelExt: "El",
		kind: "Personbil", category: "M1", maker: "Tesla China", country: "China", region: "Asia",
		kw: 324, whPerKm: 144, battery: 75, rangeKm: 602, cyl: 0, gears: 1, weight: 2232, doors: 4, seats: 5, euronorm: "", energyClass: "A+++"},
	{brand: "PEUGEOT", brandID: "10052", model: "208", modelID: "10052036", variant: "1,2 PURETECH 100", variantID: "1005203611",
		version: "ACTIVE", versionID: "10052036110000006", bodyType: "Hatchback", wmi: "VF3", fuel: "Benzin", fuelExt: "Benzin",
		kind: "Personbil", category: "M1", maker: "Peugeot", country: "France", region: "Europe",
		kw: 74, kmPerL: 19.6, co2: 116, cyl: 3, gears: 6, weight: 1585, doors: 5, seats: 5, euronorm: "Euro 6", energyClass: "A"},
	{brand: "AUDI", brandID: "1", model: "A1", modelID: "1", variant: "2,0 I 16 V", variantID: "1",
		version: "Hatchback", versionID: "104", bodyType: "Hatchback", wmi: "WAU", fuel: "Benzin", fuelExt: "Benzin",
		kind: "Personbil", category: "M1", maker: "Audi", country: "Germany", region: "Europe",
		kw: 70, kmPerL: 20.4, co2: 112, cyl: 3, gears: 5, weight: 1550, doors: 3, seats: 4, euronorm: "Euro 6", energyClass: "A"},
	{brand: "FORD", brandID: "10026", model: "TRANSIT CUSTOM", modelID: "10026098", variant: "2,0 TDCI 130 HK", variantID: "1002609821",
		version: "TREND", versionID: "10026098210000001", bodyType: "Varevogn, lukket", wmi: "WF0", fuel: "Diesel", fuelExt: "Diesel",
		kind: "Varebil", category: "N1", maker: "Ford Germany", country: "Germany", region: "Europe",
		kw: 96, kmPerL: 14.9, co2: 176, cyl: 4, gears: 6, weight: 3200, doors: 4, seats: 3, euronorm: "Euro 6", energyClass: "C"},
}

var errorCodeCatalogue = [][3]string{
	{"6", "El-anlæg, lygter, reflekser mv.", "nummerpladelygte, virker ikke, højre"},
	{"5", "Bremser", "bremseskive, slidt, foran"},
	{"5", "Bremser", "parkeringsbremse, virkning for ringe"},
	{"7", "Hjul, dæk og affjedring", "dæk, mønsterdybde for lille, venstre bag"},
	{"7", "Hjul, dæk og affjedring", "støddæmper, utæt, højre for"},
	{"3", "Styreapparat", "styrekugle, slør, venstre"},
	{"8", "Karrosseri, ramme og tilkobling", "bund, tæret igennem"},
	{"9", "Miljø (udstødning, støj mv.)", "udstødningssystem, utæt"},
}

// testCenterSpec is one test center; id is its inspection test center id.
type testCenterSpec struct {
	id                          int64
	name, address, city         string
	zip                         int
	lat, lng                    float64
	companyNo, phone            int64
	website                     string
	divisions                   []string
	smileys                     []string
	firstInspection, lastInspec string
}

var testCenters = []testCenterSpec{
	{id: 1337, name: "ABC Bilsyn ApS - København", address: "Lergravsvej 60", city: "København", zip: 2300,
		lat: 55.66401, lng: 12.62686, companyNo: 28519516, phone: 32958082, website: "https://www.abcbilsyn.dk",
		divisions: []string{"light"}, smileys: []string{"Elite"}, firstInspection: "2017-03-14", lastInspec: "2022-04-20"},
	{id: 1338, name: "Dekra Bilsyn", address: "Frederikstadvej 12A", city: "Aalborg SV", zip: 9200,
		lat: 57.02331, lng: 9.88574, companyNo: 28519516, phone: 70101030, website: "https://www.dekra-bilsyn.dk",
		divisions: []string{"light", "heavy"}, smileys: []string{"Glad", "Elite"}, firstInspection: "2005-01-03", lastInspec: "2025-06-27"},
	{id: 1401, name: "Applus Bilsyn - Odense", address: "Middelfartvej 221", city: "Odense V", zip: 5200,
		lat: 55.39105, lng: 10.33245, companyNo: 29142084, phone: 70201718, website: "https://www.applusbilsyn.dk",
		divisions: []string{"light"}, smileys: []string{"Glad"}, firstInspection: "2005-02-01", lastInspec: "2025-06-27"},
	{id: 1522, name: "Karlslunde Synshal", address: "Karlslunde Mosevej 3", city: "Karlslunde", zip: 2690,
		lat: 55.56231, lng: 12.22117, companyNo: 32671474, phone: 46150050, website: "https://www.karlslundesynshal.dk",
		divisions: []string{"light", "heavy"}, smileys: []string{"Neutral", "Glad"}, firstInspection: "2010-05-03", lastInspec: "2025-06-26"},
	{id: 284, name: "Aarhus Bilsyn", address: "Jegstrupvej 2", city: "Tilst", zip: 8381,
		lat: 56.19167, lng: 10.11412, companyNo: 30745620, phone: 86241500, website: "https://www.aarhusbilsyn.dk",
		divisions: []string{"light"}, smileys: []string{"Elite"}, firstInspection: "2008-08-11", lastInspec: "2025-06-27"},
	{id: 1610, name: "FDM Test og Bilsyn - Aalborg", address: "Håndværkervej 20", city: "Aalborg", zip: 9000,
		lat: 57.03157, lng: 9.924997, companyNo: 26563178, phone: 70133040, website: "https://www.fdmbilsyn.dk",
		divisions: []string{"light"}, smileys: []string{"Elite"}, firstInspection: "2025-06-02", lastInspec: "2025-06-27"},
}

var danishWeekdays = []string{"Søndag", "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag"}
var danishMonths = []string{"Januar", "Februar", "Marts", "April", "Maj", "Juni", "Juli", "August", "September", "Oktober", "November", "December"}

// dataset is the fake's whole register. It is built once per server and
// only read afterwards (watched vehicles live elsewhere).
type dataset struct {
	vehicles       []*vehicle
	byID           map[int64]*vehicle
	byReg          map[string]*vehicle // most recent vehicle per registration
	byVIN          map[string]*vehicle
	inspections    []map[string]any
	inspByID       map[int64]map[string]any
	errorCodes     []map[string]any
	leasing        []map[string]any
	testCenters    []map[string]any
	inspCenters    []map[string]any
	brands         []map[string]any
	models         []map[string]any
	variants       []map[string]any
	versions       []map[string]any
	bodyTypes      []map[string]any
	vehicleAttrs   []map[string]any // flat search attributes, parallel to vehicles
	inspAttrs      []map[string]any // parallel to inspections
	errorCodeAttrs []map[string]any
}

func num(v float64) json.Number { return json.Number(strconv.FormatFloat(v, 'f', -1, 64)) }

func numOrNil(v float64) any {
	if v == 0 {
		return nil
	}
	return num(v)
}

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

func newDataset() *dataset {
	d := &dataset{byID: map[int64]*vehicle{}, byReg: map[string]*vehicle{}, byVIN: map[string]*vehicle{}, inspByID: map[int64]map[string]any{}}
	rng := rand.New(rand.NewPCG(4, 2))
	nextInspID := int64(26939000)

	// The documentation's vehicle, with every expand as documented.
	doc := fixture("doc-vehicle-get-response.json")["data"].(map[string]any)
	docV := &vehicle{base: doc, expands: map[string]any{}}
	for _, name := range []string{"emission", "engine", "weight", "body", "permits", "equipment", "driving_license",
		"periodic_taxes", "dmr_data", "tinglysning_data", "leasing_periods", "supplementary_body_types", "appraisals"} {
		docV.expands[name] = fixture("doc-expand-" + name + ".json")[name]
	}
	docV.expands["axle"] = fixture("doc-expand-axle.json")["data"].(map[string]any)["axle"]
	docV.expands["manufacturer"] = map[string]any{"name": "Citroën", "region": "Europe", "country": "France"}
	// Its documented last-inspection fields are kept as they are.
	d.addInspections(docV, rng, &nextInspID, specs[0], []string{"2004-08-16", "2006-08-21", "2008-08-12", "2010-08-10", "2012-08-20", "2014-08-18"}, 0, 389000)
	d.addVehicle(docV)

	// The vehicles whose registrations start with AS876: the docs' search
	// example finds 18 of them, 10 per page.
	for i := 1; i < 18; i++ {
		sp := specs[(i*3)%len(specs)]
		year := 2008 + (i*5)%15
		reg := fmt.Sprintf("AS876%02d", 40+i)
		d.addVehicle(d.generate(rng, &nextInspID, sp, 1004501200018020+int64(i)*1000003, reg, year, i%7 == 0))
	}

	// The vehicle of the inspection and watched-vehicle examples.
	w := d.generate(rng, &nextInspID, specs[1], WatchVehicleID, WatchRegistration, 2015, false)
	w.base["vin"] = "MMCXNA03AFH012439"
	w.base["first_registration_date"] = "2015-03-20"
	w.expands["manufacturer"] = fixture("doc-expand-manufacturer.json")["manufacturer"]
	docInsp := fixture("doc-inspection-get-response.json")["data"].(map[string]any)
	w.inspections = []map[string]any{docInsp}
	w.base["last_inspection_date"] = nil
	d.addInspections(w, rng, &nextInspID, specs[1], []string{"2023-02-14", "2025-02-03"}, 129000, 171000)
	w.base["mileage"] = json.Number("171000")
	w.base["next_inspection_date_estimate"] = "2027-02-03"
	d.addVehicle(w)

	// More vehicles across brands and model years, for searches and
	// aggregates.
	prefixes := []string{"AB", "BV", "CF", "DK", "EJ", "FN", "HX", "JT", "KL", "MR", "NZ", "PU", "RC", "SA", "TY", "UX", "XH", "YD", "ZP", "CY"}
	for i := 0; i < 60; i++ {
		sp := specs[rng.IntN(len(specs))]
		year := 2012 + rng.IntN(12)
		reg := fmt.Sprintf("%s%05d", prefixes[i%len(prefixes)], 10000+rng.IntN(89999))
		if _, dup := d.byReg[reg]; dup {
			continue
		}
		id := int64(1006000000000000) + int64(i)*7919*1000 + int64(rng.IntN(900))
		d.addVehicle(d.generate(rng, &nextInspID, sp, id, reg, year, i%11 == 5))
	}
	// A personal plate with Danish letters.
	d.addVehicle(d.generate(rng, &nextInspID, specs[5], 1013300300000417, PersonalRegistration, 2021, false))

	d.buildCatalogue()
	d.buildTestCenters()
	d.buildLeasing()
	for _, v := range d.vehicles {
		d.vehicleAttrs = append(d.vehicleAttrs, vehicleAttrs(v))
	}
	for _, in := range d.inspections {
		d.inspAttrs = append(d.inspAttrs, flatten(in, "error_codes"))
	}
	return d
}

func (d *dataset) addVehicle(v *vehicle) {
	id := toInt(v.base["id"])
	d.vehicles = append(d.vehicles, v)
	d.byID[id] = v
	d.byReg[v.base["registration"].(string)] = v
	d.byVIN[v.base["vin"].(string)] = v
	for _, in := range v.inspections {
		iid := toInt(in["id"])
		d.inspections = append(d.inspections, in)
		d.inspByID[iid] = in
		for _, ec := range in["error_codes"].([]any) {
			m := ec.(map[string]any)
			row := map[string]any{"code": m["code"], "category": m["category"], "description": m["description"], "inspection_id": in["id"]}
			d.errorCodes = append(d.errorCodes, row)
			attrs := map[string]any{}
			for k, v := range row {
				attrs[k] = v
			}
			for _, k := range []string{"date", "kind", "variant", "result", "inspection_test_center_id", "vehicle_id"} {
				attrs["inspection_"+k] = in[k]
			}
			d.errorCodeAttrs = append(d.errorCodeAttrs, attrs)
		}
	}
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case json.Number:
		i, _ := x.Int64()
		return i
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return int64(x)
	}
	return 0
}

// generate makes a realistic vehicle of spec sp first registered in year.
func (d *dataset) generate(rng *rand.Rand, nextInspID *int64, sp spec, id int64, reg string, year int, scrapped bool) *vehicle {
	first := time.Date(year, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	vin := fmt.Sprintf("%sX%02d%06d%05d", sp.wmi, year%100, rng.IntN(1000000), rng.IntN(100000))
	yearsOld := today().Sub(first).Hours() / 24 / 365.25
	perYear := 9000 + rng.IntN(16000)
	mileage := int(yearsOld * float64(perYear))
	mileage -= mileage % 1000
	status, regStatus, statusAt := "Registreret", "Registreret", date(first)
	end := today()
	if scrapped {
		end = first.AddDate(10, 2, 0)
		if end.After(today()) {
			end = today().AddDate(0, -3, 0)
		}
		status, regStatus, statusAt = "Skrottet", "Afmeldt", date(end)
	}
	base := map[string]any{
		"id": json.Number(strconv.FormatInt(id, 10)), "registration": reg, "vin": vin,
		"first_registration_date": date(first), "status": status, "status_updated_at": statusAt,
		"registration_status": regStatus, "registration_status_updated_at": statusAt,
		"kind": sp.kind, "usage": "Privat personkørsel", "category": sp.category,
		"model_year": json.Number(strconv.Itoa(year)), "fuel_type": sp.fuel,
		"mileage": json.Number(strconv.Itoa(mileage)), "mileage_annual_average": json.Number(strconv.Itoa(perYear)),
		"brand_and_model": sp.brand + " " + sp.model, "brand": sp.brand, "brand_id": sp.brandID,
		"model": sp.model, "model_id": sp.modelID, "variant": sp.variant, "variant_id": sp.variantID,
		"version": sp.version, "version_id": sp.versionID, "body_type": sp.bodyType,
		"eu_version": nil, "eu_variant": nil, "ec_type_approval": strOrNil(fmt.Sprintf("e%d*2007/46*%04d*%02d", 1+rng.IntN(13), rng.IntN(2000), rng.IntN(30))),
		"last_inspection_date": nil, "last_inspection_result": nil, "last_inspection_kind": nil,
		"next_inspection_date_estimate": nil, "ncap_five": rng.IntN(3) > 0,
		"leasing_period_start": nil, "leasing_period_end": nil, "extra_equipment": nil, "inspections": []any{},
	}
	if sp.kind == "Varebil" {
		base["usage"] = "Kørsel for fremmed regning"
	}
	v := &vehicle{base: base, expands: map[string]any{}}
	v.expands["emission"] = map[string]any{
		"co2": numOrNil(sp.co2), "co": num(float64(100 + rng.IntN(400))), "hc_plus_nox": num(0), "nox": num(float64(5 + rng.IntN(40))),
		"particles": nil, "particle_filter": sp.fuel == "Diesel", "smoke_density": nil, "smoke_density_engine_speed": num(0),
		"energy_class": sp.energyClass, "emission_class": "1", "euronorm": strOrNil(sp.euronorm),
		"allowed_in_environmental_zones": sp.fuel != "Diesel" || year >= 2015,
	}
	v.expands["engine"] = map[string]any{
		"fuel_efficiency": numOrNil(sp.kmPerL), "electricity_efficiency": numOrNil(sp.whPerKm), "top_speed": num(float64(170 + rng.IntN(60))),
		"fuel_type": sp.fuel, "fuel_type_extended": sp.fuelExt, "gears": num(float64(sp.gears)), "cylinders": num(float64(sp.cyl)),
		"engine_code": nil, "engine_displacement": nil, "engine_power": num(sp.kw), "horsepower": num(math.Round(sp.kw / 0.745699872)),
		"power_to_weight_ratio": num(math.Round(sp.kw/float64(sp.weight-400)*100) / 100),
	}
	division := "light"
	v.expands["weight"] = map[string]any{
		"technical_total_weight": num(float64(sp.weight)), "total_weight": num(float64(sp.weight)), "vehicle_weight": nil,
		"driveable_weight_minimum": num(float64(sp.weight - 400)), "driveable_weight_maximum": nil,
		"v_value_air_suspension": nil, "v_value_mechanical_suspension": nil, "road_train_weight": num(float64(sp.weight + 1300)),
		"coupling_device": rng.IntN(2) == 0, "coupling_device_load_maximum": nil,
		"trailer_with_brakes_weight_maximum": num(1300), "trailer_without_brakes_weight_maximum": num(700),
		"trailer_total_weight_maximum": nil, "division": division,
	}
	v.expands["axle"] = map[string]any{"axles": num(2), "axle_track": num(float64(2450 + rng.IntN(400))), "pulling_axles": "1",
		"drive_shaft_pressure_maximum": num(float64(sp.weight/2 + 100)), "trailer_allowed_pressure_maximum": nil}
	colors := vehicleColors
	v.expands["body"] = map[string]any{"doors": num(float64(sp.doors)), "vin_placement": "Forrest i motorrum",
		"track_width_front": num(float64(1500 + rng.IntN(100))), "track_width_rear": num(float64(1480 + rng.IntN(100))),
		"passengers": num(float64(sp.seats - 1)), "seats_minimum": num(float64(sp.seats)), "seats_maximum": nil,
		"standing_passengers_minimum": nil, "standing_passengers_maximum": nil,
		"rims_and_tires": "1. aksel: 205/55R16 91V,16x6,5J/ET46. 2. aksel: 205/55R16 91V,16x6,5J/ET46",
		"color":          colors[rng.IntN(len(colors))]}
	v.expands["permits"] = []any{}
	v.expands["equipment"] = []any{map[string]any{"id": num(401), "name": "Ratbetjent gear", "quantity": num(1)}}
	v.expands["manufacturer"] = map[string]any{"name": sp.maker, "region": sp.region, "country": sp.country}
	license := "B"
	v.expands["driving_license"] = map[string]any{"category": license}
	green := 340.0 + float64(rng.IntN(8))*290
	taxes := []any{map[string]any{"name": "Grøn ejerafgift", "amount": num(green), "payment_frequency": "semesterly"}}
	total := green
	if sp.fuel == "Diesel" {
		taxes = append(taxes, map[string]any{"name": "Udligningsafgift", "amount": num(1420), "payment_frequency": "semesterly"})
		total += 1420
	}
	v.expands["periodic_taxes"] = map[string]any{"taxes": taxes, "total_amount": num(total), "payment_frequency": "semesterly"}
	v.expands["dmr_data"] = map[string]any{"service_available": true, "insurance_company": []string{"Alm. Brand", "Tryg", "Topdanmark", "Codan"}[rng.IntN(4)],
		"insurance_status": "Aktiv", "insurance_policy_number": "N/A", "insurance_created_at": date(first),
		"next_inspection_date": nil, "inspection_frequency": "Første gang efter 4 år, herefter hvert 2. år",
		"inspection_invocations": []any{}, "euronorm": strOrNil(sp.euronorm),
		"electricity_efficiency_measured": numOrNil(sp.whPerKm), "battery_capacity": numOrNil(sp.battery), "electric_range": numOrNil(sp.rangeKm),
		"plugin_hybrid": sp.fuelExt == "Plugin-hybrid (Benzin)", "automatic_transmission": sp.gears <= 1 || sp.gears >= 7,
		"last_inspection_kind": nil, "last_inspection_result": nil, "last_inspection_date": nil,
		"leasing_period_start": nil, "leasing_period_end": nil, "leasing_period_certificate_id": nil}
	if scrapped {
		v.expands["dmr_data"].(map[string]any)["insurance_status"] = "Ophørt"
	}
	v.expands["tinglysning_data"] = map[string]any{"service_available": true, "liabilities": []any{}}
	v.expands["leasing_periods"] = []any{}
	v.expands["supplementary_body_types"] = []any{}
	price := 150000 + rng.IntN(400000)
	v.expands["appraisals"] = map[string]any{"service_available": true, "data": []any{
		map[string]any{"date": date(first), "original_price": num(float64(price)), "market_price": num(float64(price * 8 / 10)),
			"value": num(float64(price / 3)), "registration_tax": num(float64(price / 2))}}}

	// Periodic inspections: after 4 years, then every 2 years.
	var dates []string
	for t := first.AddDate(4, 0, 0); !t.After(end); t = t.AddDate(2, 0, 0) {
		dates = append(dates, date(t.AddDate(0, 0, -rng.IntN(20))))
	}
	d.addInspections(v, rng, nextInspID, sp, dates, 0, mileage)
	next := first.AddDate(4, 0, 0)
	if n := len(v.inspections); n > 0 {
		last, _ := time.Parse(time.DateOnly, v.inspections[n-1]["date"].(string))
		next = last.AddDate(2, 0, 0)
	}
	if !scrapped {
		base["next_inspection_date_estimate"] = date(next)
		v.expands["dmr_data"].(map[string]any)["next_inspection_date"] = date(next)
	}
	return v
}

// addInspections adds one periodic inspection per date, mileage growing from
// startMileage to finalMileage, to v and fills v's last-inspection fields
// unless they are set.
func (d *dataset) addInspections(v *vehicle, rng *rand.Rand, nextID *int64, sp spec, dates []string, startMileage, finalMileage int) {
	reg, _ := v.base["registration"].(string)
	vin, _ := v.base["vin"].(string)
	for i, ds := range dates {
		t, _ := time.Parse(time.DateOnly, ds)
		tc := testCenters[rng.IntN(len(testCenters)-1)]
		*nextID += int64(1 + rng.IntN(5000))
		id := *nextID
		result, variant := "Godkendt", "Første syn"
		var codes []any
		var deadline any
		switch r := rng.IntN(10); {
		case r >= 8:
			result = "Ikke godkendt"
			deadline = date(t.AddDate(0, 1, 0))
		case r >= 6:
			result = "Betinget godkendt"
		}
		if result != "Godkendt" {
			for k := 0; k < 1+rng.IntN(3); k++ {
				ec := errorCodeCatalogue[rng.IntN(len(errorCodeCatalogue))]
				codes = append(codes, map[string]any{"code": ec[0], "category": ec[1], "description": ec[2]})
			}
		}
		if codes == nil {
			codes = []any{}
		}
		m := startMileage + (finalMileage-startMileage)*(i+1)/len(dates)
		m -= m % 1000
		_, week := t.ISOWeek()
		in := map[string]any{
			"id": json.Number(strconv.FormatInt(id, 10)), "vehicle_id": v.base["id"], "registration": reg, "vin": vin,
			"date": ds, "time": fmt.Sprintf("%02d:%02d:00", 7+rng.IntN(9), rng.IntN(4)*15), "weekday": danishWeekdays[t.Weekday()],
			"week_number": json.Number(strconv.Itoa(week)), "month": danishMonths[t.Month()-1],
			"kind": "Periodisk syn", "variant": variant, "result": result,
			"vehicle_type": inspectionVehicleType(sp), "vehicle_division": "light", "mileage": json.Number(strconv.Itoa(m)),
			"reinspection_deadline": deadline, "inspection_test_center_id": json.Number(strconv.FormatInt(tc.id, 10)),
			"test_center_company_no": json.Number(strconv.FormatInt(tc.companyNo, 10)), "test_center_name": tc.name,
			"test_center_address": tc.address, "test_center_name_and_address": tc.name + " - " + tc.address,
			"test_center_zip": json.Number(strconv.Itoa(tc.zip)), "test_center_city": tc.city,
			"pdf": "https://findsynsrapport.esyn.dk/webapi/v1/Document/" + strconv.FormatInt(id, 10), "error_codes": codes,
		}
		v.inspections = append(v.inspections, in)
	}
	sort.SliceStable(v.inspections, func(i, j int) bool {
		return v.inspections[i]["date"].(string) < v.inspections[j]["date"].(string)
	})
	if n := len(v.inspections); n > 0 && v.base["last_inspection_date"] == nil {
		last := v.inspections[n-1]
		v.base["last_inspection_date"] = last["date"]
		v.base["last_inspection_result"] = last["result"]
		v.base["last_inspection_kind"] = "PeriodiskSyn"
	}
}

func inspectionVehicleType(sp spec) string {
	if sp.category == "N1" {
		return "N1-Varebil <= 3500 kg"
	}
	return "M1-Personbil <= 3500 kg"
}

func (d *dataset) buildCatalogue() {
	type item struct{ id, name, parentKey, parent string }
	seen := map[string]bool{}
	add := func(list *[]map[string]any, kind string, it item) {
		if seen[kind+it.id] {
			return
		}
		seen[kind+it.id] = true
		m := map[string]any{"id": it.id, "name": it.name}
		if it.parentKey != "" {
			m[it.parentKey] = it.parent
		}
		*list = append(*list, m)
	}
	for _, sp := range specs {
		add(&d.brands, "brand", item{sp.brandID, sp.brand, "", ""})
		add(&d.models, "model", item{sp.modelID, sp.model, "brand_id", sp.brandID})
		add(&d.variants, "variant", item{sp.variantID, sp.variant, "model_id", sp.modelID})
		add(&d.versions, "version", item{sp.versionID, sp.version, "variant_id", sp.variantID})
	}
	// Models without vehicles in the fake, so brands have several models.
	for _, m := range []item{{"2", "A3", "brand_id", "1"}, {"3", "A4", "brand_id", "1"}, {"4", "Q2", "brand_id", "1"},
		{"10067031", "POLO", "brand_id", "10067"}, {"10067064", "ID.4", "brand_id", "10067"}, {"10045061", "C3", "brand_id", "10045"},
		{"10064060", "AYGO X", "brand_id", "10064"}, {"10133004", "MODEL Y", "brand_id", "10133"}} {
		add(&d.models, "model", m)
	}
	for _, b := range []item{{"10007", "BMW", "", ""}, {"10047", "MERCEDES-BENZ", "", ""}, {"10074", "VOLVO", "", ""},
		{"10138", "POLESTAR", "", ""}, {"10041", "KIA", "", ""}, {"10030", "HYUNDAI", "", ""}} {
		add(&d.brands, "brand", b)
	}
	for _, v := range []item{{"2", "1,0 TFSI 95 HK", "model_id", "1"}, {"3", "1,5 TFSI 150 HK", "model_id", "1"}} {
		add(&d.variants, "variant", v)
	}
	for _, v := range []item{{"105", "Sportback", "variant_id", "1"}, {"106", "Citycarver", "variant_id", "1"}} {
		add(&d.versions, "version", v)
	}
	for i, name := range []string{"Sedan", "Hatchback", "Stationcar", "SUV", "Cabriolet", "Coupé", "Varevogn, lukket", "MPV"} {
		d.bodyTypes = append(d.bodyTypes, map[string]any{"id": strconv.Itoa(i + 1), "name": name})
	}
	byID := func(l []map[string]any) {
		sort.SliceStable(l, func(i, j int) bool {
			a, _ := strconv.ParseInt(l[i]["id"].(string), 10, 64)
			b, _ := strconv.ParseInt(l[j]["id"].(string), 10, 64)
			return a < b
		})
	}
	byID(d.brands)
	byID(d.models)
	byID(d.variants)
	byID(d.versions)
}

func (d *dataset) buildTestCenters() {
	for _, tc := range testCenters {
		for i, div := range tc.divisions {
			d.testCenters = append(d.testCenters, map[string]any{"name": tc.name, "address": tc.address,
				"zip": json.Number(strconv.Itoa(tc.zip)), "city": tc.city, "lat": num(tc.lat), "lng": num(tc.lng),
				"division": div, "phone": json.Number(strconv.FormatInt(tc.phone, 10)), "website": tc.website, "smiley": tc.smileys[i]})
		}
		d.inspCenters = append(d.inspCenters, map[string]any{"id": json.Number(strconv.FormatInt(tc.id, 10)), "name": tc.name,
			"address": tc.address, "zip": json.Number(strconv.Itoa(tc.zip)), "city": tc.city, "lat": num(tc.lat), "lng": num(tc.lng),
			"company_no": json.Number(strconv.FormatInt(tc.companyNo, 10)), "first_inspection_date": tc.firstInspection,
			"last_inspection_date": tc.lastInspec})
	}
}

func (d *dataset) buildLeasing() {
	for _, v := range d.vehicles {
		for _, lp := range v.expands["leasing_periods"].([]any) {
			d.leasing = append(d.leasing, lp.(map[string]any))
		}
	}
}

// vehicleColors are the colours of the generated vehicles; color_id is the
// position in this list, from 1.
var vehicleColors = []string{"Sort", "Hvid", "Grå", "Blå", "Rød", "Sølv"}

// vehicleAttrs is the flat attribute set a vehicle search matches on: the
// vehicle's own fields, and the fields of its emission, engine, weight,
// axle and body expands both plain ("co2") and prefixed ("emission.co2").
func vehicleAttrs(v *vehicle) map[string]any {
	a := flatten(v.base, "inspections")
	for _, name := range []string{"emission", "engine", "weight", "axle", "body", "age"} {
		m, _ := v.expands[name].(map[string]any)
		for k, val := range m {
			a[name+"."+k] = val
			if _, clash := a[k]; !clash {
				a[k] = val
			}
		}
	}
	if age := vehicleAge(v); age != nil {
		a["age"] = json.Number(strconv.Itoa(age["years"].(int)))
	}
	// The documented attributes that come from DMR's live data and from
	// DMR's code lists; the live values are those of the dmr_data expand.
	dmr, _ := v.expands["dmr_data"].(map[string]any)
	for _, k := range []string{"inspection_frequency", "next_inspection_date", "insurance_company", "insurance_status",
		"insurance_policy_number", "insurance_created_at", "electricity_efficiency_measured", "battery_capacity",
		"electric_range", "plugin_hybrid", "automatic_transmission"} {
		a[k] = dmr[k]
	}
	var invocations []string
	if l, ok := dmr["inspection_invocations"].([]any); ok {
		for _, in := range l {
			if m, ok := in.(map[string]any); ok {
				invocations = append(invocations, fmt.Sprint(m["invocation_type"]))
			}
		}
	}
	a["inspection_invocations"] = strings.Join(invocations, ", ")
	a["cached_at"] = today().Format(time.DateOnly)
	a["last_modification"] = a["status_updated_at"]
	a["color_id"] = nil
	if i := slices.Index(vehicleColors, fmt.Sprint(a["color"])); i >= 0 {
		a["color_id"] = json.Number(strconv.Itoa(i + 1))
	}
	a["emission_class_id"] = nil
	if ec, ok := a["emission_class"].(string); ok {
		a["emission_class_id"] = json.Number(ec)
	}
	a["suitable_for_taxi"] = a["kind"] == "Personbil" && a["category"] == "M1"
	return a
}

// flatten copies the scalar members of m, leaving out the keys in skip.
func flatten(m map[string]any, skip ...string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		skipped := false
		for _, s := range skip {
			if k == s {
				skipped = true
			}
		}
		if !skipped {
			out[k] = v
		}
	}
	return out
}

// vehicleAge computes the age expand as documented: to the deregistration
// date for vehicles whose registration_status is Afmeldt, else to today().
func vehicleAge(v *vehicle) map[string]any {
	fs, _ := v.base["first_registration_date"].(string)
	first, err := time.Parse(time.DateOnly, fs)
	if err != nil {
		return nil
	}
	end := today()
	if v.base["registration_status"] == "Afmeldt" {
		if s, ok := v.base["registration_status_updated_at"].(string); ok {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				end = t
			}
		}
	}
	months := (end.Year()-first.Year())*12 + int(end.Month()) - int(first.Month())
	if end.Day() < first.Day() {
		months--
	}
	if months < 0 {
		months = 0
	}
	return map[string]any{"years": months / 12, "months": months % 12}
}
