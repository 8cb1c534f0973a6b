package pgstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// migrations are the steps from one layout to the next: migrations[i]
// takes a schema from layout i to layout i+1 ({schema} is the quoted
// schema name). Layout 0 is an empty schema. A new pgstore that changes
// the tables appends a step and never edits an old one, so a database of
// any earlier layout migrates in place.
var migrations = []string{
	// Layout 1.
	`CREATE TABLE {schema}.vegobjekter (
		type_id     integer     NOT NULL,
		id          bigint      NOT NULL,
		versjon     integer     NOT NULL,
		startdato   date,
		sluttdato   date,
		egenskaper  jsonb,
		barn        jsonb,
		stedfesting jsonb,
		sist_endret timestamptz NOT NULL,
		PRIMARY KEY (type_id, id)
	);
	COMMENT ON TABLE {schema}.vegobjekter IS
		'The active NVDB road objects (Uberiket v1), one row per object at its newest versjon; written by pgstore.';
	COMMENT ON COLUMN {schema}.vegobjekter.egenskaper IS
		'The egenskaper as NVDB API Les Uberiket sends them, keyed by egenskapstype id: {"2021": {"type": "EnumEgenskap", "verdi": 2730}}.';
	COMMENT ON COLUMN {schema}.vegobjekter.stedfesting IS
		'Where the object lies on the road network, as Uberiket sends it: {"type": "StedfestingLinjer", "linjer": [{"id": veglenkesekvens, "startposisjon": …}]}.';
	COMMENT ON COLUMN {schema}.vegobjekter.sluttdato IS
		'The day this version ends (a closed version is still active until then); NULL while it is open.';
	CREATE TABLE {schema}.posisjoner (
		type_id    integer     PRIMARY KEY,
		posisjon   jsonb       NOT NULL,
		updated_at timestamptz NOT NULL DEFAULT now()
	);
	COMMENT ON TABLE {schema}.posisjoner IS
		'How far pgstore has copied each vegobjekttype: the last hendelse and, during a backfill, the id ranges still to copy.';`,
}

// layout is what the current layout's tables must have; extra columns and
// indexes a user adds are fine.
var layout = map[string][]column{
	"vegobjekter": {
		{"type_id", "integer"}, {"id", "bigint"}, {"versjon", "integer"}, {"startdato", "date"}, {"sluttdato", "date"},
		{"egenskaper", "jsonb"}, {"barn", "jsonb"}, {"stedfesting", "jsonb"}, {"sist_endret", "timestamp with time zone"},
	},
	"posisjoner": {{"type_id", "integer"}, {"posisjon", "jsonb"}, {"updated_at", "timestamp with time zone"}},
}

var primaryKeys = map[string]string{
	"vegobjekter": "PRIMARY KEY (type_id, id)",
	"posisjoner":  "PRIMARY KEY (type_id)",
}

type column struct{ name, typ string }

const migrationsTable = "pgstore_migrations"

// migrate brings the schema to the newest layout in one transaction, under
// an advisory lock so that processes starting together do not race; on
// any error nothing is changed.
func migrate(ctx context.Context, conn *pgx.Conn, schema string, steps []string) error {
	q := pgx.Identifier{schema}.Sanitize()
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('pgstore:' || $1, 0))", schema); err != nil {
			return fmt.Errorf("pgstore: lock schema %s: %w", schema, err)
		}
		var schemaExists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", schema).Scan(&schemaExists); err != nil {
			return fmt.Errorf("pgstore: look up schema %s: %w", schema, err)
		}
		tables, err := tablesIn(ctx, tx, schema)
		if err != nil {
			return err
		}
		version := 0
		if slices.Contains(tables, migrationsTable) {
			if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM "+q+"."+migrationsTable).Scan(&version); err != nil {
				return fmt.Errorf("pgstore: read the layout version of schema %s: %w", schema, err)
			}
		} else {
			for _, t := range tables {
				if _, ours := layout[t]; ours {
					return fmt.Errorf("%w: %s.%s was not made by pgstore (the schema has no %s table); "+
						"rename it (ALTER TABLE %s.%s RENAME TO %s_old) or drop it, or give pgstore a schema of its own with WithSchema",
						ErrIncompatibleLayout, schema, t, migrationsTable, schema, t, t)
				}
			}
		}
		if version > len(steps) {
			return fmt.Errorf("%w: schema %s has layout %d, made by a newer pgstore than this one (which knows up to %d): "+
				"upgrade github.com/vegdata/go-vegdata/pgstore", ErrIncompatibleLayout, schema, version, len(steps))
		}
		if version < len(steps) {
			if !schemaExists {
				if _, err := tx.Exec(ctx, "CREATE SCHEMA "+q); err != nil {
					return fmt.Errorf("pgstore: create schema %s: %w", schema, err)
				}
			}
			if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+q+"."+migrationsTable+
				" (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"); err != nil {
				return fmt.Errorf("pgstore: create %s.%s: %w", schema, migrationsTable, err)
			}
			for v := version; v < len(steps); v++ {
				if _, err := tx.Exec(ctx, strings.ReplaceAll(steps[v], "{schema}", q)); err != nil {
					return fmt.Errorf("pgstore: migrate schema %s from layout %d to %d: %w", schema, v, v+1, err)
				}
				if _, err := tx.Exec(ctx, "INSERT INTO "+q+"."+migrationsTable+" (version) VALUES ($1)", v+1); err != nil {
					return fmt.Errorf("pgstore: record layout %d of schema %s: %w", v+1, schema, err)
				}
			}
		}
		return checkLayout(ctx, tx, schema)
	})
}

func tablesIn(ctx context.Context, tx pgx.Tx, schema string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = ANY($2)`, schema, []string{"vegobjekter", "posisjoner", migrationsTable})
	if err != nil {
		return nil, fmt.Errorf("pgstore: look up the tables of schema %s: %w", schema, err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pgstore: look up the tables of schema %s: %w", schema, err)
	}
	return tables, nil
}

// checkLayout refuses tables whose columns or primary keys are not the
// ones pgstore writes (changed by hand), which would otherwise fail at
// the first Apply or, worse, store something else than documented.
func checkLayout(ctx context.Context, tx pgx.Tx, schema string) error {
	rows, err := tx.Query(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname IN ('vegobjekter', 'posisjoner') AND a.attnum > 0 AND NOT a.attisdropped`, schema)
	if err != nil {
		return fmt.Errorf("pgstore: read the layout of schema %s: %w", schema, err)
	}
	have := map[string]map[string]string{}
	var table, name, typ string
	_, err = pgx.ForEachRow(rows, []any{&table, &name, &typ}, func() error {
		if have[table] == nil {
			have[table] = map[string]string{}
		}
		have[table][name] = typ
		return nil
	})
	if err != nil {
		return fmt.Errorf("pgstore: read the layout of schema %s: %w", schema, err)
	}
	redo := "the table was changed by hand: restore it, or rename it and let pgstore make a new one"
	for _, t := range []string{"vegobjekter", "posisjoner"} {
		if have[t] == nil {
			return fmt.Errorf("%w: %s.%s is missing but %s.%s says the layout is there; drop schema %s's %s table to start afresh",
				ErrIncompatibleLayout, schema, t, schema, migrationsTable, schema, migrationsTable)
		}
		for _, c := range layout[t] {
			got, ok := have[t][c.name]
			switch {
			case !ok:
				return fmt.Errorf("%w: %s.%s has no column %s (%s); %s", ErrIncompatibleLayout, schema, t, c.name, c.typ, redo)
			case got != c.typ:
				return fmt.Errorf("%w: %s.%s column %s is %s, pgstore needs %s; %s", ErrIncompatibleLayout, schema, t, c.name, got, c.typ, redo)
			}
		}
	}
	rows, err = tx.Query(ctx, `SELECT c.relname, pg_get_constraintdef(k.oid)
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname IN ('vegobjekter', 'posisjoner') AND k.contype = 'p'`, schema)
	if err != nil {
		return fmt.Errorf("pgstore: read the keys of schema %s: %w", schema, err)
	}
	keys := map[string]string{}
	var def string
	if _, err = pgx.ForEachRow(rows, []any{&table, &def}, func() error { keys[table] = def; return nil }); err != nil {
		return fmt.Errorf("pgstore: read the keys of schema %s: %w", schema, err)
	}
	for _, t := range []string{"vegobjekter", "posisjoner"} {
		if want := primaryKeys[t]; keys[t] != want {
			got := keys[t]
			if got == "" {
				got = "none"
			}
			return fmt.Errorf("%w: %s.%s has primary key %s, pgstore needs %s; %s", ErrIncompatibleLayout, schema, t, got, want, redo)
		}
	}
	return nil
}
