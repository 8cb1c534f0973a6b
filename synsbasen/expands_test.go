package synsbasen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// fixture reads one of the documentation's examples, as embedded in the fake.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("synsbasentest", "fixtures", name))
	require.NoError(t, err)
	return b
}

// roundTrip decodes doc into target refusing unknown fields, encodes it
// again and checks that nothing was lost, renamed or retyped.
func roundTrip(t *testing.T, doc []byte, target any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(target))
	out, err := json.Marshal(target)
	require.NoError(t, err)
	assert.JSONEq(t, string(doc), string(out))
}

func TestDocExamplesDecodeFieldForField(t *testing.T) {
	tests := []struct {
		file   string
		target any
	}{
		{"doc-expand-emission.json", &struct {
			Emission *synsbasen.Emission `json:"emission"`
		}{}},
		{"doc-expand-engine.json", &struct {
			Engine *synsbasen.Engine `json:"engine"`
		}{}},
		{"doc-expand-weight.json", &struct {
			Weight *synsbasen.Weight `json:"weight"`
		}{}},
		{"doc-expand-axle.json", &struct {
			Data struct {
				Axle *synsbasen.Axle `json:"axle"`
			} `json:"data"`
		}{}},
		{"doc-expand-body.json", &struct {
			Body *synsbasen.Body `json:"body"`
		}{}},
		{"doc-expand-permits.json", &struct {
			Permits []synsbasen.Permit `json:"permits"`
		}{}},
		{"doc-expand-age.json", &struct {
			Age *synsbasen.Age `json:"age"`
		}{}},
		{"doc-expand-equipment.json", &struct {
			Equipment []synsbasen.Equipment `json:"equipment"`
		}{}},
		{"doc-expand-manufacturer.json", &struct {
			Manufacturer *synsbasen.Manufacturer `json:"manufacturer"`
		}{}},
		{"doc-expand-driving_license.json", &struct {
			DrivingLicense *synsbasen.DrivingLicense `json:"driving_license"`
		}{}},
		{"doc-expand-periodic_taxes.json", &struct {
			PeriodicTaxes *synsbasen.PeriodicTaxes `json:"periodic_taxes"`
		}{}},
		{"doc-expand-dmr_data.json", &struct {
			DMRData *synsbasen.DMRData `json:"dmr_data"`
		}{}},
		{"doc-expand-tinglysning_data.json", &struct {
			TinglysningData *synsbasen.TinglysningData `json:"tinglysning_data"`
		}{}},
		{"doc-expand-leasing_periods.json", &struct {
			LeasingPeriods []synsbasen.LeasingPeriod `json:"leasing_periods"`
		}{}},
		{"doc-expand-supplementary_body_types.json", &struct {
			SupplementaryBodyTypes []synsbasen.SupplementaryBodyType `json:"supplementary_body_types"`
		}{}},
		{"doc-expand-appraisals.json", &struct {
			Appraisals *synsbasen.Appraisals `json:"appraisals"`
		}{}},
		{"doc-inspection-error_codes.json", &struct {
			ErrorCodes []synsbasen.ErrorCode `json:"error_codes"`
		}{}},
		{"doc-vehicle-get-response.json", &struct {
			Data *synsbasen.Vehicle `json:"data"`
		}{}},
		{"doc-inspection-get-response.json", &struct {
			Data *synsbasen.Inspection `json:"data"`
		}{}},
		{"doc-test_centers-list-response.json", &struct {
			Data []synsbasen.TestCenter `json:"data"`
		}{}},
		{"doc-inspection_test_centers-list-response.json", &struct {
			Data []synsbasen.InspectionTestCenter `json:"data"`
		}{}},
		{"doc-brands-list-response.json", &struct {
			Data []synsbasen.Brand `json:"data"`
		}{}},
		{"doc-model-get-response.json", &struct {
			Data *synsbasen.Model `json:"data"`
		}{}},
		{"doc-variant-get-response.json", &struct {
			Data *synsbasen.Variant `json:"data"`
		}{}},
		{"doc-version-get-response.json", &struct {
			Data *synsbasen.Version `json:"data"`
		}{}},
		{"doc-body_type-get-response.json", &struct {
			Data *synsbasen.BodyType `json:"data"`
		}{}},
		{"doc-tokens-response.json", &struct {
			Data *synsbasen.TokenBalance `json:"data"`
		}{}},
		{"doc-watched_vehicles-create-request.json", &synsbasen.WatchedVehicle{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			roundTrip(t, fixture(t, tt.file), tt.target)
		})
	}
}

func TestAllExpandsListsEveryDocumentedExpand(t *testing.T) {
	var names []string
	for _, e := range synsbasen.AllExpands() {
		names = append(names, e.String())
	}
	assert.Equal(t, []string{"emission", "engine", "weight", "axle", "body", "permits", "age", "equipment",
		"manufacturer", "driving_license", "periodic_taxes", "dmr_data", "tinglysning_data", "leasing_periods",
		"supplementary_body_types", "appraisals", "inspections"}, names)
}

// Every expand of the documentation's vehicle comes back over the wire as
// documented, in the field of the matching Expand.
func TestExpandsOverTheWire(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	v, err := c.Vehicles.GetByRegistration(context.Background(), "AS87640", synsbasen.AllExpands()...)
	require.NoError(t, err)

	req := srv.Requests()[0]
	assert.Equal(t, "/v1/vehicles/registration/AS87640", req.Path)
	assert.Contains(t, req.Query, "expand%5B%5D=emission&expand%5B%5D=engine")

	fields := map[string]any{
		"emission": v.Emission, "engine": v.Engine, "weight": v.Weight, "body": v.Body, "permits": v.Permits,
		"equipment": v.Equipment, "driving_license": v.DrivingLicense, "periodic_taxes": v.PeriodicTaxes,
		"dmr_data": v.DMRData, "tinglysning_data": v.TinglysningData, "leasing_periods": v.LeasingPeriods,
		"supplementary_body_types": v.SupplementaryBodyTypes, "appraisals": v.Appraisals,
	}
	for name, got := range fields {
		t.Run(name, func(t *testing.T) {
			var doc map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(fixture(t, "doc-expand-"+name+".json"), &doc))
			b, err := json.Marshal(got)
			require.NoError(t, err)
			assert.JSONEq(t, string(doc[name]), string(b))
		})
	}
	var axle struct {
		Data struct {
			Axle json.RawMessage `json:"axle"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "doc-expand-axle.json"), &axle))
	b, _ := json.Marshal(v.Axle)
	assert.JSONEq(t, string(axle.Data.Axle), string(b))

	require.NotNil(t, v.Age)
	assert.Equal(t, synsbasen.Age{Years: 15, Months: 8}, *v.Age, "scrapped 2016-04-18, first registered 2000-08-14")
	require.NotNil(t, v.Manufacturer)
	assert.Equal(t, "France", *v.Manufacturer.Country)
	require.NotEmpty(t, v.Inspections)
	assert.NotEmpty(t, v.Inspections[0].TestCenterName, "expanded inspections are complete")
	// 1 for the vehicle, 1 per live expand, 1 per expanded inspection.
	assert.Equal(t, int64(1+3+len(v.Inspections)), srv.Spent())
}

func TestVehicleWithoutExpandsHasShallowInspections(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	v, err := c.Vehicles.Get(context.Background(), synsbasentest.WatchVehicleID)
	require.NoError(t, err)
	assert.Nil(t, v.Emission)
	assert.Nil(t, v.DMRData)
	require.NotEmpty(t, v.Inspections)
	assert.Equal(t, int64(synsbasentest.InspectionID), v.Inspections[0].ID)
	assert.Empty(t, v.Inspections[0].TestCenterName, "shallow by default")
	assert.Equal(t, int64(1), srv.Spent())
}
