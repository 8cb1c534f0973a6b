package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
	"github.com/vegdata/go-vegdata/redisstore"
)

// One NVDB rate shared by every instance that uses the same X-Client name:
// each instance builds its own limiter on the same key.
func ExampleNewLimiter() {
	mr := miniredis.NewMiniRedis() // your Redis; here one in the process
	if err := mr.Start(); err != nil {
		log.Fatal(err)
	}
	defer mr.Close()
	srv := nvdbtest.NewServer(nvdbtest.WithRateLimit(40))
	defer srv.Close()

	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), ContextTimeoutEnabled: true})
	defer rdb.Close()
	// NVDB allows 40 requests/s per X-Client; the fleet paces at 38.
	l := redisstore.NewLimiter(rdb, "nvdb:my-app", 38, 2)
	c, err := nvdb.NewClient("my-app", nvdb.WithBaseURL(srv.URL), nvdb.WithLimiter(l))
	if err != nil {
		log.Fatal(err)
	}
	tunnel, err := c.Vegobjekter.Get(context.Background(), 581, 79608124, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tunnel.Metadata.Type.Navn, tunnel.ID)
	// Output: Tunnel 79608124
}

// One Autosys daily quota for every instance that uses the key: a call
// beyond it is refused locally in any instance, without a request.
func ExampleNewQuota() {
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		log.Fatal(err)
	}
	defer mr.Close()
	srv := autosystest.NewServer()
	defer srv.Close()
	apiKey := "my-key"

	// Two instances, each with its own Redis connection and counter.
	var clients []*autosys.Client
	for range 2 {
		rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), ContextTimeoutEnabled: true})
		defer rdb.Close()
		q := redisstore.NewQuota(rdb, redisstore.KeyForAPIKey("autosys", apiKey), 2)
		c, err := autosys.NewClient(apiKey, autosys.WithBaseURL(srv.URL), autosys.WithQuota(q))
		if err != nil {
			log.Fatal(err)
		}
		clients = append(clients, c)
	}
	ctx := context.Background()
	for i, plate := range []string{"EK39085", "BE12335", "SP23005"} {
		_, err := clients[i%2].LookupKjennemerke(ctx, plate)
		fmt.Println(plate, "quota exceeded:", errors.Is(err, autosys.ErrQuotaExceeded))
	}
	fmt.Println("requests sent:", len(srv.Requests()))
	// Output:
	// EK39085 quota exceeded: false
	// BE12335 quota exceeded: false
	// SP23005 quota exceeded: true
	// requests sent: 2
}

// When Redis is away, the default fails the call at once with an error
// matching ErrUnavailable and sends nothing; WithFallback paces a Limiter
// locally at a share of the rate instead.
func ExampleWithFallback() {
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		log.Fatal(err)
	}
	// DialerRetries 1: a Redis that refuses connections fails the round
	// trip at once (go-redis dials 5 times, 100 ms apart, by default).
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
	defer rdb.Close()
	failFast := redisstore.NewLimiter(rdb, "nvdb:my-app", 38, 2)
	// With 4 instances, a quarter of the rate each keeps the fleet within it.
	fallback := redisstore.NewLimiter(rdb, "nvdb:my-app", 38, 2, redisstore.WithFallback(0.25))
	mr.Close() // Redis goes away

	ctx := context.Background()
	err := failFast.Wait(ctx)
	fmt.Println("fail fast:", errors.Is(err, redisstore.ErrUnavailable))
	fmt.Println("fallback:", fallback.Wait(ctx))
	// Output:
	// fail fast: true
	// fallback: <nil>
}

// A Quota's fallback admits its share of what the fleet had left by the
// last count it read. Quota 30, and Redis goes away after 20 were counted
// by four instances in turn (they last read 17, 18, 19 and 20): with a
// quarter each they admit 3, 3, 2 and 2 more, then fail as fail-fast
// would, and the fleet stays within 30.
func ExampleWithFallback_quota() {
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var fleet []*redisstore.Quota
	for range 4 {
		rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
		defer rdb.Close()
		fleet = append(fleet, redisstore.NewQuota(rdb, redisstore.KeyForAPIKey("autosys", "my-key"), 30, redisstore.WithFallback(0.25)))
	}
	for i := range 20 {
		if _, _, err := fleet[i%4].Reserve(ctx); err != nil {
			log.Fatal(err)
		}
	}
	mr.Close() // Redis goes away

	total := 20
	for i, q := range fleet {
		n := 0
		for {
			ok, _, err := q.Reserve(ctx)
			if !ok {
				fmt.Printf("instance %d: %d more, then unavailable: %v\n", i+1, n, errors.Is(err, redisstore.ErrUnavailable))
				break
			}
			n++
		}
		total += n
	}
	fmt.Println("fleet total:", total)
	// Output:
	// instance 1: 3 more, then unavailable: true
	// instance 2: 3 more, then unavailable: true
	// instance 3: 2 more, then unavailable: true
	// instance 4: 2 more, then unavailable: true
	// fleet total: 30
}

// Key names: per X-Client for NVDB's rate, per API key (hashed, never the
// key itself) for Autosys' quota.
func ExampleKeyForAPIKey() {
	fmt.Println(redisstore.KeyForAPIKey("autosys", "my-secret-api-key"))
	// Output: autosys:325ededd6c3b9988
}
