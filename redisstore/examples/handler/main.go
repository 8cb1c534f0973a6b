// Command handler is a serverless-style HTTP function that looks up
// vehicles in Autosys. Every instance shares one daily quota and one rate
// through Redis, so a fleet of instances together stays within the key's
// allowance.
//
//	REDIS_ADDR=localhost:6379 AUTOSYS_API_KEY=... go run ./examples/handler -addr :8080
//	go run ./examples/handler -offline   # Redis and Autosys faked in the process
//
// The clients are built once per instance, outside the handler; each call
// gets a deadline shorter than the function's own timeout. When Redis is
// away the lookup fails at once with 503 (the default, nothing is sent to
// Autosys); -fallback 0.25 instead lets each of four instances go on with a
// quarter of the rate and of what was left of the quota by the last count
// it read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/redisstore"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	offline := flag.Bool("offline", false, "fake Redis and Autosys in the process, make a few calls and exit")
	fallback := flag.Float64("fallback", 0, "share of rate and quota to use locally while Redis is away (0: fail fast)")
	flag.Parse()

	redisAddr, apiKey, baseURL, quota := os.Getenv("REDIS_ADDR"), os.Getenv("AUTOSYS_API_KEY"), autosys.DefaultBaseURL, autosys.DailyQuota
	if *offline {
		mr := miniredis.NewMiniRedis()
		if err := mr.Start(); err != nil {
			log.Fatal(err)
		}
		defer mr.Close()
		srv := autosystest.NewServer()
		defer srv.Close()
		redisAddr, apiKey, baseURL, quota = mr.Addr(), "offline-key", srv.URL, 2
	}
	var opts []redisstore.Option
	if *fallback > 0 {
		opts = append(opts, redisstore.WithFallback(*fallback))
	}
	h, err := newHandler(redisAddr, apiKey, baseURL, quota, opts...)
	if err != nil {
		log.Fatal(err)
	}
	if !*offline {
		log.Fatal(http.ListenAndServe(*addr, h))
	}
	// Offline: a quota of 2 for the whole fleet, three calls.
	fn := httptest.NewServer(h)
	defer fn.Close()
	for _, plate := range []string{"EK39085", "BE12335", "SP23005"} {
		resp, err := http.Get(fn.URL + "/kjoretoy?kjennemerke=" + plate)
		if err != nil {
			log.Fatal(err)
		}
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		fmt.Println(plate, resp.StatusCode, body["merke"], body["error"])
	}
}

// newHandler builds the clients once: a Redis client, a quota and a limiter
// named after the API key (hashed), and the Autosys client that uses them.
func newHandler(redisAddr, apiKey, baseURL string, quota int, opts ...redisstore.Option) (http.Handler, error) {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, ContextTimeoutEnabled: true})
	name := redisstore.KeyForAPIKey("autosys", apiKey)
	q := redisstore.NewQuota(rdb, name, quota, opts...)
	l := redisstore.NewLimiter(rdb, name, 10, 10, opts...) // the client's default 10/s, now for the fleet
	c, err := autosys.NewClient(apiKey, autosys.WithBaseURL(baseURL), autosys.WithQuota(q), autosys.WithLimiter(l),
		autosys.WithRetry(autosys.RetryPolicy{MaxRetries: 2, MaxRetryAfter: 5 * time.Second}))
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 8*time.Second)
		defer cancel()
		v, err := c.LookupKjennemerke(ctx, r.URL.Query().Get("kjennemerke"))
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			status := http.StatusBadGateway
			switch {
			case errors.Is(err, autosys.ErrInvalidArgument):
				status = http.StatusBadRequest
			case errors.Is(err, autosys.ErrNotFound):
				status = http.StatusNotFound
			case errors.Is(err, autosys.ErrQuotaExceeded):
				status = http.StatusTooManyRequests
			case errors.Is(err, redisstore.ErrUnavailable):
				status = http.StatusServiceUnavailable
			}
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"merke": v.Merke()})
	}), nil
}
