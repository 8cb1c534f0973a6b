package uberiket

import (
	"encoding/json"
	"fmt"
	"time"
	_ "time/tzdata" // NVDB's dates are Norwegian dates, also on images without zoneinfo
)

// Dato is a calendar date as NVDB writes it, "2012-02-01". Dates of the
// same form compare as strings: "2012-02-01" < "2019-01-04".
type Dato string

// Time returns the date at midnight UTC.
func (d Dato) Time() (time.Time, error) { return time.Parse(time.DateOnly, string(d)) }

// Valid reports whether d is a date in NVDB's form.
func (d Dato) Valid() bool {
	_, err := d.Time()
	return len(d) == len(time.DateOnly) && err == nil
}

// DatoOf returns the date of t in t's location.
func DatoOf(t time.Time) Dato { return Dato(t.Format(time.DateOnly)) }

// Today returns the date of now in Norway, the day NVDB's "aktiv" refers
// to.
func Today(now time.Time) Dato { return DatoOf(now.In(oslo)) }

// UnmarshalJSON accepts a date string and nothing else, so an answer with
// a broken date is an error rather than an object valid from "".
func (d *Dato) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("uberiket: date: %w", err)
	}
	if !Dato(s).Valid() {
		return fmt.Errorf("uberiket: invalid date %q: want YYYY-MM-DD", s)
	}
	*d = Dato(s)
	return nil
}

var oslo = loadOslo()

func loadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		// Unreachable with time/tzdata linked in.
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// Gyldighetsperiode is when a version of an object (or a veglenke, a
// node) is valid: from Startdato, up to but not including Sluttdato. An
// empty Sluttdato means it is still valid; a version whose Sluttdato has
// come is closed ("lukket"), and an object whose newest version is closed
// is no longer active.
type Gyldighetsperiode struct {
	Startdato Dato `json:"startdato"`
	Sluttdato Dato `json:"sluttdato,omitempty"`
}

// AktivPaa reports whether the period holds the date d. A nil period
// holds no date.
func (g *Gyldighetsperiode) AktivPaa(d Dato) bool {
	return g != nil && g.Startdato != "" && g.Startdato <= d && (g.Sluttdato == "" || d < g.Sluttdato)
}

// Aktiv reports whether the period holds the Norwegian date of at (NVDB's
// dates are dates in Norway).
func (g *Gyldighetsperiode) Aktiv(at time.Time) bool { return g.AktivPaa(Today(at)) }

// Lukket reports whether the period has a Sluttdato.
func (g *Gyldighetsperiode) Lukket() bool { return g != nil && g.Sluttdato != "" }

// UnmarshalJSON requires startdato, as the specification does.
func (g *Gyldighetsperiode) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var w struct {
		Startdato *Dato `json:"startdato"`
		Sluttdato Dato  `json:"sluttdato"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Startdato == nil {
		return missing("Gyldighetsperiode", "startdato")
	}
	*g = Gyldighetsperiode{Startdato: *w.Startdato, Sluttdato: w.Sluttdato}
	return nil
}

func (g *Gyldighetsperiode) appendJSON(b []byte) []byte {
	b = append(b, `{"startdato":`...)
	b = appendString(b, string(g.Startdato))
	if g.Sluttdato != "" {
		b = append(b, `,"sluttdato":`...)
		b = appendString(b, string(g.Sluttdato))
	}
	return append(b, '}')
}

// MarshalJSON writes the period in NVDB's form.
func (g Gyldighetsperiode) MarshalJSON() ([]byte, error) { return g.appendJSON(nil), nil }

func (g *Gyldighetsperiode) check(model string) error {
	switch {
	case g == nil:
		return invalidf(model, "no gyldighetsperiode")
	case !g.Startdato.Valid():
		return invalidf(model, "gyldighetsperiode: invalid startdato %q", g.Startdato)
	case g.Sluttdato != "" && !g.Sluttdato.Valid():
		return invalidf(model, "gyldighetsperiode: invalid sluttdato %q", g.Sluttdato)
	}
	return nil
}
