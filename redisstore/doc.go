// Package redisstore shares go-vegdata's rate limits and the Autosys daily
// quota between processes through Redis, for fleets such as serverless
// functions where many instances run at once with one API key or one
// X-Client name. It is a module of its own
// (github.com/vegdata/go-vegdata/redisstore), so the core module does not
// depend on Redis.
//
// NewLimiter returns a vegdata.Limiter for every client's WithLimiter
// option: one GCRA bucket in Redis (github.com/go-redis/redis_rate) paces
// every process that uses the same key. NewQuota returns an
// autosys.QuotaCounter for autosys.WithQuota: one count per Oslo day,
// reserved atomically before each request, that expires at the next Oslo
// midnight; a quota answer from the server blocks every instance.
//
//	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
//	l := redisstore.NewLimiter(rdb, "nvdb:my-app", 39, 1)
//	nc, err := nvdb.NewClient("my-app", nvdb.WithLimiter(l))
//	q := redisstore.NewQuota(rdb, redisstore.KeyForAPIKey("autosys", key), autosys.DailyQuota)
//	ac, err := autosys.NewClient(key, autosys.WithQuota(q))
//
// # When Redis goes away
//
// Every Redis round trip is bounded by WithTimeout (default 500 ms) and the
// caller's context, so a dead or unreachable Redis never holds a call. By
// default (WithFailFast) the call then fails at once with an
// *UnavailableError matching ErrUnavailable, and nothing is sent to the
// API. WithFallback(share) keeps going instead on a local limiter at share
// of the rate and a local counter at share of the daily limit. After a
// failure, Redis is skipped for WithRetryInterval (default 1 s) so an
// outage costs one timeout per interval, not one per call.
//
// # Keys
//
// Keys are "vegdata:limiter:{name}" (under redis_rate's "rate:" prefix) and
// "vegdata:quota:{name}:YYYY-MM-DD"; the name sits in a hash tag, so each
// works on Redis Cluster. Name a limiter after what the API limits ("nvdb:"
// plus the X-Client name; KeyForAPIKey for a limit per API key) and a quota
// after its API key through KeyForAPIKey, which keeps the secret out of
// Redis.
//
// # Synsbasen
//
// Quota counts calls per Oslo day; it does not serve Synsbasen's token
// budget. A token budget is charged the cost each answer reports (known
// only after the call, in fractions), usually per month, and must let a
// call through while any budget is left rather than reserving one unit in
// advance; that needs a counter of its own (an "add cost, check remaining"
// script on a monthly key), not this one.
package redisstore
