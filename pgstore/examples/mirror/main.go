// Command mirror is examples/nvdb-mirror with its copy in PostgreSQL: it
// keeps one vegobjekttype equal to NVDB in the table <schema>.vegobjekter
// (package pgstore), with NVDB API Les Uberiket. The first run copies the
// type from its NDJSON streams, several id ranges at once, each batch one
// transaction; every later run (or one running with -follow) reads the
// hendelser since and reads the objects they name again. Kill it at any
// moment: the next run continues from the position the last committed
// batch wrote.
//
//	mirror -pg postgres://mirror@db.example/vegdata -type 105 -live           # Fartsgrense from NVDB
//	NVDB_CLIENT_NAME=my-app mirror -pg "$PG_URL" -type 105 -follow 1m          # live, following
//	mirror -pg "$PG_URL"                                                       # against the built-in fake
//
// It lives in the pgstore module, beside the store, so that the core
// module (and examples/nvdb-mirror, which keeps its copy in files) does not
// depend on the PostgreSQL driver. Without -live (or NVDB_CLIENT_NAME) it
// runs against the built-in fake (package uberikettest) with generated
// speed limits, lets the fake change a few rounds and syncs after each, so
// it works without NVDB and shows the table staying equal. A live run
// talks to NVDB, or to the host in NVDB_BASE_URL (a test environment, a
// proxy). -pg defaults to $PG_URL. Progress goes to stderr, results to
// stdout; neither shows the password of the URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/pgstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// options are the command line.
type options struct {
	typeID   int
	pg       string
	schema   string
	live     bool
	baseURL  string // live: the host instead of NVDB's ($NVDB_BASE_URL)
	client   string
	follow   time.Duration
	parallel int
	objects  int // offline: generated objects
	rounds   int // offline: rounds of changes
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("mirror", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.typeID, "type", 105, "vegobjekttype id (105 Fartsgrense, 45 Bomstasjon, 581 Tunnel ...)")
	fs.StringVar(&o.pg, "pg", getenv("PG_URL"), "PostgreSQL URL, postgres://user:password@host/database (default $PG_URL)")
	fs.StringVar(&o.schema, "schema", pgstore.DefaultSchema, "schema of the tables, made when missing")
	fs.BoolVar(&o.live, "live", false, "use the real NVDB (or $NVDB_BASE_URL) instead of the built-in fake (also when NVDB_CLIENT_NAME is set)")
	fs.StringVar(&o.client, "client", "", "X-Client name to identify this program to NVDB (default $NVDB_CLIENT_NAME, or go-vegdata-nvdb-mirror)")
	fs.DurationVar(&o.follow, "follow", 0, "after catching up, read the hendelser this often until interrupted (0: return)")
	fs.IntVar(&o.parallel, "parallel", 0, "id ranges read at once (0: the default)")
	fs.IntVar(&o.objects, "objects", 20_000, "offline: speed limits the fake generates")
	fs.IntVar(&o.rounds, "rounds", 3, "offline: rounds of changes the fake makes, each followed by a sync")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.pg == "" || o.typeID <= 0 || o.parallel < 0 || o.objects < 0 || o.rounds < 0 || o.follow < 0 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "mirror: -pg (or $PG_URL) is required; -type must be > 0; -parallel, -objects, -rounds and -follow must not be negative")
		fs.Usage()
		return 2
	}
	if env := getenv("NVDB_CLIENT_NAME"); env != "" {
		o.live = true
		if o.client == "" {
			o.client = env
		}
	}
	if o.client == "" {
		o.client = "go-vegdata-nvdb-mirror"
	}
	if o.live {
		o.baseURL = getenv("NVDB_BASE_URL")
	}
	if err := mirror(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "mirror:", err)
		if errors.Is(err, context.Canceled) {
			return 130
		}
		return 1
	}
	return 0
}

// table is the copy in PostgreSQL: the store, and what the program asks of
// the table besides.
type table struct {
	*pgstore.Store
	pool  *pgxpool.Pool
	where string // server, database and schema, without the password
}

// openStore connects and makes (or checks) the tables.
func openStore(ctx context.Context, url, schema string) (*table, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message shows the URL with its password masked.
		return nil, fmt.Errorf("-pg: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	store, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
	if err != nil {
		pool.Close()
		return nil, err
	}
	cc := cfg.ConnConfig
	where := fmt.Sprintf("PostgreSQL %s/%s, schema %s", net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))), cc.Database, schema)
	return &table{Store: store, pool: pool, where: where}, nil
}

// versjoner returns the type's rows as id → versjon.
func (t *table) versjoner(ctx context.Context, typeID int) (map[int64]int, error) {
	rows, err := t.pool.Query(ctx, "SELECT id, versjon FROM "+pgx.Identifier{t.Schema(), "vegobjekter"}.Sanitize()+
		" WHERE type_id = $1", typeID)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	var id int64
	var v int
	_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error { out[id] = v; return nil })
	return out, err
}

func (t *table) count(ctx context.Context, typeID int) (int, error) {
	var n int
	err := t.pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{t.Schema(), "vegobjekter"}.Sanitize()+
		" WHERE type_id = $1", typeID).Scan(&n)
	return n, err
}

func mirror(ctx context.Context, o options, stdout, stderr io.Writer) error {
	store, err := openStore(ctx, o.pg, o.schema)
	if err != nil {
		return err
	}
	defer store.pool.Close()
	opts := []uberiket.Option{}
	if o.baseURL != "" {
		opts = append(opts, uberiket.WithBaseURL(o.baseURL))
	}
	var srv *uberikettest.Server
	if !o.live {
		srv = uberikettest.NewServer(uberikettest.WithGenerated(o.typeID, o.objects))
		defer srv.Close()
		// The fake answers in this process: NVDB's pace (uberiket's
		// default, 39 requests a second) would only make each request
		// after the first wait for its slot.
		opts = append(opts, uberiket.WithBaseURL(srv.URL), uberiket.WithRateLimit(math.Inf(1), 1))
		fmt.Fprintf(stderr, "offline: a fake NVDB with %d generated objects of type %d\n", o.objects, o.typeID)
	}
	c, err := uberiket.NewClient(o.client, opts...)
	if err != nil {
		return err
	}

	sync := func(follow time.Duration) error {
		start := time.Now()
		var last uberiket.SyncProgress
		err := c.Sync(ctx, o.typeID, store, &uberiket.SyncOptions{Parallel: o.parallel, Follow: follow,
			Progress: func(p uberiket.SyncProgress) { last = p; progress(stderr, p, time.Since(start)) }})
		if err != nil {
			return err
		}
		n, err := store.count(ctx, o.typeID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "type %d: %d objects in %s; %d written, %d removed in %s; at hendelse %d\n",
			o.typeID, n, store.where, last.Upserted, last.Removed, time.Since(start).Round(time.Millisecond), last.Position.Hendelse)
		return nil
	}
	if o.live {
		return sync(o.follow)
	}
	if err := sync(0); err != nil {
		return err
	}
	for round := range o.rounds {
		sett := srv.Change(o.typeID, max(o.objects/100, 10))
		fmt.Fprintf(stderr, "round %d: NVDB changed (endringssett %s)\n", round+1, sett)
		if err := sync(0); err != nil {
			return err
		}
	}
	got, err := store.versjoner(ctx, o.typeID)
	if err != nil {
		return err
	}
	equal := maps.Equal(got, srv.Snapshot(o.typeID))
	fmt.Fprintf(stdout, "equal to NVDB: %v\n", equal)
	if !equal {
		return errors.New("the copy differs from NVDB")
	}
	return nil
}

// progress writes one line to stderr for a batch the store applied.
func progress(w io.Writer, p uberiket.SyncProgress, elapsed time.Duration) {
	rate := float64(p.Upserted) / max(elapsed.Seconds(), 1e-3)
	switch {
	case p.Phase == uberiket.SyncBackfill && p.Position.Backfill != nil:
		note := ""
		if p.Expired {
			note = " (the copy was older than NVDB keeps hendelser for: copying anew)"
		}
		fmt.Fprintf(w, "backfill: %d objects (%.0f/s), %d ranges left%s\n", p.Upserted, rate,
			len(p.Position.Backfill.Ranges), note)
	case p.Phase == uberiket.SyncBackfill:
		fmt.Fprintf(w, "backfill done: %d objects in %s (%.0f/s); hendelser from %d\n", p.Upserted,
			elapsed.Round(time.Millisecond), rate, p.Position.Hendelse)
	default:
		fmt.Fprintf(w, "hendelser: at %d, %d written, %d removed\n", p.Position.Hendelse, p.Upserted, p.Removed)
	}
}
