package uberiket

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// The kinds of vegnett hendelse (VegnettHendelse.HendelseType and
// VegnettHendelseData.Type).
const (
	// VeglenkesekvensOpprettet: a veglenkesekvens was created, or replaced
	// whole; Data.Veglenkesekvens holds all its ports and links.
	VeglenkesekvensOpprettet = "VeglenkesekvensOpprettet"
	// VeglenkesekvensEndret: ports or links of a veglenkesekvens were
	// replaced or removed; the others are unchanged and not sent.
	VeglenkesekvensEndret = "VeglenkesekvensEndret"
	// VeglenkesekvensFjernet: a veglenkesekvens was removed.
	VeglenkesekvensFjernet = "VeglenkesekvensFjernet"
	// NodeOpprettet: a node was created; Data.Node holds it.
	NodeOpprettet = "NodeOpprettet"
	// NodeEndret: a node's ports, validity or geometry changed.
	NodeEndret = "NodeEndret"
	// NodeFjernet: a node was removed.
	NodeFjernet = "NodeFjernet"
)

// VegnettHendelse is one event in the change log of the road network (the
// specification's VegnettHendelseResponse): about a veglenkesekvens or a
// node (the nettelement).
type VegnettHendelse struct {
	HendelseID    int64 `json:"hendelseId"`
	NettelementID int64 `json:"nettelementId"`
	// NettelementType is the type id of the nettelement.
	NettelementType int       `json:"nettelementType"`
	Tidspunkt       time.Time `json:"tidspunkt"`
	// HendelseType is one of VeglenkesekvensOpprettet,
	// VeglenkesekvensEndret, VeglenkesekvensFjernet, NodeOpprettet,
	// NodeEndret and NodeFjernet.
	HendelseType string               `json:"hendelseType"`
	Data         *VegnettHendelseData `json:"data,omitempty"`
}

// VegnettHendelseData is the detail of a vegnett hendelse (the
// specification's VegnettHendelse), a tagged union on Type: Veglenkesekvens
// for VeglenkesekvensOpprettet and VeglenkesekvensEndret, Node for
// NodeOpprettet and NodeEndret, nothing for the Fjernet kinds. A type this
// package does not know keeps its JSON in Raw.
type VegnettHendelseData struct {
	Type            string
	Veglenkesekvens *VeglenkesekvensEndring
	Node            *NodeEndring
	Raw             json.RawMessage
}

// VeglenkesekvensEndring is what a VeglenkesekvensOpprettet (Porter,
// Veglenker, Lengde, LastLengde) or a VeglenkesekvensEndret
// (PorterErstattet, PorterFjernet, VeglenkerErstattet, VeglenkerFjernet,
// and Lengde when it changed) says.
type VeglenkesekvensEndring struct {
	Porter             []Veglenkesekvensport `json:"porter,omitempty"`
	Veglenker          []Veglenke            `json:"veglenker,omitempty"`
	PorterErstattet    []Veglenkesekvensport `json:"porterErstattet,omitempty"`
	PorterFjernet      []int                 `json:"porterFjernet,omitempty"`
	VeglenkerErstattet []Veglenke            `json:"veglenkerErstattet,omitempty"`
	VeglenkerFjernet   []int                 `json:"veglenkerFjernet,omitempty"`
	// Lengde is the length in metres (VeglenkesekvensEndret: only when it
	// changed).
	Lengde *float64 `json:"lengde,omitempty"`
	// LastLengde says the length is fixed ("låst lengde").
	LastLengde *bool `json:"lastLengde,omitempty"`
}

// NodeEndring is what a NodeOpprettet (Porter, Gyldighetsperiode,
// Geometri) or a NodeEndret (PorterErstattet, PorterFjernet, and
// Gyldighetsperiode and Geometri when they changed) says.
type NodeEndring struct {
	Porter            []Nodeport         `json:"porter,omitempty"`
	PorterErstattet   []Nodeport         `json:"porterErstattet,omitempty"`
	PorterFjernet     []int              `json:"porterFjernet,omitempty"`
	Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode,omitempty"`
	Geometri          *Geometristruktur  `json:"geometri,omitempty"`
}

// UnmarshalJSON requires the members the specification requires.
func (h *VegnettHendelse) UnmarshalJSON(b []byte) error {
	type plain VegnettHendelse
	var w struct {
		plain
		Tidspunkt tidspunkt `json:"tidspunkt"`
	}
	if err := decodeStrict(b, "VegnettHendelse", &w, "hendelseId", "hendelseType", "nettelementId", "nettelementType",
		"tidspunkt"); err != nil {
		return err
	}
	*h = VegnettHendelse(w.plain)
	h.Tidspunkt = time.Time(w.Tidspunkt)
	return nil
}

// MarshalJSON writes the hendelse as NVDB sends it.
func (h VegnettHendelse) MarshalJSON() ([]byte, error) {
	type plain VegnettHendelse
	return json.Marshal(struct {
		plain
		Tidspunkt tidspunkt `json:"tidspunkt"`
	}{plain(h), tidspunkt(h.Tidspunkt)})
}

func (h *VegnettHendelse) check() error {
	if h == nil {
		return invalidf("VegnettHendelse", "null")
	}
	if h.HendelseID <= 0 {
		return invalidf("VegnettHendelse", "hendelseId %d", h.HendelseID)
	}
	model := fmt.Sprintf("VegnettHendelse %d", h.HendelseID)
	switch {
	case h.HendelseType == "":
		return invalidf(model, "no hendelseType")
	case h.NettelementID <= 0:
		return invalidf(model, "nettelementId %d", h.NettelementID)
	case h.Tidspunkt.IsZero():
		return invalidf(model, "no tidspunkt")
	}
	if h.Data != nil && h.Data.Type == "" {
		return invalidf(model, "data without type")
	}
	return nil
}

// UnmarshalJSON reads the details of any vegnett hendelse and checks the
// members its type requires.
func (d *VegnettHendelseData) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return fmt.Errorf("uberiket: vegnett hendelse data: %w", err)
	}
	var typ string
	if err := json.Unmarshal(members["type"], &typ); err != nil || members["type"] == nil {
		return missing("VegnettHendelse data", "type")
	}
	*d = VegnettHendelseData{Type: typ}
	need := func(names ...string) error {
		var miss []string
		for _, n := range names {
			if _, ok := members[n]; !ok {
				miss = append(miss, n)
			}
		}
		if miss != nil {
			return missing(typ, miss...)
		}
		return nil
	}
	var err error
	switch typ {
	case VeglenkesekvensOpprettet, VeglenkesekvensEndret:
		if typ == VeglenkesekvensOpprettet {
			err = need("porter", "veglenker", "lengde", "lastLengde")
		} else {
			err = need("porterErstattet", "porterFjernet", "veglenkerErstattet", "veglenkerFjernet")
		}
		if err != nil {
			return err
		}
		d.Veglenkesekvens = new(VeglenkesekvensEndring)
		err = json.Unmarshal(b, d.Veglenkesekvens)
	case NodeOpprettet, NodeEndret:
		if typ == NodeOpprettet {
			err = need("porter", "geometri", "gyldighetsperiode")
		} else {
			err = need("porterErstattet", "porterFjernet")
		}
		if err != nil {
			return err
		}
		d.Node = new(NodeEndring)
		err = json.Unmarshal(b, d.Node)
	case VeglenkesekvensFjernet, NodeFjernet:
	default:
		d.Raw = bytes.Clone(b)
	}
	if err != nil {
		return fmt.Errorf("uberiket: %s: %w", typ, err)
	}
	return nil
}

// MarshalJSON writes the details in NVDB's form, the members of Type only
// (the lists a type requires are sent even when empty).
func (d VegnettHendelseData) MarshalJSON() ([]byte, error) {
	if d.Raw != nil {
		return d.Raw, nil
	}
	var v any
	switch d.Type {
	case VeglenkesekvensOpprettet:
		e := d.Veglenkesekvens
		if e == nil {
			e = &VeglenkesekvensEndring{}
		}
		v = struct {
			Type       string                `json:"type"`
			Porter     []Veglenkesekvensport `json:"porter"`
			Veglenker  []Veglenke            `json:"veglenker"`
			Lengde     float64               `json:"lengde"`
			LastLengde bool                  `json:"lastLengde"`
		}{d.Type, nonNil(e.Porter), nonNil(e.Veglenker), deref(e.Lengde), deref(e.LastLengde)}
	case VeglenkesekvensEndret:
		e := d.Veglenkesekvens
		if e == nil {
			e = &VeglenkesekvensEndring{}
		}
		v = struct {
			Type               string                `json:"type"`
			PorterErstattet    []Veglenkesekvensport `json:"porterErstattet"`
			PorterFjernet      []int                 `json:"porterFjernet"`
			VeglenkerErstattet []Veglenke            `json:"veglenkerErstattet"`
			VeglenkerFjernet   []int                 `json:"veglenkerFjernet"`
			Lengde             *float64              `json:"lengde,omitempty"`
			LastLengde         *bool                 `json:"lastLengde,omitempty"`
		}{d.Type, nonNil(e.PorterErstattet), nonNil(e.PorterFjernet), nonNil(e.VeglenkerErstattet),
			nonNil(e.VeglenkerFjernet), e.Lengde, e.LastLengde}
	case NodeOpprettet:
		e := d.Node
		if e == nil {
			e = &NodeEndring{}
		}
		v = struct {
			Type              string             `json:"type"`
			Porter            []Nodeport         `json:"porter"`
			Geometri          *Geometristruktur  `json:"geometri"`
			Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode"`
		}{d.Type, nonNil(e.Porter), e.Geometri, e.Gyldighetsperiode}
	case NodeEndret:
		e := d.Node
		if e == nil {
			e = &NodeEndring{}
		}
		v = struct {
			Type              string             `json:"type"`
			PorterErstattet   []Nodeport         `json:"porterErstattet"`
			PorterFjernet     []int              `json:"porterFjernet"`
			Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode,omitempty"`
			Geometri          *Geometristruktur  `json:"geometri,omitempty"`
		}{d.Type, nonNil(e.PorterErstattet), nonNil(e.PorterFjernet), e.Gyldighetsperiode, e.Geometri}
	default:
		v = struct {
			Type string `json:"type"`
		}{d.Type}
	}
	return json.Marshal(v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
