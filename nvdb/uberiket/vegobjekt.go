package uberiket

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Vegobjekt is one version of a road object (a speed limit, a road class,
// a height restriction ...) in Uberiket's raw form: its egenskaper by
// egenskapstype id, its children, and where it lies on the road network
// (Stedfesting), without the derived data Les v4 adds (geometry, road
// references, areas). Which of Gyldighetsperiode, Egenskaper, Barn and
// Stedfesting are set depends on inkluder; the streams send them all.
//
// The accessors are nil-safe: on a nil *Vegobjekt and on parts the answer
// left out they report "not there".
type Vegobjekt struct {
	ID int64 `json:"id"`
	// Versjon counts the versions of the object from 1; a new version is
	// made when the object changes from a date on (the old one is then
	// closed), a correction changes a version in place.
	Versjon           int                `json:"versjon"`
	TypeID            int                `json:"typeId"`
	Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode,omitempty"`
	// Egenskaper holds the values by egenskapstype id; nil when not
	// asked for, empty when the object has none.
	Egenskaper Egenskaper `json:"egenskaper,omitzero"`
	// Barn holds the ids of the children by relasjonstype id.
	Barn map[int][]int64 `json:"barn,omitzero"`
	// Stedfesting is nil when not asked for or when the object is not on
	// the road network.
	Stedfesting *Stedfesting `json:"stedfesting,omitempty"`
	// SistEndret is when the version was last changed.
	SistEndret time.Time `json:"sistEndret"`
}

// Egenskap returns the value of egenskapstype id, or nil when the object
// has none (whose accessors then report "not there").
func (o *Vegobjekt) Egenskap(id int) *Egenskap {
	if o == nil {
		return nil
	}
	return o.Egenskaper[id]
}

// Aktiv reports whether this version is valid on the Norwegian date of at.
// An object without gyldighetsperiode (not asked for) is not known to be
// active.
func (o *Vegobjekt) Aktiv(at time.Time) bool {
	return o != nil && o.Gyldighetsperiode.Aktiv(at)
}

// Startdato returns the first day of this version ("" when not known).
func (o *Vegobjekt) Startdato() Dato {
	if o == nil || o.Gyldighetsperiode == nil {
		return ""
	}
	return o.Gyldighetsperiode.Startdato
}

// Sluttdato returns the day this version ended ("" while it is open or
// when not known).
func (o *Vegobjekt) Sluttdato() Dato {
	if o == nil || o.Gyldighetsperiode == nil {
		return ""
	}
	return o.Gyldighetsperiode.Sluttdato
}

// Veglenkesekvenser returns the ids of the veglenkesekvenser the object
// lies on, each once.
func (o *Vegobjekt) Veglenkesekvenser() []int64 {
	if o == nil {
		return nil
	}
	return o.Stedfesting.Veglenkesekvenser()
}

// UnmarshalJSON reads one object and requires id, versjon, typeId and
// sistEndret, as the specification does.
func (o *Vegobjekt) UnmarshalJSON(b []byte) error {
	d := dec{b: b}
	if d.null() {
		return d.end()
	}
	if err := d.vegobjekt(o); err != nil {
		return fmt.Errorf("uberiket: vegobjekt: %w", err)
	}
	return d.end()
}

// MarshalJSON writes the object as NVDB sends it.
func (o Vegobjekt) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// AppendJSON appends the object as NVDB sends it (the JSON of one line of
// a stream) to b. It is MarshalJSON without the copy, for stores and fakes
// that write many objects.
func (o *Vegobjekt) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendInt(b, o.ID)
	b = append(b, `,"versjon":`...)
	b = appendInt(b, int64(o.Versjon))
	b = append(b, `,"typeId":`...)
	b = appendInt(b, int64(o.TypeID))
	if o.Gyldighetsperiode != nil {
		b = append(b, `,"gyldighetsperiode":`...)
		b = o.Gyldighetsperiode.appendJSON(b)
	}
	var err error
	if o.Egenskaper != nil {
		b = append(b, `,"egenskaper":`...)
		if b, err = o.Egenskaper.appendJSON(b); err != nil {
			return nil, err
		}
	}
	if o.Barn != nil {
		b = append(b, `,"barn":`...)
		b = appendBarn(b, o.Barn)
	}
	if o.Stedfesting != nil {
		b = append(b, `,"stedfesting":`...)
		b = o.Stedfesting.appendJSON(b)
	}
	b = append(b, `,"sistEndret":`...)
	b = appendInstant(b, o.SistEndret)
	return append(b, '}'), nil
}

func appendBarn(b []byte, barn map[int][]int64) []byte {
	keys := make([]int, 0, len(barn))
	for k := range barn {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = appendInt(b, int64(k))
		b = append(b, '"', ':')
		if barn[k] == nil {
			b = append(b, "null"...)
		} else {
			b = appendIDs(b, barn[k])
		}
	}
	return append(b, '}')
}

// check reports an object that cannot be one NVDB sent: no id, type or
// versjon, no sistEndret, or a broken part.
func (o *Vegobjekt) check() error {
	switch {
	case o == nil:
		return invalidf("Vegobjekt", "null")
	case o.ID <= 0:
		return invalidf("Vegobjekt", "id %d", o.ID)
	}
	return lazily(o.checkAs, func() string { return fmt.Sprintf("Vegobjekt %d", o.ID) })
}

func (o *Vegobjekt) checkAs(model string) error {
	switch {
	case o.TypeID <= 0:
		return invalidf(model, "typeId %d", o.TypeID)
	case o.Versjon <= 0:
		return invalidf(model, "versjon %d", o.Versjon)
	case o.SistEndret.IsZero():
		return invalidf(model, "no sistEndret")
	}
	if o.Gyldighetsperiode != nil {
		if err := o.Gyldighetsperiode.check(model); err != nil {
			return err
		}
	}
	if err := o.Egenskaper.check(model); err != nil {
		return err
	}
	if o.Stedfesting != nil {
		return o.Stedfesting.check(model)
	}
	return nil
}

// VegobjektVersjon is the content of one version of an object as the
// hendelser carry it (created, imported, or as it was before a change).
type VegobjektVersjon struct {
	VersjonID         int                `json:"versjonId"`
	Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode"`
	Egenskaper        Egenskaper         `json:"egenskaper"`
	Barn              map[int][]int64    `json:"barn"`
	// Stedfesting is nil when the object is not on the road network.
	Stedfesting *Stedfesting `json:"stedfesting,omitempty"`
}

type vegobjektVersjonWire struct {
	VersjonID         *int               `json:"versjonId"`
	Gyldighetsperiode *Gyldighetsperiode `json:"gyldighetsperiode"`
	Egenskaper        Egenskaper         `json:"egenskaper"`
	Barn              map[int][]int64    `json:"barn"`
	Stedfesting       *Stedfesting       `json:"stedfesting"`
}

// UnmarshalJSON requires versjonId, gyldighetsperiode, egenskaper and
// barn, as the specification does.
func (v *VegobjektVersjon) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var w vegobjektVersjonWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("uberiket: vegobjektversjon: %w", err)
	}
	if w.VersjonID == nil || w.Gyldighetsperiode == nil || w.Egenskaper == nil || w.Barn == nil {
		return missing("VegobjektVersjon", "versjonId", "gyldighetsperiode", "egenskaper", "barn")
	}
	*v = VegobjektVersjon{VersjonID: *w.VersjonID, Gyldighetsperiode: w.Gyldighetsperiode, Egenskaper: w.Egenskaper,
		Barn: w.Barn, Stedfesting: w.Stedfesting}
	return nil
}

// MarshalJSON writes the version as NVDB sends it.
func (v VegobjektVersjon) MarshalJSON() ([]byte, error) { return v.appendJSON(nil) }

func (v *VegobjektVersjon) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"versjonId":`...)
	b = appendInt(b, int64(v.VersjonID))
	b = append(b, `,"gyldighetsperiode":`...)
	if v.Gyldighetsperiode != nil {
		b = v.Gyldighetsperiode.appendJSON(b)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"egenskaper":`...)
	var err error
	if v.Egenskaper == nil {
		b = append(b, "{}"...)
	} else if b, err = v.Egenskaper.appendJSON(b); err != nil {
		return nil, err
	}
	b = append(b, `,"barn":`...)
	b = appendBarn(b, v.Barn)
	if v.Stedfesting != nil {
		b = append(b, `,"stedfesting":`...)
		b = v.Stedfesting.appendJSON(b)
	}
	return append(b, '}'), nil
}

func (v *VegobjektVersjon) check(model string) error {
	if v == nil {
		return invalidf(model, "null versjon")
	}
	model = fmt.Sprintf("%s: versjon %d", model, v.VersjonID)
	if v.VersjonID < 0 {
		return invalidf(model, "negative versjonId")
	}
	if err := v.Gyldighetsperiode.check(model); err != nil {
		return err
	}
	if err := v.Egenskaper.check(model); err != nil {
		return err
	}
	if v.Stedfesting != nil {
		return v.Stedfesting.check(model)
	}
	return nil
}

// AsVersjon returns the object's content as a hendelse carries a version.
func (o *Vegobjekt) AsVersjon() *VegobjektVersjon {
	if o == nil {
		return nil
	}
	return &VegobjektVersjon{VersjonID: o.Versjon, Gyldighetsperiode: o.Gyldighetsperiode, Egenskaper: o.Egenskaper,
		Barn: o.Barn, Stedfesting: o.Stedfesting}
}

// Vegobjekt returns the version as a Vegobjekt of the given id and type,
// with sistEndret set to at.
func (v *VegobjektVersjon) Vegobjekt(id int64, typeID int, at time.Time) *Vegobjekt {
	if v == nil {
		return nil
	}
	return &Vegobjekt{ID: id, TypeID: typeID, Versjon: v.VersjonID, Gyldighetsperiode: v.Gyldighetsperiode,
		Egenskaper: v.Egenskaper, Barn: v.Barn, Stedfesting: v.Stedfesting, SistEndret: at}
}
