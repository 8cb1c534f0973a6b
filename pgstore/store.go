package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	vegdata "github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
)

// DefaultSchema is the schema the tables go in unless WithSchema names
// another.
const DefaultSchema = "nvdb"

var (
	// ErrInvalidArgument is the root package's sentinel, matched by bad
	// input refused before any SQL: a schema name that is not an
	// identifier, a nil pool, a batch that cannot be right.
	ErrInvalidArgument = vegdata.ErrInvalidArgument
	// ErrUnavailable is the root package's sentinel, matched when the pool
	// cannot connect to PostgreSQL.
	ErrUnavailable = vegdata.ErrUnavailable
	// ErrIncompatibleLayout is matched when the schema holds tables that
	// pgstore did not make, that were changed by hand, or that a newer
	// pgstore made. The error says what to do; nothing was changed.
	ErrIncompatibleLayout = errors.New("pgstore: incompatible table layout")
)

// Store keeps the active objects of vegobjekttypes in PostgreSQL, one row
// per object in <schema>.vegobjekter, and each type's position in
// <schema>.posisjoner. It implements uberiket.Store; every Apply is one
// transaction. A Store is safe for concurrent use; run one Sync per type at
// a time.
type Store struct {
	pool   *pgxpool.Pool
	schema string
	// Quoted table names, built once.
	objects, positions string
	// rowHook, when set (by tests), runs before each row a COPY sends.
	rowHook func(ctx context.Context, i int)
	// maxKeep is the constant maxKeep but in tests, which clear ranges in
	// parts with batches of a few objects.
	maxKeep int
}

var _ uberiket.Store = (*Store)(nil)

// Option configures New.
type Option func(*config) error

type config struct {
	schema     string
	migrations []string
}

// WithSchema names the schema the tables go in (default "nvdb"). The name
// must be a plain lower-case identifier (letters a–z, digits and _, not
// starting with a digit, at most 63 bytes, not pg_…), so users can write
// it in SQL unquoted; it is created when missing.
func WithSchema(name string) Option {
	return func(c *config) error {
		if err := checkSchema(name); err != nil {
			return err
		}
		c.schema = name
		return nil
	}
}

func checkSchema(name string) error {
	bad := func(why string) error {
		return invalidf("schema name %q %s", name, why)
	}
	switch {
	case name == "":
		return bad("is empty")
	case len(name) > 63:
		return bad("is longer than PostgreSQL's 63 bytes")
	case name[0] >= '0' && name[0] <= '9':
		return bad("starts with a digit")
	case strings.HasPrefix(name, "pg_"):
		return bad("starts with pg_, which PostgreSQL keeps for its own schemas")
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return bad("is not a plain identifier: use lower-case letters a-z, digits and _")
		}
	}
	return nil
}

// New returns a store on the pool's database. It creates the schema and
// its tables when they are missing, migrates tables an older pgstore made
// in place, and leaves tables of the current layout as they are, so
// calling it at every start is fine. Concurrent calls on one database wait
// for each other.
//
// It refuses, changing nothing, a schema name that is not an identifier
// (ErrInvalidArgument, before any SQL), a pool that cannot connect
// (ErrUnavailable; the error names the host, never the password), and
// tables pgstore cannot use (ErrIncompatibleLayout, saying what to do).
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	cfg := config{schema: DefaultSchema, migrations: migrations}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if pool == nil {
		return nil, invalidf("nil pool")
	}
	s := &Store{pool: pool, schema: cfg.schema,
		objects:   pgx.Identifier{cfg.schema, "vegobjekter"}.Sanitize(),
		positions: pgx.Identifier{cfg.schema, "posisjoner"}.Sanitize(),
		maxKeep:   maxKeep,
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pgstore: connect: %w", err)
		}
		return nil, connectError(pool, err)
	}
	defer conn.Release()
	if err := migrate(ctx, conn.Conn(), cfg.schema, cfg.migrations); err != nil {
		return nil, err
	}
	return s, nil
}

// Schema returns the schema the store's tables are in.
func (s *Store) Schema() string { return s.schema }

// connectError names where the pool tried to connect, and keeps the
// password out of the message even should a driver put it there.
func connectError(pool *pgxpool.Pool, err error) error {
	cc := pool.Config().ConnConfig
	host := net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))
	if strings.HasPrefix(cc.Host, "/") {
		host = cc.Host // a Unix socket directory
	}
	msg := err.Error()
	if p := cc.Password; len(p) >= 4 {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return &ConnectError{Host: host, User: cc.User, Database: cc.Database, msg: msg, err: err}
}

// ConnectError is returned when the pool cannot connect. It names the
// server, never the password, and matches ErrUnavailable; Unwrap gives
// pgx's error (whose *pgconn.PgError says, for example, that the database
// does not exist).
type ConnectError struct {
	Host     string // host:port, or the socket directory
	User     string
	Database string
	msg      string
	err      error
}

// Error names the server, user and database, and pgx's reason.
func (e *ConnectError) Error() string {
	return fmt.Sprintf("pgstore: cannot connect to PostgreSQL at %s (user %q, database %q): %s",
		e.Host, e.User, e.Database, e.msg)
}

// Unwrap returns ErrUnavailable and pgx's error.
func (e *ConnectError) Unwrap() []error { return []error{ErrUnavailable, e.err} }

// argError is bad input refused before any SQL; it matches
// ErrInvalidArgument.
type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

// Unwrap makes the error match ErrInvalidArgument.
func (e *argError) Unwrap() error { return ErrInvalidArgument }

func invalidf(format string, args ...any) error {
	return &argError{"pgstore: " + fmt.Sprintf(format, args...)}
}

// Position returns the type's position; false when the store has none
// (the type was never copied).
func (s *Store) Position(ctx context.Context, typeID int) (uberiket.Position, bool, error) {
	if err := checkType(typeID); err != nil {
		return uberiket.Position{}, false, err
	}
	var raw []byte
	err := s.pool.QueryRow(ctx, "SELECT posisjon FROM "+s.positions+" WHERE type_id = $1", typeID).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return uberiket.Position{}, false, nil
	}
	if err != nil {
		return uberiket.Position{}, false, s.dbError(err, "read position of type %d", typeID)
	}
	var p uberiket.Position
	if err := json.Unmarshal(raw, &p); err != nil {
		return uberiket.Position{}, false, fmt.Errorf("pgstore: position of type %d in %s is not a position: %w", typeID, s.positions, err)
	}
	return p, true, nil
}

func checkType(typeID int) error {
	if typeID <= 0 || typeID > 1<<31-1 {
		return invalidf("vegobjekttype %d is not a type id", typeID)
	}
	return nil
}

// dbError wraps an error of a query, as a ConnectError when the pool could
// not connect at all.
func (s *Store) dbError(err error, format string, args ...any) error {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return connectError(s.pool, err)
	}
	return fmt.Errorf("pgstore: "+format+": %w", append(args, err)...)
}
