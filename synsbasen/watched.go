package synsbasen

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// WatchedVehicle is a vehicle on the watch list. Changes to it and new
// inspections of it trigger the vehicle.updated and inspection.created
// webhooks.
type WatchedVehicle struct {
	VehicleID int64 `json:"vehicle_id"`
}

// WatchedVehiclesService manages the watch list.
type WatchedVehiclesService service

func (s *WatchedVehiclesService) t() endpoint.Transport { return (*service)(s).transport() }

var watchedVehiclesList = listOf[WatchedVehicle]("WatchedVehicles.List")

// List returns one page of the watch list (GET /v1/watched_vehicles).
func (s *WatchedVehiclesService) List(ctx context.Context, opts *ListOptions) (*Page[WatchedVehicle], error) {
	return watchedVehiclesList.List(ctx, s.t(), listCall("v1/watched_vehicles", opts))
}

// Pages iterates the pages of the watch list from opts.Page (GET /v1/watched_vehicles); each
// page's Next resumes after it.
func (s *WatchedVehiclesService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[WatchedVehicle], error] {
	return watchedVehiclesList.Pages(ctx, s.t(), listCall("v1/watched_vehicles", opts))
}

// All iterates the watch list, page after page from opts.Page (GET /v1/watched_vehicles).
func (s *WatchedVehiclesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*WatchedVehicle, error] {
	return watchedVehiclesList.All(ctx, s.t(), listCall("v1/watched_vehicles", opts))
}

// watchedAnswer is the answer to Add: the docs show the created record
// without the usual "data" wrapper, so both forms are read.
type watchedAnswer struct {
	Data      *WatchedVehicle `json:"data"`
	VehicleID *int64          `json:"vehicle_id"`
	Cost      float64         `json:"cost"`
}

var (
	watchedAdd = &endpoint.Op[watchedAnswer]{
		Spec: endpoint.Spec{Name: "WatchedVehicles.Add", Method: http.MethodPost},
		Check: func(a *watchedAnswer) error {
			if a.Data == nil && a.VehicleID == nil {
				return errors.New(`the answer has neither "data" nor "vehicle_id"`)
			}
			return nil
		},
		Meta: func(a *watchedAnswer, m *vegdata.Meta) { chargeCost(m, a.Cost) },
	}
	watchedRemove = &endpoint.Op[struct{}]{Spec: endpoint.Spec{Name: "WatchedVehicles.Remove", Method: http.MethodDelete},
		Decode: endpoint.Discard[struct{}]}
)

// Add puts the vehicle with Synsbasen id vehicleID on the watch list
// (POST /v1/watched_vehicles). When it is already there the API answers 409
// and the error matches ErrAlreadyWatched (and ErrConflict). Add is not
// retried after a server error, since the first attempt may have succeeded.
func (s *WatchedVehiclesService) Add(ctx context.Context, vehicleID int64) (*WatchedVehicle, error) {
	if vehicleID <= 0 {
		return nil, invalid("vehicle id must be positive, got %d", vehicleID)
	}
	out, err := watchedAdd.Do(ctx, s.t(), endpoint.Request{Path: "v1/watched_vehicles", Body: WatchedVehicle{VehicleID: vehicleID}})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.StatusCode == http.StatusConflict {
			return nil, fmt.Errorf("synsbasen: vehicle %d: %w: %w", vehicleID, ErrAlreadyWatched, err)
		}
		return nil, err
	}
	if out.Data != nil {
		return out.Data, nil
	}
	return &WatchedVehicle{VehicleID: *out.VehicleID}, nil
}

// Remove takes the vehicle off the watch list
// (DELETE /v1/watched_vehicles/{vehicle_id}). A vehicle that is not on the
// list gives an error matching ErrNotFound. A DELETE is repeated after a
// 5xx or a lost answer; a 404 to such a repeat means the first attempt
// removed it, and is success.
func (s *WatchedVehiclesService) Remove(ctx context.Context, vehicleID int64) error {
	if vehicleID <= 0 {
		return invalid("vehicle id must be positive, got %d", vehicleID)
	}
	p, err := path("watched_vehicles", strconv.FormatInt(vehicleID, 10))
	if err != nil {
		return err
	}
	_, err = watchedRemove.Do(ctx, s.t(), endpoint.Request{Path: p})
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound && ae.Attempts > 1 {
		return nil
	}
	return err
}
