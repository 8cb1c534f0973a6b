package uberiket

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// EgenskapType is the kind of an egenskap value, NVDB's "type" member
// ("EnumEgenskap"); it decides which accessor of Egenskap answers.
type EgenskapType string

// The egenskap types of Uberiket v1 (the EgenskapVerdi discriminator).
const (
	EgenskapTekst    EgenskapType = "TekstEgenskap"
	EgenskapHeltall  EgenskapType = "HeltallEgenskap"
	EgenskapFlyttall EgenskapType = "FlyttallEgenskap"
	EgenskapDato     EgenskapType = "DatoEgenskap"
	EgenskapKortDato EgenskapType = "KortDatoEgenskap"
	EgenskapTid      EgenskapType = "TidEgenskap"
	EgenskapEnum     EgenskapType = "EnumEgenskap"
	EgenskapBoolsk   EgenskapType = "BoolskEgenskap"
	EgenskapBinaer   EgenskapType = "BinaerEgenskap"
	EgenskapGeometri EgenskapType = "GeometriEgenskap"
	EgenskapStruktur EgenskapType = "StrukturEgenskap"
	EgenskapListe    EgenskapType = "ListeEgenskap"
)

// Known reports whether t is one of the types the specification names.
func (t EgenskapType) Known() bool {
	switch t {
	case EgenskapTekst, EgenskapHeltall, EgenskapFlyttall, EgenskapDato, EgenskapKortDato, EgenskapTid,
		EgenskapEnum, EgenskapBoolsk, EgenskapBinaer, EgenskapGeometri, EgenskapStruktur, EgenskapListe:
		return true
	}
	return false
}

// Egenskap is the value of one egenskap of a vegobjekt (the specification's
// EgenskapVerdi). It is a tagged union on Type: read the value with the
// accessor of its type (Tekst, Heltall, Flyttall, Dato, KortDato, Tid,
// EnumID, Boolsk, Binaer, Geometri, Verdier); the others report ok false.
// A StrukturEgenskap, whose members the specification leaves open, and a
// type this package does not know keep their JSON as it came (Raw) and are
// written back unchanged.
//
// The accessors are nil-safe: on the nil *Egenskap of an egenskap the
// object does not have (obj.Egenskap(5127) on an object without it) they
// report "not there", so obj.Egenskap(2021).EnumID() needs no nil check.
//
// Build values with the constructors (NewEnum(2730), NewTekst("Åsvegen")
// ...).
type Egenskap struct {
	typ  EgenskapType
	s    string  // Tekst, Dato, KortDato, Tid; Binaer's format
	i    int64   // Heltall, Enum; Binaer's ressursId
	f    float64 // Flyttall
	b    bool    // Boolsk; Binaer: ressursId present
	geo  *Geometristruktur
	list []*Egenskap
	raw  json.RawMessage // Struktur and unknown types: the whole value
}

// NewTekst returns a TekstEgenskap.
func NewTekst(s string) *Egenskap { return &Egenskap{typ: EgenskapTekst, s: s} }

// NewHeltall returns a HeltallEgenskap.
func NewHeltall(i int64) *Egenskap { return &Egenskap{typ: EgenskapHeltall, i: i} }

// NewFlyttall returns a FlyttallEgenskap.
func NewFlyttall(f float64) *Egenskap { return &Egenskap{typ: EgenskapFlyttall, f: f} }

// NewDato returns a DatoEgenskap.
func NewDato(d Dato) *Egenskap { return &Egenskap{typ: EgenskapDato, s: string(d)} }

// NewKortDato returns a KortDatoEgenskap, a day of the year ("--03-22").
func NewKortDato(m time.Month, day int) *Egenskap {
	return &Egenskap{typ: EgenskapKortDato, s: fmt.Sprintf("--%02d-%02d", int(m), day)}
}

// NewTid returns a TidEgenskap, a time of day ("14:30:00").
func NewTid(hour, minute, second int) *Egenskap {
	return &Egenskap{typ: EgenskapTid, s: fmt.Sprintf("%02d:%02d:%02d", hour, minute, second)}
}

// NewEnum returns an EnumEgenskap holding the id of the chosen value
// (2730 is 50 km/h for Fartsgrense's egenskap 2021).
func NewEnum(id int) *Egenskap { return &Egenskap{typ: EgenskapEnum, i: int64(id)} }

// NewBoolsk returns a BoolskEgenskap.
func NewBoolsk(b bool) *Egenskap { return &Egenskap{typ: EgenskapBoolsk, b: b} }

// NewBinaer returns a BinaerEgenskap: a file of the given format, stored
// in NVDB under ressursID (0: none).
func NewBinaer(format string, ressursID int) *Egenskap {
	return &Egenskap{typ: EgenskapBinaer, s: format, i: int64(ressursID), b: ressursID != 0}
}

// NewGeometri returns a GeometriEgenskap.
func NewGeometri(g *Geometristruktur) *Egenskap { return &Egenskap{typ: EgenskapGeometri, geo: g} }

// NewListe returns a ListeEgenskap of the given values.
func NewListe(verdier ...*Egenskap) *Egenskap {
	return &Egenskap{typ: EgenskapListe, list: append([]*Egenskap{}, verdier...)}
}

// RawEgenskap returns the egenskap whose JSON is raw: a StrukturEgenskap or
// a type this package does not know, kept as it is. raw must be a JSON
// object with a string member "type".
func RawEgenskap(raw json.RawMessage) (*Egenskap, error) {
	e := new(Egenskap)
	if err := e.UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	return e, nil
}

// Type returns the kind of the value ("" on nil).
func (e *Egenskap) Type() EgenskapType {
	if e == nil {
		return ""
	}
	return e.typ
}

// Tekst returns the text of a TekstEgenskap.
func (e *Egenskap) Tekst() (string, bool) {
	if e == nil || e.typ != EgenskapTekst {
		return "", false
	}
	return e.s, true
}

// Heltall returns the value of a HeltallEgenskap.
func (e *Egenskap) Heltall() (int64, bool) {
	if e == nil || e.typ != EgenskapHeltall {
		return 0, false
	}
	return e.i, true
}

// Flyttall returns the value of a FlyttallEgenskap, or of a
// HeltallEgenskap as a float64.
func (e *Egenskap) Flyttall() (float64, bool) {
	switch {
	case e == nil:
		return 0, false
	case e.typ == EgenskapFlyttall:
		return e.f, true
	case e.typ == EgenskapHeltall:
		return float64(e.i), true
	}
	return 0, false
}

// EnumID returns the id of the value of an EnumEgenskap. Look the id up in
// the datakatalog (2730 is 50 km/h for egenskap 2021 of Fartsgrense).
func (e *Egenskap) EnumID() (int, bool) {
	if e == nil || e.typ != EgenskapEnum {
		return 0, false
	}
	return int(e.i), true
}

// Dato returns the date of a DatoEgenskap at midnight UTC.
func (e *Egenskap) Dato() (time.Time, bool) {
	if e == nil || e.typ != EgenskapDato {
		return time.Time{}, false
	}
	t, err := Dato(e.s).Time()
	return t, err == nil
}

// KortDato returns month and day of a KortDatoEgenskap ("--03-22").
func (e *Egenskap) KortDato() (time.Month, int, bool) {
	if e == nil || e.typ != EgenskapKortDato {
		return 0, 0, false
	}
	s := strings.TrimPrefix(e.s, "--")
	t, err := time.Parse("01-02", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Month(), t.Day(), true
}

// Tid returns the time of day of a TidEgenskap ("14:30:00", or "14:30").
func (e *Egenskap) Tid() (hour, minute, second int, ok bool) {
	if e == nil || e.typ != EgenskapTid {
		return 0, 0, 0, false
	}
	t, err := time.Parse(time.TimeOnly, e.s)
	if err != nil {
		if t, err = time.Parse("15:04", e.s); err != nil {
			return 0, 0, 0, false
		}
	}
	return t.Hour(), t.Minute(), t.Second(), true
}

// Boolsk returns the value of a BoolskEgenskap.
func (e *Egenskap) Boolsk() (bool, bool) {
	if e == nil || e.typ != EgenskapBoolsk {
		return false, false
	}
	return e.b, true
}

// Binaer returns the format of a BinaerEgenskap and the id under which
// NVDB keeps the file (0 when the answer names none).
func (e *Egenskap) Binaer() (format string, ressursID int, ok bool) {
	if e == nil || e.typ != EgenskapBinaer {
		return "", 0, false
	}
	return e.s, int(e.i), true
}

// Geometri returns the geometry of a GeometriEgenskap.
func (e *Egenskap) Geometri() (*Geometristruktur, bool) {
	if e == nil || e.typ != EgenskapGeometri {
		return nil, false
	}
	return e.geo, e.geo != nil
}

// Verdier returns the values of a ListeEgenskap (nil for other types).
func (e *Egenskap) Verdier() []*Egenskap {
	if e == nil || e.typ != EgenskapListe {
		return nil
	}
	return e.list
}

// Raw returns the JSON of a StrukturEgenskap or of a type this package
// does not know, as NVDB sent it; nil for the others.
func (e *Egenskap) Raw() json.RawMessage {
	if e == nil {
		return nil
	}
	return e.raw
}

// String formats the value for people: "2730", "Åsvegen", "2017-08-30",
// the JSON of a raw value; "" on nil.
func (e *Egenskap) String() string {
	if e == nil {
		return ""
	}
	switch e.typ {
	case EgenskapTekst, EgenskapDato, EgenskapKortDato, EgenskapTid:
		return e.s
	case EgenskapHeltall, EgenskapEnum:
		return strconv.FormatInt(e.i, 10)
	case EgenskapFlyttall:
		return strconv.FormatFloat(e.f, 'f', -1, 64)
	case EgenskapBoolsk:
		return strconv.FormatBool(e.b)
	case EgenskapBinaer:
		return e.s
	case EgenskapGeometri:
		if e.geo != nil {
			return e.geo.WKT
		}
		return ""
	case EgenskapListe:
		parts := make([]string, len(e.list))
		for i, v := range e.list {
			parts[i] = v.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return string(e.raw)
}

// UnmarshalJSON reads one value and checks that it has the members its
// type requires, of the right JSON kind.
func (e *Egenskap) UnmarshalJSON(b []byte) error {
	d := dec{b: b}
	if d.null() {
		return d.end()
	}
	if err := d.egenskap(e); err != nil {
		return fmt.Errorf("uberiket: egenskap: %w", err)
	}
	return d.end()
}

// MarshalJSON writes the value in NVDB's form.
func (e Egenskap) MarshalJSON() ([]byte, error) { return e.appendJSON(nil) }

func (e *Egenskap) appendJSON(b []byte) ([]byte, error) {
	if e == nil {
		return append(b, "null"...), nil
	}
	if e.raw != nil {
		return append(b, e.raw...), nil
	}
	b = append(b, `{"type":`...)
	b = appendString(b, string(e.typ))
	switch e.typ {
	case EgenskapTekst, EgenskapKortDato, EgenskapTid, EgenskapDato:
		b = append(b, `,"verdi":`...)
		b = appendString(b, e.s)
	case EgenskapHeltall, EgenskapEnum:
		b = append(b, `,"verdi":`...)
		b = appendInt(b, e.i)
	case EgenskapFlyttall:
		b = append(b, `,"verdi":`...)
		b = appendFloat(b, e.f)
	case EgenskapBoolsk:
		b = append(b, `,"verdi":`...)
		b = strconv.AppendBool(b, e.b)
	case EgenskapGeometri:
		b = append(b, `,"verdi":`...)
		var err error
		if b, err = appendJSON(b, e.geo); err != nil {
			return nil, err
		}
	case EgenskapBinaer:
		b = append(b, `,"format":`...)
		b = appendString(b, e.s)
		if e.b {
			b = append(b, `,"ressursId":`...)
			b = appendInt(b, e.i)
		}
	case EgenskapListe:
		b = append(b, `,"verdier":[`...)
		for i, v := range e.list {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = v.appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func (e *Egenskap) check(model string) error {
	switch {
	case e == nil:
		return nil // a null value is how a change can remove an egenskap
	case e.typ == "":
		return invalidf(model, "egenskap without type")
	case e.typ == EgenskapDato && !Dato(e.s).Valid():
		return invalidf(model, "DatoEgenskap with invalid date %q", e.s)
	case e.typ == EgenskapGeometri:
		return e.geo.check(model)
	case e.typ == EgenskapListe:
		for _, v := range e.list {
			if v == nil {
				return invalidf(model, "ListeEgenskap with a null value")
			}
			if err := v.check(model); err != nil {
				return err
			}
		}
	case (e.typ == EgenskapStruktur || !e.typ.Known()) && e.raw == nil:
		return invalidf(model, "%s without its JSON", e.typ)
	}
	return nil
}

// Egenskaper holds the egenskaper of a vegobjekt by egenskapstype id
// (2021 is Fartsgrense's speed). A nil entry is a null in the answer.
type Egenskaper map[int]*Egenskap

// IDs returns the egenskapstype ids in increasing order.
func (es Egenskaper) IDs() []int {
	ids := make([]int, 0, len(es))
	for id := range es {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// MarshalJSON writes the egenskaper as NVDB does, an object keyed by
// egenskapstype id, in increasing id order.
func (es Egenskaper) MarshalJSON() ([]byte, error) { return es.appendJSON(nil) }

// AppendJSON appends the egenskaper as MarshalJSON writes them to b: for
// stores that write many objects' egenskaper into one buffer.
func (es Egenskaper) AppendJSON(b []byte) ([]byte, error) { return es.appendJSON(b) }

func (es Egenskaper) appendJSON(b []byte) ([]byte, error) {
	if es == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '{')
	var small [16]int
	ids := small[:0]
	for id := range es {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = appendInt(b, int64(id))
		b = append(b, '"', ':')
		var err error
		if b, err = es[id].appendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func (es Egenskaper) check(model string) error {
	for id, e := range es {
		name := model
		if model != "" { // named only to report an error (see lazily)
			name = model + ": egenskap " + strconv.Itoa(id)
		}
		if err := e.check(name); err != nil {
			return err
		}
	}
	return nil
}
