package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/internal/testrig/fixture"
)

// mustFill writes a little of everything: a county's holidays and
// templates, records with history, uploads, a read receipt, notifications
// (one sent), a text, webhook events (one delivered), audit entries and a session.
func mustFill(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	data := fixture.WithTemplates(fixture.World())
	data.Counties[0].Holidays = []string{"2026-11-26", "2026-12-25"}
	data.Messages = legacyMessages()
	mustImport(t, s, data)
	action := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction, due: "2026-11-12"})
	err := s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("a.pdf"), upload("b.pdf")}, UploadsTo: action.ID,
		Status: &emessage.StatusChange{MessageID: action.ID, From: []emessage.Status{emessage.StatusNewAction},
			To: emessage.StatusActionCompleted, At: t0.Add(time.Hour), By: emessage.Actor{Role: emessage.RoleSSP, ID: 1, Username: "maria"}},
		Viewed: &emessage.ViewedChange{MessageID: action.ID, At: t0.Add(time.Minute)},
		Audit:  []emessage.AuditEntry{{At: t0, ActorKind: "ssp", ActorID: 1, Actor: "maria", Action: "upload.create", ObjectType: "message", ObjectID: action.ID, Detail: "a.pdf"}},
		Events: true})
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.ClaimWebhookEvents(ctx, t0.Add(time.Hour), t0.Add(2*time.Hour), 1)
	if err != nil || len(events) != 1 {
		t.Fatalf("claim events: %v %v", events, err)
	}
	if err := s.WebhookDelivered(ctx, events[0].Seq, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustQueue(t, s, 2)
	got, err := s.ClaimNotifications(ctx, t0.Add(time.Hour), t0.Add(2*time.Hour), 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("claim: %v %v", got, err)
	}
	if err := s.NotificationSent(ctx, got[0].ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustQueueText(t, s, "maria", action.ID, t0)
	err = s.CreateSession(ctx, emessage.Session{TokenHash: "h", Role: emessage.RoleSSP, UserID: 1, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSystemToken(ctx, emessage.SystemToken{Name: "case-system", County: "19", CreatedAt: t0}, "token-hash",
		emessage.AuditEntry{At: t0, ActorKind: "operator", Actor: "ops", Action: "system_token.create", ObjectType: "system", ObjectID: "case-system"}); err != nil {
		t.Fatal(err)
	}
	b1, err := s.Case(ctx, "B1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PutCaseDocument(ctx, &emessage.Document{Code: "NOA-1", Title: "Notice", CaseID: b1.ID, PersonKey: b1.Persons[0].ID,
		File: "f1", Size: 10, UpdatedAt: t0}, emessage.AuditEntry{At: t0, ActorKind: "system", Actor: "case-system",
		Action: "document.put", ObjectType: "case", ObjectID: "B1"}); err != nil {
		t.Fatal(err)
	}
	mustOldClosedAction(t, s, "B3") // San Diego's only record: archived alone
	if n, _, err := s.ArchiveThreads(ctx, "37", t0.Add(time.Hour), 10, archiveAudit); err != nil || n != 1 {
		t.Fatalf("archive: %d, %v", n, err)
	}
	jdoe := mustEnableTOTP(t, s, "jdoe", 7, "hash-1", "hash-2")
	if _, err := s.UseRecoveryCode(ctx, jdoe.ID, "hash-1", t0); err != nil {
		t.Fatal(err)
	}
	err = s.CreateMFAChallenge(ctx, emessage.MFAChallenge{TokenHash: "c", WorkerID: jdoe.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimOnce(ctx, "worker:jdoe", "k", "fp", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishOnce(ctx, "worker:jdoe", "k", emessage.OnceAnswer{Status: 201, Body: []byte(`{"id":"x"}`)}); err != nil {
		t.Fatal(err)
	}
}

// TestCopy moves a database onto an empty one of each kind, and checks that
// nothing is lost, nothing changes, and the target goes on giving new ids.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	for _, src := range dbtest.Targets(t) {
		from := MustOpen(t, src.URL)
		mustFill(t, from)
		for _, dst := range dbtest.Targets(t) {
			t.Run(src.Name+" to "+dst.Name, func(t *testing.T) {
				to := MustOpen(t, dst.URL)
				var told bytes.Buffer
				meter := progress.New(&told, "copy", 0, "rows")
				res, err := Copy(ctx, to, from, meter)
				if err != nil {
					t.Fatal(err)
				}
				meter.Done()
				want := tableCounts(t, from)
				got := map[string]int{}
				rows := 0
				for _, c := range res.Tables {
					got[c.Table] = int(c.Rows)
					rows += int(c.Rows)
				}
				if res.Same || !maps.Equal(got, want) || !maps.Equal(tableCounts(t, to), want) {
					t.Fatalf("copied %+v, target holds %v; want %v", res, tableCounts(t, to), want)
				}
				// Told of every row, of as many as the source held.
				if line := fmt.Sprintf("copy: %d rows in ", rows); !strings.Contains(told.String(), line) {
					t.Fatalf("progress %q, want %q...", told.String(), line)
				}
				for table, n := range want {
					if n == 0 {
						t.Errorf("the fixture leaves %s empty", table)
					}
				}
				if same, err := sameData(ctx, to.read(), from.read()); err != nil || !same {
					t.Fatalf("sameData after copy = %v, %v", same, err)
				}
				// The same records, read through the store.
				for _, id := range []string{"LEGACY-1", "LEGACY-2", "LEGACY-3"} {
					a, _ := from.Message(ctx, id)
					b, err := to.Message(ctx, id)
					if err != nil || !reflect.DeepEqual(a, b) {
						t.Fatalf("message %s: %+v, want %+v (%v)", id, b, a, err)
					}
				}
				if d, _ := to.Document(ctx, "CW2200", true); string(d.PDF) != "%PDF-1.4\n%%EOF" {
					t.Fatalf("pdf = %q", d.PDF)
				}
				w, _ := to.WorkerByUsername(ctx, "jdoe")
				if w.PasswordHash != fixture.PasswordHash || w.TOTPSecret != testTOTPSecret || w.TOTPLastStep != 7 {
					t.Fatalf("worker = %+v", w)
				}
				if n, err := to.RecoveryCodesLeft(ctx, w.ID); err != nil || n != 1 {
					t.Fatalf("recovery codes left = %d, %v; want 1", n, err)
				}
				if a, _, err := to.SessionActor(ctx, "h", t0); err != nil || a.Username != "maria" {
					t.Fatalf("session = %+v, %v", a, err)
				}
				// New rows get new ids.
				addWithEvents(t, to, msg{caseNumber: "B2", personID: "P1", status: emessage.StatusSent})
				mustImport(t, to, &emessage.ImportData{Counties: []emessage.ImportCounty{{Code: "01", Name: "Alameda"}},
					Workers: []emessage.ImportWorker{{Username: "new", Name: "New", County: "01", PasswordHash: "x"}}})
				if w, _ := to.WorkerByUsername(ctx, "new"); w.ID != int64(want["workers"]+1) {
					t.Fatalf("new worker id %d, want %d", w.ID, want["workers"]+1)
				}

				// Again: the target holds other data now, and is left as it is.
				before := tableCounts(t, to)
				_, err = Copy(ctx, to, from, nil)
				if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "workers") {
					t.Fatalf("copy into a database with other data: %v", err)
				}
				if after := tableCounts(t, to); !maps.Equal(before, after) {
					t.Fatalf("a refused copy changed the target: %v, then %v", before, after)
				}
			})
		}
		t.Run(src.Name+" again", func(t *testing.T) {
			to := MustOpen(t, dbtest.SQLite(t))
			if _, err := Copy(ctx, to, from, nil); err != nil {
				t.Fatal(err)
			}
			res, err := Copy(ctx, to, from, nil)
			if err != nil || !res.Same {
				t.Fatalf("copy of the same data again = %+v, %v; want Same", res, err)
			}
		})
	}
}

// TestCopyTablesMatchSchema fails when a migration adds a table or a column
// that copyTables does not list.
func TestCopyTablesMatchSchema(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
		if s.Dialect() == "postgres" {
			q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
		}
		rows, err := s.read().query(ctx, q)
		tables, err := collect(rows, err, func(r scanner, name *string) error { return r.Scan(name) })
		if err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, ct := range copyTables {
			listed = append(listed, ct.name)
			rows, err := s.read().query(ctx, "SELECT * FROM "+ct.name+" LIMIT 0")
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			rows.Close()
			if names, _ := ct.cols(); !slices.Equal(cols, names) {
				t.Errorf("table %s has columns %v, copyTables lists %v", ct.name, cols, names)
			}
		}
		tables = slices.DeleteFunc(tables, func(s string) bool { return s == "schema_migrations" })
		slices.Sort(tables)
		slices.Sort(listed)
		if !slices.Equal(tables, listed) {
			t.Fatalf("tables %v, copyTables lists %v", tables, listed)
		}
	})
}
