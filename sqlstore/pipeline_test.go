package sqlstore

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

// roundTrips counts what a pgx connection sends the server and waits for:
// each query or statement alone, each batch (a pipeline) once.
type roundTrips struct{ n atomic.Int64 }

func (c *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// TestPipelinedWrites: on PostgreSQL a send's write (BEGIN, the record, its
// history, its email, its audit entry, COMMIT) is one round trip; a write
// that needs an answer midway sends what it holds first; a held write that
// fails is the transaction's error, nothing of it stays, and the
// connection goes on serving.
func TestPipelinedWrites(t *testing.T) {
	if !dbtest.PostgresConfigured(t) {
		t.Skip("PostgreSQL only: EMESSAGE_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(dbtest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	trips := &roundTrips{}
	cfg.Tracer = trips
	s, err := openPostgresConfig(ctx, cfg, 1) // one connection: a broken one would show
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	mustImport(t, s, fixture.World())
	c, err := s.Case(ctx, "B1")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Person("P1")
	send := func(id string) *emessage.Change {
		m := &emessage.Message{ID: id, CaseID: c.ID, PersonKey: p.ID, AccountID: p.AccountID,
			Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "Hello", Body: "Body",
			Status: emessage.StatusSent, CreatedAt: t0, UpdatedAt: t0, AuthorKind: "worker", AuthorID: 1,
			AuthorUsername: "jdoe", Program: c.Programs[0].Code}
		return &emessage.Change{
			Messages: []*emessage.Message{m},
			Notifications: []emessage.Notification{{MessageID: id, AccountID: p.AccountID, Email: "maria@example.org",
				Language: "en", NextAt: t0, CreatedAt: t0, MailID: "<" + id + "@test>"}},
			Audit: []emessage.AuditEntry{{At: t0, ActorKind: "worker", Actor: "jdoe", Action: "message.create",
				ObjectType: "message", ObjectID: id}},
		}
	}

	first := send(emessage.NewMessageID(t0))
	before := trips.n.Load()
	if err := s.Apply(ctx, first); err != nil {
		t.Fatal(err)
	}
	if n := trips.n.Load() - before; n != 1 {
		t.Errorf("a send's write took %d round trips, want 1", n)
	}
	if first.Notifications[0].ID == 0 || first.Notifications[0].Status != emessage.NotificationPending {
		t.Errorf("notification not filled in: %+v", first.Notifications[0])
	}

	// A status change waits for its answer (did it match?): what is held
	// goes first, in its own round trip.
	mid := send(emessage.NewMessageID(t0))
	mid.Status = &emessage.StatusChange{MessageID: first.Messages[0].ID, From: []emessage.Status{emessage.StatusSent},
		To: emessage.StatusRead, At: t0, By: jdoe}
	before = trips.n.Load()
	if err := s.Apply(ctx, mid); err != nil {
		t.Fatal(err)
	}
	if n := trips.n.Load() - before; n != 3 { // BEGIN and the record; the change; the rest and COMMIT
		t.Errorf("a write with a status change took %d round trips, want 3", n)
	}

	// The same record again: its error names it, nothing of the change is
	// kept, and the one connection still writes.
	dup := send(first.Messages[0].ID)
	dup.Audit[0].Action = "dup"
	err = s.Apply(ctx, dup)
	if emessage.ErrorCode(err) != emessage.EConflict || emessage.ErrorMessage(err) != "e-Message "+first.Messages[0].ID+" already exists." {
		t.Fatalf("duplicate: %v", err)
	}
	if a, _ := s.AuditTrail(ctx, "message", first.Messages[0].ID); len(a) != 1 || a[0].Action != "message.create" {
		t.Fatalf("audit after the failed write: %+v", a)
	}
	if err := s.Apply(ctx, send(emessage.NewMessageID(t0))); err != nil {
		t.Fatalf("after a failed write: %v", err)
	}

	// A write that fails before it sends anything costs nothing.
	before = trips.n.Load()
	bad := &emessage.Change{Status: &emessage.StatusChange{MessageID: "X", To: emessage.StatusRead, At: t0, By: jdoe}}
	if err := s.Apply(ctx, bad); emessage.ErrorCode(err) != emessage.EInvalidTransition {
		t.Fatalf("a move from nowhere: %v", err)
	}
	if n := trips.n.Load() - before; n != 0 {
		t.Errorf("a write refused before its first statement took %d round trips", n)
	}
}
