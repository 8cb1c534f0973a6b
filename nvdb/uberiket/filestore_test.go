package uberiket_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

func vo(id int64, versjon int) *uberiket.Vegobjekt {
	return &uberiket.Vegobjekt{ID: id, Versjon: versjon, TypeID: 105, SistEndret: time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC),
		Gyldighetsperiode: &uberiket.Gyldighetsperiode{Startdato: "2020-01-01"},
		Egenskaper:        uberiket.Egenskaper{2021: uberiket.NewEnum(2730)}}
}

func openFileStore(t *testing.T, dir string) *uberiket.FileStore {
	t.Helper()
	s, err := uberiket.NewFileStore(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestFileStoreApplyAndReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := openFileStore(t, dir)
	_, ok, err := s.Position(ctx, 105)
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(1, 1), vo(2, 1), vo(3, 2)},
		Position: uberiket.Position{Hendelse: 10}}))
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(2, 2)}, Remove: []int64{3, 99},
		Position: uberiket.Position{Hendelse: 12}}))
	require.NoError(t, s.Apply(ctx, 45, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(7, 1)}}))
	want := map[int64]int{1: 1, 2: 2}
	assert.Equal(t, want, s.Versjoner(105))
	require.NoError(t, s.Close())

	s = openFileStore(t, dir)
	assert.Equal(t, want, s.Versjoner(105))
	assert.Equal(t, map[int64]int{7: 1}, s.Versjoner(45))
	pos, ok, err := s.Position(ctx, 105)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, uberiket.Position{Hendelse: 12}, pos)
	o, err := s.Get(105, 2)
	require.NoError(t, err)
	assert.Equal(t, 2, o.Versjon)
	fart, _ := o.Egenskap(2021).EnumID()
	assert.Equal(t, 2730, fart)
	o, err = s.Get(105, 3)
	require.NoError(t, err)
	assert.Nil(t, o)
	var got []int64
	for o, err := range s.Objects(105) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, []int64{1, 2}, got)
	assert.Equal(t, 2, s.Len(105))
}

// TestFileStoreTornWrite: a batch cut short by a crash is not applied; the
// store opens at the last whole batch, and goes on from there.
func TestFileStoreTornWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tear := range []struct {
		name string
		cut  func(path string, sizeBefore int64)
	}{
		{"header cut", func(p string, before int64) { require.NoError(t, os.Truncate(p, before+5)) }},
		{"payload cut", func(p string, before int64) {
			st, err := os.Stat(p)
			require.NoError(t, err)
			require.NoError(t, os.Truncate(p, before+(st.Size()-before)/2))
		}},
		{"payload not on disk", func(p string, before int64) {
			f, err := os.OpenFile(p, os.O_RDWR, 0)
			require.NoError(t, err)
			st, _ := f.Stat()
			zeros := make([]byte, st.Size()-before-8)
			_, err = f.WriteAt(zeros, before+8) // the length came, the bytes did not
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}},
	} {
		t.Run(tear.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "vegobjekter-105.log")
			s, err := uberiket.NewFileStore(dir)
			require.NoError(t, err)
			require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(1, 1), vo(2, 1)},
				Position: uberiket.Position{Hendelse: 10}}))
			st, err := os.Stat(path)
			require.NoError(t, err)
			before := st.Size()
			require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(3, 1)}, Remove: []int64{1},
				Position: uberiket.Position{Hendelse: 11}}))
			require.NoError(t, s.Close())
			tear.cut(path, before)

			s = openFileStore(t, dir)
			assert.Equal(t, map[int64]int{1: 1, 2: 1}, s.Versjoner(105), "the torn batch is not applied")
			pos, _, err := s.Position(ctx, 105)
			require.NoError(t, err)
			assert.Equal(t, int64(10), pos.Hendelse)
			st, err = os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, before, st.Size(), "the torn tail is cut off")

			require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(4, 1)},
				Position: uberiket.Position{Hendelse: 12}}))
			require.NoError(t, s.Close())
			s = openFileStore(t, dir)
			assert.Equal(t, map[int64]int{1: 1, 2: 1, 4: 1}, s.Versjoner(105))
		})
	}
}

// TestFileStoreDamaged: a damaged record with whole records after it is
// not a torn tail but damage, and the store refuses to open.
func TestFileStoreDamaged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := uberiket.NewFileStore(dir)
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(int64(i+1), 1)}}))
	}
	require.NoError(t, s.Close())
	path := filepath.Join(dir, "vegobjekter-105.log")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	b[len("UBERIKET-LOG-1\n")+20] ^= 0xff // inside the first record
	require.NoError(t, os.WriteFile(path, b, 0o644))
	_, err = uberiket.NewFileStore(dir)
	assert.ErrorContains(t, err, "damaged")

	require.NoError(t, os.WriteFile(path, []byte("not a log"), 0o644))
	_, err = uberiket.NewFileStore(dir)
	assert.Error(t, err)
}

// TestFileStoreReplaceAndCompact: a new copy of a type drops, in the
// ranges it covers, the objects it did not copy; compacting keeps what is
// held, and which objects are still from before the copy.
func TestFileStoreReplaceAndCompact(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openFileStore(t, dir)
	var old []*uberiket.Vegobjekt
	for id := int64(1); id <= 20; id++ {
		old = append(old, vo(id*10, 1))
	}
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: old, Position: uberiket.Position{Hendelse: 5}}))

	started := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	backfill := func(ranges ...uberiket.Range) uberiket.Position {
		return uberiket.Position{Hendelse: 50, Backfill: &uberiket.Backfill{Ranges: ranges, Started: started}}
	}
	// A new copy begins, and copies (0, 100]: 10..100 except 30 and 70.
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Position: backfill(uberiket.Range{})}))
	var copied []*uberiket.Vegobjekt
	for _, id := range []int64{10, 20, 40, 50, 60, 80, 90, 100, 105} {
		copied = append(copied, vo(id, 2))
	}
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: copied, Replace: []uberiket.Range{{After: 0, Until: 105}},
		Position: backfill(uberiket.Range{After: 105})}))
	v := s.Versjoner(105)
	assert.NotContains(t, v, int64(30))
	assert.NotContains(t, v, int64(70))
	assert.Equal(t, 1, v[110], "not copied yet: kept")
	assert.Equal(t, 2, v[105])

	require.NoError(t, s.Compact(105))
	require.NoError(t, s.Close())
	s = openFileStore(t, dir)
	assert.Equal(t, v, s.Versjoner(105), "compacted and read again")

	// The copy ends having found only 150 above 105: the others go, also
	// after the compaction.
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(150, 2)},
		Replace: []uberiket.Range{{After: 105}}, Position: uberiket.Position{Hendelse: 50}}))
	want := map[int64]int{10: 2, 20: 2, 40: 2, 50: 2, 60: 2, 80: 2, 90: 2, 100: 2, 105: 2, 150: 2}
	assert.Equal(t, want, s.Versjoner(105))
	require.NoError(t, s.Close())
	s = openFileStore(t, dir)
	assert.Equal(t, want, s.Versjoner(105))
}

// TestFileStoreCompactsByItself: a log that is mostly objects replaced
// since is rewritten by Apply. The log must pass 64 MiB (compactAt): 40
// rounds of 2000 objects of about a kilobyte each (a long text, as some
// types carry), where small objects would take five times as many to
// encode and write.
func TestFileStoreCompactsByItself(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("writes some 100 MB")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s := openFileStore(t, dir)
	path := filepath.Join(dir, "vegobjekter-105.log")
	batch := make([]*uberiket.Vegobjekt, 2000)
	merknad := uberiket.NewTekst(strings.Repeat("Skiltet fartsgrense på strekningen. ", 28))
	var largest int64
	for round := range 40 {
		for i := range batch {
			batch[i] = vo(int64(i+1), round+1)
			batch[i].Egenskaper[10279] = merknad
		}
		require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: batch, Position: uberiket.Position{Hendelse: int64(round)}}))
		st, err := os.Stat(path)
		require.NoError(t, err)
		largest = max(largest, st.Size())
	}
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Less(t, st.Size(), largest, "compacted at least once")
	assert.Less(t, largest, int64(200<<20))
	assert.Equal(t, 2000, s.Len(105))
	require.NoError(t, s.Close())
	s = openFileStore(t, dir)
	v := s.Versjoner(105)
	assert.Len(t, v, 2000)
	assert.Equal(t, 40, v[1])
}

// TestSyncIntoFileStore: Sync into the file store, reopened between
// rounds, ends equal to NVDB.
func TestSyncIntoFileStore(t *testing.T) {
	t.Parallel()
	srv := generated(t, 5000)
	c := newClient(t, srv)
	dir := t.TempDir()
	s := openFileStore(t, dir)
	require.NoError(t, c.Sync(context.Background(), 105, s, &uberiket.SyncOptions{BatchSize: 1000}))
	requireEqual(t, srv, s)
	require.NoError(t, s.Close())
	srv.Change(105, 400)
	s = openFileStore(t, dir)
	require.NoError(t, c.Sync(context.Background(), 105, s, nil))
	requireEqual(t, srv, s)
	n := 0
	for o, err := range s.Objects(105) {
		require.NoError(t, err)
		require.Equal(t, 105, o.TypeID)
		n++
	}
	assert.Equal(t, len(srv.Snapshot(105)), n)
}

func TestStoresRefuseBadBatches(t *testing.T) {
	ctx := context.Background()
	for name, st := range map[string]uberiket.Store{"memory": uberiket.NewMemoryStore(), "file": openFileStore(t, t.TempDir())} {
		assert.ErrorIs(t, st.Apply(ctx, 105, nil), uberiket.ErrInvalidArgument, name)
		assert.ErrorIs(t, st.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{nil}}), uberiket.ErrInvalidArgument, name)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		assert.ErrorIs(t, st.Apply(cctx, 105, &uberiket.Batch{}), context.Canceled, name)
	}
	_, err := uberiket.NewFileStore("")
	assert.ErrorIs(t, err, uberiket.ErrInvalidArgument)
}

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	s := uberiket.NewMemoryStore()
	require.NoError(t, s.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(5, 1), vo(3, 1)},
		Position: uberiket.Position{Hendelse: 1, Backfill: &uberiket.Backfill{Ranges: []uberiket.Range{{After: 5}}}}}))
	pos, ok, err := s.Position(ctx, 105)
	require.NoError(t, err)
	require.True(t, ok)
	pos.Backfill.Ranges[0].After = 99 // a copy: the store keeps its own
	pos, _, _ = s.Position(ctx, 105)
	assert.Equal(t, int64(5), pos.Backfill.Ranges[0].After)
	var got []int64
	for o := range s.Objects(105) {
		got = append(got, o.ID)
	}
	assert.Equal(t, []int64{3, 5}, got)
	o, ok := s.Get(105, 5)
	assert.True(t, ok)
	assert.Equal(t, int64(5), o.ID)
	assert.Equal(t, 2, s.Len(105))
	assert.Zero(t, s.Len(45))
}
