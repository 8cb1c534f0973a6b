package synsbasentest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

// do sends a raw request to the fake, as a client in any language would.
func do(t *testing.T, srv *synsbasentest.Server, method, path, body string) (int, map[string]json.RawMessage) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer sb_sk_test")
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	if len(b) > 0 && b[0] == '{' {
		require.NoError(t, json.Unmarshal(b, &m), string(b))
	}
	return resp.StatusCode, m
}

func TestDocExamplesServedVerbatim(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()

	status, m := do(t, srv, "GET", "/v1/inspections/26939482", "")
	require.Equal(t, 200, status)
	var doc map[string]json.RawMessage
	b, err := os.ReadFile("fixtures/doc-inspection-get-response.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.JSONEq(t, string(doc["data"]), string(m["data"]))
	assert.Equal(t, "1", string(m["cost"]))

	status, m = do(t, srv, "GET", "/v1/vehicles/1004501200018020?expand[]=emission", "")
	require.Equal(t, 200, status)
	var got, want map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(m["data"], &got))
	b, err = os.ReadFile("fixtures/doc-vehicle-get-response.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NoError(t, json.Unmarshal(doc["data"], &want))
	for k, v := range want {
		if k == "inspections" { // elided in the docs; the fake lists them
			continue
		}
		assert.JSONEq(t, string(v), string(got[k]), k)
	}
	b, err = os.ReadFile("fixtures/doc-expand-emission.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.JSONEq(t, string(doc["emission"]), string(got["emission"]))
}

func TestFakeAnswers(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		status                   int
		errorContains            string
	}{
		{"unknown path", "GET", "/v1/nothing", "", 404, "Not found"},
		{"unknown vehicle", "GET", "/v1/vehicles/123", "", 404, "Vehicle not found"},
		{"non-numeric id", "GET", "/v1/vehicles/abc", "", 404, "Vehicle not found"},
		{"unknown expand", "GET", "/v1/vehicles/1004501200018020?expand[]=wheels", "", 400, "unknown expand"},
		{"registration, Danish letters", "GET", "/v1/vehicles/registration/GR%C3%98N1", "", 200, ""},
		{"registration, lower case", "GET", "/v1/vehicles/registration/as87640", "", 200, ""},
		{"bad JSON", "POST", "/v1/vehicles/search", "{", 400, "invalid JSON"},
		{"unknown matcher", "POST", "/v1/vehicles/search", `{"query":{"wheels_eq":4}}`, 400, "wheels_eq"},
		{"list for a scalar predicate", "POST", "/v1/vehicles/search", `{"query":{"id_eq":[1,2]}}`, 400, "single value"},
		{"unknown method", "POST", "/v1/vehicles/search", `{"method":"MEDIAN"}`, 400, "unknown method"},
		{"distinct without group_by", "POST", "/v1/vehicles/search", `{"method":"DISTINCT"}`, 400, "group_by"},
		{"distinct with select", "POST", "/v1/vehicles/search", `{"method":"DISTINCT","select":"AVG(mileage)","group_by":"brand"}`, 400, "select"},
		{"distinct", "POST", "/v1/vehicles/search", `{"method":"DISTINCT","group_by":"brand"}`, 200, ""},
		{"percentage without group_by", "POST", "/v1/vehicles/search", `{"method":"PERCENTAGE"}`, 400, "group_by"},
		{"group_by with SELECT", "POST", "/v1/vehicles/search", `{"group_by":"brand"}`, 400, "group_by"},
		{"unknown group function", "POST", "/v1/vehicles/search", `{"method":"COUNT","group_by":"HOUR(first_registration_date)"}`, 400, "HOUR"},
		{"NEAREST without precision", "POST", "/v1/vehicles/search", `{"method":"COUNT","group_by":"NEAREST(mileage)"}`, 400, "arguments"},
		{"unsupported select", "POST", "/v1/vehicles/search", `{"select":"MAX(mileage)","group_by":"brand"}`, 400, "AVG"},
		{"bad sort", "POST", "/v1/vehicles/search", `{"sorts":"wheels ASC"}`, 400, "sort"},
		{"per_page too large", "POST", "/v1/vehicles/search", `{"per_page":5000}`, 400, "per_page"},
		{"page zero", "POST", "/v1/vehicles/search", `{"page":0}`, 400, "page"},
		{"bad percentage type", "POST", "/v1/vehicles/search", `{"method":"PERCENTAGE","group_by":"brand","percentage_type":"HALF"}`, 400, "percentage_type"},
		{"watch without body", "POST", "/v1/watched_vehicles", "", 400, "JSON"},
		{"watch a non-number", "POST", "/v1/watched_vehicles", `{"vehicle_id":"x"}`, 400, "JSON"},
		{"unwatch unknown", "DELETE", "/v1/watched_vehicles/1", "", 404, "not found"},
		{"wrong method is an unknown route", "PUT", "/v1/vehicles/search", "", 404, "Not found"},
		{"page of a list", "GET", "/v1/brands?page=0", "", 400, "page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := synsbasentest.NewServer()
			defer srv.Close()
			status, m := do(t, srv, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, status)
			if tt.errorContains != "" {
				var msg string
				require.NoError(t, json.Unmarshal(m["error"], &msg))
				assert.Contains(t, msg, tt.errorContains)
			}
			if status != 200 {
				assert.Zero(t, srv.Spent(), "only 200 answers cost")
			}
		})
	}
}

func TestFakeDistinct(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"one column", `{"method":"DISTINCT","query":{"brand_eq":"CITROËN"},"group_by":"brand"}`, `["CITROËN"]`},
		{"a group function", `{"method":"DISTINCT","query":{"id_eq":1004501200018020},"group_by":"YEAR(first_registration_date)"}`, `[2000]`},
		{"several columns", `{"method":"DISTINCT","query":{"id_eq":1004501200018020},"group_by":["brand","model_year"]}`, `[["CITROËN",null]]`},
		{"no match", `{"method":"DISTINCT","query":{"brand_eq":"TRABANT"},"group_by":"brand"}`, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := synsbasentest.NewServer()
			defer srv.Close()
			status, m := do(t, srv, "POST", "/v1/vehicles/search", tt.body)
			require.Equal(t, 200, status)
			assert.JSONEq(t, tt.want, string(m["data"]))
			assert.JSONEq(t, `1`, string(m["cost"]))
		})
	}
}

func TestFakeAuthentication(t *testing.T) {
	srv := synsbasentest.NewServer(synsbasentest.WithKeys("good"))
	defer srv.Close()
	for _, auth := range []string{"", "Bearer ", "Bearer bad", "Basic good", "good"} {
		req, err := http.NewRequest("GET", srv.URL+"/v1/tokens", nil)
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, auth)
	}
	req, err := http.NewRequest("GET", srv.URL+"/v1/tokens", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer good")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestFakeTokenAccounting(t *testing.T) {
	srv := synsbasentest.NewServer(synsbasentest.WithTokenBalance(5))
	defer srv.Close()
	status, _ := do(t, srv, "POST", "/v1/vehicles/search", `{"per_page":3}`)
	require.Equal(t, 200, status)
	assert.Equal(t, int64(2), srv.Tokens())
	status, m := do(t, srv, "POST", "/v1/vehicles/search", `{"per_page":3}`)
	assert.Equal(t, 429, status, "3 vehicles cost more than the 2 tokens left")
	assert.Contains(t, string(m["error"]), "quota")
	assert.Equal(t, int64(2), srv.Tokens(), "a refused answer costs nothing")
	status, _ = do(t, srv, "GET", "/v1/brands", "")
	assert.Equal(t, 200, status, "free endpoints still answer")
	srv.SetTokens(100)
	status, _ = do(t, srv, "POST", "/v1/vehicles/search", `{"per_page":3}`)
	assert.Equal(t, 200, status)
	assert.Equal(t, int64(6), srv.Spent())
}

// The register is consistent: unique ids, registrations and VINs, and every
// inspection belongs to a vehicle that exists.
func TestFakeDataConsistency(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	status, m := do(t, srv, "POST", "/v1/vehicles/search", `{"per_page":1000}`)
	require.Equal(t, 200, status)
	var vehicles []struct {
		ID           json.Number `json:"id"`
		Registration string      `json:"registration"`
		VIN          string      `json:"vin"`
		Inspections  []struct {
			ID        json.Number `json:"id"`
			VehicleID json.Number `json:"vehicle_id"`
		} `json:"inspections"`
	}
	require.NoError(t, json.Unmarshal(m["data"], &vehicles))
	require.Len(t, vehicles, 80)
	ids, regs, vins, insp := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, v := range vehicles {
		assert.False(t, ids[v.ID.String()], v.ID)
		assert.False(t, regs[v.Registration], v.Registration)
		assert.False(t, vins[v.VIN], v.VIN)
		assert.Len(t, v.VIN, 17)
		ids[v.ID.String()], regs[v.Registration], vins[v.VIN] = true, true, true
		for _, in := range v.Inspections {
			assert.Equal(t, v.ID, in.VehicleID)
			assert.False(t, insp[in.ID.String()])
			insp[in.ID.String()] = true
		}
	}
	assert.True(t, ids["9000000000970539"])
	assert.True(t, insp["26939482"])
}

func TestFakeIsSafeForConcurrentUse(t *testing.T) {
	srv := synsbasentest.NewServer()
	defer srv.Close()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", srv.URL+"/v1/watched_vehicles", bytes.NewReader([]byte(`{"vehicle_id": 9000000000970539}`)))
			req.Header.Set("Authorization", "Bearer k")
			resp, err := srv.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, []int64{synsbasentest.WatchVehicleID}, srv.Watched())
	assert.Equal(t, 8, len(srv.Requests()))
}
