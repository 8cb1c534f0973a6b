// Command serverless is an HTTP function over NVDB for Cloud Run, Cloud
// Functions (2nd gen) or AWS Lambda behind the Lambda Web Adapter: any
// platform that runs an HTTP server on $PORT. It shows the three things a
// function instance must get right:
//
//   - one nvdb.Client per instance, built once and shared by every
//     request (a Client is safe for concurrent use and keeps connections,
//     the rate limiter and the ETag cache warm between invocations);
//   - one rate limit for the whole fleet when REDIS_ADDR is set, since
//     NVDB counts requests per client name and not per instance;
//   - every request bounded by the function's deadline: the handler's
//     context ends at REQUEST_TIMEOUT (default 10s, set it a little below
//     the platform's timeout) or when the caller goes away, and every SDK
//     wait (limiter, retry backoff, a slow body) selects on it.
//
// Routes:
//
//	GET /vegobjekter/{type}/{id}      one road object as JSON
//	GET /vegobjekter/{type}?kommune=N the type's objects in kommune N as GeoJSON, streamed
//
// Without NVDB_CLIENT_NAME it serves the in-process fake (nvdbtest), so
// `go run .` and the tests work offline.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/redisstore"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	h, cleanup, err := newHandler(os.Getenv, log)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	defer cleanup()
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	srv := &http.Server{Addr: ":" + port, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	log.Info("listening", "port", port)
	if err := srv.ListenAndServe(); err != nil {
		log.Error("serve", "err", err)
		os.Exit(1)
	}
}

// handler holds what an instance keeps between invocations.
type handler struct {
	nvdb    *nvdb.Client
	timeout time.Duration
	log     *slog.Logger
}

// newHandler builds the instance's one client from the environment:
// NVDB_CLIENT_NAME (X-Client; without it and without NVDB_BASE_URL the
// in-process fake is used), NVDB_BASE_URL, REDIS_ADDR (shared limiter),
// REQUEST_TIMEOUT (a Go duration).
func newHandler(getenv func(string) string, log *slog.Logger) (http.Handler, func(), error) {
	h := &handler{timeout: 10 * time.Second, log: log}
	if s := getenv("REQUEST_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return nil, nil, fmt.Errorf("REQUEST_TIMEOUT %q: want a positive duration such as 9s", s)
		}
		h.timeout = d
	}
	opts := []nvdb.Option{nvdb.WithLogger(log)}
	cleanup := func() {}
	name := getenv("NVDB_CLIENT_NAME")
	clientName := name // X-Client
	switch base := getenv("NVDB_BASE_URL"); {
	case base != "": // another deployment, or a fake of the caller's
		if name == "" {
			name, clientName = "serverless-example", "serverless-example"
		}
		opts = append(opts, nvdb.WithBaseURL(base))
	case name != "":
	default:
		srv := nvdbtest.NewServer()
		cleanup = srv.Close
		clientName = "serverless-example"
		opts = append(opts, nvdb.WithBaseURL(srv.URL))
	}
	if addr := getenv("REDIS_ADDR"); addr != "" {
		// One pace for every instance of the function: the limit is per
		// X-Client, so the key names the client. One dial a round trip:
		// go-redis' default of 5, 100 ms apart, would make a request wait
		// half a second for a Redis that is down before its 503.
		rdb := redis.NewClient(&redis.Options{Addr: addr, DialerRetries: 1})
		prev := cleanup
		cleanup = func() { _ = rdb.Close(); prev() }
		opts = append(opts, nvdb.WithLimiter(sharedLimiter(rdb, name)))
	}
	c, err := nvdb.NewClient(clientName, opts...)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	h.nvdb = c
	mux := http.NewServeMux()
	mux.HandleFunc("GET /vegobjekter/{type}/{id}", h.get)
	mux.HandleFunc("GET /vegobjekter/{type}", h.list)
	return mux, cleanup, nil
}

// sharedLimiter paces every instance that uses the same X-Client through
// one bucket in Redis: 38 requests a second with a burst of 2 keeps a
// fleet under NVDB's 40 per second (redisstore's README figures). When
// Redis cannot be reached the calls fail at once with ErrUnavailable
// (redisstore's default), answered 503, rather than each instance spending
// the whole limit on its own.
func sharedLimiter(rdb redis.UniversalClient, clientName string) vegdata.Limiter {
	return redisstore.NewLimiter(rdb, "nvdb:"+clientName, 38, 2)
}

// deadline bounds r's work by the function's timeout.
func (h *handler) deadline(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), h.timeout)
}

func (h *handler) get(w http.ResponseWriter, r *http.Request) {
	typeID, err1 := strconv.Atoi(r.PathValue("type"))
	id, err2 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err1 != nil || err2 != nil {
		http.Error(w, "type and id must be numbers", http.StatusBadRequest)
		return
	}
	ctx, cancel := h.deadline(r)
	defer cancel()
	obj, err := h.nvdb.Vegobjekter.Get(ctx, typeID, id, &nvdb.VegobjektOptions{Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(obj)
}

func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	typeID, err := strconv.Atoi(r.PathValue("type"))
	kommune, err2 := strconv.Atoi(r.URL.Query().Get("kommune"))
	if err != nil || err2 != nil {
		http.Error(w, "type and kommune must be numbers", http.StatusBadRequest)
		return
	}
	ctx, cancel := h.deadline(r)
	defer cancel()
	q := &nvdb.VegobjektQuery{Kommune: []int{kommune}, Srid: nvdb.Srid4326,
		Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper, nvdb.InkluderGeometri, nvdb.InkluderLokasjon}}
	// Ask for the first page before answering, so a bad request or an
	// unreachable NVDB still gets a proper status code.
	first, err := h.nvdb.Vegobjekter.List(ctx, typeID, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	g := nvdb.NewGeoJSONWriter(w)
	for _, o := range first.Items {
		if err := g.WriteVegobjekt(o); err != nil {
			h.log.Error("write", "err", err)
			return
		}
	}
	if first.Next != "" {
		next := *q
		next.Start = first.Next
		for o, err := range h.nvdb.Vegobjekter.All(ctx, typeID, &next) {
			if err == nil {
				err = g.WriteVegobjekt(o)
			}
			if err != nil {
				// The status is sent: the body ends short, and the log says why.
				h.log.Error("stream", "err", err, "written", g.Count())
				return
			}
		}
	}
	_ = g.Close()
}

// fail maps an SDK error to the function's answer.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadGateway
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
	case errors.Is(err, nvdb.ErrInvalidArgument):
		status = http.StatusBadRequest
	case errors.Is(err, nvdb.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, nvdb.ErrRateLimited), errors.Is(err, nvdb.ErrUnavailable):
		status = http.StatusServiceUnavailable // NVDB or the shared limiter's Redis: try again soon
	}
	if r.Context().Err() == nil { // the caller is still there
		http.Error(w, http.StatusText(status), status)
	}
	h.log.Warn("nvdb", "path", r.URL.Path, "status", status, "err", err)
}
