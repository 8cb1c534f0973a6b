package autosys

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Oppslag is one lookup: exactly one of Kjennemerke (plate) and
// Understellsnummer (VIN) is set. The API answers 400 when both are sent;
// the client refuses that locally.
type Oppslag struct {
	Kjennemerke       string `json:"kjennemerke,omitempty" url:"kjennemerke,omitempty"`
	Understellsnummer string `json:"understellsnummer,omitempty" url:"understellsnummer,omitempty"`
}

// String returns the field that is set, for logs and batch results.
func (o Oppslag) String() string {
	switch {
	case o.Kjennemerke != "" && o.Understellsnummer != "":
		return "kjennemerke=" + o.Kjennemerke + " understellsnummer=" + o.Understellsnummer
	case o.Understellsnummer != "":
		return o.Understellsnummer
	}
	return o.Kjennemerke
}

// Normalize checks o and returns it in the form sent to the API: the
// kjennemerke normalised by NormalizeKjennemerke, the understellsnummer
// trimmed and upper-cased. It fails when both or neither are set.
func (o Oppslag) Normalize() (Oppslag, error) {
	hasK, hasU := strings.TrimSpace(o.Kjennemerke) != "", strings.TrimSpace(o.Understellsnummer) != ""
	switch {
	case hasK && hasU:
		return Oppslag{}, invalidf("give either kjennemerke or understellsnummer, not both")
	case hasK:
		k, err := NormalizeKjennemerke(o.Kjennemerke)
		return Oppslag{Kjennemerke: k}, err
	case hasU:
		u, err := NormalizeUnderstellsnummer(o.Understellsnummer)
		return Oppslag{Understellsnummer: u}, err
	}
	return Oppslag{}, invalidf("give a kjennemerke or an understellsnummer")
}

// NormalizeKjennemerke returns a plate in the form the API expects: white
// space and hyphens removed and letters upper-cased ("ek 39-085" →
// "EK39085"). The result must be 2–7 letters (A–Z, Æ, Ø, Å) and digits, the
// lengths of ordinary, vintage and personal plates.
func NormalizeKjennemerke(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	k := b.String()
	n := utf8.RuneCountInString(k)
	if n < 2 || n > 7 {
		return "", invalidf("kjennemerke %q must have 2 to 7 letters or digits, has %d", s, n)
	}
	for _, r := range k {
		if !isPlateRune(r) {
			return "", invalidf("kjennemerke %q may hold only letters A–Å and digits, not %q", s, r)
		}
	}
	return k, nil
}

func isPlateRune(r rune) bool {
	return (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == 'Æ' || r == 'Ø' || r == 'Å'
}

// NormalizeUnderstellsnummer trims and upper-cases a VIN and checks that it
// has 1–19 characters (old vehicles have short ones) without white space or
// control characters.
func NormalizeUnderstellsnummer(s string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	n := utf8.RuneCountInString(u)
	if n < 1 || n > 19 {
		return "", invalidf("understellsnummer %q must have 1 to 19 characters, has %d", s, n)
	}
	for _, r := range u {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			return "", invalidf("understellsnummer %q holds a character that is not allowed (%q)", s, r)
		}
	}
	return u, nil
}

// ParseOppslag reads user input that is either a plate or a VIN: input
// that normalises to a valid kjennemerke (2–7 letters and digits) is taken
// as one, anything else of 1–19 characters as an understellsnummer. Use an
// Oppslag literal when a short VIN could be mistaken for a plate.
func ParseOppslag(s string) (Oppslag, error) {
	if k, err := NormalizeKjennemerke(s); err == nil {
		return Oppslag{Kjennemerke: k}, nil
	}
	u, err := NormalizeUnderstellsnummer(s)
	if err != nil {
		return Oppslag{}, invalidf("%q is neither a kjennemerke (2–7 letters and digits) nor an understellsnummer (1–19 characters)", s)
	}
	return Oppslag{Understellsnummer: u}, nil
}
