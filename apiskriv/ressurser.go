package apiskriv

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Ressurs is a link in an API Skriv answer: rel names what src points at
// (self, transaksjoner, oppdrag, start, status, fremdrift, kanseller …).
type Ressurs struct {
	Rel string `xml:"rel,attr" json:"rel"`
	Src string `xml:"src,attr" json:"src"`
}

// Ressurser is a list of links. In XML it is <ressurser><ressurs rel src/>…
// </ressurser>; in JSON an array of {"rel","src"} objects. Match links on
// rel, never on their position.
type Ressurser []Ressurs

// Src returns the src of the first link with the given rel.
func (r Ressurser) Src(rel string) (string, bool) {
	for _, l := range r {
		if l.Rel == rel {
			return l.Src, true
		}
	}
	return "", false
}

// MarshalXML writes <name><ressurs rel src/>…</name>.
func (r Ressurser) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	type wire struct {
		Ressurs []Ressurs `xml:"ressurs"`
	}
	return e.EncodeElement(wire{Ressurs: r}, start)
}

// UnmarshalXML reads the <ressurs> children of the element.
func (r *Ressurser) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var w struct {
		Ressurs []Ressurs `xml:"ressurs"`
	}
	if err := d.DecodeElement(&w, &start); err != nil {
		return err
	}
	*r = w.Ressurs
	return nil
}

// Follow GETs the link named rel and decodes the answer into out, which must
// be a pointer to the type the link returns: *Oppdrag (rel "oppdrag",
// "self" of an oppdrag), *TransaksjonListe ("transaksjoner"), *Status
// ("status"), *Fremdrift ("fremdrift"), *Endringssett ("endringssett").
// Links to another host are refused. An answer that is not the documented
// shape of out's type is an ErrInvalidResponse, as for the methods that
// return that type.
func (c *Client) Follow(ctx context.Context, links Ressurser, rel string, out any) error {
	src, ok := links.Src(rel)
	if !ok {
		return invalid("no link with rel %q", rel)
	}
	if out == nil {
		return invalid("nil target for rel %q", rel)
	}
	// A list link may name the page it starts at.
	start := 1
	if u, err := url.Parse(src); err == nil {
		if n, err := strconv.Atoi(u.Query().Get("start")); err == nil && n > 0 {
			start = n
		}
	}
	_, err := c.do(ctx, &call{op: "Follow", method: http.MethodGet, url: src, out: out, start: start})
	return err
}

// Tidspunkt is a timestamp exactly as the API writes it: with a zone
// ("2016-09-20T07:13:31Z", sluttidspunkt) or without one
// ("2016-09-20T09:12:46", tidspunkt; "2020-05-29T12:27:15.108", mottatt),
// in which case it is Norwegian local time.
type Tidspunkt string

// Time parses the timestamp. A value without a zone is read in Europe/Oslo
// when the time zone database is available, else in UTC.
func (t Tidspunkt) Time() (time.Time, error) {
	s := strings.TrimSpace(string(t))
	if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return tm, nil
	}
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		loc = time.UTC
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if tm, err := time.ParseInLocation(layout, s, loc); err == nil {
			return tm, nil
		}
	}
	return time.Time{}, fmt.Errorf("apiskriv: unrecognised timestamp %q", s)
}

// Dato is a date as the API writes it ("2016-09-20").
type Dato string

// Time parses the date as midnight UTC.
func (d Dato) Time() (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(string(d)))
	if err != nil {
		return time.Time{}, fmt.Errorf("apiskriv: unrecognised date %q", string(d))
	}
	return t, nil
}
