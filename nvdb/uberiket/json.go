package uberiket

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// errNull is what the decoders of the unions say for a JSON null where an
// object is required; encoding/json hands null to UnmarshalJSON only for
// values that are not pointers.
var errNull = errors.New("null where an object is required")

// unionType reads the discriminator of a tagged union first, so that a
// kind this package does not know is kept whole even when its members
// share names with known kinds but not their shapes.
func unionType(b []byte, model string) (string, error) {
	var w struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return "", fmt.Errorf("uberiket: %s: %w", model, err)
	}
	if w.Type == nil {
		return "", missing(model, "type")
	}
	return *w.Type, nil
}

// missing is the error for an answer without a member the specification
// requires.
func missing(model string, names ...string) error {
	return fmt.Errorf("uberiket: %s: missing required member %s", model, strings.Join(quoteAll(names), ", "))
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

// invalidf is the error of check(): a model whose values cannot be right.
func invalidf(model, format string, args ...any) error {
	return fmt.Errorf("uberiket: %s: %s", model, fmt.Sprintf(format, args...))
}

// lazily runs a check without the model's name, and only when it fails
// again with name(), so a model that checks costs no formatting (a stream
// checks a million of them).
func lazily(check func(model string) error, name func() string) error {
	if check("") == nil {
		return nil
	}
	return check(name())
}

// isNull reports whether b is the JSON literal null (encoding/json hands
// UnmarshalJSON the value without surrounding space).
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// The appenders write JSON by hand: the stores keep egenskaper and
// stedfesting as NVDB sent them, and the fake encodes a million objects at
// start, so marshalling is on a hot path and must not reflect.

// appendString appends s as a JSON string. Unlike encoding/json it leaves
// <, > and & alone (NVDB does too); invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 are valid JSON but break JavaScript; escape
		// them as encoding/json does.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', byte('8'+r-'\u2028'))
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f the way encoding/json does (shortest form, 'e'
// only for very small or large magnitudes). NaN and infinities have no
// JSON form; they are written as null rather than as invalid JSON.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func appendInt(b []byte, i int64) []byte { return strconv.AppendInt(b, i, 10) }

// appendKey appends a member name and its colon, with a comma before it
// unless it is the first member (the byte before is '{').
func appendKey(b []byte, key string) []byte {
	if n := len(b); n > 0 && b[n-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func appendIDs(b []byte, ids []int64) []byte {
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, id)
	}
	return append(b, ']')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendJSON appends v marshalled by encoding/json; for the rare parts
// (geometries in egenskaper, vegnett models) that need no speed.
func appendJSON(b []byte, v any) ([]byte, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, j...), nil
}

// appendInstant appends t as NVDB writes a timestamp: UTC, with the
// fraction of a second in zero, three, six or nine digits as needed (Java's
// ISO instant form: "2025-04-30T19:09:15.976470Z"), so an object read and
// written again carries the same text.
func appendInstant(b []byte, t time.Time) []byte {
	t = t.UTC()
	b = append(b, '"')
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		digits, v := 9, ns
		switch {
		case ns%1_000_000 == 0:
			digits, v = 3, ns/1_000_000
		case ns%1_000 == 0:
			digits, v = 6, ns/1_000
		}
		b = append(b, '.')
		var buf [9]byte
		for i := digits - 1; i >= 0; i-- {
			buf[i] = byte('0' + v%10)
			v /= 10
		}
		b = append(b, buf[:digits]...)
	}
	return append(b, 'Z', '"')
}

// FormatTidspunkt formats t as NVDB writes a timestamp (sistEndret,
// tidspunkt): UTC, with 0, 3, 6 or 9 digits of fraction as needed, as in
// "2025-04-30T19:09:15.976470Z".
func FormatTidspunkt(t time.Time) string {
	b := appendInstant(nil, t)
	return string(b[1 : len(b)-1])
}

// parseInstant reads an RFC 3339 timestamp (NVDB sends UTC with a Z).
func parseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
	}
	return t, nil
}

// tidspunkt is a timestamp member in NVDB's form; see appendInstant.
type tidspunkt time.Time

func (t tidspunkt) MarshalJSON() ([]byte, error) { return appendInstant(nil, time.Time(t)), nil }

func (t *tidspunkt) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("uberiket: timestamp: %w", err)
	}
	v, err := parseInstant(s)
	if err != nil {
		return fmt.Errorf("uberiket: %w", err)
	}
	*t = tidspunkt(v)
	return nil
}
