// Command nvdb-mirror keeps a copy of one vegobjekttype equal to NVDB in a
// directory, with NVDB API Les Uberiket: the first run copies the type
// from its NDJSON streams, several id ranges at once; every later run (or
// one running with -follow) reads the hendelser since and reads the
// objects they name again. Stop it at any moment: the next run continues
// from where the store is.
//
//	nvdb-mirror -type 105 -dir fartsgrenser -live            # Fartsgrense from NVDB
//	NVDB_CLIENT_NAME=my-app nvdb-mirror -type 105 -follow 1m  # live, following
//	nvdb-mirror                                              # against the built-in fake
//
// Without -live (or NVDB_CLIENT_NAME) it runs against the built-in fake
// (package uberikettest) with generated speed limits, lets the fake change
// a few rounds and syncs after each, so it works offline and shows the
// copy staying equal. A live run talks to NVDB, or to the host in
// NVDB_BASE_URL (a test environment, a proxy). Progress goes to stderr,
// results to stdout.
//
// To keep the copy in PostgreSQL instead, in a table to query with SQL,
// run the same program with the store of package pgstore, which lives in
// the pgstore module so that this one does not depend on a database
// driver (the same flags, and -pg URL):
//
//	go run github.com/vegdata/go-vegdata/pgstore/examples/mirror -pg postgres://mirror@db.example/vegdata -type 105 -live
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
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
	dir      string
	live     bool
	baseURL  string // live: the host instead of NVDB's ($NVDB_BASE_URL)
	client   string
	follow   time.Duration
	parallel int
	objects  int // offline: generated objects
	rounds   int // offline: rounds of changes
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("nvdb-mirror", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.typeID, "type", 105, "vegobjekttype id (105 Fartsgrense, 45 Bomstasjon, 581 Tunnel ...)")
	fs.StringVar(&o.dir, "dir", "", "directory of the store (default mirror-TYPE)")
	fs.BoolVar(&o.live, "live", false, "use the real NVDB (or $NVDB_BASE_URL) instead of the built-in fake (also when NVDB_CLIENT_NAME is set)")
	fs.StringVar(&o.client, "client", "", "X-Client name to identify this program to NVDB (default $NVDB_CLIENT_NAME, or go-vegdata-nvdb-mirror)")
	fs.DurationVar(&o.follow, "follow", 0, "after catching up, read the hendelser this often until interrupted (0: return)")
	fs.IntVar(&o.parallel, "parallel", 0, "id ranges read at once (0: the default)")
	fs.IntVar(&o.objects, "objects", 20_000, "offline: speed limits the fake generates")
	fs.IntVar(&o.rounds, "rounds", 3, "offline: rounds of changes the fake makes, each followed by a sync")
	pg := fs.String("pg", "", "PostgreSQL URL: mirror into PostgreSQL, with "+pgMirror+" (this program keeps files)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *pg != "" {
		fmt.Fprintln(stderr, "nvdb-mirror: the copy in PostgreSQL is made by the program beside package pgstore, "+
			"so that this module needs no database driver; the same flags and -pg:\n\tgo run "+pgMirror+" -pg URL ...")
		return 2
	}
	if o.typeID <= 0 || o.parallel < 0 || o.objects < 0 || o.rounds < 0 || o.follow < 0 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "nvdb-mirror: -type must be > 0; -parallel, -objects, -rounds and -follow must not be negative")
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
	if o.dir == "" {
		o.dir = "mirror-" + strconv.Itoa(o.typeID)
	}
	if err := mirror(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "nvdb-mirror:", err)
		if errors.Is(err, context.Canceled) {
			return 130
		}
		return 1
	}
	return 0
}

// pgMirror is this program with its copy in PostgreSQL (package pgstore).
const pgMirror = "github.com/vegdata/go-vegdata/pgstore/examples/mirror"

// openStore is where the copy is kept: the one place that chooses the
// store. close is called once the mirror is done.
func openStore(dir string, typeID int) (store uberiket.Store, count func() int, close func() error, err error) {
	fs, err := uberiket.NewFileStore(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	return fs, func() int { return fs.Len(typeID) }, fs.Close, nil
}

func mirror(ctx context.Context, o options, stdout, stderr io.Writer) error {
	opts := []uberiket.Option{}
	var srv *uberikettest.Server
	if o.baseURL != "" {
		opts = append(opts, uberiket.WithBaseURL(o.baseURL))
	}
	if !o.live {
		srv = uberikettest.NewServer(uberikettest.WithGenerated(o.typeID, o.objects))
		defer srv.Close()
		opts = append(opts, uberiket.WithBaseURL(srv.URL))
		fmt.Fprintf(stderr, "offline: a fake NVDB with %d generated objects of type %d\n", o.objects, o.typeID)
	}
	c, err := uberiket.NewClient(o.client, opts...)
	if err != nil {
		return err
	}
	store, count, closeStore, err := openStore(o.dir, o.typeID)
	if err != nil {
		return err
	}
	defer closeStore()

	sync := func(follow time.Duration) error {
		start := time.Now()
		var last uberiket.SyncProgress
		err := c.Sync(ctx, o.typeID, store, &uberiket.SyncOptions{Parallel: o.parallel, Follow: follow,
			Progress: func(p uberiket.SyncProgress) { last = p; progress(stderr, p, time.Since(start)) }})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "type %d: %d objects in %s; %d written, %d removed in %s; at hendelse %d\n",
			o.typeID, count(), filepath.Clean(o.dir), last.Upserted, last.Removed, time.Since(start).Round(time.Millisecond),
			last.Position.Hendelse)
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
	equal := equalTo(store, o.typeID, srv.Snapshot(o.typeID))
	fmt.Fprintf(stdout, "equal to NVDB: %v\n", equal)
	if !equal {
		return errors.New("the copy differs from NVDB")
	}
	return nil
}

// equalTo reports whether the store holds exactly the active objects, id
// → versjon, of want.
func equalTo(store uberiket.Store, typeID int, want map[int64]int) bool {
	v, ok := store.(interface{ Versjoner(int) map[int64]int })
	return ok && maps.Equal(v.Versjoner(typeID), want)
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
