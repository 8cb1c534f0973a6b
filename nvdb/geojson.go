package nvdb

import (
	"bufio"
	"errors"
	"io"
	"iter"
	"strconv"
	"unicode/utf8"
)

// GeoJSONWriter streams road objects or road segments to an io.Writer as
// one GeoJSON FeatureCollection (RFC 7946), one feature at a time: memory
// stays the same however many features are written. Each feature's
// geometry comes from the WKT NVDB sends, Z included; with srid 4326 the
// coordinates are turned into GeoJSON's longitude, latitude order. RFC
// 7946 knows only WGS84, so ask for Srid4326 to feed tools that follow it;
// with UTM the coordinates are written as they are. The properties are
// the object's metadata and its egenskaper flattened by name (see
// Egenskaper.Flat). Close ends the collection; a GeoJSONWriter is not
// safe for concurrent use.
type GeoJSONWriter struct {
	w     *bufio.Writer
	buf   []byte
	n     int
	err   error
	begun bool
}

// NewGeoJSONWriter starts a FeatureCollection on w.
func NewGeoJSONWriter(w io.Writer) *GeoJSONWriter {
	return &GeoJSONWriter{w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 4096)}
}

// Count is the number of features written.
func (g *GeoJSONWriter) Count() int { return g.n }

func (g *GeoJSONWriter) start() {
	if !g.begun {
		g.begun = true
		_, g.err = g.w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	}
}

func (g *GeoJSONWriter) flushFeature() error {
	g.start()
	if g.err != nil {
		return g.err
	}
	if g.n > 0 {
		if g.err = g.w.WriteByte(','); g.err != nil {
			return g.err
		}
	}
	g.buf = append(g.buf, '\n')
	if _, g.err = g.w.Write(g.buf); g.err != nil {
		return g.err
	}
	g.n++
	return nil
}

// WriteVegobjekt writes o as a feature: id, geometry (the object's own or
// placed geometry; null without one) and properties: vegobjekttype,
// versjon, startdato, sluttdato, kommune and vegsystemreferanse where
// known, then the egenskaper by name. A geometry that is not valid WKT is
// an error and nothing is written for o, as is a nil o (an error matching
// ErrInvalidArgument).
func (g *GeoJSONWriter) WriteVegobjekt(o *Vegobjekt) error {
	if g.err != nil {
		return g.err
	}
	if o == nil {
		return invalidf("nvdb: geojson: nil *Vegobjekt after %d features", g.n)
	}
	b := append(g.buf[:0], `{"type":"Feature","id":`...)
	b = strconv.AppendInt(b, o.ID, 10)
	b = append(b, `,"geometry":`...)
	var err error
	switch {
	case o.Geometri != nil && o.Geometri.WKT != "":
		b, err = appendWKTAsGeoJSON(b, o.Geometri.WKT, o.Geometri.Srid == 4326)
	case o.Lokasjon != nil && o.Lokasjon.Geometri != nil && o.Lokasjon.Geometri.WKT != "":
		b, err = appendWKTAsGeoJSON(b, o.Lokasjon.Geometri.WKT, o.Lokasjon.Geometri.Srid == 4326)
	default:
		b = append(b, "null"...)
	}
	if err != nil {
		g.buf = b[:0]
		return errors.New("nvdb: geojson: vegobjekt " + strconv.FormatInt(o.ID, 10) + ": " + err.Error())
	}
	b = append(b, `,"properties":{`...)
	keys := 0
	key := func(k string) {
		if keys > 0 {
			b = append(b, ',')
		}
		keys++
		b = appendJSONString(b, k)
		b = append(b, ':')
	}
	if m := o.Metadata; m != nil {
		key("vegobjekttype")
		b = strconv.AppendInt(b, int64(m.Type.ID), 10)
		key("versjon")
		b = strconv.AppendInt(b, int64(m.Versjon), 10)
		key("startdato")
		b = appendJSONString(b, string(m.Startdato))
		if m.Sluttdato != "" {
			key("sluttdato")
			b = appendJSONString(b, string(m.Sluttdato))
		}
	}
	if l := o.Lokasjon; l != nil {
		if len(l.Kommuner) > 0 {
			key("kommune")
			b = strconv.AppendInt(b, int64(l.Kommuner[0]), 10)
		}
		if len(l.Vegsystemreferanser) > 0 && l.Vegsystemreferanser[0].Kortform != "" {
			key("vegsystemreferanse")
			b = appendJSONString(b, l.Vegsystemreferanser[0].Kortform)
		}
	}
	walkFlat(o.Egenskaper, "", func(name string, e *Egenskap) {
		if reservedProperty[name] {
			name += " (egenskap)"
		}
		key(name)
		b = appendVerdi(b, e)
	})
	b = append(b, "}}"...)
	g.buf = b
	return g.flushFeature()
}

var reservedProperty = map[string]bool{"vegobjekttype": true, "versjon": true, "startdato": true, "sluttdato": true, "kommune": true, "vegsystemreferanse": true}

// WriteVegsegment writes a road segment as a feature: its Referanse as
// id, its geometry, and its position, road reference and road properties.
// A nil s is an error matching ErrInvalidArgument, and nothing is written.
func (g *GeoJSONWriter) WriteVegsegment(s *Veglenkesegment) error {
	if g.err != nil {
		return g.err
	}
	if s == nil {
		return invalidf("nvdb: geojson: nil *Veglenkesegment after %d features", g.n)
	}
	b := append(g.buf[:0], `{"type":"Feature","id":`...)
	b = appendJSONString(b, s.Referanse)
	b = append(b, `,"geometry":`...)
	var err error
	if s.Geometri.WKT == "" {
		b = append(b, "null"...)
	} else if b, err = appendWKTAsGeoJSON(b, s.Geometri.WKT, s.Geometri.Srid == 4326); err != nil {
		g.buf = b[:0]
		return errors.New("nvdb: geojson: veglenkesegment " + s.Referanse + ": " + err.Error())
	}
	b = append(b, `,"properties":{"veglenkesekvensid":`...)
	b = strconv.AppendInt(b, s.Veglenkesekvensid, 10)
	b = append(b, `,"startposisjon":`...)
	b = strconv.AppendFloat(b, s.Startposisjon, 'f', -1, 64)
	b = append(b, `,"sluttposisjon":`...)
	b = strconv.AppendFloat(b, s.Sluttposisjon, 'f', -1, 64)
	str := func(k, v string) {
		if v != "" {
			b = append(b, ',')
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSONString(b, v)
		}
	}
	str("kortform", s.Kortform)
	str("vegsystemreferanse", s.Vegsystemreferanse.Kortform)
	str("type", s.Type)
	str("typeVeg", s.TypeVeg)
	str("detaljnivå", s.Detaljniva)
	str("startdato", string(s.Metadata.Startdato))
	str("sluttdato", string(s.Metadata.Sluttdato))
	b = append(b, `,"kommune":`...)
	b = strconv.AppendInt(b, int64(s.Kommune), 10)
	b = append(b, `,"fylke":`...)
	b = strconv.AppendInt(b, int64(s.Fylke), 10)
	b = append(b, `,"lengde":`...)
	b = strconv.AppendFloat(b, s.Lengde, 'f', -1, 64)
	b = append(b, "}}"...)
	g.buf = b
	return g.flushFeature()
}

// Close ends the FeatureCollection and flushes it. An empty collection is
// still a valid document. Close does not close the underlying writer.
func (g *GeoJSONWriter) Close() error {
	g.start()
	if g.err != nil {
		return g.err
	}
	if _, g.err = g.w.WriteString("]}\n"); g.err != nil {
		return g.err
	}
	g.err = g.w.Flush()
	if g.err == nil {
		g.err = errors.New("nvdb: geojson: writer is closed")
		return nil
	}
	return g.err
}

// WriteGeoJSON writes every object of objs to w as one FeatureCollection
// and returns the number written. It stops at the first error of the
// sequence or of w, or at a nil object (an error matching
// ErrInvalidArgument); what was written until then is a truncated
// document.
func WriteGeoJSON(w io.Writer, objs iter.Seq2[*Vegobjekt, error]) (int, error) {
	g := NewGeoJSONWriter(w)
	for o, err := range objs {
		if err != nil {
			return g.Count(), err
		}
		if err := g.WriteVegobjekt(o); err != nil {
			return g.Count(), err
		}
	}
	return g.Count(), g.Close()
}

// WriteSegmenterGeoJSON writes every road segment of segs to w as one
// FeatureCollection and returns the number written. It stops as
// WriteGeoJSON does, a nil segment included.
func WriteSegmenterGeoJSON(w io.Writer, segs iter.Seq2[*Veglenkesegment, error]) (int, error) {
	g := NewGeoJSONWriter(w)
	for s, err := range segs {
		if err != nil {
			return g.Count(), err
		}
		if err := g.WriteVegsegment(s); err != nil {
			return g.Count(), err
		}
	}
	return g.Count(), g.Close()
}

// walkFlat calls fn for each egenskap that has a plain value, with its
// flat name: the egenskap's name (its id when it has none), and for the
// members of a Struktur "Struktur.Member". Geometry, binary and list
// egenskaper are skipped, as are egenskaper without a value.
func walkFlat(es Egenskaper, prefix string, fn func(name string, e *Egenskap)) {
	for i := range es {
		e := &es[i]
		name := e.Navn
		if name == "" {
			name = strconv.Itoa(e.ID)
		}
		if prefix != "" {
			name = prefix + "." + name
		}
		switch {
		case e.Egenskapstype == EgenskapstypeStruktur:
			walkFlat(e.Innhold, name, fn)
		case e.Egenskapstype == EgenskapstypeGeometri || e.Egenskapstype == EgenskapstypeBinaer || e.Egenskapstype == EgenskapstypeListe:
		case e.Verdi.Kind() == VerdiNull || e.Verdi.Kind() == VerdiRaw:
		default:
			fn(name, e)
		}
	}
}

// Flat returns the egenskaper with a plain value by flat name: an enum's
// value (not its id), a number, a date or time as text, a boolean.
// Members of a Struktur are named "Struktur.Member"; geometry, binary and
// list egenskaper are left out.
func (es Egenskaper) Flat() map[string]any {
	out := map[string]any{}
	walkFlat(es, "", func(name string, e *Egenskap) { out[name] = e.Verdi.Any() })
	return out
}

func appendVerdi(b []byte, e *Egenskap) []byte {
	v := e.Verdi
	switch v.Kind() {
	case VerdiString:
		s, _ := v.String()
		return appendJSONString(b, s)
	case VerdiNumber:
		if i, ok := v.Int(); ok {
			return strconv.AppendInt(b, i, 10)
		}
		f, _ := v.Float()
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	case VerdiBool:
		x, _ := v.Bool()
		return strconv.AppendBool(b, x)
	}
	return append(b, "null"...)
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes
// U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
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
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
