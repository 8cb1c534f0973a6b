// Package pgstore keeps a copy of NVDB road objects in PostgreSQL: a
// uberiket.Store that uberiket's Sync fills with a backfill and keeps up to
// date with hendelser, in a table users query, join and map with plain
// SQL. It is a module of its own (github.com/vegdata/go-vegdata/pgstore),
// so the core module does not depend on a database driver; it uses
// github.com/jackc/pgx/v5.
//
//	pool, err := pgxpool.New(ctx, "postgres://mirror@db.example/vegdata")
//	store, err := pgstore.New(ctx, pool)                 // schema nvdb, made when missing
//	err = u.Sync(ctx, 105, store, nil)                   // u: an *uberiket.Client
//
// # Tables
//
// New creates, in the schema (WithSchema, default "nvdb"):
//
//	nvdb.vegobjekter    one row per active object
//	  type_id      integer      vegobjekttype (105 Fartsgrense, 581 Tunnel …)
//	  id           bigint       the object's id        primary key (type_id, id)
//	  versjon      integer      its newest version
//	  startdato    date         the version is valid from this day …
//	  sluttdato    date         … up to (not including) this one; NULL while open
//	  egenskaper   jsonb        as Uberiket sends them, keyed by egenskapstype id:
//	                            {"2021": {"type": "EnumEgenskap", "verdi": 2730}, …}
//	  barn         jsonb        children by relasjonstype id: {"220": [id, …]}
//	  stedfesting  jsonb        {"type": "StedfestingLinjer", "linjer": [{"id": veglenkesekvens,
//	                            "startposisjon": 0.0, "sluttposisjon": 0.4, "retning": "MED"}]}
//	  sist_endret  timestamptz  when the version was last changed in NVDB
//	nvdb.posisjoner     how far each type has come
//	  type_id      integer      primary key
//	  posisjon     jsonb        the uberiket.Position: {"hendelse": …, "backfill": {…}}
//	  updated_at   timestamptz  when the last batch was applied
//	nvdb.pgstore_migrations  the layout versions applied (pgstore's own)
//
// A column is NULL where the API left the part out (an object without
// stedfesting). sist_endret keeps microseconds, PostgreSQL's precision.
//
// Queries:
//
//	-- objects per type
//	SELECT type_id, count(*) FROM nvdb.vegobjekter GROUP BY type_id ORDER BY type_id;
//	-- speed limits by value (egenskap 2021 is an enum: 2730 is 50 km/h)
//	SELECT egenskaper->'2021'->>'verdi' AS fartsgrense, count(*)
//	  FROM nvdb.vegobjekter WHERE type_id = 105 GROUP BY 1 ORDER BY 2 DESC;
//	-- objects changed since a date
//	SELECT type_id, id, versjon, sist_endret FROM nvdb.vegobjekter
//	  WHERE sist_endret >= '2025-01-01' ORDER BY sist_endret;
//
// # Indexes
//
// pgstore makes only the primary key, which every write needs. Every other
// index slows every write, a backfill most, and which ones pay depends on
// the queries; so they are left to the user, best made after the backfill
// (CREATE INDEX CONCURRENTLY does not block a running Sync):
//
//	-- containment queries on egenskaper: egenskaper @> '{"2021": {"verdi": 2730}}'
//	CREATE INDEX ON nvdb.vegobjekter USING gin (egenskaper jsonb_path_ops);
//	-- one egenskap's value, when queried often
//	CREATE INDEX ON nvdb.vegobjekter (type_id, ((egenskaper->'2021'->>'verdi')::int));
//	-- objects on a veglenkesekvens: stedfesting @> '{"linjer": [{"id": 41423}]}'
//	CREATE INDEX ON nvdb.vegobjekter USING gin (stedfesting jsonb_path_ops);
//	-- changed since
//	CREATE INDEX ON nvdb.vegobjekter (sist_endret);
//
// # Writes
//
// Every Apply is one transaction: the objects, the removals and the new
// position commit together or not at all, so a process killed at any
// moment leaves the tables at the position of its last committed batch,
// and the next Sync continues from there. An object replaces the stored
// one only when it is not older (a higher versjon, or the same versjon
// changed later), so applying a batch twice, or replaying an old one,
// never moves an object back. Removals delete, after the upserts: an id a
// batch both upserts and removes ends removed (as in uberiket's
// MemoryStore); ids not stored are no error.
//
// A backfill's batches name the id ranges they copy whole
// (uberiket.Batch.Replace). In each, Apply first deletes the type's rows
// the batch does not hold, one DELETE per range joined against the
// batch's ids, so a type copied anew (its position older than NVDB keeps
// hendelser for) loses the objects NVDB no longer has.
//
// Batches of 200 objects or more go in with COPY: straight into the table
// when it holds no object of the type where the batch writes (its replace
// ranges, else its id span), as in a first backfill, whose ranges are
// empty until copied however the ranges read in parallel interleave; else
// into a temporary table first and merged with INSERT … ON CONFLICT.
// Smaller batches (hendelser) go in as one INSERT of unnest arrays. The
// statements around the COPY are pipelined: a batch costs a few round
// trips whatever its size. BENCHMARKS.md has the rates of each way by
// batch size, and why these were picked.
//
// Run one Sync per type at a time; syncs of different types, and readers,
// can run alongside.
//
// pgstore/examples/mirror is examples/nvdb-mirror with its copy here: go
// run github.com/vegdata/go-vegdata/pgstore/examples/mirror -pg URL.
//
// # Layout versions
//
// New records the layout it made in pgstore_migrations and migrates tables
// an older pgstore made in place, in one transaction, under an advisory
// lock, so processes starting together wait for each other. It refuses,
// changing nothing, tables it cannot use: a vegobjekter or posisjoner that
// pgstore did not make, a column or primary key changed by hand, or a
// layout made by a newer pgstore (ErrIncompatibleLayout; the error says
// what to do). Columns and indexes a user adds are kept.
//
// # Errors
//
// Bad input is refused before any SQL with ErrInvalidArgument: a schema
// name that is not a plain lower-case identifier, an object of another
// type, without versjon or sistEndret, or with a broken date, a removed id
// or replace range that cannot be one. A pool that cannot connect gives a
// *ConnectError (ErrUnavailable) naming host, user and database, never the
// password.
//
// # Testing
//
// The package's tests start a throwaway PostgreSQL when initdb and pg_ctl
// are on the machine (on Debian: apt-get install postgresql; they are
// found in /usr/lib/postgresql/<version>/bin), or use the server PG_URL
// names, and say why they skip otherwise; PGTEST_REQUIRE=1 makes that a
// failure.
package pgstore
