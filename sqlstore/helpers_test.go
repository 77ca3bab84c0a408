package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

// MustOpen opens the store at url, closed when the test ends.
func MustOpen(tb testing.TB, url string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// forEachStore runs fn as a subtest on a new, empty store of every
// configured database: SQLite always, PostgreSQL (a fresh schema) when
// EMESSAGE_TEST_POSTGRES_URL is set (see internal/dbtest).
func forEachStore(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, url string) { fn(t, MustOpen(t, url)) })
}

// forEachSeeded runs fn on a store of every configured database holding
// fixture.World.
func forEachSeeded(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	forEachStore(t, func(t *testing.T, s *Store) {
		mustImport(t, s, fixture.World())
		fn(t, s)
	})
}

func mustImport(tb testing.TB, s *Store, data *emessage.ImportData) {
	tb.Helper()
	if _, err := s.Import(context.Background(), data); err != nil {
		tb.Fatal(err)
	}
}

// mustExec runs a statement written with $1 placeholders on the store's database.
func mustExec(tb testing.TB, s *Store, query string, args ...any) {
	tb.Helper()
	err := s.write(context.Background(), func(tx runner) error {
		_, err := tx.exec(context.Background(), query, args...)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// t0 is where the tests' records are dated.
var t0 = fixture.T0

// msg describes a record for MustAdd.
type msg struct {
	caseNumber, personID string
	program              string // "" for the case's first
	typ                  emessage.Type
	status               emessage.Status
	at                   time.Time
	subject, due, thread string
}

// MustAdd writes a record through Apply, as the service would.
func MustAdd(tb testing.TB, s *Store, in msg) *emessage.Message {
	tb.Helper()
	m, err := addMessage(context.Background(), s, in)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func addMessage(ctx context.Context, s *Store, in msg) (*emessage.Message, error) {
	c, err := s.Case(ctx, in.caseNumber)
	if err != nil {
		return nil, err
	}
	p, ok := c.Person(in.personID)
	if !ok {
		return nil, fmt.Errorf("no person %s on %s", in.personID, in.caseNumber)
	}
	if in.typ == "" {
		in.typ = emessage.TypeMessage
	}
	if in.subject == "" {
		in.subject = "Hello"
	}
	if in.at.IsZero() {
		in.at = t0
	}
	if in.program == "" && len(c.Programs) > 0 {
		in.program = c.Programs[0].Code
	}
	m := &emessage.Message{
		ID: emessage.NewMessageID(in.at), CaseID: c.ID, CaseNumber: c.Number, County: c.County,
		PersonKey: p.ID, PersonID: p.PersonID, PersonName: p.Name, AccountID: p.AccountID,
		Type: in.typ, Direction: emessage.ToCustomer, Subject: in.subject, Body: "Body text",
		Status: in.status, CreatedAt: in.at, UpdatedAt: in.at, DueDate: in.due,
		AuthorKind: "worker", AuthorID: 1, AuthorUsername: "jdoe", ThreadID: in.thread, Program: in.program,
	}
	if in.typ == emessage.TypeAction {
		m.ActionType = emessage.ActionUploadDocument
	}
	if in.status == emessage.StatusReceived || in.status == emessage.StatusRead {
		m.Direction, m.AuthorKind, m.AuthorID, m.AuthorUsername = emessage.FromCustomer, "ssp", p.AccountID, "customer"
	}
	if err := s.Apply(ctx, &emessage.Change{Messages: []*emessage.Message{m}}); err != nil {
		return nil, err
	}
	return s.Message(ctx, m.ID)
}

// tableCounts counts the rows of every table.
func tableCounts(tb testing.TB, s *Store) map[string]int {
	tb.Helper()
	counts := map[string]int{}
	for _, t := range copyTables {
		var n int
		if err := s.reader.QueryRow("SELECT COUNT(*) FROM " + t.name).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		counts[t.name] = n
	}
	return counts
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := emessage.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}
