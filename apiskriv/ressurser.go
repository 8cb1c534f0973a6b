package apiskriv

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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
// be a pointer to the type the link returns: *Oppdrag (rel "oppdrag", or
// "self" of an oppdrag), *Page[Transaksjon] ("transaksjoner"), *Status
// ("status"), *Fremdrift ("fremdrift"), *Endringssett ("endringssett"),
// *Laas, or a *Page of Oppdrag, Laas or Endringssett for a link to a
// search (its Start is the start the link names). An answer that is not
// the documented shape of out's type is an ErrInvalidResponse, as for the
// methods that return that type.
//
// A *[]byte receives the body as it arrived, for links whose schema is not
// published (rest/v3/les/…): it must be a document, an XML root element
// other than <html> or a JSON object or array that is not empty.
//
// Any other out is refused before a request is sent, and so are links to
// another host. Every attempt is named "Follow".
func (c *Client) Follow(ctx context.Context, links Ressurser, rel string, out any) error {
	src, ok := links.Src(rel)
	if !ok {
		return invalid("no link with rel %q", rel)
	}
	if rv := reflect.ValueOf(out); !rv.IsValid() || rv.Kind() == reflect.Pointer && rv.IsNil() {
		return invalid("nil target for rel %q", rel)
	}
	s, r := c.svc(), endpoint.Request{URL: src}
	switch v := out.(type) {
	case *Oppdrag:
		return into(v)(followOppdrag.Do(ctx, s, r))
	case *Laas:
		return into(v)(followLaas.Do(ctx, s, r))
	case *Endringssett:
		return into(v)(followEndringssett.Do(ctx, s, r))
	case *Status:
		return into(v)(followStatus.Do(ctx, s, r))
	case *Fremdrift:
		return into(v)(followFremdrift.Do(ctx, s, r))
	case *Page[Oppdrag]:
		return into(v)(followOppdragList.List(ctx, s, linkCall(r)))
	case *Page[Transaksjon]:
		return into(v)(followTransaksjonList.List(ctx, s, linkCall(r)))
	case *Page[Laas]:
		return into(v)(followLaasList.List(ctx, s, linkCall(r)))
	case *Page[Endringssett]:
		return into(v)(followEndringssettList.List(ctx, s, linkCall(r)))
	case *[]byte:
		return into(v)(followDocument.Do(ctx, s, r))
	}
	return invalid("Follow cannot read rel %q into %T", rel, out)
}

// The declarations of Follow: the operations of the types it reads, named
// "Follow".
var (
	followOppdrag          = opOf[Oppdrag, oppdragAnswer](get("Follow"))
	followLaas             = opOf[Laas, laasAnswer](get("Follow"))
	followEndringssett     = opOf[Endringssett, endringssettAnswer](get("Follow"))
	followStatus           = opOf[Status, statusAnswer](get("Follow"))
	followFremdrift        = opOf[Fremdrift, fremdriftAnswer](get("Follow"))
	followOppdragList      = listOf[Oppdrag, oppdragListe]("Follow", NamespaceTask, checkOppdrag)
	followTransaksjonList  = listOf[Transaksjon, transaksjonListe]("Follow", NamespaceTransaction, checkTransaksjon)
	followLaasList         = listOf[Laas, laasListe]("Follow", NamespaceLock, checkLaas)
	followEndringssettList = listOf[Endringssett, endringssettListe]("Follow", NamespaceChangeset, checkListedEndringssett)
	followDocument         = declare(endpoint.Op[rawAnswer]{Spec: get("Follow"), Decode: readRaw,
		Check: func(a *rawAnswer) error { return checkDocument(a, "") }},
		func(a *rawAnswer) *[]byte { return &a.body })
)

// into returns what stores an answer in out, or passes its error on (out
// is left as it was).
func into[T any](out *T) func(*T, error) error {
	return func(v *T, err error) error {
		if err != nil {
			return err
		}
		*out = *v
		return nil
	}
}

// linkCall is the call of the page a link to a search names: from the
// link's start, or the first.
func linkCall(r endpoint.Request) endpoint.Call[int] {
	start := 0
	if u, err := url.Parse(r.URL); err == nil {
		if n, err := strconv.Atoi(u.Query().Get("start")); err == nil && n > 0 {
			start = n
		}
	}
	return endpoint.Call[int]{Request: r, Start: start}
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
