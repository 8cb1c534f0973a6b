package uberiket_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// versjoner is what a store of this package holds: id → versjon.
type versjoner interface {
	Versjoner(typeID int) map[int64]int
}

// requireEqual requires the store to hold exactly the fake's active
// objects of type 105, each at its versjon.
func requireEqual(t *testing.T, srv *uberikettest.Server, store versjoner) {
	t.Helper()
	want, got := srv.Snapshot(105), store.Versjoner(105)
	if maps.Equal(want, got) {
		return
	}
	missing, extra, stale := 0, 0, 0
	for id, v := range want {
		switch g, ok := got[id]; {
		case !ok:
			missing++
		case g != v:
			stale++
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra++
		}
	}
	require.Failf(t, "the store is not equal to NVDB", "%d objects missing, %d extra, %d at another versjon (of %d)",
		missing, extra, stale, len(want))
}

func TestSyncBackfillAndChanges(t *testing.T) {
	t.Parallel()
	srv := generated(t, 5000)
	c := newClient(t, srv)
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	var progress []uberiket.SyncProgress
	opts := &uberiket.SyncOptions{BatchSize: 1000, Parallel: 4, Progress: func(p uberiket.SyncProgress) { progress = append(progress, p) }}

	require.NoError(t, c.Sync(ctx, 105, store, opts))
	requireEqual(t, srv, store)
	require.NotEmpty(t, progress)
	first := progress[0]
	assert.Equal(t, uberiket.SyncBackfill, first.Phase)
	assert.Zero(t, first.Upserted, "the first batch is the position alone")
	require.NotNil(t, first.Position.Backfill)
	assert.Equal(t, []uberiket.Range{{}}, first.Position.Backfill.Ranges)
	assert.Equal(t, srv.SisteHendelse(105), first.Position.Hendelse, "noted before the copy")
	pos, ok, err := store.Position(ctx, 105)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Nil(t, pos.Backfill)
	assert.Equal(t, srv.SisteHendelse(105), pos.Hendelse)

	for round := range 4 {
		srv.Change(105, 300)
		progress = nil
		require.NoError(t, c.Sync(ctx, 105, store, opts), "round %d", round)
		requireEqual(t, srv, store)
		require.NotEmpty(t, progress)
		for _, p := range progress {
			assert.Equal(t, uberiket.SyncHendelser, p.Phase)
		}
		pos, _, err := store.Position(ctx, 105)
		require.NoError(t, err)
		assert.Equal(t, srv.SisteHendelse(105), pos.Hendelse)
	}

	// Caught up, a Sync asks once and applies nothing.
	before := len(srv.Requests())
	progress = nil
	require.NoError(t, c.Sync(ctx, 105, store, opts))
	assert.Empty(t, progress)
	assert.Len(t, srv.Requests()[before:], 1)
}

// replaceRecorder is a store that notes the ids the batches of hendelser
// name in Replace.
type replaceRecorder struct {
	uberiket.Store
	replaced map[int64]bool
}

func (s *replaceRecorder) Apply(ctx context.Context, typeID int, b *uberiket.Batch) error {
	if b.Position.Backfill == nil {
		for _, r := range b.Replace {
			if r.After == r.Until-1 {
				s.replaced[r.Until] = true
			}
		}
	}
	return s.Store.Apply(ctx, typeID, b)
}

// TestSyncFollowsVersionRemoved: NVDB removes the newest version of some
// objects (VegobjektVersjonFjernet; the version before current again, at
// a lower versjon than the stores hold). The batch that reads such an
// object again names its one id in Replace, and MemoryStore and FileStore
// (also opened again from its log) follow NVDB back.
func TestSyncFollowsVersionRemoved(t *testing.T) {
	t.Parallel()
	srv := generated(t, 2500)
	c := newClient(t, srv)
	ctx := context.Background()
	dir := t.TempDir()
	fs, err := uberiket.NewFileStore(dir)
	require.NoError(t, err)
	defer func() { require.NoError(t, fs.Close()) }()
	mem := uberiket.NewMemoryStore()
	stores := map[string]interface {
		uberiket.Store
		versjoner
	}{"memory": mem, "file": fs}
	for _, s := range stores {
		require.NoError(t, c.Sync(ctx, 105, s, nil))
	}

	lowered := 0
	for range 3 {
		before := srv.Snapshot(105)
		srv.Change(105, 100)
		var back []int64 // at a lower versjon than the stores hold
		for id, v := range srv.Snapshot(105) {
			if w, ok := before[id]; ok && v < w {
				back = append(back, id)
			}
		}
		lowered += len(back)
		for name, s := range stores {
			rec := &replaceRecorder{Store: s, replaced: map[int64]bool{}}
			require.NoError(t, c.Sync(ctx, 105, rec, nil), name)
			requireEqual(t, srv, s)
			for _, id := range back {
				assert.True(t, rec.replaced[id], "%s: vegobjekt %d, back at an older version, replaced", name, id)
			}
		}
	}
	require.Positive(t, lowered, "objects went back to the version before")

	require.NoError(t, fs.Close())
	fs, err = uberiket.NewFileStore(dir)
	require.NoError(t, err)
	requireEqual(t, srv, fs)
}

// TestSyncCancelledMidBackfill: a Sync cancelled part-way through the copy
// while NVDB kept changing leaves a position the next Sync continues from,
// and that one ends equal to NVDB.
func TestSyncCancelledMidBackfill(t *testing.T) {
	t.Parallel()
	srv := generated(t, 10_000)
	c := newClient(t, srv)
	store := uberiket.NewMemoryStore()
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	err := c.Sync(ctx, 105, store, &uberiket.SyncOptions{BatchSize: 1000, Parallel: 3, Progress: func(uberiket.SyncProgress) {
		srv.Change(105, 40) // NVDB changes while the copy runs
		if batches++; batches == 6 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	pos, ok, err := store.Position(context.Background(), 105)
	require.NoError(t, err)
	require.True(t, ok)
	require.NotNil(t, pos.Backfill, "cancelled during the copy")
	assert.NotEmpty(t, pos.Backfill.Ranges)
	assert.Less(t, store.Len(105), len(srv.Snapshot(105)))

	srv.Change(105, 200)
	require.NoError(t, c.Sync(context.Background(), 105, store, &uberiket.SyncOptions{BatchSize: 2500}))
	requireEqual(t, srv, store)
}

// failingStore is a store that dies (returns an error, applying nothing)
// at its nth Apply: what a kill between two batches leaves.
type failingStore struct {
	*uberiket.MemoryStore
	mu      sync.Mutex
	n, dies int
}

var errKilled = errors.New("killed")

func (s *failingStore) Apply(ctx context.Context, typeID int, b *uberiket.Batch) error {
	s.mu.Lock()
	s.n++
	dead := s.n == s.dies
	s.mu.Unlock()
	if dead {
		return errKilled
	}
	return s.MemoryStore.Apply(ctx, typeID, b)
}

// TestSyncKilledAnywhere: killed at any batch, before the first position,
// during the copy or during the hendelser, the next Sync ends equal to
// NVDB. The copy is nine batches: the position alone, seven of objects
// and the last with the position after it (the batches of 15 000 objects
// in 2000s fall the same).
func TestSyncKilledAnywhere(t *testing.T) {
	t.Parallel()
	for _, dies := range []int{1, 2, 4, 7, 9, 10, 12} {
		t.Run(fmt.Sprint("dies at ", dies), func(t *testing.T) {
			t.Parallel()
			srv := generated(t, 7500)
			c := newClient(t, srv)
			store := &failingStore{MemoryStore: uberiket.NewMemoryStore(), dies: dies}
			opts := &uberiket.SyncOptions{BatchSize: 1000, Parallel: 2}
			err := c.Sync(context.Background(), 105, store, opts)
			srv.Change(105, 150)
			if err == nil {
				// Died after the copy: in the hendelser of this round.
				err = c.Sync(context.Background(), 105, store, opts)
				srv.Change(105, 50)
			}
			if dies <= store.n {
				require.ErrorIs(t, err, errKilled)
			}
			require.NoError(t, c.Sync(context.Background(), 105, store, opts))
			requireEqual(t, srv, store.MemoryStore)
		})
	}
}

// twiceStore applies every batch twice.
type twiceStore struct{ *uberiket.MemoryStore }

func (s twiceStore) Apply(ctx context.Context, typeID int, b *uberiket.Batch) error {
	if err := s.MemoryStore.Apply(ctx, typeID, b); err != nil {
		return err
	}
	return s.MemoryStore.Apply(ctx, typeID, b)
}

func TestSyncBatchTwiceHarmless(t *testing.T) {
	t.Parallel()
	srv := generated(t, 4000)
	c := newClient(t, srv)
	store := twiceStore{uberiket.NewMemoryStore()}
	require.NoError(t, c.Sync(context.Background(), 105, store, &uberiket.SyncOptions{BatchSize: 1000}))
	requireEqual(t, srv, store.MemoryStore)
	srv.Change(105, 300)
	require.NoError(t, c.Sync(context.Background(), 105, store, nil))
	requireEqual(t, srv, store.MemoryStore)
}

// TestSyncRetention: a position older than the hendelser NVDB keeps is
// copied anew, and objects the store held that NVDB no longer has go.
func TestSyncRetention(t *testing.T) {
	t.Parallel()
	srv := generated(t, 5000, uberikettest.WithHendelseRetention(500))
	c := newClient(t, srv)
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	require.NoError(t, c.Sync(ctx, 105, store, nil))
	requireEqual(t, srv, store)

	// Far more changes than NVDB keeps hendelser for, removals among them.
	for range 10 {
		srv.Change(105, 150)
	}
	var expired []bool
	var phases []uberiket.SyncPhase
	require.NoError(t, c.Sync(ctx, 105, store, &uberiket.SyncOptions{BatchSize: 1250, Progress: func(p uberiket.SyncProgress) {
		expired = append(expired, p.Expired)
		phases = append(phases, p.Phase)
	}}))
	requireEqual(t, srv, store)
	require.NotEmpty(t, expired)
	assert.True(t, expired[0], "the copy began because the position was too old")
	assert.Equal(t, uberiket.SyncBackfill, phases[0])

	// Another 400 from the hendelser (not the position's age) is returned,
	// not taken for expiry.
	srv.Script(uberikettest.Fault{Status: 400})
	err := c.Sync(ctx, 105, store, nil)
	assert.ErrorIs(t, err, uberiket.ErrBadRequest)
}

// TestSyncFollow: with Follow, Sync goes on reading hendelser as NVDB
// changes, until its context ends.
func TestSyncFollow(t *testing.T) {
	t.Parallel()
	srv := generated(t, 3000)
	c := newClient(t, srv)
	store := uberiket.NewMemoryStore()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a safety net only
	defer cancel()
	rounds := 0
	err := c.Sync(ctx, 105, store, &uberiket.SyncOptions{Follow: 10 * time.Millisecond, Progress: func(p uberiket.SyncProgress) {
		if p.Position.Backfill != nil {
			return // the copy under way
		}
		if rounds++; rounds == 4 {
			cancel()
			return
		}
		srv.Change(105, 20) // found by the next poll
	}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 4, rounds, "the end of the copy and three rounds of hendelser")
	requireEqual(t, srv, store)
}

func TestSyncInvalid(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ctx := context.Background()
	store := uberiket.NewMemoryStore()
	for name, err := range map[string]error{
		"type":     c.Sync(ctx, 0, store, nil),
		"store":    c.Sync(ctx, 105, nil, nil),
		"follow":   c.Sync(ctx, 105, store, &uberiket.SyncOptions{Follow: -1}),
		"batch":    c.Sync(ctx, 105, store, &uberiket.SyncOptions{BatchSize: -1}),
		"id batch": c.Sync(ctx, 105, store, &uberiket.SyncOptions{IDBatch: 5000}),
	} {
		assert.ErrorIs(t, err, uberiket.ErrInvalidArgument, name)
	}
	assert.Empty(t, srv.Requests())
}

// TestSyncFixtures: the hand-made fixtures, with objects of older closed
// versions and an object whose hendelser came after the import.
func TestSyncFixtures(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	store := uberiket.NewMemoryStore()
	require.NoError(t, c.Sync(context.Background(), 538, store, nil))
	require.Equal(t, 1, store.Len(538))
	o, ok := store.Get(538, 977736797)
	require.True(t, ok)
	navn, _ := o.Egenskap(4589).Tekst()
	assert.Equal(t, "Åsvegen", navn)
	pos, _, err := store.Position(context.Background(), 538)
	require.NoError(t, err)
	assert.Equal(t, int64(correctionGate), pos.Hendelse)
}
