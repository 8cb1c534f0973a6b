package nvdb

import (
	"encoding/json"
	"fmt"
	"time"
)

// VegnettGeometri is a road-network geometry as WKT with how it was
// captured (GeometriMedKvalitet in the API).
type VegnettGeometri struct {
	WKT               string            `json:"wkt"`
	Srid              int               `json:"srid"`
	Kvalitet          *GeometriKvalitet `json:"kvalitet,omitempty"`
	Datafangstdato    Dato              `json:"datafangstdato,omitempty"`
	Oppdateringsdato  Dato              `json:"oppdateringsdato,omitempty"`
	Verifiseringsdato Dato              `json:"verifiseringsdato,omitempty"`
	Kommune           int               `json:"kommune,omitempty"`
	Temakode          int               `json:"temakode,omitempty"`
	Lengde            float64           `json:"lengde,omitempty"`
	Medium            string            `json:"medium,omitempty"`
	MediumNVDB        *int              `json:"medium_nvdb,omitempty"`
}

// Veglenkesekvens is a chain of road links between ports, the unit road
// objects are placed on (by relative position 0..1).
type Veglenkesekvens struct {
	Veglenkesekvensid int64          `json:"veglenkesekvensid"`
	Href              string         `json:"href"`
	Lengde            float64        `json:"lengde"`
	Porter            []Veglenkeport `json:"porter"`
	Veglenker         []Veglenke     `json:"veglenker"`
	LastLengde        bool           `json:"låst_lengde"`
}

// Veglenkeport is a port of a veglenkesekvens and the node it connects to.
type Veglenkeport struct {
	ID              int                    `json:"id"`
	RelativPosisjon float64                `json:"relativPosisjon"`
	Tilkobling      VeglenkeportTilkobling `json:"tilkobling"`
}

// VeglenkeportTilkobling is the node port a veglenkeport connects to.
type VeglenkeportTilkobling struct {
	Portnummer int    `json:"portnummer"`
	Nodeid     int64  `json:"nodeid"`
	Href       string `json:"href"`
}

// Superstedfesting places a detailed link on the road link it details.
type Superstedfesting struct {
	Veglenkesekvensid  int64    `json:"veglenkesekvensid"`
	Startposisjon      float64  `json:"startposisjon"`
	Sluttposisjon      float64  `json:"sluttposisjon"`
	Retning            string   `json:"retning"`
	Kjorefelt          []string `json:"kjørefelt"`
	KjorefeltMetrering []string `json:"kjørefeltMetrering,omitempty"`
	Sideposisjon       string   `json:"sideposisjon,omitempty"`
}

// Veglenke is one link of a veglenkesekvens, between two of its ports.
type Veglenke struct {
	Veglenkenummer   int               `json:"veglenkenummer"`
	Type             string            `json:"type"`
	Startport        int               `json:"startport"`
	Sluttport        int               `json:"sluttport"`
	Startposisjon    float64           `json:"startposisjon"`
	Sluttposisjon    float64           `json:"sluttposisjon"`
	Lengde           float64           `json:"lengde"`
	Geometri         VegnettGeometri   `json:"geometri"`
	Maledato         Dato              `json:"måledato,omitempty"`
	Malemetode       string            `json:"målemetode"`
	Detaljniva       string            `json:"detaljnivå"`
	TypeVeg          string            `json:"typeVeg"`
	TypeVegSosi      string            `json:"typeVeg_sosi"`
	Feltoversikt     []string          `json:"feltoversikt,omitempty"`
	Startdato        Dato              `json:"startdato"`
	Sluttdato        Dato              `json:"sluttdato,omitempty"`
	Superstedfesting *Superstedfesting `json:"superstedfesting,omitempty"`
	Topologiniva     string            `json:"topologinivå"`
}

// SegmentMetadata is the validity period of a road segment.
type SegmentMetadata struct {
	Startdato Dato `json:"startdato"`
	Sluttdato Dato `json:"sluttdato,omitempty"`
}

// SegmentAdresse is the street address a road segment lies on.
type SegmentAdresse struct {
	ID          int64  `json:"id"`
	Navn        string `json:"navn"`
	Adressekode int    `json:"adressekode"`
	Sideveg     *bool  `json:"sideveg,omitempty"`
}

// Veglenkesegment is a stretch of a veglenkesekvens with the same road
// reference, areas and properties along it (the segmented road network).
type Veglenkesegment struct {
	Veglenkesekvensid             int64              `json:"veglenkesekvensid"`
	Href                          string             `json:"href"`
	Metadata                      SegmentMetadata    `json:"metadata"`
	Startposisjon                 float64            `json:"startposisjon"`
	Sluttposisjon                 float64            `json:"sluttposisjon"`
	Kortform                      string             `json:"kortform"`
	Veglenkenummer                int                `json:"veglenkenummer"`
	Segmentnummer                 int                `json:"segmentnummer"`
	Startnode                     string             `json:"startnode"`
	Sluttnode                     string             `json:"sluttnode"`
	Referanse                     string             `json:"referanse"`
	Type                          string             `json:"type"`
	Detaljniva                    string             `json:"detaljnivå"`
	TypeVeg                       string             `json:"typeVeg"`
	TypeVegSosi                   string             `json:"typeVeg_sosi"`
	Malemetode                    string             `json:"målemetode"`
	Maledato                      Dato               `json:"måledato,omitempty"`
	Superstedfesting              *Superstedfesting  `json:"superstedfesting,omitempty"`
	Feltoversikt                  []string           `json:"feltoversikt,omitempty"`
	FeltoversiktMetreringsretning []string           `json:"feltoversiktMetreringsretning,omitempty"`
	Geometri                      VegnettGeometri    `json:"geometri"`
	Lengde                        float64            `json:"lengde"`
	Fylke                         int                `json:"fylke"`
	Kommune                       int                `json:"kommune"`
	Vegsystemreferanse            Vegsystemreferanse `json:"vegsystemreferanse"`
	Kontraktsomrader              []Kontraktsomrade  `json:"kontraktsområder,omitempty"`
	Riksvegruter                  []Riksvegrute      `json:"riksvegruter,omitempty"`
	Vegforvaltere                 []Vegforvalter     `json:"vegforvaltere,omitempty"`
	Adresse                       *SegmentAdresse    `json:"adresse,omitempty"`
	Topologiniva                  string             `json:"topologinivå"`
}

// Node is a point where veglenkesekvenser meet.
type Node struct {
	ID        int64      `json:"id"`
	Href      string     `json:"href"`
	Startdato Dato       `json:"startdato"`
	Sluttdato Dato       `json:"sluttdato,omitempty"`
	Kommuner  []int      `json:"kommuner"`
	Geometri  Geometri   `json:"geometri"`
	Porter    []Nodeport `json:"porter"`
}

// Nodeport is a port of a node and the veglenkesekvens it connects to.
type Nodeport struct {
	ID         int                `json:"id"`
	Tilkobling NodeportTilkobling `json:"tilkobling"`
}

// NodeportTilkobling is the veglenkesekvens port a node port connects to.
type NodeportTilkobling struct {
	Portnummer        int    `json:"portnummer"`
	Veglenkesekvensid int64  `json:"veglenkesekvensid"`
	Href              string `json:"href"`
}

// PosisjonVeglenkesekvens is a point on a veglenkesekvens ("0.4@1226").
type PosisjonVeglenkesekvens struct {
	Veglenkesekvensid int64   `json:"veglenkesekvensid"`
	RelativPosisjon   float64 `json:"relativPosisjon"`
	Kortform          string  `json:"kortform"`
}

// Posisjon is a point on the road network: its road reference, its place
// on a veglenkesekvens, its coordinates and kommune. Avstand, the distance
// in metres from the point asked for, is set by VegnettService.Posisjon.
type Posisjon struct {
	Vegsystemreferanse Vegsystemreferanse      `json:"vegsystemreferanse"`
	Veglenkesekvens    PosisjonVeglenkesekvens `json:"veglenkesekvens"`
	Geometri           Geometri                `json:"geometri"`
	Kommune            int                     `json:"kommune"`
	Avstand            *float64                `json:"avstand,omitempty"`
}

// VeglenkesekvensEndring is one change to a veglenkesekvens and when it
// became visible in the API.
type VeglenkesekvensEndring struct {
	// Endring is the list NVDB sent the change in: EndringFjernet
	// (veglenkesekvenserFjernet) or EndringSegmentert
	// (veglenkesekvenserSegmentert).
	Endring   Endringstype `json:"endring,omitempty"`
	ID        int64        `json:"id"`
	Tidspunkt time.Time    `json:"tidspunkt"`
}

// RuteMetadata sums up a route.
type RuteMetadata struct {
	Antall      int     `json:"antall"`
	Lengde      float64 `json:"lengde"`
	Status      int     `json:"status"`
	StatusTekst string  `json:"status_tekst"`
}

// RuteSegment is one stretch of a route in the short form: a line
// (Startposisjon-Sluttposisjon) or point (RelativPosisjon) on a
// veglenkesekvens.
type RuteSegment struct {
	Type              string   `json:"type"`
	Veglenkesekvensid int64    `json:"veglenkesekvensid"`
	Startposisjon     *float64 `json:"startposisjon,omitempty"`
	Sluttposisjon     *float64 `json:"sluttposisjon,omitempty"`
	RelativPosisjon   *float64 `json:"relativPosisjon,omitempty"`
	Kortform          string   `json:"kortform"`
}

// Rute is a route through the road network. In the full form Segmenter
// holds the road segments along it; with RuteQuery.Kortform only Kortform
// is set, with each stretch as a position range.
type Rute struct {
	Type      string            `json:"type"` // "Rute" or "RuteKortform"
	Segmenter []Veglenkesegment `json:"-"`
	Kortform  []RuteSegment     `json:"-"`
	Metadata  RuteMetadata      `json:"metadata"`
}

// UnmarshalJSON decodes either form of vegnettsrutesegmenter.
func (r *Rute) UnmarshalJSON(b []byte) error {
	var w struct {
		Type      string          `json:"type"`
		Segmenter json.RawMessage `json:"vegnettsrutesegmenter"`
		Metadata  RuteMetadata    `json:"metadata"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Rute{Type: w.Type, Metadata: w.Metadata}
	if len(w.Segmenter) == 0 || string(w.Segmenter) == "null" {
		return nil
	}
	switch w.Type {
	case "RuteKortform":
		return json.Unmarshal(w.Segmenter, &r.Kortform)
	case "Rute":
		return json.Unmarshal(w.Segmenter, &r.Segmenter)
	}
	return fmt.Errorf("unknown rute type %q", w.Type)
}

// MarshalJSON writes the form given by Type.
func (r Rute) MarshalJSON() ([]byte, error) {
	var segs any = r.Segmenter
	if r.Type == "RuteKortform" {
		segs = r.Kortform
	}
	return json.Marshal(struct {
		Type      string       `json:"type"`
		Segmenter any          `json:"vegnettsrutesegmenter"`
		Metadata  RuteMetadata `json:"metadata"`
	}{r.Type, segs, r.Metadata})
}
