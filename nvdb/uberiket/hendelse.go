package uberiket

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// The four kinds of vegobjekt hendelse (VegobjektHendelse.HendelseType and
// VegobjektHendelseData.Type). Every change of an object is one or more of
// them, each about one version:
const (
	// VegobjektVersjonOpprettet: a version was created; Data.Versjon holds
	// it. Versjon 1 is a new object; a later versjon usually comes with a
	// VegobjektVersjonEndret that closes the version before it.
	VegobjektVersjonOpprettet = "VegobjektVersjonOpprettet"
	// VegobjektVersjonEndret: a version was changed in place (a correction,
	// or a sluttdato that closes it); Data holds the changed parts and,
	// when NVDB has it, the version as it was (OriginalVersjon).
	VegobjektVersjonEndret = "VegobjektVersjonEndret"
	// VegobjektVersjonFjernet: a version was removed (registered in error);
	// with the last one the object is gone.
	VegobjektVersjonFjernet = "VegobjektVersjonFjernet"
	// VegobjektImportert: the object as it stood when the hendelse log
	// began, all its versions (Data.Versjoner); VegobjektVersjon is 0.
	VegobjektImportert = "VegobjektImportert"
)

// VegobjektHendelse is one event in the change log of a vegobjekttype
// (the specification's VegobjektHendelseResponse). Hendelser are numbered
// by HendelseID, increasing across all types, and read "after" an id.
type VegobjektHendelse struct {
	HendelseID int64 `json:"hendelseId"`
	// HendelseType is one of VegobjektVersjonOpprettet,
	// VegobjektVersjonEndret, VegobjektVersjonFjernet and
	// VegobjektImportert.
	HendelseType    string `json:"hendelseType"`
	VegobjektID     int64  `json:"vegobjektId"`
	VegobjektTypeID int    `json:"vegobjektTypeId"`
	// VegobjektVersjon is the version the hendelse is about; 0 for
	// VegobjektImportert.
	VegobjektVersjon int       `json:"vegobjektVersjon"`
	Tidspunkt        time.Time `json:"tidspunkt"`
	// Data holds the details; nil when the answer has none.
	Data *VegobjektHendelseData `json:"data,omitempty"`
}

// VegobjektHendelseData is the detail of a vegobjekt hendelse (the
// specification's VegobjektHendelse), a tagged union on Type: Versjon for
// VegobjektVersjonOpprettet; VersjonID, the changed parts
// (Gyldighetsperiode, EgenskapEndringer, BarnEndringer, StedfestingEndring)
// and OriginalVersjon for VegobjektVersjonEndret; VersjonID and
// OriginalVersjon for VegobjektVersjonFjernet; Versjoner for
// VegobjektImportert. A type this package does not know keeps its JSON in
// Raw.
type VegobjektHendelseData struct {
	Type string
	// Versjon is the created version (VegobjektVersjonOpprettet).
	Versjon *VegobjektVersjon
	// Versjoner holds every version by versjon id (VegobjektImportert).
	Versjoner map[int]*VegobjektVersjon
	// VersjonID is the version changed or removed.
	VersjonID int
	// Gyldighetsperiode is the new period, when it changed (a set
	// sluttdato closes the version).
	Gyldighetsperiode *Gyldighetsperiode
	// EgenskapEndringer holds the new values of the egenskaper that changed.
	EgenskapEndringer Egenskaper
	// BarnEndringer says how the children changed, by relasjonstype id.
	BarnEndringer map[int]*RelasjonEndring
	// StedfestingEndring says how the stedfesting changed (nil: it did not).
	StedfestingEndring *StedfestingEndring
	// OriginalVersjon is the version before the change or removal, when
	// NVDB has it.
	OriginalVersjon *VegobjektVersjon
	// Raw is the JSON of a type this package does not know.
	Raw json.RawMessage
}

// RelasjonEndring is how the children of one relasjonstype changed, a
// tagged union on Type: RelasjonFjernet (no children any more),
// RelasjonErstattet (Barn are the children now) or RelasjonEndret
// (BarnLagtTil added, BarnFjernet removed).
type RelasjonEndring struct {
	Type        string
	Barn        []int64
	BarnLagtTil []int64
	BarnFjernet []int64
	Raw         json.RawMessage
}

// The kinds of RelasjonEndring.
const (
	RelasjonFjernet   = "RelasjonFjernet"
	RelasjonErstattet = "RelasjonErstattet"
	RelasjonEndret    = "RelasjonEndret"
)

// StedfestingEndring is how a version's stedfesting changed, a tagged union
// on Type: StedfestingFjernet (no stedfesting any more),
// StedfestingErstattet (Stedfesting is the new one), StedfestingLinjerEndret
// (Linjer) and StedfestingPunkterEndret (Punkter).
type StedfestingEndring struct {
	Type        string
	Stedfesting *Stedfesting
	Linjer      *LinjerEndret
	Punkter     *PunkterEndret
	Raw         json.RawMessage
}

// The kinds of StedfestingEndring.
const (
	StedfestingFjernet       = "StedfestingFjernet"
	StedfestingErstattet     = "StedfestingErstattet"
	StedfestingLinjerEndret  = "StedfestingLinjerEndret"
	StedfestingPunkterEndret = "StedfestingPunkterEndret"
)

// LinjerEndret lists the stretches added to and removed from a
// StedfestingLinjer.
type LinjerEndret struct {
	LagtTil []StedfestingLinje `json:"lagtTil"`
	Fjernet []StedfestingLinje `json:"fjernet"`
}

// PunkterEndret lists the points added to and removed from a
// StedfestingPunkter.
type PunkterEndret struct {
	LagtTil []StedfestingPunkt `json:"lagtTil"`
	Fjernet []StedfestingPunkt `json:"fjernet"`
}

// UnmarshalJSON requires the members the specification requires.
func (h *VegobjektHendelse) UnmarshalJSON(b []byte) error {
	type plain VegobjektHendelse
	var w struct {
		plain
		Tidspunkt tidspunkt `json:"tidspunkt"`
	}
	if err := decodeStrict(b, "VegobjektHendelse", &w, "hendelseId", "hendelseType", "vegobjektId", "vegobjektTypeId",
		"vegobjektVersjon", "tidspunkt"); err != nil {
		return err
	}
	*h = VegobjektHendelse(w.plain)
	h.Tidspunkt = time.Time(w.Tidspunkt)
	return nil
}

// MarshalJSON writes the hendelse as NVDB sends it.
func (h VegobjektHendelse) MarshalJSON() ([]byte, error) {
	type plain VegobjektHendelse
	return json.Marshal(struct {
		plain
		Tidspunkt tidspunkt `json:"tidspunkt"`
	}{plain(h), tidspunkt(h.Tidspunkt)})
}

func (h *VegobjektHendelse) check() error {
	if h == nil {
		return invalidf("VegobjektHendelse", "null")
	}
	if h.HendelseID <= 0 {
		return invalidf("VegobjektHendelse", "hendelseId %d", h.HendelseID)
	}
	return lazily(h.checkAs, func() string { return fmt.Sprintf("VegobjektHendelse %d", h.HendelseID) })
}

func (h *VegobjektHendelse) checkAs(model string) error {
	switch {
	case h.HendelseType == "":
		return invalidf(model, "no hendelseType")
	case h.VegobjektID <= 0:
		return invalidf(model, "vegobjektId %d", h.VegobjektID)
	case h.VegobjektTypeID <= 0:
		return invalidf(model, "vegobjektTypeId %d", h.VegobjektTypeID)
	case h.VegobjektVersjon < 0:
		return invalidf(model, "vegobjektVersjon %d", h.VegobjektVersjon)
	case h.Tidspunkt.IsZero():
		return invalidf(model, "no tidspunkt")
	}
	if h.Data != nil {
		return h.Data.check(model)
	}
	return nil
}

type vegobjektHendelseDataWire struct {
	Type               *string                   `json:"type"`
	Versjon            *VegobjektVersjon         `json:"versjon"`
	Versjoner          map[int]*VegobjektVersjon `json:"versjoner"`
	VersjonID          *int                      `json:"versjonId"`
	Gyldighetsperiode  *Gyldighetsperiode        `json:"gyldighetsperiode"`
	EgenskapEndringer  Egenskaper                `json:"egenskapEndringer"`
	BarnEndringer      map[int]*RelasjonEndring  `json:"barnEndringer"`
	StedfestingEndring *StedfestingEndring       `json:"stedfestingEndring"`
	OriginalVersjon    *VegobjektVersjon         `json:"originalVersjon"`
}

// UnmarshalJSON reads the details of any hendelse type and checks the
// members its type requires.
func (d *VegobjektHendelseData) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	typ, err := unionType(b, "VegobjektHendelse data")
	if err != nil {
		return err
	}
	*d = VegobjektHendelseData{Type: typ}
	switch typ {
	case VegobjektVersjonOpprettet, VegobjektVersjonEndret, VegobjektVersjonFjernet, VegobjektImportert:
	default:
		d.Raw = bytes.Clone(b)
		return nil
	}
	var w vegobjektHendelseDataWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("uberiket: hendelse data: %w", err)
	}
	switch d.Type {
	case VegobjektVersjonOpprettet:
		if w.Versjon == nil {
			return missing(d.Type, "versjon")
		}
		d.Versjon = w.Versjon
	case VegobjektVersjonEndret:
		if w.VersjonID == nil || w.EgenskapEndringer == nil || w.BarnEndringer == nil {
			return missing(d.Type, "versjonId", "egenskapEndringer", "barnEndringer")
		}
		d.VersjonID, d.Gyldighetsperiode, d.EgenskapEndringer = *w.VersjonID, w.Gyldighetsperiode, w.EgenskapEndringer
		d.BarnEndringer, d.StedfestingEndring, d.OriginalVersjon = w.BarnEndringer, w.StedfestingEndring, w.OriginalVersjon
	case VegobjektVersjonFjernet:
		if w.VersjonID == nil {
			return missing(d.Type, "versjonId")
		}
		d.VersjonID, d.OriginalVersjon = *w.VersjonID, w.OriginalVersjon
	case VegobjektImportert:
		if w.Versjoner == nil {
			return missing(d.Type, "versjoner")
		}
		d.Versjoner = w.Versjoner
	}
	return nil
}

// MarshalJSON writes the details in NVDB's form, the members of Type only.
func (d VegobjektHendelseData) MarshalJSON() ([]byte, error) { return d.appendJSON(nil) }

func (d *VegobjektHendelseData) appendJSON(b []byte) ([]byte, error) {
	if d.Raw != nil {
		return append(b, d.Raw...), nil
	}
	b = append(b, `{"type":`...)
	b = appendString(b, d.Type)
	var err error
	version := func(key string, v *VegobjektVersjon) {
		if v == nil || err != nil {
			return
		}
		b = appendKey(b, key)
		b, err = v.appendJSON(b)
	}
	switch d.Type {
	case VegobjektVersjonOpprettet:
		version("versjon", d.Versjon)
	case VegobjektVersjonEndret:
		b = append(b, `,"versjonId":`...)
		b = appendInt(b, int64(d.VersjonID))
		if d.Gyldighetsperiode != nil {
			b = append(b, `,"gyldighetsperiode":`...)
			b = d.Gyldighetsperiode.appendJSON(b)
		}
		b = append(b, `,"egenskapEndringer":`...)
		if d.EgenskapEndringer == nil {
			b = append(b, "{}"...)
		} else if b, err = d.EgenskapEndringer.appendJSON(b); err != nil {
			return nil, err
		}
		b = append(b, `,"barnEndringer":`...)
		var j []byte
		if d.BarnEndringer == nil {
			j = []byte("{}")
		} else if j, err = json.Marshal(d.BarnEndringer); err != nil {
			return nil, err
		}
		b = append(b, j...)
		if d.StedfestingEndring != nil {
			b = append(b, `,"stedfestingEndring":`...)
			if b, err = d.StedfestingEndring.appendJSON(b); err != nil {
				return nil, err
			}
		}
		version("originalVersjon", d.OriginalVersjon)
	case VegobjektVersjonFjernet:
		b = append(b, `,"versjonId":`...)
		b = appendInt(b, int64(d.VersjonID))
		version("originalVersjon", d.OriginalVersjon)
	case VegobjektImportert:
		b = append(b, `,"versjoner":{`...)
		for i, id := range sortedKeys(d.Versjoner) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = appendInt(b, int64(id))
			b = append(b, '"', ':')
			if d.Versjoner[id] == nil {
				b = append(b, "null"...)
			} else if b, err = d.Versjoner[id].appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func (d *VegobjektHendelseData) check(model string) error {
	switch d.Type {
	case "":
		return invalidf(model, "data without type")
	case VegobjektVersjonOpprettet:
		return d.Versjon.check(model)
	case VegobjektVersjonEndret:
		if d.Gyldighetsperiode != nil {
			if err := d.Gyldighetsperiode.check(model); err != nil {
				return err
			}
		}
		if err := d.EgenskapEndringer.check(model); err != nil {
			return err
		}
		if d.OriginalVersjon != nil {
			return d.OriginalVersjon.check(model)
		}
	case VegobjektVersjonFjernet:
		if d.OriginalVersjon != nil {
			return d.OriginalVersjon.check(model)
		}
	case VegobjektImportert:
		if d.Versjoner == nil {
			return invalidf(model, "VegobjektImportert without versjoner")
		}
		for _, v := range d.Versjoner {
			if err := v.check(model); err != nil {
				return err
			}
		}
	default:
		if d.Raw == nil {
			return invalidf(model, "%s without its JSON", d.Type)
		}
	}
	return nil
}

// UnmarshalJSON reads any relation change and checks the members its type
// requires.
func (r *RelasjonEndring) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	typ, err := unionType(b, "RelasjonEndring")
	if err != nil {
		return err
	}
	*r = RelasjonEndring{Type: typ}
	if typ != RelasjonFjernet && typ != RelasjonErstattet && typ != RelasjonEndret {
		r.Raw = bytes.Clone(b)
		return nil
	}
	var w struct {
		Barn        []int64 `json:"barn"`
		BarnLagtTil []int64 `json:"barnLagtTil"`
		BarnFjernet []int64 `json:"barnFjernet"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("uberiket: relasjonendring: %w", err)
	}
	switch r.Type {
	case RelasjonFjernet:
	case RelasjonErstattet:
		if w.Barn == nil {
			return missing(r.Type, "barn")
		}
		r.Barn = w.Barn
	case RelasjonEndret:
		if w.BarnLagtTil == nil || w.BarnFjernet == nil {
			return missing(r.Type, "barnLagtTil", "barnFjernet")
		}
		r.BarnLagtTil, r.BarnFjernet = w.BarnLagtTil, w.BarnFjernet
	}
	return nil
}

// MarshalJSON writes the change in NVDB's form.
func (r RelasjonEndring) MarshalJSON() ([]byte, error) {
	if r.Raw != nil {
		return r.Raw, nil
	}
	b := append([]byte(`{"type":`), appendString(nil, r.Type)...)
	switch r.Type {
	case RelasjonErstattet:
		b = append(b, `,"barn":`...)
		b = appendIDs(b, r.Barn)
	case RelasjonEndret:
		b = append(b, `,"barnLagtTil":`...)
		b = appendIDs(b, r.BarnLagtTil)
		b = append(b, `,"barnFjernet":`...)
		b = appendIDs(b, r.BarnFjernet)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads any stedfesting change and checks the members its
// type requires.
func (s *StedfestingEndring) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	typ, err := unionType(b, "StedfestingEndring")
	if err != nil {
		return err
	}
	*s = StedfestingEndring{Type: typ}
	switch typ {
	case StedfestingFjernet, StedfestingErstattet, StedfestingLinjerEndret, StedfestingPunkterEndret:
	default:
		s.Raw = bytes.Clone(b)
		return nil
	}
	var w struct {
		Stedfesting *Stedfesting    `json:"stedfesting"`
		LagtTil     json.RawMessage `json:"lagtTil"`
		Fjernet     json.RawMessage `json:"fjernet"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("uberiket: stedfestingendring: %w", err)
	}
	switch s.Type {
	case StedfestingFjernet:
	case StedfestingErstattet:
		if w.Stedfesting == nil {
			return missing(s.Type, "stedfesting")
		}
		s.Stedfesting = w.Stedfesting
	case StedfestingLinjerEndret, StedfestingPunkterEndret:
		if w.LagtTil == nil || w.Fjernet == nil {
			return missing(s.Type, "lagtTil", "fjernet")
		}
		var err error
		if s.Type == StedfestingLinjerEndret {
			s.Linjer = new(LinjerEndret)
			err = json.Unmarshal(b, s.Linjer)
		} else {
			s.Punkter = new(PunkterEndret)
			err = json.Unmarshal(b, s.Punkter)
		}
		if err != nil {
			return fmt.Errorf("uberiket: %s: %w", s.Type, err)
		}
	}
	return nil
}

// MarshalJSON writes the change in NVDB's form.
func (s StedfestingEndring) MarshalJSON() ([]byte, error) { return s.appendJSON(nil) }

func (s *StedfestingEndring) appendJSON(b []byte) ([]byte, error) {
	if s.Raw != nil {
		return append(b, s.Raw...), nil
	}
	b = append(b, `{"type":`...)
	b = appendString(b, s.Type)
	switch s.Type {
	case StedfestingErstattet:
		if s.Stedfesting != nil {
			b = append(b, `,"stedfesting":`...)
			b = s.Stedfesting.appendJSON(b)
		}
	case StedfestingLinjerEndret:
		l := s.Linjer
		if l == nil {
			l = &LinjerEndret{}
		}
		b = append(b, `,"lagtTil":[`...)
		for i := range l.LagtTil {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.LagtTil[i].appendJSON(b)
		}
		b = append(b, `],"fjernet":[`...)
		for i := range l.Fjernet {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.Fjernet[i].appendJSON(b)
		}
		b = append(b, ']')
	case StedfestingPunkterEndret:
		p := s.Punkter
		if p == nil {
			p = &PunkterEndret{}
		}
		b = append(b, `,"lagtTil":[`...)
		for i := range p.LagtTil {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.LagtTil[i].appendJSON(b)
		}
		b = append(b, `],"fjernet":[`...)
		for i := range p.Fjernet {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Fjernet[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func sortedKeys[V any](m map[int]V) []int { return slices.Sorted(maps.Keys(m)) }
