package nvdb

import (
	"context"
	"strconv"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// VegnettService reads the road network from /vegnett/api/v4: road
// references to and from positions, the nearest road to a point, routes
// and the network's change feed. Veglenkesekvenser (with the segmented
// network) and Noder have services of their own.
type VegnettService service

func (s *VegnettService) t() endpoint.Transport { return (*service)(s).transport() }

// Topologiniva is the topology level of the road network.
type Topologiniva string

// Values of topologiniva.
const (
	TopologinivaVegtrase  Topologiniva = "vegtrase"
	TopologinivaKjorebane Topologiniva = "kjørebane"
	TopologinivaKjorefelt Topologiniva = "kjørefelt"
)

var (
	validTopologiniva = set("vegtrase", "kjørebane", "kjørefelt")
	// The vegnett service spells veglenketype its own way.
	vegnettVeglenketype = map[Veglenketype]string{VeglenketypeHoved: "Hoved", VeglenketypeDetaljert: "Detaljert",
		VeglenketypeKonnektering: "Konnektering", VeglenketypeDetaljertKonnektering: "detaljert_konnektering"}
	// The route takes typeveg by display name.
	typeVegNavn = map[TypeVeg]string{TypeVegKanalisertVeg: "Kanalisert veg", TypeVegEnkelBilveg: "Enkel bilveg", TypeVegRampe: "Rampe",
		TypeVegRundkjoring: "Rundkjøring", TypeVegBilferje: "Bilferje", TypeVegPassasjerferje: "Passasjerferje",
		TypeVegGangOgSykkelveg: "Gang- og sykkelveg", TypeVegSykkelveg: "Sykkelveg", TypeVegGangveg: "Gangveg", TypeVegGagate: "Gågate",
		TypeVegFortau: "Fortau", TypeVegTrapp: "Trapp", TypeVegGangfelt: "Gangfelt", TypeVegGatetun: "Gatetun",
		TypeVegTraktorveg: "Traktorveg", TypeVegSti: "Sti", TypeVegAnnet: "Annet"}
)

// sridQuery is the query of a road-network GET of one element.
type sridQuery struct {
	Srid Srid `url:"srid,omitempty"`
}

func (q *sridQuery) validate() error {
	var c checker
	enum(&c, "srid", q.Srid, validSrid)
	return c.err
}

// element is what a GET of one road-network element decodes into: a
// type that can tell whether it is the element asked for.
type element[T any] interface {
	*T
	answer
}

// elementOf declares the GET of one road-network element by id, with an
// optional srid: an answer that is not an element of its kind (a proxy's
// {}, null) is ErrInvalidResponse, and getElement checks it is the one
// asked for.
func elementOf[T any, P element[T]](name string) *endpoint.Op[T] {
	return opOf(name, func(v *T) error { return P(v).checkAnswer(0) })
}

// getElement fetches element id of path (path/{id}) with op.
func getElement[T any, P element[T]](ctx context.Context, t endpoint.Transport, op *endpoint.Op[T], path, what string, id int64, srid Srid) (*T, error) {
	r := endpoint.Fail(invalidf("nvdb: invalid %s id %d: must be > 0", what, id))
	if id > 0 {
		v, err := encode(&sridQuery{Srid: srid})
		r = get(path+"/"+strconv.FormatInt(id, 10), v, err)
	}
	return asking(op, func(v *T) error { return P(v).checkAnswer(id) }).Do(ctx, t, r)
}
