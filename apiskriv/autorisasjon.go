package apiskriv

import (
	"context"
	"slices"
	"strings"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// NamespaceAuthorization is the XML namespace of autorisasjon.
const NamespaceAuthorization = "http://nvdb.vegvesen.no/apiskriv/domain/authorization/v1"

// Autorisasjon is a user's data rights (datarettigheter): what the user
// may change (hva) and where (hvor). XML: <autorisasjon
// xmlns="…/domain/authorization/v1">. Its JSON form is not documented; this
// package reads the element names as keys, wrappers as arrays.
type Autorisasjon struct {
	Hva                            AutorisasjonHva  `xml:"hva" json:"hva"`
	Hvor                           AutorisasjonHvor `xml:"hvor" json:"hvor"`
	KanDeaktivereValideringsregler JaNei            `xml:"kanDeaktivereValideringsregler,omitempty" json:"kanDeaktivereValideringsregler,omitempty"`
}

// AutorisasjonHva lists the vegobjekttyper a user may change and whether
// the user may change the road network itself (vegnett JA/NEI).
type AutorisasjonHva struct {
	Vegobjekttyper []int `xml:"vegobjekttyper>vegobjekttype" json:"vegobjekttyper"`
	Vegnett        JaNei `xml:"vegnett,omitempty" json:"vegnett,omitempty"`
}

// AutorisasjonHvor limits where the user may change data: vegkategorier
// (E, R, F, K …), typer veg (ENKEL_BILVEG, RUNDKJØRING …), kommuner and
// fylker by number. An empty list puts no limit of that kind. The child
// element of <kommuner> is not shown in the documentation (its example is
// empty); this package reads <kommune>, like <fylker><fylke>.
type AutorisasjonHvor struct {
	Vegkategorier []string `xml:"vegkategorier>vegkategori" json:"vegkategorier"`
	TyperVeg      []string `xml:"typerVeg>typeVeg" json:"typerVeg"`
	Kommuner      []int    `xml:"kommuner>kommune" json:"kommuner"`
	Fylker        []int    `xml:"fylker>fylke" json:"fylker"`
}

// KanEndre reports whether the rights cover vegobjekttype typeID; false
// for a nil Autorisasjon.
func (a *Autorisasjon) KanEndre(typeID int) bool {
	return a != nil && slices.Contains(a.Hva.Vegobjekttyper, typeID)
}

// KanEndreVegnett reports whether the user may change the road network.
func (a *Autorisasjon) KanEndreVegnett() bool {
	return a != nil && a.Hva.Vegnett == Ja
}

// AutorisasjonService reads data rights (rest/v1/autorisasjon).
type AutorisasjonService service

var autorisasjonGet = opOf[Autorisasjon, autorisasjonAnswer](get("Autorisasjon.Get"))

// Get returns the data rights of a user (GET
// rest/v1/autorisasjon/{brukernavn}). A fagdata user may only read their
// own (others get 403, ErrForbidden); service accounts and system
// administrators may read anyone's.
func (s *AutorisasjonService) Get(ctx context.Context, brukernavn string) (*Autorisasjon, error) {
	return autorisasjonGet.Do(ctx, (*service)(s), autorisasjonRequest(brukernavn))
}

func autorisasjonRequest(brukernavn string) endpoint.Request {
	if strings.TrimSpace(brukernavn) == "" || strings.ContainsAny(brukernavn, "/?#\r\n") {
		return endpoint.Fail(invalid("brukernavn must be a username, got %q", brukernavn))
	}
	p, err := transport.JoinPath("rest/v1/autorisasjon", brukernavn)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p}
}
