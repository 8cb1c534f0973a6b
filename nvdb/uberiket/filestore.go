package uberiket

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// FileStore is a Store in a directory, one append-only log per type
// (vegobjekter-<typeId>.log). Every Batch is one record of the log,
// written whole and synced to disk before Apply returns: objects,
// removals and position together. A record cut short by a crash is
// recognised by its length and checksum when the store is opened again,
// and dropped with the rest of the log after it, so the store opens at the
// last batch that was applied whole. The objects stay on disk, in NVDB's
// own JSON; memory holds an index of about 50 bytes per object. When most
// of a log is objects replaced or removed since, Apply rewrites it
// (Compact), into a new file renamed into place.
//
// One process at a time may use a directory. A FileStore is safe for
// concurrent use.
type FileStore struct {
	dir   string
	mu    sync.RWMutex
	types map[int]*fileType
}

// fileType is the log of one type and what it holds.
type fileType struct {
	path string
	f    *os.File
	end  int64 // where the next record goes
	live int64 // bytes of the objects held
	c    *typeCopy[fileEntry]
	buf  []byte
}

// fileEntry is where the JSON of an object is in the log.
type fileEntry struct {
	off     int64
	n       uint32
	versjon int32
}

// The log: a magic header, then records of a length and a CRC-32C of the
// payload, then the payload (see encodeBatch).
const (
	fileMagic = "UBERIKET-LOG-1\n"
	// compactAt is the smallest log Apply rewrites, when at least half of
	// it is dead.
	compactAt = 64 << 20
	// maxRecord bounds a record's payload on reading: a length beyond it
	// is a damaged header, not a batch.
	maxRecord = 1 << 31
)

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	logName    = regexp.MustCompile(`^vegobjekter-([0-9]+)\.log$`)
)

// NewFileStore opens the store in dir, creating dir if needed, and reads
// the logs it holds. A log whose last record was cut short (a crash while
// writing) is truncated to its last whole record; a record damaged before
// the end is an error.
func NewFileStore(dir string) (*FileStore, error) {
	if dir == "" {
		return nil, invalid("NewFileStore needs a directory")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	s := &FileStore{dir: dir, types: map[int]*fileType{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	for _, e := range entries {
		m := logName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		typeID, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		ft, err := openLog(filepath.Join(dir, e.Name()))
		if err != nil {
			s.Close()
			return nil, err
		}
		s.types[typeID] = ft
	}
	return s, nil
}

// openLog opens a log and replays it.
func openLog(path string) (*fileType, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	ft := &fileType{path: path, f: f, c: newTypeCopy[fileEntry]()}
	if err := ft.replay(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("uberiket: file store: %s: %w", filepath.Base(path), err)
	}
	return ft, nil
}

// replay reads the log's records into the index and truncates a torn tail.
func (ft *fileType) replay() error {
	size, err := ft.f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.NewSectionReader(ft.f, 0, size), 1<<20)
	magic := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != fileMagic {
		if size < int64(len(fileMagic)) && fileMagic[:size] == string(magic[:size]) {
			// Created but its header not written whole: an empty log.
			return ft.reset()
		}
		return errors.New("not a log of this store")
	}
	off := int64(len(fileMagic))
	var head [8]byte
	var payload []byte
	for off < size {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			break // a header cut short
		}
		n := int64(binary.LittleEndian.Uint32(head[:4]))
		if n > maxRecord || off+8+n > size {
			break // a payload cut short
		}
		payload = slices.Grow(payload[:0], int(n))[:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return err
		}
		if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(head[4:]) {
			if off+8+n == size {
				break // the last record, its bytes not all on disk
			}
			return fmt.Errorf("the record at byte %d is damaged", off)
		}
		b, entries, err := decodeBatch(payload, off+8)
		if err != nil {
			return fmt.Errorf("the record at byte %d: %w", off, err)
		}
		ft.applyIndexed(b, entries)
		off += 8 + n
	}
	if off < size {
		if err := ft.f.Truncate(off); err != nil {
			return err
		}
		if err := ft.f.Sync(); err != nil {
			return err
		}
	}
	ft.end = off
	return nil
}

// reset makes the log an empty one.
func (ft *fileType) reset() error {
	if err := ft.f.Truncate(0); err != nil {
		return err
	}
	if _, err := ft.f.WriteAt([]byte(fileMagic), 0); err != nil {
		return err
	}
	ft.end = int64(len(fileMagic))
	return ft.f.Sync()
}

// applyIndexed applies a batch whose objects are at entries.
func (ft *fileType) applyIndexed(b *Batch, entries []fileEntry) {
	ft.c.apply(b, func(i int) fileEntry {
		ft.live += int64(entries[i].n)
		return entries[i]
	}, func(_ int64, old fileEntry) { ft.live -= int64(old.n) })
}

// encodeBatch appends the payload of b to buf and returns where each
// object's JSON is, counted from the payload's start: the position as
// JSON, the Replace ranges, the Remove ids, then each object as id,
// versjon and its JSON, all numbers as uvarints.
func encodeBatch(buf []byte, b *Batch) ([]byte, []fileEntry, error) {
	pos, err := json.Marshal(b.Position)
	if err != nil {
		return nil, nil, err
	}
	buf = binary.AppendUvarint(buf, uint64(len(pos)))
	buf = append(buf, pos...)
	buf = binary.AppendUvarint(buf, uint64(len(b.Replace)))
	for _, r := range b.Replace {
		buf = binary.AppendUvarint(buf, uint64(r.After))
		buf = binary.AppendUvarint(buf, uint64(r.Until))
	}
	buf = binary.AppendUvarint(buf, uint64(len(b.Remove)))
	for _, id := range b.Remove {
		buf = binary.AppendUvarint(buf, uint64(id))
	}
	buf = binary.AppendUvarint(buf, uint64(len(b.Upsert)))
	entries := make([]fileEntry, len(b.Upsert))
	var obj []byte
	for i, o := range b.Upsert {
		if obj, err = o.AppendJSON(obj[:0]); err != nil {
			return nil, nil, err
		}
		buf = binary.AppendUvarint(buf, uint64(o.ID))
		buf = binary.AppendUvarint(buf, uint64(o.Versjon))
		buf = binary.AppendUvarint(buf, uint64(len(obj)))
		entries[i] = fileEntry{off: int64(len(buf)), n: uint32(len(obj)), versjon: int32(o.Versjon)}
		buf = append(buf, obj...)
	}
	return buf, entries, nil
}

// decodeBatch reads a payload written by encodeBatch, at file offset base.
// The objects stay where they are: Upsert holds each as an id and versjon
// only, and entries says where its JSON is.
func decodeBatch(p []byte, base int64) (*Batch, []fileEntry, error) {
	d := &uvarints{p: p}
	b := &Batch{}
	pos := d.bytes()
	if d.err == nil {
		if err := json.Unmarshal(pos, &b.Position); err != nil {
			return nil, nil, err
		}
	}
	for range d.count() {
		b.Replace = append(b.Replace, Range{After: int64(d.next()), Until: int64(d.next())})
	}
	for range d.count() {
		b.Remove = append(b.Remove, int64(d.next()))
	}
	n := d.count()
	entries := make([]fileEntry, 0, n)
	b.Upsert = make([]*Vegobjekt, 0, n)
	for range n {
		id, ver := int64(d.next()), int32(d.next())
		obj := d.bytes()
		if d.err != nil {
			break
		}
		b.Upsert = append(b.Upsert, &Vegobjekt{ID: id, Versjon: int(ver)})
		entries = append(entries, fileEntry{off: base + int64(d.i-len(obj)), n: uint32(len(obj)), versjon: ver})
	}
	if d.err == nil && d.i != len(p) {
		d.err = errors.New("bytes after the batch")
	}
	return b, entries, d.err
}

// uvarints reads a payload; the first error sticks.
type uvarints struct {
	p   []byte
	i   int
	err error
}

func (d *uvarints) next() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.p[d.i:])
	if n <= 0 {
		d.err = errors.New("a number cut short")
		return 0
	}
	d.i += n
	return v
}

// count reads a length, bounded by what is left.
func (d *uvarints) count() int {
	n := d.next()
	if n > uint64(len(d.p)-d.i) {
		d.err = errors.New("a count beyond the record")
		return 0
	}
	return int(n)
}

func (d *uvarints) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	b := d.p[d.i : d.i+n]
	d.i += n
	return b
}

// typeLog returns the log of a type, creating it when create is set; nil
// when there is none. mu is held for writing when create is set.
func (s *FileStore) typeLog(typeID int, create bool) (*fileType, error) {
	if ft := s.types[typeID]; ft != nil || !create {
		return ft, nil
	}
	if s.types == nil {
		return nil, errors.New("uberiket: file store: closed")
	}
	path := filepath.Join(s.dir, "vegobjekter-"+strconv.Itoa(typeID)+".log")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	ft := &fileType{path: path, f: f, c: newTypeCopy[fileEntry]()}
	if err := ft.reset(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	if err := syncDir(s.dir); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("uberiket: file store: %w", err)
	}
	s.types[typeID] = ft
	return ft, nil
}

// syncDir makes a file created or renamed in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Position returns the store's position for the type; false when it never
// applied a batch of it.
func (s *FileStore) Position(_ context.Context, typeID int) (Position, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ft := s.types[typeID]
	if ft == nil || !ft.c.has {
		return Position{}, false, nil
	}
	return clonePosition(ft.c.pos), true, nil
}

// Apply writes the batch as one record of the type's log, syncs it to
// disk and then applies it to the index: all or nothing.
func (s *FileStore) Apply(ctx context.Context, typeID int, b *Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b == nil {
		return invalid("nil batch")
	}
	for _, o := range b.Upsert {
		if o == nil || o.ID <= 0 {
			return invalid("a nil object, or one without id, in the batch")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ft, err := s.typeLog(typeID, true)
	if err != nil {
		return err
	}
	if err := ft.append(b); err != nil {
		return err
	}
	if ft.end > compactAt && ft.end > 2*ft.live {
		return ft.compact()
	}
	return nil
}

// append writes b as a record at the end of the log.
func (ft *fileType) append(b *Batch) error {
	buf := append(ft.buf[:0], make([]byte, 8)...)
	buf, entries, err := encodeBatch(buf, b)
	if err != nil {
		return fmt.Errorf("uberiket: file store: %w", err)
	}
	payload := buf[8:]
	if len(payload) > maxRecord {
		return fmt.Errorf("uberiket: file store: a batch of %d bytes; apply smaller ones", len(payload))
	}
	binary.LittleEndian.PutUint32(buf[:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(buf[4:8], crc32.Checksum(payload, castagnoli))
	if _, err := ft.f.WriteAt(buf, ft.end); err != nil {
		_ = ft.f.Truncate(ft.end)
		return fmt.Errorf("uberiket: file store: %w", err)
	}
	if err := ft.f.Sync(); err != nil {
		_ = ft.f.Truncate(ft.end)
		return fmt.Errorf("uberiket: file store: %w", err)
	}
	for i := range entries {
		entries[i].off += ft.end
	}
	ft.applyIndexed(b, entries)
	ft.end += int64(len(buf))
	if cap(buf) <= 64<<20 {
		ft.buf = buf // kept for the next batch, unless a huge one
	}
	return nil
}

// Compact rewrites the type's log with only what it holds now, into a new
// file renamed into place. Apply does it by itself when most of a log is
// dead.
func (s *FileStore) Compact(typeID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ft, err := s.typeLog(typeID, false)
	if err != nil || ft == nil {
		return err
	}
	return ft.compact()
}

// compact writes the objects held, those kept from before a backfill
// under way first, then the others with the position (so that reading
// the new log marks the first as stale again), and swaps the files.
func (ft *fileType) compact() error {
	tmp := ft.path + ".compact"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("uberiket: file store: %w", err)
	}
	next := &fileType{path: ft.path, f: f, c: newTypeCopy[fileEntry]()}
	fail := func(err error) error {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("uberiket: file store: compacting: %w", err)
	}
	if err := next.reset(); err != nil {
		return fail(err)
	}
	var stale, fresh []int64
	for _, id := range slices.Sorted(maps.Keys(ft.c.objs)) {
		if _, ok := ft.c.stale[id]; ok {
			stale = append(stale, id)
		} else {
			fresh = append(fresh, id)
		}
	}
	before := Position{Hendelse: ft.c.pos.Hendelse}
	groups := []struct {
		ids []int64
		pos Position
	}{{stale, before}, {fresh, ft.c.pos}}
	for g, group := range groups {
		if g == 0 && len(group.ids) == 0 {
			continue
		}
		for k := 0; k == 0 || k < len(group.ids); k += DefaultBatchSize {
			ids := group.ids[k:min(k+DefaultBatchSize, len(group.ids))]
			b := &Batch{Position: group.pos, Upsert: make([]*Vegobjekt, len(ids))}
			for i, id := range ids {
				if b.Upsert[i], err = ft.read(id); err != nil {
					return fail(err)
				}
			}
			if err := next.append(b); err != nil {
				return fail(err)
			}
		}
	}
	if err := os.Rename(tmp, ft.path); err != nil {
		return fail(err)
	}
	if err := syncDir(filepath.Dir(ft.path)); err != nil {
		return fmt.Errorf("uberiket: file store: compacting: %w", err)
	}
	_ = ft.f.Close()
	*ft = *next
	return nil
}

// read reads and decodes the object id; mu is held.
func (ft *fileType) read(id int64) (*Vegobjekt, error) {
	e, ok := ft.c.objs[id]
	if !ok {
		return nil, nil
	}
	b := make([]byte, e.n)
	if _, err := ft.f.ReadAt(b, e.off); err != nil {
		return nil, fmt.Errorf("uberiket: file store: reading object %d: %w", id, err)
	}
	o := new(Vegobjekt)
	if err := o.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("uberiket: file store: object %d: %w", id, err)
	}
	return o, nil
}

// Get returns the object of the type with the id; nil when the store does
// not hold it.
func (s *FileStore) Get(typeID int, id int64) (*Vegobjekt, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ft := s.types[typeID]
	if ft == nil {
		return nil, nil
	}
	return ft.read(id)
}

// Len returns how many objects of the type the store holds.
func (s *FileStore) Len(typeID int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if ft := s.types[typeID]; ft != nil {
		return len(ft.c.objs)
	}
	return 0
}

// Versjoner returns the objects of the type the store holds as id →
// versjon, from memory.
func (s *FileStore) Versjoner(typeID int) map[int64]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[int64]int{}
	if ft := s.types[typeID]; ft != nil {
		for id, e := range ft.c.objs {
			out[id] = int(e.versjon)
		}
	}
	return out
}

// Objects iterates the objects of the type in id order: those it held
// when called, each as it is when read (one removed since is left out).
// Apply may run while it is ranged.
func (s *FileStore) Objects(typeID int) iter.Seq2[*Vegobjekt, error] {
	return func(yield func(*Vegobjekt, error) bool) {
		s.mu.RLock()
		var ids []int64
		if ft := s.types[typeID]; ft != nil {
			ids = slices.Sorted(maps.Keys(ft.c.objs))
		}
		s.mu.RUnlock()
		for _, id := range ids {
			s.mu.RLock()
			var o *Vegobjekt
			var err error
			if ft := s.types[typeID]; ft != nil {
				o, err = ft.read(id)
			}
			s.mu.RUnlock()
			if err != nil {
				yield(nil, err)
				return
			}
			if o != nil && !yield(o, nil) {
				return
			}
		}
	}
}

// Close closes the logs; the store is not used afterwards.
func (s *FileStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, ft := range s.types {
		errs = append(errs, ft.f.Close())
	}
	s.types = nil
	return errors.Join(errs...)
}
