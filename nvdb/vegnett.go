package nvdb

import (
	"context"
	"fmt"
	"strconv"
)

// VegnettService reads the road network from /vegnett/api/v4:
// veglenkesekvenser, the segmented network, nodes, road references to and
// from positions, the nearest road to a point, routes and the change feed.
type VegnettService service

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

func (e *enc) pageParams(antall int, start string, inkluderAntall bool) {
	if antall < 0 {
		e.fail("invalid antall %d: must be >= 0", antall)
	} else if antall > 0 {
		e.v.Set("antall", strconv.Itoa(antall))
	}
	e.str("start", start)
	if inkluderAntall {
		e.v.Set("inkluderAntall", "true")
	}
}

func (e *enc) int64v(name string, v int64) {
	if v < 0 {
		e.fail("invalid %s %d: must be > 0", name, v)
	} else if v > 0 {
		e.v.Set(name, strconv.FormatInt(v, 10))
	}
}

// getBySrid fetches one road-network element by id, with an optional srid;
// an answer that is not that element is ErrInvalidResponse.
func getBySrid[T any, P interface {
	*T
	answer
}](ctx context.Context, s *VegnettService, op, path, what string, id int64, srid Srid) (*T, error) {
	if id <= 0 {
		return nil, invalidf("nvdb: invalid %s id %d: must be > 0", what, id)
	}
	e := newEnc()
	e.enum("srid", string(srid), validSrid)
	if e.err != nil {
		return nil, fmt.Errorf("nvdb: %w", e.err)
	}
	return getChecked(ctx, (*service)(s), op, path+"/"+strconv.FormatInt(id, 10), e.v, func(out *T) error { return P(out).checkAnswer(id) })
}
