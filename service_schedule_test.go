package emessage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestParseSendAt: the API takes RFC 3339 with an offset; the page takes
// a datetime-local in the county's zone.
func TestParseSendAt(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		api, local string
		want       time.Time // zero: now
		ok         bool
	}{
		{"", "", time.Time{}, true},
		{"2026-12-06T09:00:00-08:00", "2026-12-06T09:00", time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC), true},
		{"2026-12-06T17:00:00Z", "2026-12-06T09:00:00", time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC), true},
		{"2026-12-06 09:00", "2026-12-06 9am", time.Time{}, false},
		{"2026-12-06", "12/06/2026", time.Time{}, false},
		{"tomorrow", "tomorrow", time.Time{}, false},
	} {
		api, err := emessage.ParseSendAt(tt.api)
		if tt.ok != (err == nil) || !api.Equal(tt.want) {
			t.Errorf("ParseSendAt(%q) = %v, %v; want %v", tt.api, api, err, tt.want)
		}
		if err != nil && (emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != "send_at") {
			t.Errorf("ParseSendAt(%q): error %v, want invalid send_at", tt.api, err)
		}
		local, err := emessage.ParseLocalSendAt(tt.local, la)
		if tt.ok != (err == nil) || !local.Equal(tt.want) {
			t.Errorf("ParseLocalSendAt(%q) = %v, %v; want %v", tt.local, local, err, tt.want)
		}
	}
}

// TestSendAtRules: a send time must be in the future and at most 90 days
// ahead; an action's default due date counts from its send time.
func TestSendAtRules(t *testing.T) {
	r := testrig.New(t, fixture.World())
	ctx := context.Background()
	worker := r.MustLogin(t, "jdoe", "pw")
	now := r.Clock.Now()
	for _, tt := range []struct {
		name   string
		in     emessage.NewMessage
		field  string // "" when it is taken
		wantDu string // the action's due date, when taken
	}{
		{"past", emessage.NewMessage{SendAt: now.Add(-time.Minute)}, "send_at", ""},
		{"now", emessage.NewMessage{SendAt: now}, "send_at", ""},
		{"a second ahead", emessage.NewMessage{SendAt: now.Add(time.Second)}, "", ""},
		{"90 days ahead", emessage.NewMessage{SendAt: now.Add(emessage.MaxScheduleAhead)}, "", ""},
		{"over 90 days ahead", emessage.NewMessage{SendAt: now.Add(emessage.MaxScheduleAhead + time.Second)}, "send_at", ""},
		{"action, default due date from the send day",
			emessage.NewMessage{Type: emessage.TypeAction, SendAt: now.Add(5 * 24 * time.Hour)}, "", "2026-11-17"},
		{"action, due before the send day",
			emessage.NewMessage{Type: emessage.TypeAction, SendAt: now.Add(5 * 24 * time.Hour), DueDate: "2026-11-06"}, "due_date", ""},
		{"action, due on the send day",
			emessage.NewMessage{Type: emessage.TypeAction, SendAt: now.Add(5 * 24 * time.Hour), DueDate: "2026-11-07"}, "", "2026-11-07"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.CaseNumber, in.PersonID, in.Subject, in.Body = "B1", "P1", "Later", "Sent later."
			if in.Type == "" {
				in.Type = emessage.TypeMessage
			} else {
				in.ActionType = emessage.ActionUploadDocument
			}
			m, err := r.Service.SendMessage(ctx, worker, in)
			if tt.field != "" {
				if emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != tt.field {
					t.Fatalf("error %v, want invalid %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !m.Scheduled || m.SendAt == nil || !m.SendAt.Equal(in.SendAt) {
				t.Fatalf("sent %+v: want scheduled for %v", m, in.SendAt)
			}
			if m.DueDate != tt.wantDu {
				t.Fatalf("due date %q, want %q", m.DueDate, tt.wantDu)
			}
		})
	}
}

// customerPaths tries every way a customer reaches a record and returns
// the error codes met ("" for a path that let them through).
func customerPaths(t *testing.T, r *testrig.Rig, customer emessage.Actor, id string) map[string]string {
	t.Helper()
	ctx := context.Background()
	svc := r.Service
	got := map[string]string{}
	inbox, err := svc.CustomerMessages(ctx, customer, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	got["inbox"] = emessage.ENotFound
	for _, m := range inbox.Messages {
		if m.ID == id {
			got["inbox"] = ""
		}
	}
	_, err = svc.CustomerMessage(ctx, customer, id)
	got["message"] = emessage.ErrorCode(err)
	_, _, err = svc.CustomerDocument(ctx, customer, id, true)
	got["document"] = emessage.ErrorCode(err)
	_, _, err = svc.CustomerUpload(ctx, customer, id, []emessage.UploadFile{{Name: "a.pdf", Data: testrig.PDF("a")}})
	got["upload"] = emessage.ErrorCode(err)
	_, err = svc.CustomerReply(ctx, customer, id, "An answer.")
	got["reply"] = emessage.ErrorCode(err)
	return got
}

// TestScheduledHiddenUntilReleased: a scheduled record reaches no customer
// path and queues no email and no webhook event until its time; then one
// release sends it with exactly one of each, and the customer sees it.
// A cancelled one never reaches the customer.
func TestScheduledHiddenUntilReleased(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc, st := r.Service, r.Store
		svc.Events, svc.Texts = true, true
		worker, customer := r.MustLogin(t, "jdoe", "pw"), r.MustLogin(t, "maria", "pw")
		phone, on := "+12135550142", true
		if _, err := svc.UpdateCustomerAccount(ctx, customer, emessage.AccountSettings{Phone: &phone, SMSNotification: &on}); err != nil {
			t.Fatal(err)
		}
		sendAt := r.Clock.Now().Add(time.Hour)
		send := func(typ emessage.Type, subject string) *emessage.Message {
			t.Helper()
			in := emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: typ, Subject: subject, Body: "Later.", SendAt: sendAt}
			if typ == emessage.TypeAction {
				in.ActionType = emessage.ActionUploadDocument
			}
			m, err := svc.SendMessage(ctx, worker, in)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		msg, action, cancelled := send(emessage.TypeMessage, "Note"), send(emessage.TypeAction, "Stubs"), send(emessage.TypeMessage, "Never")
		if _, err := svc.CancelScheduled(ctx, worker, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		queued := func() (mails, events, texts int) {
			t.Helper()
			n, _, err := st.NotificationCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			w, err := st.WebhookCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			x, _, err := st.TextCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n, w.Pending, x
		}
		for _, id := range []string{msg.ID, action.ID, cancelled.ID} {
			for path, code := range customerPaths(t, r, customer, id) {
				if code != emessage.ENotFound {
					t.Errorf("%s before its time: customer's %s answered %q, want not found", id, path, code)
				}
			}
		}
		if mails, events, texts := queued(); mails != 0 || events != 0 || texts != 0 {
			t.Fatalf("before the send time: %d emails, %d webhook events, %d texts queued", mails, events, texts)
		}
		list, err := svc.SearchMessages(ctx, worker, emessage.SearchFilter{Scope: "county"})
		if err != nil || len(list.Messages) != 3 {
			t.Fatalf("the worker's search lists %d, %v; want the three", len(list.Messages), err)
		}
		if _, err := svc.SetStatus(ctx, worker, action.ID, emessage.StatusActionClosed); emessage.ErrorCode(err) != emessage.EInvalidTransition {
			t.Fatalf("closing a scheduled action: %v, want invalid_transition", err)
		}

		if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 0 {
			t.Fatalf("released %d, %v before the time", n, err)
		}
		r.Clock.Set(sendAt)
		if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 2 {
			t.Fatalf("released %d, %v at the time; want 2", n, err)
		}
		if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 0 {
			t.Fatalf("released %d, %v again", n, err)
		}
		// Two records released at once: two emails and events, one text (a burst folds into one).
		if mails, events, texts := queued(); mails != 2 || events != 2 || texts != 1 {
			t.Fatalf("after the release: %d emails, %d webhook events, %d texts queued; want 2, 2 and 1", mails, events, texts)
		}
		for _, id := range []string{msg.ID, action.ID} {
			got := customerPaths(t, r, customer, id)
			if got["inbox"] != "" || got["message"] != "" {
				t.Errorf("%s after its time: %v", id, got)
			}
		}
		if got := customerPaths(t, r, customer, cancelled.ID); got["inbox"] != emessage.ENotFound || got["message"] != emessage.ENotFound {
			t.Errorf("the cancelled record reached the customer: %v", got)
		}
		d, err := svc.CustomerMessage(ctx, customer, msg.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.History) != 1 || d.History[0].Note != emessage.NoteReleased || !d.Message.CreatedAt.Equal(sendAt) {
			t.Fatalf("the customer's record: created %v, history %+v; want sent at its time", d.Message.CreatedAt, d.History)
		}
		_, err = svc.CancelScheduled(ctx, worker, msg.ID)
		wantCode(t, err, emessage.EInvalidTransition)
	})
}

// scheduleAction has the worker send an upload request on case B1 to
// Maria Lopez (P1), to go out an hour from now.
func scheduleAction(t *testing.T, r *testrig.Rig, worker emessage.Actor) *emessage.Message {
	t.Helper()
	action, err := r.Service.SendMessage(context.Background(), worker, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
		Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Stubs", Body: "Later.",
		SendAt: r.Clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return action
}

// TestCancelScheduled: only a worker with the send right, of the record's
// county, cancels, and only while it waits; an action becomes Action
// Closed, a message stays Sent; history and audit say who.
func TestCancelScheduled(t *testing.T) {
	r := testrig.New(t, fixture.World())
	ctx := context.Background()
	svc := r.Service
	worker := r.MustLogin(t, "jdoe", "pw")
	action := scheduleAction(t, r, worker)
	now, err := svc.SendMessage(ctx, worker, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
		Subject: "Now", Body: "At once."})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CancelScheduled(ctx, r.MustLogin(t, "asmith", "pw"), action.ID)
	wantCode(t, err, emessage.EForbidden)
	_, err = svc.CancelScheduled(ctx, r.MustLogin(t, "bsd", "pw"), action.ID)
	if code := emessage.ErrorCode(err); code != emessage.EForbidden && code != emessage.ENotFound {
		t.Fatalf("another county's worker: %v", err)
	}
	_, err = svc.CancelScheduled(ctx, worker, now.ID)
	wantCode(t, err, emessage.EInvalidTransition)

	m, err := svc.CancelScheduled(ctx, worker, action.ID)
	if err != nil || m.Scheduled || !m.Cancelled || m.Status != emessage.StatusActionClosed {
		t.Fatalf("cancelled: %+v, %v", m, err)
	}
	_, err = svc.CancelScheduled(ctx, worker, action.ID)
	wantCode(t, err, emessage.EInvalidTransition)
	d, err := svc.MessageDetail(ctx, worker, action.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := d.History[len(d.History)-1]
	if last.Note != emessage.NoteCancelled || last.ByName != "Jane Doe" || last.Status != emessage.StatusActionClosed {
		t.Fatalf("history %+v", d.History)
	}
	trail, err := r.Store.MessageAudit(ctx, action.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range trail {
		found = found || e.Action == "message.cancel" && e.Detail == "Cancelled before sending by Jane Doe (jdoe)"
	}
	if !found {
		t.Fatalf("audit %+v: no cancel", trail)
	}
	r.Clock.Add(2 * time.Hour)
	if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 0 {
		t.Fatalf("released %d, %v: a cancelled record went out", n, err)
	}
	if pending, _, _ := r.Store.NotificationCounts(ctx); pending != 1 {
		t.Fatalf("%d emails queued; want the immediate message's only", pending)
	}
}

// TestScheduledUndeliverable: a record scheduled on a case discontinued
// before its time, or for a person unlinked from their portal account
// since, does not go out: at its time it is cancelled as its author would
// have, with an audit entry that says why, and announces nothing.
func TestScheduledUndeliverable(t *testing.T) {
	for _, tc := range []struct {
		name, why string
		change    emessage.ImportCase
	}{
		{"discontinued", "case B1 was discontinued", emessage.ImportCase{Number: "B1", County: "19", Status: emessage.CaseDiscontinued,
			Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}, {Code: "MC", Worker: "asmith"}},
			Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}, {ID: "P2", Name: "Luis Lopez"}}}},
		{"unlinked", "Maria Lopez is no longer linked", emessage.ImportCase{Number: "B1", County: "19", Status: emessage.CaseActive,
			Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}, {Code: "MC", Worker: "asmith"}},
			Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez"}, {ID: "P2", Name: "Luis Lopez"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testrig.New(t, fixture.World())
			ctx := context.Background()
			svc := r.Service
			worker := r.MustLogin(t, "jdoe", "pw")
			action := scheduleAction(t, r, worker)
			r.MustImport(t, &emessage.ImportData{Cases: []emessage.ImportCase{tc.change}})
			r.Clock.Add(2 * time.Hour)
			if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 0 {
				t.Fatalf("released %d, %v", n, err)
			}
			m, err := r.Store.Message(ctx, action.ID)
			if err != nil || m.Scheduled || !m.Cancelled || m.Status != emessage.StatusActionClosed {
				t.Fatalf("at its time: %+v, %v; want cancelled and closed", m, err)
			}
			if pending, _, _ := r.Store.NotificationCounts(ctx); pending != 0 {
				t.Fatalf("%d emails queued for a record that did not go out", pending)
			}
			trail, err := r.Store.MessageAudit(ctx, action.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range trail {
				found = found || e.Action == "message.cancel" && e.ActorKind == "operator" && strings.Contains(e.Detail, tc.why)
			}
			if !found {
				t.Fatalf("audit %+v: no cancel saying %q", trail, tc.why)
			}
			if n, err := svc.ReleaseDue(ctx, 10); err != nil || n != 0 {
				t.Fatalf("a second look released %d, %v", n, err)
			}
		})
	}
}
