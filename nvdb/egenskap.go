package nvdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Egenskapstype names the kind of an egenskap; it decides which value
// fields are set. The values are NVDB's own spellings.
type Egenskapstype string

// The egenskapstyper of NVDB API Les v4. Assosiasjon and Stedfesting occur
// only in the datakatalog (EgenskapstypeInfo.Egenskapstype: a relation to
// another vegobjekttype, and the placement on the road network); objects
// carry their relations and placements in Relasjoner and Lokasjon.
const (
	EgenskapstypeAssosiasjon  Egenskapstype = "Assosiasjon"
	EgenskapstypeStedfesting  Egenskapstype = "Stedfesting"
	EgenskapstypeBoolsk       Egenskapstype = "Boolsk"
	EgenskapstypeBinaer       Egenskapstype = "Binær"
	EgenskapstypeTekst        Egenskapstype = "Tekst"
	EgenskapstypeDato         Egenskapstype = "Dato"
	EgenskapstypeFlyttall     Egenskapstype = "Flyttall"
	EgenskapstypeHeltall      Egenskapstype = "Heltall"
	EgenskapstypeStruktur     Egenskapstype = "Struktur"
	EgenskapstypeGeometri     Egenskapstype = "Geometri"
	EgenskapstypeKortdato     Egenskapstype = "Kortdato"
	EgenskapstypeTid          Egenskapstype = "Tid"
	EgenskapstypeListe        Egenskapstype = "Liste"
	EgenskapstypeTekstenum    Egenskapstype = "Tekstenum"
	EgenskapstypeHeltallenum  Egenskapstype = "Heltallenum"
	EgenskapstypeFlyttallenum Egenskapstype = "Flyttallenum"
)

// Known reports whether t is one of the egenskapstyper of NVDB API Les v4
// (the datakatalog's EgenskapstypeEnum).
func (t Egenskapstype) Known() bool {
	switch t {
	case EgenskapstypeBoolsk, EgenskapstypeBinaer, EgenskapstypeTekst, EgenskapstypeDato,
		EgenskapstypeFlyttall, EgenskapstypeHeltall, EgenskapstypeStruktur, EgenskapstypeGeometri,
		EgenskapstypeKortdato, EgenskapstypeTid, EgenskapstypeListe, EgenskapstypeTekstenum,
		EgenskapstypeHeltallenum, EgenskapstypeFlyttallenum, EgenskapstypeAssosiasjon, EgenskapstypeStedfesting:
		return true
	}
	return false
}

// IsEnum reports whether values of t are chosen from a list (enum_id set).
func (t Egenskapstype) IsEnum() bool {
	return t == EgenskapstypeTekstenum || t == EgenskapstypeHeltallenum || t == EgenskapstypeFlyttallenum
}

// Enhet is the unit of a numeric egenskap ("Kilometer/time", "km/h").
type Enhet struct {
	ID       int    `json:"id"`
	Navn     string `json:"navn,omitempty"`
	Kortnavn string `json:"kortnavn,omitempty"`
}

// GeometriKvalitet describes how a geometry was captured.
type GeometriKvalitet struct {
	Datafangstmetode      string `json:"datafangstmetode,omitempty"`
	Noyaktighet           *int   `json:"nøyaktighet,omitempty"`
	Synbarhet             *int   `json:"synbarhet,omitempty"`
	DatafangstmetodeHoyde string `json:"datafangstmetodeHøyde,omitempty"`
	NoyaktighetHoyde      *int   `json:"nøyaktighetHøyde,omitempty"`
	MaksimaltAvvik        *int   `json:"maksimaltAvvik,omitempty"`
}

// Egenskap is one property of a vegobjekt. It is a tagged union on
// Egenskapstype: the value lives in Verdi (read it with the typed accessors
// Tekst, Heltall, Flyttall, Dato, Kortdato, Tid, Boolsk, Geometri, Enum),
// numbers may carry an Enhet, enums an EnumID, Liste and Struktur hold their
// members in Innhold, Geometri adds srid and capture metadata, Binær a blob
// reference. An egenskapstype this package does not know keeps its value in
// Verdi as it came (Verdi.Raw for objects and arrays).
//
// The accessors are nil-safe: on the nil *Egenskap of a missing egenskap
// (obj.Egenskap(2021) on an object without it) they report "not there"
// (ok false, IsNull true, String ""), so
// obj.Egenskap(2021).Heltall() needs no nil check.
type Egenskap struct {
	ID            int           `json:"id"`
	Navn          string        `json:"navn"`
	Egenskapstype Egenskapstype `json:"egenskapstype"`
	Verdi         Verdi         `json:"verdi,omitzero"`
	EnumID        int           `json:"enum_id,omitempty"`
	Enhet         *Enhet        `json:"enhet,omitempty"`
	Innhold       []Egenskap    `json:"innhold,omitempty"`

	// Geometri
	Srid              int               `json:"srid,omitempty"`
	Kvalitet          *GeometriKvalitet `json:"kvalitet,omitempty"`
	Datafangstdato    Dato              `json:"datafangstdato,omitempty"`
	Verifiseringsdato Dato              `json:"verifiseringsdato,omitempty"`
	Oppdateringsdato  Dato              `json:"oppdateringsdato,omitempty"`
	Prosesshistorikk  string            `json:"prosesshistorikk,omitempty"`
	Kommune           int               `json:"kommune,omitempty"`
	Medium            string            `json:"medium,omitempty"`
	MediumNVDB        int               `json:"medium_nvdb,omitempty"`
	Sosinavn          string            `json:"sosinavn,omitempty"`
	Temakode          int               `json:"temakode,omitempty"`
	Referansegeometri *bool             `json:"referansegeometri,omitempty"`
	Lengde            *float64          `json:"lengde,omitempty"`
	Hoydereferanse    *int              `json:"høydereferanse,omitempty"`

	// Binær
	BlobID     int    `json:"blob_id,omitempty"`
	BlobFormat string `json:"blob_format,omitempty"`
	Href       string `json:"href,omitempty"`
}

// Tekst returns the text of a Tekst or Tekstenum egenskap.
func (e *Egenskap) Tekst() (string, bool) {
	if e == nil {
		return "", false
	}
	switch e.Egenskapstype {
	case EgenskapstypeTekst, EgenskapstypeTekstenum:
		return e.Verdi.String()
	}
	return "", false
}

// Heltall returns the value of a Heltall or Heltallenum egenskap.
func (e *Egenskap) Heltall() (int64, bool) {
	if e == nil {
		return 0, false
	}
	switch e.Egenskapstype {
	case EgenskapstypeHeltall, EgenskapstypeHeltallenum:
		return e.Verdi.Int()
	}
	return 0, false
}

// Flyttall returns the value of any numeric egenskap (Flyttall,
// Flyttallenum, Heltall, Heltallenum) as a float64.
func (e *Egenskap) Flyttall() (float64, bool) {
	if e == nil {
		return 0, false
	}
	switch e.Egenskapstype {
	case EgenskapstypeFlyttall, EgenskapstypeFlyttallenum, EgenskapstypeHeltall, EgenskapstypeHeltallenum:
		return e.Verdi.Float()
	}
	return 0, false
}

// Boolsk returns the value of a Boolsk egenskap.
func (e *Egenskap) Boolsk() (bool, bool) {
	if e == nil {
		return false, false
	}
	if e.Egenskapstype != EgenskapstypeBoolsk {
		return false, false
	}
	return e.Verdi.Bool()
}

// Dato returns the date of a Dato egenskap (yyyy-MM-dd) at midnight UTC.
func (e *Egenskap) Dato() (time.Time, bool) {
	if e == nil {
		return time.Time{}, false
	}
	if e.Egenskapstype != EgenskapstypeDato {
		return time.Time{}, false
	}
	s, ok := e.Verdi.String()
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// Kortdato returns month and day of a Kortdato egenskap (MM-dd).
func (e *Egenskap) Kortdato() (time.Month, int, bool) {
	if e == nil {
		return 0, 0, false
	}
	if e.Egenskapstype != EgenskapstypeKortdato {
		return 0, 0, false
	}
	s, ok := e.Verdi.String()
	if !ok {
		return 0, 0, false
	}
	t, err := time.Parse("01-02", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Month(), t.Day(), true
}

// Tid returns hour and minute of a Tid egenskap (HH:mm).
func (e *Egenskap) Tid() (hour, minute int, ok bool) {
	if e == nil {
		return 0, 0, false
	}
	if e.Egenskapstype != EgenskapstypeTid {
		return 0, 0, false
	}
	s, ok := e.Verdi.String()
	if !ok {
		return 0, 0, false
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// Geometri returns the WKT and srid of a Geometri egenskap.
func (e *Egenskap) Geometri() (wkt string, srid int, ok bool) {
	if e == nil {
		return "", 0, false
	}
	if e.Egenskapstype != EgenskapstypeGeometri {
		return "", 0, false
	}
	s, ok := e.Verdi.String()
	return s, e.Srid, ok
}

// Enum returns the enum id of a Tekstenum, Heltallenum or Flyttallenum
// egenskap. Filters on enum egenskaper use this id, not the value.
func (e *Egenskap) Enum() (int, bool) {
	if e == nil {
		return 0, false
	}
	if !e.Egenskapstype.IsEnum() || e.EnumID == 0 {
		return 0, false
	}
	return e.EnumID, true
}

// IsNull reports whether the egenskap has no value (and no members); a
// missing egenskap (nil) is null.
func (e *Egenskap) IsNull() bool {
	return e == nil || e.Verdi.IsZero() && len(e.Innhold) == 0 && e.BlobID == 0
}

// String formats the value for people: "80 km/h", "Vikatunnelen", "2014-09-01".
func (e *Egenskap) String() string {
	switch {
	case e == nil:
		return ""
	case len(e.Innhold) > 0:
		parts := make([]string, len(e.Innhold))
		for i := range e.Innhold {
			parts[i] = e.Innhold[i].Navn + "=" + e.Innhold[i].String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case e.BlobID != 0:
		return fmt.Sprintf("blob %d (%s)", e.BlobID, e.BlobFormat)
	}
	s := e.Verdi.text()
	if e.Enhet != nil && e.Enhet.Kortnavn != "" && !e.Verdi.IsZero() {
		s += " " + e.Enhet.Kortnavn
	}
	return s
}

// Egenskaper is the list of a vegobjekt's properties.
type Egenskaper []Egenskap

// ByID returns the egenskap with egenskapstype id, or nil. Members of Liste
// and Struktur egenskaper are searched too.
func (es Egenskaper) ByID(id int) *Egenskap {
	for i := range es {
		if es[i].ID == id {
			return &es[i]
		}
	}
	for i := range es {
		if len(es[i].Innhold) > 0 {
			if e := Egenskaper(es[i].Innhold).ByID(id); e != nil {
				return e
			}
		}
	}
	return nil
}

// ByNavn returns the egenskap named navn (compared without regard to case),
// or nil.
func (es Egenskaper) ByNavn(navn string) *Egenskap {
	for i := range es {
		if es[i].Navn == navn {
			return &es[i]
		}
	}
	for i := range es {
		if strings.EqualFold(es[i].Navn, navn) {
			return &es[i]
		}
	}
	return nil
}

// VerdiKind says which JSON kind a Verdi holds.
type VerdiKind uint8

// The kinds of a Verdi.
const (
	VerdiNull   VerdiKind = iota // absent or null
	VerdiString                  // JSON string
	VerdiNumber                  // JSON number
	VerdiBool                    // true or false
	VerdiRaw                     // object or array, kept as raw JSON
)

// Verdi is the value of an egenskap as it came on the wire: a string, a
// number, a boolean, null, or (for kinds this package does not know) raw
// JSON. Use the accessors of Egenskap, which check the egenskapstype.
type Verdi struct {
	kind  VerdiKind
	isInt bool
	b     bool
	i     int64
	f     float64
	s     string
	raw   json.RawMessage
}

// StringVerdi, IntVerdi, FloatVerdi and BoolVerdi build values, for tests
// and fakes.
func StringVerdi(s string) Verdi { return Verdi{kind: VerdiString, s: s} }

// IntVerdi returns an integer value.
func IntVerdi(i int64) Verdi { return Verdi{kind: VerdiNumber, isInt: true, i: i, f: float64(i)} }

// FloatVerdi returns a number value.
func FloatVerdi(f float64) Verdi {
	v := Verdi{kind: VerdiNumber, f: f}
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		v.isInt, v.i = true, int64(f)
	}
	return v
}

// BoolVerdi returns a boolean value.
func BoolVerdi(b bool) Verdi { return Verdi{kind: VerdiBool, b: b} }

// Kind returns the JSON kind of the value.
func (v Verdi) Kind() VerdiKind { return v.kind }

// IsZero reports whether the value is null or absent.
func (v Verdi) IsZero() bool { return v.kind == VerdiNull }

// String returns a string value.
func (v Verdi) String() (string, bool) { return v.s, v.kind == VerdiString }

// Int returns an integral number.
func (v Verdi) Int() (int64, bool) { return v.i, v.kind == VerdiNumber && v.isInt }

// Float returns a number.
func (v Verdi) Float() (float64, bool) { return v.f, v.kind == VerdiNumber }

// Bool returns a boolean.
func (v Verdi) Bool() (bool, bool) { return v.b, v.kind == VerdiBool }

// Raw returns the raw JSON of an object or array value.
func (v Verdi) Raw() json.RawMessage { return v.raw }

// Any returns the value as string, int64, float64, bool, json.RawMessage or nil.
func (v Verdi) Any() any {
	switch v.kind {
	case VerdiString:
		return v.s
	case VerdiNumber:
		if v.isInt {
			return v.i
		}
		return v.f
	case VerdiBool:
		return v.b
	case VerdiRaw:
		return v.raw
	}
	return nil
}

func (v Verdi) text() string {
	switch v.kind {
	case VerdiString:
		return v.s
	case VerdiNumber:
		if v.isInt {
			return strconv.FormatInt(v.i, 10)
		}
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case VerdiBool:
		return strconv.FormatBool(v.b)
	case VerdiRaw:
		return string(v.raw)
	}
	return ""
}

// UnmarshalJSON reads any JSON value in one pass.
func (v *Verdi) UnmarshalJSON(b []byte) error {
	*v = Verdi{}
	b = bytes.TrimSpace(b) // encoding/json never sends space; a direct caller may
	if len(b) == 0 {
		return nil
	}
	switch c := b[0]; {
	case c == 'n':
		return nil
	case c == 't':
		v.kind, v.b = VerdiBool, true
	case c == 'f':
		v.kind = VerdiBool
	case c == '"':
		if len(b) < 2 || b[len(b)-1] != '"' {
			return fmt.Errorf("nvdb: invalid string %q", b)
		}
		v.kind = VerdiString
		if inner := b[1 : len(b)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			v.s = string(inner)
			return nil
		}
		return json.Unmarshal(b, &v.s)
	case c == '-' || (c >= '0' && c <= '9'):
		v.kind = VerdiNumber
		if i, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			v.isInt, v.i, v.f = true, i, float64(i)
			return nil
		}
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("nvdb: invalid number %q", b)
		}
		v.f = f
		if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
			v.isInt, v.i = true, int64(f)
		}
	default:
		v.kind = VerdiRaw
		v.raw = append(json.RawMessage(nil), b...)
	}
	return nil
}

// MarshalJSON writes the value back in its wire form.
func (v Verdi) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case VerdiString:
		return json.Marshal(v.s)
	case VerdiNumber:
		if v.isInt {
			return strconv.AppendInt(nil, v.i, 10), nil
		}
		return strconv.AppendFloat(nil, v.f, 'f', -1, 64), nil
	case VerdiBool:
		return strconv.AppendBool(nil, v.b), nil
	case VerdiRaw:
		return v.raw, nil
	}
	return []byte("null"), nil
}
