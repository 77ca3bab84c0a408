// Package dbtest gives tests the databases they run on: a new SQLite file
// always, and a fresh schema of the PostgreSQL server named by
// EMESSAGE_TEST_POSTGRES_URL when it is set (scripts/with-postgres.sh starts
// a throwaway server and sets it; "make test" runs the tests through it).
// Without it the PostgreSQL half fails, unless it was left out by name
// (EMESSAGE_TEST_SKIP=postgres, as make test-quick sets; see internal/testenv),
// and then it is skipped.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage/internal/testenv"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvURL names the variable holding the test server's URL, e.g.
// postgres://emessage@127.0.0.1:54321/postgres?sslmode=disable.
const EnvURL = "EMESSAGE_TEST_POSTGRES_URL"

// Target is a database to run a test on.
type Target struct {
	Name string // "sqlite" or "postgres"
	URL  string
}

// Targets returns a new SQLite database and, when a PostgreSQL server is
// configured, a fresh schema on it; each is removed when the test ends.
func Targets(tb testing.TB) []Target {
	tb.Helper()
	ts := []Target{{"sqlite", SQLite(tb)}}
	if PostgresConfigured(tb) {
		ts = append(ts, Target{"postgres", Postgres(tb)})
	}
	return ts
}

// ForEach runs fn as a subtest, named after the database, on each of Targets.
func ForEach(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			if db == "sqlite" {
				fn(t, SQLite(t))
				return
			}
			fn(t, Postgres(t))
		})
	}
}

// SQLite returns the URL of a new SQLite database in a temporary directory.
func SQLite(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "db", "emessage.db")
}

// PostgresConfigured reports whether the tests run on PostgreSQL too: not
// when it was left out by name, and when it was not, a test server must be
// named or the test fails.
func PostgresConfigured(tb testing.TB) bool {
	tb.Helper()
	if testenv.LeftOut("postgres") {
		return false
	}
	testenv.Need(tb, "postgres", os.Getenv(EnvURL) != "", postgresWhy)
	return true
}

const postgresWhy = EnvURL + " is not set: run the tests through scripts/with-postgres.sh " +
	"(make test does), which starts a throwaway PostgreSQL server"

// Postgres returns the URL of a new, empty schema on the test server
// (search_path set to it), dropped when the test ends. Without a server it
// fails the test; it skips it when PostgreSQL was left out by name.
func Postgres(tb testing.TB) string {
	tb.Helper()
	testenv.Need(tb, "postgres", os.Getenv(EnvURL) != "", postgresWhy)
	db, err := admin()
	if err != nil {
		tb.Fatalf("PostgreSQL test server: %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("PostgreSQL test server: create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(os.Getenv(EnvURL))
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// admin is a small pool on the test server for creating and dropping schemas.
func admin() (*sql.DB, error) {
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", os.Getenv(EnvURL))
		if adminErr != nil {
			return
		}
		adminDB.SetMaxOpenConns(2)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		adminErr = adminDB.PingContext(ctx)
	})
	return adminDB, adminErr
}
