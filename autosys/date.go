package autosys

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (YYYY-MM-DD) without time of day or zone, the form
// the API uses for registration dates and control deadlines. The zero Date
// means "not given".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a date in the API's form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("autosys: invalid date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date (not given).
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// After reports whether d is after e.
func (d Date) After(e Date) bool { return e.Before(d) }

// MarshalJSON writes d as "YYYY-MM-DD" (null for the zero Date).
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD". null and "" give the zero Date; a full
// timestamp is accepted and its date part kept, since the register is not
// always consistent about which of the two it sends.
func (d *Date) UnmarshalJSON(b []byte) error {
	s, null, err := jsonString(b)
	if err != nil || null || s == "" {
		*d = Date{}
		return err
	}
	if len(s) > len(time.DateOnly) && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Timestamp is a point in time as the API sends it: RFC 3339 with an offset
// and optional fractional seconds ("2017-05-29T06:31:22+02:00",
// "2026-06-11T18:03:14.17+02:00"). A timestamp without an offset is read as
// Norwegian time. The zero Timestamp means "not given".
type Timestamp struct {
	time.Time
}

// MarshalJSON writes the timestamp in RFC 3339 with its offset, keeping
// fractional seconds only when there are some.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}

// UnmarshalJSON reads an RFC 3339 timestamp; null and "" give the zero value.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	s, null, err := jsonString(b)
	if err != nil || null || s == "" {
		*t = Timestamp{}
		return err
	}
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t.Time = v
		return nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", time.DateOnly} {
		if v, err := time.ParseInLocation(layout, s, oslo); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("autosys: invalid timestamp %q: want RFC 3339", s)
}

// Ints is a list of integers that also accepts numbers sent as strings, as
// some responses do for antallDorer and maksimumHastighetMalt.
type Ints []int

// UnmarshalJSON reads an array of numbers or numeric strings; null is empty.
func (v *Ints) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*v = nil
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("autosys: expected an array of integers: %w", err)
	}
	out := make(Ints, 0, len(raw))
	for _, r := range raw {
		s := strings.Trim(strings.TrimSpace(string(r)), `"`)
		if s == "" || s == "null" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil {
				return fmt.Errorf("autosys: %s is not an integer", r)
			}
			n = int(f)
		}
		out = append(out, n)
	}
	*v = out
	return nil
}

func jsonString(b []byte) (s string, null bool, err error) {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return "", true, nil
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false, fmt.Errorf("autosys: expected a string: %w", err)
	}
	return strings.TrimSpace(s), false, nil
}
