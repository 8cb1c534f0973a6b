package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vegdata/go-vegdata/pgstore"
)

// A store in the schema nvdb of the database PG_URL names, its position
// for Fartsgrense (105), and a query on the table. With an uberiket client
// u, u.Sync(ctx, 105, store, nil) fills it. (Not run as a test: it needs a
// server.)
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("PG_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	store, err := pgstore.New(ctx, pool) // creates nvdb.vegobjekter and nvdb.posisjoner when missing
	if err != nil {
		log.Fatal(err)
	}
	pos, ok, err := store.Position(ctx, 105)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("copied before:", ok, "last hendelse:", pos.Hendelse, "backfill unfinished:", pos.Backfill != nil)

	rows, err := pool.Query(ctx, `SELECT egenskaper->'2021'->>'verdi', count(*)
		FROM nvdb.vegobjekter WHERE type_id = 105 GROUP BY 1 ORDER BY 2 DESC`)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var verdi string
		var n int
		if err := rows.Scan(&verdi, &n); err != nil {
			log.Fatal(err)
		}
		fmt.Println(verdi, n)
	}
}
