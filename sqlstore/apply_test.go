package sqlstore

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

var jdoe = emessage.Actor{Role: emessage.RoleWorker, ID: 1, Username: "jdoe", Name: "Jane Doe", County: "19"}

func TestMessageFilled(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, subject: "Your benefits"})
		if m.CaseNumber != "B1" || m.County != "19" || !m.TwoWay || m.ResponseDays != 2 || m.PersonID != "P1" ||
			m.PersonName != "Maria Lopez" || m.AccountID == 0 || m.ThreadID != m.ID || m.Document != nil ||
			m.UploadCount != 0 || m.ViewedAt != nil || !m.CreatedAt.Equal(t0) || m.CreatedAt.Location() != time.UTC {
			t.Fatalf("message = %+v", m)
		}
		_, err := s.Message(ctx, "NOPE")
		wantCode(t, err, emessage.ENotFound)
		// The same id twice is a conflict, and nothing of the change is written.
		dup := *m
		err = s.Apply(ctx, &emessage.Change{Messages: []*emessage.Message{&dup},
			Audit: []emessage.AuditEntry{{At: t0, ActorKind: "worker", Actor: "jdoe", Action: "x", ObjectType: "message", ObjectID: m.ID}}})
		wantCode(t, err, emessage.EConflict)
		if a, _ := s.AuditTrail(ctx, "message", m.ID); len(a) != 0 {
			t.Fatalf("audit written by a failed change: %+v", a)
		}
	})
}

func TestApplyStatusChange(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived})
		at := t0.Add(time.Hour)
		read := &emessage.StatusChange{MessageID: m.ID, From: []emessage.Status{emessage.StatusReceived}, To: emessage.StatusRead, At: at, By: jdoe}
		if err := s.Apply(ctx, &emessage.Change{Status: read}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Message(ctx, m.ID)
		if got.Status != emessage.StatusRead || !got.UpdatedAt.Equal(at) {
			t.Fatalf("after read: %s at %v", got.Status, got.UpdatedAt)
		}
		// The same move again matches nothing: invalid transition, nothing written.
		err := s.Apply(ctx, &emessage.Change{Status: read,
			Audit: []emessage.AuditEntry{{At: at, Action: "message.status", ObjectType: "message", ObjectID: m.ID}}})
		wantCode(t, err, emessage.EInvalidTransition)
		h, _ := s.History(ctx, m.ID)
		if len(h) != 2 || h[1].Status != emessage.StatusRead || h[1].By != "jdoe" || h[1].ByName != "Jane Doe" || !h[1].At.Equal(at) {
			t.Fatalf("history = %+v", h)
		}
		if a, _ := s.AuditTrail(ctx, "message", m.ID); len(a) != 0 {
			t.Fatalf("audit of a failed change: %+v", a)
		}
		err = s.Apply(ctx, &emessage.Change{Status: &emessage.StatusChange{MessageID: "NOPE",
			From: []emessage.Status{emessage.StatusReceived}, To: emessage.StatusRead, At: at, By: jdoe}})
		wantCode(t, err, emessage.ENotFound)

		// Viewed is set once.
		sent := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		for _, v := range []time.Time{at, at.Add(time.Hour)} {
			if err := s.Apply(ctx, &emessage.Change{Viewed: &emessage.ViewedChange{MessageID: sent.ID, At: v}}); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := s.Message(ctx, sent.ID); got.ViewedAt == nil || !got.ViewedAt.Equal(at) {
			t.Fatalf("viewed at %v, want %v", got.ViewedAt, at)
		}
	})
}

func TestConcurrentClose(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction, due: "2026-11-12"})
		const n = 16
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = s.Apply(ctx, &emessage.Change{
					Status: &emessage.StatusChange{MessageID: m.ID, From: emessage.StatusActionClosed.Sources(),
						To: emessage.StatusActionClosed, At: t0.Add(time.Duration(i) * time.Second), By: jdoe},
					Audit: []emessage.AuditEntry{{At: t0, ActorKind: "worker", Actor: "jdoe", Action: "message.status", ObjectType: "message", ObjectID: m.ID}},
				})
			})
		}
		close(start)
		wg.Wait()
		var ok, invalid int
		for _, err := range errs {
			switch emessage.ErrorCode(err) {
			case "":
				ok++
			case emessage.EInvalidTransition:
				invalid++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || invalid != n-1 {
			t.Fatalf("%d successes and %d invalid transitions, want 1 and %d", ok, invalid, n-1)
		}
		h, _ := s.History(ctx, m.ID)
		closed := 0
		for _, e := range h {
			if e.Status == emessage.StatusActionClosed {
				closed++
			}
		}
		if closed != 1 || len(h) != 2 {
			t.Fatalf("history = %+v, want one action_closed entry", h)
		}
		if a, _ := s.AuditTrail(ctx, "message", m.ID); len(a) != 1 {
			t.Fatalf("%d audit entries, want 1", len(a))
		}
	})
}

func upload(name string) emessage.Upload {
	return emessage.Upload{PublicID: emessage.NewUploadID(t0), Filename: name, ContentType: emessage.TypePDF, Size: 10, StorageName: "st-" + name,
		SHA256: "abc", UploadedAt: t0, AccountID: 1}
}

func TestUploadLimit(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction})
		first := []emessage.Upload{upload("a.pdf"), upload("b.pdf"), upload("c.pdf")}
		err := s.Apply(ctx, &emessage.Change{Uploads: first, UploadsTo: m.ID,
			Status: &emessage.StatusChange{MessageID: m.ID, From: []emessage.Status{emessage.StatusNewAction}, To: emessage.StatusActionCompleted, At: t0,
				By: emessage.Actor{Role: emessage.RoleSSP, ID: 1, Username: "maria"}}})
		if err != nil {
			t.Fatal(err)
		}
		if first[0].ID == 0 || first[2].ID == first[0].ID || first[1].MessageID != m.ID {
			t.Fatalf("upload ids not set: %+v", first)
		}
		err = s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("d.pdf"), upload("e.pdf"), upload("f.pdf")}, UploadsTo: m.ID})
		wantCode(t, err, emessage.ETooManyFiles)
		if emessage.ErrorField(err) != "file" {
			t.Fatalf("field = %q", emessage.ErrorField(err))
		}
		if err := s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("d.pdf"), upload("e.pdf")}, UploadsTo: m.ID}); err != nil {
			t.Fatal(err)
		}
		ups, _ := s.Uploads(ctx, m.ID)
		got, _ := s.Message(ctx, m.ID)
		if len(ups) != 5 || got.UploadCount != 5 || got.Status != emessage.StatusActionCompleted || ups[0].Filename != "a.pdf" {
			t.Fatalf("%d uploads, count %d, status %s", len(ups), got.UploadCount, got.Status)
		}
		h, _ := s.History(ctx, m.ID)
		if len(h) != 2 || h[1].By != "maria" || h[1].ByKind != "ssp" {
			t.Fatalf("history = %+v", h)
		}
	})
}

func TestApplyNotification(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		n := emessage.Notification{MessageID: m.ID, AccountID: m.AccountID, Email: "maria@example.org", Language: "es",
			Status: emessage.NotificationPending, NextAt: t0, CreatedAt: t0, MailID: "<x@test>"}
		ch := &emessage.Change{Notifications: []emessage.Notification{n}}
		if err := s.Apply(ctx, ch); err != nil {
			t.Fatal(err)
		}
		if ch.Notifications[0].ID == 0 {
			t.Fatal("notification id not set")
		}
		err := s.Apply(ctx, &emessage.Change{Notifications: []emessage.Notification{n}})
		wantCode(t, err, emessage.EConflict)
		if pending, failed, err := s.NotificationCounts(ctx); pending != 1 || failed != 0 || err != nil {
			t.Fatalf("counts = %d, %d, %v", pending, failed, err)
		}
	})
}

// TestUploadsWhileOpen: uploads that arrive as a worker closes the action are
// refused with the record locked, on every store.
func TestUploadsWhileOpen(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusActionClosed})
		open := []emessage.Status{emessage.StatusNewAction, emessage.StatusActionCompleted}
		err := s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("late.pdf")}, UploadsTo: m.ID, UploadsWhile: open})
		wantCode(t, err, emessage.EInvalidTransition)
		if ups, _ := s.Uploads(ctx, m.ID); len(ups) != 0 {
			t.Fatalf("a closed action took %d uploads", len(ups))
		}
		n := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction})
		err = s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("ok.pdf")}, UploadsTo: n.ID, UploadsWhile: open})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestMessageDetail reads a record with its thread, history and uploads
// together, as the Detail pages do: the record is the thread's own copy,
// a thread id that is not the record's still finds the record, and an
// unknown record is not found.
func TestMessageDetail(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		first := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, subject: "First"})
		reply := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived, subject: "Reply",
			at: t0.Add(time.Hour), thread: first.ID})
		other := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, subject: "Other"})
		read := &emessage.StatusChange{MessageID: reply.ID, From: []emessage.Status{emessage.StatusReceived}, To: emessage.StatusRead, At: t0.Add(2 * time.Hour), By: jdoe}
		if err := s.Apply(ctx, &emessage.Change{Status: read}); err != nil {
			t.Fatal(err)
		}
		d, err := s.MessageDetail(ctx, reply.ID, reply.ThreadID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := s.Message(ctx, reply.ID)
		if d.Message == nil || !reflect.DeepEqual(d.Message, want) {
			t.Fatalf("record = %+v, want %+v", d.Message, want)
		}
		if len(d.Thread) != 2 || d.Thread[0].ID != first.ID || d.Thread[1] != d.Message {
			t.Fatalf("thread = %+v", d.Thread)
		}
		if len(d.History) != 2 || d.History[1].Status != emessage.StatusRead || len(d.Uploads) != 0 {
			t.Fatalf("history %+v, uploads %+v", d.History, d.Uploads)
		}
		d, err = s.MessageDetail(ctx, other.ID, first.ID)
		if err != nil || d.Message.ID != other.ID || d.Message.Subject != "Other" || len(d.History) != 1 {
			t.Fatalf("a record outside the thread given: %+v, %v", d, err)
		}
		_, err = s.MessageDetail(ctx, "NOPE", "NOPE")
		wantCode(t, err, emessage.ENotFound)
	})
}
