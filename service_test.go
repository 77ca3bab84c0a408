package emessage_test

import (
	"context"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// The service's flows on a real store, on each database (testrig.ForEachDB).

// t0 is where the rigs' clocks start.
var t0 = testrig.T0

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := emessage.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// TestServiceFlow drives the domain service on the real store: import,
// sign-in, send an action, the customer's upload, the worker's review and close.
func TestServiceFlow(t *testing.T) {
	testrig.ForEachDB(t, nil, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		s, svc := r.Store, r.Service
		svc.Now = func() time.Time { // a second passes at each look
			r.Clock.Add(time.Second)
			return r.Clock.Now()
		}
		data := fixture.WithPasswords(fixture.World())
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		_, worker, err := svc.Login(ctx, "jdoe", "pw")
		if err != nil {
			t.Fatal(err)
		}
		token, customer, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		if a, err := svc.Authenticate(ctx, token); err != nil || a.ID != customer.ID {
			t.Fatalf("Authenticate = %+v, %v", a, err)
		}
		action, err := svc.SendMessage(ctx, worker, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please upload."})
		if err != nil {
			t.Fatal(err)
		}
		if pending, _, _ := s.NotificationCounts(ctx); pending != 1 {
			t.Fatalf("%d notifications pending, want 1", pending)
		}
		inbox, err := svc.CustomerMessages(ctx, customer, 10, "")
		if err != nil || len(inbox.Messages) != 1 || inbox.Messages[0].ID != action.ID {
			t.Fatalf("inbox = %+v, %v", inbox, err)
		}
		pdf := testrig.PDF("Paystub")
		if _, _, err := svc.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{{Name: "a.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		home, err := svc.Home(ctx, worker)
		if err != nil || home.ActionCompleted != 1 {
			t.Fatalf("home = %+v, %v", home, err)
		}
		d, err := svc.MessageDetail(ctx, worker, action.ID)
		if err != nil || d.Message.Status != emessage.StatusActionCompleted || len(d.Uploads) != 1 || len(d.History) != 2 {
			t.Fatalf("detail = %+v, %v", d, err)
		}
		closed, err := svc.SetStatus(ctx, worker, action.ID, emessage.StatusActionClosed)
		if err != nil || closed.Status != emessage.StatusActionClosed {
			t.Fatalf("close = %+v, %v", closed, err)
		}
		_, err = svc.SetStatus(ctx, worker, action.ID, emessage.StatusActionClosed)
		wantCode(t, err, emessage.EInvalidTransition)

		question, err := svc.CustomerSend(ctx, customer, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Card", Body: "Where is it?"})
		if err != nil {
			t.Fatal(err)
		}
		answered, err := svc.Reply(ctx, worker, question.ID, "In the mail.")
		if err != nil || answered.Status != emessage.StatusReplied {
			t.Fatalf("reply = %+v, %v", answered, err)
		}
		thread, _ := s.Thread(ctx, question.ThreadID)
		if len(thread) != 2 || thread[1].InReplyTo != question.ID {
			t.Fatalf("thread = %+v", thread)
		}
		page, err := svc.SearchMessages(ctx, worker, emessage.SearchFilter{Limit: 2})
		if err != nil || len(page.Messages) != 2 || page.NextCursor == "" {
			t.Fatalf("search = %+v, %v", page, err)
		}
		next, err := svc.SearchMessages(ctx, worker, emessage.SearchFilter{Limit: 2, Cursor: page.NextCursor})
		if err != nil || len(next.Messages) != 1 || next.NextCursor != "" {
			t.Fatalf("second page = %+v, %v", next, err)
		}
		// Importing the same file again keeps every hash and row.
		before := testrig.RowCounts(t, r.URL)
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		after := testrig.RowCounts(t, r.URL)
		before["audit_log"], after["audit_log"] = 0, 0
		for k, v := range before {
			if after[k] != v {
				t.Errorf("table %s: %d rows before the second import, %d after", k, v, after[k])
			}
		}
	})
}

// TestSessionTimeouts: a sign-in ends after IdleTimeout without activity,
// lives on while used, and ends at its absolute lifetime however used.
func TestSessionTimeouts(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		login := func() string {
			token, _, err := svc.Login(ctx, "jdoe", "pw")
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		idle := login()
		active := login()
		// Used every 20 minutes for 11 hours: still signed in.
		for range 33 {
			r.Clock.Add(20 * time.Minute)
			if _, err := svc.Authenticate(ctx, active); err != nil {
				t.Fatalf("active session ended at %v: %v", r.Clock.Now().Sub(t0), err)
			}
		}
		if _, err := svc.Authenticate(ctx, idle); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("idle session after 11 hours: %v, want unauthorized", err)
		}
		// The absolute end: 12 hours after sign-in, however active.
		r.Clock.Set(t0.Add(12*time.Hour + time.Second))
		if _, err := svc.Authenticate(ctx, active); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("session past its absolute end: %v, want unauthorized", err)
		}
		// Just inside the idle timeout is fine; just past it is not.
		fresh := login()
		r.Clock.Add(svc.IdleTimeout - time.Second)
		if _, err := svc.Authenticate(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		r.Clock.Add(svc.IdleTimeout + time.Second)
		if _, err := svc.Authenticate(ctx, fresh); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("after the idle timeout: %v", err)
		}
	})
}

// TestEmailChangeReauth: changing the email address needs the password,
// except within a few minutes of signing in.
func TestEmailChangeReauth(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		token, _, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		str := func(v string) *string { return &v }
		change := func(email string, password *string) error {
			a, err := svc.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.UpdateCustomerAccount(ctx, a, emessage.AccountSettings{Email: &email, Password: password})
			return err
		}
		r.Clock.Add(time.Minute)
		if err := change("maria.new@example.org", nil); err != nil {
			t.Fatalf("right after sign-in: %v", err)
		}
		r.Clock.Add(emessage.ReauthWindow)
		wantCode(t, change("eve@example.org", nil), emessage.EReauth)
		wantCode(t, change("eve@example.org", str("wrong")), emessage.EReauth)
		if err := change("maria.other@example.org", str("pw")); err != nil {
			t.Fatalf("with the password: %v", err)
		}
		a, _ := svc.Authenticate(ctx, token)
		if acct, err := svc.UpdateCustomerAccount(ctx, a, emessage.AccountSettings{Language: str("en")}); err != nil || acct.Email != "maria.other@example.org" {
			t.Fatalf("other settings need no password: %+v %v", acct, err)
		}
	})
}

// TestDisablingEndsSessions: an import that disables a worker or an account
// ends their sessions at once and refuses their sign-ins.
func TestDisablingEndsSessions(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		worker, _, err := svc.Login(ctx, "jdoe", "pw")
		if err != nil {
			t.Fatal(err)
		}
		customer, _, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		data := fixture.WithPasswords(fixture.World())
		for i := range data.Workers {
			data.Workers[i].Disabled = data.Workers[i].Username == "jdoe"
		}
		for i := range data.Accounts {
			data.Accounts[i].Disabled = data.Accounts[i].Username == "maria"
		}
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		for _, token := range []string{worker, customer} {
			if _, err := svc.Authenticate(ctx, token); emessage.ErrorCode(err) != emessage.EUnauthorized {
				t.Fatalf("a disabled user's session still works: %v", err)
			}
		}
		for _, u := range []string{"jdoe", "maria"} {
			if _, _, err := svc.Login(ctx, u, "pw"); emessage.ErrorCode(err) != emessage.EInvalidCredentials {
				t.Fatalf("a disabled user signs in: %v", err)
			}
		}
	})
}

// TestAnswerRecords: the worker's answer and the customer's answer to it
// are plain e-Messages in the thread, "Re:" once, on the question's case
// and person, each going the other way.
func TestAnswerRecords(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		jdoe, maria := r.MustLogin(t, "jdoe", fixture.Password), r.MustLogin(t, "maria", fixture.Password)
		question, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Card", Body: "Where is it?"})
		if err != nil {
			t.Fatal(err)
		}
		r.Clock.Add(time.Minute) // the thread is in time order
		if _, err := svc.Reply(ctx, jdoe, question.ID, "In the mail."); err != nil {
			t.Fatal(err)
		}
		thread, err := r.Store.Thread(ctx, question.ThreadID)
		if err != nil || len(thread) != 2 {
			t.Fatalf("thread = %+v, %v", thread, err)
		}
		answer := thread[1]
		again, err := svc.CustomerReply(ctx, maria, answer.ID, "Thank you.")
		if err != nil {
			t.Fatal(err)
		}
		type record struct {
			caseNumber, county, personID, personName string
			personKey, accountID, authorID           int64
			typ                                      emessage.Type
			direction                                emessage.Direction
			status                                   emessage.Status
			subject, body, authorKind, author        string
			threadID, inReplyTo                      string
		}
		of := func(m *emessage.Message) record {
			return record{m.CaseNumber, m.County, m.PersonID, m.PersonName, m.PersonKey, m.AccountID, m.AuthorID,
				m.Type, m.Direction, m.Status, m.Subject, m.Body, m.AuthorKind, m.AuthorUsername, m.ThreadID, m.InReplyTo}
		}
		q := of(question)
		tests := []struct {
			name string
			got  record
			want record
		}{
			{"worker's answer", of(answer), record{"B1", "19", "P1", "Maria Lopez", q.personKey, maria.ID, jdoe.ID,
				emessage.TypeMessage, emessage.ToCustomer, emessage.StatusSent, "Re: Card", "In the mail.", "worker", "jdoe",
				question.ThreadID, question.ID}},
			{"customer's answer", of(again), record{"B1", "19", "P1", "Maria Lopez", q.personKey, maria.ID, maria.ID,
				emessage.TypeMessage, emessage.FromCustomer, emessage.StatusReceived, "Re: Card", "Thank you.", "ssp", "maria",
				question.ThreadID, answer.ID}},
		}
		for _, tt := range tests {
			if tt.got != tt.want {
				t.Errorf("%s:\n got %+v\nwant %+v", tt.name, tt.got, tt.want)
			}
		}
	})
}
