package uberiket

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVeglenkeMedID: a line of the veglenker stream.
func TestVeglenkeMedID(t *testing.T) {
	spec := loadSpec(t)
	const line = `{"veglenkesekvensId":1951809,"veglenkenummer":1,"gyldighetsperiode":{"startdato":"2011-02-25"},
		"konnektering":false,"topologiniva":"VEGTRASE","malemetode":"GEOMETRISK","detaljniva":"VEGTRASE","typeVeg":"KANALISERT_VEG",
		"superstedfesting":{"id":41423,"startposisjon":0.1,"sluttposisjon":0.2,"retning":"MED","kjorefelt":["1"]},
		"startnode":1951825,"sluttnode":1951851,"startposisjon":0,"sluttposisjon":1,"kommune":301,
		"geometri":{"wkt":"LINESTRING Z(270882.07 6651693.75 165.488, 270878.07 6651708.06 165.428)","srid":5973},
		"lengde":14.86,"feltoversikt":[]}`
	var l VeglenkeMedID
	out := roundTrip(t, []byte(line), &l)
	assert.NoError(t, spec.ValidateSchema("VeglenkeMedId", out))
	assert.Equal(t, int64(1951851), l.Sluttnode)
	assert.Equal(t, []string{"1"}, l.Superstedfesting.Kjorefelt)
	assert.Error(t, (&VeglenkeMedID{}).check())
	assert.Error(t, (&VeglenkeMedID{VeglenkesekvensID: 1, Gyldighetsperiode: Gyldighetsperiode{Startdato: "2011-02-25"}}).check(), "no geometri")
	assert.Error(t, (*VeglenkeMedID)(nil).check())
}

// TestVegnettRequired: the network models require what the specification
// requires.
func TestVegnettRequired(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		json string
		want string
	}{
		{"veglenkesekvens id", &Veglenkesekvens{}, `{"porter":[]}`, `"id"`},
		{"port", &Veglenkesekvens{}, `{"id":1,"porter":[{"nummer":1,"nodeId":2,"posisjon":0}]}`, `"nodePortNummer"`},
		{"veglenke", &Veglenkesekvens{}, `{"id":1,"veglenker":[{"nummer":1}]}`, `"gyldighetsperiode"`},
		{"node", &Node{}, `{"id":1,"porter":[],"gyldighetsperiode":{"startdato":"1950-01-01"},"geometri":` + nodeGeometri + `}`, `"sistEndret"`},
		{"nodeport", &Node{}, `{"id":1,"porter":[{"nummer":1,"veglenkesekvensId":2}],"gyldighetsperiode":{"startdato":"1950-01-01"},"geometri":` + nodeGeometri + `,"sistEndret":"2025-05-02T12:58:53.456667Z"}`, `"veglenkesekvensPortNummer"`},
		{"node sistEndret", &Node{}, `{"id":1,"porter":[],"gyldighetsperiode":{"startdato":"1950-01-01"},"geometri":` + nodeGeometri + `,"sistEndret":"x"}`, `invalid timestamp`},
		{"neste", &SideMetadata{}, `{"returnert":1,"sidestorrelse":1,"neste":{"start":"5"}}`, `"href"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorContains(t, json.Unmarshal([]byte(tc.json), tc.v), tc.want)
		})
	}
	// inkluder=minimum: a veglenkesekvens of its id alone is whole.
	var v Veglenkesekvens
	require.NoError(t, json.Unmarshal([]byte(`{"id":1951809}`), &v))
	require.NoError(t, v.check())
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":1951809}`, string(out))

	at := time.Date(2025, 5, 2, 12, 58, 53, 0, time.UTC)
	okNode := Node{ID: 1, Gyldighetsperiode: Gyldighetsperiode{Startdato: "1950-01-01"}, Geometri: Geometristruktur{WKT: "POINT(1 2)", Srid: 5973}, SistEndret: at}
	require.NoError(t, okNode.check())
	for name, n := range map[string]Node{
		"id":         {Gyldighetsperiode: okNode.Gyldighetsperiode, Geometri: okNode.Geometri, SistEndret: at},
		"sistEndret": {ID: 1, Gyldighetsperiode: okNode.Gyldighetsperiode, Geometri: okNode.Geometri},
		"periode":    {ID: 1, Geometri: okNode.Geometri, SistEndret: at},
		"geometri":   {ID: 1, Gyldighetsperiode: okNode.Gyldighetsperiode, SistEndret: at},
	} {
		assert.Error(t, n.check(), name)
	}
	assert.Error(t, (*Node)(nil).check())
	assert.Error(t, (*Veglenkesekvens)(nil).check())
	assert.Error(t, (&Veglenkesekvens{ID: 1, Veglenker: []Veglenke{{}}}).check())
}
