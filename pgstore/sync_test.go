package pgstore_test

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	execpkg "os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// The end-to-end tests: uberiket's Sync against its fake NVDB
// (uberikettest), into this store on a real PostgreSQL, the table
// compared with the fake's Snapshot by SQL.

// fake starts a fake NVDB with n generated objects of type 105 and
// nothing else.
func fake(t testing.TB, n int, opts ...uberikettest.Option) *uberikettest.Server {
	t.Helper()
	srv := uberikettest.NewServer(append([]uberikettest.Option{uberikettest.WithGenerated(105, n), uberikettest.WithoutFixtures()}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of the fake, unpaced: at the default 39
// requests a second every request after the first waited for its slot.
func newClient(t testing.TB, url string) *uberiket.Client {
	t.Helper()
	c, err := uberiket.NewClient("pgstore-test", uberiket.WithBaseURL(url), uberiket.WithRateLimit(math.Inf(1), 1))
	require.NoError(t, err)
	return c
}

// requireSnapshot requires the table to hold exactly the fake's active
// objects of type 105, each once and at its versjon, and the position to
// be past the backfill at the fake's last hendelse.
func (e *env) requireSnapshot(srv *uberikettest.Server) {
	e.t.Helper()
	want, got := srv.Snapshot(105), e.table(105)
	var rows int
	require.NoError(e.t, e.pool.QueryRow(e.ctx, "SELECT count(*) FROM "+e.schema+".vegobjekter WHERE type_id = 105").Scan(&rows))
	require.Equal(e.t, len(got), rows, "no id twice")
	missing, extra, other := 0, 0, 0
	for id, v := range want {
		switch g, ok := got[id]; {
		case !ok:
			missing++
		case g != v:
			other++
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra++
		}
	}
	require.Zero(e.t, missing+extra+other, "the table is not equal to NVDB: %d objects missing, %d extra, %d at another versjon (of %d)",
		missing, extra, other, len(want))
	pos, ok, err := e.store.Position(e.ctx, 105)
	require.NoError(e.t, err)
	require.True(e.t, ok)
	require.Nil(e.t, pos.Backfill, "backfill done")
	require.Equal(e.t, srv.SisteHendelse(105), pos.Hendelse)
}

// contract is a store that checks every batch Sync hands it against what
// this store's input rules and Batch.Replace's meaning rely on, then
// applies it: no id both upserted and removed (this store would remove
// it, where a caller might mean otherwise), no id upserted twice. A batch
// of a copy (its position, or the store's before it, mid-backfill) has
// every object inside its replace ranges, those ranges never overlap one
// replaced before in the same copy, and a copy begun here replaces the
// whole id space by its end. A batch of hendelser replaces only single
// ids (objects a version of which NVDB removed), each once and each
// upserted or removed by the batch, so MemoryStore and FileStore, which
// write every upsert and apply Replace only to a copy's stale objects,
// end the same.
type contract struct {
	uberiket.Store
	t        testing.TB
	started  time.Time        // the copy under way
	replaced []uberiket.Range // by the copy under way, since its beginning here
	whole    bool             // the copy began here, with the whole id space to copy
	copies   int              // copies checked whole
	// hendelseReplaced counts the single ids batches of hendelser
	// replaced (objects a version of which NVDB removed).
	hendelseReplaced int
}

func (c *contract) Apply(ctx context.Context, typeID int, b *uberiket.Batch) error {
	upserted := map[int64]bool{}
	for _, o := range b.Upsert {
		require.False(c.t, upserted[o.ID], "vegobjekt %d upserted twice in one batch", o.ID)
		upserted[o.ID] = true
	}
	removed := map[int64]bool{}
	for _, id := range b.Remove {
		require.False(c.t, upserted[id], "vegobjekt %d both upserted and removed", id)
		removed[id] = true
	}
	stored, _, err := c.Store.Position(ctx, typeID)
	require.NoError(c.t, err)
	if b.Position.Backfill == nil && stored.Backfill == nil {
		return c.applyHendelser(ctx, typeID, b, upserted, removed)
	}
	for _, o := range b.Upsert {
		if len(b.Replace) > 0 {
			require.True(c.t, slices.ContainsFunc(b.Replace, func(r uberiket.Range) bool { return r.Contains(o.ID) }),
				"vegobjekt %d outside the batch's replace ranges %v", o.ID, b.Replace)
		}
	}
	if bf := b.Position.Backfill; bf != nil && !bf.Started.Equal(c.started) {
		c.started, c.replaced = bf.Started, nil
		c.whole = len(bf.Ranges) == 1 && bf.Ranges[0] == uberiket.Range{}
	}
	for _, r := range b.Replace {
		for _, old := range c.replaced {
			overlap := r.After < cmp.Or(old.Until, math.MaxInt64) && old.After < cmp.Or(r.Until, math.MaxInt64)
			require.False(c.t, overlap, "replace range %v overlaps %v, replaced before in the same copy", r, old)
		}
		c.replaced = append(c.replaced, r)
	}
	if b.Position.Backfill == nil && c.whole && len(c.replaced) > 0 {
		slices.SortFunc(c.replaced, func(a, b uberiket.Range) int { return cmp.Compare(a.After, b.After) })
		end := int64(0)
		for _, r := range c.replaced {
			require.Equal(c.t, end, r.After, "the copy's replace ranges leave a gap")
			end = r.Until
		}
		require.Zero(c.t, end, "the copy's replace ranges end short of the id space")
		c.whole, c.replaced, c.copies = false, nil, c.copies+1
	}
	return c.Store.Apply(ctx, typeID, b)
}

// applyHendelser checks and applies a batch of hendelser.
func (c *contract) applyHendelser(ctx context.Context, typeID int, b *uberiket.Batch, upserted, removed map[int64]bool) error {
	replaced := map[int64]bool{}
	for _, r := range b.Replace {
		id := r.Until
		require.Equal(c.t, uberiket.Range{After: id - 1, Until: id}, r, "a batch of hendelser replaces single ids")
		require.Positive(c.t, id)
		require.False(c.t, replaced[id], "vegobjekt %d replaced twice in one batch", id)
		replaced[id] = true
		require.True(c.t, upserted[id] || removed[id], "vegobjekt %d replaced, neither upserted nor removed", id)
	}
	c.hendelseReplaced += len(b.Replace)
	return c.Store.Apply(ctx, typeID, b)
}

// TestSyncBackfillAndChanges: a backfill (ranges read in parallel, their
// batches interleaved), then rounds of changes, each followed by a Sync,
// end with the table equal to NVDB; every batch keeps the contract. The
// stream reads the first 10 000 objects from one range; of 30 000, the
// other 20 000 come from four ranges at once.
func TestSyncBackfillAndChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := fake(t, 30_000)
	c := newClient(t, srv.URL)
	store := &contract{Store: e.store, t: t}
	maxRanges := 0
	opts := &uberiket.SyncOptions{BatchSize: 3000, Parallel: 4, Progress: func(p uberiket.SyncProgress) {
		if p.Position.Backfill != nil {
			maxRanges = max(maxRanges, len(p.Position.Backfill.Ranges))
		}
	}}
	require.NoError(t, c.Sync(e.ctx, 105, store, opts))
	e.requireSnapshot(srv)
	assert.Equal(t, 1, store.copies)
	assert.Greater(t, maxRanges, 1, "ranges read in parallel")
	for round := range 4 {
		srv.Change(105, 300)
		phases := map[uberiket.SyncPhase]int{}
		opts.Progress = func(p uberiket.SyncProgress) { phases[p.Phase]++ }
		require.NoError(t, c.Sync(e.ctx, 105, store, opts), "round %d", round)
		assert.Positive(t, phases[uberiket.SyncHendelser])
		assert.Zero(t, phases[uberiket.SyncBackfill])
		e.requireSnapshot(srv)
	}
	assert.Positive(t, store.hendelseReplaced, "objects went back to the version before")
}

// TestSyncFollowsVersionRemoved: NVDB removes the newest version of some
// objects (VegobjektVersjonFjernet; the version before current again), and
// the table, which held the higher versjon, follows it back: the batch of
// hendelser names those ids in Replace, where this store overwrites
// whatever versjon it holds. 2000 objects: the copy before the changes is
// only the table they change (TestSyncBackfillAndChanges copies in
// parallel ranges).
func TestSyncFollowsVersionRemoved(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := fake(t, 2000)
	c := newClient(t, srv.URL)
	store := &contract{Store: e.store, t: t}
	require.NoError(t, c.Sync(e.ctx, 105, store, nil))
	lowered := 0
	for round := range 3 {
		held := e.table(105)
		srv.Change(105, 100)
		var back []int64
		for id, v := range srv.Snapshot(105) {
			if w, ok := held[id]; ok && v < w {
				back = append(back, id)
			}
		}
		lowered += len(back)
		require.NoError(t, c.Sync(e.ctx, 105, store, nil), "round %d", round)
		e.requireSnapshot(srv)
	}
	require.Positive(t, lowered, "objects went back to the version before")
	assert.GreaterOrEqual(t, store.hendelseReplaced, lowered)
}

// TestSyncRetention: a position older than the hendelser NVDB keeps is
// copied anew, and the objects NVDB removed or ended meanwhile leave the
// table (the Replace ranges of the new copy: 12 000 objects in batches of
// 2500).
func TestSyncRetention(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := fake(t, 12_000, uberikettest.WithHendelseRetention(500))
	c := newClient(t, srv.URL)
	require.NoError(t, c.Sync(e.ctx, 105, e.store, nil))
	e.requireSnapshot(srv)

	for range 10 {
		srv.Change(105, 150)
	}
	now := srv.Snapshot(105)
	gone := 0
	for id := range e.table(105) {
		if _, ok := now[id]; !ok {
			gone++
		}
	}
	require.Positive(t, gone, "NVDB removed or ended objects the table holds")
	expired := false
	store := &contract{Store: e.store, t: t}
	require.NoError(t, c.Sync(e.ctx, 105, store, &uberiket.SyncOptions{BatchSize: 2500, Parallel: 3,
		Progress: func(p uberiket.SyncProgress) { expired = expired || p.Expired }}))
	assert.True(t, expired, "copied anew")
	assert.Equal(t, 1, store.copies)
	e.requireSnapshot(srv)
}

// The crash test's child process: it syncs into the parent's PostgreSQL
// (PG_URL) from the parent's fake until the parent kills it.
const (
	envChildFake   = "PGSTORE_TEST_CHILD_FAKE"   // the fake's URL: this process is the child
	envChildSchema = "PGSTORE_TEST_CHILD_SCHEMA" // the schema it syncs into
)

// crashBatch is the child's batch size: small, so a kill finds batches
// committed and the backfill far from done.
const crashBatch = 1000

// syncChild is the child's part: Sync, printing a line for each batch the
// store committed, until killed (or done, which the parent treats as a
// failure to kill mid-backfill).
func syncChild(t *testing.T) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv(pgtest.EnvURL))
	require.NoError(t, err)
	defer pool.Close()
	store, err := pgstore.New(ctx, pool, pgstore.WithSchema(os.Getenv(envChildSchema)))
	require.NoError(t, err)
	c := newClient(t, os.Getenv(envChildFake))
	err = c.Sync(ctx, 105, store, &uberiket.SyncOptions{BatchSize: crashBatch, Parallel: 3, Progress: func(p uberiket.SyncProgress) {
		ranges := -1
		if p.Position.Backfill != nil {
			ranges = len(p.Position.Backfill.Ranges)
		}
		fmt.Printf("applied %s expired=%v upserted=%d backfill=%v ranges=%d\n", p.Phase, p.Expired, p.Upserted, p.Position.Backfill != nil, ranges)
	}})
	require.NoError(t, err)
}

// TestSyncKilledMidBackfill is the crash test. The parent starts a fake
// NVDB and runs this test binary again as a child (the environment
// selects the role) that syncs into a fresh schema of the parent's
// PostgreSQL. The parent reads the child's progress, and after a given
// number of committed backfill batches, plus a random few milliseconds
// (so the kill lands anywhere: mid-stream, mid-COPY, mid-commit), kills it
// with SIGKILL, while changing the fake all along. The table must then be
// mid-backfill; the fake changes some more, the parent runs Sync to the
// end, and the table must equal the fake's Snapshot: nothing lost,
// nothing doubled. Kill points in a first backfill and in a copy made
// anew over an older one (whose objects NVDB removed meanwhile must go).
func TestSyncKilledMidBackfill(t *testing.T) {
	t.Parallel()
	if os.Getenv(envChildFake) != "" {
		syncChild(t)
		return
	}
	if testing.Short() {
		t.Skip("runs child processes")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (the random part of the kill points)", seed)
	rnd := rand.New(rand.NewPCG(seed, 24))
	// The stream reads the first 10 000 objects from one range, then from
	// several at once, their chunks interleaved in the batches; the kill
	// points fall in both stretches. 60 000 objects for the long run's
	// kill points, the last of which (35 batches) then leaves 25 batches
	// of the copy to go; 40 000 for the one that always runs (20 batches),
	// which leaves it 20: the parent's Sync after the kill copies the rest,
	// 20 000 objects fewer.
	firstN := 40_000
	if longRun() {
		firstN = 60_000
	}
	first := fake(t, firstN, uberikettest.WithSeed(seed))
	// The copy anew's fake (60 000 objects cost a quarter of a second of
	// CPU to make) is made only when one of its kill points runs.
	var anew *uberikettest.Server
	anewFake := func() *uberikettest.Server {
		if anew == nil {
			anew = fake(t, 60_000, uberikettest.WithSeed(seed+1), uberikettest.WithHendelseRetention(3000))
		}
		return anew
	}
	// The copy anew begins from one full copy, made once and cloned.
	var template *env
	stale := func(e *env) {
		if template == nil {
			template = newEnv(t)
			require.NoError(t, newClient(t, anewFake().URL).Sync(template.ctx, 105, template.store, nil))
			for range 5 { // past the 3000 hendelser the fake keeps
				anew.Change(105, 1000)
			}
		}
		for _, table := range []string{"vegobjekter", "posisjoner"} {
			e.exec("INSERT INTO " + e.schema + "." + table + " SELECT * FROM " + template.schema + "." + table)
		}
	}
	// One kill point always runs, in the first backfill while several
	// ranges are read at once; the other five, among them both of the copy
	// anew (whose full template sync alone takes seconds), with
	// VEGDATA_LONG=1 and without -race (where a sync takes several times as
	// long): .ci/run runs them so, and the one in its race step.
	firstFake := func() *uberikettest.Server { return first }
	tests := []struct {
		name   string
		srv    func() *uberikettest.Server
		before func(e *env) // the store before the child runs
		after  int          // backfill batches committed before the kill
		always bool         // not only a long run's
	}{
		{"first backfill/1", firstFake, nil, 1, false},
		{"first backfill/6", firstFake, nil, 6, false},
		{"first backfill/20", firstFake, nil, 20, true},
		{"first backfill/35", firstFake, nil, 35, false},
		{"copy anew/4", anewFake, stale, 4, false},
		{"copy anew/15", anewFake, stale, 15, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.always:
			case raceDetector:
				t.Skip("skipped under -race, where a sync takes several times as long: one kill point runs")
			case !longRun():
				t.Skip("a long run's kill point: runs with " + envLong + "=1; one kill point runs")
			}
			e := newEnv(t)
			srv := tc.srv()
			if tc.before != nil {
				tc.before(e)
			}
			delay := time.Duration(rnd.IntN(30)) * time.Millisecond
			killChild(t, e, srv, tc.after, delay)

			pos, ok, err := e.store.Position(e.ctx, 105)
			require.NoError(t, err)
			require.True(t, ok)
			require.NotNil(t, pos.Backfill, "killed mid-backfill")
			t.Logf("killed %s after %d batches: %d objects stored, %d ranges left", delay, tc.after, len(e.table(105)), len(pos.Backfill.Ranges))

			srv.Change(105, 100)
			anewAgain := false
			require.NoError(t, newClient(t, srv.URL).Sync(e.ctx, 105, e.store, &uberiket.SyncOptions{Parallel: 3,
				Progress: func(p uberiket.SyncProgress) { anewAgain = anewAgain || p.Expired }}))
			require.False(t, anewAgain, "the copy the child began was continued, not begun again")
			e.requireSnapshot(srv)
		})
	}
}

// killChild runs the child against srv into e's schema, changes srv while
// it runs, and kills it with SIGKILL delay after it reported the
// committed backfill batch number after (the position alone not counted).
func killChild(t *testing.T, e *env, srv *uberikettest.Server, after int, delay time.Duration) {
	cmd := execpkg.Command(os.Args[0], "-test.run=^TestSyncKilledMidBackfill$", "-test.count=1", "-test.v=false")
	cmd.Env = append(os.Environ(), pgtest.EnvURL+"="+e.srv.URL, envChildFake+"="+srv.URL, envChildSchema+"="+e.schema)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Kill() // the child never outlives the test
		<-exited
	}()
	// A safety net only: a child that hangs ends, and so does the read
	// of its output below.
	hang := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer hang.Stop()

	// NVDB changes while the copy runs.
	stop := make(chan struct{})
	var changes sync.WaitGroup
	changes.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				srv.Change(105, 5)
			}
		}
	})
	defer func() { close(stop); changes.Wait() }()

	lines := bufio.NewScanner(stdout)
	seen, all := 0, []string{}
	for seen < after && lines.Scan() {
		line := lines.Text()
		all = append(all, line)
		if strings.HasPrefix(line, "applied backfill") && strings.Contains(line, "backfill=true") && !strings.Contains(line, "upserted=0") {
			seen++
		}
	}
	require.Equal(t, after, seen, "the child ended before %d batches:\n%s\n%s", after, strings.Join(all, "\n"), stderr.String())
	time.Sleep(delay)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	t.Logf("child: %s", strings.Join(all, "; "))
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(discard{}) }() // the pipe drains while the child dies
	<-exited
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() || st.Signal() != syscall.SIGKILL {
		require.Failf(t, "the child was not killed", "it ended with %v before the kill:\n%s", waitErr, stderr.String())
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
