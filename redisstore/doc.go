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
// API. WithFallback(share) keeps going instead: a Limiter on a local
// limiter at share of the rate, a Quota on share of what the fleet had left
// by the last count the instance read (quota 30, 20 counted: at most 2 more
// for each of four instances with a share of 1/4); an instance with no
// count read today admits nothing. When Redis is back, the calls admitted
// locally are added to the shared count once (the add is idempotent, so a
// lost answer and a repeated run count nothing twice), and Redis admits
// nothing for a short settle time while the other instances add theirs,
// so the fleet does not spend them twice. After a failure, Redis is skipped for
// WithRetryInterval (default 1 s) so an outage costs one timeout per
// interval, not one per call.
//
// # When Redis restarts without its data
//
// Redis keeps the counts in memory. A restart without persistence (no RDB
// snapshot, no AOF), a failover to a replica that had not caught up, or an
// eviction under maxmemory loses the day's hash: the shared count starts
// again at 0 and a server block (MarkSpent) is forgotten. Each Quota
// remembers the highest count it read today and the block it knows; its
// next Reserve tells the new hash from the lost one (by an epoch kept in
// the hash), restores its count as the new hash's base (the highest count
// any instance restores wins, and every call counted since the loss is
// added to it, calls admitted locally included) and restores the block,
// and Redis admits nothing for a short settle time (see Quota), so every
// instance that calls meanwhile restores what it knows before the fleet
// spends again. What the restore cannot bring back: calls counted in
// Redis after the latest read of the instances that restore (in a busy
// fleet they read within moments of each other), and counts that only
// stopped or idle instances knew (a serverless instance shut down). Calls
// reserved before the first restore (by instances that have read no count
// today) are counted, but were admitted on a count that lacked the lost
// part. The fleet may pass the quota by that much, and the API refuses the
// excess with its own quota answer, which blocks every instance
// (MarkSpent). To avoid it, run Redis with persistence (appendonly yes
// with appendfsync everysec loses at most about a second of counts; RDB
// snapshots lose what came after the last one, which the instances mostly
// restore), keep its keys from eviction (maxmemory-policy noeviction, or
// memory to spare: the keys carry a TTL, so volatile-* policies pick them
// first), or keep a reserve: a limit under the key's allowance
// (autosys.DailyQuota minus what a restart may lose).
//
// # Keys
//
// Keys are "vegdata:limiter:{name}" (under redis_rate's "rate:" prefix) and
// "vegdata:quota:{name}:YYYY-MM-DD"; the name sits in a hash tag, so each
// works on Redis Cluster. A day's quota hash holds a few fields, plus one
// ("local:" and a random id) for each Quota that admitted calls locally
// that day, and expires at the next Oslo midnight. Name a limiter after what the API limits ("nvdb:"
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
