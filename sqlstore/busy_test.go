package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
)

// TestBusyDatabase: another process holds the SQLite database's write
// lock. A write that waits past the busy timeout fails as "unavailable"
// (503, try again), not as a failure of ours; Ready says the database
// takes no writes while reads go on; once the lock is let go, both work.
func TestBusyDatabase(t *testing.T) {
	defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
	busyTimeout = 200 * time.Millisecond
	ctx := context.Background()
	url := dbtest.SQLite(t)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	other, err := sql.Open("sqlite", strings.TrimPrefix(url, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	if _, err := hold.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}

	entry := emessage.AuditEntry{At: time.Now(), ActorKind: "worker", ActorID: 1, Action: "test", ObjectType: "message", ObjectID: "X"}
	err = s.Apply(ctx, &emessage.Change{Audit: []emessage.AuditEntry{entry}})
	if emessage.ErrorCode(err) != emessage.EUnavailable {
		t.Fatalf("a write while another process holds the database: %v, want unavailable", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("reads stop too: %v", err)
	}
	if err := s.Ready(ctx); !errors.Is(err, emessage.ErrNotWritable) {
		t.Fatalf("Ready = %v, want ErrNotWritable", err)
	}

	if _, err := hold.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after the lock is let go: %v", err)
	}
	if err := s.Apply(ctx, &emessage.Change{Audit: []emessage.AuditEntry{entry}}); err != nil {
		t.Fatalf("a write after the lock is let go: %v", err)
	}
}
