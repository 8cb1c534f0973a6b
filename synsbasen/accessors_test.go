package synsbasen_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// reading is what the accessors report for one vehicle.
type reading struct {
	Brand, Model, BrandModel, Fuel, FuelExt, Euronorm, Energy, Color string
	First, Next                                                      time.Time
	FirstOK, NextOK                                                  bool
	Odometer                                                         int
	OdometerOK                                                       bool
	CO2, NOx, Particles, Power, HP, FuelEff                          float64
	CO2OK, NOxOK, ParticlesOK, PowerOK, HPOK, FuelEffOK              bool
	Filter, FilterOK, Zones, ZonesOK                                 bool
	Total, Technical, Own, Curb, Train, Trailer                      int
	TotalOK, TechnicalOK, OwnOK, CurbOK, TrainOK, TrailerOK          bool
	LastResult                                                       string
	LastOK                                                           bool
}

func read(v *synsbasen.Vehicle) reading {
	var r reading
	r.Brand, r.Model, r.BrandModel, r.Fuel, r.FuelExt = v.BrandName(), v.ModelName(), v.BrandModel(), v.Fuel(), v.FuelExtended()
	r.Euronorm, r.Energy, r.Color = v.Euronorm(), v.EnergyClass(), v.Color()
	r.First, r.FirstOK = v.FirstRegistered()
	r.Next, r.NextOK = v.NextInspection()
	r.Odometer, r.OdometerOK = v.Odometer()
	r.CO2, r.CO2OK = v.CO2()
	r.NOx, r.NOxOK = v.NOx()
	r.Particles, r.ParticlesOK = v.Particles()
	r.Power, r.PowerOK = v.EnginePower()
	r.HP, r.HPOK = v.Horsepower()
	r.FuelEff, r.FuelEffOK = v.FuelEfficiency()
	r.Filter, r.FilterOK = v.HasParticleFilter()
	r.Zones, r.ZonesOK = v.AllowedInEnvironmentalZones()
	r.Total, r.TotalOK = v.TotalWeight()
	r.Technical, r.TechnicalOK = v.TechnicalTotalWeight()
	r.Own, r.OwnOK = v.VehicleWeight()
	r.Curb, r.CurbOK = v.CurbWeight()
	r.Train, r.TrainOK = v.RoadTrainWeight()
	r.Trailer, r.TrailerOK = v.TrailerWeightMaximum()
	_, r.LastResult, r.LastOK = v.LastInspected()
	return r
}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func TestVehicleAccessors(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	ctx := context.Background()
	bare, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID)
	require.NoError(t, err)
	full, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID, synsbasen.ExpandEmission, synsbasen.ExpandEngine,
		synsbasen.ExpandWeight, synsbasen.ExpandBody, synsbasen.ExpandDMRData)
	require.NoError(t, err)
	dmrOnly, err := c.Vehicles.Get(ctx, synsbasentest.VehicleID, synsbasen.ExpandDMRData)
	require.NoError(t, err)

	base := reading{Brand: "CITROËN", Model: "XANTIA", BrandModel: "CITROËN XANTIA", Fuel: "Benzin",
		First: day("2000-08-14"), FirstOK: true, Next: day("2022-04-20"), NextOK: true,
		Odometer: 407000, OdometerOK: true, LastResult: "Godkendt", LastOK: true}
	withDMR := base
	withDMR.Euronorm, withDMR.Next = "Euro V", day("2025-01-25")
	withAll := withDMR
	withAll.FuelExt, withAll.Energy, withAll.Color = "Benzin", "A++", "Rød"
	withAll.CO2, withAll.CO2OK, withAll.NOx, withAll.NOxOK = 100, true, 25.5, true
	withAll.Power, withAll.PowerOK, withAll.HP, withAll.HPOK, withAll.FuelEff, withAll.FuelEffOK = 140, true, 190, true, 23.3, true
	withAll.Filter, withAll.FilterOK, withAll.Zones, withAll.ZonesOK = false, true, true, true
	withAll.Total, withAll.TotalOK, withAll.Technical, withAll.TechnicalOK = 1340, true, 1340, true
	withAll.Curb, withAll.CurbOK, withAll.Train, withAll.TrainOK, withAll.Trailer, withAll.TrailerOK = 943, true, 1570, true, 200, true

	tests := []struct {
		name string
		v    *synsbasen.Vehicle
		want reading
	}{
		{"nil vehicle", nil, reading{}},
		{"zero vehicle", &synsbasen.Vehicle{}, reading{}},
		{"no expands", bare, base},
		{"dmr_data only: euronorm and official next inspection", dmrOnly, withDMR},
		{"every expand", full, withAll},
		{"brand and model joined when brand_and_model is missing", &synsbasen.Vehicle{Brand: ptr("AUDI"), Model: ptr("A1")},
			reading{Brand: "AUDI", Model: "A1", BrandModel: "AUDI A1"}},
		{"fuel from the engine expand; a bad date is not there", &synsbasen.Vehicle{Engine: &synsbasen.Engine{FuelType: ptr("El")},
			FirstRegistrationDate: ptr("14-08-2000")}, reading{Fuel: "El"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NotPanics(t, func() { assert.Equal(t, tt.want, read(tt.v)) })
		})
	}
}

func ptr[T any](v T) *T { return &v }
