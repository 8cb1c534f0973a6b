package uberiket

import (
	"encoding/json"
	"fmt"
	"time"
)

// decodeStrict decodes b into v (a type without its own UnmarshalJSON)
// after checking that every member in required is present; the vegnett
// models and hendelser are not on a path hot enough for the hand-written
// checks of Vegobjekt.
func decodeStrict(b []byte, model string, v any, required ...string) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return fmt.Errorf("uberiket: %s: %w", model, err)
	}
	var miss []string
	for _, r := range required {
		if _, ok := members[r]; !ok {
			miss = append(miss, r)
		}
	}
	if len(miss) > 0 {
		return missing(model, miss...)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("uberiket: %s: %w", model, err)
	}
	return nil
}

// optInstant is a sistEndret that may be absent (the zero time).
func optInstant(t time.Time) *tidspunkt {
	if t.IsZero() {
		return nil
	}
	p := tidspunkt(t)
	return &p
}

// Detaljniva is how detailed a veglenke is: the road as a whole (VEGTRASE),
// one carriageway (KJOREBANE), one lane (KJOREFELT), or both of the first
// two where they coincide.
type Detaljniva string

// The levels of detail.
const (
	DetaljnivaVegtrase            Detaljniva = "VEGTRASE"
	DetaljnivaKjorebane           Detaljniva = "KJOREBANE"
	DetaljnivaKjorefelt           Detaljniva = "KJOREFELT"
	DetaljnivaVegtraseOgKjorebane Detaljniva = "VEGTRASE_OG_KJOREBANE"
)

// Topologiniva is the topology level a veglenke belongs to.
type Topologiniva string

// The topology levels.
const (
	TopologinivaVegtrase  Topologiniva = "VEGTRASE"
	TopologinivaKjorebane Topologiniva = "KJOREBANE"
	TopologinivaKjorefelt Topologiniva = "KJOREFELT"
)

// Malemetode says whether a veglenke's length is measured (METRERT) or
// taken from its geometry (GEOMETRISK).
type Malemetode string

// The measuring methods.
const (
	MalemetodeMetrert    Malemetode = "METRERT"
	MalemetodeGeometrisk Malemetode = "GEOMETRISK"
)

// TypeVeg is the kind of road a veglenke is (a ramp, a roundabout, a ferry
// ...).
type TypeVeg string

// The kinds of road of the specification.
const (
	TypeVegKanalisertVeg   TypeVeg = "KANALISERT_VEG"
	TypeVegEnkelBilveg     TypeVeg = "ENKEL_BILVEG"
	TypeVegRampe           TypeVeg = "RAMPE"
	TypeVegRundkjoring     TypeVeg = "RUNDKJORING"
	TypeVegBilferje        TypeVeg = "BILFERJE"
	TypeVegPassasjerferje  TypeVeg = "PASSASJERFERJE"
	TypeVegGangOgSykkelveg TypeVeg = "GANG_OG_SYKKELVEG"
	TypeVegSykkelveg       TypeVeg = "SYKKELVEG"
	TypeVegGangveg         TypeVeg = "GANGVEG"
	TypeVegGagate          TypeVeg = "GAGATE"
	TypeVegFortau          TypeVeg = "FORTAU"
	TypeVegTrapp           TypeVeg = "TRAPP"
	TypeVegGangfelt        TypeVeg = "GANGFELT"
	TypeVegGatetun         TypeVeg = "GATETUN"
	TypeVegTraktorveg      TypeVeg = "TRAKTORVEG"
	TypeVegSti             TypeVeg = "STI"
	TypeVegAnnet           TypeVeg = "ANNET"
)

// Veglenkesekvens is a sequence of veglenker between ports, the unit the
// road network is versioned in and the objects are placed on
// (StedfestingLinje.VeglenkesekvensID). Porter and Veglenker are nil when
// inkluder=minimum left them out.
type Veglenkesekvens struct {
	ID        int64                 `json:"id"`
	Porter    []Veglenkesekvensport `json:"porter,omitzero"`
	Veglenker []Veglenke            `json:"veglenker,omitzero"`
	// Lengde is the length in metres (nil when not sent).
	Lengde     *float64  `json:"lengde,omitempty"`
	SistEndret time.Time `json:"sistEndret,omitzero"`
}

// Veglenkesekvensport is a point along a veglenkesekvens (Posisjon, 0..1)
// where it meets a node's port.
type Veglenkesekvensport struct {
	Nummer         int     `json:"nummer"`
	NodeID         int64   `json:"nodeId"`
	NodePortNummer int     `json:"nodePortNummer"`
	Posisjon       float64 `json:"posisjon"`
}

// Veglenke is one link of a veglenkesekvens, from port Startport to port
// Sluttport, with its own geometry and validity.
type Veglenke struct {
	Nummer            int               `json:"nummer"`
	Gyldighetsperiode Gyldighetsperiode `json:"gyldighetsperiode"`
	Konnektering      bool              `json:"konnektering"`
	Topologiniva      Topologiniva      `json:"topologiniva"`
	Maledato          Dato              `json:"maledato,omitempty"`
	Malemetode        Malemetode        `json:"malemetode"`
	Detaljniva        Detaljniva        `json:"detaljniva"`
	TypeVeg           TypeVeg           `json:"typeVeg"`
	// Superstedfesting places a link of a carriageway or lane on the road
	// it belongs to.
	Superstedfesting *StedfestingLinje `json:"superstedfesting,omitempty"`
	Startport        int               `json:"startport"`
	Sluttport        int               `json:"sluttport"`
	Kommune          int               `json:"kommune"`
	Geometri         Geometristruktur  `json:"geometri"`
	Lengde           float64           `json:"lengde"`
	// Feltoversikt lists the lanes in the link's direction ("1", "2" ...).
	Feltoversikt []string `json:"feltoversikt"`
}

// VeglenkeMedID is a veglenke as the veglenker stream sends it: with its
// veglenkesekvens, its number in it, and its ends as nodes and positions
// instead of ports.
type VeglenkeMedID struct {
	VeglenkesekvensID int64             `json:"veglenkesekvensId"`
	Veglenkenummer    int               `json:"veglenkenummer"`
	Gyldighetsperiode Gyldighetsperiode `json:"gyldighetsperiode"`
	Konnektering      bool              `json:"konnektering"`
	Topologiniva      Topologiniva      `json:"topologiniva"`
	Maledato          Dato              `json:"maledato,omitempty"`
	Malemetode        Malemetode        `json:"malemetode"`
	Detaljniva        Detaljniva        `json:"detaljniva"`
	TypeVeg           TypeVeg           `json:"typeVeg"`
	Superstedfesting  *StedfestingLinje `json:"superstedfesting,omitempty"`
	Startnode         int64             `json:"startnode"`
	Sluttnode         int64             `json:"sluttnode"`
	Startposisjon     float64           `json:"startposisjon"`
	Sluttposisjon     float64           `json:"sluttposisjon"`
	Kommune           int               `json:"kommune"`
	Geometri          Geometristruktur  `json:"geometri"`
	Lengde            float64           `json:"lengde"`
	Feltoversikt      []string          `json:"feltoversikt"`
}

// Node is where veglenkesekvenser meet: its ports name the
// veglenkesekvens port each connects to.
type Node struct {
	ID                int64             `json:"id"`
	Porter            []Nodeport        `json:"porter"`
	Gyldighetsperiode Gyldighetsperiode `json:"gyldighetsperiode"`
	Geometri          Geometristruktur  `json:"geometri"`
	SistEndret        time.Time         `json:"sistEndret"`
}

// Nodeport is one port of a node and the veglenkesekvens port it meets.
type Nodeport struct {
	Nummer                    int   `json:"nummer"`
	VeglenkesekvensID         int64 `json:"veglenkesekvensId"`
	VeglenkesekvensPortNummer int   `json:"veglenkesekvensPortNummer"`
}

// UnmarshalJSON requires id, as the specification does.
func (v *Veglenkesekvens) UnmarshalJSON(b []byte) error {
	type plain Veglenkesekvens
	var w struct {
		plain
		SistEndret *tidspunkt `json:"sistEndret"`
	}
	if err := decodeStrict(b, "Veglenkesekvens", &w, "id"); err != nil {
		return err
	}
	*v = Veglenkesekvens(w.plain)
	if w.SistEndret != nil {
		v.SistEndret = time.Time(*w.SistEndret)
	}
	return nil
}

// MarshalJSON writes the veglenkesekvens as NVDB sends it.
func (v Veglenkesekvens) MarshalJSON() ([]byte, error) {
	type plain Veglenkesekvens
	return json.Marshal(struct {
		plain
		SistEndret *tidspunkt `json:"sistEndret,omitempty"`
	}{plain(v), optInstant(v.SistEndret)})
}

func (v *Veglenkesekvens) check() error {
	if v == nil {
		return invalidf("Veglenkesekvens", "null")
	}
	if v.ID <= 0 {
		return invalidf("Veglenkesekvens", "id %d", v.ID)
	}
	return lazily(func(model string) error {
		for i := range v.Veglenker {
			if err := v.Veglenker[i].check(model); err != nil {
				return err
			}
		}
		return nil
	}, func() string { return fmt.Sprintf("Veglenkesekvens %d", v.ID) })
}

// UnmarshalJSON requires nummer, nodeId, nodePortNummer and posisjon.
func (p *Veglenkesekvensport) UnmarshalJSON(b []byte) error {
	type plain Veglenkesekvensport
	return decodeStrict(b, "Veglenkesekvensport", (*plain)(p), "nummer", "nodeId", "nodePortNummer", "posisjon")
}

// UnmarshalJSON requires the members the specification requires.
func (l *Veglenke) UnmarshalJSON(b []byte) error {
	type plain Veglenke
	return decodeStrict(b, "Veglenke", (*plain)(l), "nummer", "gyldighetsperiode", "konnektering", "topologiniva",
		"malemetode", "detaljniva", "typeVeg", "startport", "sluttport", "kommune", "geometri", "lengde", "feltoversikt")
}

func (l *Veglenke) check(model string) error {
	if model != "" { // named only to report an error (see lazily)
		model = fmt.Sprintf("%s: veglenke %d", model, l.Nummer)
	}
	if err := l.Gyldighetsperiode.check(model); err != nil {
		return err
	}
	return l.Geometri.check(model)
}

// UnmarshalJSON requires the members the specification requires.
func (l *VeglenkeMedID) UnmarshalJSON(b []byte) error {
	type plain VeglenkeMedID
	return decodeStrict(b, "VeglenkeMedId", (*plain)(l), "veglenkesekvensId", "veglenkenummer", "gyldighetsperiode",
		"konnektering", "topologiniva", "malemetode", "detaljniva", "typeVeg", "startnode", "sluttnode", "startposisjon",
		"sluttposisjon", "kommune", "geometri", "lengde", "feltoversikt")
}

func (l *VeglenkeMedID) check() error {
	if l == nil {
		return invalidf("VeglenkeMedId", "null")
	}
	if l.VeglenkesekvensID <= 0 {
		return invalidf("VeglenkeMedId", "veglenkesekvensId %d", l.VeglenkesekvensID)
	}
	return lazily(func(model string) error {
		if err := l.Gyldighetsperiode.check(model); err != nil {
			return err
		}
		return l.Geometri.check(model)
	}, func() string { return fmt.Sprintf("Veglenke %d-%d", l.VeglenkesekvensID, l.Veglenkenummer) })
}

// UnmarshalJSON requires id, porter, gyldighetsperiode, geometri and
// sistEndret, as the specification does.
func (n *Node) UnmarshalJSON(b []byte) error {
	type plain Node
	var w struct {
		plain
		SistEndret tidspunkt `json:"sistEndret"`
	}
	if err := decodeStrict(b, "Node", &w, "id", "porter", "gyldighetsperiode", "geometri", "sistEndret"); err != nil {
		return err
	}
	*n = Node(w.plain)
	n.SistEndret = time.Time(w.SistEndret)
	return nil
}

// MarshalJSON writes the node as NVDB sends it.
func (n Node) MarshalJSON() ([]byte, error) {
	type plain Node
	return json.Marshal(struct {
		plain
		SistEndret tidspunkt `json:"sistEndret"`
	}{plain(n), tidspunkt(n.SistEndret)})
}

func (n *Node) check() error {
	if n == nil {
		return invalidf("Node", "null")
	}
	if n.ID <= 0 {
		return invalidf("Node", "id %d", n.ID)
	}
	return lazily(func(model string) error {
		if n.SistEndret.IsZero() {
			return invalidf(model, "no sistEndret")
		}
		if err := n.Gyldighetsperiode.check(model); err != nil {
			return err
		}
		return n.Geometri.check(model)
	}, func() string { return fmt.Sprintf("Node %d", n.ID) })
}

// UnmarshalJSON requires nummer, veglenkesekvensId and
// veglenkesekvensPortNummer.
func (p *Nodeport) UnmarshalJSON(b []byte) error {
	type plain Nodeport
	return decodeStrict(b, "Nodeport", (*plain)(p), "nummer", "veglenkesekvensId", "veglenkesekvensPortNummer")
}
