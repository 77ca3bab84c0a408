package sqlstore

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

func TestOpenMigratesOnce(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(ctx, fixture.World()); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err = Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		n, err := s.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("Migrate again = %d, %v; want 0, nil", n, err)
		}
		ms, _ := s.dialect.loadMigrations()
		var applied int
		if err := s.reader.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&applied); err != nil || applied != len(ms) {
			t.Fatalf("schema_migrations has %d rows (%v), want %d", applied, err, len(ms))
		}
		if empty, err := s.Empty(ctx); err != nil || empty {
			t.Fatalf("Empty = %v, %v after reopening; want false", empty, err)
		}
		mustExec(t, s, `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`)
		if s2, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
			if s2 != nil {
				s2.Close()
			}
			t.Fatalf("Open of a newer schema = %v, want an error", err)
		}
		if s.Dialect() == "sqlite" {
			var mode string
			if err := s.reader.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal_mode = %q, %v", mode, err)
			}
		}
	})
}

// TestMigrateTogether opens the same new database from several processes'
// worth of stores at once: each migration is applied once, none fails.
func TestMigrateTogether(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s, err := Open(context.Background(), url)
				if err != nil {
					t.Error(err)
					return
				}
				s.Close()
			})
		}
		wg.Wait()
		s := MustOpen(t, url)
		ms, _ := s.dialect.loadMigrations()
		var applied int
		if err := s.reader.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&applied); err != nil || applied != len(ms) {
			t.Fatalf("schema_migrations has %d rows (%v), want %d", applied, err, len(ms))
		}
	})
}

func TestOpenURLs(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{
		{"postgres://u:secret@127.0.0.1:1/db", `cannot reach PostgreSQL at 127.0.0.1:1 (database "db", user "u"): connection refused`},
		{"postgresql://u@127.0.0.1:1/db?pool_max_conns=many&password=secret", `pool_max_conns="many" is not a positive number`},
		{"postgres://u@127.0.0.1:1/db?sslmode=bogus&password=secret", "database URL postgres://u@127.0.0.1:1/db?password=xxxxx&sslmode=bogus"},
		{"mysql://x", "unknown database URL"},
		{"sqlite:", "needs a file path"},
		{"sqlite::memory:", "use a file path"},
	} {
		s, err := Open(ctx, tc.url)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q) succeeded", tc.url)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q) = %v, want an error saying %q", tc.url, err, tc.want)
		}
		if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%q) = %q: the password or a line break in the error", tc.url, err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h:5432/db?sslmode=require": "postgres://u:xxxxx@h:5432/db?sslmode=require",
		"postgres://u@h/db?password=pw":             "postgres://u@h/db?password=xxxxx",
		"postgres://u@h/db":                         "postgres://u@h/db",
		"sqlite:data/e.db":                          "sqlite:data/e.db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmptyAndPing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		if empty, err := s.Empty(ctx); err != nil || !empty {
			t.Fatalf("Empty = %v, %v on a new database", empty, err)
		}
	})
}

func TestRebind(t *testing.T) {
	got := rebind("SELECT $1, $12 FROM t WHERE a = $2")
	if want := "SELECT ?1, ?12 FROM t WHERE a = ?2"; got != want {
		t.Fatalf("rebind = %q, want %q", got, want)
	}
}

// TestConcurrentUse writes from two stores on one database (the service
// and an import in another process) while others read: nothing may fail
// with "database is locked", a deadlock or a unique key taken twice.
func TestConcurrentUse(t *testing.T) {
	dbtest.ForEach(t, testConcurrentUse)
}

func testConcurrentUse(t *testing.T, url string) {
	ctx := context.Background()
	a, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Import(ctx, fixture.World()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				_, err := addMessage(context.Background(), a, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(time.Duration(i*100+j) * time.Second)})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, err := b.Import(ctx, fixture.World()); err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 40 {
				if _, err := b.SearchMessages(ctx, emessage.MessageQuery{County: "19", WorkerID: 1, Limit: 10}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := tableCounts(t, a)["messages"]; n != 160 {
		t.Fatalf("%d messages, want 160", n)
	}
}
