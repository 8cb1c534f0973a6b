package uberiket

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// Page is one page of a listing: its items and the cursor of the next.
type Page[T any] struct {
	// Items holds the page's items, never nil.
	Items []*T
	// Next is metadata.neste.start, the cursor of the following page (""
	// on the last): the query's Start to resume from. For the hendelse
	// feeds it is the id of the page's last hendelse.
	Next string
	// Start is the cursor this page was fetched with ("" for the first).
	Start string
	// Returnert is the number of items NVDB says the page holds.
	Returnert int
	// Sidestorrelse is the most items a page of this listing holds.
	Sidestorrelse int
}

// envelope is a page as NVDB sends it: checked, then split into items and
// metadata.
type envelope[T any] interface {
	check() error
	parts() ([]*T, *SideMetadata)
}

func (s *vegobjekterSide) parts() ([]*Vegobjekt, *SideMetadata) { return s.Vegobjekter, s.Metadata }
func (s *veglenkesekvenserSide) parts() ([]*Veglenkesekvens, *SideMetadata) {
	return s.Veglenkesekvenser, s.Metadata
}
func (s *noderSide) parts() ([]*Node, *SideMetadata) { return s.Noder, s.Metadata }
func (s *vegobjektHendelserSide) parts() ([]*VegobjektHendelse, *SideMetadata) {
	return s.Hendelser, s.Metadata
}
func (s *vegnettHendelserSide) parts() ([]*VegnettHendelse, *SideMetadata) {
	return s.Hendelser, s.Metadata
}

// listOf declares a listing whose pages decode as the envelope E and are
// continued by metadata.neste.start.
func listOf[T, E any, PE interface {
	*E
	envelope[T]
}](name string) *endpoint.List[Page[T], T, string] {
	return &endpoint.List[Page[T], T, string]{
		Op: endpoint.Op[Page[T]]{
			Spec: endpoint.Spec{Name: name},
			Decode: func(resp *endpoint.Response, out *Page[T]) error {
				env := PE(new(E))
				if err := endpoint.DecodeBody(resp.Body, env); err != nil {
					return err
				}
				if err := env.check(); err != nil {
					return err
				}
				items, meta := env.parts()
				*out = Page[T]{Items: items, Returnert: meta.Returnert, Sidestorrelse: meta.Sidestorrelse}
				if meta.Neste != nil {
					out.Next = meta.Neste.Start
				}
				return nil
			},
			Check: func(p *Page[T]) error {
				if p.Items == nil {
					return fmt.Errorf("the page has no list of items")
				}
				return nil
			},
		},
		Items: func(p *Page[T]) []*T { return p.Items },
		Next: func(p *Page[T], used string) (string, bool) {
			p.Start = used
			return p.Next, p.Next != ""
		},
		SetCursor: func(r *endpoint.Request, c string) {
			if c != "" {
				r.Query.Set("start", c)
			}
		},
	}
}

// objectOf declares a single answer of a model that checks itself.
func objectOf[T any, P interface {
	*T
	check() error
}](name string) *endpoint.Op[T] {
	return &endpoint.Op[T]{Spec: endpoint.Spec{Name: name}, Check: func(v *T) error { return P(v).check() }}
}

// path joins Prefix and the escaped segments.
func path(segments ...string) (string, error) {
	p, err := transport.JoinPath(Prefix, segments...)
	if err != nil {
		return "", invalid("%v", err)
	}
	return p, nil
}

// request builds the GET of a path with the encoded query q (a
// go-querystring struct, or nil).
func request(q any, segments ...string) endpoint.Request {
	p, err := path(segments...)
	if err != nil {
		return endpoint.Fail(err)
	}
	v, err := endpoint.Values(q)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p, Query: v}
}

// requestWith builds the GET of a path with the query q as it is.
func requestWith(q url.Values, segments ...string) endpoint.Request {
	p, err := path(segments...)
	if err != nil {
		return endpoint.Fail(err)
	}
	return endpoint.Request{Path: p, Query: q}
}

// call is the Call of a listing from cursor start, or the validation
// error err.
func call(err error, start string, q any, segments ...string) endpoint.Call[string] {
	if err != nil {
		return endpoint.Call[string]{Request: endpoint.Fail(err)}
	}
	return endpoint.Call[string]{Request: request(q, segments...), Start: start}
}

// Inkluder names a part of a vegobjekt an answer carries (the
// specification's InkluderIVegobjekt); a veglenkesekvens listing takes
// InkluderMinimum and InkluderAlle.
type Inkluder string

// The parts of a vegobjekt.
const (
	InkluderGyldighetsperiode Inkluder = "gyldighetsperiode"
	InkluderEgenskaper        Inkluder = "egenskaper"
	InkluderStedfesting       Inkluder = "stedfesting"
	InkluderBarn              Inkluder = "barn"
	InkluderAlle              Inkluder = "alle"
	// InkluderMinimum: id, versjon, typeId and sistEndret only.
	InkluderMinimum Inkluder = "minimum"
)

func checkInkluder(in []Inkluder, allowed ...Inkluder) error {
	if allowed == nil {
		allowed = []Inkluder{InkluderGyldighetsperiode, InkluderEgenskaper, InkluderStedfesting, InkluderBarn,
			InkluderAlle, InkluderMinimum}
	}
	for _, v := range in {
		if !slices.Contains(allowed, v) {
			return invalid("inkluder %q is not one of %v", v, allowed)
		}
	}
	return nil
}

func checkTypeID(typeID int) error {
	if typeID <= 0 {
		return invalid("vegobjekttype id %d must be > 0", typeID)
	}
	return nil
}

func checkTypeIDs(ids []int) error {
	for _, id := range ids {
		if err := checkTypeID(id); err != nil {
			return err
		}
	}
	return nil
}

func checkID(what string, id int64) error {
	if id <= 0 {
		return invalid("%s %d must be > 0", what, id)
	}
	return nil
}

func checkIDs(what string, ids []int64) error {
	for _, id := range ids {
		if err := checkID(what, id); err != nil {
			return err
		}
	}
	return nil
}

// checkAntall accepts 0 (the server's default) up to most.
func checkAntall(antall, most int) error {
	if antall < 0 || antall > most {
		return invalid("antall %d must be between 1 and %d (0 for the default)", antall, most)
	}
	return nil
}

func checkDato(what string, d Dato, required bool) error {
	switch {
	case d == "" && required:
		return invalid("%s is required", what)
	case d != "" && !d.Valid():
		return invalid("%s %q is not a date (2006-01-02)", what, d)
	}
	return nil
}

// firstErr returns the first error that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// startOf is the cursor of a hendelse feed after hendelse id start.
func startOf(start int64) string {
	if start <= 0 {
		return ""
	}
	return strconv.FormatInt(start, 10)
}

// withQuery returns a copy of r whose query has name set to value.
func withQuery(r endpoint.Request, name, value string) endpoint.Request {
	q := url.Values{}
	for k, v := range r.Query {
		q[k] = slices.Clone(v)
	}
	q.Set(name, value)
	r.Query = q
	return r
}
