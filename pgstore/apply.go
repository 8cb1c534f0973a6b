package pgstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// copyMin is the smallest number of objects written with COPY; fewer go
// in as one INSERT of unnest arrays. COPY costs a round trip and a few
// statements a batch more (the occupancy check; for stored objects the
// staging table and the merge) and less per row. Measured in CPU time per
// object, client and server (BenchmarkWriteMethods): at 100 objects the
// INSERT is cheaper for stored objects (37 µs against 55), at 200 COPY is
// as cheap or cheaper (20 against 28 new, 30 against 32 stored), at 500
// and more COPY clearly is.
const copyMin = 200

// maxKeep is the most kept ids one statement clearing a replace range
// takes (see queueReplace): 10 000, a default batch, hash in about 300 kB.
const maxKeep = 10_000

// Apply applies the batch to the type in one transaction: the replace
// ranges, the objects, the removals and the position, all or nothing. In
// each of b.Replace's ranges it first deletes the type's objects the batch
// does not upsert, and the objects it upserts there replace the stored
// ones whatever their versjon: the batch is the whole of those ranges as
// NVDB has them (a backfill's ranges, or an object whose newest version
// NVDB removed), so an object NVDB no longer has goes and one NVDB took
// back to an older version follows. Outside the ranges an object replaces
// the stored one unless the stored one is newer (a higher versjon, or the
// same versjon changed later), so a batch of hendelser applied twice, or
// an older one applied after a newer one, never moves an object back.
// Removals come last: an id both upserted and removed is removed, as in
// uberiket's MemoryStore; removed ids the store does not hold are no
// error.
//
// A batch that cannot be right is refused before any SQL
// (ErrInvalidArgument): a nil object, an object of another type, one
// without id, versjon or sistEndret, a broken date, a removed id or a
// replace range that cannot be one. An object listed twice is written
// once, at its newest version.
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
	remove, err := checkRemovals(typeID, b.Remove)
	if err != nil {
		return err
	}
	replace, err := checkReplace(typeID, b.Replace)
	if err != nil {
		return err
	}
	pos, err := json.Marshal(b.Position)
	if err != nil {
		return invalidf("apply type %d: position: %v", typeID, err)
	}
	return s.apply(ctx, typeID, &write{rows: withoutRemoved(rows, remove), remove: remove, replace: replace, pos: pos})
}

// write is a checked batch: rows in id order, each id once and none
// removed; remove sorted; replace ranges with Until 0 made MaxInt64.
type write struct {
	rows    []row
	remove  []int64
	replace []uberiket.Range
	pos     []byte
}

// apply writes one batch in one transaction. A large batch into id ranges
// that hold no object yet (a first backfill) is COPYed straight into the
// table. Otherwise the replace ranges are cleared of what the batch does
// not hold, and the rows are merged: a large batch through a staging
// table, a small one as one INSERT of arrays. The statements around the
// COPY are pipelined: a batch takes the occupancy check, one round trip
// before the COPY and one after, and the commit.
func (s *Store) apply(ctx context.Context, typeID int, w *write) error {
	failed := func(err error) error {
		// A context that ends mid-COPY reaches the server as the COPY's
		// failure, whose answer pgx may return instead of the context's
		// error: the caller still learns it was the context.
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return s.dbError(err, "apply type %d (%d objects, %d removals, %d replace ranges; nothing applied)",
			typeID, len(w.rows), len(w.remove), len(w.replace))
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return failed(err)
	}
	// After a commit this does nothing; after a cancelled context pgx
	// closes the connection instead, and the server rolls back.
	defer func() { _ = tx.Rollback(ctx) }()
	useCopy := len(w.rows) >= copyMin
	occupied := true
	if useCopy {
		// Only COPY needs to know: the INSERT of a small batch merges
		// anyway, and clearing an empty range costs as little as asking.
		if occupied, err = s.occupied(ctx, tx, typeID, w); err != nil {
			return failed(fmt.Errorf("look for stored objects: %w", err))
		}
	}
	var st steps
	if occupied {
		s.queueReplace(&st, typeID, w)
	}
	switch {
	case useCopy:
		table, typeCol := pgx.Identifier{s.schema, "vegobjekter"}, typeID
		if occupied {
			st.queue(fmt.Sprintf("create staging table for %d objects", len(w.rows)), createStaging)
			table, typeCol = pgx.Identifier{"pgstore_staging"}, 0
		}
		if err := st.run(ctx, tx); err != nil {
			return failed(err)
		}
		if err := s.copyRows(ctx, tx, table, typeCol, w.rows); err != nil {
			return failed(err)
		}
		if occupied {
			afters, untils := bounds(w.replace)
			st.queue(fmt.Sprintf("merge %d objects", len(w.rows)), "INSERT INTO "+s.objects+" AS v (type_id, "+columns+
				") SELECT $1, "+columns+" FROM pgstore_staging ORDER BY id"+onConflict(2), typeID, afters, untils)
			st.queue("drop staging table", "DROP TABLE pgstore_staging")
		}
	case len(w.rows) > 0:
		s.queueUnnest(&st, typeID, w.rows, w.replace)
	}
	if len(w.remove) > 0 {
		st.queue(fmt.Sprintf("remove %d objects", len(w.remove)),
			"DELETE FROM "+s.objects+" WHERE type_id = $1 AND id = ANY($2)", typeID, w.remove)
	}
	st.queue("write position", "INSERT INTO "+s.positions+" (type_id, posisjon, updated_at) VALUES ($1, $2, now())"+
		" ON CONFLICT (type_id) DO UPDATE SET posisjon = excluded.posisjon, updated_at = excluded.updated_at", typeID, w.pos)
	if err := st.run(ctx, tx); err != nil {
		return failed(err)
	}
	if err := tx.Commit(ctx); err != nil {
		// The COMMIT may have reached the server before the connection
		// broke: the outcome is unknown, and applying the batch again is
		// how to find out (it is harmless either way).
		return s.dbError(err, "apply type %d: commit (%d objects, %d removals; the batch may or may not have been applied, "+
			"and applying it again is safe)", typeID, len(w.rows), len(w.remove))
	}
	return nil
}

// steps are statements sent together as one pipeline, each named for the
// error should it fail.
type steps struct {
	batch pgx.Batch
	names []string
}

func (st *steps) queue(name, sql string, args ...any) {
	st.batch.Queue(sql, args...)
	st.names = append(st.names, name)
}

// run sends the statements queued so far and empties st.
func (st *steps) run(ctx context.Context, tx pgx.Tx) error {
	if len(st.names) == 0 {
		return nil
	}
	b, names := st.batch, st.names // the results read b's queries until closed
	*st = steps{}
	results := tx.SendBatch(ctx, &b)
	for _, name := range names {
		if _, err := results.Exec(); err != nil {
			_ = results.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return results.Close()
}

// occupied reports whether the table holds an object of the type where
// the batch writes: in a replace range, or among the ids of the rows
// outside them (in their span, which is one index probe). A first
// backfill's ranges are empty until copied, and the ranges read in
// parallel by one backfill never overlap, so its batches find nothing,
// however their rows interleave with those of batches before.
func (s *Store) occupied(ctx context.Context, tx pgx.Tx, typeID int, w *write) (bool, error) {
	afters := make([]int64, 0, len(w.replace)+1)
	untils := make([]int64, 0, len(w.replace)+1)
	for _, r := range w.replace {
		afters, untils = append(afters, r.After), append(untils, r.Until)
	}
	var lo, hi int64 = 0, -1
	for i := range w.rows {
		if id := w.rows[i].id; !inRanges(w.replace, id) {
			if hi < 0 {
				lo = id
			}
			hi = id
		}
	}
	if hi >= 0 {
		afters, untils = append(afters, lo-1), append(untils, hi)
	}
	var found bool
	err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM unnest($2::bigint[], $3::bigint[]) AS r(after, until)"+
		" WHERE EXISTS (SELECT FROM "+s.objects+" WHERE type_id = $1 AND id > r.after AND id <= r.until))",
		typeID, afters, untils).Scan(&found)
	return found, err
}

// queueReplace queues, for each replace range, the deletion of the type's
// objects in it that the batch does not write. The ids kept go as an
// array into NOT IN, which PostgreSQL runs as a hashed subplan: the range
// is read by the primary key, each id looked up in a hash of the kept ones,
// whatever the planner estimates the range holds. (An anti join against
// the array was planned as a nested loop when the table had no statistics
// yet, as after a copy made moments before: 2000 stored ids compared with
// 1000 kept ones each, 330 ms, and a batch of 10 000 in seconds.) A range
// whose kept ids are more than maxKeep is cleared in parts, each with its
// own kept ids, so the hash stays far below work_mem, past which
// PostgreSQL would compare each stored id with every kept one instead.
func (s *Store) queueReplace(st *steps, typeID int, w *write) {
	for _, r := range w.replace {
		lo, _ := slices.BinarySearchFunc(w.rows, r.After+1, byID)
		hi, _ := slices.BinarySearchFunc(w.rows, r.Until, byID)
		if hi < len(w.rows) && w.rows[hi].id == r.Until {
			hi++
		}
		keep := make([]int64, hi-lo)
		for i := range keep {
			keep[i] = w.rows[lo+i].id
		}
		for after := r.After; ; {
			part, until := keep, r.Until
			if len(keep) > s.maxKeep {
				part = keep[:s.maxKeep]
				until = part[len(part)-1]
			}
			st.queue(fmt.Sprintf("clear replace range %d < id <= %d", after, until),
				"DELETE FROM "+s.objects+" WHERE type_id = $1 AND id > $2 AND id <= $3"+
					" AND id NOT IN (SELECT unnest($4::bigint[]))",
				typeID, after, until, part)
			if until == r.Until {
				break
			}
			after, keep = until, keep[len(part):]
		}
	}
}

func byID(r row, id int64) int { return cmp.Compare(r.id, id) }

// inRanges reports whether id is in one of rs (sorted, Until set).
func inRanges(rs []uberiket.Range, id int64) bool {
	i, _ := slices.BinarySearchFunc(rs, id, func(r uberiket.Range, id int64) int {
		switch {
		case r.Until < id:
			return -1
		case r.After >= id:
			return 1
		}
		return 0
	})
	return i < len(rs) && rs[i].After < id && id <= rs[i].Until
}

const createStaging = `CREATE TEMP TABLE pgstore_staging (id bigint, versjon integer, startdato date,
	sluttdato date, egenskaper jsonb, barn jsonb, stedfesting jsonb, sist_endret timestamptz) ON COMMIT DROP`

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

// onConflict is the merge of an upsert; $p and $p+1 are the batch's
// replace ranges (after < id <= until) as two arrays. Inside them the row
// becomes the upserted one whatever the stored one is: the batch holds the
// range as NVDB has it at the batch's position, and that can be an older
// versjon (NVDB removed the newest one, VegobjektVersjonFjernet). Outside
// them the row is replaced unless the stored one is newer, so a stale or
// repeated batch of hendelser never moves a versjon back, and a correction
// made to a version (same versjon, later sistEndret) is not undone by a
// replay of the version as it was.
func onConflict(p int) string {
	return fmt.Sprintf(` ON CONFLICT (type_id, id) DO UPDATE SET versjon = excluded.versjon,
	startdato = excluded.startdato, sluttdato = excluded.sluttdato, egenskaper = excluded.egenskaper,
	barn = excluded.barn, stedfesting = excluded.stedfesting, sist_endret = excluded.sist_endret
	WHERE (excluded.versjon, excluded.sist_endret) >= (v.versjon, v.sist_endret)
	OR EXISTS (SELECT FROM unnest($%d::bigint[], $%d::bigint[]) AS r(after, until)
		WHERE excluded.id > r.after AND excluded.id <= r.until)`, p, p+1)
}

// bounds returns the replace ranges as the two arrays onConflict takes.
func bounds(replace []uberiket.Range) (afters, untils []int64) {
	afters, untils = make([]int64, len(replace)), make([]int64, len(replace))
	for i, r := range replace {
		afters[i], untils[i] = r.After, r.Until
	}
	return afters, untils
}

// copyRows copies the rows into table (type_id first unless typeID is 0)
// with COPY in PostgreSQL's binary format. The format is written here
// rather than by pgx's CopyFrom: the columns' types are known, and pgx's
// encoding of every value through its type map (and its statement
// description, a round trip per COPY in some query modes) cost more than
// the rest of a row's encoding.
func (s *Store) copyRows(ctx context.Context, tx pgx.Tx, table pgx.Identifier, typeID int, rows []row) error {
	cols := columns
	if typeID != 0 {
		cols = "type_id, " + columns
	}
	src := &copyReader{ctx: ctx, rows: rows, typeID: int32(typeID), hook: s.rowHook, buf: append(make([]byte, 0, 80<<10), copyHeader...)}
	if _, err := tx.Conn().PgConn().CopyFrom(ctx, src, "COPY "+table.Sanitize()+" ("+cols+") FROM STDIN (FORMAT binary)"); err != nil {
		return fmt.Errorf("copy %d objects: %w", len(rows), err)
	}
	return nil
}

// copyHeader begins a binary COPY: the signature, no flags, no extension.
const copyHeader = "PGCOPY\n\xff\r\n\x00" + "\x00\x00\x00\x00" + "\x00\x00\x00\x00"

// PostgreSQL counts dates and timestamps from 2000-01-01 UTC.
const (
	pgEpochDays   = 10957           // Unix days
	pgEpochMicros = 946684800000000 // Unix microseconds
)

// copyReader is the stream of a binary COPY, encoded as pgx reads it. It
// stops when the context ends, rather than encoding the rest for a COPY
// that is being abandoned.
type copyReader struct {
	ctx    context.Context
	rows   []row
	i      int // the next row to encode
	typeID int32
	hook   func(context.Context, int)
	buf    []byte // encoded; buf[off:] not read yet
	off    int
	done   bool // the trailer is in buf
}

func (c *copyReader) Read(p []byte) (int, error) {
	c.buf = append(c.buf[:0], c.buf[c.off:]...)
	c.off = 0
	for len(c.buf) < len(p) && !c.done {
		if c.i == len(c.rows) {
			c.buf = binary.BigEndian.AppendUint16(c.buf, 0xffff) // the trailer: -1 fields
			c.done = true
			break
		}
		if c.hook != nil {
			c.hook(c.ctx, c.i)
		}
		if err := c.ctx.Err(); err != nil {
			return 0, err
		}
		c.buf = c.appendRow(c.buf, &c.rows[c.i])
		c.i++
	}
	n := copy(p, c.buf)
	c.off = n
	if n == 0 && c.done {
		return 0, io.EOF
	}
	return n, nil
}

// appendRow appends one tuple: its number of fields, then each field's
// length (-1 for NULL) and value in the type's binary form.
func (c *copyReader) appendRow(b []byte, r *row) []byte {
	be := binary.BigEndian
	if c.typeID != 0 {
		b = be.AppendUint16(b, 9)
		b = be.AppendUint32(b, 4)
		b = be.AppendUint32(b, uint32(c.typeID))
	} else {
		b = be.AppendUint16(b, 8)
	}
	b = be.AppendUint32(b, 8)
	b = be.AppendUint64(b, uint64(r.id))
	b = be.AppendUint32(b, 4)
	b = be.AppendUint32(b, uint32(r.versjon))
	b = appendDate(b, r.startdato)
	b = appendDate(b, r.sluttdato)
	b = appendJSONB(b, r.egenskaper)
	b = appendJSONB(b, r.barn)
	b = appendJSONB(b, r.stedfesting)
	b = be.AppendUint32(b, 8)
	return be.AppendUint64(b, uint64(r.sistEndret.UnixMicro()-pgEpochMicros))
}

// appendDate writes a date as days since 2000-01-01 (the rows' dates are
// midnight UTC).
func appendDate(b []byte, d pgtype.Date) []byte {
	if !d.Valid {
		return binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	b = binary.BigEndian.AppendUint32(b, 4)
	return binary.BigEndian.AppendUint32(b, uint32(int32(d.Time.Unix()/86400-pgEpochDays)))
}

// appendJSONB writes JSON as jsonb: version 1, then the text.
func appendJSONB(b, json []byte) []byte {
	if json == nil {
		return binary.BigEndian.AppendUint32(b, 0xffffffff)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(1+len(json)))
	b = append(b, 1)
	return append(b, json...)
}

// queueUnnest queues the rows as one INSERT of arrays, one per column:
// one statement whatever the number of rows, so it is prepared once.
func (s *Store) queueUnnest(st *steps, typeID int, rows []row, replace []uberiket.Range) {
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
	afters, untils := bounds(replace)
	st.queue(fmt.Sprintf("upsert %d objects", n), "INSERT INTO "+s.objects+" AS v (type_id, "+columns+") SELECT $1, * FROM unnest("+
		"$2::bigint[], $3::integer[], $4::date[], $5::date[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])"+onConflict(10),
		typeID, ids, versjoner, starts, sluttes, egs, barn, steds, endret, afters, untils)
}

func text(b []byte) pgtype.Text { return pgtype.Text{String: string(b), Valid: b != nil} }

// encodeRows checks the objects and turns them into rows, in id order (so
// concurrent writers lock rows in one order), each id once at its newest
// version. The rows' JSON is written into one buffer for the batch.
func encodeRows(typeID int, objs []*uberiket.Vegobjekt) ([]row, error) {
	rows := make([]row, 0, len(objs))
	// About what a speed limit takes; a larger batch grows the buffer,
	// and the rows written before keep the part they point into.
	buf := make([]byte, 0, 384*len(objs))
	for i, o := range objs {
		r, err := encodeRow(typeID, o, &buf)
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

// encodeRow checks o and makes its row, its JSON appended to buf.
func encodeRow(typeID int, o *uberiket.Vegobjekt, buf *[]byte) (row, error) {
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
	// part returns what was appended since start, capped so that no later
	// append writes into it.
	part := func(start int) []byte { b := *buf; return b[start:len(b):len(b)] }
	if o.Egenskaper != nil {
		start := len(*buf)
		if *buf, err = o.Egenskaper.AppendJSON(*buf); err != nil {
			return row{}, fmt.Errorf("vegobjekt %d: egenskaper: %v", o.ID, err)
		}
		r.egenskaper = part(start)
	}
	if o.Barn != nil {
		start := len(*buf)
		*buf = appendBarn(*buf, o.Barn)
		r.barn = part(start)
	}
	if o.Stedfesting != nil {
		start := len(*buf)
		if *buf, err = o.Stedfesting.AppendJSON(*buf); err != nil {
			return row{}, fmt.Errorf("vegobjekt %d: stedfesting: %v", o.ID, err)
		}
		r.stedfesting = part(start)
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

// checkRemovals refuses ids that cannot be objects; it returns the ids
// sorted, each once.
func checkRemovals(typeID int, remove []int64) ([]int64, error) {
	for _, id := range remove {
		if id <= 0 {
			return nil, invalidf("apply type %d: remove id %d", typeID, id)
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(remove))), nil
}

// withoutRemoved drops the rows of removed ids: the removals apply after
// the upserts (uberiket.Store's order), so such an object ends removed.
func withoutRemoved(rows []row, remove []int64) []row {
	if len(remove) == 0 {
		return rows
	}
	return slices.DeleteFunc(rows, func(r row) bool {
		_, found := slices.BinarySearch(remove, r.id)
		return found
	})
}

// checkReplace refuses ranges that cannot be ones and returns them sorted
// and joined where they meet, with no upper end written as MaxInt64 (so
// that every range is one index scan).
func checkReplace(typeID int, replace []uberiket.Range) ([]uberiket.Range, error) {
	out := make([]uberiket.Range, 0, len(replace))
	for _, r := range replace {
		switch {
		case r.After < 0:
			return nil, invalidf("apply type %d: replace range after %d: must be >= 0", typeID, r.After)
		case r.Until != 0 && r.Until <= r.After:
			return nil, invalidf("apply type %d: replace range %d < id <= %d is empty (until 0 is no upper end)", typeID, r.After, r.Until)
		case r.Until == 0:
			r.Until = math.MaxInt64
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b uberiket.Range) int { return cmp.Compare(a.After, b.After) })
	// Ranges that meet or overlap are one: the same objects go.
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r.After <= merged[n-1].Until {
			merged[n-1].Until = max(merged[n-1].Until, r.Until)
			continue
		}
		merged = append(merged, r)
	}
	return merged, nil
}
