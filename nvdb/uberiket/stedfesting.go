package uberiket

import (
	"encoding/json"
	"fmt"
)

// StedfestingType is the kind of a stedfesting, NVDB's "type" member.
type StedfestingType string

// The stedfesting types of Uberiket v1 (the Stedfesting discriminator).
const (
	// StedfestingLinjer places an object along stretches of veglenkesekvenser
	// (a speed limit, a road class).
	StedfestingLinjer StedfestingType = "StedfestingLinjer"
	// StedfestingPunkter places an object at points (a sign, a toll station).
	StedfestingPunkter StedfestingType = "StedfestingPunkter"
	// StedfestingSving places an object on a turn from one point to another
	// (a turn restriction).
	StedfestingSving StedfestingType = "StedfestingSving"
	// StedfestingMangler says the object should be on the road network but
	// is not.
	StedfestingMangler StedfestingType = "StedfestingMangler"
)

// Known reports whether t is one of the types the specification names.
func (t StedfestingType) Known() bool {
	switch t {
	case StedfestingLinjer, StedfestingPunkter, StedfestingSving, StedfestingMangler:
		return true
	}
	return false
}

// Retning is the direction of a stedfesting relative to the
// veglenkesekvens: with (MED) or against (MOT) its digitised direction.
type Retning string

// The directions.
const (
	RetningMed Retning = "MED"
	RetningMot Retning = "MOT"
)

// Sideposisjon is the side of the road an object stands on (V left, H
// right, M middle, K in the lane ...; NVDB's Sideposisjon enum).
type Sideposisjon string

// The side positions of the specification.
const (
	SideposisjonV  Sideposisjon = "V"
	SideposisjonH  Sideposisjon = "H"
	SideposisjonHV Sideposisjon = "HV"
	SideposisjonM  Sideposisjon = "M"
	SideposisjonK  Sideposisjon = "K"
	SideposisjonMV Sideposisjon = "MV"
	SideposisjonMH Sideposisjon = "MH"
	SideposisjonVT Sideposisjon = "VT"
	SideposisjonHT Sideposisjon = "HT"
	SideposisjonR0 Sideposisjon = "R0"
	SideposisjonL  Sideposisjon = "L"
)

// Stedfesting is where a vegobjekt lies on the road network. It is a
// tagged union on Type: Linjer for StedfestingLinjer, Punkter for
// StedfestingPunkter, Sving for StedfestingSving, nothing for
// StedfestingMangler. A type this package does not know keeps its JSON in
// Raw and is written back unchanged.
type Stedfesting struct {
	Type    StedfestingType
	Linjer  []StedfestingLinje
	Punkter []StedfestingPunkt
	Sving   *Sving
	// Raw is the stedfesting as NVDB sent it, for a type this package does
	// not know.
	Raw json.RawMessage
}

// StedfestingLinje is a stretch of one veglenkesekvens, between two
// relative positions (0 at its start, 1 at its end).
type StedfestingLinje struct {
	// VeglenkesekvensID is the veglenkesekvens (the member "id").
	VeglenkesekvensID int64
	Startposisjon     float64
	Sluttposisjon     float64
	Retning           Retning
	Sideposisjon      Sideposisjon
	// Kjorefelt lists the lanes ("1", "2", "1V" ...). The specification
	// requires the member, but NVDB leaves it out when there are none: nil
	// is "not sent", an empty slice is sent as [].
	Kjorefelt []string
}

// StedfestingPunkt is a point on one veglenkesekvens.
type StedfestingPunkt struct {
	// VeglenkesekvensID is the veglenkesekvens (the member "id").
	VeglenkesekvensID int64
	Posisjon          float64
	Retning           Retning
	Sideposisjon      Sideposisjon
	// Kjorefelt lists the lanes; nil is "not sent", as for StedfestingLinje.
	Kjorefelt []string
}

// Sving is the turn of a StedfestingSving, from Startpunkt to Sluttpunkt.
type Sving struct {
	ID         int64
	Startpunkt StedfestingPunkt
	Sluttpunkt StedfestingPunkt
}

// Veglenkesekvenser returns the ids of the veglenkesekvenser the
// stedfesting touches, each once, in the order they first occur; nil on a
// nil stedfesting.
func (s *Stedfesting) Veglenkesekvenser() []int64 {
	if s == nil {
		return nil
	}
	var ids []int64
	add := func(id int64) {
		for _, x := range ids {
			if x == id {
				return
			}
		}
		ids = append(ids, id)
	}
	switch s.Type {
	case StedfestingLinjer:
		for _, l := range s.Linjer {
			add(l.VeglenkesekvensID)
		}
	case StedfestingPunkter:
		for _, p := range s.Punkter {
			add(p.VeglenkesekvensID)
		}
	case StedfestingSving:
		if s.Sving != nil {
			add(s.Sving.Startpunkt.VeglenkesekvensID)
			add(s.Sving.Sluttpunkt.VeglenkesekvensID)
		}
	}
	return ids
}

// UnmarshalJSON requires id, startposisjon and sluttposisjon.
func (l *StedfestingLinje) UnmarshalJSON(b []byte) error {
	d := dec{b: b}
	*l = StedfestingLinje{}
	if err := d.linje(l); err != nil {
		return fmt.Errorf("uberiket: stedfesting: %w", err)
	}
	return d.end()
}

// MarshalJSON writes the stretch in NVDB's form.
func (l StedfestingLinje) MarshalJSON() ([]byte, error) { return l.appendJSON(nil), nil }

func (l *StedfestingLinje) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendInt(b, l.VeglenkesekvensID)
	b = append(b, `,"startposisjon":`...)
	b = appendFloat(b, l.Startposisjon)
	b = append(b, `,"sluttposisjon":`...)
	b = appendFloat(b, l.Sluttposisjon)
	return appendPlacement(b, l.Retning, l.Sideposisjon, l.Kjorefelt)
}

func appendPlacement(b []byte, r Retning, s Sideposisjon, kjorefelt []string) []byte {
	if r != "" {
		b = append(b, `,"retning":`...)
		b = appendString(b, string(r))
	}
	if s != "" {
		b = append(b, `,"sideposisjon":`...)
		b = appendString(b, string(s))
	}
	if kjorefelt != nil {
		b = append(b, `,"kjorefelt":`...)
		b = appendStrings(b, kjorefelt)
	}
	return append(b, '}')
}

func (l *StedfestingLinje) check(model string) error {
	if l.VeglenkesekvensID <= 0 {
		return invalidf(model, "stedfesting without a veglenkesekvens id")
	}
	if !(l.Startposisjon >= 0 && l.Startposisjon <= 1 && l.Sluttposisjon >= 0 && l.Sluttposisjon <= 1) {
		return invalidf(model, "stedfesting on %d outside 0..1 (%v-%v)", l.VeglenkesekvensID, l.Startposisjon, l.Sluttposisjon)
	}
	return nil
}

// UnmarshalJSON requires id and posisjon.
func (p *StedfestingPunkt) UnmarshalJSON(b []byte) error {
	d := dec{b: b}
	*p = StedfestingPunkt{}
	if err := d.punkt(p); err != nil {
		return fmt.Errorf("uberiket: stedfesting: %w", err)
	}
	return d.end()
}

// MarshalJSON writes the point in NVDB's form.
func (p StedfestingPunkt) MarshalJSON() ([]byte, error) { return p.appendJSON(nil), nil }

func (p *StedfestingPunkt) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendInt(b, p.VeglenkesekvensID)
	b = append(b, `,"posisjon":`...)
	b = appendFloat(b, p.Posisjon)
	return appendPlacement(b, p.Retning, p.Sideposisjon, p.Kjorefelt)
}

func (p *StedfestingPunkt) check(model string) error {
	if p.VeglenkesekvensID <= 0 {
		return invalidf(model, "stedfesting without a veglenkesekvens id")
	}
	if !(p.Posisjon >= 0 && p.Posisjon <= 1) {
		return invalidf(model, "stedfesting on %d outside 0..1 (%v)", p.VeglenkesekvensID, p.Posisjon)
	}
	return nil
}

// UnmarshalJSON reads any stedfesting and checks the members its type
// requires.
func (s *Stedfesting) UnmarshalJSON(b []byte) error {
	d := dec{b: b}
	if d.null() {
		return d.end()
	}
	if err := d.stedfesting(s); err != nil {
		return fmt.Errorf("uberiket: stedfesting: %w", err)
	}
	return d.end()
}

// MarshalJSON writes the stedfesting in NVDB's form.
func (s Stedfesting) MarshalJSON() ([]byte, error) { return s.appendJSON(nil), nil }

// AppendJSON appends the stedfesting as MarshalJSON writes it to b: for
// stores that write many objects' stedfesting into one buffer.
func (s *Stedfesting) AppendJSON(b []byte) ([]byte, error) { return s.appendJSON(b), nil }

func (s *Stedfesting) appendJSON(b []byte) []byte {
	if !s.Type.Known() && s.Raw != nil {
		return append(b, s.Raw...)
	}
	b = append(b, `{"type":`...)
	b = appendString(b, string(s.Type))
	switch s.Type {
	case StedfestingLinjer:
		b = append(b, `,"linjer":[`...)
		for i := range s.Linjer {
			if i > 0 {
				b = append(b, ',')
			}
			b = s.Linjer[i].appendJSON(b)
		}
		b = append(b, ']')
	case StedfestingPunkter:
		b = append(b, `,"punkter":[`...)
		for i := range s.Punkter {
			if i > 0 {
				b = append(b, ',')
			}
			b = s.Punkter[i].appendJSON(b)
		}
		b = append(b, ']')
	case StedfestingSving:
		if s.Sving != nil {
			b = append(b, `,"id":`...)
			b = appendInt(b, s.Sving.ID)
			b = append(b, `,"startpunkt":`...)
			b = s.Sving.Startpunkt.appendJSON(b)
			b = append(b, `,"sluttpunkt":`...)
			b = s.Sving.Sluttpunkt.appendJSON(b)
		}
	}
	return append(b, '}')
}

func (s *Stedfesting) check(model string) error {
	switch s.Type {
	case "":
		return invalidf(model, "stedfesting without type")
	case StedfestingLinjer:
		if s.Linjer == nil {
			return invalidf(model, "StedfestingLinjer without linjer")
		}
		for i := range s.Linjer {
			if err := s.Linjer[i].check(model); err != nil {
				return err
			}
		}
	case StedfestingPunkter:
		if s.Punkter == nil {
			return invalidf(model, "StedfestingPunkter without punkter")
		}
		for i := range s.Punkter {
			if err := s.Punkter[i].check(model); err != nil {
				return err
			}
		}
	case StedfestingSving:
		if s.Sving == nil {
			return invalidf(model, "StedfestingSving without sving")
		}
		if err := s.Sving.Startpunkt.check(model); err != nil {
			return err
		}
		return s.Sving.Sluttpunkt.check(model)
	case StedfestingMangler:
	default:
		if s.Raw == nil {
			return invalidf(model, "%s without its JSON", s.Type)
		}
	}
	return nil
}
