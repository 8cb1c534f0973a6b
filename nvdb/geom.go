package nvdb

import (
	"fmt"
	"strings"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// Geometries as github.com/twpayne/go-geom values.
//
// NVDB sends every geometry as WKT with its srid beside it: POINT,
// LINESTRING and POLYGON, their MULTI forms and GEOMETRYCOLLECTION, with Z
// (height) where it is known. The Geom methods below decode that text with
// go-geom's WKT decoder, so Z (and M, should NVDB ever send it) is kept in
// the value's Layout (geom.XYZ for "LINESTRING Z"), and the value's SRID is
// the srid of the answer.
//
// Axis order: coordinates are kept exactly as NVDB sends them. In UTM
// (5973, 5972, 5975, 25833, 32633 ...) X is easting and Y northing. In
// 4326 NVDB follows the EPSG axis order, latitude first: X is latitude
// and Y longitude, the reverse of GeoJSON and of most GIS libraries. Pass
// the value through SwapXY when a library wants longitude first, or ask
// NVDB for a UTM srid. (The GeoJSONWriter does the swap itself.)

// decodeGeom parses NVDB's WKT into a go-geom value carrying srid. An empty
// WKT is no geometry: (nil, nil). A WKT go-geom cannot read is an error that
// matches ErrInvalidResponse, since it came from the server.
func decodeGeom(s string, srid int) (g geom.T, err error) {
	if s == "" {
		return nil, nil
	}
	defer func() {
		// The decoder is third-party code fed with server data; a bug in it
		// must surface as a bad answer, not crash the caller's process.
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("nvdb: %w: wkt %.60q: decoder panicked: %v", ErrInvalidResponse, s, r)
		}
	}()
	if strings.IndexByte(s, 0) >= 0 {
		// go-geom's lexer takes a NUL byte for the end of the text and
		// would silently drop whatever follows it.
		return nil, fmt.Errorf("nvdb: %w: wkt %.60q: NUL byte", ErrInvalidResponse, s)
	}
	g, err = wkt.Unmarshal(s)
	if err != nil {
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i] // go-geom adds the line and a caret below it
		}
		return nil, fmt.Errorf("nvdb: %w: wkt %.60q: %s", ErrInvalidResponse, s, msg)
	}
	if g, err = geom.SetSRID(g, srid); err != nil {
		return nil, fmt.Errorf("nvdb: %w: wkt %.60q: %w", ErrInvalidResponse, s, err)
	}
	return g, nil
}

// Geom returns the geometry as a go-geom value with Z kept and SRID set to
// Srid (see the axis-order note in this package's doc). It returns
// (nil, nil) when there is no geometry, and an error matching
// ErrInvalidResponse when the WKT cannot be read.
func (g *Geometri) Geom() (geom.T, error) {
	if g == nil {
		return nil, nil
	}
	return decodeGeom(g.WKT, g.Srid)
}

// Geom returns the vegobjekt's own or placed geometry as a go-geom value
// with Z kept and SRID set to Srid. It returns (nil, nil) when there is no
// geometry, and an error matching ErrInvalidResponse when the WKT cannot be
// read.
func (g *UtledetGeometri) Geom() (geom.T, error) {
	if g == nil {
		return nil, nil
	}
	return decodeGeom(g.WKT, g.Srid)
}

// Geom returns the road-network geometry as a go-geom value with Z kept
// and SRID set to Srid. It returns (nil, nil) when there is no geometry,
// and an error matching ErrInvalidResponse when the WKT cannot be read.
func (g *VegnettGeometri) Geom() (geom.T, error) {
	if g == nil {
		return nil, nil
	}
	return decodeGeom(g.WKT, g.Srid)
}

// Geom returns the area geometry (a kartutsnitt polygon or a senterpunkt)
// as a go-geom value with SRID set to Srid. It returns (nil, nil) when
// there is no geometry, and an error matching ErrInvalidResponse when the
// WKT cannot be read.
func (g *OmradeGeometri) Geom() (geom.T, error) {
	if g == nil {
		return nil, nil
	}
	return decodeGeom(g.WKT, g.Srid)
}

// Geom returns the value of a Geometri egenskap as a go-geom value with Z
// kept and SRID set to the egenskap's srid. It returns (nil, nil) for any
// other egenskapstype or when there is no value, and an error matching
// ErrInvalidResponse when the WKT cannot be read.
func (e *Egenskap) Geom() (geom.T, error) {
	if e == nil {
		return nil, nil
	}
	s, srid, ok := e.Geometri()
	if !ok {
		return nil, nil
	}
	return decodeGeom(s, srid)
}

// Geom returns the vegobjekt's geometry as a go-geom value: the geometry
// found directly on it (Geometri, included with InkluderGeometri) or else
// the geometry it is placed on (Lokasjon.Geometri, with InkluderLokasjon),
// the same choice GeoJSONWriter makes. It returns (nil, nil) when the
// answer carries neither.
func (o *Vegobjekt) Geom() (geom.T, error) {
	if o == nil {
		return nil, nil
	}
	if o.Geometri != nil && o.Geometri.WKT != "" {
		return o.Geometri.Geom()
	}
	if o.Lokasjon != nil && o.Lokasjon.Geometri != nil {
		return o.Lokasjon.Geometri.Geom()
	}
	return nil, nil
}

// SwapXY swaps the first two coordinates of every position of g in place
// and returns g: NVDB's srid 4326 geometries (latitude, longitude, as EPSG
// orders them) become longitude, latitude for GeoJSON and most GIS code.
// Z and M are left alone; collections are swapped member by member; nil is
// returned as nil.
func SwapXY(g geom.T) geom.T {
	switch g := g.(type) {
	case nil:
		return nil
	case *geom.GeometryCollection:
		for _, m := range g.Geoms() {
			SwapXY(m)
		}
		return g
	}
	return geom.TransformInPlace(g, func(c geom.Coord) { c[0], c[1] = c[1], c[0] })
}
