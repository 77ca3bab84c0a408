package sqlstore

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/county/emessage"
)

// mustOldClosedAction adds, at t0, an action with an upload, an
// e-Notification and its status history, then closes it: a thread that
// needs nobody any more.
func mustOldClosedAction(tb testing.TB, s *Store, caseNumber string) *emessage.Message {
	tb.Helper()
	ctx := context.Background()
	m := MustAdd(tb, s, msg{caseNumber: caseNumber, personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction, subject: "Old papers"})
	err := s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("old.pdf")}, UploadsTo: m.ID,
		Notifications: []emessage.Notification{{MessageID: m.ID, AccountID: m.AccountID, Email: "maria@example.org", Language: "es",
			Status: emessage.NotificationPending, NextAt: t0, CreatedAt: t0, MailID: "<" + m.ID + "@test>"}},
		Status: &emessage.StatusChange{MessageID: m.ID, From: []emessage.Status{emessage.StatusNewAction},
			To: emessage.StatusActionClosed, At: t0.Add(time.Minute), By: emessage.Actor{Role: emessage.RoleWorker, ID: 1, Username: "jdoe"}},
		Events: true})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func archiveAudit(threads, records int) emessage.AuditEntry {
	return emessage.AuditEntry{At: t0, ActorKind: "operator", Actor: "ops", Action: "archive", ObjectType: "county", ObjectID: "19"}
}

// TestArchiveThreads: a closed thread unchanged since the cutoff moves,
// whole, into the archive and reads as before (marked archived); an open
// thread, a recent one and another county's stay; a second run moves
// nothing; an import of the record's legacy id keeps it.
func TestArchiveThreads(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		old := mustOldClosedAction(t, s, "B1")
		before, err := s.Message(ctx, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		open := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived, subject: "Still open"})
		recent := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(48 * time.Hour), subject: "Recent"})
		cutoff := t0.Add(24 * time.Hour)

		threads, records, err := s.ArchiveThreads(ctx, "19", cutoff, 100, archiveAudit)
		if err != nil || threads != 1 || records != 1 {
			t.Fatalf("archive = %d threads, %d records, %v", threads, records, err)
		}
		got, err := s.Message(ctx, old.ID)
		if err != nil || !got.Archived {
			t.Fatalf("archived record: %+v, %v", got, err)
		}
		got.Archived = false
		if !reflect.DeepEqual(got, before) {
			t.Fatalf("the archived record reads\n %+v\nwas\n %+v", got, before)
		}
		if h, err := s.History(ctx, old.ID); err != nil || len(h) != 2 {
			t.Fatalf("history: %v, %v", h, err)
		}
		if u, err := s.Uploads(ctx, old.ID); err != nil || len(u) != 1 {
			t.Fatalf("uploads: %v, %v", u, err)
		}
		if th, err := s.Thread(ctx, old.ThreadID); err != nil || len(th) != 1 || !th[0].Archived {
			t.Fatalf("thread: %v, %v", th, err)
		}
		for _, id := range []string{open.ID, recent.ID} {
			if m, err := s.Message(ctx, id); err != nil || m.Archived {
				t.Fatalf("%s was archived: %v", id, err)
			}
		}
		counts := tableCounts(t, s)
		if counts["uploads"] != 0 || counts["uploads_archive"] != 1 || counts["notifications_archive"] != 1 || counts["messages_archive"] != 1 ||
			counts["webhook_events"] != 0 || counts["webhook_events_archive"] != 2 {
			t.Fatalf("tables after: %v", counts)
		}
		q := emessage.MessageQuery{County: "19", Limit: 50, Cutoffs: emessage.Cutoffs{ResponseBefore: t0, Today: "2026-11-02"}}
		hot, err := s.SearchMessages(ctx, q)
		if err != nil || len(hot) != 2 {
			t.Fatalf("hot search: %d, %v", len(hot), err)
		}
		q.Archived = true
		arch, err := s.SearchMessages(ctx, q)
		if err != nil || len(arch) != 1 || arch[0].ID != old.ID || !arch[0].Archived || arch[0].UploadCount != 1 {
			t.Fatalf("archived search: %+v, %v", arch, err)
		}
		if threads, _, err := s.ArchiveThreads(ctx, "19", cutoff, 100, archiveAudit); err != nil || threads != 0 {
			t.Fatalf("second run: %d, %v", threads, err)
		}
		if threads, _, err := s.ArchiveThreads(ctx, "37", t0.Add(1000*time.Hour), 100, archiveAudit); err != nil || threads != 0 {
			t.Fatalf("another county: %d, %v", threads, err)
		}
		var n int
		if err := s.read().queryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'archive'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("archive audit entries: %d, %v", n, err)
		}
	})
}
