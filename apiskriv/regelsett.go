package apiskriv

import (
	"context"
	"net/http"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// RegelsettType names one of the rule sets API Skriv validates road
// network changes against, by the names the changelog uses since sprint 17
// ("lenke" became "veglenke").
type RegelsettType string

// The rule sets.
const (
	RegelsettVegnettobjekttype RegelsettType = "vegnettobjekttype"
	RegelsettVeglenke          RegelsettType = "veglenke"
)

// Regelsett is a rule set, or its version, as the API sent it. The schema
// (rest/v1/regelsett/veglenke.xsd, vegnettobjekttype.xsd) is published only
// on the server and the changelog names only the root <regelsett> and its
// <versjon>, so the document is kept as received (XML by default, JSON
// with WithFormat(JSON) where the server offers it) rather than decoded
// into guessed types.
type Regelsett struct {
	Type        RegelsettType
	ContentType string
	Dokument    []byte
}

// RegelsettService reads the network validation rule sets
// (rest/v1/regelsett), for clients that edit the road network.
type RegelsettService struct{ c *Client }

// Get returns the current rule set (GET rest/v1/regelsett/{type}: root
// <regelsett> with a <versjon>).
func (s *RegelsettService) Get(ctx context.Context, t RegelsettType) (*Regelsett, error) {
	return s.get(ctx, "Get", t)
}

// Versjon returns the current version of a rule set (GET
// rest/v1/regelsett/{type}/versjon: a <versjon> document).
func (s *RegelsettService) Versjon(ctx context.Context, t RegelsettType) (*Regelsett, error) {
	return s.get(ctx, "Versjon", t, "versjon")
}

func (s *RegelsettService) get(ctx context.Context, op string, t RegelsettType, rest ...string) (*Regelsett, error) {
	switch t {
	case RegelsettVegnettobjekttype, RegelsettVeglenke:
	default:
		return nil, invalid("unknown rule set %q (vegnettobjekttype or veglenke)", string(t))
	}
	p, err := transport.JoinPath("rest/v1/regelsett", append([]string{string(t)}, rest...)...)
	if err != nil {
		return nil, invalid("%v", err)
	}
	var raw rawAnswer
	root := "regelsett"
	if len(rest) > 0 {
		root = "versjon"
	}
	if _, err := s.c.do(ctx, &call{op: "Regelsett." + op, method: http.MethodGet, path: p, rawOut: &raw, check: checkDocument(&raw, root)}); err != nil {
		return nil, err
	}
	return &Regelsett{Type: t, ContentType: raw.contentType, Dokument: raw.body}, nil
}
