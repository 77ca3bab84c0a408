package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

func TestOpenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "sub", "dir", "e.db")
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, testData()); err != nil {
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
	if _, err := s.writer.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("Open of a newer schema = %v, want an error", err)
	}
	var mode string
	if err := s.reader.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
}

func TestOpenURLs(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{
		{"postgres://u@localhost/db", "PostgreSQL is not supported yet"},
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
	}
}

func TestEmptyAndPing(t *testing.T) {
	s := MustOpen(t)
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if empty, err := s.Empty(ctx); err != nil || !empty {
		t.Fatalf("Empty = %v, %v on a new database", empty, err)
	}
}

func TestRebind(t *testing.T) {
	got := rebind("SELECT $1, $12 FROM t WHERE a = $2")
	if want := "SELECT ?1, ?12 FROM t WHERE a = ?2"; got != want {
		t.Fatalf("rebind = %q, want %q", got, want)
	}
}

// TestConcurrentUse writes from two stores on one file (the service and an
// import in another process) while others read: nothing may fail with
// "database is locked".
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
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
	if _, err := a.Import(ctx, testData()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				_, err := addMessage(a, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(time.Duration(i*100+j) * time.Second)})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, err := b.Import(ctx, testData()); err != nil {
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
