// Command nvdb-sync copies the road objects of one type from NVDB API Les
// v4 to a JSON Lines file, page by page, saving its cursor after every page
// so an interrupted run continues where it stopped, and then reads the
// change feed from the moment the copy began.
//
//	nvdb-sync -type 105 -kommune 301 -out fartsgrenser.jsonl -live
//	nvdb-sync -type 45 -out bomstasjoner.jsonl            # against the built-in fake
//
// Without -live it runs against the built-in fake (package nvdbtest), so it
// works offline. The state file (-state, default OUT.state.json) holds the
// cursor of the copy and of the change feed; delete it to start afresh.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// state is what survives between runs.
type state struct {
	Start     string    `json:"start"`     // cursor of the next page of the copy
	Done      bool      `json:"done"`      // the copy is complete
	Begun     time.Time `json:"begun"`     // when the copy began (the change feed starts here)
	Endringer string    `json:"endringer"` // cursor of the change feed
	Objects   int       `json:"objects"`   // objects written so far
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nvdb-sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	typeID := fs.Int("type", 105, "vegobjekttype id (105 Fartsgrense, 45 Bomstasjon, 581 Tunnel ...)")
	kommuner := fs.String("kommune", "", "comma-separated kommune numbers to limit the copy to")
	out := fs.String("out", "", "JSON Lines file to append objects to (required)")
	statePath := fs.String("state", "", "state file (default OUT.state.json)")
	live := fs.Bool("live", false, "use the real NVDB API Les instead of the built-in fake")
	client := fs.String("client", "go-vegdata-nvdb-sync", "X-Client name to identify this program to NVDB")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "nvdb-sync: -out is required")
		fs.Usage()
		return 2
	}
	if *statePath == "" {
		*statePath = *out + ".state.json"
	}
	var kommune []int
	for _, k := range strings.Split(*kommuner, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		n, err := strconv.Atoi(k)
		if err != nil {
			fmt.Fprintf(stderr, "nvdb-sync: invalid kommune %q\n", k)
			return 2
		}
		kommune = append(kommune, n)
	}
	var opts []nvdb.Option
	if !*live {
		srv := nvdbtest.NewServer()
		defer srv.Close()
		opts = append(opts, nvdb.WithBaseURL(srv.URL))
	}
	c, err := nvdb.NewClient(*client, opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if err := sync(ctx, c, *typeID, kommune, *out, *statePath, stdout); err != nil {
		fmt.Fprintln(stderr, "nvdb-sync:", err)
		return 1
	}
	return 0
}

func loadState(path string) (state, error) {
	var st state
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(b, &st)
}

func saveState(path string, st state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path) // never leave a half-written state
}

func sync(ctx context.Context, c *nvdb.Client, typeID int, kommune []int, outPath, statePath string, stdout io.Writer) error {
	st, err := loadState(statePath)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(outPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)

	if !st.Done {
		if st.Begun.IsZero() {
			st.Begun = time.Now().UTC()
		}
		q := &nvdb.VegobjektQuery{Kommune: kommune, Inkluder: []nvdb.Inkluder{nvdb.InkluderAlle}, Start: st.Start}
		for page, err := range c.Vegobjekter.Pages(ctx, typeID, q) {
			if err != nil {
				return fmt.Errorf("copy stopped after %d objects (run again to continue): %w", st.Objects, err)
			}
			enc := json.NewEncoder(w)
			for _, obj := range page.Items {
				if err := enc.Encode(obj); err != nil {
					return err
				}
			}
			// The objects must be on disk before the cursor that skips them.
			if err := w.Flush(); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
			st.Objects += len(page.Items)
			st.Start = page.Next
			if err := saveState(statePath, st); err != nil {
				return err
			}
		}
		st.Done = true
		if err := saveState(statePath, st); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "copied %d objects of type %d\n", st.Objects, typeID)
	}

	// Then follow the change feed from where it was left, or from the start
	// of the copy (changes made while copying are replayed; applying them
	// is idempotent). NVDB keeps 30 days of changes: poll more often.
	eq := &nvdb.EndringerQuery{Start: st.Endringer}
	if eq.Start == "" {
		eq.Fra = st.Begun
	}
	changes := 0
	for page, err := range c.Vegobjekter.EndringerPages(ctx, []int{typeID}, eq) {
		if err != nil {
			return err
		}
		changes += page.Len()
		st.Endringer = page.Next
	}
	if err := saveState(statePath, st); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d changes in the feed; poll again later to catch up\n", changes)
	return nil
}
