package nvdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Dato is a calendar date as NVDB writes it, yyyy-MM-dd.
type Dato string

// Time parses the date (midnight UTC).
func (d Dato) Time() (time.Time, error) { return time.Parse(time.DateOnly, string(d)) }

// DatoOf formats t as a Dato.
func DatoOf(t time.Time) Dato { return Dato(t.Format(time.DateOnly)) }

// Vegobjekt is one road object (a speed limit, a toll station, a tunnel
// ...). Which parts are set depends on the inkluder parameter: the id and
// href always; Metadata, Egenskaper, Geometri, Lokasjon, Relasjoner and
// Vegsegmenter when asked for.
type Vegobjekt struct {
	ID           int64            `json:"id"`
	Href         string           `json:"href"`
	Metadata     *Metadata        `json:"metadata,omitempty"`
	Egenskaper   Egenskaper       `json:"egenskaper,omitempty"`
	Geometri     *UtledetGeometri `json:"geometri,omitempty"`
	Lokasjon     *Lokasjon        `json:"lokasjon,omitempty"`
	Relasjoner   *Relasjoner      `json:"relasjoner,omitempty"`
	Vegsegmenter []Vegsegment     `json:"vegsegmenter,omitempty"`
}

// The accessors of Vegobjekt are nil-safe, on a nil *Vegobjekt and on
// parts the answer left out (inkluder), and report the zero value or
// ok false for what is not there.

// Egenskap returns the egenskap with egenskapstype id, or nil when the
// object has none (its accessors then report "not there").
func (o *Vegobjekt) Egenskap(id int) *Egenskap {
	if o == nil {
		return nil
	}
	return o.Egenskaper.ByID(id)
}

// EgenskapByNavn returns the egenskap named navn (exact match first, then
// ignoring case), or nil.
func (o *Vegobjekt) EgenskapByNavn(navn string) *Egenskap {
	if o == nil {
		return nil
	}
	return o.Egenskaper.ByNavn(navn)
}

// TypeID returns the vegobjekttype from Metadata, or 0 without metadata.
func (o *Vegobjekt) TypeID() int {
	if o == nil || o.Metadata == nil {
		return 0
	}
	return o.Metadata.Type.ID
}

// Versjon returns the version from Metadata, or 0 without metadata.
func (o *Vegobjekt) Versjon() int {
	if o == nil || o.Metadata == nil {
		return 0
	}
	return o.Metadata.Versjon
}

// Gyldighet returns the version's start and end dates from Metadata (end
// "" while the version is current); ok is false without metadata.
func (o *Vegobjekt) Gyldighet() (startdato, sluttdato Dato, ok bool) {
	if o == nil || o.Metadata == nil {
		return "", "", false
	}
	return o.Metadata.Startdato, o.Metadata.Sluttdato, true
}

// SistModifisert returns when the version last changed, or the zero time
// without metadata.
func (o *Vegobjekt) SistModifisert() time.Time {
	if o == nil || o.Metadata == nil {
		return time.Time{}
	}
	return o.Metadata.SistModifisert
}

// WKT returns the object's geometry (inkluder=geometri) as WKT and its
// srid; ok is false without one.
func (o *Vegobjekt) WKT() (wkt string, srid int, ok bool) {
	if o == nil || o.Geometri == nil || o.Geometri.WKT == "" {
		return "", 0, false
	}
	return o.Geometri.WKT, o.Geometri.Srid, true
}

// Kommuner returns the kommune numbers of Lokasjon, or nil without it.
func (o *Vegobjekt) Kommuner() []int {
	if o == nil || o.Lokasjon == nil {
		return nil
	}
	return o.Lokasjon.Kommuner
}

// Fylker returns the fylke numbers of Lokasjon, or nil without it.
func (o *Vegobjekt) Fylker() []int {
	if o == nil || o.Lokasjon == nil {
		return nil
	}
	return o.Lokasjon.Fylker
}

// Vegsystemreferanser returns the road references of Lokasjon, or nil
// without it.
func (o *Vegobjekt) Vegsystemreferanser() []Vegsystemreferanse {
	if o == nil || o.Lokasjon == nil {
		return nil
	}
	return o.Lokasjon.Vegsystemreferanser
}

// Stedfestinger returns the placements on the road network from
// Lokasjon, or nil without it.
func (o *Vegobjekt) Stedfestinger() []Stedfesting {
	if o == nil || o.Lokasjon == nil {
		return nil
	}
	return o.Lokasjon.Stedfestinger
}

// Foreldre returns the parent relations, or nil without Relasjoner.
func (o *Vegobjekt) Foreldre() []Relasjon {
	if o == nil || o.Relasjoner == nil {
		return nil
	}
	return o.Relasjoner.Foreldre
}

// Barn returns the child relations, or nil without Relasjoner.
func (o *Vegobjekt) Barn() []Relasjon {
	if o == nil || o.Relasjoner == nil {
		return nil
	}
	return o.Relasjoner.Barn
}

// VegobjekttypeRef names the vegobjekttype of an object or a relation by
// id and name (VegobjektType in the OpenAPI file); the datakatalog's full
// description of a type is a Vegobjekttype.
type VegobjekttypeRef struct {
	ID   int    `json:"id"`
	Navn string `json:"navn"`
}

// Metadata describes one version of a vegobjekt.
type Metadata struct {
	Type      VegobjekttypeRef `json:"type"`
	Versjon   int              `json:"versjon"`
	Startdato Dato             `json:"startdato"`
	Sluttdato Dato             `json:"sluttdato,omitempty"`
	// SistModifisert is when the version last changed (UTC).
	SistModifisert time.Time `json:"sist_modifisert"`
}

// Geometri is a geometry as WKT in the coordinate system Srid. With srid
// 4326 the coordinates are in EPSG axis order: latitude first.
type Geometri struct {
	WKT          string `json:"wkt"`
	Srid         int    `json:"srid"`
	Forenklet    bool   `json:"forenklet,omitempty"`
	Egengeometri *bool  `json:"egengeometri,omitempty"`
}

// UtledetGeometri is the geometry found directly on a vegobjekt: its own
// geometry if it has one (Egengeometri), else the geometry of the road
// network it is placed on.
type UtledetGeometri struct {
	WKT          string   `json:"wkt"`
	Srid         int      `json:"srid"`
	Egengeometri bool     `json:"egengeometri"`
	Forenklet    bool     `json:"forenklet,omitempty"`
	Lengde       *float64 `json:"lengde,omitempty"`
	Areal        *float64 `json:"areal,omitempty"`
}

// Lokasjon says where a vegobjekt is: areas, road references, placements
// on the road network and the placed geometry.
type Lokasjon struct {
	Kommuner            []int                `json:"kommuner"`
	Fylker              []int                `json:"fylker"`
	Kontraktsomrader    []Kontraktsomrade    `json:"kontraktsområder,omitempty"`
	Riksvegruter        []Riksvegrute        `json:"riksvegruter,omitempty"`
	Vegforvaltere       []Vegforvalter       `json:"vegforvaltere,omitempty"`
	Adresser            []Adresse            `json:"adresser,omitempty"`
	Vegsystemreferanser []Vegsystemreferanse `json:"vegsystemreferanser,omitempty"`
	Stedfestinger       []Stedfesting        `json:"stedfestinger,omitempty"`
	Geometri            *Geometri            `json:"geometri,omitempty"`
	Lengde              float64              `json:"lengde,omitempty"`
}

// Kontraktsomrade is an operation and maintenance contract area.
type Kontraktsomrade struct {
	ID     int64  `json:"id"`
	Nummer int    `json:"nummer,omitempty"`
	Navn   string `json:"navn"`
}

// Riksvegrute is a national road route.
type Riksvegrute struct {
	EnumID      int    `json:"enumid"`
	Riksvegrute string `json:"riksvegrute"`
}

// Vegforvalter is the road authority responsible for a road.
type Vegforvalter struct {
	EnumID       int    `json:"enumid"`
	Vegforvalter string `json:"vegforvalter"`
}

// Adresse is a street address the object lies on.
type Adresse struct {
	Navn        string `json:"navn"`
	Adressekode int    `json:"adressekode"`
}

// Vegsystemreferanse places an object in the road reference system
// ("EV6 S1D1 m0-1234").
type Vegsystemreferanse struct {
	Vegsystem       *Vegsystem       `json:"vegsystem,omitempty"`
	Strekning       *Strekning       `json:"strekning,omitempty"`
	Kryssystem      *Kryssystem      `json:"kryssystem,omitempty"`
	Sideanlegg      *Sideanlegg      `json:"sideanlegg,omitempty"`
	MetrertLokasjon *MetrertLokasjon `json:"metrertLokasjon,omitempty"`
	Kortform        string           `json:"kortform,omitempty"`
}

// Vegsystem is road category, phase and number (E V 6).
type Vegsystem struct {
	Vegkategori string `json:"vegkategori"`
	Fase        string `json:"fase"`
	Nummer      int    `json:"nummer,omitempty"`
}

// Strekning is a road section and its metering.
type Strekning struct {
	Strekning         int      `json:"strekning"`
	Delstrekning      int      `json:"delstrekning"`
	Arm               bool     `json:"arm"`
	AdskilteLop       string   `json:"adskilte_løp"`
	Trafikantgruppe   string   `json:"trafikantgruppe"`
	Retning           string   `json:"retning"`
	Meter             *float64 `json:"meter,omitempty"`
	FraMeter          *float64 `json:"fra_meter,omitempty"`
	TilMeter          *float64 `json:"til_meter,omitempty"`
	AdskilteLopNummer string   `json:"adskilte_løp_nummer,omitempty"`
}

// Kryssystem is a junction system reference.
type Kryssystem struct {
	Kryssystem      int      `json:"kryssystem"`
	Kryssdel        int      `json:"kryssdel"`
	Retning         string   `json:"retning"`
	Trafikantgruppe string   `json:"trafikantgruppe"`
	Meter           *float64 `json:"meter,omitempty"`
	FraMeter        *float64 `json:"fra_meter,omitempty"`
	TilMeter        *float64 `json:"til_meter,omitempty"`
}

// Sideanlegg is a side facility reference.
type Sideanlegg struct {
	Sideanlegg      int      `json:"sideanlegg"`
	Sideanleggsdel  int      `json:"sideanleggsdel"`
	Retning         string   `json:"retning"`
	Trafikantgruppe string   `json:"trafikantgruppe"`
	Meter           *float64 `json:"meter,omitempty"`
	FraMeter        *float64 `json:"fra_meter,omitempty"`
	TilMeter        *float64 `json:"til_meter,omitempty"`
}

// MetrertLokasjon is direction, side and lanes relative to the metering.
type MetrertLokasjon struct {
	Retning      string   `json:"retning,omitempty"`
	Sideposisjon string   `json:"sideposisjon,omitempty"`
	Kjorefelt    []string `json:"kjørefelt,omitempty"`
}

// Stedfesting places an object on the road network: a point
// (RelativPosisjon), a line (Startposisjon-Sluttposisjon) on a
// veglenkesekvens, or a turn (Sving) through a node.
type Stedfesting struct {
	Type              string       `json:"type"`
	Veglenkesekvensid int64        `json:"veglenkesekvensid,omitempty"`
	Nodeid            int64        `json:"nodeid,omitempty"`
	RelativPosisjon   *float64     `json:"relativPosisjon,omitempty"`
	Startposisjon     *float64     `json:"startposisjon,omitempty"`
	Sluttposisjon     *float64     `json:"sluttposisjon,omitempty"`
	Startpunkt        *Stedfesting `json:"startpunkt,omitempty"`
	Sluttpunkt        *Stedfesting `json:"sluttpunkt,omitempty"`
	Retning           string       `json:"retning,omitempty"`
	Kjorefelt         []string     `json:"kjørefelt,omitempty"`
	Sideposisjon      string       `json:"sideposisjon,omitempty"`
	Kortform          string       `json:"kortform,omitempty"`
}

// Relasjoner lists a vegobjekt's parents and children.
type Relasjoner struct {
	Foreldre []Relasjon `json:"foreldre,omitempty"`
	Barn     []Relasjon `json:"barn,omitempty"`
}

// Relasjonstype says how a Relasjon lists its objects.
const (
	RelasjonstypeVegobjektIder = "vegobjektIder" // VegobjektIder holds ids
	RelasjonstypeVegobjekter   = "vegobjekter"   // Vegobjekter holds whole objects (dybde > 1)
)

// Relasjon is a relation to objects of one type: by id, or (when dybde
// asks for more levels) as whole objects.
type Relasjon struct {
	ID            int              `json:"id"`
	Type          VegobjekttypeRef `json:"type"`
	Relasjonstype string           `json:"relasjonstype"`
	Listeid       int              `json:"listeid,omitempty"`
	VegobjektIder []int64          `json:"-"`
	Vegobjekter   []Vegobjekt      `json:"-"`
}

type relasjonWire struct {
	ID            int              `json:"id"`
	Type          VegobjekttypeRef `json:"type"`
	Relasjonstype string           `json:"relasjonstype"`
	Listeid       int              `json:"listeid,omitempty"`
	Vegobjekter   json.RawMessage  `json:"vegobjekter"`
}

// UnmarshalJSON decodes either form of vegobjekter.
func (r *Relasjon) UnmarshalJSON(b []byte) error {
	var w relasjonWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Relasjon{ID: w.ID, Type: w.Type, Relasjonstype: w.Relasjonstype, Listeid: w.Listeid}
	raw := bytes.TrimSpace(w.Vegobjekter)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	inner := bytes.TrimSpace(raw[1:])
	if len(inner) > 0 && inner[0] == '{' {
		if r.Relasjonstype == "" {
			r.Relasjonstype = RelasjonstypeVegobjekter
		}
		return json.Unmarshal(raw, &r.Vegobjekter)
	}
	if r.Relasjonstype == "" {
		r.Relasjonstype = RelasjonstypeVegobjektIder
	}
	if err := json.Unmarshal(raw, &r.VegobjektIder); err != nil {
		return fmt.Errorf("relasjon %d: %w", r.ID, err)
	}
	return nil
}

// MarshalJSON writes the form given by Relasjonstype.
func (r Relasjon) MarshalJSON() ([]byte, error) {
	w := relasjonWire{ID: r.ID, Type: r.Type, Relasjonstype: r.Relasjonstype, Listeid: r.Listeid}
	var err error
	if r.Relasjonstype == RelasjonstypeVegobjekter {
		objs := r.Vegobjekter
		if objs == nil {
			objs = []Vegobjekt{}
		}
		w.Vegobjekter, err = json.Marshal(objs)
	} else {
		if w.Relasjonstype == "" {
			w.Relasjonstype = RelasjonstypeVegobjektIder
		}
		ids := r.VegobjektIder
		if ids == nil {
			ids = []int64{}
		}
		w.Vegobjekter, err = json.Marshal(ids)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// Vegsegment is one stretch of road network the object lies on, with the
// road's properties along it.
type Vegsegment struct {
	Veglenkesekvensid  int64               `json:"veglenkesekvensid"`
	Startposisjon      *float64            `json:"startposisjon,omitempty"`
	Sluttposisjon      *float64            `json:"sluttposisjon,omitempty"`
	RelativPosisjon    *float64            `json:"relativPosisjon,omitempty"`
	Lengde             float64             `json:"lengde,omitempty"`
	Retning            string              `json:"retning"`
	Kjorefelt          []string            `json:"kjørefelt,omitempty"`
	Sideposisjon       string              `json:"sideposisjon,omitempty"`
	Feltoversikt       []string            `json:"feltoversikt,omitempty"`
	VeglenkeType       string              `json:"veglenkeType"`
	Detaljniva         string              `json:"detaljnivå"`
	TypeVeg            string              `json:"typeVeg"`
	TypeVegSosi        string              `json:"typeVeg_sosi"`
	Startdato          Dato                `json:"startdato"`
	Sluttdato          Dato                `json:"sluttdato,omitempty"`
	Geometri           Geometri            `json:"geometri"`
	Kommune            int                 `json:"kommune"`
	Fylke              int                 `json:"fylke"`
	Vegsystemreferanse *Vegsystemreferanse `json:"vegsystemreferanse,omitempty"`
	Kontraktsomrader   []int64             `json:"kontraktsområder,omitempty"`
	Riksvegruter       []int               `json:"riksvegruter,omitempty"`
	Vegforvaltere      []int               `json:"vegforvaltere,omitempty"`
	Adresser           []int64             `json:"adresser,omitempty"`
}
