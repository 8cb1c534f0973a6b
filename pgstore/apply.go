package pgstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// copyMin is the smallest number of objects written with COPY; fewer go
// in as one INSERT of unnest arrays. COPY costs a few milliseconds a batch
// more (the statement description, the span check, for stored objects the
// staging table) and less per row, on the server about half; measured
// (BenchmarkWriteMethods), unnest is faster at 100 objects, COPY at 500,
// and at 200 they are within the noise of each other.
const copyMin = 200

// Apply applies the batch to the type in one transaction: the objects, the
// removals and the position, all or nothing. An object replaces the
// stored one unless the stored one is newer (a higher versjon, or the same
// versjon changed later), so a batch applied twice, or an older batch
// applied after a newer one, never moves an object back. Removed ids the
// store does not hold are no error.
//
// A batch that cannot be right is refused before any SQL
// (ErrInvalidArgument): a nil object, an object of another type, one
// without id, versjon or sistEndret, a broken date, an id both upserted and
// removed. An object listed twice is written once, at its newest version.
func (s *Store) Apply(ctx context.Context, typeID int, b *uberiket.Batch) error {
	if err := checkType(typeID); err != nil {
		return err
	}
	if b == nil {
		return invalidf("apply type %d: nil batch", typeID)
	}
	rows, err := encodeRows(typeID, b.Upsert)
	if err != nil {
		return err
	}
	if err := checkRemovals(typeID, b.Remove, rows); err != nil {
		return err
	}
	pos, err := json.Marshal(b.Position)
	if err != nil {
		return invalidf("apply type %d: position: %v", typeID, err)
	}
	return s.apply(ctx, typeID, rows, b.Remove, pos)
}

// apply writes one batch in one transaction. A large batch goes in with
// COPY first; the rest (a small batch's objects, the removals, the
// position) is sent as one pipeline, one round trip.
func (s *Store) apply(ctx context.Context, typeID int, rows []row, remove []int64, pos []byte) error {
	failed := func(err error) error {
		return s.dbError(err, "apply type %d (%d objects, %d removals; nothing applied)", typeID, len(rows), len(remove))
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return failed(err)
	}
	// After a commit this does nothing; after a cancelled context pgx
	// closes the connection instead, and the server rolls back.
	defer func() { _ = tx.Rollback(ctx) }()
	var batch pgx.Batch
	steps := []string{}
	switch {
	case len(rows) >= copyMin:
		if err := s.writeCopy(ctx, tx, typeID, rows); err != nil {
			return failed(err)
		}
	case len(rows) > 0:
		s.queueUnnest(&batch, typeID, rows)
		steps = append(steps, fmt.Sprintf("upsert %d objects", len(rows)))
	}
	if len(remove) > 0 {
		batch.Queue("DELETE FROM "+s.objects+" WHERE type_id = $1 AND id = ANY($2)", typeID, remove)
		steps = append(steps, fmt.Sprintf("remove %d objects", len(remove)))
	}
	batch.Queue("INSERT INTO "+s.positions+" (type_id, posisjon, updated_at) VALUES ($1, $2, now())"+
		" ON CONFLICT (type_id) DO UPDATE SET posisjon = excluded.posisjon, updated_at = excluded.updated_at", typeID, pos)
	steps = append(steps, "write position")
	results := tx.SendBatch(ctx, &batch)
	for _, step := range steps {
		if _, err := results.Exec(); err != nil {
			_ = results.Close()
			return failed(fmt.Errorf("%s: %w", step, err))
		}
	}
	if err := results.Close(); err != nil {
		return failed(err)
	}
	if err := tx.Commit(ctx); err != nil {
		// The COMMIT may have reached the server before the connection
		// broke: the outcome is unknown, and applying the batch again is
		// how to find out (it is harmless either way).
		return s.dbError(err, "apply type %d: commit (%d objects, %d removals; the batch may or may not have been applied, "+
			"and applying it again is safe)", typeID, len(rows), len(remove))
	}
	return nil
}

// row is one object as the table holds it.
type row struct {
	id                            int64
	versjon                       int32
	startdato, sluttdato          pgtype.Date
	egenskaper, barn, stedfesting []byte // JSON; nil is NULL
	sistEndret                    time.Time
}

// columns are the table's columns but type_id, in the order of row.
const columns = "id, versjon, startdato, sluttdato, egenskaper, barn, stedfesting, sist_endret"

// setNewer is the merge of an upsert: replace the row unless the stored
// one is newer, so a versjon never goes back, and a correction made to a
// version (same versjon, later sistEndret) is not undone by a replay of the
// version as it was.
const setNewer = ` ON CONFLICT (type_id, id) DO UPDATE SET versjon = excluded.versjon,
	startdato = excluded.startdato, sluttdato = excluded.sluttdato, egenskaper = excluded.egenskaper,
	barn = excluded.barn, stedfesting = excluded.stedfesting, sist_endret = excluded.sist_endret
	WHERE (excluded.versjon, excluded.sist_endret) >= (v.versjon, v.sist_endret)`

// writeCopy sends the rows with COPY (binary, no per-row statement). When
// the table holds no object of the type in the batch's id span (a first
// backfill, whose ranges are empty until copied), the rows go straight into
// the table; otherwise into a temporary table first, then merged in one
// statement, as COPY itself cannot skip an object the table holds newer.
func (s *Store) writeCopy(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	var occupied bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM "+s.objects+" WHERE type_id = $1 AND id BETWEEN $2 AND $3)",
		typeID, rows[0].id, rows[len(rows)-1].id).Scan(&occupied); err != nil {
		return fmt.Errorf("look for stored objects: %w", err)
	}
	if !occupied {
		return s.copyRows(ctx, tx, pgx.Identifier{s.schema, "vegobjekter"}, typeID, rows)
	}
	return s.copyMerge(ctx, tx, typeID, rows)
}

// copyMerge copies the rows into a temporary table and merges them.
func (s *Store) copyMerge(ctx context.Context, tx pgx.Tx, typeID int, rows []row) error {
	// A temporary table is private to the transaction's connection, written
	// without WAL, and dropped at commit or rollback.
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE pgstore_staging (id bigint, versjon integer, startdato date,
		sluttdato date, egenskaper jsonb, barn jsonb, stedfesting jsonb, sist_endret timestamptz) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("create staging table: %w", err)
	}
	if err := s.copyRows(ctx, tx, pgx.Identifier{"pgstore_staging"}, 0, rows); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO "+s.objects+" AS v (type_id, "+columns+") SELECT $1, "+columns+
		" FROM pgstore_staging ORDER BY id"+setNewer, typeID); err != nil {
		return fmt.Errorf("merge %d objects: %w", len(rows), err)
	}
	if _, err := tx.Exec(ctx, "DROP TABLE pgstore_staging"); err != nil {
		return fmt.Errorf("drop staging table: %w", err)
	}
	return nil
}

// copyRows copies the rows into table, with type_id first unless typeID
// is 0.
func (s *Store) copyRows(ctx context.Context, tx pgx.Tx, table pgx.Identifier, typeID int, rows []row) error {
	cols := []string{"id", "versjon", "startdato", "sluttdato", "egenskaper", "barn", "stedfesting", "sist_endret"}
	if typeID != 0 {
		cols = append([]string{"type_id"}, cols...)
	}
	src := &copySource{ctx: ctx, rows: rows, i: -1, hook: s.rowHook, typeID: int32(typeID)}
	if _, err := tx.CopyFrom(ctx, table, cols, src); err != nil {
		return fmt.Errorf("copy %d objects: %w", len(rows), err)
	}
	return nil
}

// copySource hands pgx the rows one by one; it stops when the context
// ends, rather than encoding the rest for a COPY that is being abandoned.
type copySource struct {
	ctx    context.Context
	rows   []row
	i      int
	typeID int32
	vals   [9]any
	hook   func(context.Context, int)
	err    error
}

func (c *copySource) Next() bool {
	c.i++
	if c.i >= len(c.rows) {
		return false
	}
	if c.hook != nil {
		c.hook(c.ctx, c.i)
	}
	if err := c.ctx.Err(); err != nil {
		c.err = err
		return false
	}
	return true
}

func (c *copySource) Values() ([]any, error) {
	r := &c.rows[c.i]
	c.vals = [9]any{c.typeID, r.id, r.versjon, r.startdato, r.sluttdato, jsonb(r.egenskaper), jsonb(r.barn), jsonb(r.stedfesting), r.sistEndret}
	if c.typeID == 0 {
		return c.vals[1:], nil
	}
	return c.vals[:], nil
}

func (c *copySource) Err() error { return c.err }

// jsonb returns nil (NULL) for no JSON: a nil []byte in an []any is not a
// nil interface.
func jsonb(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// queueUnnest queues the rows as one INSERT of arrays, one per column:
// one statement whatever the number of rows, so it is prepared once.
func (s *Store) queueUnnest(batch *pgx.Batch, typeID int, rows []row) {
	n := len(rows)
	var (
		ids       = make([]int64, n)
		versjoner = make([]int32, n)
		starts    = make([]pgtype.Date, n)
		sluttes   = make([]pgtype.Date, n)
		egs       = make([]pgtype.Text, n)
		barn      = make([]pgtype.Text, n)
		steds     = make([]pgtype.Text, n)
		endret    = make([]time.Time, n)
	)
	for i := range rows {
		r := &rows[i]
		ids[i], versjoner[i], starts[i], sluttes[i], endret[i] = r.id, r.versjon, r.startdato, r.sluttdato, r.sistEndret
		egs[i], barn[i], steds[i] = text(r.egenskaper), text(r.barn), text(r.stedfesting)
	}
	batch.Queue("INSERT INTO "+s.objects+" AS v (type_id, "+columns+") SELECT $1, * FROM unnest("+
		"$2::bigint[], $3::integer[], $4::date[], $5::date[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])"+setNewer,
		typeID, ids, versjoner, starts, sluttes, egs, barn, steds, endret)
}

func text(b []byte) pgtype.Text { return pgtype.Text{String: string(b), Valid: b != nil} }

// encodeRows checks the objects and turns them into rows, in id order (so
// concurrent writers lock rows in one order), each id once at its newest
// version.
func encodeRows(typeID int, objs []*uberiket.Vegobjekt) ([]row, error) {
	rows := make([]row, 0, len(objs))
	for i, o := range objs {
		r, err := encodeRow(typeID, o)
		if err != nil {
			return nil, invalidf("apply type %d: object %d of the batch: %v", typeID, i, err)
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.versjon, b.versjon), a.sistEndret.Compare(b.sistEndret))
	})
	out := rows[:0]
	for i := range rows {
		if i+1 < len(rows) && rows[i+1].id == rows[i].id {
			continue // a newer one of the same id follows
		}
		out = append(out, rows[i])
	}
	return out, nil
}

func encodeRow(typeID int, o *uberiket.Vegobjekt) (row, error) {
	switch {
	case o == nil:
		return row{}, fmt.Errorf("nil")
	case o.ID <= 0:
		return row{}, fmt.Errorf("id %d", o.ID)
	case o.TypeID != typeID:
		return row{}, fmt.Errorf("vegobjekt %d has typeId %d", o.ID, o.TypeID)
	case o.Versjon <= 0 || o.Versjon > math.MaxInt32:
		return row{}, fmt.Errorf("vegobjekt %d has versjon %d", o.ID, o.Versjon)
	case o.SistEndret.IsZero():
		return row{}, fmt.Errorf("vegobjekt %d has no sistEndret", o.ID)
	}
	r := row{id: o.ID, versjon: int32(o.Versjon), sistEndret: o.SistEndret}
	var err error
	if r.startdato, err = date(o.Startdato()); err != nil {
		return row{}, fmt.Errorf("vegobjekt %d: startdato: %v", o.ID, err)
	}
	if r.sluttdato, err = date(o.Sluttdato()); err != nil {
		return row{}, fmt.Errorf("vegobjekt %d: sluttdato: %v", o.ID, err)
	}
	if o.Egenskaper != nil {
		if r.egenskaper, err = o.Egenskaper.MarshalJSON(); err != nil {
			return row{}, fmt.Errorf("vegobjekt %d: egenskaper: %v", o.ID, err)
		}
	}
	if o.Barn != nil {
		r.barn = appendBarn(nil, o.Barn)
	}
	if o.Stedfesting != nil {
		if r.stedfesting, err = o.Stedfesting.MarshalJSON(); err != nil {
			return row{}, fmt.Errorf("vegobjekt %d: stedfesting: %v", o.ID, err)
		}
	}
	return r, nil
}

// date reads NVDB's "YYYY-MM-DD" by hand: time.Parse was a tenth of the
// cost of turning an object into a row.
func date(d uberiket.Dato) (pgtype.Date, error) {
	if d == "" {
		return pgtype.Date{}, nil
	}
	num := func(s string) int {
		n := 0
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	s := string(d)
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, m, day := num(s[:4]), num(s[5:7]), num(s[8:])
		t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
		// time.Date carries 2024-02-30 over to March; NVDB never sends it.
		if y >= 0 && m >= 1 && day >= 1 && t.Year() == y && int(t.Month()) == m && t.Day() == day {
			return pgtype.Date{Time: t, Valid: true}, nil
		}
	}
	return pgtype.Date{}, fmt.Errorf("invalid date %q", d)
}

// appendBarn writes the children as Uberiket does, {"relasjonstype": [ids]},
// without encoding/json's reflection (most objects have none: "{}").
func appendBarn(b []byte, barn map[int][]int64) []byte {
	keys := make([]int, 0, len(barn))
	for k := range barn {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, `":`...)
		if barn[k] == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, id := range barn[k] {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, id, 10)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// checkRemovals refuses ids that cannot be objects and ids the batch also
// upserts, whose outcome would depend on an order the Batch does not give.
func checkRemovals(typeID int, remove []int64, rows []row) error {
	for _, id := range remove {
		if id <= 0 {
			return invalidf("apply type %d: remove id %d", typeID, id)
		}
		if _, found := slices.BinarySearchFunc(rows, id, func(r row, id int64) int { return cmp.Compare(r.id, id) }); found {
			return invalidf("apply type %d: vegobjekt %d is both upserted and removed", typeID, id)
		}
	}
	return nil
}
