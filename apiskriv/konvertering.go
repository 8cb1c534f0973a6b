package apiskriv

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// KonverteringService converts SOSI-GeoJSON and SOSI-NVDB documents to
// endringssett (rest/v3/konverter). Every feature becomes a vegobjekt in
// registrer with today's startdato; neither format has stedfesting, so the
// objects must be completed (see StedfestingService) before they are
// registered.
type KonverteringService service

// A conversion writes nothing, so it is retried like a GET.
var (
	konverteringSosiGeoJSON = opOf[Endringssett, endringssettAnswer](post("Konvertering.SosiGeoJSON", true))
	konverteringSosi        = opOf[Endringssett, endringssettAnswer](post("Konvertering.Sosi", true))
)

// SosiGeoJSON converts a SOSI-GeoJSON FeatureCollection (POST
// rest/v3/konverter/sosiGeoJson, Content-Type application/json) to an
// endringssett. Nothing is written, so the call is retried like a GET.
func (s *KonverteringService) SosiGeoJSON(ctx context.Context, doc []byte) (*Endringssett, error) {
	return konverteringSosiGeoJSON.Do(ctx, (*service)(s), sosiGeoJSONRequest(doc))
}

func sosiGeoJSONRequest(doc []byte) endpoint.Request {
	if !json.Valid(doc) {
		return endpoint.Fail(invalid("the SOSI-GeoJSON document is not valid JSON"))
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(doc, &probe); err != nil || probe.Type != "FeatureCollection" {
		return endpoint.Fail(invalid("the SOSI-GeoJSON document must be a FeatureCollection"))
	}
	return endpoint.Request{Path: "rest/v3/konverter/sosiGeoJson", Body: doc, ContentType: "application/json; charset=UTF-8"}
}

// Sosi converts a SOSI-NVDB document (POST rest/v3/konverter/sosi,
// Content-Type text/plain) to an endringssett. The API needs ..KOORDSYS 22
// or 23 and ...VERT-DATUM NN2000 in the .HODE. Nothing is written, so the
// call is retried like a GET.
func (s *KonverteringService) Sosi(ctx context.Context, doc []byte) (*Endringssett, error) {
	return konverteringSosi.Do(ctx, (*service)(s), sosiRequest(doc))
}

func sosiRequest(doc []byte) endpoint.Request {
	if !bytes.HasPrefix(bytes.TrimLeft(doc, "\ufeff \t\r\n"), []byte(".HODE")) {
		return endpoint.Fail(invalid("a SOSI document starts with .HODE"))
	}
	return endpoint.Request{Path: "rest/v3/konverter/sosi", Body: doc, ContentType: "text/plain; charset=UTF-8"}
}

func itoa(i int) string { return strconv.Itoa(i) }
