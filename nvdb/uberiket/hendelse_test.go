package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hendelser shaped after the specification, about the sample objects.
const (
	versjon1 = `{"versjonId":1,"gyldighetsperiode":{"startdato":"2005-06-01","sluttdato":"2009-01-01"},
		"egenskaper":{"2021":{"type":"EnumEgenskap","verdi":2735}},"barn":{},
		"stedfesting":{"type":"StedfestingLinjer","linjer":[{"id":41423,"startposisjon":0,"sluttposisjon":0.95944735,"retning":"MED"}]}}`
	versjon2 = `{"versjonId":2,"gyldighetsperiode":{"startdato":"2009-01-01"},
		"egenskaper":{"2021":{"type":"EnumEgenskap","verdi":2730},"5127":{"type":"DatoEgenskap","verdi":"1980-01-01"}},"barn":{},
		"stedfesting":{"type":"StedfestingLinjer","linjer":[{"id":41423,"startposisjon":0,"sluttposisjon":0.4010989,"retning":"MED"},
			{"id":41423,"startposisjon":0.59010989,"sluttposisjon":0.95944735,"retning":"MED"}]}}`

	hendelseOpprettet = `{"hendelseId":150000004,"hendelseType":"VegobjektVersjonOpprettet","vegobjektId":85283803,"vegobjektTypeId":105,
		"vegobjektVersjon":2,"tidspunkt":"2025-04-30T19:09:15.976470Z",
		"data":{"type":"VegobjektVersjonOpprettet","versjon":` + versjon2 + `}}`
	hendelseEndret = `{"hendelseId":150000003,"hendelseType":"VegobjektVersjonEndret","vegobjektId":85283803,"vegobjektTypeId":105,
		"vegobjektVersjon":1,"tidspunkt":"2025-04-30T19:09:15.976Z",
		"data":{"type":"VegobjektVersjonEndret","versjonId":1,
			"gyldighetsperiode":{"startdato":"2005-06-01","sluttdato":"2009-01-01"},
			"egenskapEndringer":{"2021":{"type":"EnumEgenskap","verdi":2735}},
			"barnEndringer":{"220":{"type":"RelasjonEndret","barnLagtTil":[1001],"barnFjernet":[1000]},
				"221":{"type":"RelasjonErstattet","barn":[7,8]},"222":{"type":"RelasjonFjernet"}},
			"stedfestingEndring":{"type":"StedfestingLinjerEndret",
				"lagtTil":[{"id":41423,"startposisjon":0.5,"sluttposisjon":0.95944735,"retning":"MED","kjorefelt":[]}],
				"fjernet":[{"id":41423,"startposisjon":0.59010989,"sluttposisjon":0.95944735,"retning":"MED","kjorefelt":[]}]},
			"originalVersjon":` + versjon1 + `}}`
	hendelseFjernet = `{"hendelseId":150000005,"hendelseType":"VegobjektVersjonFjernet","vegobjektId":85283803,"vegobjektTypeId":105,
		"vegobjektVersjon":2,"tidspunkt":"2025-11-03T10:15:00Z",
		"data":{"type":"VegobjektVersjonFjernet","versjonId":2,"originalVersjon":` + versjon2 + `}}`
	hendelseImportert = `{"hendelseId":150000001,"hendelseType":"VegobjektImportert","vegobjektId":85283803,"vegobjektTypeId":105,
		"vegobjektVersjon":0,"tidspunkt":"2025-05-02T20:00:00Z",
		"data":{"type":"VegobjektImportert","versjoner":{"1":` + versjon1 + `,"2":` + versjon2 + `}}}`
)

// TestVegobjektHendelser decodes each kind of vegobjekt hendelse, reads
// its details, writes it back unchanged and validates it.
func TestVegobjektHendelser(t *testing.T) {
	spec := loadSpec(t)
	tests := []struct {
		name string
		json string
		want func(t *testing.T, h *VegobjektHendelse)
	}{
		{"opprettet", hendelseOpprettet, func(t *testing.T, h *VegobjektHendelse) {
			v := h.Data.Versjon
			require.NotNil(t, v)
			assert.Equal(t, 2, v.VersjonID)
			fart, _ := v.Egenskaper[2021].EnumID()
			assert.Equal(t, 2730, fart)
			o := v.Vegobjekt(h.VegobjektID, h.VegobjektTypeID, h.Tidspunkt)
			assert.True(t, o.Aktiv(time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)))
		}},
		{"endret", hendelseEndret, func(t *testing.T, h *VegobjektHendelse) {
			d := h.Data
			assert.Equal(t, 1, d.VersjonID)
			assert.True(t, d.Gyldighetsperiode.Lukket(), "the old version is closed")
			assert.Equal(t, &RelasjonEndring{Type: RelasjonEndret, BarnLagtTil: []int64{1001}, BarnFjernet: []int64{1000}}, d.BarnEndringer[220])
			assert.Equal(t, &RelasjonEndring{Type: RelasjonErstattet, Barn: []int64{7, 8}}, d.BarnEndringer[221])
			assert.Equal(t, &RelasjonEndring{Type: RelasjonFjernet}, d.BarnEndringer[222])
			require.NotNil(t, d.StedfestingEndring.Linjer)
			assert.Equal(t, 0.5, d.StedfestingEndring.Linjer.LagtTil[0].Startposisjon)
			assert.Len(t, d.StedfestingEndring.Linjer.Fjernet, 1)
			assert.Equal(t, 1, d.OriginalVersjon.VersjonID)
		}},
		{"fjernet", hendelseFjernet, func(t *testing.T, h *VegobjektHendelse) {
			assert.Equal(t, 2, h.Data.VersjonID)
			assert.Equal(t, 2, h.Data.OriginalVersjon.VersjonID)
		}},
		{"importert", hendelseImportert, func(t *testing.T, h *VegobjektHendelse) {
			assert.Zero(t, h.VegobjektVersjon)
			require.Len(t, h.Data.Versjoner, 2)
			assert.Equal(t, Dato("2009-01-01"), h.Data.Versjoner[1].Gyldighetsperiode.Sluttdato)
		}},
		{"without data", `{"hendelseId":150000006,"hendelseType":"VegobjektVersjonOpprettet","vegobjektId":1,"vegobjektTypeId":105,
			"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z"}`, func(t *testing.T, h *VegobjektHendelse) {
			assert.Nil(t, h.Data)
		}},
		{"unknown kind kept", `{"hendelseId":150000007,"hendelseType":"VegobjektFlyttet","vegobjektId":1,"vegobjektTypeId":105,
			"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektFlyttet","til":{"a":[1]}}}`,
			func(t *testing.T, h *VegobjektHendelse) {
				assert.JSONEq(t, `{"type":"VegobjektFlyttet","til":{"a":[1]}}`, string(h.Data.Raw))
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h VegobjektHendelse
			out := roundTrip(t, []byte(tc.json), &h)
			tc.want(t, &h)
			if h.Data == nil || h.Data.Raw == nil { // the spec knows no other kinds
				assert.Empty(t, violations(spec.ValidateSchema("VegobjektHendelseResponse", out)))
			}
			var back VegobjektHendelse
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, h, back, "the written form reads back to the same value")
		})
	}
	t.Run("page", func(t *testing.T) {
		page := `{"hendelser":[` + hendelseImportert + `,` + hendelseEndret + `,` + hendelseOpprettet + `],
			"metadata":{"returnert":3,"sidestorrelse":1000,"neste":{"start":"150000004","href":"https://nvdbapiles.atlas.vegvesen.no/uberiket/api/v1/hendelser/vegobjekter/105?start=150000004"}}}`
		var side vegobjektHendelserSide
		out := roundTrip(t, []byte(page), &side)
		assert.Empty(t, violations(spec.ValidateSchema("VegobjektHendelserSide", out)))
		assert.Equal(t, "150000004", side.Metadata.Neste.Start)
	})
}

// TestStedfestingEndring decodes each kind of stedfesting change and
// writes it back unchanged.
func TestStedfestingEndring(t *testing.T) {
	spec := loadSpec(t)
	for _, tc := range []struct {
		json string
		want StedfestingEndring
	}{
		{`{"type":"StedfestingFjernet"}`, StedfestingEndring{Type: StedfestingFjernet}},
		{`{"type":"StedfestingErstattet","stedfesting":{"type":"StedfestingMangler"}}`,
			StedfestingEndring{Type: StedfestingErstattet, Stedfesting: &Stedfesting{Type: StedfestingMangler}}},
		{`{"type":"StedfestingLinjerEndret","lagtTil":[],"fjernet":[{"id":5,"startposisjon":0,"sluttposisjon":1,"kjorefelt":[]}]}`,
			StedfestingEndring{Type: StedfestingLinjerEndret, Linjer: &LinjerEndret{LagtTil: []StedfestingLinje{},
				Fjernet: []StedfestingLinje{{VeglenkesekvensID: 5, Sluttposisjon: 1, Kjorefelt: []string{}}}}}},
		{`{"type":"StedfestingPunkterEndret","lagtTil":[{"id":5,"posisjon":0.5,"kjorefelt":["1"]}],"fjernet":[]}`,
			StedfestingEndring{Type: StedfestingPunkterEndret, Punkter: &PunkterEndret{Fjernet: []StedfestingPunkt{},
				LagtTil: []StedfestingPunkt{{VeglenkesekvensID: 5, Posisjon: 0.5, Kjorefelt: []string{"1"}}}}}},
	} {
		t.Run(tc.want.Type, func(t *testing.T) {
			var s StedfestingEndring
			require.NoError(t, json.Unmarshal([]byte(tc.json), &s))
			assert.Equal(t, tc.want, s)
			out, err := json.Marshal(s)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(out))
			assert.NoError(t, spec.ValidateSchema("StedfestingEndring", out))
		})
	}
	const raw = `{"type":"StedfestingFlyttet","lagtTil":"x"}`
	var s StedfestingEndring
	require.NoError(t, json.Unmarshal([]byte(raw), &s), "an unknown kind is kept even when its members look like a known one's")
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, raw, string(out))
	var r RelasjonEndring
	require.NoError(t, json.Unmarshal([]byte(`{"type":"RelasjonFlyttet","barn":"x"}`), &r))
	out, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"RelasjonFlyttet","barn":"x"}`, string(out))

	// An object with children writes them back keyed by relasjonstype.
	var o Vegobjekt
	const withBarn = `{"id":1,"versjon":1,"typeId":581,"sistEndret":"2025-05-01T18:46:46Z","barn":{"67":[89204552,89204553],"220":[]}}`
	require.NoError(t, json.Unmarshal([]byte(withBarn), &o))
	assert.Equal(t, []int64{89204552, 89204553}, o.Barn[67])
	out, err = json.Marshal(o)
	require.NoError(t, err)
	assert.JSONEq(t, withBarn, string(out))
}

// TestVegobjektHendelseRefused: the members the specification requires,
// per kind.
func TestVegobjektHendelseRefused(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0,"tidspunkt":"2025-11-03T10:15:00Z"}`, `"hendelseId"`},
		{`{"hendelseId":1,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"tidspunkt":"2025-11-03T10:15:00Z"}`, `"vegobjektVersjon"`},
		{`{"hendelseId":1,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0}`, `"tidspunkt"`},
		{`{"hendelseId":1,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0,"tidspunkt":"2025-11-03T10:15:00Z","data":{}}`, `"type"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":0,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektImportert"}}`, `"versjoner"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonOpprettet"}}`, `"versjon"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonEndret","versjonId":1,"egenskapEndringer":{}}}`, `"barnEndringer"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonFjernet"}}`, `"versjonId"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonEndret","versjonId":1,"egenskapEndringer":{},"barnEndringer":{"1":{"type":"RelasjonEndret","barnLagtTil":[]}}}}`, `"barnFjernet"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonEndret","versjonId":1,"egenskapEndringer":{},"barnEndringer":{},"stedfestingEndring":{"type":"StedfestingErstattet"}}}`, `"stedfesting"`},
		{`{"hendelseId":1,"hendelseType":"x","vegobjektId":1,"vegobjektTypeId":105,"vegobjektVersjon":1,"tidspunkt":"2025-11-03T10:15:00Z","data":{"type":"VegobjektVersjonEndret","versjonId":1,"egenskapEndringer":{},"barnEndringer":{},"stedfestingEndring":{"type":"StedfestingPunkterEndret","lagtTil":[]}}}`, `"fjernet"`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			var h VegobjektHendelse
			assert.ErrorContains(t, json.Unmarshal([]byte(tc.json), &h), tc.want)
		})
	}
	at := time.Date(2025, 11, 3, 10, 15, 0, 0, time.UTC)
	ok := func() *VegobjektHendelse {
		return &VegobjektHendelse{HendelseID: 1, HendelseType: VegobjektImportert, VegobjektID: 1, VegobjektTypeID: 105, Tidspunkt: at}
	}
	require.NoError(t, ok().check())
	for name, mutate := range map[string]func(h *VegobjektHendelse){
		"hendelseId":  func(h *VegobjektHendelse) { h.HendelseID = 0 },
		"type":        func(h *VegobjektHendelse) { h.HendelseType = "" },
		"vegobjektId": func(h *VegobjektHendelse) { h.VegobjektID = 0 },
		"typeId":      func(h *VegobjektHendelse) { h.VegobjektTypeID = 0 },
		"versjon":     func(h *VegobjektHendelse) { h.VegobjektVersjon = -1 },
		"tidspunkt":   func(h *VegobjektHendelse) { h.Tidspunkt = time.Time{} },
		"data type":   func(h *VegobjektHendelse) { h.Data = &VegobjektHendelseData{} },
		"importert":   func(h *VegobjektHendelse) { h.Data = &VegobjektHendelseData{Type: VegobjektImportert} },
		"opprettet":   func(h *VegobjektHendelse) { h.Data = &VegobjektHendelseData{Type: VegobjektVersjonOpprettet} },
		"unknown":     func(h *VegobjektHendelse) { h.Data = &VegobjektHendelseData{Type: "Ny"} },
	} {
		h := ok()
		mutate(h)
		assert.Error(t, h.check(), name)
	}
}

const (
	veglenke = `{"nummer":1,"gyldighetsperiode":{"startdato":"2011-02-25"},"konnektering":false,"topologiniva":"VEGTRASE",
		"malemetode":"GEOMETRISK","detaljniva":"VEGTRASE","typeVeg":"KANALISERT_VEG","startport":1,"sluttport":2,"kommune":301,
		"geometri":{"wkt":"LINESTRING Z(270882.07 6651693.75 165.488, 270878.07 6651708.06 165.428)","srid":5973,"lengde":14.86},
		"lengde":14.86,"feltoversikt":["1","2"]}`
	nodeGeometri = `{"wkt":"POINT Z(273292 7041529 54.335)","srid":5973}`
)

// TestVegnettHendelser decodes each kind of vegnett hendelse, writes it
// back unchanged and validates it.
func TestVegnettHendelser(t *testing.T) {
	spec := loadSpec(t)
	hendelse := func(id int64, typ string, element int64, data string) string {
		b, _ := json.Marshal(map[string]any{"hendelseId": id, "hendelseType": typ, "nettelementId": element,
			"nettelementType": 0, "tidspunkt": "2025-05-02T13:20:03.017657Z", "data": json.RawMessage(data)})
		return string(b)
	}
	tests := []struct {
		name string
		json string
		want func(t *testing.T, d *VegnettHendelseData)
	}{
		{"veglenkesekvens opprettet", hendelse(7000001, VeglenkesekvensOpprettet, 1951809, `{"type":"VeglenkesekvensOpprettet",
			"porter":[{"nummer":1,"nodeId":1951825,"nodePortNummer":2,"posisjon":0},{"nummer":2,"nodeId":1951851,"nodePortNummer":3,"posisjon":1}],
			"veglenker":[`+veglenke+`],"lengde":14.86,"lastLengde":false}`), func(t *testing.T, d *VegnettHendelseData) {
			require.NotNil(t, d.Veglenkesekvens)
			assert.Len(t, d.Veglenkesekvens.Porter, 2)
			assert.Equal(t, 301, d.Veglenkesekvens.Veglenker[0].Kommune)
			assert.Equal(t, 14.86, *d.Veglenkesekvens.Lengde)
		}},
		{"veglenkesekvens endret", hendelse(7000002, VeglenkesekvensEndret, 1951809, `{"type":"VeglenkesekvensEndret",
			"porterErstattet":[],"porterFjernet":[3],"veglenkerErstattet":[`+veglenke+`],"veglenkerFjernet":[2,3],"lengde":14.86}`),
			func(t *testing.T, d *VegnettHendelseData) {
				assert.Equal(t, []int{2, 3}, d.Veglenkesekvens.VeglenkerFjernet)
				assert.Empty(t, d.Veglenkesekvens.PorterErstattet)
				assert.Nil(t, d.Veglenkesekvens.LastLengde)
			}},
		{"veglenkesekvens fjernet", hendelse(7000003, VeglenkesekvensFjernet, 1951809, `{"type":"VeglenkesekvensFjernet"}`),
			func(t *testing.T, d *VegnettHendelseData) { assert.Nil(t, d.Veglenkesekvens) }},
		{"node opprettet", hendelse(7000004, NodeOpprettet, 95513, `{"type":"NodeOpprettet",
			"porter":[{"nummer":1,"veglenkesekvensId":73587,"veglenkesekvensPortNummer":2}],
			"geometri":`+nodeGeometri+`,"gyldighetsperiode":{"startdato":"1950-01-01"}}`), func(t *testing.T, d *VegnettHendelseData) {
			assert.Equal(t, int64(73587), d.Node.Porter[0].VeglenkesekvensID)
			assert.Equal(t, 5973, d.Node.Geometri.Srid)
		}},
		{"node endret", hendelse(7000005, NodeEndret, 95513, `{"type":"NodeEndret","porterErstattet":[],"porterFjernet":[2],
			"gyldighetsperiode":{"startdato":"1950-01-01","sluttdato":"2025-05-02"}}`), func(t *testing.T, d *VegnettHendelseData) {
			assert.Equal(t, []int{2}, d.Node.PorterFjernet)
			assert.Nil(t, d.Node.Geometri)
		}},
		{"node fjernet", hendelse(7000006, NodeFjernet, 95513, `{"type":"NodeFjernet"}`), func(t *testing.T, d *VegnettHendelseData) {
			assert.Nil(t, d.Node)
		}},
		{"unknown kind kept", hendelse(7000007, "TunnelOpprettet", 1, `{"type":"TunnelOpprettet","x":[1]}`), func(t *testing.T, d *VegnettHendelseData) {
			assert.JSONEq(t, `{"type":"TunnelOpprettet","x":[1]}`, string(d.Raw))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h VegnettHendelse
			out := roundTrip(t, []byte(tc.json), &h)
			tc.want(t, h.Data)
			if h.Data.Raw == nil {
				assert.NoError(t, spec.ValidateSchema("VegnettHendelseResponse", out))
			}
		})
	}
	for _, tc := range []struct{ data, want string }{
		{`{"type":"VeglenkesekvensOpprettet","porter":[],"veglenker":[],"lengde":1}`, `"lastLengde"`},
		{`{"type":"VeglenkesekvensEndret","porterErstattet":[],"porterFjernet":[],"veglenkerErstattet":[]}`, `"veglenkerFjernet"`},
		{`{"type":"NodeOpprettet","porter":[],"geometri":` + nodeGeometri + `}`, `"gyldighetsperiode"`},
		{`{"type":"NodeEndret","porterErstattet":[]}`, `"porterFjernet"`},
		{`{"porter":[]}`, `"type"`},
		{`{"type":"NodeOpprettet","porter":[{"nummer":1}],"geometri":` + nodeGeometri + `,"gyldighetsperiode":{"startdato":"1950-01-01"}}`, `"veglenkesekvensId"`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			var h VegnettHendelse
			assert.ErrorContains(t, json.Unmarshal([]byte(hendelse(1, "x", 1, tc.data)), &h), tc.want)
		})
	}
	at := time.Date(2025, 5, 2, 13, 20, 3, 0, time.UTC)
	ok := VegnettHendelse{HendelseID: 1, HendelseType: NodeFjernet, NettelementID: 95513, Tidspunkt: at}
	require.NoError(t, ok.check())
	for name, h := range map[string]VegnettHendelse{
		"id":        {HendelseType: NodeFjernet, NettelementID: 95513, Tidspunkt: at},
		"type":      {HendelseID: 1, NettelementID: 95513, Tidspunkt: at},
		"element":   {HendelseID: 1, HendelseType: NodeFjernet, Tidspunkt: at},
		"tidspunkt": {HendelseID: 1, HendelseType: NodeFjernet, NettelementID: 95513},
		"data":      {HendelseID: 1, HendelseType: NodeFjernet, NettelementID: 95513, Tidspunkt: at, Data: &VegnettHendelseData{}},
	} {
		assert.Error(t, h.check(), name)
	}
	assert.Error(t, (*VegnettHendelse)(nil).check())
	t.Run("written from code", func(t *testing.T) {
		out, err := json.Marshal(VegnettHendelseData{Type: VeglenkesekvensEndret,
			Veglenkesekvens: &VeglenkesekvensEndring{VeglenkerFjernet: []int{2}}})
		require.NoError(t, err)
		assert.JSONEq(t, `{"type":"VeglenkesekvensEndret","porterErstattet":[],"porterFjernet":[],"veglenkerErstattet":[],"veglenkerFjernet":[2]}`, string(out),
			"the lists the kind requires are sent, also empty")
		assert.NoError(t, spec.ValidateSchema("VegnettHendelse", out))
	})
}

// TestEndringssettSide: the page of hendelser an endringssett made, both
// families.
func TestEndringssettSide(t *testing.T) {
	spec := loadSpec(t)
	page := `{"vegobjektHendelser":[` + hendelseEndret + `,` + hendelseOpprettet + `],
		"vegnettHendelser":[{"hendelseId":7000006,"hendelseType":"NodeFjernet","nettelementId":95513,"nettelementType":0,
			"tidspunkt":"2025-04-30T19:09:15.976470Z","data":{"type":"NodeFjernet"}}],
		"metadata":{"returnert":3,"sidestorrelse":1000}}`
	var side endringssettHendelserSide
	out := roundTrip(t, []byte(page), &side)
	assert.Empty(t, violations(spec.ValidateSchema("EndringssettHendelserSide", out)))
	assert.Len(t, side.VegobjektHendelser, 2)

	for name, p := range map[string]checker{
		"vegobjekter":  &vegobjekterSide{Metadata: &SideMetadata{}},
		"metadata":     &vegobjekterSide{Vegobjekter: []*Vegobjekt{}},
		"null item":    &vegobjekterSide{Vegobjekter: []*Vegobjekt{nil}, Metadata: &SideMetadata{Returnert: 1}},
		"neste":        &vegobjekterSide{Vegobjekter: []*Vegobjekt{}, Metadata: &SideMetadata{Neste: &NesteSide{}}},
		"noder":        &noderSide{Metadata: &SideMetadata{}},
		"veglenker":    &veglenkesekvenserSide{Metadata: &SideMetadata{}},
		"vls item":     &veglenkesekvenserSide{Veglenkesekvenser: []*Veglenkesekvens{{}}, Metadata: &SideMetadata{}},
		"hendelser":    &vegobjektHendelserSide{Metadata: &SideMetadata{}},
		"vegnett":      &vegnettHendelserSide{Metadata: &SideMetadata{}},
		"vegnett item": &vegnettHendelserSide{Hendelser: []*VegnettHendelse{{}}, Metadata: &SideMetadata{}},
		"endringssett": &endringssettHendelserSide{VegobjektHendelser: []*VegobjektHendelse{}, Metadata: &SideMetadata{}},
		"bad hendelse": &endringssettHendelserSide{VegobjektHendelser: []*VegobjektHendelse{{}}, VegnettHendelser: []*VegnettHendelse{}, Metadata: &SideMetadata{}},
	} {
		assert.Error(t, p.check(), name)
	}
	var empty vegobjekterSide
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"vegobjekter":[],"metadata":{"returnert":0}}`), &empty), `"sidestorrelse"`)
	require.NoError(t, json.Unmarshal([]byte(`{"vegobjekter":[],"metadata":{"returnert":0,"sidestorrelse":1000}}`), &empty))
	assert.NoError(t, empty.check())
	var other vegobjekterSide
	require.NoError(t, json.Unmarshal([]byte(`{"objekter":[],"metadata":{"returnert":0,"sidestorrelse":1000}}`), &other))
	assert.Error(t, other.check(), "a Les v4 page is not an Uberiket page")
}
