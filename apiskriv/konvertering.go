package apiskriv

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
)

// KonverteringService converts SOSI-GeoJSON and SOSI-NVDB documents to
// endringssett (rest/v3/konverter). Every feature becomes a vegobjekt in
// registrer with today's startdato; neither format has stedfesting, so the
// objects must be completed (see StedfestingService) before they are
// registered.
type KonverteringService struct{ c *Client }

// SosiGeoJSON converts a SOSI-GeoJSON FeatureCollection (POST
// rest/v3/konverter/sosiGeoJson, Content-Type application/json) to an
// endringssett. Nothing is written, so the call is retried like a GET.
func (s *KonverteringService) SosiGeoJSON(ctx context.Context, doc []byte) (*Endringssett, error) {
	if !json.Valid(doc) {
		return nil, invalid("the SOSI-GeoJSON document is not valid JSON")
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(doc, &probe); err != nil || probe.Type != "FeatureCollection" {
		return nil, invalid("the SOSI-GeoJSON document must be a FeatureCollection")
	}
	return s.convert(ctx, "SosiGeoJSON", "rest/v3/konverter/sosiGeoJson", doc, "application/json; charset=UTF-8")
}

// Sosi converts a SOSI-NVDB document (POST rest/v3/konverter/sosi,
// Content-Type text/plain) to an endringssett. The API needs ..KOORDSYS 22
// or 23 and ...VERT-DATUM NN2000 in the .HODE. Nothing is written, so the
// call is retried like a GET.
func (s *KonverteringService) Sosi(ctx context.Context, doc []byte) (*Endringssett, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(doc, "\ufeff \t\r\n"), []byte(".HODE")) {
		return nil, invalid("a SOSI document starts with .HODE")
	}
	return s.convert(ctx, "Sosi", "rest/v3/konverter/sosi", doc, "text/plain; charset=UTF-8")
}

func (s *KonverteringService) convert(ctx context.Context, name, p string, doc []byte, ct string) (*Endringssett, error) {
	var e Endringssett
	if _, err := s.c.do(ctx, &call{op: "Konvertering." + name, method: http.MethodPost, path: p, raw: doc, rawType: ct, retrySafe: true, out: &e}); err != nil {
		return nil, err
	}
	return &e, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
