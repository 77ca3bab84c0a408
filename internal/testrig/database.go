package testrig

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Tables returns the tables of the migrated database at url (a sqlstore
// URL), each with its columns' names in order, as the database itself
// reports them: SQLite's pragma_table_info, PostgreSQL's information_schema.
// SQLite's own tables are left out.
func Tables(tb testing.TB, url string) map[string][]string {
	tb.Helper()
	db := openRaw(tb, url)
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
	if isPostgres(url) {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
	}
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		tb.Fatalf("list tables: %v", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			tb.Fatal(err)
		}
		out[table] = append(out[table], column)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// RowCounts returns how many rows each table of the database at url holds.
func RowCounts(tb testing.TB, url string) map[string]int {
	tb.Helper()
	db := openRaw(tb, url)
	counts := map[string]int{}
	for table := range Tables(tb, url) {
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// QueryInt runs a query of one integer, written with $1 placeholders, on
// the database at url.
func QueryInt(tb testing.TB, url, query string, args ...any) int {
	tb.Helper()
	if !isPostgres(url) {
		query = strings.ReplaceAll(query, "$", "?")
	}
	var n int
	if err := openRaw(tb, url).QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// openRaw opens the database at url with database/sql, beside any store on
// it; it closes when the test ends.
func openRaw(tb testing.TB, url string) *sql.DB {
	tb.Helper()
	driver, dsn := "pgx", url
	if !isPostgres(url) {
		path, ok := strings.CutPrefix(url, "sqlite:")
		if !ok {
			tb.Fatalf("not a database URL: %q", url)
		}
		driver, dsn = "sqlite", strings.TrimPrefix(path, "//")+"?_pragma=busy_timeout(30000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
