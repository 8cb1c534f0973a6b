package apiskriv

import (
	"context"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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
type RegelsettService service

var (
	regelsettGet     = regelsettOf("Regelsett.Get", "regelsett")
	regelsettVersjon = regelsettOf("Regelsett.Versjon", "versjon")
)

// regelsettOf declares a GET of a rule set document kept as received,
// whose root element is root.
func regelsettOf(name, root string) *op[rawAnswer, rawAnswer] {
	return declare(endpoint.Op[rawAnswer]{Spec: get(name), Decode: readRaw,
		Check: func(a *rawAnswer) error { return checkDocument(a, root) }},
		func(a *rawAnswer) *rawAnswer { return a })
}

// Get returns the current rule set (GET rest/v1/regelsett/{type}: root
// <regelsett> with a <versjon>).
func (s *RegelsettService) Get(ctx context.Context, t RegelsettType) (*Regelsett, error) {
	return regelsett(t)(regelsettGet.Do(ctx, (*service)(s), regelsettRequest(t)))
}

// Versjon returns the current version of a rule set (GET
// rest/v1/regelsett/{type}/versjon: a <versjon> document).
func (s *RegelsettService) Versjon(ctx context.Context, t RegelsettType) (*Regelsett, error) {
	return regelsett(t)(regelsettVersjon.Do(ctx, (*service)(s), regelsettRequest(t, "versjon")))
}

func regelsett(t RegelsettType) func(*rawAnswer, error) (*Regelsett, error) {
	return func(a *rawAnswer, err error) (*Regelsett, error) {
		if err != nil {
			return nil, err
		}
		return &Regelsett{Type: t, ContentType: a.contentType, Dokument: a.body}, nil
	}
}

func regelsettRequest(t RegelsettType, rest ...string) endpoint.Request {
	switch t {
	case RegelsettVegnettobjekttype, RegelsettVeglenke:
	default:
		return endpoint.Fail(invalid("unknown rule set %q (vegnettobjekttype or veglenke)", string(t)))
	}
	p, err := transport.JoinPath("rest/v1/regelsett", append([]string{string(t)}, rest...)...)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p}
}
