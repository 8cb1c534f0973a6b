package synsbasentest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// documentedVehicleAttributes are the vehicle search and group_by
// attributes the documentation lists (reference seed 004), the changelog's
// brand_and_model, fuel_type_extended, emission_class and
// allowed_in_environmental_zones included.
var documentedVehicleAttributes = strings.Fields(`
emission.co2 emission.co emission.hc_plus_nox emission.nox emission.particles emission.particle_filter
emission.smoke_density emission.smoke_density_engine_speed emission.euronorm engine.fuel_efficiency
engine.electricity_efficiency body.color
id registration vin first_registration_date registration_status registration_status_updated_at kind usage
model_year fuel_type mileage extra_equipment brand_id model_id variant_id version_id co2 co hc_plus_nox nox
particles particle_filter smoke_density smoke_density_engine_speed technical_total_weight total_weight
vehicle_weight driveable_weight_minimum driveable_weight_maximum v_value_air_suspension
v_value_mechanical_suspension road_train_weight coupling_device coupling_device_load_maximum
trailer_with_brakes_weight_maximum trailer_without_brakes_weight_maximum trailer_total_weight_maximum axles
axle_track pulling_axles drive_shaft_pressure_maximum trailer_allowed_pressure_maximum doors vin_placement
track_width_front track_width_rear passengers seats_minimum seats_maximum standing_passengers_minimum
standing_passengers_maximum rims_and_tires fuel_efficiency electricity_efficiency top_speed cylinders
engine_displacement engine_power color_id color gears euronorm ncap_five last_inspection_date
last_inspection_result last_inspection_kind category engine_code suitable_for_taxi eu_version eu_variant
ec_type_approval body_type brand model variant version inspection_frequency next_inspection_date
insurance_company insurance_status insurance_policy_number insurance_created_at cached_at
inspection_invocations status status_updated_at horsepower mileage_annual_average energy_class
power_to_weight_ratio age electricity_efficiency_measured battery_capacity electric_range plugin_hybrid
automatic_transmission last_modification next_inspection_date_estimate brand_and_model fuel_type_extended
emission_class emission_class_id allowed_in_environmental_zones`)

// Every documented vehicle attribute can be searched on and grouped by.
func TestFakeKnowsEveryDocumentedVehicleAttribute(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	for _, a := range documentedVehicleAttributes {
		t.Run(a, func(t *testing.T) {
			status, m := do(t, srv, "POST", "/v1/vehicles/search", fmt.Sprintf(`{"query":{%q:"x"},"per_page":1}`, a+"_not_eq"))
			assert.Equal(t, 200, status, "search: %s", m["error"])
			status, m = do(t, srv, "POST", "/v1/vehicles/search", fmt.Sprintf(`{"method":"COUNT","group_by":%q}`, a))
			assert.Equal(t, 200, status, "group_by: %s", m["error"])
			status, m = do(t, srv, "POST", "/v1/vehicles/search", fmt.Sprintf(`{"method":"DISTINCT","group_by":%q}`, a))
			assert.Equal(t, 200, status, "distinct: %s", m["error"])
		})
	}
}
