package pgstore_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/pgstore"
	"github.com/vegdata/go-vegdata/pgstore/internal/pgtest"
)

// sizes are batches on both write paths: an INSERT of arrays for small
// batches, COPY through a staging table for large ones.
var sizes = []struct {
	name string
	n    int
}{{"small", 40}, {"large", 2000}}

// TestApplyStoresObjects checks every column of a row against the object,
// and the JSON columns against the models' own JSON, on both paths.
func TestApplyStoresObjects(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			objs := pgtest.Fartsgrenser(85283803, size.n)
			objs[0].Stedfesting = nil
			objs[0].Egenskaper = nil
			objs[0].Barn = nil
			objs[1].Barn = map[int][]int64{220: {1020150975, 1020150976}, 96: nil}
			objs[1].Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: "2009-01-01", Sluttdato: "2030-06-01"}
			objs[2].Gyldighetsperiode = nil
			objs[3].Egenskaper[5127] = nil // a null the API can send
			objs[4].Stedfesting = &uberiket.Stedfesting{Type: "StedfestingFremtidig", Raw: json.RawMessage(`{"type":"StedfestingFremtidig","x":[1,2]}`)}
			// Days and instants on both sides of PostgreSQL's epoch
			// (2000-01-01) and of Unix's, which COPY's binary form counts
			// from.
			objs[6].Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: "1950-01-01", Sluttdato: "2000-01-01"}
			objs[7].Gyldighetsperiode = &uberiket.Gyldighetsperiode{Startdato: "1969-12-31", Sluttdato: "1999-12-31"}
			objs[7].SistEndret = time.Date(1999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
			objs[8].SistEndret = time.Date(1960, 2, 29, 12, 0, 0, 1000, time.FixedZone("CET", 3600))
			e.apply(105, &uberiket.Batch{Upsert: objs, Position: backfillPos(188455359, objs[len(objs)-1].ID)})
			assert.Equal(t, versions(objs), e.table(105))

			for _, o := range objs[:9] {
				var (
					versjon                       int
					start, slutt                  *time.Time
					egenskaper, barn, stedfesting []byte
					sistEndret                    time.Time
				)
				require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT versjon, startdato, sluttdato, egenskaper, barn, stedfesting, sist_endret FROM "+
					e.schema+".vegobjekter WHERE type_id = 105 AND id = $1", o.ID).Scan(&versjon, &start, &slutt, &egenskaper, &barn, &stedfesting, &sistEndret))
				assert.Equal(t, o.Versjon, versjon)
				assert.Equal(t, string(o.Startdato()), dateText(start), "startdato of %d", o.ID)
				assert.Equal(t, string(o.Sluttdato()), dateText(slutt), "sluttdato of %d", o.ID)
				assert.True(t, o.SistEndret.Truncate(time.Microsecond).Equal(sistEndret), "sist_endret %v, want %v", sistEndret, o.SistEndret)
				assertJSON(t, o.Egenskaper, egenskaper, "egenskaper of %d", o.ID)
				assertJSON(t, o.Barn, barn, "barn of %d", o.ID)
				assertJSON(t, o.Stedfesting, stedfesting, "stedfesting of %d", o.ID)
			}
			// The README's query: one egenskap's value as plain SQL.
			var verdi string
			require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT egenskaper->'2021'->>'verdi' FROM "+e.schema+
				".vegobjekter WHERE type_id = 105 AND id = $1", objs[5].ID).Scan(&verdi))
			id, _ := objs[5].Egenskap(2021).EnumID()
			assert.Equal(t, fmt.Sprint(id), verdi)
		})
	}
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// assertJSON compares a column with what the model marshals to; a nil
// model is NULL.
func assertJSON[T any](t *testing.T, want T, got []byte, msg string, args ...any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	if string(w) == "null" {
		assert.Nil(t, got, append([]any{msg}, args...)...)
		return
	}
	assert.JSONEq(t, string(w), string(got), append([]any{msg}, args...)...)
}

// TestPositionRoundTrip: no position before the first Apply, then the one
// applied last, backfill ranges and all; each type has its own.
func TestPositionRoundTrip(t *testing.T) {
	e := newEnv(t)
	_, ok, err := e.store.Position(e.ctx, 105)
	require.NoError(t, err)
	assert.False(t, ok, "never copied")

	for _, pos := range []uberiket.Position{
		backfillPos(188455359, 85283803),
		{Hendelse: 188455359, Backfill: &uberiket.Backfill{Ranges: []uberiket.Range{}, Started: time.Date(2025, 11, 3, 9, 0, 0, 123456789, time.UTC)}},
		{Hendelse: 188460001},
	} {
		e.apply(105, &uberiket.Batch{Position: pos})
		got, ok, err := e.store.Position(e.ctx, 105)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, pos, got)
	}
	e.apply(581, &uberiket.Batch{Position: uberiket.Position{Hendelse: 12}})
	got, _, err := e.store.Position(e.ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, int64(188460001), got.Hendelse, "type 105 kept its own")

	_, _, err = e.store.Position(e.ctx, 0)
	assert.ErrorIs(t, err, pgstore.ErrInvalidArgument)
}

// TestApplyTwice: a batch applied again (a process that died after the
// commit repeats its last step) leaves the store as once.
func TestApplyTwice(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			first := pgtest.Fartsgrenser(1000, size.n)
			e.apply(105, &uberiket.Batch{Upsert: first, Position: backfillPos(1, 0)})
			b := &uberiket.Batch{
				Upsert:   append(pgtest.Fartsgrenser(first[len(first)-1].ID+7, size.n), pgtest.Fartsgrense(first[0].ID, 2)),
				Remove:   []int64{first[1].ID, first[2].ID},
				Position: backfillPos(1, 5000),
			}
			e.apply(105, b)
			want := e.dump()
			e.apply(105, b)
			assert.Equal(t, want, e.dump())
		})
	}
}

// TestVersjonNeverLowered: an upsert replaces an object only with a newer
// one; a version corrected in place (same versjon, later sistEndret) is
// newer, the same version as it was before is not.
func TestVersjonNeverLowered(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			const id = 78697179
			v3 := pgtest.Fartsgrense(id, 3)
			corrected := pgtest.Fartsgrense(id, 3)
			corrected.SistEndret = v3.SistEndret.Add(time.Hour)
			corrected.Egenskaper[2021] = uberiket.NewEnum(2741)
			// Other objects make the batch as large as the path needs.
			others := pgtest.Fartsgrenser(1, size.n-1)
			steps := []struct {
				obj  *uberiket.Vegobjekt
				want *uberiket.Vegobjekt
			}{
				{v3, v3},
				{pgtest.Fartsgrense(id, 2), v3},
				{corrected, corrected},
				{v3, corrected},
				{pgtest.Fartsgrense(id, 1), corrected},
				{pgtest.Fartsgrense(id, 4), pgtest.Fartsgrense(id, 4)},
			}
			for i, st := range steps {
				e.apply(105, &uberiket.Batch{Upsert: append([]*uberiket.Vegobjekt{st.obj}, others...), Position: uberiket.Position{Hendelse: int64(i)}})
				var versjon int
				var egenskaper []byte
				require.NoError(t, e.pool.QueryRow(e.ctx, "SELECT versjon, egenskaper FROM "+e.schema+
					".vegobjekter WHERE type_id = 105 AND id = $1", id).Scan(&versjon, &egenskaper))
				assert.Equal(t, st.want.Versjon, versjon, "step %d", i)
				assertJSON(t, st.want.Egenskaper, egenskaper, "step %d", i)
			}
		})
	}
}

// TestApplyDuplicates: an id twice in one batch is written once, at its
// newest version, wherever it stands in the batch.
func TestApplyDuplicates(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			e := newEnv(t)
			objs := pgtest.Fartsgrenser(1, size.n)
			a, b := objs[3].ID, objs[5].ID
			objs = append([]*uberiket.Vegobjekt{pgtest.Fartsgrense(a, 5)}, objs...)
			objs = append(objs, pgtest.Fartsgrense(b, 2), pgtest.Fartsgrense(a, 4))
			e.apply(105, &uberiket.Batch{Upsert: objs})
			got := e.table(105)
			assert.Len(t, got, size.n)
			assert.Equal(t, 5, got[a])
			assert.Equal(t, 2, got[b])
		})
	}
}

// TestApplyRemovals removes the given ids of the type, ignores ids the
// store does not hold, and leaves other types alone.
func TestApplyRemovals(t *testing.T) {
	e := newEnv(t)
	fart := pgtest.Fartsgrenser(100, 10)
	other := pgtest.Fartsgrenser(100, 3)
	for _, o := range other {
		o.TypeID = 581
	}
	e.apply(105, &uberiket.Batch{Upsert: fart})
	e.apply(581, &uberiket.Batch{Upsert: other})
	e.apply(105, &uberiket.Batch{Remove: []int64{fart[0].ID, fart[9].ID, 999_999_999}, Position: uberiket.Position{Hendelse: 9}})
	want := versions(fart[1:9])
	assert.Equal(t, want, e.table(105))
	assert.Equal(t, versions(other), e.table(581), "type 581 keeps ids 105 removed")
	pos, _, err := e.store.Position(e.ctx, 105)
	require.NoError(t, err)
	assert.Equal(t, int64(9), pos.Hendelse, "removals and position in one batch")
}

// TestApplyBadInputChangesNothing: a batch refused before any SQL, and
// batches the server refuses part-way (a broken value after many good
// ones, mid-COPY on the large path), leave objects and position as they
// were.
func TestApplyBadInputChangesNothing(t *testing.T) {
	// The table holds ids 100 to 443; a batch from 5000 on goes straight
	// into the table, one from 100 on through the staging table.
	brokenJSON := func(first int64, n int) []*uberiket.Vegobjekt {
		objs := pgtest.Fartsgrenser(first, n)
		// Stedfesting of a kind the models do not know is written as it
		// came; this one is not JSON, so PostgreSQL refuses the row.
		objs[n*3/4].Stedfesting = &uberiket.Stedfesting{Type: "Ukjent", Raw: json.RawMessage(`{"type":"Ukjent",`)}
		return objs
	}
	tests := []struct {
		name    string
		typeID  int
		batch   *uberiket.Batch
		invalid bool // refused before any SQL
		want    string
	}{
		{"nil batch", 105, nil, true, "nil batch"},
		{"type 0", 0, &uberiket.Batch{}, true, "vegobjekttype 0"},
		{"nil object", 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{pgtest.Fartsgrense(1, 1), nil}}, true, "object 1 of the batch: nil"},
		{"other type", 581, &uberiket.Batch{Upsert: pgtest.Fartsgrenser(1, 2)}, true, "has typeId 105"},
		{"no versjon", 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{{ID: 4, TypeID: 105, SistEndret: time.Now()}}}, true, "versjon 0"},
		{"no sistEndret", 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{{ID: 4, TypeID: 105, Versjon: 1}}}, true, "no sistEndret"},
		{"bad date", 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{{ID: 4, TypeID: 105, Versjon: 1, SistEndret: time.Now(),
			Gyldighetsperiode: &uberiket.Gyldighetsperiode{Startdato: "2024-13-01"}}}}, true, `invalid date "2024-13-01"`},
		{"bad removal", 105, &uberiket.Batch{Remove: []int64{-3}}, true, "remove id -3"},
		{"replace range below 0", 105, &uberiket.Batch{Replace: []uberiket.Range{{After: -1, Until: 5}}}, true, "replace range after -1"},
		{"empty replace range", 105, &uberiket.Batch{Upsert: pgtest.Fartsgrenser(200, 2), Replace: []uberiket.Range{{After: 1000, Until: 1000}}},
			true, "replace range 1000 < id <= 1000 is empty"},
		{"broken JSON, small", 105, &uberiket.Batch{Upsert: brokenJSON(5000, 40), Remove: []int64{100}}, false, "json"},
		{"broken JSON mid-COPY", 105, &uberiket.Batch{Upsert: brokenJSON(5000, 3000), Remove: []int64{100}}, false, "json"},
		{"broken JSON mid-COPY to staging", 105, &uberiket.Batch{Upsert: brokenJSON(100, 3000), Remove: []int64{2}}, false, "json"},
		{"broken JSON after clearing a replace range", 105, &uberiket.Batch{Upsert: brokenJSON(5000, 3000),
			Replace: []uberiket.Range{{After: 0, Until: 0}}}, false, "json"},
		{"broken JSON after clearing a replace range, small", 105, &uberiket.Batch{Upsert: brokenJSON(5000, 40),
			Replace: []uberiket.Range{{After: 50, Until: 300}}}, false, "json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			before := pgtest.Fartsgrenser(100, 50)
			e.apply(105, &uberiket.Batch{Upsert: before, Position: backfillPos(3, 100)})
			want := e.dump()
			if tc.batch != nil {
				tc.batch.Position = uberiket.Position{Hendelse: 99}
			}
			err := e.store.Apply(e.ctx, tc.typeID, tc.batch)
			require.Error(t, err)
			t.Log(err)
			assert.Contains(t, err.Error(), tc.want)
			if tc.invalid {
				assert.ErrorIs(t, err, pgstore.ErrInvalidArgument)
			} else {
				assert.Contains(t, err.Error(), "nothing applied")
			}
			assert.Equal(t, want, e.dump())
		})
	}
}

// TestApplyTypesApart: the same id in two types is two rows.
func TestApplyTypesApart(t *testing.T) {
	e := newEnv(t)
	a := pgtest.Fartsgrense(42, 1)
	b := pgtest.Fartsgrense(42, 3)
	b.TypeID = 581
	e.apply(105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{a}})
	e.apply(581, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{b}})
	assert.Equal(t, map[int64]int{42: 1}, e.table(105))
	assert.Equal(t, map[int64]int{42: 3}, e.table(581))
}
